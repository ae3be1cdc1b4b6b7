import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bcdTime } from '../../src/ingest/jt808/bytes.js';
import { deliveryOf, gatewayDriverMessenger } from '../../src/ingest/jt808/driver-messenger.js';
import { encodeFrame } from '../../src/ingest/jt808/frame.js';
import { type Gateway, startGateway } from '../../src/ingest/jt808/gateway.js';
import { encodeLocation, item } from '../../src/ingest/jt808/location.js';
import {
  authenticationBody,
  batchBody,
  decodeResendRequest,
  driverIdentityBody,
  REGISTER_RESULT,
  RESULT,
  registrationBody,
} from '../../src/ingest/jt808/messages.js';
import { decodeTextMessage, textMessageBody } from '../../src/ingest/jt808/text-message.js';
import { createPositionStore, type PositionStore } from '../../src/modules/vehicles/index.js';
import { fixedClock } from '../../src/platform/clock/index.js';
import { createLogger } from '../../src/platform/logging/index.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { TestTerminal } from '../support/jt808-terminal.js';

let app: TestApp;
let officer: Record<string, string>;
let gateway: Gateway;
let store: PositionStore;
let enterpriseId: string;
const clock = fixedClock(new Date());
const open: TestTerminal[] = [];

beforeAll(async () => {
  app = await startTestApp({ demo: true });
  officer = await app.signIn('officer');
  enterpriseId = (await app.http.inject({ url: '/api/v1/enterprises?trade=transport&limit=1', headers: officer })).json().items[0].id;
  for (const [plateNumber, terminalNumber] of [
    ['沪E00001', '13900000001'],
    ['沪E00002', '13900000002'],
    ['沪E00003', '13900000003'],
  ]) {
    const res = await app.http.inject({
      method: 'POST',
      url: '/api/v1/vehicles',
      headers: officer,
      payload: { plateNumber, plateColour: 'yellow', class: 'hazardous_goods', enterpriseId, terminalNumber },
    });
    if (res.statusCode !== 201) throw new Error(res.body);
  }
  const logger = createLogger('silent');
  store = createPositionStore({ pool: app.database.pool, clock, logger, latest: app.modules.vehicles.latest, options: { concurrency: 2 } });
  await store.start();
  gateway = await startGateway({
    terminals: app.modules.vehicles.terminals,
    store,
    clock,
    logger,
    host: '127.0.0.1',
    port: 0,
    options: { sweepIntervalMs: 3_600_000, frameTimeoutMs: 20_000, idleMs: 180_000, authTimeoutMs: 60_000 },
  });
});
afterAll(async () => {
  for (const t of open) t.close();
  await gateway?.close();
  await app?.close();
});

async function connect(terminal: string, edition: '2013' | '2019' = '2013') {
  const t = await TestTerminal.connect(gateway.port, terminal, edition);
  open.push(t);
  return t;
}

const registration = (plate: string, edition: '2013' | '2019') =>
  registrationBody({ province: 31, city: 115, makerId: 'GZ001', model: 'GZ-T808', terminalId: 'T000001', plateColour: 2, plate }, edition);

/** Registers and authenticates; returns the connected terminal and its code. */
async function signOn(terminal: string, plate: string, edition: '2013' | '2019' = '2013') {
  const t = await connect(terminal, edition);
  const reg = await t.registerResponse(t.send(0x0100, registration(plate, edition)));
  if (reg.result !== 0 || !reg.authCode) throw new Error(`registration refused: ${reg.result}`);
  const result = await t.ack(t.send(0x0102, authenticationBody(reg.authCode, edition, '866123456789012', 'V1.0')), 0x0102);
  if (result !== 0) throw new Error('authentication refused');
  return { t, code: reg.authCode };
}

const at = (bcd: string) => bcdTime(Buffer.from(bcd, 'hex'), 0) as number;
/** A position n seconds after the start of the current minute, so it lands in today's partition. */
const soon = (n: number) => Math.floor(clock.now().getTime() / 60_000) * 60_000 + n * 1000;
const rows = async (terminalNumber: string) =>
  (
    await sql<{
      time: Date;
      lat: number;
      lng: number;
      speed_kmh: number;
      alarm: number;
      status: number;
      mileage_km: number | null;
      backfill: boolean;
      items: Buffer | null;
    }>`
      select p.time, p.lat, p.lng, p.speed_kmh, p.alarm, p.status, p.mileage_km, p.backfill, p.items
        from vehicles.position p join vehicles.vehicle v on v.id = p.vehicle_id
       where v.terminal_number = ${terminalNumber} order by p.time`.execute(app.database.db)
  ).rows;

describe('registration and authentication over TCP', () => {
  it('refuses a terminal that is not in the register with 0x8100 result 4, answering its serial', async () => {
    const t = await connect('13999999999');
    const serial = t.send(0x0100, registration('沪E99999', '2013'), { serial: 77 });
    const reg = await t.registerResponse(serial);
    expect(reg).toMatchObject({ result: REGISTER_RESULT.terminalNotInDatabase, authCode: null });
    expect(reg.frame.header).toMatchObject({ edition: '2013', terminal: '013999999999' });
  });

  it('refuses a known terminal reporting another vehicle’s plate with result 2', async () => {
    const t = await connect('13900000003');
    expect((await t.registerResponse(t.send(0x0100, registration('沪E99999', '2013')))).result).toBe(REGISTER_RESULT.vehicleNotInDatabase);
  });

  it('registers a known terminal, issues a code, and accepts only that code on 0x0102', async () => {
    const t = await connect('13900000001');
    const reg = await t.registerResponse(t.send(0x0100, registration('沪E00001', '2013')));
    expect(reg.result).toBe(0);
    expect(reg.authCode).toMatch(/^[A-Za-z0-9_-]{16}$/);
    expect(await t.ack(t.send(0x0102, authenticationBody('wrong-code', '2013')), 0x0102)).toBe(RESULT.failure);
    expect(await t.ack(t.send(0x0102, authenticationBody(reg.authCode as string, '2013')), 0x0102)).toBe(RESULT.ok);
    expect(await t.ack(t.send(0x0002), 0x0002)).toBe(RESULT.ok);
    t.close();
  });

  it('answers a 2019 terminal in the 2019 edition, with its BCD[10] number', async () => {
    const { t } = await signOn('13900000002', '沪E00002', '2019');
    const serial = t.send(0x0002);
    const reply = await t.next((f) => f.header.messageId === 0x8001 && f.body.readUInt16BE(0) === serial);
    expect(reply.header).toMatchObject({ edition: '2019', versionFlag: true, protocolVersion: 1, terminal: '00000000013900000002' });
    t.close();
  });
});

describe('locations acknowledged only once stored', () => {
  let t: TestTerminal;
  let code: string;

  beforeAll(async () => {
    ({ t, code } = await signOn('13900000001', '沪E00001'));
  });

  it('refuses a location from a connection that has not authenticated, storing nothing', async () => {
    const stranger = await connect('13900000001');
    const serial = stranger.send(0x0200, encodeLocation({ latE6: 31e6, lngE6: 121e6, time: soon(59) }));
    expect(await stranger.ack(serial, 0x0200)).toBe(RESULT.failure);
    expect(await rows('13900000001')).toEqual([]);
    expect(gateway.stats().positions.unauthenticated).toBe(1);
  });

  it('acknowledges a 0x0200 with its serial once the row is in the database, all fields intact', async () => {
    const items = Buffer.concat([
      item(0x01, Buffer.from('0000303a', 'hex')),
      item(0x30, Buffer.from([0x1f])),
      item(0xe1, Buffer.from('beef', 'hex')),
    ]);
    const body = Buffer.concat([
      encodeLocation({
        alarm: 0x80000002,
        status: 0x000c0003,
        latE6: -31230416,
        lngE6: -121473701,
        altitude: 12,
        speed: 805,
        direction: 90,
        time: soon(1),
      }),
      items,
    ]);
    const serial = t.send(0x0200, body, { serial: 1000 });
    expect(await t.ack(serial, 0x0200)).toBe(RESULT.ok);
    const stored = await rows('13900000001');
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({
      lat: -31.230416,
      lng: -121.473701,
      speed_kmh: 80.5,
      alarm: 0x80000002 | 0,
      status: 0x000c000f,
      mileage_km: 1234.6,
      backfill: false,
    });
    expect(stored[0]?.time.getTime()).toBe(soon(1));
    expect(stored[0]?.items).toEqual(items);
  });

  it('acknowledges a blind-area batch once, storing every item marked as back-fill', async () => {
    const locations = [2, 3, 4].map((s) => encodeLocation({ latE6: 31e6 + s, lngE6: 121e6, speed: 100 * s, time: soon(s) }));
    const serial = t.send(0x0704, batchBody(locations, true));
    expect(await t.ack(serial, 0x0704)).toBe(RESULT.ok);
    const stored = (await rows('13900000001')).filter((r) => r.backfill);
    expect(stored.map((r) => r.speed_kmh)).toEqual([20, 30, 40]);
  });

  it('answers a location whose body is wrong with result 2 and stores nothing', async () => {
    const before = (await rows('13900000001')).length;
    expect(await t.ack(t.send(0x0200, Buffer.alloc(20)), 0x0200)).toBe(RESULT.messageError);
    const badTime = encodeLocation({ latE6: 1, lngE6: 1, time: soon(5) });
    badTime.fill(0x99, 22, 28);
    expect(await t.ack(t.send(0x0200, badTime), 0x0200)).toBe(RESULT.messageError);
    expect((await rows('13900000001')).length).toBe(before);
  });

  it('answers an unknown message with result 3 and a driver’s card with result 0, storing the event', async () => {
    expect(await t.ack(t.send(0x0f01, Buffer.from('00', 'hex')), 0x0f01)).toBe(RESULT.unsupported);
    const body = driverIdentityBody(
      {
        event: 'card_inserted',
        time: soon(6),
        driverName: '张三',
        qualificationCode: 'Q310101',
        issuingAuthority: '上海市交通委',
        validUntil: '20300101',
        idNumber: null,
      },
      '2013',
    );
    expect(await t.ack(t.send(0x0702, body), 0x0702)).toBe(RESULT.ok);
    const events = await sql<{ driver_name: string; event: string }>`select driver_name, event from vehicles.driver_event`.execute(
      app.database.db,
    );
    expect(events.rows).toEqual([{ driver_name: '张三', event: 'card_inserted' }]);
  });

  it('drops malformed traffic, counting each reason, and still acknowledges the good frames that follow', async () => {
    const drops = gateway.stats().drops;
    const good = (s: number) =>
      encodeFrame(
        { messageId: 0x0200, edition: '2013', terminal: '13900000001', serial: s },
        encodeLocation({ latE6: 31e6, lngE6: 121e6, time: soon(10 + (s % 40)) }),
      );
    const badCheck = Buffer.from(good(2001));
    badCheck[badCheck.length - 2] = (badCheck[badCheck.length - 2] as number) ^ 0x55;
    const lengthMismatch = Buffer.concat([good(2002).subarray(0, -2), Buffer.from([0x00, 0x00, 0x7e])]);
    t.write(
      Buffer.concat([
        Buffer.from('GET / HTTP/1.1\r\n\r\n'),
        good(2000),
        badCheck,
        Buffer.from('7e02007d0300aa7e', 'hex'),
        lengthMismatch,
        Buffer.concat([Buffer.from([0x7e]), Buffer.alloc(3000, 0x31), Buffer.from([0x7e])]),
        good(2003).subarray(0, 15),
        good(2004),
      ]),
    );
    expect(await t.ack(2000, 0x0200)).toBe(RESULT.ok);
    expect(await t.ack(2004, 0x0200)).toBe(RESULT.ok);
    expect(t.acked(2001, 0x0200) || t.acked(2002, 0x0200) || t.acked(2003, 0x0200)).toBe(false);
    const after = gateway.stats().drops;
    const delta = (k: string) => (after[k] ?? 0) - (drops[k] ?? 0);
    expect({
      garbage: delta('garbage'),
      bad_check_code: delta('bad_check_code'),
      bad_escape: delta('bad_escape'),
      length_mismatch: delta('length_mismatch'),
      oversized: delta('oversized'),
      truncated: delta('truncated'),
    }).toEqual({ garbage: 1, bad_check_code: 1, bad_escape: 1, length_mismatch: 1, oversized: 1, truncated: 1 });
    expect(await t.ack(t.send(0x0002), 0x0002)).toBe(RESULT.ok);
  });

  it('reassembles a sub-packaged batch, asking with 0x8003 for the missing package', async () => {
    const locations = [20, 21, 22, 23].map((s) => encodeLocation({ latE6: 31e6, lngE6: 121e6 + s, time: soon(s) }));
    const whole = batchBody(locations, false);
    const parts = [whole.subarray(0, 50), whole.subarray(50, 100), whole.subarray(100)];
    t.send(0x0704, parts[0], { serial: 3000, packet: { total: 3, index: 1 } });
    t.send(0x0704, parts[2], { serial: 3002, packet: { total: 3, index: 3 } });
    const request = await t.next((f) => f.header.messageId === 0x8003);
    expect(decodeResendRequest(request.body, '2013')).toEqual({ firstSerial: 3000, packages: [2] });
    t.send(0x0704, parts[1], { serial: 3001, packet: { total: 3, index: 2 } });
    expect(await t.ack(3000, 0x0704)).toBe(RESULT.ok);
    const stored = await rows('13900000001');
    expect(stored.filter((r) => [20, 21, 22, 23].some((s) => r.time.getTime() === soon(s)))).toHaveLength(4);
  });

  it('shows the newest position on the vehicle and the whole track through the API', async () => {
    const list = (await app.http.inject({ url: '/api/v1/vehicles?q=E00001', headers: officer })).json();
    const id = list.items[0].id as string;
    for (let i = 0; i < 50; i++) {
      const v = (await app.http.inject({ url: `/api/v1/vehicles/${id}`, headers: officer })).json();
      if (v.latest) {
        expect(v.terminal).toMatchObject({ edition: '2013', authenticatedAt: expect.any(String) });
        break;
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    const from = new Date(soon(0)).toISOString();
    const to = new Date(soon(60)).toISOString();
    const track = (
      await app.http.inject({
        url: `/api/v1/vehicles/${id}/track?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`,
        headers: officer,
      })
    ).json();
    const times = track.positions.map((p: { time: string }) => Date.parse(p.time));
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(track.positions.length).toBeGreaterThanOrEqual(10);
    expect(track.positions.find((p: { backfill: boolean }) => p.backfill)).toBeDefined();
    // The table follows memory within about a second.
    let inTable = 0;
    for (let i = 0; i < 50 && inTable === 0; i++) {
      const r = await sql<{ n: number }>`select count(*)::int as n from vehicles.latest_position where vehicle_id = ${id}`.execute(
        app.database.db,
      );
      inTable = r.rows[0]?.n ?? 0;
      if (inTable === 0) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(inTable).toBe(1);
  });

  it('logs a terminal out: acknowledged, and its code no longer authenticates', async () => {
    expect(await t.ack(t.send(0x0003), 0x0003)).toBe(RESULT.ok);
    expect(await t.ack(t.send(0x0200, encodeLocation({ latE6: 1, lngE6: 1, time: soon(30) })), 0x0200)).toBe(RESULT.failure);
    const again = await connect('13900000001');
    expect(await again.ack(again.send(0x0102, authenticationBody(code, '2013')), 0x0102)).toBe(RESULT.failure);
  });
});

describe('connections that misbehave', () => {
  it('closes a connection that trickles a frame slower than the frame timeout', async () => {
    const t = await connect('13900000003');
    t.write(Buffer.from('7e0200001c', 'hex'));
    await new Promise((r) => setTimeout(r, 100));
    gateway.sweepNow();
    clock.advance(21_000);
    gateway.sweepNow();
    await t.closed;
    expect(gateway.stats().connections.closed.slow_frame).toBe(1);
  });

  it('closes a connection that never authenticates, and one that goes quiet', async () => {
    const quiet = await connect('13900000003');
    clock.advance(61_000);
    gateway.sweepNow();
    await quiet.closed;
    const { t } = await signOn('13900000002', '沪E00002');
    clock.advance(181_000);
    gateway.sweepNow();
    await t.closed;
    const closed = gateway.stats().connections.closed;
    expect(closed.unauthenticated).toBeGreaterThanOrEqual(1);
    expect(closed.idle).toBeGreaterThanOrEqual(1);
  });

  it('closes a terminal after three wrong codes', async () => {
    const t = await connect('13900000003');
    for (let i = 0; i < 3; i++) t.send(0x0102, authenticationBody(`guess-${i}`, '2013'));
    await t.closed;
    expect(gateway.stats().connections.closed.auth_failures).toBe(1);
  });
});

describe('many terminals at once', () => {
  it('acknowledges every position from 200 connections, each answered with its own serials', async () => {
    const n = 200;
    const per = 20;
    const ids = await app.modules.vehicles.seed.insertVehicles(
      Array.from({ length: n }, (_, i) => ({
        plateNumber: `沪F${String(i).padStart(5, '0')}`,
        plateColour: 'yellow' as const,
        class: 'heavy_freight' as const,
        enterpriseId,
        terminalNumber: `1370000${String(i).padStart(4, '0')}`,
        sim: null,
        createdBy: null,
      })),
    );
    expect(ids).toHaveLength(n);
    const terminals = await Promise.all(
      ids.map((_, i) => signOn(`1370000${String(i).padStart(4, '0')}`, `沪F${String(i).padStart(5, '0')}`)),
    );
    await Promise.all(
      terminals.map(async ({ t }) => {
        const serials = Array.from({ length: per }, (_, k) =>
          t.send(0x0200, encodeLocation({ latE6: 31e6 + k, lngE6: 121e6, time: soon(k) })),
        );
        const results = await Promise.all(serials.map((s) => t.ack(s, 0x0200, 30_000)));
        expect(results.every((r) => r === 0)).toBe(true);
      }),
    );
    const stored = await sql<{ n: number }>`
      select count(*)::int as n from vehicles.position p join vehicles.vehicle v on v.id = p.vehicle_id
       where v.terminal_number like '1370000%'`.execute(app.database.db);
    expect(stored.rows[0]?.n).toBe(n * per);
    for (const { t } of terminals) t.close();
  });
});

describe('a store that falls behind', () => {
  it('stops reading every socket until the store catches up, then acknowledges everything', async () => {
    const logger = createLogger('silent');
    const slow = createPositionStore({
      pool: app.database.pool,
      clock,
      logger,
      latest: app.modules.vehicles.latest,
      options: { concurrency: 1, maxPendingRows: 20, maxBatchRows: 10, maxWaitMs: 20 },
    });
    await slow.start();
    const second = await startGateway({
      terminals: app.modules.vehicles.terminals,
      store: slow,
      clock,
      logger,
      host: '127.0.0.1',
      port: 0,
    });
    try {
      const t = await TestTerminal.connect(second.port, '13900000003');
      open.push(t);
      const reg = await t.registerResponse(t.send(0x0100, registration('沪E00003', '2013')));
      expect(await t.ack(t.send(0x0102, authenticationBody(reg.authCode as string, '2013')), 0x0102)).toBe(0);
      const serials = Array.from({ length: 60 }, (_, k) =>
        t.send(0x0704, batchBody([encodeLocation({ latE6: 30e6 + k, lngE6: 120e6, time: soon(k % 60) })], false)),
      );
      const results = await Promise.all(serials.map((s) => t.ack(s, 0x0704)));
      expect(results.every((r) => r === 0)).toBe(true);
      expect(second.stats().storePauses).toBeGreaterThanOrEqual(1);
      expect(slow.stats().overloaded).toBe(false);
      t.close();
    } finally {
      await second.close();
    }
  });
});

describe('partitions and odd clocks', () => {
  it('keeps a position from a terminal whose clock is years off, outside the daily partitions', async () => {
    const { t } = await signOn('13900000003', '沪E00003');
    expect(await t.ack(t.send(0x0200, encodeLocation({ latE6: 1, lngE6: 1, time: at('000101000000') })), 0x0200)).toBe(RESULT.ok);
    const outliers = await sql<{ n: number }>`select count(*)::int as n from vehicles.position_outlier`.execute(app.database.db);
    expect(outliers.rows[0]?.n).toBe(1);
    expect(store.stats().outlierRows).toBe(1);
    t.close();
  });

  it('creates daily partitions ahead and drops those past the retention period', async () => {
    const names = async () =>
      (
        await sql<{ name: string }>`
          select c.relname as name from pg_inherits i join pg_class c on c.oid = i.inhrelid
           where i.inhparent = 'vehicles.position'::regclass order by 1`.execute(app.database.db)
      ).rows.map((r) => r.name);
    const before = await names();
    expect(before.length).toBeGreaterThanOrEqual(11);
    clock.advance(200 * 86_400_000);
    await store.maintain();
    const after = await names();
    expect(after.some((n) => before.includes(n))).toBe(false);
    expect(after.length).toBe(11);
    clock.advance(-200 * 86_400_000);
  });
});

describe('platform messages to a terminal (a text to the driver)', () => {
  const vehicleOf = async (terminalNumber: string) =>
    (await sql<{ id: string }>`select id from vehicles.vehicle where terminal_number = ${terminalNumber}`.execute(app.database.db)).rows[0]
      ?.id as string;
  const answer = (t: TestTerminal, serial: number, result: number) => {
    const body = Buffer.alloc(5);
    body.writeUInt16BE(serial, 0);
    body.writeUInt16BE(0x8300, 2);
    body[4] = result;
    t.send(0x0001, body);
  };

  it('goes out in the edition the terminal authenticated with and resolves with its general response', async () => {
    const { t } = await signOn('13900000003', '沪E00003', '2019');
    open.push(t);
    const vehicleId = await vehicleOf('13900000003');
    const messenger = gatewayDriverMessenger(gateway, 2000);
    const sent = messenger(vehicleId, '前方施工，请减速', { urgent: false });
    const frame = await t.next((f) => f.header.messageId === 0x8300);
    expect(frame.header.edition).toBe('2019');
    expect(decodeTextMessage(frame.body, '2019')).toEqual({ kind: 'notice', display: true, tts: true, text: '前方施工，请减速' });
    // An answer to another serial is not the answer.
    answer(t, (frame.header.serial + 1) & 0xffff, RESULT.ok);
    answer(t, frame.header.serial, RESULT.failure);
    expect(await sent).toBe('refused');
    t.close();
    await t.closed;
  });

  it('is not answered in time, or the connection goes, or there is none: no_answer, no_answer, offline', async () => {
    const { t } = await signOn('13900000003', '沪E00003', '2019');
    open.push(t);
    const vehicleId = await vehicleOf('13900000003');
    expect(
      deliveryOf(
        await gateway.command(vehicleId, 0x8300, (e) => textMessageBody({ kind: 'notice', display: true, tts: false, text: 'a' }, e), 200),
      ),
    ).toBe('no_answer');
    const pending = gateway.command(
      vehicleId,
      0x8300,
      (e) => textMessageBody({ kind: 'notice', display: true, tts: false, text: 'b' }, e),
      60_000,
    );
    await t.next((f) => f.header.messageId === 0x8300 && decodeTextMessage(f.body, '2019').text === 'b');
    t.close();
    expect(await pending).toBe('no_answer');
    await t.closed;
    await new Promise((r) => setTimeout(r, 50));
    expect(await gateway.command(vehicleId, 0x8300, () => Buffer.alloc(1), 200)).toBe('offline');
    expect(await gateway.command('00000000-0000-4000-8000-000000000000', 0x8300, () => Buffer.alloc(1), 200)).toBe('offline');
  });
});
