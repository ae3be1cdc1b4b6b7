/** Helpers for the engine's unit tests (not used by production code). */
import { createRuleEngine } from './engine.js';
import { DEFAULT_THRESHOLDS } from './thresholds.js';
import type { AlarmEvent, AlarmRule, EngineConfig, PositionRecord, RuleEngine, VehicleClass, VehicleProfile } from './types.js';

export const SEC = 1000;
export const MIN = 60_000;
export const HOUR = 3_600_000;

/** Epoch ms of a China Standard Time wall-clock time, e.g. cst('2026-12-07T02:00:00'); the test process's TZ plays no part. */
export function cst(local: string): number {
  const t = Date.parse(`${local}+08:00`);
  if (Number.isNaN(t)) throw new Error(`bad time ${local}`);
  return t;
}

/** A point in the city: [lng, lat] degrees. */
export const HOME: [number, number] = [121.4, 31.2];

export interface PosOptions {
  speedKmh?: number;
  lng?: number;
  lat?: number;
  alarm?: number;
  /** Default 0x03: ACC on, fixed. */
  status?: number;
  backfill?: boolean;
  receivedAt?: number;
}

export function pos(vehicleId: string, time: number, o: PosOptions = {}): PositionRecord {
  return {
    vehicleId,
    time,
    receivedAt: o.receivedAt ?? time,
    latE6: Math.round((o.lat ?? HOME[1]) * 1e6),
    lngE6: Math.round((o.lng ?? HOME[0]) * 1e6),
    altitude: 0,
    speed: Math.round((o.speedKmh ?? 0) * 10),
    direction: 0,
    alarm: o.alarm ?? 0,
    status: o.status ?? 0x03,
    mileage: null,
    backfill: o.backfill ?? false,
    itemsHex: null,
  };
}

export function profile(vehicleId: string, cls: VehicleClass, o: Partial<VehicleProfile> = {}): VehicleProfile {
  return { vehicleId, class: cls, enterpriseId: 'ent-1', edition: '2019', ...o };
}

export function engineWith(config: Partial<EngineConfig> = {}, ...profiles: VehicleProfile[]): RuleEngine {
  const engine = createRuleEngine({ thresholds: DEFAULT_THRESHOLDS, zones: [], ...config });
  for (const p of profiles) engine.setProfile(p);
  return engine;
}

/** Feeds positions every `stepMs` from `from` (inclusive) to `to` (inclusive; the last step may be shorter). */
export function run(
  engine: RuleEngine,
  vehicleId: string,
  from: number,
  to: number,
  stepMs: number,
  o: PosOptions | ((t: number) => PosOptions) = {},
): AlarmEvent[] {
  const out: AlarmEvent[] = [];
  for (let t = from; ; t = Math.min(t + stepMs, to)) {
    out.push(...engine.onPosition(pos(vehicleId, t, typeof o === 'function' ? o(t) : o)));
    if (t >= to) break;
  }
  return out;
}

export function only(events: AlarmEvent[], rule: AlarmRule, type?: AlarmEvent['type']): AlarmEvent[] {
  return events.filter((e) => e.rule === rule && (type === undefined || e.type === type));
}

/** A square polygon around a point, `halfDeg` degrees each way, as [lng, lat]. */
export function square(center: [number, number], halfDeg: number): [number, number][] {
  const [x, y] = center;
  return [
    [x - halfDeg, y - halfDeg],
    [x + halfDeg, y - halfDeg],
    [x + halfDeg, y + halfDeg],
    [x - halfDeg, y + halfDeg],
  ];
}

/** Degrees of latitude for a distance in metres (the engine's earth radius). */
export function latDeg(m: number): number {
  return m / ((Math.PI / 180) * 6_371_008.8);
}
