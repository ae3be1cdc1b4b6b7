import net from 'node:net';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeLocation } from '../../src/ingest/jt808/location.js';
import { authenticationBody, driverIdentityBody, RESULT, registrationBody } from '../../src/ingest/jt808/messages.js';
import { startVehicleGateway } from '../../src/ingest/jt808/start.js';
import type { AlarmSink } from '../../src/modules/alarms/index.js';
import type { PositionRecord } from '../../src/modules/vehicles/index.js';
import { systemClock } from '../../src/platform/clock/index.js';
import { createLogger } from '../../src/platform/logging/index.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { TestTerminal } from '../support/jt808-terminal.js';

/*
 * The alarm sink as `gongzhi start` runs it, changed under it while it runs: geofences drawn,
 * changed and retired, a vehicle's register entry changed, a driver's card reported over TCP.
 * The sink polls every RELOAD_MS here (30 s by default).
 */

const RELOAD_MS = 150;
const logger = createLogger('silent');
let app: TestApp;
let officer: Record<string, string>;
let principal: Record<string, string>;
let enterpriseId: string;
let sink: AlarmSink;
let gateway: NonNullable<Awaited<ReturnType<typeof startVehicleGateway>>> | null = null;
const terminals: TestTerminal[] = [];
const ids: Record<'earth' | 'coach' | 'truck', string> = { earth: '', coach: '', truck: '' };

const HOME = { lat: 31.2, lng: 121.4 };
const square = (half: number) => [
  [HOME.lng - half, HOME.lat - half],
  [HOME.lng + half, HOME.lat - half],
  [HOME.lng + half, HOME.lat + half],
  [HOME.lng - half, HOME.lat + half],
];
const cst = (local: string) => Date.parse(`${local}+08:00`);

const position = (vehicleId: string, time: number, speedKmh: number): PositionRecord => ({
  vehicleId,
  time,
  receivedAt: time + 500,
  latE6: Math.round(HOME.lat * 1e6),
  lngE6: Math.round(HOME.lng * 1e6),
  altitude: 0,
  speed: speedKmh * 10,
  direction: 0,
  alarm: 0,
  status: 0x03,
  mileage: null,
  backfill: false,
  itemsHex: null,
});

/** Positions straight to the sink, as the position store hands it committed batches; then waits for the alarms. */
async function feed(vehicleId: string, times: number[], speedKmh = 30) {
  sink.accept(times.map((t) => position(vehicleId, t, speedKmh)));
  await sink.drain();
}

/** Waits until the sink's statistic has moved past `from` (a reload happened). */
async function reloaded(stat: 'zoneReloads' | 'profilesReloaded', from: number) {
  for (let i = 0; i < 100 && sink.stats()[stat] <= from; i++) await new Promise((r) => setTimeout(r, 50));
  expect(sink.stats()[stat]).toBeGreaterThan(from);
}

const get = (url: string, auth: Record<string, string>) => app.http.inject({ url, headers: auth });
const send = (method: 'POST' | 'PATCH', url: string, auth: Record<string, string>, payload: Record<string, unknown>) =>
  app.http.inject({ method, url, headers: auth, payload });
type Alarm = { id: string; rule: string; startedAt: string; endedAt: string | null; zoneId: string | null };
const alarms = async (vehicleId: string, rule: string) =>
  ((await get(`/api/v1/alarms?vehicleId=${vehicleId}&rule=${rule}`, officer)).json() as { items: Alarm[] }).items;

beforeAll(async () => {
  app = await startTestApp({ demo: true });
  officer = await app.signIn('officer');
  principal = await app.signIn('principal');
  enterpriseId = (await get('/api/v1/enterprises?trade=transport&limit=1', officer)).json().items[0].id;
  for (const [key, plateNumber, cls, terminalNumber] of [
    ['earth', '沪G00001', 'earthwork', '13600000001'],
    ['coach', '沪G00002', 'coach', '13600000002'],
    ['truck', '沪G00003', 'heavy_freight', '13600000003'],
  ] as const) {
    const res = await send('POST', '/api/v1/vehicles', officer, {
      plateNumber,
      plateColour: 'yellow',
      class: cls,
      enterpriseId,
      terminalNumber,
    });
    if (res.statusCode !== 201) throw new Error(res.body);
    ids[key] = res.json().id;
  }
  sink = await app.modules.alarms.startSink({ logger, options: { tickMs: 3_600_000, flushMs: 5, reloadMs: RELOAD_MS } });
});
afterAll(async () => {
  for (const t of terminals) t.close();
  await gateway?.gateway.close();
  await sink?.close();
  await app?.close();
});

describe('geofences change while the sink runs', () => {
  let zoneId: string;
  const day = (hhmm: string) => cst(`2026-12-01T${hhmm}`);

  it('a zone drawn now applies after the reload interval', async () => {
    await feed(ids.earth, [day('10:00:00')]);
    expect(await alarms(ids.earth, 'forbidden_zone')).toEqual([]);
    const before = sink.stats().zoneReloads;
    const created = await send('POST', '/api/v1/zones', officer, {
      kind: 'forbidden',
      name: '中心城区禁行区',
      polygon: square(0.01),
      classes: ['earthwork'],
    });
    expect(created.statusCode).toBe(201);
    zoneId = created.json().id;
    await reloaded('zoneReloads', before);
    await feed(ids.earth, [day('10:01:00'), day('10:02:00')]);
    expect(await alarms(ids.earth, 'forbidden_zone')).toEqual([
      expect.objectContaining({ zoneId, startedAt: new Date(day('10:01:00')).toISOString(), endedAt: null }),
    ]);
  });

  it('a changed zone: refused when invalid or by the enterprise, audited, and applied anew', async () => {
    const bad = await send('PATCH', `/api/v1/zones/${zoneId}`, officer, { window: { from: '7:00', to: '21:00' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.headers['content-type']).toContain('application/problem+json');
    expect(bad.json().errors.map((e: { field: string }) => e.field)).toEqual(['window.from']);
    expect((await send('PATCH', `/api/v1/zones/${zoneId}`, officer, {})).statusCode).toBe(400);
    expect((await send('PATCH', `/api/v1/zones/${zoneId}`, principal, { name: 'x' })).statusCode).toBe(403);
    expect((await send('PATCH', '/api/v1/zones/00000000-0000-4000-8000-000000000000', officer, { name: 'x' })).statusCode).toBe(404);
    const before = sink.stats().zoneReloads;
    const changed = await send('PATCH', `/api/v1/zones/${zoneId}`, officer, {
      name: '中心城区白天禁行区',
      window: { from: '07:00', to: '22:00' },
    });
    expect(changed.statusCode).toBe(200);
    expect(changed.json()).toMatchObject({
      name: '中心城区白天禁行区',
      window: { from: '07:00', to: '22:00' },
      classes: ['earthwork'],
      retiredAt: null,
    });
    await reloaded('zoneReloads', before);
    await feed(ids.earth, [day('10:03:00')]);
    const episodes = await alarms(ids.earth, 'forbidden_zone');
    // The episode under the old definition ended; one under the new one began.
    expect(episodes.map((a) => a.endedAt)).toEqual([null, new Date(day('10:03:00')).toISOString()]);
    const audited = await sql<{ action: string; before: Record<string, unknown> }>`
      select action, before from audit.entry where target_type = 'zone' and target_id = ${zoneId} order by seq`.execute(app.database.db);
    expect(audited.rows.map((r) => r.action)).toEqual(['alarms.zone.manage', 'alarms.zone.update']);
    expect(audited.rows[1]?.before).toEqual({ name: '中心城区禁行区', window: null });
  });

  it('a retired zone stops applying, is listed flagged, and cannot change again', async () => {
    expect((await send('POST', `/api/v1/zones/${zoneId}/retire`, officer, { reason: '' })).statusCode).toBe(400);
    const before = sink.stats().zoneReloads;
    const retired = await send('POST', `/api/v1/zones/${zoneId}/retire`, officer, { reason: '道路施工结束' });
    expect(retired.statusCode).toBe(200);
    expect(retired.json()).toMatchObject({ retiredAt: expect.any(String), retiredReason: '道路施工结束' });
    await reloaded('zoneReloads', before);
    await feed(ids.earth, [day('10:04:00'), day('10:05:00'), day('11:00:00')]);
    const episodes = await alarms(ids.earth, 'forbidden_zone');
    expect(episodes).toHaveLength(2);
    expect(episodes.every((a) => a.endedAt !== null)).toBe(true);
    expect(episodes[0]?.endedAt).toBe(new Date(day('10:04:00')).toISOString());
    const list = (await get('/api/v1/zones', officer)).json().items as { id: string; retiredAt: string | null }[];
    expect(list.find((z) => z.id === zoneId)?.retiredAt).toEqual(expect.any(String));
    expect((await app.modules.alarms.engineZones()).map((z) => z.id)).not.toContain(zoneId);
    const again = await send('POST', `/api/v1/zones/${zoneId}/retire`, officer, { reason: '再次停用' });
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('alarms.zone_retired');
    expect((await send('PATCH', `/api/v1/zones/${zoneId}`, officer, { name: 'x' })).statusCode).toBe(409);
    const audited = await sql<{ action: string }>`
      select action from audit.entry where target_type = 'zone' and target_id = ${zoneId} order by seq`.execute(app.database.db);
    expect(audited.rows.map((r) => r.action)).toEqual(['alarms.zone.manage', 'alarms.zone.update', 'alarms.zone.retire']);
  });
});

describe('a register change while the sink runs', () => {
  it('a coach made relay-exempt in the database stops its night-ban alarms', async () => {
    const night = (d: string, hhmm: string) => cst(`2026-12-0${d}T${hhmm}`);
    const minutes = (d: string, from: number, to: number) =>
      Array.from({ length: to - from + 1 }, (_, i) => night(d, `02:${String(from + i).padStart(2, '0')}:00`));
    await feed(ids.coach, minutes('2', 0, 5), 60);
    const [open] = await alarms(ids.coach, 'night_ban');
    expect(open).toMatchObject({ startedAt: new Date(night('2', '02:00:00')).toISOString(), endedAt: null });
    const before = sink.stats().profilesReloaded;
    // As the register's edit will do it: the flag and the change stamp.
    await sql`update vehicles.vehicle set relay_exempt = true, updated_at = now() where id = ${ids.coach}`.execute(app.database.db);
    await reloaded('profilesReloaded', before);
    await feed(ids.coach, minutes('2', 6, 30), 60);
    await feed(ids.coach, minutes('3', 0, 30), 60);
    const after = await alarms(ids.coach, 'night_ban');
    expect(after).toEqual([expect.objectContaining({ id: open?.id, endedAt: new Date(night('2', '02:06:00')).toISOString() })]);
  });
});

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('a driver’s card over TCP', () => {
  it('a 0x0702 card insertion followed by positions yields a fatigue alarm for the card’s driver', async () => {
    gateway = await startVehicleGateway({
      config: {
        HOST: '127.0.0.1',
        JT808_PORT: await freePort(),
        JT808_IDLE_SECONDS: 600,
        JT808_MAX_CONNECTIONS: 10,
        POSITION_RETENTION_DAYS: 30,
      },
      logger,
      clock: systemClock,
      pool: app.database.pool,
      vehicles: app.modules.vehicles,
      sink,
    });
    if (!gateway) throw new Error('no gateway');
    const t = await TestTerminal.connect(gateway.gateway.port, '13600000003', '2013');
    terminals.push(t);
    const reg = await t.registerResponse(
      t.send(
        0x0100,
        registrationBody(
          { province: 31, city: 115, makerId: 'GZ001', model: 'GZ-T808', terminalId: 'T000003', plateColour: 2, plate: '沪G00003' },
          '2013',
        ),
      ),
    );
    expect(reg.result).toBe(0);
    expect(await t.ack(t.send(0x0102, authenticationBody(reg.authCode as string, '2013')), 0x0102)).toBe(RESULT.ok);
    // 4 h 30 min of driving at 60 km/h, a report every 5 min, ending 30 min ago; the card went in just before.
    const start = Math.floor(Date.now() / 60_000) * 60_000 - 5 * 3_600_000;
    const card = driverIdentityBody(
      {
        event: 'card_inserted',
        time: start - 60_000,
        driverName: '赵六',
        qualificationCode: 'Q3101150001',
        issuingAuthority: '上海市交通委',
        validUntil: '20300101',
        idNumber: null,
      },
      '2013',
    );
    expect(await t.ack(t.send(0x0702, card), 0x0702)).toBe(RESULT.ok);
    for (let i = 0; i <= 54; i++) {
      const body = encodeLocation({ latE6: 31_200_000 + i * 1000, lngE6: 121_400_000, speed: 600, time: start + i * 5 * 60_000 });
      expect(await t.ack(t.send(0x0200, body), 0x0200)).toBe(RESULT.ok);
    }
    await sink.drain();
    const [fatigue] = await alarms(ids.truck, 'fatigue_continuous');
    expect(fatigue).toMatchObject({ startedAt: new Date(start + 4 * 3_600_000).toISOString() });
    const detail = (await get(`/api/v1/alarms/${fatigue?.id}`, officer)).json();
    expect(detail.detail).toEqual({ limitKind: 'day', driverKey: 'Q3101150001', driverName: '赵六' });
  });
});
