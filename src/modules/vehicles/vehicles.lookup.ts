/**
 * What other modules (the alarms module) read about vehicles without touching
 * these tables: the facts the rule engine needs per vehicle, and per-enterprise
 * data-quality figures over a range of stored positions.
 */
import { type Kysely, sql } from 'kysely';
import type { PlateColour, VehicleClass } from './vehicles.rules.js';
import type { VehiclesTables } from './vehicles.tables.js';

export interface VehicleFacts {
  vehicleId: string;
  plateNumber: string;
  plateColour: PlateColour;
  class: VehicleClass;
  enterpriseId: string;
  /** The JT/T 808 edition the terminal last registered with; 2013 before it ever has. */
  edition: '2013' | '2019';
}

export async function vehicleFacts(db: Kysely<VehiclesTables>, ids: readonly string[]): Promise<VehicleFacts[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .selectFrom('vehicles.vehicle as v')
    .leftJoin('vehicles.terminal as t', 't.vehicle_id', 'v.id')
    .select(['v.id', 'v.plate_number', 'v.plate_colour', 'v.class', 'v.enterprise_id', 't.edition'])
    .where('v.id', 'in', ids as string[])
    .execute();
  return rows.map((r) => ({
    vehicleId: r.id,
    plateNumber: r.plate_number,
    plateColour: r.plate_colour,
    class: r.class,
    enterpriseId: r.enterprise_id,
    edition: r.edition ?? '2013',
  }));
}

/** Per enterprise, over positions of terminal time in [from, to). */
export interface FleetQuality {
  enterpriseId: string;
  vehicles: number;
  /** Vehicles with at least one position in the range. */
  online: number;
  positions: number;
  /** Positions expected at the reporting interval over each reporting vehicle's first-to-last span. */
  expected: number;
  /** Positions received, counted up to what was expected per vehicle. */
  received: number;
  valid: number;
  drift: number;
}

/** Plausibility bounds: a fix, inside the WGS-84 range and not at (0, 0), at most 220 km/h, at most 10 min ahead of arrival. */
const MAX_PLAUSIBLE_KMH = 220;
/** A position implying more than this speed from the vehicle's previous one is a drift (jump). */
export const DRIFT_KMH = 250;

/**
 * Data-quality figures from the stored positions (pruned to the partitions of the
 * range). The window over each vehicle's positions makes this a scan of every
 * position in the range: fine for a day of a few thousand vehicles, far too slow
 * for a month of a whole city, where a daily roll-up table would be needed.
 */
export async function fleetQuality(
  db: Kysely<VehiclesTables>,
  enterpriseIds: readonly string[],
  from: Date,
  to: Date,
  intervalSeconds: number,
): Promise<FleetQuality[]> {
  if (enterpriseIds.length === 0) return [];
  const ids = sql.join(enterpriseIds.map((id) => sql`${id}::uuid`));
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
    ), pos as (
      select p.vehicle_id, p.time, p.received_at, p.lat, p.lng, p.speed_kmh, p.status,
             lag(p.time) over w as prev_time, lag(p.lat) over w as prev_lat, lag(p.lng) over w as prev_lng
        from vehicles.position p
       where p.time >= ${from} and p.time < ${to} and p.vehicle_id in (select id from fleet)
      window w as (partition by p.vehicle_id order by p.time)
    ), judged as (
      select vehicle_id, time,
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
    ), per_vehicle as (
      select vehicle_id, count(*) as n, count(distinct time) as distinct_times,
             floor(extract(epoch from max(time) - min(time)) / ${intervalSeconds}) + 1 as expected,
             count(*) filter (where valid) as valid, count(*) filter (where drift) as drift
        from judged group by vehicle_id
    )
    select f.enterprise_id,
           count(*) as vehicles,
           count(pv.vehicle_id) as online,
           coalesce(sum(pv.n), 0) as positions,
           coalesce(sum(pv.expected), 0) as expected,
           coalesce(sum(least(pv.distinct_times, pv.expected)), 0) as received,
           coalesce(sum(pv.valid), 0) as valid,
           coalesce(sum(pv.drift), 0) as drift
      from fleet f left join per_vehicle pv on pv.vehicle_id = f.id
     group by f.enterprise_id`.execute(db);
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

/** The lookups bound to the database, for the composition root to hand to other modules. */
export function createVehicleLookup(db: Kysely<VehiclesTables>) {
  return {
    facts: (ids: readonly string[]) => vehicleFacts(db, ids),
    /** The stored latest position of every vehicle that has reported (read before the gateway starts). */
    latest: () => db.selectFrom('vehicles.latest_position').selectAll().execute(),
    /** Every enterprise that operates a registered vehicle (to be filtered by the caller's scope). */
    operatingEnterprises: async (): Promise<string[]> =>
      (await db.selectFrom('vehicles.vehicle').select('enterprise_id').distinct().execute()).map((r) => r.enterprise_id),
    quality: (enterpriseIds: readonly string[], from: Date, to: Date, intervalSeconds: number) =>
      fleetQuality(db, enterpriseIds, from, to, intervalSeconds),
  };
}

export type VehicleLookup = ReturnType<typeof createVehicleLookup>;
