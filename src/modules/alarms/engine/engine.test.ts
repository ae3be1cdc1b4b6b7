import { describe, expect, it } from 'vitest';
import { PositionRing, RING_SIZE } from './ring.js';
import { cst, engineWith, HOME, HOUR, MIN, only, pos, profile, run, SEC, square } from './testkit.js';
import { ALARM_RULES, type AlarmEvent, type RuleEngine, type Zone } from './types.js';

const T = cst('2026-12-07T10:00:00');

/** A busy day for one coach: overspeed, a forbidden zone, an emergency press, a night drive, silence. */
function scenario(e: RuleEngine): AlarmEvent[] {
  const out: AlarmEvent[] = [];
  out.push(...run(e, 'v', T, T + 10 * MIN, 10 * SEC, (t) => ({ speedKmh: t < T + 5 * MIN ? 80 : 110 })));
  out.push(...run(e, 'v', T + 11 * MIN, T + 20 * MIN, 30 * SEC, { speedKmh: 40, lng: HOME[0] + 0.05, alarm: 1 }));
  out.push(...run(e, 'v', cst('2026-12-08T01:50:00'), cst('2026-12-08T02:30:00'), MIN, { speedKmh: 70 }));
  out.push(...e.tick(cst('2026-12-08T06:00:00')));
  return out;
}
const zone: Zone = { id: 'z', kind: 'forbidden', name: 'z', polygon: square([HOME[0] + 0.05, HOME[1]], 0.01), classes: ['coach'] };

describe('the engine as a whole', () => {
  it('is deterministic: the same input gives the same events', () => {
    const a = scenario(engineWith({ zones: [zone] }, profile('v', 'coach')));
    const b = scenario(engineWith({ zones: [zone] }, profile('v', 'coach')));
    expect(a).toEqual(b);
    expect(new Set(a.map((x) => x.rule))).toEqual(
      new Set(['overspeed', 'forbidden_zone', 'terminal_emergency', 'night_ban', 'offline_moving', 'moved_while_offline']),
    );
  });

  it('every event is well formed; every open has exactly one close or is still open', () => {
    const e = engineWith({ zones: [zone] }, profile('v', 'coach'));
    const events = scenario(e);
    const open = new Map<string, AlarmEvent>();
    for (const x of events) {
      expect(ALARM_RULES).toContain(x.rule);
      expect(x.vehicleId).toBe('v');
      expect(x.evidence.length).toBeLessThanOrEqual(RING_SIZE);
      expect(x.episodeKey.startsWith(`v:${x.rule}:`)).toBe(true);
      if (x.type === 'open') {
        expect(open.has(x.episodeKey)).toBe(false);
        open.set(x.episodeKey, x);
      } else {
        expect(open.get(x.episodeKey)?.startedAt).toBe(x.startedAt);
        if (x.type === 'close') {
          expect(x.endedAt).toBeGreaterThanOrEqual(x.startedAt);
          open.delete(x.episodeKey);
        }
      }
    }
    expect(open.size).toBe(e.openEpisodes());
    const keys = events.filter((x) => x.type === 'open').map((x) => x.episodeKey);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('evidence: at most 20 positions, oldest first, ending with the one that opened it', () => {
    const e = engineWith({}, profile('v', 'heavy_freight'));
    const events = run(e, 'v', T, T + 10 * MIN, 10 * SEC, (t) => ({ speedKmh: t < T + 8 * MIN ? 90 : 120 }));
    const [open] = only(events, 'overspeed', 'open');
    expect(open?.evidence).toHaveLength(20);
    expect(open?.evidence.at(-1)).toEqual({ time: T + 8 * MIN + 10 * SEC, lat: HOME[1], lng: HOME[0], speedKmh: 120 });
    const times = open?.evidence.map((p) => p.time) ?? [];
    expect([...times].sort((x, y) => x - y)).toEqual(times);
    expect(open?.evidence[0]?.speedKmh).toBe(90);
  });

  it('the ring keeps signed coordinates and whole-second times', () => {
    const ring = new PositionRing();
    ring.push(1_765_000_000_500, -33_868_800, -151_209_300, 1234);
    expect(ring.points()).toEqual([{ time: 1_765_000_000_000, lat: -33.8688, lng: -151.2093, speedKmh: 123.4 }]);
    for (let i = 0; i < 45; i++) ring.push(i * 1000, i, i, i);
    expect(ring.points().map((p) => p.time / 1000)).toEqual(Array.from({ length: 20 }, (_, i) => 25 + i));
  });

  it('setProfile again replaces the profile; forget drops a vehicle and its episodes', () => {
    const e = engineWith({}, profile('v', 'coach'));
    const night = cst('2026-12-08T03:00:00');
    expect(only(e.onPosition(pos('v', night, { speedKmh: 60 })), 'night_ban', 'open')).toHaveLength(1);
    e.setProfile(profile('w', 'coach', { relayExempt: true }));
    expect(only(e.onPosition(pos('w', night, { speedKmh: 60 })), 'night_ban')).toEqual([]);
    e.forget('v');
    expect(e.openEpisodes()).toBe(0);
    expect(e.onPosition(pos('v', night + MIN, { speedKmh: 60 }))).toEqual([]);
  });

  it('keeps many vehicles apart', () => {
    const e = engineWith();
    for (let i = 0; i < 1000; i++) e.setProfile(profile(`v${i}`, i % 2 ? 'heavy_freight' : 'earthwork'));
    const events: AlarmEvent[] = [];
    for (let s = 0; s <= 12; s++)
      for (let i = 0; i < 1000; i++) events.push(...e.onPosition(pos(`v${i}`, T + s * SEC, { speedKmh: 70 + (i % 3) })));
    // Earthwork (60) overspeeds at 70–72; heavy freight (100) does not.
    expect(only(events, 'overspeed', 'open')).toHaveLength(500);
    expect(e.openEpisodes()).toBe(500);
    expect(new Set(events.map((x) => x.vehicleId)).size).toBe(500);
  });

  it('a clock stuck in the future is believed for 10 min of receipt time at most, then the chain restarts', () => {
    const e = engineWith({}, profile('v', 'heavy_freight'));
    e.onPosition(pos('v', T, { speedKmh: 60 }));
    const future = T + 365 * 24 * HOUR;
    // Believed at first (a year parked in one place: long parking).
    expect(e.onPosition(pos('v', future, { receivedAt: T + MIN })).map((x) => x.rule)).toEqual(['long_parking']);
    // Correct positions after it look out of order: ignored, including an emergency press…
    expect(e.onPosition(pos('v', T + 2 * MIN, { alarm: 1 }))).toEqual([]);
    expect(e.onPosition(pos('v', T + 12 * MIN - SEC, { alarm: 1 }))).toEqual([]);
    // …until 10 min of them have been received: then the chain starts again from the current one.
    expect(e.onPosition(pos('v', T + 12 * MIN, { alarm: 1 })).map((x) => x.rule)).toEqual(['terminal_emergency']);
    expect(e.onPosition(pos('v', T + 13 * MIN)).map((x) => x.type)).toEqual(['close']);
  });

  it('re-sent positions within the 10 min stay ignored and do not restart anything', () => {
    const e = engineWith({}, profile('v', 'heavy_freight'));
    run(e, 'v', T, T + 5 * MIN, 10 * SEC, { speedKmh: 120 });
    expect(e.openEpisodes()).toBe(1);
    for (let i = 0; i < 30; i++)
      expect(e.onPosition(pos('v', T + i * 10 * SEC, { speedKmh: 150, receivedAt: T + 5 * MIN + i * SEC }))).toEqual([]);
    expect(e.onPosition(pos('v', T + 5 * MIN + 10 * SEC, { speedKmh: 50 }))[0]).toMatchObject({ type: 'close', peak: 120 });
  });

  it('rejects a zone it cannot evaluate at creation', () => {
    expect(() =>
      engineWith({ zones: [{ id: 'bad', kind: 'forbidden', name: 'bad', polygon: square(HOME, 0.01), window: { from: '7', to: '9' } }] }),
    ).toThrow(/HH:MM/);
  });
});
