import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/platform/clock/index.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { type Auth, hazardClient, myOrganisation, PDF, PNG, TEXT } from './hazards.support.js';

const DAY = 86_400_000;
const clock = fixedClock(new Date());
let app: TestApp;
let api: ReturnType<typeof hazardClient>;
let officer: Auth;
let head: Auth;
let principal: Auth;
let safety: Auth;
let gridworker: Auth;
let volunteer: Auth;
let enterprise: { id: string; name: string };

beforeAll(async () => {
  app = await startTestApp({ demo: true, clock });
  api = hazardClient(app);
  officer = await app.signIn('officer');
  head = await app.signIn('head');
  principal = await app.signIn('principal');
  safety = await app.signIn('safety');
  gridworker = await app.signIn('gridworker');
  volunteer = await app.signIn('volunteer');
  enterprise = await myOrganisation(app, principal);
});
afterAll(async () => app?.close());

const inDays = (n: number) => new Date(clock.now().getTime() + n * DAY).toISOString();
const report = (auth: Auth, over: Record<string, unknown> = {}) =>
  api.post(auth, '/api/v1/hazards', {
    enterpriseId: enterprise.id,
    title: '配电箱门未关闭，线路裸露',
    description: '二号车间东侧配电箱',
    ...over,
  });
const afterPhoto = async (auth: Auth, id: string) => {
  const res = await api.upload(auth, id, 'after', { name: '整改后.png', type: 'image/png', bytes: PNG() });
  expect(res.statusCode).toBe(201);
  return res.json().id as string;
};
const auditActions = async (id: string) =>
  ((await api.get(officer, `/api/v1/audit/history?targetType=hazard&targetId=${id}&limit=200`)).json().items as { action: string }[]).map(
    (e) => e.action,
  );

describe('a general hazard from self-check to closing', () => {
  let id: string;

  it('the safety manager reports a self-check hazard: it is registered at once, with its source and history', async () => {
    const res = await report(safety);
    expect(res.statusCode).toBe(201);
    const h = res.json();
    id = h.id;
    expect(h).toMatchObject({ status: 'registered', source: 'self_check', grade: null, enterprise: { id: enterprise.id } });
    expect(h.code).toMatch(/^YH-\d{4}-\d{6}$/);
    expect(h.events.map((e: { kind: string }) => e.kind)).toEqual(['discover', 'register']);
    expect(h.abilities).toMatchObject({ assess: true, submit: false, accept: false, close: false });
  });

  it('bad input is refused with a problem naming the field, and changes nothing', async () => {
    const before = (await api.get(officer, `/api/v1/hazards?enterpriseId=${enterprise.id}&limit=1`)).json().total;
    const missing = await api.post(safety, '/api/v1/hazards', { enterpriseId: enterprise.id });
    expect(missing.statusCode).toBe(400);
    expect(missing.headers['content-type']).toContain('application/problem+json');
    expect(missing.json().errors.map((e: { field: string }) => e.field)).toContain('title');
    const notEnterprise = await report(safety, { enterpriseId: (await myOrganisation(app, officer)).id });
    expect(notEnterprise.statusCode).toBe(422);
    expect(notEnterprise.json().errors[0].field).toBe('enterpriseId');
    const wrongSource = await report(safety, { source: 'enforcement' });
    expect(wrongSource.statusCode).toBe(422);
    expect(wrongSource.json().errors[0].field).toBe('source');
    expect((await api.get(officer, `/api/v1/hazards?enterpriseId=${enterprise.id}&limit=1`)).json().total).toBe(before);
  });

  it('a rectification order cannot skip assessment', async () => {
    const res = await api.step(safety, id, 'rectification-order', {
      measures: 'x',
      responsiblePerson: { name: '王工' },
      deadline: inDays(10),
    });
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('hazards.transition_not_allowed');
  });

  it('graded general, it gets a rectification order with measures, a responsible person and a deadline', async () => {
    expect((await api.step(safety, id, 'assess', { grade: 'general', note: '可立即整改但需采购配件' })).json().status).toBe('assessed');
    const past = await api.step(safety, id, 'rectification-order', {
      measures: '更换门锁',
      responsiblePerson: { name: '王工' },
      deadline: inDays(-1),
    });
    expect(past.statusCode).toBe(422);
    expect(past.json().errors.map((e: { field: string }) => e.field)).toEqual(['deadline']);
    const res = await api.step(safety, id, 'rectification-order', {
      measures: '更换配电箱门锁，线路穿管',
      responsiblePerson: { name: '王建国' },
      deadline: inDays(10),
      funding: { amount: '800.00', source: '企业自筹' },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      status: 'treating',
      overdue: false,
      rectification: { order: { measures: '更换配电箱门锁，线路穿管', responsiblePerson: { name: '王建国' } } },
    });
  });

  it('submitting needs evidence of the rectification', async () => {
    const res = await api.step(safety, id, 'submit', { note: '已更换' });
    expect(res.statusCode).toBe(422);
    expect(res.json().code).toBe('hazards.requirements_unmet');
    expect(res.json().errors.map((e: { field: string }) => e.field)).toEqual(['evidenceIds']);
  });

  it('the safety manager submits with an after photo; the principal’s acceptance is refused when it fails, back to treatment', async () => {
    const photo = await afterPhoto(safety, id);
    const submitted = await api.step(safety, id, 'submit', { note: '已更换门锁并穿管', evidenceIds: [photo] });
    expect(submitted.statusCode).toBe(200);
    expect(submitted.json().status).toBe('awaiting_acceptance');
    expect(submitted.json().evidence.find((e: { id: string }) => e.id === photo).eventId).toBeTruthy();
    const rejected = await api.step(principal, id, 'reject', { reason: '线路仍有裸露段' });
    expect(rejected.statusCode).toBe(200);
    expect(rejected.json()).toMatchObject({ status: 'treating' });
    expect(rejected.json().events.at(-1)).toMatchObject({
      kind: 'reject',
      from: 'awaiting_acceptance',
      to: 'treating',
      note: '线路仍有裸露段',
    });
  });

  it('whoever rectified cannot accept it: the rectifier’s acceptance is refused, another person’s is taken', async () => {
    const photo = await afterPhoto(safety, id);
    expect((await api.step(safety, id, 'submit', { note: '裸露段已全部穿管', evidenceIds: [photo] })).statusCode).toBe(200);
    const view = (await api.get(safety, `/api/v1/hazards/${id}`)).json();
    expect(view.abilities.accept).toBe(false);
    // The safety manager holds no acceptance permission; the principal does, so make the principal the rectifier next time.
    const own = await api.step(safety, id, 'accept', {});
    expect(own.statusCode).toBe(403);
    const accepted = await api.step(principal, id, 'accept', { note: '复查合格' });
    expect(accepted.statusCode).toBe(200);
    expect(accepted.json()).toMatchObject({ status: 'accepted', rectification: { acceptanceBasis: 'inspection', onTime: true } });
    const closed = await api.step(principal, id, 'close', {});
    expect(closed.json().status).toBe('closed');
    expect(closed.json().abilities.reopen).toBe(false);
  });

  it('every step is in the audit trail', async () => {
    expect(await auditActions(id)).toEqual(
      expect.arrayContaining([
        'hazards.hazard.report',
        'hazards.hazard.assess',
        'hazards.hazard.start_treatment',
        'hazards.evidence.attach',
        'hazards.hazard.submit',
        'hazards.hazard.reject',
        'hazards.hazard.accept',
        'hazards.hazard.close',
      ]),
    );
  });

  it('the officer reopens a closed hazard with a new deadline', async () => {
    expect((await api.step(officer, id, 'reopen', { reason: '回访发现复发' })).statusCode).toBe(422);
    const res = await api.step(officer, id, 'reopen', { reason: '回访发现复发', deadline: inDays(5) });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ status: 'treating', rectification: { acceptedAt: null, submittedAt: null } });
  });
});

describe('separation of duties, shown by the API', () => {
  it('the principal rectifies and submits, then may not accept; the officer may', async () => {
    const id = (await report(principal, { title: '消防通道堆放杂物' })).json().id;
    await api.step(principal, id, 'assess', { grade: 'general' });
    await api.step(principal, id, 'rectification-order', {
      measures: '清理杂物',
      responsiblePerson: { name: '张三' },
      deadline: inDays(3),
    });
    const photo = await afterPhoto(principal, id);
    await api.step(principal, id, 'submit', { note: '已清理', evidenceIds: [photo] });
    const refused = await api.step(principal, id, 'accept', { note: '自己验收' });
    expect(refused.statusCode).toBe(403);
    expect(refused.json().code).toBe('hazards.separation_of_duties');
    expect((await api.step(principal, id, 'reject', { reason: 'x' })).json().code).toBe('hazards.separation_of_duties');
    expect((await api.get(principal, `/api/v1/hazards/${id}`)).json().abilities).toMatchObject({ accept: false, reject: false });
    expect((await api.get(officer, `/api/v1/hazards/${id}`)).json().abilities).toMatchObject({ accept: true, reject: true });
    expect((await api.step(officer, id, 'accept', {})).json().status).toBe('accepted');
  });
});

describe('a major hazard', () => {
  let id: string;
  let streetOffice: { id: string; name: string };

  beforeAll(async () => {
    streetOffice = await myOrganisation(app, officer);
  });

  it('the officer finds it in an enforcement check; graded major only with the criterion clause', async () => {
    const res = await report(officer, { title: '承租单位未签订安全生产管理协议', proposedGrade: 'major' });
    expect(res.json()).toMatchObject({ status: 'registered', source: 'enforcement', proposedGrade: 'major' });
    id = res.json().id;
    const noClause = await api.step(officer, id, 'assess', { grade: 'major' });
    expect(noClause.statusCode).toBe(422);
    expect(noClause.json().errors[0].field).toBe('criterion');
  });

  it('assessed major, it is reported to the supervising department at once and listed for supervision', async () => {
    const res = await api.step(officer, id, 'assess', {
      grade: 'major',
      criterion: { library: 'gongmao-2023', version: '2023-05-15', clause: '第三条第（一）项' },
      majorReport: {
        currentState: '厂房出租给三家单位，均未签协议',
        cause: '管理缺失',
        harmAnalysis: '火灾风险高',
        treatmentApproach: '补签协议并统一检查',
      },
    });
    expect(res.statusCode).toBe(200);
    const h = res.json();
    expect(h).toMatchObject({ status: 'assessed', grade: 'major', supervised: true });
    expect(h.major.report).toMatchObject({ reportedTo: { id: streetOffice.id }, reportedAt: clock.now().toISOString() });
    expect(h.major.supervision).toMatchObject({ regulator: { id: streetOffice.id } });
    expect(h.notices).toEqual([
      expect.objectContaining({ kind: 'major_report', tier: 1, to: expect.objectContaining({ id: streetOffice.id }) }),
    ]);
    const inbox = (await api.get(head, '/api/v1/notifications?unread=true')).json();
    expect(
      inbox.items.some((n: { kind: string; subject: { id: string } }) => n.kind === 'hazard.major_reported' && n.subject.id === id),
    ).toBe(true);
  });

  it('treatment cannot start until the five implementations and the six-element plan are filled in', async () => {
    const res = await api.step(principal, id, 'start-treatment', {});
    expect(res.statusCode).toBe(422);
    const fields = res.json().errors.map((e: { field: string }) => e.field);
    expect(fields).toEqual(
      expect.arrayContaining([
        'fiveImplementations.measures',
        'fiveImplementations.responsibility',
        'fiveImplementations.funding',
        'fiveImplementations.deadline',
        'fiveImplementations.contingencyPlan',
        'treatmentPlan.goalsAndTasks',
        'treatmentPlan.safetyMeasuresAndContingency',
      ]),
    );
    expect((await api.get(principal, `/api/v1/hazards/${id}`)).json().blockers.startTreatment.length).toBe(fields.length);
  });

  it('the principal fills in the plan with the contingency plan document, and starts treatment', async () => {
    const plan = await api.upload(principal, id, 'contingency_plan', { name: '专项应急预案.pdf', type: 'application/pdf', bytes: PDF() });
    expect(plan.statusCode).toBe(201);
    const wrong = await api.put(principal, `/api/v1/hazards/${id}/major-plan`, {
      fiveImplementations: { contingencyPlan: { evidenceId: '00000000-0000-4000-8000-000000000000', title: 'x' } },
    });
    expect(wrong.statusCode).toBe(422);
    const saved = await api.put(principal, `/api/v1/hazards/${id}/major-plan`, {
      fiveImplementations: {
        measures: '与三家承租单位补签安全生产管理协议，建立统一检查制度',
        responsibility: { organisation: enterprise.name, personName: '李总' },
        funding: { amount: '50000.00', source: '企业安全生产费用' },
        deadline: inDays(30),
        contingencyPlan: { evidenceId: plan.json().id, title: '出租厂房火灾专项应急预案' },
      },
      treatmentPlan: { goalsAndTasks: '30日内完成协议补签和首次联合检查', methodsAndMeasures: '补签协议、联合检查' },
    });
    expect(saved.statusCode).toBe(200);
    expect(saved.json().blockers.startTreatment).toHaveLength(4);
    await api.put(principal, `/api/v1/hazards/${id}/major-plan`, {
      treatmentPlan: {
        fundsAndMaterials: '安全生产费用5万元',
        organisationAndPeople: '安全科牵头',
        timeLimitAndRequirements: '30日',
        safetyMeasuresAndContingency: '整改期间加强巡查，执行专项预案',
      },
    });
    const started = await api.step(principal, id, 'start-treatment', {});
    expect(started.statusCode).toBe(200);
    expect(started.json()).toMatchObject({ status: 'treating', deadline: expect.any(String) });
  });

  it('a stop order; resumption cannot be applied for before the rectification is done', async () => {
    const stop = await api.step(officer, id, 'stop-order', {
      kind: 'partial',
      reason: '出租厂房停止使用',
      documentNumber: '安澜应急责改〔2026〕1号',
    });
    expect(stop.json()).toMatchObject({ productionStatus: 'stopped', production: { kind: 'partial', reviewDueAt: null } });
    const early = await api.step(principal, id, 'resumption-application', { note: '申请复产' });
    expect(early.statusCode).toBe(409);
  });

  it('the enterprise submits; the principal may not accept a major hazard, only a regulator', async () => {
    const photo = await afterPhoto(safety, id);
    await api.step(safety, id, 'submit', { note: '协议已补签，联合检查已完成', evidenceIds: [photo] });
    const byPrincipal = await api.step(principal, id, 'accept', {});
    expect(byPrincipal.statusCode).toBe(403);
    expect(byPrincipal.json().permission).toBe('hazards.acceptance.major');
    expect((await api.get(principal, `/api/v1/hazards/${id}`)).json().abilities.accept).toBe(false);
  });

  it('accepted by the regulator on an expert assessment it confirms; the document is required', async () => {
    const noDoc = await api.step(officer, id, 'accept', { basis: 'assessment' });
    expect(noDoc.statusCode).toBe(422);
    expect(noDoc.json().errors[0].field).toBe('assessmentEvidenceId');
    const doc = (await api.upload(principal, id, 'assessment', { name: '专家评估意见.pdf', type: 'application/pdf', bytes: PDF() })).json();
    const res = await api.step(officer, id, 'accept', { basis: 'assessment', assessmentEvidenceId: doc.id, note: '专家评估意见确认' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ status: 'accepted', rectification: { acceptanceBasis: 'assessment' } });
  });

  it('production resumes only after the regulator’s review of the application', async () => {
    const applied = await api.step(principal, id, 'resumption-application', { note: '整改已验收，申请恢复使用' });
    expect(applied.statusCode).toBe(200);
    const p = applied.json().production;
    expect(p.status).toBe('resumption_applied');
    expect(Date.parse(p.reviewDueAt) - Date.parse(p.appliedAt)).toBe(10 * DAY);
    expect((await api.step(principal, id, 'resumption-review', { approve: true, note: '自己批' })).statusCode).toBe(403);
    const refused = await api.step(head, id, 'resumption-review', { approve: false, note: '现场核查：消防设施未恢复' });
    expect(refused.json().productionStatus).toBe('stopped');
    await api.step(principal, id, 'resumption-application', { note: '消防设施已恢复' });
    const approved = await api.step(head, id, 'resumption-review', { approve: true, note: '现场核查合格' });
    expect(approved.json()).toMatchObject({ productionStatus: 'resumed', production: { decision: 'approved' } });
    expect((await api.step(officer, id, 'close', {})).json().status).toBe('closed');
  });
});

describe('reports from patrols, and dismissal', () => {
  it('a grid worker’s patrol report waits, discovered, until the officer registers it; the volunteer sees only their own', async () => {
    const gw = await report(gridworker, { title: '店门口堆放液化气钢瓶' });
    expect(gw.statusCode).toBe(201);
    expect(gw.json()).toMatchObject({ status: 'discovered', source: 'patrol' });
    const id = gw.json().id;
    const inbox = (await api.get(officer, '/api/v1/notifications')).json();
    expect(inbox.items.some((n: { kind: string; subject: { id: string } }) => n.kind === 'hazard.reported' && n.subject.id === id)).toBe(
      true,
    );
    expect((await api.step(officer, id, 'register', { note: '已核实' })).json().status).toBe('registered');

    const v = await report(volunteer, { title: '仓库门口电动车充电' });
    expect(v.json()).toMatchObject({ status: 'discovered', source: 'patrol' });
    const board = (await api.get(volunteer, '/api/v1/hazards?limit=100')).json();
    expect(board.items.map((i: { id: string }) => i.id)).toEqual([v.json().id]);
    expect((await api.get(volunteer, `/api/v1/hazards/${id}`)).statusCode).toBe(404);
    const dismissed = await api.step(officer, v.json().id, 'dismiss', { reason: '核实为临时停放，已劝离' });
    expect(dismissed.json().status).toBe('dismissed');
    expect((await api.step(officer, v.json().id, 'reopen', { reason: '再次发现' })).json().status).toBe('registered');
  });
});

describe('evidence', () => {
  let id: string;
  beforeAll(async () => {
    id = (await report(safety, { title: '叉车未年检' })).json().id;
  });

  it('a photo is stored with its content hash and downloadable by those who may read the hazard', async () => {
    const bytes = PNG();
    const res = await api.upload(safety, id, 'before', { name: '叉车.png', type: 'image/png', bytes }, '铭牌照片');
    expect(res.statusCode).toBe(201);
    const e = res.json();
    expect(e).toMatchObject({ kind: 'before', mediaType: 'image/png', size: bytes.length, note: '铭牌照片', eventId: null });
    expect(e.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
    const dl = await api.get(officer, e.url);
    expect(dl.statusCode).toBe(200);
    expect(dl.headers['content-type']).toBe('image/png');
    expect(Buffer.compare(dl.rawPayload, bytes)).toBe(0);
    expect((await api.get(volunteer, e.url)).statusCode).toBe(404);
  });

  it('a file that is not a photo or PDF is refused, naming the field; a missing kind too', async () => {
    const res = await api.upload(safety, id, 'before', { name: 'x.png', type: 'image/png', bytes: TEXT() });
    expect(res.statusCode).toBe(415);
    expect(res.json().errors[0].field).toBe('file');
    const noKind = await api.upload(safety, id, 'selfie', { name: 'x.png', type: 'image/png', bytes: PNG() });
    expect(noKind.statusCode).toBe(400);
    expect(noKind.json().errors[0].field).toBe('kind');
  });

  it('evidence of another hazard cannot be bound to a step', async () => {
    const other = (await report(safety, { title: '另一个隐患' })).json().id;
    await api.step(safety, other, 'assess', { grade: 'general' });
    const foreign = (await api.upload(safety, id, 'after', { name: 'a.png', type: 'image/png', bytes: PNG() })).json().id;
    const res = await api.step(safety, other, 'fix-on-spot', { note: '当场整改', evidenceIds: [foreign] });
    expect(res.statusCode).toBe(422);
    expect(res.json().errors[0].field).toBe('evidenceIds');
    const own = await afterPhoto(safety, other);
    const fixed = await api.step(safety, other, 'fix-on-spot', { note: '当场整改', evidenceIds: [own] });
    expect(fixed.json()).toMatchObject({ status: 'closed', fixedOnSpot: true, grade: 'general' });
  });
});

describe('referral to the department that can enforce it', () => {
  it('the street office refers a hazard to the market office, which acknowledges it and records the outcome', async () => {
    const id = (await report(officer, { title: '无证经营液化气' })).json().id;
    const { id: marketOffice } = await app.database.db
      .selectFrom('directory.organisation')
      .select('id')
      .where('kind', '=', 'regulator')
      .where('department', '=', 'market')
      .executeTakeFirstOrThrow();
    const grant = await app.database.db
      .selectFrom('access.grant')
      .select('person_id')
      .where('organisation_id', '=', marketOffice)
      .where('role', '=', 'regulator_officer')
      .executeTakeFirstOrThrow();
    await app.modules.access.createAccounts([{ personId: grant.person_id, username: 'market-officer', password: 'gongzhi-demo' }]);
    const market = await app.signIn('market-officer');

    const bad = await api.post(officer, `/api/v1/hazards/${id}/referrals`, { toOrganisationId: enterprise.id, reason: 'x' });
    expect(bad.statusCode).toBe(422);
    const res = await api.post(officer, `/api/v1/hazards/${id}/referrals`, {
      toOrganisationId: marketOffice,
      reason: '涉嫌无证经营，请依法查处',
    });
    expect(res.statusCode).toBe(201);
    const referral = res.json();
    expect(referral).toMatchObject({
      status: 'pending',
      to: { id: marketOffice, department: 'market' },
      abilities: { acknowledge: false },
    });

    const incoming = (await api.get(market, '/api/v1/hazard-referrals?direction=incoming')).json().items;
    expect(incoming).toEqual([expect.objectContaining({ id: referral.id, abilities: { acknowledge: true, recordOutcome: true } })]);
    expect((await api.post(officer, `/api/v1/hazard-referrals/${referral.id}/acknowledge`, {})).statusCode).toBe(404);
    const ack = await api.post(market, `/api/v1/hazard-referrals/${referral.id}/acknowledge`, { note: '已签收' });
    expect(ack.json()).toMatchObject({ status: 'acknowledged', acknowledgedBy: { id: grant.person_id } });
    const done = await api.post(market, `/api/v1/hazard-referrals/${referral.id}/outcome`, {
      result: 'penalised',
      note: '已立案，罚款2万元',
    });
    expect(done.json()).toMatchObject({ status: 'completed', result: 'penalised' });
    const h = (await api.get(officer, `/api/v1/hazards/${id}`)).json();
    expect(h.referrals[0]).toMatchObject({ status: 'completed', outcomeNote: '已立案，罚款2万元' });
    expect(h.events.map((e: { kind: string }) => e.kind)).toEqual(
      expect.arrayContaining(['refer', 'referral_acknowledge', 'referral_outcome']),
    );
    const outgoing = (await api.get(officer, '/api/v1/hazard-referrals?direction=outgoing&status=completed')).json().items;
    expect(outgoing.map((r: { id: string }) => r.id)).toContain(referral.id);
  });
});

describe('notifications', () => {
  it('are listed per person and organisation, and marked read one by one or all at once', async () => {
    const list = (await api.get(officer, '/api/v1/notifications')).json();
    expect(list.unread).toBeGreaterThan(0);
    const first = list.items[0];
    expect((await api.post(officer, `/api/v1/notifications/${first.id}/read`)).statusCode).toBe(204);
    const after = (await api.get(officer, '/api/v1/notifications')).json();
    expect(after.unread).toBe(list.unread - 1);
    expect(after.items.find((n: { id: string }) => n.id === first.id).readAt).toBeTruthy();
    expect((await api.post(volunteer, `/api/v1/notifications/${first.id}/read`)).statusCode).toBe(404);
    expect((await api.post(officer, '/api/v1/notifications/read-all')).json().marked).toBe(after.unread);
    expect((await api.get(officer, '/api/v1/notifications?unread=true')).json().items).toEqual([]);
  });

  it('e-mail and SMS go through the outbox and record when they were sent', async () => {
    await app.modules.notifications.dispatch();
    const rows = await app.database.db.selectFrom('notifications.outbox').select(['status', 'sent_at', 'adapter', 'channel']).execute();
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) expect(r).toMatchObject({ status: 'sent', sent_at: expect.any(Date), adapter: `log-${r.channel}` });
  });
});
