import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cstDate, endOfDayCst, occurrences } from '../../src/modules/inspections/inspections.rules.js';
import { fixedClock } from '../../src/platform/clock/index.js';
import { startTestApp, type TestApp } from '../support/app.js';

const DAY = 86_400_000;
const clock = fixedClock(new Date());
/** This quarter and the next ten months, in China Standard Time (the demo's grants start now, so the dates follow the clock). */
const today = cstDate(clock.now());
const [year, month] = today.split('-').map(Number) as [number, number];
const iso = (y: number, m: number, d: number) => new Date(Date.UTC(y, m, d)).toISOString().slice(0, 10);
const quarterStart = iso(year, Math.floor((month - 1) / 3) * 3, 1);
const quarterEnd = iso(year, Math.floor((month - 1) / 3) * 3 + 3, 0);
const monthStart = iso(year, month - 1, 1);
const tenMonthsEnd = iso(year, month + 9, 0);
let app: TestApp;
type Auth = Record<string, string>;
const who: Record<string, Auth> = {};
let enterpriseId: string;
let providerId: string;
let general: string;

const A = (u: string) => who[u] as Auth;
const get = (url: string, auth: Auth) => app.http.inject({ url, headers: auth });
const post = (url: string, auth: Auth, payload: unknown = {}) =>
  app.http.inject({ method: 'POST', url, headers: auth, payload: payload as object });

beforeAll(async () => {
  app = await startTestApp({ demo: true, clock });
  for (const u of ['officer', 'head', 'inspector', 'provider', 'principal', 'volunteer']) who[u] = await app.signIn(u);
  enterpriseId = (await get('/api/v1/organisations/mine', A('principal'))).json().items[0].id;
  providerId = (await get('/api/v1/organisations/mine', A('provider'))).json().items[0].id;
  const library = (await get('/api/v1/checklists?scope=library', A('officer'))).json().items as { id: string; key: string }[];
  general = library.find((c) => c.key === 'general-self-check')?.id as string;
});
afterAll(async () => app?.close());

const quarterPlan = (over: Record<string, unknown> = {}) => ({
  title: '本季度危化品使用单位执法检查',
  kind: 'enforcement',
  mode: 'on_site',
  checklistId: general,
  targets: { kind: 'criteria', usesHazardousChemicals: true },
  periodStart: quarterStart,
  periodEnd: quarterEnd,
  ...over,
});

describe('a plan: every hazardous-chemicals user in the street this quarter', () => {
  let planId: string;
  let users: number;

  it('previews how many enterprises and inspections it would make', async () => {
    const all = (await get('/api/v1/enterprises?limit=100&trade=hazardous_chemicals', A('officer'))).json();
    expect(all.total).toBeGreaterThan(0);
    const res = await post('/api/v1/inspection-plans/preview', A('officer'), quarterPlan());
    expect(res.statusCode).toBe(200);
    users = res.json().enterprises;
    expect(users).toBeGreaterThan(0);
    expect(res.json()).toMatchObject({ occurrences: 1, inspections: users });
  });

  it('makes one inspection per enterprise, due at the end of the quarter in China Standard Time', async () => {
    const res = await post('/api/v1/inspection-plans', A('officer'), quarterPlan());
    expect(res.statusCode).toBe(201);
    planId = res.json().id;
    expect(res.json()).toMatchObject({ status: 'active', progress: { total: users, planned: users }, abilities: { cancel: true } });
    const page = (await get(`/api/v1/inspections?planId=${planId}&limit=100`, A('officer'))).json();
    expect(page.total).toBe(users);
    expect(new Set(page.items.map((i: { dueAt: string }) => i.dueAt))).toEqual(new Set([endOfDayCst(quarterEnd).toISOString()]));
    expect(page.items.every((i: { kind: string; inspectors: unknown[] }) => i.kind === 'enforcement' && i.inspectors.length === 0)).toBe(
      true,
    );
  });

  it('becomes overdue after the due date, counted in the plan’s progress', async () => {
    const past = endOfDayCst(quarterEnd).getTime() + DAY - clock.now().getTime();
    clock.advance(past);
    for (const u of ['officer', 'head', 'principal']) who[u] = await app.signIn(u);
    const plan = (await get(`/api/v1/inspection-plans/${planId}`, A('officer'))).json();
    expect(plan.progress.overdue).toBe(users);
    const overdue = (await get(`/api/v1/inspections?planId=${planId}&overdue=true`, A('officer'))).json();
    expect(overdue.total).toBe(users);
    clock.advance(-past);
    for (const u of ['officer', 'head', 'principal']) who[u] = await app.signIn(u);
  });

  it('a plan over enterprises outside the planner’s mandate is refused', async () => {
    const res = await post('/api/v1/inspection-plans', A('provider'), quarterPlan({ kind: 'third_party' }));
    expect(res.statusCode).toBe(422);
    expect(res.json().code).toBe('inspections.plan_invalid');
    expect((await post('/api/v1/inspection-plans', A('volunteer'), quarterPlan())).statusCode).toBe(403);
  });

  it('assigns inspectors only within their mandate', async () => {
    const volunteerId = (await get('/api/v1/session', A('volunteer'))).json().person.id as string;
    const res = await post('/api/v1/inspection-plans', A('officer'), quarterPlan({ inspectorIds: [volunteerId] }));
    expect(res.statusCode).toBe(422);
    expect(res.json()).toMatchObject({ code: 'inspections.assignee_outside_mandate', errors: [{ field: 'inspectorIds.0' }] });
  });

  it('cancelling the plan cancels its inspections not yet started', async () => {
    const page = (await get(`/api/v1/inspections?planId=${planId}&limit=1`, A('officer'))).json();
    const started = page.items[0].id as string;
    const officerId = (await get('/api/v1/session', A('officer'))).json().person.id as string;
    await app.http.inject({
      method: 'PUT',
      url: `/api/v1/inspections/${started}/inspectors`,
      headers: A('officer'),
      payload: { inspectorIds: [officerId] },
    });
    expect((await post(`/api/v1/inspections/${started}/start`, A('officer'), {})).statusCode).toBe(200);
    const res = await post(`/api/v1/inspection-plans/${planId}/cancel`, A('officer'), { reason: '上级统一部署调整' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ status: 'cancelled', progress: { cancelled: users - 1, inProgress: 1 } });
  });
});

describe('recurring self-checks', () => {
  it('an enterprise plans a monthly self-check for the next ten months', async () => {
    const res = await post('/api/v1/inspection-plans', A('principal'), {
      title: '月度安全自查',
      kind: 'self_check',
      mode: 'on_site',
      checklistId: general,
      targets: { kind: 'enterprises', enterpriseIds: [enterpriseId] },
      periodStart: monthStart,
      periodEnd: tenMonthsEnd,
      recurrence: 'monthly',
    });
    expect(res.statusCode).toBe(201);
    expect(res.json().progress.total).toBe(10);
    const page = (await get(`/api/v1/inspections?planId=${res.json().id}&limit=100`, A('principal'))).json();
    const due = page.items.map((i: { dueAt: string }) => i.dueAt).sort();
    const periods = occurrences(monthStart, tenMonthsEnd, 'monthly');
    expect(due).toEqual(periods.map((p) => endOfDayCst(p.to).toISOString()));
    expect(page.items[0].abilities.start).toBe(true);
  });

  it('but not for an enterprise that is not its own', async () => {
    const other = (await get('/api/v1/enterprises?trade=workshop&limit=1', A('officer'))).json().items[0].id;
    const res = await post('/api/v1/inspection-plans', A('principal'), {
      title: '越权',
      kind: 'self_check',
      mode: 'on_site',
      checklistId: general,
      targets: { kind: 'enterprises', enterpriseIds: [other] },
      periodStart: monthStart,
      periodEnd: tenMonthsEnd,
    });
    expect(res.statusCode).toBe(422);
  });
});

describe('a service package for one enterprise', () => {
  let packageId: string;

  it('the provider sets up questionnaire, phone, on-site visit and expert review under its entrustment', async () => {
    const e = await post('/api/v1/entrustments', A('officer'), {
      title: '安全服务包',
      providerId,
      services: ['risk_examination'],
      target: { kind: 'enterprises', enterpriseIds: [enterpriseId] },
      validFrom: new Date(clock.now().getTime() - 1000).toISOString(),
      validUntil: new Date(clock.now().getTime() + 60 * DAY).toISOString(),
      contractValue: '8000.00',
    });
    expect(e.statusCode).toBe(201);
    who.provider = await app.signIn('provider');
    const res = await post('/api/v1/service-packages', A('provider'), {
      title: '安全服务包（张三化工）',
      enterpriseId,
      checklistId: general,
    });
    expect(res.statusCode).toBe(201);
    packageId = res.json().id;
    expect(res.json()).toMatchObject({
      kind: 'third_party',
      entrustmentId: e.json().id,
      status: 'open',
      abilities: { recordExpertReview: false },
    });
    expect(res.json().steps.map((s: { step: string; status: string }) => [s.step, s.status])).toEqual([
      ['questionnaire', 'pending'],
      ['phone', 'pending'],
      ['on_site', 'pending'],
      ['expert_review', 'pending'],
    ]);
    expect(res.json().steps[0].inspection).toMatchObject({ mode: 'questionnaire', packageStep: 'questionnaire' });
  });

  it('the expert review waits until the other steps are finished', async () => {
    const early = await post(`/api/v1/service-packages/${packageId}/expert-review`, A('provider'), {
      expertName: '刘专家',
      conclusion: '总体可控',
    });
    expect(early.statusCode).toBe(409);
    expect(early.json().code).toBe('inspections.package_step_not_ready');
  });

  it('steps are tracked together as their inspections move', async () => {
    const pkg = (await get(`/api/v1/service-packages/${packageId}`, A('provider'))).json();
    const phone = pkg.steps.find((s: { step: string }) => s.step === 'phone').inspectionId as string;
    const questionnaire = pkg.steps.find((s: { step: string }) => s.step === 'questionnaire').inspectionId as string;
    const onSite = pkg.steps.find((s: { step: string }) => s.step === 'on_site').inspectionId as string;
    await post(`/api/v1/inspections/${questionnaire}/cancel`, A('provider'), { reason: '企业已电话确认' });
    expect((await post(`/api/v1/inspections/${phone}/start`, A('provider'), {})).statusCode).toBe(200);
    await app.http.inject({
      method: 'PUT',
      url: `/api/v1/inspections/${phone}/answers`,
      headers: A('provider'),
      payload: {
        answers: ['responsibility_system', 'training', 'hazard_ledger', 'emergency_plan', 'exits_clear', 'warning_signs', 'ppe']
          .map((itemKey) => ({ itemKey, verdict: 'compliant' }))
          .concat([{ itemKey: 'months_since_drill', number: 2 } as never, { itemKey: 'extinguishers', choice: 'ok' } as never]),
      },
    });
    expect((await post(`/api/v1/inspections/${phone}/complete`, A('provider'), {})).statusCode).toBe(200);
    await post(`/api/v1/inspections/${onSite}/cancel`, A('provider'), { reason: '电话回访无问题，免于现场' });
    const now = (await get(`/api/v1/service-packages/${packageId}`, A('provider'))).json();
    expect(now.steps.map((s: { status: string }) => s.status)).toEqual(['cancelled', 'done', 'cancelled', 'pending']);
    expect(now.abilities.recordExpertReview).toBe(true);
  });

  it('the expert review closes the package; the enterprise sees it', async () => {
    const res = await post(`/api/v1/service-packages/${packageId}/expert-review`, A('provider'), {
      expertName: '刘专家',
      conclusion: '安全管理基本到位，建议加强应急演练。',
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ status: 'completed', abilities: { recordExpertReview: false, cancel: false } });
    expect(res.json().steps[3]).toMatchObject({ status: 'done', expertReview: { expertName: '刘专家' } });
    const seen = (await get('/api/v1/service-packages', A('principal'))).json().items.map((p: { id: string }) => p.id);
    expect(seen).toContain(packageId);
  });
});
