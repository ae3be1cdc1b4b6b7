/**
 * Track figures per vehicle and CST day, and their daily roll-up.
 *
 * The ranking's data-quality figures (online rate, track completeness, validity,
 * drift) are counted per vehicle and day, as monitoring centres assess them. A
 * day that has ended (plus a grace period for blind-area back-fill) is rolled up
 * once into vehicles.vehicle_day; a range then reads those rows for its whole
 * rolled-up days and scans positions only for the rest. A month of a whole
 * city's fleet is about 6 million roll-up rows instead of 50 billion positions.
 */
import { type Kysely, type RawBuilder, sql } from 'kysely';
import type { Logger } from '../../platform/logging/index.js';
import { cstDay, dayStart } from './vehicles.rules.js';
import type { VehiclesTables } from './vehicles.tables.js';

const DAY_MS = 86_400_000;
/** A day is rolled up this long after it ends: terminals back-fill what they could not send on reconnecting. */
export const ROLLUP_GRACE_MS = 2 * 3_600_000;
/** Roll-up rows are kept this long (longer than positions: a year's figures outlive the tracks). */
export const ROLLUP_RETENTION_DAYS = 400;
/** Days rolled up per run at most, so a first run over a long retention period does not hold the database for long. */
const DAYS_PER_RUN = 31;

/** Plausibility bounds: a fix, inside the WGS-84 range and not at (0, 0), at most 220 km/h, at most 10 min ahead of arrival. */
const MAX_PLAUSIBLE_KMH = 220;
/** A position implying more than this speed from the vehicle's previous one (that day) is a drift (jump). */
export const DRIFT_KMH = 250;

/** 'YYYY-MM-DD' of a CST day number. */
export function isoDay(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

export function dayOfIso(iso: string): number {
  return Math.floor(Date.parse(`${iso}T00:00:00Z`) / DAY_MS);
}

export interface RangePlan {
  /** Whole CST days of the range read from the roll-up. */
  rolled: number[];
  /** The rest, as [from, to) epoch ms, in order, adjacent pieces merged. */
  scan: [number, number][];
}

/** Splits [from, to) into the whole days that have been rolled up and the pieces to scan. */
export function planRange(from: number, to: number, rolledDays: ReadonlySet<number>): RangePlan {
  const rolled: number[] = [];
  const scan: [number, number][] = [];
  const push = (a: number, b: number) => {
    if (b <= a) return;
    const last = scan[scan.length - 1];
    if (last && last[1] === a) last[1] = b;
    else scan.push([a, b]);
  };
  if (to <= from) return { rolled, scan };
  let at = from;
  while (at < to) {
    const day = cstDay(at);
    const end = Math.min(dayStart(day + 1), to);
    if (at === dayStart(day) && end === dayStart(day + 1) && rolledDays.has(day)) rolled.push(day);
    else push(at, end);
    at = end;
  }
  return { rolled, scan };
}

/** The days due for a roll-up at `now`: ended more than the grace period ago, within the retention of positions, not yet rolled up. */
export function dueDays(now: number, retentionDays: number, rolledDays: ReadonlySet<number>, limit = DAYS_PER_RUN): number[] {
  const last = cstDay(now - ROLLUP_GRACE_MS) - 1;
  const first = cstDay(now) - retentionDays;
  const due: number[] = [];
  for (let d = first; d <= last && due.length < limit; d++) if (!rolledDays.has(d)) due.push(d);
  return due;
}

const dayExpr = sql`((p.time at time zone 'UTC') + interval '8 hours')::date`;

/** One row per vehicle and CST day over the positions matching the conditions. */
function perVehicleDay(time: RawBuilder<unknown>, vehicles: RawBuilder<unknown>, intervalSeconds: number): RawBuilder<unknown> {
  return sql`
    with pos as (
      select p.vehicle_id, ${dayExpr} as day, p.time, p.received_at, p.lat, p.lng, p.speed_kmh, p.status,
             lag(p.time) over w as prev_time, lag(p.lat) over w as prev_lat, lag(p.lng) over w as prev_lng
        from vehicles.position p
       where (${time}) and ${vehicles}
      window w as (partition by p.vehicle_id, ${dayExpr} order by p.time)
    ), judged as (
      select vehicle_id, day, time,
             (status & 2) <> 0 and lat between -90 and 90 and lng between -180 and 180 and not (lat = 0 and lng = 0)
               and speed_kmh between 0 and ${MAX_PLAUSIBLE_KMH} and time <= received_at + interval '10 minutes' as valid,
             prev_time is not null and (
               case when time = prev_time then false
               else 2 * 6371.0088 * asin(least(1, sqrt(
                      power(sin(radians(lat - prev_lat) / 2), 2)
                      + cos(radians(lat)) * cos(radians(prev_lat)) * power(sin(radians(lng - prev_lng) / 2), 2))))
                    / (extract(epoch from time - prev_time) / 3600.0) > ${DRIFT_KMH}
               end) as drift
        from pos
    )
    select vehicle_id, day, count(*)::int as positions, count(distinct time)::int as distinct_times,
           (floor(extract(epoch from max(time) - min(time)) / ${intervalSeconds}) + 1)::int as expected,
           (count(*) filter (where valid))::int as valid, (count(*) filter (where drift))::int as drift
      from judged group by vehicle_id, day`;
}

function timeRanges(pieces: readonly [number, number][]): RawBuilder<unknown> {
  return sql.join(
    pieces.map(([a, b]) => sql`(p.time >= ${new Date(a)} and p.time < ${new Date(b)})`),
    sql` or `,
  );
}

/** Per enterprise, over positions of terminal time in [from, to). */
export interface FleetQuality {
  enterpriseId: string;
  vehicles: number;
  /** Vehicles with at least one position in the range. */
  online: number;
  positions: number;
  /** Positions expected at the reporting interval over each reporting vehicle's first-to-last span of each day. */
  expected: number;
  /** Positions received, counted up to what was expected per vehicle and day. */
  received: number;
  valid: number;
  drift: number;
}

async function rolledDays(db: Kysely<VehiclesTables>, from: number, to: number, intervalSeconds: number): Promise<Set<number>> {
  const rows = await db
    .selectFrom('vehicles.rolled_day')
    .select(sql<string>`day::text`.as('day'))
    .where('interval_seconds', '=', intervalSeconds)
    .where(sql<boolean>`day between ${isoDay(cstDay(from))}::date and ${isoDay(cstDay(to))}::date`)
    .execute();
  return new Set(rows.map((r) => dayOfIso(r.day)));
}

/**
 * Data-quality figures per enterprise: the rolled-up days from vehicles.vehicle_day,
 * the rest (today, the edges of the range, days not rolled up yet) from the positions.
 */
export async function fleetQuality(
  db: Kysely<VehiclesTables>,
  enterpriseIds: readonly string[],
  from: Date,
  to: Date,
  intervalSeconds: number,
): Promise<FleetQuality[]> {
  if (enterpriseIds.length === 0) return [];
  const plan = planRange(from.getTime(), to.getTime(), await rolledDays(db, from.getTime(), to.getTime(), intervalSeconds));
  const ids = sql.join(enterpriseIds.map((id) => sql`${id}::uuid`));
  const parts: RawBuilder<unknown>[] = [];
  if (plan.scan.length > 0) {
    parts.push(
      sql`select * from (${perVehicleDay(timeRanges(plan.scan), sql`p.vehicle_id in (select id from fleet)`, intervalSeconds)}) live`,
    );
  }
  if (plan.rolled.length > 0) {
    const days = sql.join(plan.rolled.map((d) => sql`${isoDay(d)}::date`));
    parts.push(sql`
      select vehicle_id, day, positions, distinct_times, expected, valid, drift
        from vehicles.vehicle_day where day in (${days}) and vehicle_id in (select id from fleet)`);
  }
  const days =
    parts.length > 0
      ? sql.join(parts, sql` union all `)
      : sql`select null::uuid as vehicle_id, 0 as positions, 0 as distinct_times, 0 as expected, 0 as valid, 0 as drift where false`;
  const { rows } = await sql<{
    enterprise_id: string;
    vehicles: string;
    online: string;
    positions: string;
    expected: string;
    received: string;
    valid: string;
    drift: string;
  }>`
    with fleet as (
      select id, enterprise_id from vehicles.vehicle where enterprise_id in (${ids})
    ), days as (${days}), per_vehicle as (
      select vehicle_id, sum(positions) as n, sum(expected) as expected, sum(least(distinct_times, expected)) as received,
             sum(valid) as valid, sum(drift) as drift
        from days group by vehicle_id
    )
    select f.enterprise_id,
           count(*) as vehicles,
           count(pv.vehicle_id) as online,
           coalesce(sum(pv.n), 0) as positions,
           coalesce(sum(pv.expected), 0) as expected,
           coalesce(sum(pv.received), 0) as received,
           coalesce(sum(pv.valid), 0) as valid,
           coalesce(sum(pv.drift), 0) as drift
      from fleet f left join per_vehicle pv on pv.vehicle_id = f.id
     group by f.enterprise_id
     order by f.enterprise_id`.execute(db);
  return rows.map((r) => ({
    enterpriseId: r.enterprise_id,
    vehicles: Number(r.vehicles),
    online: Number(r.online),
    positions: Number(r.positions),
    expected: Number(r.expected),
    received: Number(r.received),
    valid: Number(r.valid),
    drift: Number(r.drift),
  }));
}

/** Rolls up one CST day of every vehicle (again, if it was): its rows replaced and the day marked, in one transaction. */
export async function rollUpDay(db: Kysely<VehiclesTables>, day: number, intervalSeconds: number): Promise<{ vehicles: number }> {
  const date = isoDay(day);
  return db.transaction().execute(async (trx) => {
    await sql`delete from vehicles.vehicle_day where day = ${date}::date`.execute(trx);
    const inserted = await sql`
      insert into vehicles.vehicle_day (day, vehicle_id, positions, distinct_times, expected, valid, drift)
      select day, vehicle_id, positions, distinct_times, expected, valid, drift
        from (${perVehicleDay(timeRanges([[dayStart(day), dayStart(day + 1)]]), sql`true`, intervalSeconds)}) d`.execute(trx);
    const vehicles = Number(inserted.numAffectedRows ?? 0n);
    await sql`
      insert into vehicles.rolled_day (day, interval_seconds, vehicles, rolled_at) values (${date}::date, ${intervalSeconds}, ${vehicles}, now())
      on conflict (day) do update set interval_seconds = excluded.interval_seconds, vehicles = excluded.vehicles, rolled_at = excluded.rolled_at`.execute(
      trx,
    );
    return { vehicles };
  });
}

/**
 * Rolls up the days due (oldest first, at most a month per run) and drops roll-up rows
 * past their retention. Run hourly; each day is rolled up once.
 */
export async function rollUpDue(
  db: Kysely<VehiclesTables>,
  opts: { now: Date; retentionDays: number; intervalSeconds: number; logger?: Logger },
): Promise<{ days: number[] }> {
  const now = opts.now.getTime();
  const first = cstDay(now) - opts.retentionDays;
  const rows = await db
    .selectFrom('vehicles.rolled_day')
    .select(sql<string>`day::text`.as('day'))
    .where('interval_seconds', '=', opts.intervalSeconds)
    .where(sql<boolean>`day >= ${isoDay(first)}::date`)
    .execute();
  const due = dueDays(now, opts.retentionDays, new Set(rows.map((r) => dayOfIso(r.day))));
  for (const day of due) {
    const { vehicles } = await rollUpDay(db, day, opts.intervalSeconds);
    opts.logger?.info({ day: isoDay(day), vehicles }, 'vehicle track figures rolled up');
  }
  const expired = isoDay(cstDay(now) - ROLLUP_RETENTION_DAYS);
  await sql`delete from vehicles.vehicle_day where day < ${expired}::date`.execute(db);
  await sql`delete from vehicles.rolled_day where day < ${expired}::date`.execute(db);
  return { days: due };
}
