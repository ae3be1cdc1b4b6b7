import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/platform/clock/index.js';
import { startTestApp, type TestApp } from '../support/app.js';

const DAY = 86_400_000;
const clock = fixedClock(new Date());
let app: TestApp;
let officer: Record<string, string>;
let inspector: Record<string, string>;
let providerId: string;
let tenEnterprises: string[];

beforeAll(async () => {
  app = await startTestApp({ demo: true, clock });
  officer = await app.signIn('officer');
  inspector = await app.signIn('inspector');
  providerId = (await app.http.inject({ url: '/api/v1/organisations/mine', headers: inspector })).json().items[0].id;
  const page = (await app.http.inject({ url: '/api/v1/enterprises?trade=workshop&limit=10', headers: officer })).json();
  tenEnterprises = page.items.map((i: { id: string }) => i.id);
});
afterAll(async () => app?.close());

/** Moves time on; sessions older than their lifetime end, so both sign in again. */
async function advance(ms: number) {
  clock.advance(ms);
  officer = await app.signIn('officer');
  inspector = await app.signIn('inspector');
}

const create = (body: Record<string, unknown>, auth = officer) =>
  app.http.inject({ method: 'POST', url: '/api/v1/entrustments', headers: auth, payload: body });
const listAs = async (auth: Record<string, string>) =>
  (await app.http.inject({ url: '/api/v1/enterprises?limit=100', headers: auth })).json() as { items: { id: string }[]; total: number };
const valid = (over: Record<string, unknown> = {}) => ({
  title: '2026年度安全生产风险排查服务',
  providerId,
  services: ['risk_examination', 'hazard_investigation'],
  target: { kind: 'enterprises', enterpriseIds: tenEnterprises },
  validFrom: new Date(clock.now().getTime() - 1000).toISOString(),
  validUntil: new Date(clock.now().getTime() + 30 * DAY).toISOString(),
  contractValue: '128000.00',
  deliverables: ['风险排查报告', '隐患清单'],
  ...over,
});

describe('entrusting a provider over ten enterprises', () => {
  let id: string;
  let code: string;

  it('the officer entrusts; the inspector then lists exactly those ten', async () => {
    expect((await listAs(inspector)).total).toBe(0);
    const res = await create(valid());
    expect(res.statusCode).toBe(201);
    const e = res.json();
    id = e.id;
    code = e.code;
    expect(e).toMatchObject({ status: 'in_force', target: { kind: 'enterprises', enterpriseCount: 10 }, contractValue: '128000.00' });
    expect(e.abilities).toEqual({ suspend: true, resume: false, end: true });
    expect(e.enterprises.map((x: { id: string }) => x.id).sort()).toEqual([...tenEnterprises].sort());
    const seen = await listAs(inspector);
    expect(seen.total).toBe(10);
    expect(seen.items.map((i) => i.id).sort()).toEqual([...tenEnterprises].sort());
  });

  it('the inspector sees the entrustment but may not change it', async () => {
    const res = await app.http.inject({ url: `/api/v1/entrustments/${id}`, headers: inspector });
    expect(res.statusCode).toBe(200);
    expect(res.json().abilities).toEqual({ suspend: false, resume: false, end: false });
    const refused = await app.http.inject({
      method: 'POST',
      url: `/api/v1/entrustments/${id}/suspend`,
      headers: inspector,
      payload: { reason: 'x' },
    });
    expect(refused.statusCode).toBe(403);
  });

  it('a suspended entrustment grants nothing; resumed, it grants again', async () => {
    const s = await app.http.inject({
      method: 'POST',
      url: `/api/v1/entrustments/${id}/suspend`,
      headers: officer,
      payload: { reason: '服务质量整改' },
    });
    expect(s.statusCode).toBe(200);
    expect(s.json()).toMatchObject({
      status: 'suspended',
      statusReason: '服务质量整改',
      abilities: { suspend: false, resume: true, end: true },
    });
    expect((await listAs(inspector)).total).toBe(0);
    const again = await app.http.inject({
      method: 'POST',
      url: `/api/v1/entrustments/${id}/suspend`,
      headers: officer,
      payload: { reason: 'twice' },
    });
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('entrustment.transition_not_allowed');
    const r = await app.http.inject({ method: 'POST', url: `/api/v1/entrustments/${id}/resume`, headers: officer, payload: {} });
    expect(r.json().status).toBe('in_force');
    expect((await listAs(inspector)).total).toBe(10);
  });

  it('anyone can verify it by its code, and check whether an enterprise is covered', async () => {
    const covered = (await app.http.inject({ url: `/api/v1/entrustments/${id}`, headers: officer })).json().enterprises[0]
      .creditCode as string;
    const res = await app.http.inject({ url: `/api/v1/entrustments/verify/${code.toLowerCase()}?creditCode=${covered}` });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      code,
      status: 'in_force',
      enterpriseCount: 10,
      covers: true,
      provider: { name: expect.any(String) },
    });
    expect((await app.http.inject({ url: '/api/v1/entrustments/verify/ZZZZZZZZZZ' })).statusCode).toBe(404);
  });

  it('each change is in the audit trail with before and after', async () => {
    const history = (await app.http.inject({ url: `/api/v1/audit/history?targetType=entrustment&targetId=${id}`, headers: officer })).json()
      .items;
    expect(history.map((h: { action: string }) => h.action)).toEqual([
      'entrustment.entrustment.resume',
      'entrustment.entrustment.suspend',
      'entrustment.entrustment.create',
    ]);
    expect(history[1]).toMatchObject({ before: { status: 'active' }, after: { status: 'suspended', statusReason: '服务质量整改' } });
  });

  it('after the end date the inspector sees none, with no job having run', async () => {
    await advance(30 * DAY + 1000);
    expect((await listAs(inspector)).total).toBe(0);
    const e = (await app.http.inject({ url: `/api/v1/entrustments/${id}`, headers: officer })).json();
    expect(e.status).toBe('expired');
    expect(e.abilities).toEqual({ suspend: false, resume: false, end: true });
    const listed = (await app.http.inject({ url: '/api/v1/entrustments?status=expired', headers: officer })).json();
    expect(listed.items.map((x: { id: string }) => x.id)).toContain(id);
  });
});

describe('the limits of an entrustment', () => {
  it('an entrustment that has not begun grants nothing yet', async () => {
    const res = await create(
      valid({
        validFrom: new Date(clock.now().getTime() + DAY).toISOString(),
        validUntil: new Date(clock.now().getTime() + 10 * DAY).toISOString(),
      }),
    );
    expect(res.json().status).toBe('upcoming');
    expect((await listAs(inspector)).total).toBe(0);
    await advance(DAY);
    expect((await listAs(inspector)).total).toBe(10);
    await app.http.inject({
      method: 'POST',
      url: `/api/v1/entrustments/${res.json().id}/end`,
      headers: officer,
      payload: { reason: '合同解除' },
    });
    expect((await listAs(inspector)).total).toBe(0);
  });

  it('an area entrustment reaches every enterprise below the area', async () => {
    const areas = (await app.http.inject({ url: '/api/v1/areas/geojson', headers: officer })).json().features as {
      properties: { id: string; level: string };
    }[];
    const community = areas.find((f) => f.properties.level === 'community')?.properties.id as string;
    const res = await create(valid({ target: { kind: 'area', areaId: community }, services: ['training'] }));
    expect(res.statusCode).toBe(201);
    const n = res.json().target.enterpriseCount;
    expect(n).toBeGreaterThan(50);
    expect((await listAs(inspector)).total).toBe(n);
    await app.http.inject({
      method: 'POST',
      url: `/api/v1/entrustments/${res.json().id}/end`,
      headers: officer,
      payload: { reason: '测试结束' },
    });
  });

  it('refuses a provider that is not one, enterprises outside the officer’s area, and a bad period, naming the fields', async () => {
    const other = (
      await sql<{ id: string }>`select id from directory.organisation where kind = 'regulator' limit 1`.execute(app.database.db)
    ).rows[0]?.id;
    const before = (await sql<{ n: number }>`select count(*)::int as n from entrustment.entrustment`.execute(app.database.db)).rows[0]?.n;
    const res = await create(
      valid({
        providerId: other,
        target: { kind: 'enterprises', enterpriseIds: [other] },
        validUntil: new Date(clock.now().getTime() - DAY).toISOString(),
      }),
    );
    expect(res.statusCode).toBe(422);
    const fields = (res.json().errors as { field: string }[]).map((e) => e.field).sort();
    expect(fields).toEqual(['providerId', 'target.enterpriseIds', 'validUntil', 'validUntil']);
    expect((await sql<{ n: number }>`select count(*)::int as n from entrustment.entrustment`.execute(app.database.db)).rows[0]?.n).toBe(
      before,
    );
  });

  it('refuses malformed money and unknown services with 400', async () => {
    const res = await create(valid({ contractValue: '12,000', services: ['catering'] }));
    expect(res.statusCode).toBe(400);
    const fields = (res.json().errors as { field: string }[]).map((e) => e.field);
    expect(fields).toContain('contractValue');
    expect(fields).toContain('services.0');
  });

  it('only regulators may entrust, and only their own entrustments are listed', async () => {
    expect((await create(valid(), inspector)).statusCode).toBe(403);
    const principal = await app.signIn('principal');
    expect((await app.http.inject({ url: '/api/v1/entrustments', headers: principal })).statusCode).toBe(403);
  });

  it('an enterprise sees who is entrusted to inspect it', async () => {
    const principal = await app.signIn('principal');
    const mine = (await app.http.inject({ url: '/api/v1/organisations/mine', headers: principal })).json().items[0].id as string;
    const res = await create(valid({ target: { kind: 'enterprises', enterpriseIds: [mine] }, validFrom: clock.now().toISOString() }));
    expect(res.statusCode).toBe(201);
    const covering = (await app.http.inject({ url: '/api/v1/entrustments/covering-me', headers: principal })).json().items as {
      id: string;
    }[];
    expect(covering.map((c) => c.id)).toContain(res.json().id);
  });
});

describe('the published mandate', () => {
  it('is public and lists every role with its authority, and every permission', async () => {
    const res = await app.http.inject({ url: '/api/v1/mandate' });
    expect(res.statusCode).toBe(200);
    const m = res.json();
    expect(m.roles).toHaveLength(9);
    for (const r of m.roles) expect(r.authority['zh-CN'].length).toBeGreaterThan(0);
    const list = m.permissions.find((p: { name: string }) => p.name === 'directory.enterprise.list');
    expect(list).toMatchObject({ viaEntrustment: true, public: false });
    expect(m.permissions.find((p: { name: string }) => p.name === 'entrustment.entrustment.read').viaEntrustment).toBe(false);
  });
});
