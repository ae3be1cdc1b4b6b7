/**
 * The ranking's track figures over a range of whole days: scanning every stored position (the baseline,
 * what the figures cost before the daily roll-up) against reading the roll-up, in the same run on the same
 * embedded PostgreSQL. Positions are generated in the database at one report per 30 s.
 *
 *   npm run bench:ranking                                   # 2,000 vehicles, 3 days (17 million positions)
 *   npm run bench:ranking -- --vehicles 500 --days 2 --runs 3
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type Kysely, sql } from 'kysely';
import { type Database, moduleMigrations } from '../src/app.js';
import { RANKING_INTERVAL_SECONDS } from '../src/modules/alarms/index.js';
import {
  createPositionStore,
  createVehicleLookup,
  LatestPositions,
  rollUpDay,
  type VehiclesTables,
} from '../src/modules/vehicles/index.js';
import { systemClock } from '../src/platform/clock/index.js';
import { migrate, openDatabase, startEmbeddedPostgres } from '../src/platform/db/index.js';
import { createLogger } from '../src/platform/logging/index.js';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i === -1 ? fallback : Number(process.argv[i + 1]);
};
const vehicles = arg('vehicles', 2000);
const days = arg('days', 3);
const runs = arg('runs', 5);
const perEnterprise = 20;

const DAY = 86_400_000;
const CST = 8 * 3_600_000;
const today = Math.floor((Date.now() + CST) / DAY);
const dayStart = (day: number) => day * DAY - CST;
const first = today - days;

const logger = createLogger('warn');
const dataDir = mkdtempSync(path.join(tmpdir(), 'gongzhi-bench-ranking-'));
const embedded = await startEmbeddedPostgres({ dataDir, port: 0, logger });
const database = openDatabase<Database>(embedded.url, { poolSize: 4, logger });
const db = database.db as unknown as Kysely<VehiclesTables>;
const ms = (t0: number) => Math.round(performance.now() - t0);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;

try {
  await migrate(database.db as Kysely<unknown>, moduleMigrations);
  const store = createPositionStore({
    pool: database.pool,
    clock: systemClock,
    logger,
    latest: new LatestPositions(),
    options: { backDays: days + 1 },
  });
  await store.start();
  await store.close();
  const enterprises = Math.ceil(vehicles / perEnterprise);
  await sql`
    insert into vehicles.vehicle (plate_number, plate_colour, class, enterprise_id, terminal_number)
    select '沪B' || lpad(g::text, 6, '0'), 'yellow', 'heavy_freight',
           ('00000000-0000-4000-8000-' || lpad(((g - 1) / ${perEnterprise})::text, 12, '0'))::uuid, (13000000000 + g)::text
      from generate_series(1, ${vehicles}) g`.execute(db);
  const t0 = performance.now();
  // Each vehicle reports every 30 s from 06:00 to 22:00 CST with a 5 % gap and an occasional jump.
  for (let d = first; d < today; d++) {
    await sql`
      insert into vehicles.position (vehicle_id, time, received_at, lat, lng, altitude, speed_kmh, direction, alarm, status, mileage_km, backfill)
      select v.id, t, t + interval '1 second', 31.2 + (k % 600) * 0.0001, 121.4 + case when k % 997 = 0 then 0.2 else 0 end, 10, 40, 90, 0,
             case when k % 211 = 0 then 1 else 3 end, null, false
        from vehicles.vehicle v,
             generate_series(0, 16 * 120 - 1) k,
             lateral (select ${new Date(dayStart(d) + 6 * 3_600_000)}::timestamptz + k * interval '30 seconds' as t) tt
       where k % 20 <> 7`.execute(db);
  }
  await sql`analyze vehicles.position`.execute(db);
  const positions = Number((await sql<{ n: string }>`select count(*) as n from vehicles.position`.execute(db)).rows[0]?.n);
  console.log(
    `${vehicles} vehicles of ${enterprises} enterprises, ${days} days: ${positions.toLocaleString('en')} positions generated in ${ms(t0)} ms`,
  );

  const lookup = createVehicleLookup(db);
  const ids = Array.from({ length: enterprises }, (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`);
  const from = new Date(dayStart(first));
  const to = new Date(dayStart(today));
  const time = async () => {
    const xs: number[] = [];
    let result: Awaited<ReturnType<typeof lookup.quality>> = [];
    for (let i = 0; i < runs; i++) {
      const t = performance.now();
      result = await lookup.quality(ids, from, to, RANKING_INTERVAL_SECONDS);
      xs.push(performance.now() - t);
    }
    return { median: Math.round(median(xs)), result };
  };
  const scan = await time();
  const r0 = performance.now();
  for (let d = first; d < today; d++) await rollUpDay(db, d, RANKING_INTERVAL_SECONDS);
  const rollMs = ms(r0);
  const rolled = await time();
  const same = JSON.stringify(scan.result) === JSON.stringify(rolled.result);
  if (!same) {
    const other = new Map(rolled.result.map((r) => [r.enterpriseId, r]));
    const differs = scan.result.find((r) => JSON.stringify(r) !== JSON.stringify(other.get(r.enterpriseId)));
    console.log('first difference:', JSON.stringify(differs), JSON.stringify(differs && other.get(differs.enterpriseId)));
  }
  console.log(`roll-up of ${days} days: ${rollMs.toLocaleString('en')} ms (${Math.round(rollMs / days).toLocaleString('en')} ms a day)`);
  console.log(`ranking figures over ${days} days, median of ${runs}:`);
  console.log(`  scanning the positions (baseline): ${scan.median.toLocaleString('en')} ms`);
  console.log(
    `  from the roll-up:                  ${rolled.median.toLocaleString('en')} ms  (${(scan.median / Math.max(1, rolled.median)).toFixed(0)}× faster)`,
  );
  console.log(`  same figures both ways: ${same ? 'yes' : 'NO'}`);
  if (!same) process.exitCode = 1;
} finally {
  await database.close();
  await embedded.stop();
  rmSync(dataDir, { recursive: true, force: true });
}
