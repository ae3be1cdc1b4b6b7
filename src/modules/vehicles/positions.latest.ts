import type { PositionRecord } from './vehicles.rules.js';
import type { LatestPositionTable } from './vehicles.tables.js';

/** A vehicle's newest position, shaped like a row of vehicles.latest_position. */
export type LatestState = LatestPositionTable;

export function stateOf(p: PositionRecord): LatestState {
  return {
    vehicle_id: p.vehicleId,
    time: new Date(p.time),
    received_at: new Date(p.receivedAt),
    lat: p.latE6 / 1e6,
    lng: p.lngE6 / 1e6,
    altitude: p.altitude,
    speed_kmh: p.speed / 10,
    direction: p.direction,
    alarm: p.alarm | 0,
    status: p.status | 0,
    mileage_km: p.mileage === null ? null : p.mileage / 10,
  };
}

/**
 * The newest stored position of every vehicle, in memory. The position store
 * updates it after each batch commits, so it never shows a position that is
 * not in the database; a position older than the one held is ignored.
 */
export class LatestPositions {
  private readonly byVehicle = new Map<string, PositionRecord | LatestState>();

  get size(): number {
    return this.byVehicle.size;
  }

  /** Keeps the newer of the held and the given position; returns whether the given one is now held. */
  offer(p: PositionRecord): boolean {
    const held = this.byVehicle.get(p.vehicleId);
    if (held && timeOf(held) > p.time) return false;
    this.byVehicle.set(p.vehicleId, p);
    return true;
  }

  load(rows: readonly LatestState[]): void {
    for (const r of rows) {
      const held = this.byVehicle.get(r.vehicle_id);
      if (!held || timeOf(held) <= r.time.getTime()) this.byVehicle.set(r.vehicle_id, r);
    }
  }

  /** Every held position, in no particular order. */
  *states(): Generator<LatestState> {
    for (const held of this.byVehicle.values()) yield 'vehicleId' in held ? stateOf(held) : held;
  }

  get(vehicleId: string): LatestState | undefined {
    const held = this.byVehicle.get(vehicleId);
    if (!held) return undefined;
    return 'vehicleId' in held ? stateOf(held) : held;
  }
}

const timeOf = (v: PositionRecord | LatestState) => ('vehicleId' in v ? v.time : v.time.getTime());
