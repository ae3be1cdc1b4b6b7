/**
 * Fatigue follows the driver, not the vehicle: each driver identified by the qualification code
 * (从业资格证号) on the IC card a terminal reports with 0x0702 has one DriverState, whichever
 * vehicle they drive; a vehicle without a card credits its own unidentified driver (key 'vehicle').
 */
import { DrivingLog, LOG_WORDS, WINDOW_MS } from './driving-log.js';

export interface DriverState {
  /** The qualification code; null for a vehicle's own unidentified driver. */
  key: string | null;
  name: string | null;
  /** Driving ms since the last rest of ≥ restMin. */
  continuousMs: number;
  /**
   * End of the last interval credited to this driver as driving or as unknown (a gap that is
   * neither rest nor driving): the driver's own rest counts from here, whichever vehicle they
   * are in. NaN before any.
   */
  lastDriveEnd: number;
  log: DrivingLog;
  /** The vehicle whose reader holds the card now (carded drivers only). */
  vehicleId: string | null;
  /** Latest driving or card event (GNSS time): a driver idle for over 24 h is dropped. */
  seenAt: number;
  /** The log's slot in the pool (carded drivers only; -1 for a vehicle's own). */
  slot: number;
}

export function newDriverState(key: string | null, name: string | null, log: DrivingLog, slot = -1): DriverState {
  return { key, name, continuousMs: 0, lastDriveEnd: Number.NaN, log, vehicleId: null, seenAt: Number.NaN, slot };
}

/** Drivers whose logs share one chunk: one typed-array overhead per 256 drivers, not per driver. */
const CHUNK_DRIVERS = 256;

/**
 * The carded drivers, by qualification code. Their driving logs live in pooled chunks of a
 * Uint32Array (128 bytes each); a dropped driver's slot is reused.
 *
 * Memory per carded driver: 128 B of log, the state object (≈ 100 B), the DrivingLog (≈ 40 B),
 * the map entry and key (≈ 100 B): ≈ 0.4 KB, so a city's 250,000 drivers take ≈ 100 MB at most,
 * and drivers not seen for 24 h are dropped on tick (they have nothing left to carry: their
 * 24 h sum is zero and a 24 h break is a rest).
 */
export class DriverBook {
  private readonly drivers = new Map<string, DriverState>();
  private readonly chunks: Uint32Array[] = [];
  private readonly free: number[] = [];
  private nextSlot = 0;

  get size(): number {
    return this.drivers.size;
  }

  get(key: string): DriverState | undefined {
    return this.drivers.get(key);
  }

  /** The driver with this code, created with empty counters if unknown. */
  obtain(key: string, name: string | null): DriverState {
    let d = this.drivers.get(key);
    if (!d) {
      const slot = this.free.pop() ?? this.nextSlot++;
      const chunk = Math.floor(slot / CHUNK_DRIVERS);
      if (chunk === this.chunks.length) this.chunks.push(new Uint32Array(CHUNK_DRIVERS * LOG_WORDS));
      const log = new DrivingLog(this.chunks[chunk] as Uint32Array, (slot % CHUNK_DRIVERS) * LOG_WORDS);
      d = newDriverState(key, name, log, slot);
      this.drivers.set(key, d);
    }
    if (name) d.name = name;
    return d;
  }

  /** Drops drivers not in a vehicle whose latest activity is more than 24 h before `now`. */
  sweep(now: number): number {
    let dropped = 0;
    for (const [key, d] of this.drivers) {
      if (d.vehicleId !== null || !(now - d.seenAt > WINDOW_MS)) continue;
      this.drivers.delete(key);
      d.log.clear();
      this.free.push(d.slot);
      dropped++;
    }
    return dropped;
  }
}

/**
 * Credits driving [from, to) to the driver, never before the end of what they were already
 * credited (two vehicles' clocks, or a card moved while positions were in flight, cannot count
 * the same minutes twice). Returns the interval actually credited, or null.
 */
export function credit(d: DriverState, from: number, to: number): { from: number; to: number } | null {
  const start = !Number.isNaN(d.lastDriveEnd) && d.lastDriveEnd > from ? d.lastDriveEnd : from;
  if (to <= start) return null;
  d.continuousMs += to - start;
  d.log.add(start, to);
  d.lastDriveEnd = to;
  touch(d, to);
  return { from: start, to };
}

/** A gap in which the driver may have driven: no rest counts across it. */
export function noRestUntil(d: DriverState, t: number): void {
  if (Number.isNaN(d.lastDriveEnd) || t > d.lastDriveEnd) d.lastDriveEnd = t;
  touch(d, t);
}

export function touch(d: DriverState, t: number): void {
  if (Number.isNaN(d.seenAt) || t > d.seenAt) d.seenAt = t;
}
