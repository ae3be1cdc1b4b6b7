import type { DailyWindow } from './cst.js';
import { type DriverState, newDriverState } from './drivers.js';
import { DrivingLog, LOG_WORDS } from './driving-log.js';
import { EpisodeBook } from './episodes.js';
import { PositionRing, RING_WORDS } from './ring.js';
import type { ResolvedThresholds } from './thresholds.js';
import type { AlarmEvent, EvidencePoint, PositionRecord, VehicleProfile } from './types.js';
import type { CompiledZone } from './zones.js';

export const MIN = 60_000;

export type { DriverState };

export interface VehicleState {
  profile: VehicleProfile;
  book: EpisodeBook;
  ring: PositionRing;
  /** Who is credited with the driving now: the carded driver, or `own` when no card is in. */
  driver: DriverState;
  /** The vehicle's unidentified driver (key 'vehicle'), its log in the vehicle's buffer. */
  own: DriverState;
  /** When the current driver took over (the card event's GNSS time): nothing before it is theirs. */
  driverSince: number;
  /** Last live position in order, any fix (for the terminal bits). */
  liveTime: number;
  /** Last live fixed position (the interval chain). NaN when none. */
  lastTime: number;
  lastLatE6: number;
  lastLngE6: number;
  lastMoving: boolean;
  /** Latest receipt of anything (server clock). */
  lastReceivedAt: number;
  /** Latest fixed position of the whole track, live or backfill (moved_while_offline). */
  trackTime: number;
  trackLatE6: number;
  trackLngE6: number;
  stoppedSince: number;
  /** The latest position with the ignition (ACC, status bit 0) off: parking counts from after it. */
  accOffAt: number;
  overSince: number;
  overPeak: number;
  offRouteSince: number;
  offRouteMax: number;
  /** Receipt time of the first of a run of out-of-order live positions. */
  outOfOrderSince: number;
}

export interface PositionContext {
  p: PositionRecord;
  v: VehicleState;
  t: ResolvedThresholds;
  zones: CompiledZone[];
  lng: number;
  lat: number;
  moving: boolean;
  out: AlarmEvent[];
  evidence: () => EvidencePoint[];
  /** Night for the night factor and night fatigue, from the thresholds. */
  night: DailyWindow;
  /** The vehicle's approved corridor, if it has one. */
  route: CompiledZone | undefined;
}

export function newVehicleState(profile: VehicleProfile, counter: { open: number }): VehicleState {
  // One buffer for the evidence ring and the own driver's log: one typed-array overhead, not two.
  const words = new Uint32Array(RING_WORDS + LOG_WORDS);
  const own = newDriverState(null, null, new DrivingLog(words, RING_WORDS));
  return {
    profile,
    book: new EpisodeBook(profile.vehicleId, counter),
    ring: new PositionRing(words, 0),
    driver: own,
    own,
    driverSince: Number.NaN,
    liveTime: Number.NaN,
    lastTime: Number.NaN,
    lastLatE6: 0,
    lastLngE6: 0,
    lastMoving: false,
    lastReceivedAt: Number.NaN,
    trackTime: Number.NaN,
    trackLatE6: 0,
    trackLngE6: 0,
    stoppedSince: Number.NaN,
    accOffAt: Number.NaN,
    overSince: Number.NaN,
    overPeak: 0,
    offRouteSince: Number.NaN,
    offRouteMax: 0,
    outOfOrderSince: Number.NaN,
  };
}

/** Forgets the live chain (not the open episodes): the next position starts it afresh. */
export function restartChain(v: VehicleState): void {
  v.liveTime = Number.NaN;
  v.lastTime = Number.NaN;
  v.trackTime = Number.NaN;
  v.stoppedSince = Number.NaN;
  v.accOffAt = Number.NaN;
  v.overSince = Number.NaN;
  v.offRouteSince = Number.NaN;
  // The log may hold times from the terminal's broken clock.
  v.driver.log.clear();
  v.driver.lastDriveEnd = Number.NaN;
}
