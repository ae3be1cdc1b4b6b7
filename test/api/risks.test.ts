import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/platform/clock/index.js';
import { startTestApp, type TestApp } from '../support/app.js';

type Headers = Record<string, string>;
const DAY = 86_400_000;
const clock = fixedClock(new Date());
let app: TestApp;
const as: Record<string, Headers> = {};
/** The demo enterprise where `principal` and `safety` work. */
let own: string;
/** Another enterprise of the street, in the grid the grid worker patrols. */
let inGrid: string;
/** An enterprise of the street outside that grid. */
let outsideGrid: string;
let providerId: string;
let safetyPersonId: string;

const get = (url: string, who: string) => app.http.inject({ url, headers: as[who] });
const post = (url: string, who: string, payload: unknown) =>
  app.http.inject({ method: 'POST', url, headers: as[who], payload: payload as object });
const patch = (url: string, who: string, payload: unknown) =>
  app.http.inject({ method: 'PATCH', url, headers: as[who], payload: payload as object });

/** Audit entries of one object, oldest first. */
const trail = async (type: string, id: string) => (await app.modules.audit.history({ type, id }, 100)).map((e) => e).reverse();
const auditCount = async () =>
  Number((await sql<{ n: string }>`select count(*) as n from audit.entry`.execute(app.database.db)).rows[0]?.n);

async function entrust(services: string[], enterpriseIds: string[]) {
  const res = await post('/api/v1/entrustments', 'officer', {
    title: '风险辨识评估服务',
    providerId,
    services,
    target: { kind: 'enterprises', enterpriseIds },
    validFrom: new Date(clock.now().getTime() - 1000).toISOString(),
    validUntil: new Date(clock.now().getTime() + 30 * DAY).toISOString(),
    contractValue: '50000.00',
    deliverables: [],
  });
  expect(res.statusCode).toBe(201);
  // The provider's staff see entrustments from their next request on.
  as.inspector = await app.signIn('inspector');
  return res.json().id as string;
}

beforeAll(async () => {
  app = await startTestApp({ demo: true, clock });
  for (const who of ['officer', 'head', 'inspector', 'principal', 'safety', 'gridworker', 'volunteer']) as[who] = await app.signIn(who);
  own = (await get('/api/v1/organisations/mine', 'safety')).json().items[0].id;
  safetyPersonId = (await get('/api/v1/session', 'safety')).json().person.id;
  providerId = (await get('/api/v1/organisations/mine', 'inspector')).json().items[0].id;
  const grid = (await get('/api/v1/enterprises?limit=100', 'gridworker')).json().items as { id: string; areaId: string }[];
  inGrid = (grid.find((e) => e.id !== own) as { id: string }).id;
  const street = (await get('/api/v1/enterprises?limit=100', 'officer')).json().items as { id: string; areaId: string }[];
  const gridArea = grid[0]?.areaId;
  outsideGrid = (street.find((e) => e.areaId !== gridArea && e.id !== own) as { id: string }).id;
});
afterAll(async () => app?.close());

describe('who reaches which risk register', () => {
  it('the enterprise’s principal and safety manager read and edit their own register, from the demo', async () => {
    for (const who of ['safety', 'principal']) {
      const res = await get(`/api/v1/risks/enterprises/${own}`, who);
      expect(res.statusCode).toBe(200);
      const body = res.json();
      expect(body.abilities).toEqual({ edit: true, recordCheck: true });
      expect(body.riskPoints.length).toBeGreaterThan(0);
      // The demo keeps sign-in enterprises at yellow or below.
      expect(['moderate', 'low']).toContain(body.level);
      expect(body.scheme).toMatchObject({ version: 1, areaId: null });
    }
  });

  it('they cannot see another enterprise’s register: it is not found for them', async () => {
    const res = await get(`/api/v1/risks/enterprises/${inGrid}`, 'safety');
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json().code).toBe('risks.enterprise_not_found');
  });

  it('the street officer reads every register of the street but may not edit or check', async () => {
    for (const id of [own, inGrid, outsideGrid]) {
      const res = await get(`/api/v1/risks/enterprises/${id}`, 'officer');
      expect(res.statusCode).toBe(200);
      expect(res.json().abilities).toEqual({ edit: false, recordCheck: false });
    }
  });

  it('the grid worker reads the registers of their grid only', async () => {
    expect((await get(`/api/v1/risks/enterprises/${inGrid}`, 'gridworker')).statusCode).toBe(200);
    expect((await get(`/api/v1/risks/enterprises/${outsideGrid}`, 'gridworker')).statusCode).toBe(404);
  });

  it('a volunteer holds no risk permission at all', async () => {
    const res = await get(`/api/v1/risks/enterprises/${own}`, 'volunteer');
    expect(res.statusCode).toBe(403);
    expect((await get('/api/v1/risks/map', 'volunteer')).statusCode).toBe(403);
  });

  it('a provider’s inspector reaches an enterprise only under an entrustment for risk examination or hazard investigation', async () => {
    expect((await get(`/api/v1/risks/enterprises/${own}`, 'inspector')).statusCode).toBe(404);
    await entrust(['training'], [inGrid]);
    expect((await get(`/api/v1/risks/enterprises/${inGrid}`, 'inspector')).statusCode).toBe(404);
    await entrust(['hazard_investigation'], [outsideGrid]);
    const reading = await get(`/api/v1/risks/enterprises/${outsideGrid}`, 'inspector');
    expect(reading.statusCode).toBe(200);
    expect(reading.json().abilities).toEqual({ edit: false, recordCheck: false });
    await entrust(['risk_examination'], [own]);
    const examining = await get(`/api/v1/risks/enterprises/${own}`, 'inspector');
    expect(examining.json().abilities).toEqual({ edit: true, recordCheck: false });
    const map = (await get('/api/v1/risks/map', 'inspector')).json();
    expect(map.items.map((i: { id: string }) => i.id).sort()).toEqual([own, outsideGrid].sort());
  });
});

describe('a risk point from identification to the street map', () => {
  let pointId: string;

  it('the safety manager adds a risk point with its hazard sources, and it is unassessed', async () => {
    const res = await post(`/api/v1/risks/enterprises/${own}/points`, 'safety', {
      kind: 'place',
      name: '液氨储罐区',
      description: '两台 10 m³ 液氨储罐',
      location: { lng: 120.151, lat: 30.281 },
      outline: {
        type: 'Polygon',
        coordinates: [
          [
            [120.1509, 30.2809],
            [120.1511, 30.2809],
            [120.1511, 30.2811],
            [120.1509, 30.2811],
            [120.1509, 30.2809],
          ],
        ],
      },
      hazardSources: [
        { accidentType: 'poisoning_asphyxiation', factor: 'object', description: '液氨泄漏' },
        { accidentType: 'vessel_explosion', description: '储罐超压' },
      ],
    });
    expect(res.statusCode).toBe(201);
    const point = res.json();
    pointId = point.id;
    expect(point).toMatchObject({ level: null, assessment: null, controlTiers: null, enterprise: { id: own } });
    expect(point.hazardSources).toEqual([
      { accidentType: 'poisoning_asphyxiation', factor: 'object', description: '液氨泄漏' },
      { accidentType: 'vessel_explosion', factor: null, description: '储罐超压' },
    ]);
    const register = (await get(`/api/v1/risks/enterprises/${own}`, 'safety')).json();
    expect(register.counts.unassessed).toBe(1);
  });

  it('assessed by LEC at L 6, E 6, C 7 it is orange (D 252), owned by the company and department tiers', async () => {
    const res = await post(`/api/v1/risks/points/${pointId}/assessments`, 'safety', { lec: { l: 6, e: 6, c: 7 }, note: '年度辨识' });
    expect(res.statusCode).toBe(201);
    const point = res.json();
    expect(point.level).toBe('high');
    expect(point.assessment).toMatchObject({
      lec: { l: 6, e: 6, c: 7, d: 252, level: 'high', grade: '2' },
      ls: null,
      direct: null,
      level: 'high',
      decidedBy: ['lec'],
      scheme: { version: 1, areaId: null },
      assessedBy: { id: safetyPersonId },
    });
    expect(point.controlTiers).toEqual({ owns: ['company', 'department'], implements: ['team', 'post'], supervises: [] });
  });

  it('the officer sees the enterprise orange on the street risk map and in the counts', async () => {
    const map = (await get('/api/v1/risks/map', 'officer')).json();
    const item = map.items.find((i: { id: string }) => i.id === own);
    expect(item).toMatchObject({ level: 'high', counts: { high: 1 } });
    const orange = (await get('/api/v1/risks/map?levels=high', 'officer')).json();
    expect(orange.items.every((i: { level: string }) => i.level === 'high')).toBe(true);
    expect(orange.items.map((i: { id: string }) => i.id)).toContain(own);

    const overview = (await get('/api/v1/risks/overview', 'officer')).json();
    const e = overview.enterprises;
    expect(e.major + e.high + e.moderate + e.low + e.none).toBe(e.total);
    expect(e.total).toBe(map.total + map.unlocated);
    expect(e.high).toBeGreaterThanOrEqual(1);
    expect(overview.byArea.length).toBeGreaterThan(0);
    const sum = overview.byArea.reduce((n: number, a: { enterprises: { total: number } }) => n + a.enterprises.total, 0);
    expect(sum).toBe(e.total);
  });

  it('the grid worker’s map holds the enterprises of their grid only', async () => {
    const mine = (await get('/api/v1/enterprises?limit=100', 'gridworker')).json();
    const map = (await get('/api/v1/risks/map', 'gridworker')).json();
    expect(map.total + map.unlocated).toBe(mine.total);
  });

  it('by LEC and LS together the stricter level wins', async () => {
    const res = await post(`/api/v1/risks/points/${pointId}/assessments`, 'safety', { lec: { l: 3, e: 6, c: 7 }, ls: { l: 3, s: 5 } });
    expect(res.json()).toMatchObject({
      level: 'high',
      assessment: { lec: { level: 'moderate' }, ls: { r: 15, level: 'high' }, decidedBy: ['ls'] },
    });
    expect(res.json().assessments).toHaveLength(2);
  });

  it('a direct determination of major makes it red; the history keeps each assessment', async () => {
    const res = await post(`/api/v1/risks/points/${pointId}/assessments`, 'safety', {
      lec: { l: 1, e: 3, c: 3 },
      direct: { level: 'major', basis: '构成危险化学品重大危险源' },
    });
    expect(res.json()).toMatchObject({ level: 'major', assessment: { decidedBy: ['direct'] } });
    expect(res.json().assessments.map((a: { level: string }) => a.level)).toEqual(['major', 'high', 'high']);
    expect((await get(`/api/v1/risks/enterprises/${own}`, 'officer')).json().level).toBe('major');
  });

  it('the grading preview answers without recording anything', async () => {
    const schemeId = (await get(`/api/v1/risks/enterprises/${own}`, 'safety')).json().scheme.id;
    const before = await auditCount();
    const res = await post(`/api/v1/risks/schemes/${schemeId}/grade`, 'safety', { lec: { l: 10, e: 10, c: 40 } });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ level: 'major', lec: { d: 4000 }, decidedBy: ['lec'] });
    expect(await auditCount()).toBe(before);
  });

  it('a provider’s inspector under a risk examination entrustment assesses it too, on the entrustment’s record', async () => {
    const res = await post(`/api/v1/risks/points/${pointId}/assessments`, 'inspector', { ls: { l: 2, s: 5 } });
    expect(res.statusCode).toBe(201);
    const entries = await trail('risk_point', pointId);
    const last = entries[entries.length - 1];
    expect(last?.action).toBe('risks.risk_point.assess');
    expect(last?.actor).toMatchObject({ kind: 'person', role: 'provider_inspector', entrustmentId: expect.any(String) });
  });

  it('retired, it leaves the register and the counts', async () => {
    const res = await post(`/api/v1/risks/points/${pointId}/retire`, 'safety', { reason: '储罐拆除' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ retiredAt: expect.any(String), abilities: { edit: false, recordCheck: false } });
    const register = (await get(`/api/v1/risks/enterprises/${own}`, 'safety')).json();
    expect(register.riskPoints.map((p: { id: string }) => p.id)).not.toContain(pointId);
    expect(['moderate', 'low']).toContain(register.level);
    const again = await post(`/api/v1/risks/points/${pointId}/assessments`, 'safety', { lec: { l: 1, e: 1, c: 1 } });
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('risks.risk_point_retired');
  });

  it('every change to it is in the audit trail, in order', async () => {
    const entries = await trail('risk_point', pointId);
    expect(entries.map((e) => e.action)).toEqual([
      'risks.risk_point.create',
      'risks.risk_point.assess',
      'risks.risk_point.assess',
      'risks.risk_point.assess',
      'risks.risk_point.assess',
      'risks.risk_point.retire',
    ]);
    const history = await get(`/api/v1/audit/history?targetType=risk_point&targetId=${pointId}`, 'officer');
    expect(history.statusCode).toBe(200);
    expect(history.json().items).toHaveLength(6);
  });
});

describe('control measures and their checks', () => {
  let pointId: string;
  let measureId: string;

  beforeAll(async () => {
    const res = await post(`/api/v1/risks/enterprises/${own}/points`, 'safety', {
      kind: 'activity',
      name: '受限空间作业',
      hazardSources: [{ accidentType: 'poisoning_asphyxiation', description: '缺氧窒息' }],
    });
    pointId = res.json().id;
    await post(`/api/v1/risks/points/${pointId}/assessments`, 'safety', { lec: { l: 1, e: 6, c: 7 } });
  });

  it('a measure gets an owner and a frequency, and its first check falls due one period later', async () => {
    const res = await post(`/api/v1/risks/points/${pointId}/measures`, 'safety', {
      type: 'management',
      description: '作业审批与气体检测',
      owner: { kind: 'person', personId: safetyPersonId },
      frequency: { every: 1, unit: 'week' },
    });
    expect(res.statusCode).toBe(201);
    const m = res.json();
    measureId = m.id;
    expect(m).toMatchObject({
      owner: { kind: 'person', personId: safetyPersonId },
      frequency: { every: 1, unit: 'week' },
      lastResult: null,
    });
    expect(new Date(m.nextDueAt).getTime()).toBe(clock.now().getTime() + 7 * DAY);
    const post2 = await post(`/api/v1/risks/points/${pointId}/measures`, 'principal', {
      type: 'emergency',
      description: '配备正压式空气呼吸器',
      owner: { kind: 'post', post: '班组长' },
      frequency: { every: 1, unit: 'month' },
    });
    expect(post2.statusCode).toBe(201);
  });

  it('a passed check moves the next check on by the frequency', async () => {
    clock.advance(3 * DAY);
    as.safety = await app.signIn('safety');
    const res = await post(`/api/v1/risks/measures/${measureId}/checks`, 'safety', { result: 'passed' });
    expect(res.statusCode).toBe(201);
    expect(res.json().check).toMatchObject({ result: 'passed', hazard: null, checkedBy: { id: safetyPersonId } });
    expect(new Date(res.json().measure.nextDueAt).getTime()).toBe(clock.now().getTime() + 7 * DAY);
  });

  it('an overdue check is listed as due, for the enterprise and across the street', async () => {
    clock.advance(8 * DAY);
    for (const who of ['safety', 'officer']) as[who] = await app.signIn(who);
    const mine = (await get(`/api/v1/risks/checks/due?enterpriseId=${own}&withinDays=0`, 'safety')).json();
    const item = mine.items.find((i: { measure: { id: string } }) => i.measure.id === measureId);
    expect(item).toMatchObject({ measure: { due: 'overdue' }, riskPoint: { id: pointId, name: '受限空间作业' }, enterprise: { id: own } });
    expect(mine.overdue).toBeGreaterThanOrEqual(1);
    const street = (await get('/api/v1/risks/checks/due?limit=200', 'officer')).json();
    expect(street.total).toBeGreaterThanOrEqual(mine.total);
    const scoped = (await get('/api/v1/risks/checks/due?limit=200', 'safety')).json();
    expect(scoped.items.every((i: { enterprise: { id: string } }) => i.enterprise.id === own)).toBe(true);
    const overview = (await get('/api/v1/risks/overview', 'officer')).json();
    expect(overview.checks.overdue).toBeGreaterThanOrEqual(1);
  });

  it('a failed check becomes a hazard from the control check, in the same request', async () => {
    const res = await post(`/api/v1/risks/measures/${measureId}/checks`, 'safety', {
      result: 'failed',
      note: '气体检测仪未校准，作业票缺审批签字',
    });
    expect(res.statusCode).toBe(201);
    const { check, measure } = res.json();
    expect(check).toMatchObject({ result: 'failed', hazard: { id: expect.any(String), code: expect.any(String) } });
    expect(measure.lastResult).toBe('failed');
    const hazard = await get(`/api/v1/hazards/${check.hazard.id}`, 'officer');
    expect(hazard.statusCode).toBe(200);
    expect(hazard.json()).toMatchObject({
      source: 'control_check',
      enterprise: { id: own },
      links: { riskPointId: pointId, controlMeasureId: measureId },
    });
    const detail = (await get(`/api/v1/risks/points/${pointId}`, 'safety')).json();
    expect(detail.checks[0]).toMatchObject({ id: check.id, hazard: check.hazard });
  });

  it('only the enterprise records checks: not the officer, not the entrusted inspector', async () => {
    expect((await post(`/api/v1/risks/measures/${measureId}/checks`, 'officer', { result: 'passed' })).statusCode).toBe(403);
    as.inspector = await app.signIn('inspector');
    expect((await post(`/api/v1/risks/measures/${measureId}/checks`, 'inspector', { result: 'passed' })).statusCode).toBe(403);
  });

  it('each measure change and check is audited', async () => {
    await patch(`/api/v1/risks/measures/${measureId}`, 'safety', { frequency: { every: 2, unit: 'week' } });
    const entries = await trail('control_measure', measureId);
    expect(entries.map((e) => e.action)).toEqual([
      'risks.control_measure.create',
      'risks.control_check.record',
      'risks.control_check.record',
      'risks.control_measure.update',
    ]);
    expect(entries[2]?.after).toMatchObject({ result: 'failed', hazard: { id: expect.any(String) } });
    expect(entries[3]).toMatchObject({
      before: { frequency: { every: 1, unit: 'week' } },
      after: { frequency: { every: 2, unit: 'week' } },
    });
  });
});

describe('bad input is refused naming the field, and nothing changes', () => {
  let pointId: string;

  beforeAll(async () => {
    pointId = (await post(`/api/v1/risks/enterprises/${own}/points`, 'safety', { kind: 'place', name: '空压机房' })).json().id;
  });

  async function refused(res: Awaited<ReturnType<typeof get>>, status: number, field: string) {
    expect(res.statusCode).toBe(status);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json().errors.map((e: { field: string }) => e.field)).toContain(field);
  }

  it('a risk point without a name, or with an unknown accident type, or an open outline', async () => {
    const before = (await get(`/api/v1/risks/enterprises/${own}`, 'safety')).json().riskPoints.length;
    const count = await auditCount();
    await refused(await post(`/api/v1/risks/enterprises/${own}/points`, 'safety', { kind: 'place', name: '' }), 400, 'name');
    await refused(
      await post(`/api/v1/risks/enterprises/${own}/points`, 'safety', {
        kind: 'place',
        name: 'x',
        hazardSources: [{ accidentType: 'meteor', description: 'y' }],
      }),
      400,
      'hazardSources.0.accidentType',
    );
    await refused(
      await post(`/api/v1/risks/enterprises/${own}/points`, 'safety', {
        kind: 'place',
        name: 'x',
        outline: {
          type: 'Polygon',
          coordinates: [
            [
              [120, 30],
              [120.1, 30],
              [120.1, 30.1],
              [120, 30.2],
            ],
          ],
        },
      }),
      400,
      'outline.coordinates.0',
    );
    expect((await get(`/api/v1/risks/enterprises/${own}`, 'safety')).json().riskPoints.length).toBe(before);
    expect(await auditCount()).toBe(count);
  });

  it('an LEC value outside the scheme’s tables, or no method at all', async () => {
    const count = await auditCount();
    const res = await post(`/api/v1/risks/points/${pointId}/assessments`, 'safety', { lec: { l: 7, e: 6, c: 7 } });
    await refused(res, 422, 'lec.l');
    expect(res.json().code).toBe('risks.invalid');
    const none = await post(`/api/v1/risks/points/${pointId}/assessments`, 'safety', { note: 'x' });
    expect(none.statusCode).toBe(422);
    expect(none.json().errors).toEqual([{ in: 'body', field: '', pointer: '', detail: expect.stringContaining('at least one method') }]);
    await refused(await post(`/api/v1/risks/points/${pointId}/assessments`, 'safety', { ls: { l: 6, s: 1 } }), 400, 'ls.l');
    const point = (await get(`/api/v1/risks/points/${pointId}`, 'safety')).json();
    expect(point).toMatchObject({ level: null, assessments: [] });
    expect(await auditCount()).toBe(count);
  });

  it('a measure owned by nobody known, and a failed check without a note', async () => {
    const count = await auditCount();
    await refused(
      await post(`/api/v1/risks/points/${pointId}/measures`, 'safety', {
        type: 'engineering',
        description: '安全阀定期校验',
        owner: { kind: 'person', personId: '00000000-0000-4000-8000-000000000000' },
        frequency: { every: 1, unit: 'year' },
      }),
      422,
      'owner.personId',
    );
    await refused(
      await post(`/api/v1/risks/points/${pointId}/measures`, 'safety', {
        type: 'engineering',
        description: '安全阀定期校验',
        owner: { kind: 'post', post: '设备员' },
        frequency: { every: 0, unit: 'year' },
      }),
      400,
      'frequency.every',
    );
    const m = await post(`/api/v1/risks/points/${pointId}/measures`, 'safety', {
      type: 'engineering',
      description: '安全阀定期校验',
      owner: { kind: 'post', post: '设备员' },
      frequency: { every: 1, unit: 'year' },
    });
    const measureId = m.json().id;
    const afterAdd = await auditCount();
    expect(afterAdd).toBe(count + 1);
    await refused(await post(`/api/v1/risks/measures/${measureId}/checks`, 'safety', { result: 'failed' }), 422, 'note');
    await refused(
      await post(`/api/v1/risks/measures/${measureId}/checks`, 'safety', {
        result: 'passed',
        checkedAt: new Date(clock.now().getTime() + DAY).toISOString(),
      }),
      422,
      'checkedAt',
    );
    expect((await get(`/api/v1/risks/points/${pointId}`, 'safety')).json().checks).toEqual([]);
    expect(await auditCount()).toBe(afterAdd);
  });

  it('an edit on an enterprise one does not govern is refused', async () => {
    expect((await post(`/api/v1/risks/enterprises/${inGrid}/points`, 'safety', { kind: 'place', name: 'x' })).statusCode).toBe(404);
    expect((await post(`/api/v1/risks/enterprises/${own}/points`, 'officer', { kind: 'place', name: 'x' })).statusCode).toBe(403);
  });
});

describe('assessment schemes are versioned per area', () => {
  let streetId: string;
  let districtId: string;
  let pointId: string;
  let defaultScheme: { id: string; lec: { bands: unknown[] }; ls: unknown; tiers: unknown };

  beforeAll(async () => {
    // The clock moved on above: sessions opened before have ended.
    for (const who of ['officer', 'head', 'safety']) as[who] = await app.signIn(who);
    const areas = (await get('/api/v1/areas/tree', 'officer')).json().items as { id: string; level: string }[];
    streetId = (areas.find((a) => a.level === 'street') as { id: string }).id;
    districtId = (areas.find((a) => a.level === 'district') as { id: string }).id;
    pointId = (await post(`/api/v1/risks/enterprises/${own}/points`, 'safety', { kind: 'activity', name: '高处作业' })).json().id;
    await post(`/api/v1/risks/points/${pointId}/assessments`, 'safety', { lec: { l: 6, e: 6, c: 7 } });
  });

  it('the head may publish for the street; the officer sees the versions but may not', async () => {
    const head = (await get('/api/v1/risks/schemes', 'head')).json();
    expect(head).toMatchObject({
      area: { id: streetId },
      effective: { version: 1, areaId: null },
      items: [],
      abilities: { publish: true },
    });
    defaultScheme = head.effective;
    expect((await get('/api/v1/risks/schemes', 'officer')).json().abilities.publish).toBe(false);
    expect((await get('/api/v1/risks/schemes', 'safety')).json().effective.id).toBe(defaultScheme.id);
  });

  const stricter = () => {
    const lec = structuredClone(defaultScheme.lec) as { bands: { interval: { lower: number | null; upper: number | null } }[] };
    // Orange ends at 240 here: D 252 is red in this street.
    (lec.bands[3] as { interval: { upper: number } }).interval.upper = 240;
    (lec.bands[4] as { interval: { lower: number } }).interval.lower = 240;
    return { lec, ls: defaultScheme.ls, tiers: defaultScheme.tiers };
  };

  it('bands with a gap are refused naming the band, and nothing is published', async () => {
    const count = await auditCount();
    const content = stricter();
    (content.lec.bands[4] as { interval: { lower: number } }).interval.lower = 250;
    const res = await post('/api/v1/risks/schemes', 'head', { areaId: streetId, ...content });
    expect(res.statusCode).toBe(422);
    expect(res.json().errors.map((e: { field: string }) => e.field)).toEqual(['lec.bands.4.interval.lower']);
    expect((await get('/api/v1/risks/schemes', 'head')).json().items).toEqual([]);
    expect(await auditCount()).toBe(count);
  });

  it('a head cannot publish for an area above the one they govern, and an officer not at all', async () => {
    const res = await post('/api/v1/risks/schemes', 'head', { areaId: districtId, ...stricter() });
    expect(res.statusCode).toBe(422);
    expect(res.json().errors.map((e: { field: string }) => e.field)).toEqual(['areaId']);
    expect((await post('/api/v1/risks/schemes', 'officer', { areaId: streetId, ...stricter() })).statusCode).toBe(403);
  });

  it('a published version grades new assessments; old ones keep the version they used', async () => {
    const published = await post('/api/v1/risks/schemes', 'head', { areaId: streetId, note: '本街道 LEC 分级从严', ...stricter() });
    expect(published.statusCode).toBe(201);
    const v1 = published.json();
    expect(v1).toMatchObject({ areaId: streetId, version: 1, note: '本街道 LEC 分级从严' });
    expect(v1.ls.matrix).toHaveLength(5);
    const res = await post(`/api/v1/risks/points/${pointId}/assessments`, 'safety', { lec: { l: 6, e: 6, c: 7 } });
    const point = res.json();
    expect(point).toMatchObject({ level: 'major', scheme: { id: v1.id, version: 1, areaId: streetId } });
    expect(point.assessments.map((a: { scheme: { id: string }; level: string }) => [a.scheme.id, a.level])).toEqual([
      [v1.id, 'major'],
      [defaultScheme.id, 'high'],
    ]);

    const again = await post('/api/v1/risks/schemes', 'head', { areaId: streetId, note: '恢复默认分级', ...defaultScheme, id: undefined });
    expect(again.statusCode).toBe(400);
    const v2 = await post('/api/v1/risks/schemes', 'head', {
      areaId: streetId,
      note: '恢复默认分级',
      lec: defaultScheme.lec,
      ls: defaultScheme.ls,
      tiers: defaultScheme.tiers,
    });
    expect(v2.json()).toMatchObject({ version: 2, areaId: streetId });
    const list = (await get('/api/v1/risks/schemes', 'head')).json();
    expect(list.items.map((s: { version: number }) => s.version)).toEqual([2, 1]);
    expect(list.effective.id).toBe(v2.json().id);
    const entries = await trail('risk_scheme', v1.id);
    expect(entries.map((e) => e.action)).toEqual(['risks.scheme.publish']);
  });
});
