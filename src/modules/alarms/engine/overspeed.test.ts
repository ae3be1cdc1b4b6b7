import { describe, expect, it } from 'vitest';
import { cst, engineWith, HOME, latDeg, MIN, only, pos, profile, run, SEC, square } from './testkit.js';
import { DEFAULT_THRESHOLDS } from './thresholds.js';
import type { RuleEngine, VehicleClass, Zone } from './types.js';

const NOON = cst('2026-12-07T12:00:00');

/** Two positions `durationMs` apart at one speed, then one at `after` km/h. */
function episode(
  engine: RuleEngine,
  id: string,
  start: number,
  speedKmh: number,
  durationMs: number,
  o: { lng?: number; lat?: number } = {},
) {
  return [...engine.onPosition(pos(id, start, { speedKmh, ...o })), ...engine.onPosition(pos(id, start + durationMs, { speedKmh, ...o }))];
}

function opensAt(cls: VehicleClass, speedKmh: number, start = NOON, zones: Zone[] = [], where: { lng?: number; lat?: number } = {}) {
  const e = engineWith({ zones }, profile('v', cls));
  return only(episode(e, 'v', start, speedKmh, 10 * SEC, where), 'overspeed', 'open');
}

describe('overspeed: class limits by day', () => {
  it.each([
    ['heavy_freight', 100],
    ['coach', 100],
    ['tourist_coach', 100],
    ['hazardous_goods', 60],
    ['earthwork', 60],
    ['concrete_mixer', 60],
  ] as const)('%s: at %i km/h none, 0.1 above opens', (cls, limit) => {
    expect(DEFAULT_THRESHOLDS[cls].speedLimitKmh).toBe(limit);
    expect(opensAt(cls, limit - 0.1)).toHaveLength(0);
    expect(opensAt(cls, limit)).toHaveLength(0);
    const [open] = opensAt(cls, limit + 0.1);
    expect(open).toMatchObject({ limit, peak: limit + 0.1, unit: 'km/h', detail: { limitKind: 'class', night: false } });
  });
});

describe('overspeed: minimum duration', () => {
  it('one second short does not open; exactly met opens with the start of the run', () => {
    const e = engineWith({}, profile('v', 'heavy_freight'));
    expect(only(episode(e, 'v', NOON, 120, 9 * SEC), 'overspeed')).toHaveLength(0);
    const events = e.onPosition(pos('v', NOON + 10 * SEC, { speedKmh: 110 }));
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      type: 'open',
      rule: 'overspeed',
      startedAt: NOON,
      peak: 120,
      limit: 100,
      episodeKey: `v:overspeed:${NOON}`,
      vehicleId: 'v',
    });
  });

  it('a run broken by one position at the limit starts again', () => {
    const e = engineWith({}, profile('v', 'heavy_freight'));
    const events = run(e, 'v', NOON, NOON + 20 * SEC, SEC, (t) => ({ speedKmh: t === NOON + 9 * SEC ? 100 : 105 }));
    const [open] = only(events, 'overspeed', 'open');
    expect(open?.startedAt).toBe(NOON + 10 * SEC);
    expect(e.openEpisodes()).toBe(1);
  });

  it('a zero minimum opens on the first position above the limit', () => {
    const e = engineWith(
      { thresholds: { ...DEFAULT_THRESHOLDS, heavy_freight: { ...DEFAULT_THRESHOLDS.heavy_freight, overspeedMinSeconds: 0 } } },
      profile('v', 'heavy_freight'),
    );
    expect(only(e.onPosition(pos('v', NOON, { speedKmh: 101 })), 'overspeed', 'open')).toHaveLength(1);
  });
});

describe('overspeed: one alarm per episode', () => {
  it('opens once, updates at most once a minute with the peak, closes when the speed is back at the limit', () => {
    const e = engineWith({}, profile('v', 'heavy_freight'));
    const speeds = (t: number) => ({ speedKmh: 105 + Math.floor((t - NOON) / MIN) * 5 });
    const during = run(e, 'v', NOON, NOON + 5 * MIN - SEC, SEC, speeds);
    expect(only(during, 'overspeed', 'open')).toHaveLength(1);
    const updates = only(during, 'overspeed', 'update');
    expect(updates.length).toBeGreaterThanOrEqual(3);
    expect(updates.length).toBeLessThanOrEqual(5);
    for (let i = 1; i < updates.length; i++) {
      expect((updates[i]?.peak ?? 0) > (updates[i - 1]?.peak ?? 0)).toBe(true);
      expect(updates[i]?.episodeKey).toBe(`v:overspeed:${NOON}`);
    }
    const end = e.onPosition(pos('v', NOON + 5 * MIN, { speedKmh: 100 }));
    expect(end).toHaveLength(1);
    expect(end[0]).toMatchObject({ type: 'close', startedAt: NOON, endedAt: NOON + 5 * MIN, peak: 125, episodeKey: `v:overspeed:${NOON}` });
    expect(e.openEpisodes()).toBe(0);
  });

  it('does not update when the peak did not rise', () => {
    const e = engineWith({}, profile('v', 'heavy_freight'));
    const events = run(e, 'v', NOON, NOON + 10 * MIN, 10 * SEC, { speedKmh: 110 });
    expect(only(events, 'overspeed').map((x) => x.type)).toEqual(['open']);
  });

  it('a re-sent message (same time) neither opens again nor extends the run', () => {
    const e = engineWith({}, profile('v', 'heavy_freight'));
    const first = run(e, 'v', NOON, NOON + 10 * SEC, 5 * SEC, { speedKmh: 120 });
    expect(only(first, 'overspeed', 'open')).toHaveLength(1);
    for (const t of [NOON, NOON + 5 * SEC, NOON + 10 * SEC]) expect(e.onPosition(pos('v', t, { speedKmh: 150 }))).toEqual([]);
    const close = e.onPosition(pos('v', NOON + 15 * SEC, { speedKmh: 50 }));
    expect(close[0]).toMatchObject({ type: 'close', peak: 120 });
  });

  it('starts a new episode, with a new key, after the close', () => {
    const e = engineWith({}, profile('v', 'heavy_freight'));
    const a = episode(e, 'v', NOON, 120, 10 * SEC);
    e.onPosition(pos('v', NOON + 20 * SEC, { speedKmh: 80 }));
    const b = episode(e, 'v', NOON + 30 * SEC, 120, 10 * SEC);
    const keys = [...only(a, 'overspeed', 'open'), ...only(b, 'overspeed', 'open')].map((x) => x.episodeKey);
    expect(keys).toEqual([`v:overspeed:${NOON}`, `v:overspeed:${NOON + 30 * SEC}`]);
  });

  it('grades severity by how far over: < 20 % low, < 50 % medium, ≥ 50 % high, raised in updates', () => {
    expect(opensAt('heavy_freight', 119.9)[0]?.severity).toBe('low');
    expect(opensAt('heavy_freight', 120)[0]?.severity).toBe('medium');
    expect(opensAt('heavy_freight', 150)[0]?.severity).toBe('high');
    const e = engineWith({}, profile('v', 'heavy_freight'));
    episode(e, 'v', NOON, 110, 10 * SEC);
    const up = e.onPosition(pos('v', NOON + 2 * MIN, { speedKmh: 160 }));
    expect(up[0]).toMatchObject({ type: 'update', severity: 'high', peak: 160 });
  });
});

describe('overspeed: passenger vehicles at night (22:00–06:00 CST) at 80 % of the day limit', () => {
  it.each(['coach', 'tourist_coach'] as const)('%s: 80 km/h allowed at night, 80.1 not', (cls) => {
    const night = cst('2026-12-07T23:00:00');
    expect(opensAt(cls, 80, night)).toHaveLength(0);
    const [open] = opensAt(cls, 80.1, night);
    expect(open).toMatchObject({ limit: 80, detail: { limitKind: 'night', night: true, dayLimitKmh: 100 } });
  });

  it('the edges: 21:59:59 is day, 22:00:00 is night, 05:59:59 is night, 06:00:00 is day', () => {
    const e = engineWith({ thresholds: { ...DEFAULT_THRESHOLDS, coach: { ...DEFAULT_THRESHOLDS.coach, overspeedMinSeconds: 0 } } });
    const at = (id: string, local: string) => {
      e.setProfile(profile(id, 'coach'));
      return only(e.onPosition(pos(id, cst(local), { speedKmh: 90 })), 'overspeed', 'open');
    };
    expect(at('a', '2026-12-07T21:59:59')).toHaveLength(0);
    expect(at('b', '2026-12-07T22:00:00')).toHaveLength(1);
    expect(at('c', '2026-12-08T05:59:59')).toHaveLength(1);
    expect(at('d', '2026-12-08T06:00:00')).toHaveLength(0);
  });

  it('an episode over midnight stays one episode', () => {
    const e = engineWith({}, profile('v', 'coach'));
    const events = run(e, 'v', cst('2026-12-07T23:59:00'), cst('2026-12-08T00:01:00'), 10 * SEC, { speedKmh: 85 });
    expect(only(events, 'overspeed').map((x) => x.type)).toEqual(['open']);
    expect(only(events, 'overspeed', 'open')[0]?.startedAt).toBe(cst('2026-12-07T23:59:00'));
    expect(e.openEpisodes()).toBe(1);
  });

  it('does not apply to trucks', () => {
    expect(opensAt('heavy_freight', 95, cst('2026-12-07T23:00:00'))).toHaveLength(0);
  });

  it('applies to the posted limit of a zone as well: 60 × 0.8 = 48', () => {
    const zone: Zone = { id: 'z60', kind: 'speed_limit', name: 'city', polygon: square(HOME, 0.01), speedLimitKmh: 60 };
    const night = cst('2026-12-08T01:00:00');
    expect(opensAt('coach', 48, night, [zone])).toHaveLength(0);
    expect(opensAt('coach', 48.1, night, [zone])[0]).toMatchObject({ limit: 48, zoneId: 'z60', detail: { limitKind: 'night' } });
  });
});

describe('overspeed: hazardous goods ≤ 80 km/h on expressways, ≤ 60 elsewhere', () => {
  const expressway: Zone = { id: 'g2', kind: 'expressway', name: 'G2', line: [HOME, [HOME[0] + 0.1, HOME[1]]], halfWidthM: 50 };

  it('on the expressway (within its half width): 80 allowed, 80.1 not', () => {
    expect(opensAt('hazardous_goods', 80, NOON, [expressway])).toHaveLength(0);
    expect(opensAt('hazardous_goods', 80.1, NOON, [expressway])[0]).toMatchObject({
      limit: 80,
      detail: { limitKind: 'expressway', expressway: true },
    });
  });

  it('off the expressway, 51 m beside its line: 60', () => {
    const beside = { lat: HOME[1] + latDeg(51) };
    expect(opensAt('hazardous_goods', 60, NOON, [expressway], beside)).toHaveLength(0);
    expect(opensAt('hazardous_goods', 60.1, NOON, [expressway], beside)[0]).toMatchObject({ limit: 60, detail: { expressway: false } });
    const inside = { lat: HOME[1] + latDeg(49) };
    expect(opensAt('hazardous_goods', 70, NOON, [expressway], inside)).toHaveLength(0);
  });

  it('an expressway posted at 120 keeps hazardous goods at 80 and trucks at 100; one posted at 70 lowers both', () => {
    const posted120 = { ...expressway, speedLimitKmh: 120 };
    expect(opensAt('hazardous_goods', 80.1, NOON, [posted120])[0]?.limit).toBe(80);
    expect(opensAt('heavy_freight', 100.1, NOON, [posted120])[0]?.limit).toBe(100);
    const posted70 = { ...expressway, speedLimitKmh: 70 };
    expect(opensAt('hazardous_goods', 70.1, NOON, [posted70])[0]).toMatchObject({ limit: 70, zoneId: 'g2', detail: { limitKind: 'zone' } });
    expect(opensAt('heavy_freight', 70, NOON, [posted70])).toHaveLength(0);
  });
});

describe('overspeed: per zone and per enterprise', () => {
  const school: Zone = { id: 'school', kind: 'speed_limit', name: 'school', polygon: square(HOME, 0.005), speedLimitKmh: 30 };

  it('a speed-limit segment lowers the limit inside it only', () => {
    expect(opensAt('heavy_freight', 30, NOON, [school])).toHaveLength(0);
    expect(opensAt('heavy_freight', 30.1, NOON, [school])[0]).toMatchObject({ limit: 30, zoneId: 'school' });
    expect(opensAt('heavy_freight', 50, NOON, [school], { lng: HOME[0] + 0.006 })).toHaveLength(0);
  });

  it('a segment for some classes leaves the others alone', () => {
    const forMuck = { ...school, classes: ['earthwork' as const] };
    expect(opensAt('earthwork', 31, NOON, [forMuck])).toHaveLength(1);
    expect(opensAt('concrete_mixer', 31, NOON, [forMuck])).toHaveLength(0);
  });

  it('a segment with a time window applies only inside it, wrapping midnight', () => {
    const nightly = { ...school, window: { from: '22:00', to: '06:00' } };
    expect(opensAt('heavy_freight', 40, NOON, [nightly])).toHaveLength(0);
    expect(opensAt('heavy_freight', 40, cst('2026-12-07T23:30:00'), [nightly])).toHaveLength(1);
    expect(opensAt('heavy_freight', 40, cst('2026-12-08T05:59:00'), [nightly])).toHaveLength(1);
    expect(opensAt('heavy_freight', 40, cst('2026-12-08T06:00:00'), [nightly])).toHaveLength(0);
  });

  it('zone thresholds override the class: a 0 s minimum and a higher limit for a freight road', () => {
    const freightRoad: Zone = {
      id: 'fr',
      kind: 'speed_limit',
      name: 'freight road',
      polygon: square(HOME, 0.01),
      thresholds: { speedLimitKmh: 70, overspeedMinSeconds: 0 },
    };
    const e = engineWith({ zones: [freightRoad] }, profile('v', 'earthwork'));
    expect(e.onPosition(pos('v', NOON, { speedKmh: 70 }))).toEqual([]);
    expect(only(e.onPosition(pos('v', NOON + SEC, { speedKmh: 70.1 })), 'overspeed', 'open')[0]?.limit).toBe(70);
  });

  it('an enterprise override applies to that enterprise only', () => {
    const e = engineWith(
      { enterpriseOverrides: { strict: { heavy_freight: { speedLimitKmh: 90, overspeedMinSeconds: 5 } } } },
      profile('a', 'heavy_freight', { enterpriseId: 'strict' }),
      profile('b', 'heavy_freight', { enterpriseId: 'other' }),
    );
    expect(only(episode(e, 'a', NOON, 90, 5 * SEC), 'overspeed')).toHaveLength(0);
    expect(only(episode(e, 'a', NOON + MIN, 90.1, 5 * SEC), 'overspeed', 'open')[0]?.limit).toBe(90);
    expect(only(episode(e, 'b', NOON, 95, 10 * SEC), 'overspeed')).toHaveLength(0);
    expect(only(episode(e, 'b', NOON + MIN, 90.1, 5 * SEC), 'overspeed')).toHaveLength(0);
  });
});
