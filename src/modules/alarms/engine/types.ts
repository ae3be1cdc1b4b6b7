import type { PositionRecord, VehicleClass } from '../../vehicles/index.js';

export type { PositionRecord, VehicleClass };

export const ALARM_RULES = [
  'overspeed',
  'fatigue_continuous',
  'fatigue_daily',
  'night_ban',
  'forbidden_zone',
  'route_deviation',
  'long_parking',
  'offline_moving',
  'moved_while_offline',
  'terminal_emergency',
  'terminal_gnss_antenna',
  'terminal_power',
] as const;
export type AlarmRule = (typeof ALARM_RULES)[number];

export type Severity = 'high' | 'medium' | 'low';

export interface VehicleProfile {
  vehicleId: string;
  class: VehicleClass;
  enterpriseId: string;
  edition: '2013' | '2019';
  /** 接驳运输 relay exemption for the night ban. */
  relayExempt?: boolean;
  /** Approved route/corridor zone id for hazardous goods and coaches. */
  routeId?: string | null;
}

export interface Zone {
  id: string;
  kind: 'forbidden' | 'speed_limit' | 'corridor' | 'expressway';
  name: string;
  /** [lng, lat] WGS-84 degrees. */
  polygon?: [number, number][];
  /** [lng, lat] WGS-84 degrees; the zone is the band of halfWidthM either side. */
  line?: [number, number][];
  halfWidthM?: number;
  /** Applies to these classes; all if absent. */
  classes?: VehicleClass[];
  /** 'HH:MM' China Standard Time, may wrap midnight; always active if absent. */
  window?: { from: string; to: string };
  /** Posted limit of a speed_limit or expressway segment. */
  speedLimitKmh?: number;
  /** ENGINE addition: thresholds overridden while the vehicle is inside this zone. */
  thresholds?: Partial<Thresholds>;
}

/** Per class, overridable per enterprise and per zone. */
export interface Thresholds {
  speedLimitKmh: number;
  overspeedMinSeconds: number;
  /** Passenger vehicles: 0.8 of the day limit at night. */
  nightFactor?: number;
  continuousDrivingMaxMin: number;
  continuousDrivingNightMaxMin?: number;
  restMin: number;
  dailyDrivingMaxMin: number;
  longParkingMin: number;
  offlineMin: number;
  corridorHalfWidthM: number;
  // ---- ENGINE additions (all optional; defaults in thresholds.ts) ----
  /** The class's limit inside expressway zones (hazardous goods 80); speedLimitKmh elsewhere. */
  expresswaySpeedLimitKmh?: number;
  /** At or below this speed a vehicle counts as stopped (GNSS drift while parked). */
  stoppedSpeedKmh?: number;
  /** Night for the night factor and night fatigue, 'HH:MM' CST. */
  nightFrom?: string;
  nightTo?: string;
  /** How long a vehicle must stay outside its corridor before route_deviation opens. */
  routeDeviationMinSeconds?: number;
  /** A jump across an offline gap farther than this is moved_while_offline. */
  movedWhileOfflineM?: number;
}

export interface EngineConfig {
  thresholds: Record<VehicleClass, Thresholds>;
  enterpriseOverrides?: Record<string, Partial<Record<VehicleClass, Partial<Thresholds>>>>;
  zones: Zone[];
}

export interface EvidencePoint {
  time: number;
  lat: number;
  lng: number;
  speedKmh: number;
}

/** Emitted by the engine. */
export interface AlarmEvent {
  type: 'open' | 'update' | 'close';
  vehicleId: string;
  rule: AlarmRule;
  severity: Severity;
  /** Stable per vehicle + rule (+ zone) + episode: `${vehicleId}:${rule}:${startMs}` or `${vehicleId}:${rule}:${zoneId}:${startMs}`. */
  episodeKey: string;
  /** Epoch ms, terminal GNSS time. */
  startedAt: number;
  endedAt?: number;
  /** Peak value: max speed, minutes driven, metres off route… */
  peak: number;
  unit: 'km/h' | 'min' | 'm' | 'count';
  /** The threshold broken. */
  limit?: number;
  zoneId?: string;
  detail: Record<string, string | number | boolean>;
  /** Positions around it, ≤ 20, oldest first. */
  evidence: EvidencePoint[];
}

/** A driver's IC card inserted or removed (JT/T 808 0x0702). */
export interface DriverChange {
  event: 'card_inserted' | 'card_removed';
  /** Epoch ms, terminal time. */
  time: number;
  /** 从业资格证号: the driver's key; null when the card could not be read. */
  qualificationCode: string | null;
  driverName: string | null;
}

export interface RuleEngine {
  /** Sets or changes a vehicle's profile; episodes whose grounds it removes (route, night-ban exemption) close. */
  setProfile(p: VehicleProfile): void;
  /** Positions of one vehicle arrive in time order; see engine.ts for backfill. */
  onPosition(p: PositionRecord): AlarmEvent[];
  /**
   * A card change on a vehicle, in order with its positions: fatigue is counted per driver (by
   * qualification code) across vehicles; without a card, per vehicle. The previous driver's open
   * fatigue episodes on that vehicle close at the change.
   */
  onDriver(vehicleId: string, change: DriverChange): AlarmEvent[];
  /**
   * Replaces the geofences; vehicle state is kept. Episodes of a zone that went or changed close at
   * the vehicle's next live position or the next tick.
   */
  setZones(zones: Zone[]): void;
  /** Offline detection and closing of time-window episodes; drops drivers idle for over 24 h. */
  tick(nowMs: number): AlarmEvent[];
  openEpisodes(): number;
  /** Carded drivers whose counters are kept. */
  trackedDrivers(): number;
  /** ENGINE addition: drop a vehicle's state (deleted vehicle); emits nothing. */
  forget(vehicleId: string): void;
}
