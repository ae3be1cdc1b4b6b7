import { describe, expect, it } from 'vitest';
import { pointInRing } from '../../demo/geometry.js';
import { VEHICLE_CLASSES, type VehicleClass } from '../../modules/vehicles/index.js';
import {
  ALARM_BIT,
  CLASS_PROFILES,
  cstHour,
  DEFAULT_MOTION_OPTIONS,
  type MotionOptions,
  type Report,
  STATUS_BIT,
  VehicleMotion,
  VIOLATION_KINDS,
  type ViolationKind,
} from './motion.js';
import { buildRoadNetwork } from './roads.js';

const network = buildRoadNetwork({ seed: 3 });
/** 2026-12-07 10:00 CST. */
const MORNING = Date.UTC(2026, 11, 7, 2, 0);
const none = Object.fromEntries(VIOLATION_KINDS.map((k) => [k, 0])) as Record<ViolationKind, number>;

function drive(
  cls: VehicleClass,
  opts: { seed?: number; start?: number; steps?: number; stepMs?: number; violations?: Partial<Record<ViolationKind, number>> } = {},
) {
  const injected = { ...none };
  const options: MotionOptions = { ...DEFAULT_MOTION_OPTIONS, violations: { ...none, ...opts.violations } };
  const m = new VehicleMotion(network, cls, opts.seed ?? 11, opts.start ?? MORNING, options, injected);
  const reports: (Report & { limit: number; online: boolean; kind: string })[] = [];
  const stepMs = opts.stepMs ?? 10_000;
  for (let k = 1; k <= (opts.steps ?? 2160); k++) {
    const now = (opts.start ?? MORNING) + k * stepMs;
    const r = m.step(now);
    reports.push({ ...r, limit: m.limitKmh(now), online: m.online, kind: m.roadKind });
  }
  return { reports, injected };
}

describe('simulated vehicle movement', () => {
  it('stays on the roads inside the district, moving at speeds fit for its class and never above the limit', () => {
    for (const cls of VEHICLE_CLASSES) {
      // A whole day, reports every 20 s.
      const { reports, injected } = drive(cls, { steps: 4320, stepMs: 20_000 });
      expect(injected).toEqual(none);
      const moving = reports.filter((r) => r.speed > 0);
      // A daily duty of 7 h driving: within the rule engine's 8 h in 24 h, and rests of at least 20 minutes.
      expect(moving.length * 20).toBeGreaterThan(4 * 3600);
      expect(moving.length * 20).toBeLessThanOrEqual(8 * 3600);
      for (const r of reports) {
        expect(pointInRing([r.lngE6 / 1e6, r.latE6 / 1e6], network.area.ring)).toBe(true);
        expect(r.speed / 10).toBeLessThanOrEqual(r.limit);
        expect(r.alarm).toBe(0);
        expect(r.status & STATUS_BIT.positioned).toBeTruthy();
        if (r.speed > 0) expect(r.status & STATUS_BIT.acc).toBeTruthy();
        else expect(r.status & STATUS_BIT.acc).toBe(0);
      }
      const avg = moving.reduce((s, r) => s + r.speed / 10, 0) / moving.length;
      const profile = CLASS_PROFILES[cls];
      expect(avg).toBeGreaterThan(0.5 * profile.limitKmh.arterial);
      expect(avg).toBeLessThan(profile.limitKmh.expressway);
      if (cls === 'hazardous_goods') {
        for (const r of moving) expect(r.speed / 10).toBeLessThanOrEqual(r.kind === 'expressway' ? 80 : 60);
      }
    }
  });

  it('moves a plausible distance between reports, with the odometer and the heading to match', () => {
    const { reports } = drive('coach');
    for (let i = 1; i < reports.length; i++) {
      const a = reports[i - 1] as Report;
      const b = reports[i] as Report;
      const dMileage = (b.mileage - a.mileage) / 10;
      expect(dMileage).toBeGreaterThanOrEqual(0);
      // 10 s at no more than 100 km/h is under 0.28 km; the odometer counts in tenths.
      expect(dMileage).toBeLessThanOrEqual(0.3 + 1e-9);
      expect(b.direction).toBeGreaterThanOrEqual(0);
      expect(b.direction).toBeLessThan(360);
    }
    expect(reports.at(-1)?.mileage).toBeGreaterThan((reports[0]?.mileage ?? 0) + 100);
  });

  it('is deterministic for a seed and differs between seeds', () => {
    const a = drive('coach', { seed: 5, violations: { overspeed: 1, emergency: 1 } });
    const b = drive('coach', { seed: 5, violations: { overspeed: 1, emergency: 1 } });
    const c = drive('coach', { seed: 6, violations: { overspeed: 1, emergency: 1 } });
    expect(a).toEqual(b);
    expect(c.reports).not.toEqual(a.reports);
  });

  it('overspeeds in episodes longer than a minute, above the limit, with the overspeed bit set', () => {
    const { reports, injected } = drive('hazardous_goods', { violations: { overspeed: 10 }, steps: 8640 });
    expect(injected.overspeed).toBeGreaterThan(3);
    let run = 0;
    let longest = 0;
    for (const r of reports) {
      if (r.speed / 10 > r.limit) {
        expect(r.alarm & ALARM_BIT.overspeed).toBeTruthy();
        run++;
        longest = Math.max(longest, run);
      } else run = 0;
    }
    // 10 s reports: at least 12 in a row is over two minutes.
    expect(longest).toBeGreaterThanOrEqual(12);
    expect(Math.max(...reports.map((r) => r.speed / 10 / r.limit))).toBeGreaterThan(1.15);
  });

  it('overspeeds where the class’s own top limit applies, so the rule engine’s class limits are broken', () => {
    // Coaches and heavy freight on the expressway above 100 km/h; earthwork trucks anywhere above 60.
    for (const [cls, engineLimit] of [
      ['coach', 100],
      ['heavy_freight', 100],
      ['earthwork', 60],
    ] as const) {
      const { reports, injected } = drive(cls, { violations: { overspeed: 10 }, steps: 8640 });
      expect(injected.overspeed).toBeGreaterThan(0);
      const over = reports.filter((r) => r.speed / 10 > r.limit);
      expect(over.length).toBeGreaterThan(0);
      // After the first minute of acceleration, an episode runs above the engine's limit.
      expect(over.filter((r) => r.speed / 10 > engineLimit).length).toBeGreaterThan(over.length / 2);
    }
  });

  it('presses the emergency button for a few reports, then releases it', () => {
    const { reports, injected } = drive('tourist_coach', { violations: { emergency: 1 }, steps: 4320 });
    expect(injected.emergency).toBeGreaterThan(0);
    const bits = reports.map((r) => (r.alarm & ALARM_BIT.emergency ? 1 : 0)).join('');
    const episodes = bits.match(/1+/g) ?? [];
    expect(episodes.length).toBe(injected.emergency);
    for (const e of episodes) expect(e.length).toBeGreaterThanOrEqual(3);
  });

  it('parks for hours with the engine running, and goes offline for a while', () => {
    const parked = drive('heavy_freight', { violations: { long_parking: 0.5 }, steps: 8640 });
    expect(parked.injected.long_parking).toBeGreaterThan(0);
    const bits = parked.reports.map((r) => (r.speed === 0 && r.status & STATUS_BIT.acc ? 1 : 0)).join('');
    const longest = Math.max(...(bits.match(/1+/g) ?? ['']).map((s) => s.length));
    expect(longest * 10).toBeGreaterThanOrEqual(150 * 60);
    expect(parked.reports.some((r) => r.alarm & ALARM_BIT.overtimeParking)).toBe(true);
    const dark = drive('earthwork', { violations: { offline: 1 }, steps: 4320 });
    expect(dark.injected.offline).toBeGreaterThan(0);
    const offline = dark.reports.map((r) => (r.online ? 0 : 1)).join('');
    const longestDark = Math.max(...(offline.match(/1+/g) ?? ['']).map((s) => s.length));
    expect(longestDark * 10).toBeGreaterThanOrEqual(15 * 60);
  });

  it('stops long-distance coaches from 02:00 to 05:00 CST, unless they break the night ban', () => {
    // 2026-12-07 00:30 CST, 6 hours.
    const start = Date.UTC(2026, 11, 6, 16, 30);
    const inBan = (r: Report) => cstHour(r.time) >= 2 && cstHour(r.time) < 5;
    for (let seed = 1; seed <= 5; seed++) {
      const lawful = drive('coach', { seed, start, steps: 4320 });
      expect(lawful.reports.filter(inBan).every((r) => r.speed === 0)).toBe(true);
      expect(lawful.reports.some((r) => !inBan(r) && r.speed > 0)).toBe(true);
    }
    let broke = 0;
    for (let seed = 1; seed <= 5; seed++) {
      const night = drive('coach', { seed, start, steps: 2160, violations: { night_driving: 1 } });
      if (night.injected.night_driving) {
        broke++;
        expect(night.reports.filter(inBan).filter((r) => r.speed > 0).length).toBeGreaterThan(100);
        // At night passenger vehicles keep to 80 % of the day limit.
        for (const r of night.reports.filter(inBan))
          expect(r.speed / 10).toBeLessThanOrEqual(0.8 * (r.kind === 'expressway' ? 100 : 60) + 1e-9);
      }
    }
    expect(broke).toBeGreaterThan(0);
    // Tourist coaches are not long-distance coaches: no decision, no count.
    expect(drive('tourist_coach', { start, violations: { night_driving: 1 } }).injected.night_driving).toBe(0);
  });
});
