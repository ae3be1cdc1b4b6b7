import type { TestApp } from './app.js';

const DAY = 86_400_000;

/**
 * The demo's consultancy entrusted by the officer, for a risk examination and
 * hazard investigation of the demo principal's enterprise, for thirty days from
 * `now`. Browser tests of inspection work start from here.
 */
export async function entrustConsultancyOverPrincipalEnterprise(
  app: TestApp,
  options: { title: string; now: Date },
): Promise<{ enterprise: { id: string; name: string } }> {
  const officer = await app.signIn('officer');
  const inspector = await app.signIn('inspector');
  const principal = await app.signIn('principal');
  const providerId = (
    (await app.http.inject({ url: '/api/v1/organisations/mine', headers: inspector })).json() as { items: { id: string; kind: string }[] }
  ).items.find((o) => o.kind === 'provider')?.id;
  const enterprise = (
    (await app.http.inject({ url: '/api/v1/organisations/mine', headers: principal })).json() as {
      items: { id: string; name: string; kind: string }[];
    }
  ).items.find((o) => o.kind === 'enterprise');
  if (!providerId || !enterprise) throw new Error('the demo lacks the consultancy or the principal’s enterprise');

  const entrusted = await app.http.inject({
    method: 'POST',
    url: '/api/v1/entrustments',
    headers: officer,
    payload: {
      title: options.title,
      providerId,
      services: ['risk_examination', 'hazard_investigation'],
      target: { kind: 'enterprises', enterpriseIds: [enterprise.id] },
      validFrom: new Date(options.now.getTime() - 1000).toISOString(),
      validUntil: new Date(options.now.getTime() + 30 * DAY).toISOString(),
      contractValue: '50000.00',
      deliverables: ['风险体检报告'],
    },
  });
  if (entrusted.statusCode !== 201) throw new Error(`entrusting failed: ${entrusted.body}`);
  return { enterprise: { id: enterprise.id, name: enterprise.name } };
}
