import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/platform/clock/index.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { type Auth, hazardClient, myOrganisation } from './hazards.support.js';

const DAY = 86_400_000;
const YUAN = 100;
const clock = fixedClock(new Date());
let app: TestApp;
let api: ReturnType<typeof hazardClient>;
let officer: Auth;
let head: Auth;
let principal: Auth;
let enterprise: { id: string; lng: number; lat: number };

const near = (north: number) => ({ lng: enterprise.lng, lat: enterprise.lat + north / 111_195 });
const file = async (description: string, north: number) => {
  const res = await app.http.inject({
    method: 'POST',
    url: '/api/v1/public/reports',
    headers: { 'x-device-id': randomBytes(12).toString('hex') },
    payload: { serviceCode: 'fire_exit', description, location: near(north) },
  });
  expect(res.statusCode).toBe(201);
  const { code, token } = res.json() as { code: string; token: string };
  const inbox = (await api.get(officer, '/api/v1/reports?limit=200')).json().items as { id: string; code: string }[];
  const id = inbox.find((r) => r.code === code)?.id as string;
  expect(id).toBeTruthy();
  return { id, code, token };
};
const triage = async (id: string, body: Record<string, unknown>) => {
  const res = await api.post(officer, `/api/v1/reports/${id}/triage`, body);
  expect(res.statusCode, JSON.stringify(res.json())).toBe(200);
  return res.json();
};
/** A report verified and turned into a major hazard. */
const intoHazard = async (id: string) => {
  await triage(id, { action: 'verify' });
  return (await triage(id, { action: 'create_hazard', enterpriseId: enterprise.id, major: true })).hazardId as string;
};
const propose = (auth: Auth, body: Record<string, unknown>) => api.post(auth, '/api/v1/rewards/cases', body);
const act = (auth: Auth, id: string, body: Record<string, unknown>) => api.post(auth, `/api/v1/rewards/cases/${id}/actions`, body);
const reward = async (token: string) => {
  const res = await app.http.inject({ url: `/api/v1/public/rewards/${token}` });
  expect(res.statusCode).toBe(200);
  return res.json();
};
const caseCount = async () =>
  Number((await sql<{ n: string }>`select count(*) as n from rewards.reward_case`.execute(app.database.db)).rows[0]?.n);
const auditCount = async () =>
  Number((await sql<{ n: string }>`select count(*) as n from audit.entry`.execute(app.database.db)).rows[0]?.n);

beforeAll(async () => {
  app = await startTestApp({ demo: true, clock });
  api = hazardClient(app);
  officer = await app.signIn('officer');
  head = await app.signIn('head');
  principal = await app.signIn('principal');
  enterprise = (await myOrganisation(app, principal)) as unknown as typeof enterprise;
});
afterAll(async () => app?.close());

describe('a reward for the first valid reporter of a major hazard', () => {
  let first: { id: string; code: string; token: string };
  let duplicate: { id: string; code: string; token: string };
  let caseId: string;
  const decidedAt = () => new Date(clock.now().getTime() - 3 * DAY).toISOString();

  it('publishes the 2018 rule as version 1', async () => {
    const rules = (await api.get(officer, '/api/v1/rewards/rules')).json();
    expect(rules.items).toHaveLength(1);
    expect(rules.items[0]).toMatchObject({
      version: 1,
      rateBasisPoints: 1500,
      min: { fen: 3_000 * YUAN, text: '¥3,000.00' },
      max: { fen: 300_000 * YUAN, text: '¥300,000.00' },
      majorOnly: true,
      inForce: true,
    });
    expect(rules.items[0].citation['zh-CN']).toContain('安监总财〔2018〕19号');
    expect(rules.abilities.publish).toBe(false);
    expect((await api.get(principal, '/api/v1/rewards/rules')).statusCode).toBe(403);
  });

  it('refuses a report that is not a hazard, and bad input naming the field, changing nothing', async () => {
    first = await file('安全出口被锁，举报奖励测试', 900);
    const cases = await caseCount();
    const entries = await auditCount();
    const early = await propose(officer, {
      reportId: first.id,
      decisionNumber: '安应急罚〔2026〕1号',
      decidedAt: decidedAt(),
      fineFen: 100,
      majorHazard: true,
    });
    expect(early.statusCode).toBe(409);
    expect(early.json().code).toBe('rewards.report_not_eligible');

    const hazardId = await intoHazard(first.id);
    expect(hazardId).toBeTruthy();
    duplicate = await file('同一个安全出口被锁（重复举报）', 901);
    await triage(duplicate.id, { action: 'duplicate', duplicateOf: first.code });
    // After the triage (which audits), the baseline for "nothing changed" by refused filings.
    const afterTriage = await auditCount();
    expect(afterTriage).toBeGreaterThan(entries);

    const good = {
      reportId: first.id,
      decisionNumber: '安应急罚〔2026〕12号',
      decidedAt: decidedAt(),
      fineFen: 100_000 * YUAN,
      majorHazard: true,
    };
    for (const [field, over] of [
      ['fineFen', { fineFen: -1 }],
      ['fineFen', { fineFen: 1.5 }],
      ['fineFen', { fineFen: '100' }],
      ['decisionNumber', { decisionNumber: '' }],
      ['decidedAt', { decidedAt: 'yesterday' }],
      ['reportId', { reportId: 'not-a-uuid' }],
    ] as const) {
      const res = await propose(officer, { ...good, ...over });
      expect(res.statusCode, field).toBe(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.json().errors.map((e: { field: string }) => e.field)).toContain(field);
    }
    for (const [field, over] of [
      ['fineFen', { fineFen: 0 }],
      ['majorHazard', { majorHazard: false }],
      ['decidedAt', { decidedAt: new Date(clock.now().getTime() + DAY).toISOString() }],
      ['decidedAt', { decidedAt: '2017-06-01T00:00:00+08:00' }],
    ] as const) {
      const res = await propose(officer, { ...good, ...over });
      expect(res.statusCode, field).toBe(422);
      expect(res.json().errors.map((e: { field: string }) => e.field)).toEqual([field]);
    }
    const dup = await propose(officer, { ...good, reportId: duplicate.id });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().errors[0].field).toBe('reportId');
    expect((await propose(principal, good)).statusCode).toBe(403);
    expect(await caseCount()).toBe(cases);
    expect(await auditCount()).toBe(afterTriage);
  });

  it('records the penalty decision and proposes 15% of the fine for the first reporter', async () => {
    const res = await propose(officer, {
      reportId: first.id,
      decisionNumber: '安应急罚〔2026〕12号',
      decidedAt: decidedAt(),
      fineFen: 100_000 * YUAN,
      majorHazard: true,
      note: '锁闭安全出口',
    });
    expect(res.statusCode, res.body).toBe(201);
    const c = res.json();
    caseId = c.id;
    expect(c).toMatchObject({
      code: expect.stringMatching(/^JL-\d{4}-\d{6}$/),
      status: 'proposed',
      fine: { fen: 100_000 * YUAN, text: '¥100,000.00' },
      computed: { fen: 15_000 * YUAN, text: '¥15,000.00' },
      reward: { fen: 15_000 * YUAN },
      basis: 'rate',
      rule: { version: 1 },
      approved: null,
      payment: null,
      report: { id: first.id, code: first.code, named: false },
      abilities: { approve: false, reject: false, pay: false },
    });
    expect(c.areaName['zh-CN']).toBeTruthy();
    // The head may approve it; the officer who proposed it may not.
    expect((await api.get(head, `/api/v1/rewards/cases/${caseId}`)).json().abilities).toEqual({ approve: true, reject: true, pay: false });
    // One live case per hazard: a second filing on the same hazard is refused.
    const again = await propose(officer, {
      reportId: first.id,
      decisionNumber: 'X',
      decidedAt: decidedAt(),
      fineFen: 1,
      majorHazard: true,
    });
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('rewards.case_exists');
  });

  it('tells the reporter by token that a reward is under review, and the duplicate that an earlier report is rewarded', async () => {
    expect(await reward(first.token)).toMatchObject({ state: 'under_review', amount: null, howToClaim: null });
    const dup = await reward(duplicate.token);
    expect(dup).toMatchObject({ state: 'earlier_report', amount: null });
    expect(dup.text.en).toContain('first reporter');
    expect((await app.http.inject({ url: '/api/v1/public/rewards/no-such-token-here' })).statusCode).toBe(404);
  });

  it('is approved by a head, not by an officer; paid by someone other than the approver, at the approved amount', async () => {
    expect((await act(officer, caseId, { action: 'approve' })).statusCode).toBe(403);
    const approved = await act(head, caseId, { action: 'approve', note: '符合奖励条件' });
    expect(approved.statusCode, approved.body).toBe(200);
    expect(approved.json()).toMatchObject({ status: 'approved', approved: { fen: 15_000 * YUAN }, reviewNote: '符合奖励条件' });
    expect(approved.json().reviewedBy.name).toBeTruthy();
    expect((await act(head, caseId, { action: 'approve' })).statusCode).toBe(409);
    const byApprover = await act(head, caseId, {
      action: 'pay',
      paidAt: clock.now().toISOString(),
      method: 'cash',
      amountFen: 15_000 * YUAN,
    });
    expect(byApprover.statusCode).toBe(403);
    expect(byApprover.json().code).toBe('rewards.reviewer_cannot_pay');

    const approvedView = await reward(first.token);
    expect(approvedView).toMatchObject({ state: 'approved', amount: { fen: 15_000 * YUAN, text: '¥15,000.00' } });
    expect(approvedView.howToClaim['zh-CN']).toContain('跟踪码');

    const wrong = await act(officer, caseId, {
      action: 'pay',
      paidAt: clock.now().toISOString(),
      method: 'bank_transfer',
      amountFen: 14_999 * YUAN,
    });
    expect(wrong.statusCode).toBe(422);
    expect(wrong.json().errors.map((e: { field: string }) => e.field)).toEqual(['amountFen']);
    expect(
      (await act(officer, caseId, { action: 'pay', paidAt: clock.now().toISOString(), method: 'cheque', amountFen: 1 })).statusCode,
    ).toBe(400);
    expect((await api.get(officer, `/api/v1/rewards/cases/${caseId}`)).json().status).toBe('approved');

    const paid = await act(officer, caseId, {
      action: 'pay',
      paidAt: clock.now().toISOString(),
      method: 'bank_transfer',
      reference: 'ZZ-2026-0001',
      amountFen: 15_000 * YUAN,
    });
    expect(paid.statusCode, paid.body).toBe(200);
    expect(paid.json()).toMatchObject({
      status: 'paid',
      payment: { method: 'bank_transfer', reference: 'ZZ-2026-0001', amount: { fen: 15_000 * YUAN, text: '¥15,000.00' } },
      abilities: { approve: false, reject: false, pay: false },
    });
    expect((await reward(first.token)).state).toBe('paid');
  });

  it('keeps every step in the audit trail, without the reporter', async () => {
    const history = (await api.get(head, `/api/v1/audit/history?targetType=reward_case&targetId=${caseId}`)).json().items as {
      action: string;
    }[];
    expect(history.map((h) => h.action)).toEqual(
      expect.arrayContaining(['rewards.case.propose', 'rewards.case.approve', 'rewards.case.pay']),
    );
    expect((await api.get(principal, `/api/v1/audit/history?targetType=reward_case&targetId=${caseId}`)).json().items ?? []).toEqual([]);
  });
});

describe('a new rule version, separation of duties, and the earliest duplicate', () => {
  let caseId: string;
  let earlier: { id: string; token: string };
  let triaged: { id: string; code: string; token: string };

  it('is published by a head as a new version; an officer may not; a bad one names its field', async () => {
    const today = new Date(clock.now().getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
    const body = {
      effectiveFrom: today,
      rateBasisPoints: 2000,
      minFen: 500 * YUAN,
      maxFen: 1_000 * YUAN,
      majorOnly: true,
      citation: { 'zh-CN': '测试用地方奖励规则', en: 'A local rule for the test' },
    };
    expect((await api.post(officer, '/api/v1/rewards/rules', body)).statusCode).toBe(403);
    const bad = await api.post(head, '/api/v1/rewards/rules', { ...body, minFen: 2_000 * YUAN });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().errors.map((e: { field: string }) => e.field)).toEqual(['maxFen']);
    const published = await api.post(head, '/api/v1/rewards/rules', body);
    expect(published.statusCode, published.body).toBe(201);
    expect(published.json().items.map((r: { version: number; inForce: boolean }) => [r.version, r.inForce])).toEqual([
      [2, true],
      [1, false],
    ]);
    await expect(sql`update rewards.rule set rate_bp = 1 where version = 1`.execute(app.database.db)).rejects.toThrow(/append-only/);
  });

  it('rewards the earliest received report of the hazard even when a later one was turned into it', async () => {
    const e = await file('楼梯间安全出口堵塞（先举报）', 950);
    earlier = { id: e.id, token: e.token };
    clock.advance(60_000);
    triaged = await file('楼梯间安全出口堵塞（后举报）', 951);
    await intoHazard(triaged.id);
    await triage(earlier.id, { action: 'duplicate', duplicateOf: triaged.code });
    const res = await propose(head, {
      reportId: triaged.id,
      decisionNumber: '安应急罚〔2026〕13号',
      decidedAt: clock.now().toISOString(),
      fineFen: 10_000 * YUAN,
      majorHazard: true,
    });
    expect(res.statusCode, res.body).toBe(201);
    caseId = res.json().id;
    // Version 2 is in force on the decision date: 20% of ¥10,000 is ¥2,000, capped at ¥1,000.
    expect(res.json()).toMatchObject({
      rule: { version: 2 },
      computed: { fen: 1_000 * YUAN },
      basis: 'maximum',
      report: { id: earlier.id },
    });
    expect((await reward(earlier.token)).state).toBe('under_review');
    expect((await reward(triaged.token)).state).toBe('earlier_report');
  });

  it('does not let the proposer approve or reject it', async () => {
    const self = await act(head, caseId, { action: 'approve' });
    expect(self.statusCode).toBe(403);
    expect(self.json().code).toBe('rewards.proposer_cannot_review');
    expect((await act(head, caseId, { action: 'reject', note: '自批' })).statusCode).toBe(403);
    expect((await act(head, caseId, { action: 'reject' })).statusCode).toBe(400);
    expect((await api.get(head, `/api/v1/rewards/cases/${caseId}`)).json()).toMatchObject({
      status: 'proposed',
      abilities: { approve: false },
    });
  });

  it('lists cases by status', async () => {
    const proposed = (await api.get(officer, '/api/v1/rewards/cases?status=proposed')).json();
    expect(proposed.items.map((c: { id: string }) => c.id)).toEqual([caseId]);
    const all = (await api.get(officer, '/api/v1/rewards/cases?status=proposed&status=paid')).json();
    expect(all.total).toBe(2);
    expect((await api.get(principal, '/api/v1/rewards/cases')).statusCode).toBe(403);
  });
});

describe('a rejected reward', () => {
  it('tells the reporter no reward is granted, and leaves the hazard open to a corrected filing', async () => {
    const r = await file('配电间安全出口上锁（不予奖励测试）', 980);
    await intoHazard(r.id);
    const body = {
      reportId: r.id,
      decisionNumber: '安应急罚〔2026〕14号',
      decidedAt: clock.now().toISOString(),
      fineFen: 50_000 * YUAN,
      majorHazard: true,
    };
    const proposed = await propose(officer, body);
    expect(proposed.statusCode, proposed.body).toBe(201);
    const rejected = await act(head, proposed.json().id, { action: 'reject', note: '处罚决定已被撤销' });
    expect(rejected.statusCode, rejected.body).toBe(200);
    expect(rejected.json()).toMatchObject({
      status: 'rejected',
      approved: null,
      reviewNote: '处罚决定已被撤销',
      abilities: { pay: false },
    });
    expect(
      (await act(officer, proposed.json().id, { action: 'pay', paidAt: clock.now().toISOString(), method: 'cash', amountFen: 1 }))
        .statusCode,
    ).toBe(409);
    const view = await reward(r.token);
    expect(view).toMatchObject({ state: 'not_granted', amount: null, howToClaim: null });
    expect(view.text['zh-CN']).toContain('不予奖励');
    const again = await propose(officer, { ...body, decisionNumber: '安应急罚〔2026〕15号' });
    expect(again.statusCode, again.body).toBe(201);
    expect((await reward(r.token)).state).toBe('under_review');
  });
});

describe('disclosure', () => {
  it('sums cases, approved and paid amounts per year and area, naming no report, case or person', async () => {
    const year = Number(new Date(clock.now().getTime() + 8 * 3_600_000).toISOString().slice(0, 4));
    const res = await app.http.inject({ url: `/api/v1/public/rewards/summary?year=${year}` });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.rule).toMatchObject({ version: 2 });
    expect(body.years).toHaveLength(1);
    // The rejected case is not counted; the one proposed after it is (three live cases, one paid).
    expect(body.years[0]).toMatchObject({
      year,
      cases: 3,
      approved: { fen: 15_000 * YUAN, text: '¥15,000.00' },
      paid: { fen: 15_000 * YUAN, text: '¥15,000.00' },
    });
    expect(body.years[0].areas[0].areaName['zh-CN']).toBeTruthy();
    const text = JSON.stringify(body);
    expect(text).not.toMatch(/JB-|JL-|安应急罚/);
    expect((await app.http.inject({ url: `/api/v1/public/rewards/summary?year=${year - 1}` })).json().years).toEqual([]);
    expect((await app.http.inject({ url: '/api/v1/public/rewards/summary?year=abc' })).statusCode).toBe(400);
  });
});
