import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/platform/clock/index.js';
import { AppError } from '../../src/platform/http/index.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { type Auth, hazardClient, myOrganisation, PNG } from './hazards.support.js';

const clock = fixedClock(new Date());
let app: TestApp;
let api: ReturnType<typeof hazardClient>;
let officer: Auth;
let principal: Auth;
let gridworker: Auth;
let enterprise: { id: string; name: string };
let s0: { id: string } | undefined;

beforeAll(async () => {
  app = await startTestApp({ demo: true, clock });
  api = hazardClient(app);
  officer = await app.signIn('officer');
  principal = await app.signIn('principal');
  gridworker = await app.signIn('gridworker');
  enterprise = await myOrganisation(app, principal);
  s0 = await myOrganisation(app, officer);
});
afterAll(async () => app?.close());

type Item = {
  id: string;
  status: string;
  discoveredAt: string;
  deadline: string | null;
  overdue: boolean;
  area: { id: string };
  enterprise: { id: string };
};
const board = async (auth: Auth, query: string) => {
  const res = await api.get(auth, `/api/v1/hazards?${query}`);
  expect(res.statusCode).toBe(200);
  return res.json() as { items: Item[]; nextCursor: string | null; total: number | null };
};
const stats = async (auth: Auth, query = '') => (await api.get(auth, `/api/v1/hazards/statistics${query}`)).json();

describe('the hazard board', () => {
  it('lists the officer’s whole street newest first, in keyset pages that neither overlap nor skip', async () => {
    const first = await board(officer, 'limit=20');
    expect(first.items).toHaveLength(20);
    expect(first.total).toBeGreaterThan(10_000);
    const second = await board(officer, `limit=20&cursor=${first.nextCursor}`);
    const both = [...first.items, ...second.items];
    expect(new Set(both.map((i) => i.id)).size).toBe(40);
    const times = both.map((i) => Date.parse(i.discoveredAt));
    expect([...times].sort((a, b) => b - a)).toEqual(times);
    const forty = await board(officer, 'limit=40');
    expect(forty.items.map((i) => i.id)).toEqual(both.map((i) => i.id));
  });

  it('filters by state, with the total the dashboard counts', async () => {
    const page = await board(officer, 'status=treating,awaiting_acceptance&limit=50');
    expect(page.items.every((i) => ['treating', 'awaiting_acceptance'].includes(i.status))).toBe(true);
    const s = await stats(officer);
    const expected = s.byStatus
      .filter((b: { status: string }) => ['treating', 'awaiting_acceptance'].includes(b.status))
      .reduce((n: number, b: { count: number }) => n + b.count, 0);
    expect(page.total).toBe(expected);
  });

  it('lists the overdue only, most overdue first, as many as the dashboard says', async () => {
    const page = await board(officer, 'overdue=true&limit=100');
    expect(page.items.length).toBeGreaterThan(0);
    expect(page.items.every((i) => i.overdue && i.status === 'treating')).toBe(true);
    const deadlines = page.items.map((i) => Date.parse(i.deadline as string));
    expect([...deadlines].sort((a, b) => a - b)).toEqual(deadlines);
    expect(page.total).toBe((await stats(officer)).totals.overdue);
    const next = await board(officer, `overdue=true&limit=100&cursor=${page.nextCursor}`);
    expect(Date.parse(next.items[0]?.deadline as string)).toBeGreaterThanOrEqual(deadlines.at(-1) as number);
  });

  it('shows a grid worker their grid only, and an enterprise its own hazards only', async () => {
    const session = (await api.get(gridworker, '/api/v1/session')).json();
    const grid = session.grants[0].areaId;
    const page = await board(gridworker, 'limit=100');
    expect(page.items.length).toBeGreaterThan(0);
    expect(page.items.every((i) => i.area.id === grid)).toBe(true);
    expect(page.total).toBe((await stats(gridworker)).totals.all);
    const own = await board(principal, 'limit=100');
    expect(own.items.every((i) => i.enterprise.id === enterprise.id)).toBe(true);
  });

  it('counts each state for the board’s tabs under the same filters, from the read model or by counting', async () => {
    const all = (await api.get(officer, '/api/v1/hazards/counts')).json();
    const s = await stats(officer);
    for (const b of s.byStatus) expect(all.byStatus[b.status]).toBe(b.count);
    expect(all.overdue).toBe(s.totals.overdue);
    const own = (await api.get(officer, `/api/v1/hazards/counts?enterpriseId=${enterprise.id}&trade=hazardous_chemicals`)).json();
    const listed = await board(officer, `enterpriseId=${enterprise.id}&trade=hazardous_chemicals&limit=100`);
    expect(Object.values(own.byStatus as Record<string, number>).reduce((n, x) => n + x, 0)).toBe(listed.total);
  });

  it('filters by the enterprise’s trade', async () => {
    const page = await board(officer, 'trade=restaurant&limit=30');
    expect(page.items.length).toBeGreaterThan(0);
    expect(page.items.every((i) => (i as Item & { trade: string }).trade === 'restaurant')).toBe(true);
    expect(page.total).toBe((await stats(officer)).byIndustry.find((b: { trade: string }) => b.trade === 'restaurant').count);
  });

  it('offers the other departments as referral targets', async () => {
    const items = (await api.get(officer, '/api/v1/hazards/referral-targets')).json().items;
    expect(items.map((i: { department: string }) => i.department)).toEqual(expect.arrayContaining(['market', 'fire', 'transport']));
    expect(items.some((i: { id: string }) => i.id === (s0 as { id: string }).id)).toBe(false);
  });

  it('refuses a malformed query with a problem naming the field', async () => {
    const res = await api.get(officer, '/api/v1/hazards?status=burning');
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0].field).toContain('status');
  });
});

describe('the dashboard', () => {
  it('counts the street by state, grade, source, industry and community, with closure rates', async () => {
    const s = await stats(officer);
    expect(s.area.name).toBe('安澜街道');
    const sum = (list: { count: number }[]) => list.reduce((n, b) => n + b.count, 0);
    expect(sum(s.byStatus)).toBe(s.totals.all);
    expect(sum(s.byGrade)).toBe(s.totals.all);
    expect(sum(s.bySource)).toBe(s.totals.all);
    expect(sum(s.byIndustry)).toBe(s.totals.all);
    expect(sum(s.byArea)).toBe(s.totals.all);
    expect(s.byArea.length).toBeGreaterThan(1);
    expect(s.totals.overdue).toBe(s.byArea.reduce((n: number, a: { overdue: number }) => n + a.overdue, 0));
    expect(s.closure.closed).toBeGreaterThan(0);
    expect(s.closure.onTimeRate).toBeGreaterThan(0);
    expect(s.closure.onTimeRate).toBeLessThanOrEqual(1);
    expect(s.closure.meanDaysToClose).toBeGreaterThan(0);
  });

  it('changes with each hazard in the same transaction', async () => {
    const before = await stats(officer);
    const id = (await api.post(officer, '/api/v1/hazards', { enterpriseId: enterprise.id, title: '安全出口上锁', description: '' })).json()
      .id;
    const during = await stats(officer);
    expect(during.totals.all).toBe(before.totals.all + 1);
    expect(during.bySource.find((b: { source: string }) => b.source === 'enforcement').count).toBe(
      before.bySource.find((b: { source: string }) => b.source === 'enforcement').count + 1,
    );
    await api.step(officer, id, 'assess', { grade: 'general' });
    const photo = (await api.upload(officer, id, 'after', { name: 'a.png', type: 'image/png', bytes: PNG() })).json().id;
    await api.step(officer, id, 'fix-on-spot', { note: '当场打开', evidenceIds: [photo] });
    const after = await stats(officer);
    expect(after.totals.all).toBe(before.totals.all + 1);
    expect(after.totals.closed).toBe(before.totals.closed + 1);
    expect(after.totals.open).toBe(before.totals.open);
  });

  it('is refused outside one’s area, and to those who may not read statistics', async () => {
    const street = (await stats(officer)).area.id;
    expect((await api.get(gridworker, `/api/v1/hazards/statistics?areaId=${street}`)).statusCode).toBe(403);
    expect((await api.get(principal, '/api/v1/hazards/statistics')).statusCode).toBe(403);
  });
});

describe('the quarterly enterprise statistics table', () => {
  const quarter = () => {
    const cst = new Date(clock.now().getTime() + 8 * 3_600_000);
    return { year: cst.getUTCFullYear(), quarter: Math.floor(cst.getUTCMonth() / 3) + 1 };
  };

  it('is generated from the data for the enterprise, due by the 15th after the quarter, as JSON and CSV', async () => {
    const { year, quarter: q } = quarter();
    const res = await api.get(principal, `/api/v1/hazards/quarterly-statistics?enterpriseId=${enterprise.id}&year=${year}&quarter=${q}`);
    expect(res.statusCode).toBe(200);
    const t = res.json();
    expect(t.enterprise.id).toBe(enterprise.id);
    expect(t.dueBy).toMatch(/-15$/);
    expect(t.found.total).toBeGreaterThanOrEqual(1);
    expect(t.found.total).toBe(t.found.general + t.found.major);
    expect(t.bySource.reduce((n: number, s: { count: number }) => n + s.count, 0)).toBe(t.found.total);
    const csv = await api.get(
      principal,
      `/api/v1/hazards/quarterly-statistics.csv?enterpriseId=${enterprise.id}&year=${year}&quarter=${q}`,
    );
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.body.startsWith('\uFEFF隐患排查治理情况季度统计表')).toBe(true);
    expect(csv.body).toContain(enterprise.name);
  });

  it('is refused for another enterprise', async () => {
    const { year, quarter: q } = quarter();
    const other = (await board(officer, 'limit=50')).items.find((i) => i.enterprise.id !== enterprise.id)?.enterprise.id;
    const res = await api.get(principal, `/api/v1/hazards/quarterly-statistics?enterpriseId=${other}&year=${year}&quarter=${q}`);
    expect(res.statusCode).toBe(403);
    expect(
      (await api.get(officer, `/api/v1/hazards/quarterly-statistics?enterpriseId=${other}&year=${year}&quarter=${q}`)).statusCode,
    ).toBe(200);
  });
});

describe('findings handed over by inspections and risks', () => {
  const context = async (auth: Auth) => ({
    actor: await app.modules.access.actorFromToken(auth.cookie?.split('=')[1]),
    requestId: null,
    address: null,
  });

  it('are registered in the caller’s transaction: a fix on the spot is closed with its photo, a major one is told to the street office', async () => {
    const ctx = await context(officer);
    const photo = await app.modules.files.put(PNG());
    const before = (await app.modules.hazards.openCounts([enterprise.id])).get(enterprise.id) ?? { open: 0, major: 0, overdue: 0 };
    const created = await app.database.db.transaction().execute((trx) =>
      app.modules.hazards.registerFindings(trx, ctx, [
        {
          enterpriseId: enterprise.id,
          source: 'enforcement',
          title: '灭火器压力不足',
          description: '检查表第 4.2 项',
          major: false,
          fixedOnSpot: true,
          photos: [{ sha256: photo.sha256, mediaType: 'image/png', name: '更换后.png' }],
          checklistItemKey: 'fire.4.2',
        },
        {
          enterpriseId: enterprise.id,
          source: 'enforcement',
          title: '未与承租单位签订安全生产管理协议',
          description: '',
          major: true,
          criterion: { library: 'gongmao-2023', version: '2023-05-15', clause: '第三条第（一）项' },
          legalBasis: '《安全生产法》第四十九条',
        },
      ]),
    );
    expect(created).toHaveLength(2);
    const [fixed, major] = await Promise.all(created.map((c) => api.get(officer, `/api/v1/hazards/${c.id}`).then((r) => r.json())));
    expect(fixed).toMatchObject({ status: 'closed', fixedOnSpot: true, grade: 'general', links: { checklistItemKey: 'fire.4.2' } });
    expect(fixed.evidence).toEqual([expect.objectContaining({ kind: 'after', sha256: photo.sha256 })]);
    expect(fixed.events.map((e: { kind: string }) => e.kind)).toEqual(['discover', 'register', 'assess', 'fix_on_spot']);
    expect(major).toMatchObject({ status: 'registered', proposedGrade: 'major', criterion: { clause: '第三条第（一）项' } });
    const inbox = (await api.get(officer, '/api/v1/notifications')).json().items;
    expect(inbox.some((n: { kind: string; subject: { id: string } }) => n.kind === 'hazard.major_found' && n.subject.id === major.id)).toBe(
      true,
    );
    const after = (await app.modules.hazards.openCounts([enterprise.id])).get(enterprise.id);
    expect(after).toMatchObject({ open: before.open + 1 });
    const audit = (await api.get(officer, `/api/v1/audit/history?targetType=hazard&targetId=${major.id}`)).json().items;
    expect(audit.map((e: { action: string }) => e.action)).toContain('hazards.hazard.register_finding');
  });

  it('a fix on the spot without a photo is refused, and the caller’s transaction writes nothing', async () => {
    const ctx = await context(officer);
    const total = (await board(officer, `enterpriseId=${enterprise.id}&limit=1`)).total;
    const attempt = app.database.db
      .transaction()
      .execute((trx) =>
        app.modules.hazards.registerFindings(trx, ctx, [
          { enterpriseId: enterprise.id, source: 'enforcement', title: '无照片', description: '', major: false, fixedOnSpot: true },
        ]),
      );
    await expect(attempt).rejects.toBeInstanceOf(AppError);
    await expect(attempt).rejects.toMatchObject({ status: 422, errors: [expect.objectContaining({ field: 'findings.0.photos' })] });
    expect((await board(officer, `enterpriseId=${enterprise.id}&limit=1`)).total).toBe(total);
  });
});

describe('the criteria library', () => {
  it('offers clauses to cite, with library and version', async () => {
    const items = (await api.get(officer, '/api/v1/hazards/criteria')).json().items;
    expect(items[0]).toMatchObject({ library: 'gongmao-2023', version: '2023-05-15', clause: '第三条第（一）项' });
  });
});
