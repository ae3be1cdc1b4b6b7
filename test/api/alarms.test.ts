import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AlarmSink } from '../../src/modules/alarms/index.js';
import { createPositionStore, type PositionRecord, type PositionStore } from '../../src/modules/vehicles/index.js';
import { systemClock } from '../../src/platform/clock/index.js';
import { createLogger } from '../../src/platform/logging/index.js';
import { startTestApp, type TestApp } from '../support/app.js';

let app: TestApp;
let officer: Record<string, string>;
let principal: Record<string, string>;
let inspector: Record<string, string>;
let enterpriseId: string;
let vehicleId: string;
let store: PositionStore;
let sink: AlarmSink;
const logger = createLogger('silent');
/** Every position of the test, 10 minutes ago onwards, 2 s apart. */
const base = Math.floor(Date.now() / 1000) * 1000 - 10 * 60_000;
const LAT = 31.2;
const LNG = 121.4;

/** A position t ms after base, `east` metres east of the start (about 95 m per 0.001° here). */
const position = (t: number, speedKmh: number, eastM: number, fix = true): PositionRecord => ({
  vehicleId,
  time: base + t,
  receivedAt: base + t + 500,
  latE6: Math.round(LAT * 1e6),
  lngE6: Math.round((LNG + eastM / 95_000) * 1e6),
  altitude: 10,
  speed: speedKmh * 10,
  direction: 90,
  alarm: 0,
  status: fix ? 0x03 : 0x01,
  mileage: null,
  backfill: false,
  itemsHex: null,
});

function store_(records: PositionRecord[]): Promise<void> {
  return new Promise((resolve, reject) => store.append(records, (ok) => (ok ? resolve() : reject(new Error('not stored')))));
}

/** Sends positions one report at a time, as a terminal would, then waits for the alarms to be written. */
async function drive(records: PositionRecord[]) {
  for (const r of records) await store_([r]);
  await sink.drain();
}

const get = (url: string, auth: Record<string, string>) => app.http.inject({ url, headers: auth });
const post = (url: string, auth: Record<string, string>, payload: Record<string, unknown>) =>
  app.http.inject({ method: 'POST', url, headers: auth, payload });
type Page = {
  items: { id: string; status: string; rule: string; abilities: Record<string, boolean>; [k: string]: unknown }[];
  total: number;
  nextCursor: string | null;
};

beforeAll(async () => {
  app = await startTestApp({ demo: true });
  officer = await app.signIn('officer');
  principal = await app.signIn('principal');
  inspector = await app.signIn('inspector');
  enterpriseId = (await get('/api/v1/organisations/mine', principal)).json().items[0].id;
  const providerId = (await get('/api/v1/organisations/mine', inspector)).json().items[0].id;
  const created = await post('/api/v1/vehicles', officer, {
    plateNumber: '沪F30001',
    plateColour: 'yellow',
    class: 'hazardous_goods',
    enterpriseId,
    terminalNumber: '13700000001',
  });
  if (created.statusCode !== 201) throw new Error(created.body);
  vehicleId = created.json().id;
  const entrusted = await post('/api/v1/entrustments', officer, {
    title: '危货车辆24小时动态监控服务',
    providerId,
    services: ['vehicle_monitoring'],
    target: { kind: 'enterprises', enterpriseIds: [enterpriseId] },
    validFrom: new Date(Date.now() - 1000).toISOString(),
    validUntil: new Date(Date.now() + 30 * 86_400_000).toISOString(),
    contractValue: '120000.00',
    deliverables: [],
  });
  if (entrusted.statusCode !== 201) throw new Error(entrusted.body);
  inspector = await app.signIn('inspector');
  // The wiring `gongzhi start` has: the position store tells the sink of each committed batch.
  sink = await app.modules.alarms.startSink({ logger, options: { tickMs: 3_600_000, flushMs: 5 } });
  store = createPositionStore({ pool: app.database.pool, clock: systemClock, logger, latest: app.modules.vehicles.latest });
  store.onCommitted((records) => sink.accept(records));
  await store.start();
});
afterAll(async () => {
  await store?.close();
  await sink?.close();
  await app?.close();
});

let first: string;
let second: string;

describe('an overspeed becomes one alarm', () => {
  it('positions above the hazardous-goods limit (60 km/h) for longer than 10 s raise one open alarm, ended once below', async () => {
    const over = Array.from({ length: 12 }, (_, i) => position(i * 2000, 75 + (i === 5 ? 7 : 0), i * 42));
    const below = [0, 1, 2].map((i) => position((12 + i) * 2000, 40, 504 + i * 22));
    // A jump of 10 km in 2 s (drift), then a report without a fix: both count against data quality.
    const odd = [position(15 * 2000, 40, 10_600), position(16 * 2000, 40, 10_600, false)];
    await drive([...over, ...below, ...odd]);
    const page = (await get('/api/v1/alarms', inspector)).json() as Page;
    expect(page.total).toBe(1);
    const [alarm] = page.items;
    first = alarm?.id as string;
    expect(alarm).toMatchObject({
      vehicleId,
      plateNumber: '沪F30001',
      plateColour: 'yellow',
      vehicleClass: 'hazardous_goods',
      enterpriseId,
      rule: 'overspeed',
      status: 'open',
      startedAt: new Date(base).toISOString(),
      endedAt: new Date(base + 24_000).toISOString(),
      peak: 82,
      unit: 'km/h',
      limit: 60,
      deadline: null,
      overdue: false,
      abilities: { verify: true, notify: false, handle: false, close: false },
    });
    expect(alarm?.enterpriseName).toMatch(/.+/);
  });

  it('re-sent positions do not raise it again', async () => {
    await drive([position(2000, 75, 42), position(4000, 75, 84)]);
    expect(((await get('/api/v1/alarms', inspector)).json() as Page).total).toBe(1);
  });

  it('shows its evidence and the history the engine wrote', async () => {
    const detail = (await get(`/api/v1/alarms/${first}`, officer)).json();
    expect(detail.evidence.length).toBeGreaterThan(0);
    expect(detail.evidence.length).toBeLessThanOrEqual(20);
    expect(detail.evidence[0]).toMatchObject({ lat: LAT, speedKmh: expect.any(Number), time: expect.any(Number) });
    expect(detail.steps.map((s: { step: string }) => s.step)).toEqual(['raised', 'ended']);
    expect(detail.abilities).toEqual({ verify: true, notify: false, handle: false, close: false });
  });

  it('the enterprise sees its own alarm but may not verify or notify it', async () => {
    const page = (await get('/api/v1/alarms', principal)).json() as Page;
    expect(page.items.map((a) => a.id)).toEqual([first]);
    expect(page.items[0]?.abilities).toEqual({ verify: false, notify: false, handle: false, close: false });
  });
});

describe('the handling loop', () => {
  it('refuses the enterprise verifying its own alarm with 403 problem+json', async () => {
    const res = await post(`/api/v1/alarms/${first}/verify`, principal, { verdict: 'false_positive' });
    expect(res.statusCode).toBe(403);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json().status).toBe(403);
  });

  it('refuses notifying before verifying with 409', async () => {
    const res = await post(`/api/v1/alarms/${first}/notify`, inspector, { deadline: new Date(Date.now() + 3_600_000).toISOString() });
    expect(res.statusCode).toBe(409);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json()).toMatchObject({ code: 'alarms.step_not_allowed', status: 'open', step: 'notify' });
  });

  it('the monitoring operator confirms it', async () => {
    const res = await post(`/api/v1/alarms/${first}/verify`, inspector, { verdict: 'confirmed', note: '轨迹与车速核实无误' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ status: 'confirmed', abilities: { verify: false, notify: true, handle: false, close: false } });
    expect((await post(`/api/v1/alarms/${first}/verify`, inspector, { verdict: 'confirmed' })).statusCode).toBe(409);
  });

  it('refuses a bad deadline with 400 naming the field, and changes nothing', async () => {
    for (const deadline of ['tomorrow', new Date(Date.now() - 60_000).toISOString(), new Date(Date.now() + 8 * 86_400_000).toISOString()]) {
      const res = await post(`/api/v1/alarms/${first}/notify`, inspector, { deadline });
      expect(res.statusCode).toBe(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.json().errors.map((e: { field: string }) => e.field)).toEqual(['deadline']);
    }
    expect((await get(`/api/v1/alarms/${first}`, inspector)).json().status).toBe('confirmed');
  });

  it('notifies the operating enterprise with a deadline, in the app', async () => {
    const deadline = new Date(Date.now() + 3_600_000).toISOString();
    const res = await post(`/api/v1/alarms/${first}/notify`, inspector, { deadline, note: '请立即提醒驾驶员' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ status: 'notified', deadline, overdue: false });
    const told = await sql<{ recipient_id: string; kind: string }>`
      select recipient_id, kind from notifications.notification where subject_id = ${first}`.execute(app.database.db);
    expect(told.rows).toEqual([{ recipient_id: enterpriseId, kind: 'alarm.notified' }]);
    const seen = (await get(`/api/v1/alarms/${first}`, principal)).json();
    expect(seen.abilities).toEqual({ verify: false, notify: false, handle: true, close: false });
  });

  it('the monitoring operator may not handle it, nor close it', async () => {
    expect((await post(`/api/v1/alarms/${first}/handle`, inspector, { action: 'call_driver', note: '电话' })).statusCode).toBe(403);
    expect((await post(`/api/v1/alarms/${first}/close`, inspector, { result: '完成' })).statusCode).toBe(403);
  });

  it('the enterprise handles it (more than once) and closes it with a result', async () => {
    const bad = await post(`/api/v1/alarms/${first}/handle`, principal, { action: 'shout', note: '' });
    expect(bad.statusCode).toBe(400);
    expect(
      bad
        .json()
        .errors.map((e: { field: string }) => e.field)
        .sort(),
    ).toEqual(['action', 'note']);
    expect((await post(`/api/v1/alarms/${first}/close`, principal, { result: '已纠正' })).statusCode).toBe(409);
    const sent = await post(`/api/v1/alarms/${first}/handle`, principal, { action: 'message_driver', note: '下发语音提醒减速' });
    expect(sent.json()).toMatchObject({ status: 'handling', handlingAction: 'message_driver' });
    const called = await post(`/api/v1/alarms/${first}/handle`, principal, { action: 'call_driver', note: '电话联系驾驶员，已减速' });
    expect(called.json()).toMatchObject({ status: 'handling', handlingAction: 'call_driver' });
    const closed = await post(`/api/v1/alarms/${first}/close`, principal, { result: '驾驶员已减速至限速以内，已批评教育' });
    expect(closed.statusCode).toBe(200);
    expect(closed.json()).toMatchObject({
      status: 'closed',
      result: '驾驶员已减速至限速以内，已批评教育',
      abilities: { verify: false, notify: false, handle: false, close: false },
    });
    expect(closed.json().steps.map((s: { step: string }) => s.step)).toEqual([
      'raised',
      'ended',
      'verify',
      'notify',
      'handle',
      'handle',
      'close',
    ]);
  });

  it('records every step in the audit trail, naming the entrustment the operator acted under', async () => {
    const rows = await sql<{ action: string; actor: { role: string; entrustmentId: string | null } }>`
      select action, actor from audit.entry where target_type = 'alarm' and target_id = ${first} order by seq`.execute(app.database.db);
    expect(rows.rows.map((r) => r.action)).toEqual([
      'alarms.alarm.verify',
      'alarms.alarm.notify',
      'alarms.alarm.handle',
      'alarms.alarm.handle',
      'alarms.alarm.close',
    ]);
    expect(rows.rows[0]?.actor).toMatchObject({ role: 'provider_inspector', entrustmentId: expect.any(String) });
    expect(rows.rows[4]?.actor).toMatchObject({ role: expect.stringMatching(/^enterprise_/), entrustmentId: null });
    // The officer governing the area reads the alarm's history through the audit trail.
    const history = await get(`/api/v1/audit/history?targetType=alarm&targetId=${first}`, officer);
    expect(history.statusCode).toBe(200);
    expect(history.json().items).toHaveLength(5);
  });

  it('a false positive is final', async () => {
    await drive([...Array.from({ length: 8 }, (_, i) => position(40_000 + i * 2000, 70, 10_600 + i * 40)), position(56_000, 30, 10_940)]);
    const page = (await get('/api/v1/alarms?status=open', inspector)).json() as Page;
    expect(page.total).toBe(1);
    second = page.items[0]?.id as string;
    expect(second).not.toBe(first);
  });
});

describe('escalation of overdue alarms', () => {
  it('marks an alarm past its deadline escalated once, telling the regulator and the enterprise', async () => {
    expect((await post(`/api/v1/alarms/${second}/verify`, officer, { verdict: 'confirmed' })).statusCode).toBe(200);
    const deadline = new Date(Date.now() + 3_600_000);
    expect((await post(`/api/v1/alarms/${second}/notify`, officer, { deadline: deadline.toISOString() })).statusCode).toBe(200);
    expect(await app.modules.alarms.runEscalations(new Date(deadline.getTime() - 1000))).toEqual({ escalated: 0 });
    const later = new Date(deadline.getTime() + 60_000);
    expect(await app.modules.alarms.runEscalations(later)).toEqual({ escalated: 1 });
    expect(await app.modules.alarms.runEscalations(new Date(later.getTime() + 60_000))).toEqual({ escalated: 0 });
    const detail = (await get(`/api/v1/alarms/${second}`, officer)).json();
    expect(detail).toMatchObject({ status: 'notified', escalatedAt: later.toISOString() });
    expect(detail.steps.map((s: { step: string }) => s.step)).toEqual(['raised', 'ended', 'verify', 'notify', 'escalated']);
    const told = await sql<{ recipient_kind: string; recipient_id: string }>`
      select recipient_kind, recipient_id from notifications.notification
       where subject_id = ${second} and kind = 'alarm.escalated' order by recipient_id`.execute(app.database.db);
    expect(told.rows).toHaveLength(2);
    expect(told.rows.map((r) => r.recipient_id)).toContain(enterpriseId);
    const audited = await sql<{ n: string }>`
      select count(*) as n from audit.entry where target_id = ${second} and action = 'alarms.alarm.escalate'`.execute(app.database.db);
    expect(Number(audited.rows[0]?.n)).toBe(1);
  });
});

describe('the alarm queue', () => {
  it('filters and pages with a cursor, newest first', async () => {
    const all = (await get('/api/v1/alarms', officer)).json() as Page;
    expect(all.items.map((a) => a.id)).toEqual([second, first]);
    const one = (await get('/api/v1/alarms?limit=1', officer)).json() as Page;
    expect(one).toMatchObject({ total: 2, items: [{ id: second }] });
    expect(one.nextCursor).toEqual(expect.any(String));
    const next = (await get(`/api/v1/alarms?limit=1&cursor=${one.nextCursor}`, officer)).json() as Page;
    expect(next).toMatchObject({ items: [{ id: first }], nextCursor: null });
    expect(((await get('/api/v1/alarms?status=closed', officer)).json() as Page).items.map((a) => a.id)).toEqual([first]);
    expect(((await get('/api/v1/alarms?rule=night_ban', officer)).json() as Page).total).toBe(0);
    expect(((await get(`/api/v1/alarms?vehicleId=${vehicleId}`, officer)).json() as Page).total).toBe(2);
    const from = new Date(base + 30_000).toISOString();
    expect(((await get(`/api/v1/alarms?from=${encodeURIComponent(from)}`, officer)).json() as Page).items.map((a) => a.id)).toEqual([
      second,
    ]);
  });

  it('refuses a bad cursor or filter with 400 naming it', async () => {
    const cursor = await get('/api/v1/alarms?cursor=nonsense', officer);
    expect(cursor.statusCode).toBe(400);
    expect(cursor.json().errors.map((e: { field: string }) => e.field)).toEqual(['cursor']);
    const status = await get('/api/v1/alarms?status=lost', officer);
    expect(status.statusCode).toBe(400);
    expect(status.json().errors.map((e: { field: string }) => e.field)).toEqual(['status']);
  });

  it('an alarm outside one’s scope is 404', async () => {
    expect((await get('/api/v1/alarms/00000000-0000-4000-8000-000000000000', officer)).statusCode).toBe(404);
  });
});

describe('the ranking figures', () => {
  it('computes each figure from the stored positions and the alarms of the range', async () => {
    const fleet = (await get(`/api/v1/vehicles?enterpriseId=${enterpriseId}&limit=1`, officer)).json().total as number;
    const from = new Date(base - 60_000).toISOString();
    const to = new Date(Date.now() + 60_000).toISOString();
    const res = await get(`/api/v1/vehicles/ranking?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`, officer);
    expect(res.statusCode).toBe(200);
    const row = res.json().items.find((i: { enterpriseId: string }) => i.enterpriseId === enterpriseId);
    // 28 positions stored (two of them re-sent), 26 distinct instants over 56 s: 2 expected at the 30 s
    // interval, both there; one without a fix; one 10 km jump.
    const round2 = (n: number) => Math.round(n * 100) / 100;
    expect(row).toMatchObject({
      vehicles: fleet,
      onlineRate: Math.round((1 / fleet) * 10_000) / 10_000,
      trackCompleteness: 1,
      dataValidity: Math.round((27 / 28) * 10_000) / 10_000,
      driftRate: Math.round((1 / 28) * 10_000) / 10_000,
      alarmsPer100: round2((2 / fleet) * 100),
      handlingRate: 0.5,
      timelyRate: 1,
      overspeedPerVehicle: round2(2 / fleet),
      fatigueMinutesPerVehicle: 0,
      nightBanViolations: 0,
    });
  });

  it('is refused to the enterprise, and a reversed range is 400', async () => {
    const from = new Date(base).toISOString();
    const to = new Date(base - 1000).toISOString();
    expect((await get(`/api/v1/vehicles/ranking?from=${from}&to=${new Date().toISOString()}`, principal)).statusCode).toBe(403);
    const reversed = await get(`/api/v1/vehicles/ranking?from=${from}&to=${to}`, officer);
    expect(reversed.statusCode).toBe(400);
    expect(reversed.json().errors.map((e: { field: string }) => e.field)).toEqual(['to']);
  });
});

describe('geofences', () => {
  it('a regulator draws a forbidden zone (audited); bad geometry is 400; the enterprise may not', async () => {
    const zone = {
      kind: 'forbidden',
      name: '中心城区白天禁行区',
      polygon: [
        [121.4, 31.2],
        [121.5, 31.2],
        [121.5, 31.3],
        [121.4, 31.3],
      ],
      classes: ['earthwork'],
      window: { from: '07:00', to: '22:00' },
    };
    const created = await post('/api/v1/zones', officer, zone);
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ kind: 'forbidden', name: zone.name, window: zone.window, classes: ['earthwork'] });
    const bad = await post('/api/v1/zones', officer, { kind: 'forbidden', name: 'x', polygon: [[200, 31]] });
    expect(bad.statusCode).toBe(400);
    expect((await post('/api/v1/zones', principal, zone)).statusCode).toBe(403);
    expect((await get('/api/v1/zones', officer)).json().items).toHaveLength(1);
    expect(await app.modules.alarms.engineZones()).toEqual([
      expect.objectContaining({ id: created.json().id, kind: 'forbidden', window: zone.window, classes: ['earthwork'] }),
    ]);
    const audited = await sql<{ action: string }>`
      select action from audit.entry where target_type = 'zone' and target_id = ${created.json().id}`.execute(app.database.db);
    expect(audited.rows.map((r) => r.action)).toEqual(['alarms.zone.manage']);
  });
});

describe('a restart of the rule engine', () => {
  it('ends the episodes the previous run left open at the vehicle’s latest position, and judges anew', async () => {
    await drive(Array.from({ length: 8 }, (_, i) => position(60_000 + i * 2000, 70, 10_980 + i * 40)));
    const open = ((await get(`/api/v1/alarms?status=open&vehicleId=${vehicleId}`, officer)).json() as Page).items;
    expect(open).toHaveLength(1);
    expect(open[0]?.endedAt).toBeNull();
    // The store writes vehicles.latest_position at most once a second; a restart reads it from there.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    await sink.close();
    sink = await app.modules.alarms.startSink({ logger, options: { tickMs: 3_600_000, flushMs: 5 } });
    const ended = (await get(`/api/v1/alarms/${open[0]?.id}`, officer)).json();
    expect(ended.endedAt).toBe(new Date(base + 60_000 + 7 * 2000).toISOString());
    expect(ended.detail).toMatchObject({ endedBy: 'restart' });
    // The new engine starts from the latest position (still too fast) and opens a new episode when it goes on.
    await drive(Array.from({ length: 8 }, (_, i) => position(80_000 + i * 2000, 70, 11_300 + i * 40)));
    const now = ((await get(`/api/v1/alarms?status=open&vehicleId=${vehicleId}`, officer)).json() as Page).items;
    expect(now).toHaveLength(2);
    expect(now.filter((a) => a.endedAt === null)).toHaveLength(1);
  });
});
