import { type Kysely, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createPositionStore,
  createVehicleLookup,
  type PositionRecord,
  type PositionStore,
  ROLLUP_GRACE_MS,
  type VehiclesTables,
} from '../../src/modules/vehicles/index.js';
import { systemClock } from '../../src/platform/clock/index.js';
import { createLogger } from '../../src/platform/logging/index.js';
import { startTestApp, type TestApp } from '../support/app.js';

const DAY = 86_400_000;
const CST = 8 * 3_600_000;
const INTERVAL = 30;
const today = Math.floor((Date.now() + CST) / DAY);
const dayStart = (day: number) => day * DAY - CST;
const [d1, d2, d3] = [today - 3, today - 2, today - 1];

let app: TestApp;
let store: PositionStore;
let lookup: ReturnType<typeof createVehicleLookup>;
let enterpriseId: string;
let a: string;
let b: string;

const position = (vehicleId: string, time: number, eastM = 0, fix = true): PositionRecord => ({
  vehicleId,
  time,
  receivedAt: time + 500,
  latE6: 31_200_000,
  lngE6: Math.round((121.4 + eastM / 95_000) * 1e6),
  altitude: 10,
  speed: 300,
  direction: 90,
  alarm: 0,
  status: fix ? 0x03 : 0x01,
  mileage: null,
  backfill: true,
  itemsHex: null,
});

const append = (records: PositionRecord[]) =>
  new Promise<void>((resolve, reject) => store.append(records, (ok) => (ok ? resolve() : reject(new Error('not stored')))));

const quality = async (from: number, to: number) => {
  const [row] = await lookup.quality([enterpriseId], new Date(from), new Date(to), INTERVAL);
  return row;
};

beforeAll(async () => {
  app = await startTestApp({ demo: true });
  const officer = await app.signIn('officer');
  const principal = await app.signIn('principal');
  enterpriseId = (await app.http.inject({ url: '/api/v1/organisations/mine', headers: principal })).json().items[0].id;
  const register = async (plateNumber: string, terminalNumber: string) => {
    const res = await app.http.inject({
      method: 'POST',
      url: '/api/v1/vehicles',
      headers: officer,
      payload: { plateNumber, plateColour: 'yellow', class: 'heavy_freight', enterpriseId, terminalNumber },
    });
    if (res.statusCode !== 201) throw new Error(res.body);
    return res.json().id as string;
  };
  a = await register('沪R10001', '13800010001');
  b = await register('沪R10002', '13800010002');
  lookup = createVehicleLookup(app.database.db as unknown as Kysely<VehiclesTables>);
  store = createPositionStore({
    pool: app.database.pool,
    clock: systemClock,
    logger: createLogger('silent'),
    latest: app.modules.vehicles.latest,
  });
  await store.start();
  const at = (day: number, hh: number, mm: number, ss = 0) => dayStart(day) + ((hh * 60 + mm) * 60 + ss) * 1000;
  await append([
    // Day 1, vehicle A: ten minutes at 30 s (21 instants), one of them sent twice, one without a fix, one 10 km jump.
    ...Array.from({ length: 21 }, (_, i) => position(a, at(d1, 10, 0, i * 30), i * 250, i !== 7)),
    position(a, at(d1, 10, 0, 5 * 30), 5 * 250),
    position(a, at(d1, 10, 10, 30), 10_000 + 5 * 250),
    // Day 1, vehicle A again in the afternoon, with a gap of 4 min (8 instants missing of 17).
    ...Array.from({ length: 9 }, (_, i) => position(a, at(d1, 15, 0, i * 30 + (i >= 4 ? 8 * 30 : 0)), i * 250)),
    // Across midnight from day 2 to day 3: each day counts its own span.
    ...Array.from({ length: 7 }, (_, i) => position(a, at(d2, 23, 58, i * 30), i * 250)),
    // Vehicle B reports on day 3 only.
    ...Array.from({ length: 5 }, (_, i) => position(b, at(d3, 8, 0, i * 30), i * 250)),
  ]);
});

afterAll(async () => {
  await store?.close();
  await app?.close();
});

describe('the daily roll-up of track figures', () => {
  it('counts each vehicle per CST day, and the roll-up gives the same figures as the positions', async () => {
    const from = dayStart(d1);
    const to = dayStart(today);
    const scanned = await quality(from, to);
    const fleet = Number(
      (await sql<{ n: string }>`select count(*) as n from vehicles.vehicle where enterprise_id = ${enterpriseId}`.execute(app.database.db))
        .rows[0]?.n,
    );
    // Day 1, A: 32 positions at 31 instants; its span 10:00:00–15:08:00 is 617 instants at 30 s; one without a
    // fix; one jump. Day 2, A: 4 instants over 90 s; day 3, A: 3 over 60 s (the night does not join them); B: 5.
    expect(scanned).toEqual({
      enterpriseId,
      vehicles: fleet,
      online: 2,
      positions: 32 + 4 + 3 + 5,
      expected: 617 + 4 + 3 + 5,
      received: 31 + 4 + 3 + 5,
      valid: 31 + 4 + 3 + 5,
      drift: 1,
    });
    const rolled = await app.modules.vehicleDays.rollUpDue({ now: new Date(dayStart(today) + ROLLUP_GRACE_MS), retentionDays: 4 });
    expect(rolled.days).toEqual([today - 4, d1, d2, d3]);
    const days = await sql<{ day: string; vehicles: number }>`
      select day::text as day, vehicles from vehicles.rolled_day where day >= (now() - interval '6 days')::date order by day`.execute(
      app.database.db,
    );
    expect(days.rows.map((r) => r.vehicles)).toEqual([0, 1, 1, 2]);
    expect(await quality(from, to)).toEqual(scanned);
    // Run again: nothing is due.
    expect((await app.modules.vehicleDays.rollUpDue({ now: new Date(dayStart(today) + ROLLUP_GRACE_MS), retentionDays: 4 })).days).toEqual(
      [],
    );
  });

  it('reads whole rolled-up days from the roll-up and scans the edges of the range', async () => {
    const before = await quality(dayStart(d1), dayStart(today));
    const edge = await quality(dayStart(d2) + 23 * 3_600_000, dayStart(today));
    // The positions of the rolled-up days are gone (as past the retention period): whole days still count, edges do not.
    await sql`delete from vehicles.position where time < ${new Date(dayStart(today))}`.execute(app.database.db);
    expect(await quality(dayStart(d1), dayStart(today))).toEqual(before);
    const afterEdge = await quality(dayStart(d2) + 23 * 3_600_000, dayStart(today));
    // Day 3 is whole and rolled up (A's 3 after midnight, B's 5); day 2's last hour is scanned and now empty.
    expect(edge?.positions).toBe(4 + 3 + 5);
    expect(afterEdge).toMatchObject({ online: 2, positions: 3 + 5 });
  });
});
