import type { EngineConfig, Thresholds, VehicleClass } from './types.js';

/*
 * Where the numbers come from (../shared/research/vehicle-monitoring.md, "research" below):
 * - continuous driving 4 h, rest ≥ 20 min: research §4.2 "Fatigue: continuous driving"
 *   (道路交通安全法实施条例 art. 62 (7)), all drivers.
 * - 2 h continuous at night, passenger drivers: research §4.2 "Fatigue: passenger, day/night"
 *   (道路旅客运输企业安全管理规范 art. 38).
 * - 8 h in any 24 h: research §4.2 "Fatigue: daily / weekly" (same 规范 art. 38, passenger drivers);
 *   applied to every class as a default because the research names no other figure.
 * - night speed ≤ 80 % of the day limit, passenger vehicles: research §4.2 "Passenger night speed".
 * - night = 22:00–06:00 CST: research §4.2 "Recommendation for fatigue" (a common definition; verify per province).
 * - hazardous goods ≤ 80 km/h on expressways, ≤ 60 km/h elsewhere: research §4.2 "Hazmat speed"
 *   (危险货物道路运输安全管理办法 art. 46).
 * - 100 km/h for coaches and heavy freight: the expressway maximum for large passenger vehicles and
 *   trucks (道路交通安全法实施条例 art. 78). NOT in the research: recalled, verify; per-segment
 *   speed_limit zones lower it where the posted limit is lower.
 * - 60 km/h for earthwork trucks and concrete mixers: OUR CHOICE (urban vehicles; cities set their own).
 * - offline after 10 min: research §4.2 "Offline / no signal" (no national figure; Traccar's 600 s default).
 * - overspeed minimum duration 10 s, corridor half width 200 m, route-deviation minimum 60 s,
 *   long parking 120 min (30 min for hazardous goods), stopped at ≤ 5 km/h, moved-while-offline
 *   jump > 1 km: OUR CHOICES — research §4.2 names the terminal parameters (0x0056 overspeed
 *   duration, 0x005A max parking time) but no national values. Configure per enterprise/zone.
 */
const common = {
  overspeedMinSeconds: 10,
  continuousDrivingMaxMin: 240,
  restMin: 20,
  dailyDrivingMaxMin: 480,
  longParkingMin: 120,
  offlineMin: 10,
  corridorHalfWidthM: 200,
} as const;

const passenger = { nightFactor: 0.8, continuousDrivingNightMaxMin: 120 } as const;

export const DEFAULT_THRESHOLDS: Record<VehicleClass, Thresholds> = {
  coach: { ...common, ...passenger, speedLimitKmh: 100 },
  tourist_coach: { ...common, ...passenger, speedLimitKmh: 100 },
  hazardous_goods: { ...common, speedLimitKmh: 60, expresswaySpeedLimitKmh: 80, longParkingMin: 30 },
  earthwork: { ...common, speedLimitKmh: 60 },
  concrete_mixer: { ...common, speedLimitKmh: 60 },
  heavy_freight: { ...common, speedLimitKmh: 100 },
};

/** Thresholds with every optional field filled. */
export interface ResolvedThresholds extends Required<Omit<Thresholds, 'nightFactor' | 'continuousDrivingNightMaxMin'>> {
  nightFactor: number | null;
  continuousDrivingNightMaxMin: number | null;
}

const OPTIONAL_DEFAULTS = {
  stoppedSpeedKmh: 5,
  nightFrom: '22:00',
  nightTo: '06:00',
  routeDeviationMinSeconds: 60,
  movedWhileOfflineM: 1000,
} as const;

export function resolve(base: Thresholds, ...overrides: (Partial<Thresholds> | undefined)[]): ResolvedThresholds {
  let t: Thresholds = base;
  for (const o of overrides) if (o) t = { ...t, ...stripUndefined(o) };
  return {
    speedLimitKmh: t.speedLimitKmh,
    overspeedMinSeconds: t.overspeedMinSeconds,
    nightFactor: t.nightFactor ?? null,
    continuousDrivingMaxMin: t.continuousDrivingMaxMin,
    continuousDrivingNightMaxMin: t.continuousDrivingNightMaxMin ?? null,
    restMin: t.restMin,
    dailyDrivingMaxMin: t.dailyDrivingMaxMin,
    longParkingMin: t.longParkingMin,
    offlineMin: t.offlineMin,
    corridorHalfWidthM: t.corridorHalfWidthM,
    expresswaySpeedLimitKmh: t.expresswaySpeedLimitKmh ?? t.speedLimitKmh,
    stoppedSpeedKmh: t.stoppedSpeedKmh ?? OPTIONAL_DEFAULTS.stoppedSpeedKmh,
    nightFrom: t.nightFrom ?? OPTIONAL_DEFAULTS.nightFrom,
    nightTo: t.nightTo ?? OPTIONAL_DEFAULTS.nightTo,
    routeDeviationMinSeconds: t.routeDeviationMinSeconds ?? OPTIONAL_DEFAULTS.routeDeviationMinSeconds,
    movedWhileOfflineM: t.movedWhileOfflineM ?? OPTIONAL_DEFAULTS.movedWhileOfflineM,
  };
}

function stripUndefined(o: Partial<Thresholds>): Partial<Thresholds> {
  const out: Partial<Thresholds> = {};
  for (const [k, v] of Object.entries(o)) if (v !== undefined) Object.assign(out, { [k]: v });
  return out;
}

export interface ClassThresholds {
  /** Class thresholds with the enterprise's overrides, before defaults; zone overrides go on top. */
  raw: Thresholds;
  resolved: ResolvedThresholds;
}

/** Class thresholds with the enterprise's overrides, cached per enterprise and class. */
export function thresholdResolver(config: EngineConfig): (cls: VehicleClass, enterpriseId: string) => ClassThresholds {
  const cache = new Map<string, ClassThresholds>();
  return (cls, enterpriseId) => {
    const key = `${enterpriseId}\u0000${cls}`;
    let r = cache.get(key);
    if (!r) {
      const override = config.enterpriseOverrides?.[enterpriseId]?.[cls];
      const raw = override ? { ...config.thresholds[cls], ...stripUndefined(override) } : config.thresholds[cls];
      r = { raw, resolved: resolve(raw) };
      cache.set(key, r);
    }
    return r;
  };
}
