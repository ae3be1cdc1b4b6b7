/**
 * What other modules (the alarms module) read about vehicles without touching
 * these tables: the facts the rule engine needs per vehicle, and per-enterprise
 * data-quality figures over a range of stored positions (vehicles.rollup.ts).
 */
import type { Kysely } from 'kysely';
import { fleetQuality } from './vehicles.rollup.js';
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
  /** 接驳运输: exempt from the night ban. */
  relayExempt: boolean;
  /** The approved route (an alarms.zone of kind corridor), if any. */
  routeZoneId: string | null;
  /** The register's change stamp. */
  updatedAt: Date;
}

export async function vehicleFacts(db: Kysely<VehiclesTables>, ids: readonly string[]): Promise<VehicleFacts[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .selectFrom('vehicles.vehicle as v')
    .leftJoin('vehicles.terminal as t', 't.vehicle_id', 'v.id')
    .select([
      'v.id',
      'v.plate_number',
      'v.plate_colour',
      'v.class',
      'v.enterprise_id',
      'v.relay_exempt',
      'v.route_zone_id',
      'v.updated_at',
      't.edition',
    ])
    .where('v.id', 'in', ids as string[])
    .execute();
  return rows.map(factsOf);
}

/** Vehicles whose register entry changed after `since` (oldest first, at most `limit`): the rule engine's reload. */
export async function vehicleFactsChangedSince(db: Kysely<VehiclesTables>, since: Date, limit = 1000): Promise<VehicleFacts[]> {
  const rows = await db
    .selectFrom('vehicles.vehicle as v')
    .leftJoin('vehicles.terminal as t', 't.vehicle_id', 'v.id')
    .select([
      'v.id',
      'v.plate_number',
      'v.plate_colour',
      'v.class',
      'v.enterprise_id',
      'v.relay_exempt',
      'v.route_zone_id',
      'v.updated_at',
      't.edition',
    ])
    .where('v.updated_at', '>', since)
    .orderBy('v.updated_at')
    .limit(limit)
    .execute();
  return rows.map(factsOf);
}

function factsOf(r: {
  id: string;
  plate_number: string;
  plate_colour: PlateColour;
  class: VehicleClass;
  enterprise_id: string;
  relay_exempt: boolean;
  route_zone_id: string | null;
  updated_at: Date;
  edition: '2013' | '2019' | null;
}): VehicleFacts {
  return {
    vehicleId: r.id,
    plateNumber: r.plate_number,
    plateColour: r.plate_colour,
    class: r.class,
    enterpriseId: r.enterprise_id,
    edition: r.edition ?? '2013',
    relayExempt: r.relay_exempt,
    routeZoneId: r.route_zone_id,
    updatedAt: r.updated_at,
  };
}

/** The lookups bound to the database, for the composition root to hand to other modules. */
export function createVehicleLookup(db: Kysely<VehiclesTables>) {
  return {
    facts: (ids: readonly string[]) => vehicleFacts(db, ids),
    /** Register entries changed after `since`, oldest first: the rule engine's profile reload. */
    factsChangedSince: (since: Date, limit?: number) => vehicleFactsChangedSince(db, since, limit),
    /** The newest driver-card event of every vehicle (read before the gateway starts): who drives now. */
    currentDrivers: async (): Promise<
      {
        vehicleId: string;
        event: 'card_inserted' | 'card_removed';
        time: Date;
        qualificationCode: string | null;
        driverName: string | null;
      }[]
    > =>
      // One index probe per vehicle (newest first), not a scan of every card event kept.
      (
        await db
          .selectFrom('vehicles.vehicle as v')
          .innerJoinLateral(
            (eb) =>
              eb
                .selectFrom('vehicles.driver_event as e')
                .select(['e.event', 'e.time', 'e.qualification_code', 'e.driver_name'])
                .whereRef('e.vehicle_id', '=', 'v.id')
                .orderBy('e.time', 'desc')
                .orderBy('e.received_at', 'desc')
                .limit(1)
                .as('d'),
            (join) => join.onTrue(),
          )
          .select(['v.id as vehicle_id', 'd.event', 'd.time', 'd.qualification_code', 'd.driver_name'])
          .execute()
      ).map((r) => ({
        vehicleId: r.vehicle_id,
        event: r.event,
        time: r.time,
        qualificationCode: r.qualification_code,
        driverName: r.driver_name,
      })),
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
