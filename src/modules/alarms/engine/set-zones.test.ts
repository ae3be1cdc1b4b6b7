import { describe, expect, it } from 'vitest';
import { cst, engineWith, HOME, HOUR, latDeg, MIN, only, pos, profile, run, SEC, square } from './testkit.js';
import type { Zone } from './types.js';

const city: Zone = {
  id: 'city',
  kind: 'forbidden',
  name: 'inner ring',
  polygon: square(HOME, 0.01),
  classes: ['earthwork'],
  window: { from: '07:00', to: '21:00' },
};
const t = (hhmm: string) => cst(`2026-12-07T${hhmm}`);

describe('setZones: geofences replaced while the engine runs', () => {
  it('a zone added applies from the next position', () => {
    const e = engineWith({}, profile('v', 'earthwork'));
    expect(e.onPosition(pos('v', t('10:00:00')))).toEqual([]);
    e.setZones([city]);
    expect(only(e.onPosition(pos('v', t('10:00:30'))), 'forbidden_zone', 'open')).toEqual([
      expect.objectContaining({ zoneId: 'city', startedAt: t('10:00:30') }),
    ]);
  });

  it('a zone removed: its episode closes at the next tick, and nothing reopens', () => {
    const e = engineWith({ zones: [city] }, profile('v', 'earthwork'));
    e.onPosition(pos('v', t('10:00:00')));
    expect(e.openEpisodes()).toBe(1);
    e.setZones([]);
    expect(e.openEpisodes()).toBe(1);
    expect(only(e.tick(t('10:00:10')), 'forbidden_zone')).toEqual([
      expect.objectContaining({ type: 'close', zoneId: 'city', endedAt: t('10:00:10') }),
    ]);
    expect(e.tick(t('10:00:20'))).toEqual([]);
    expect(e.onPosition(pos('v', t('10:00:30')))).toEqual([]);
    expect(e.openEpisodes()).toBe(0);
  });

  it('a zone removed: a position before the tick closes it at its own time', () => {
    const e = engineWith({ zones: [city] }, profile('v', 'earthwork'));
    e.onPosition(pos('v', t('10:00:00')));
    e.setZones([]);
    expect(only(e.onPosition(pos('v', t('10:00:05'))), 'forbidden_zone')).toEqual([
      expect.objectContaining({ type: 'close', endedAt: t('10:00:05') }),
    ]);
    expect(e.tick(t('10:00:10'))).toEqual([]);
  });

  it('a zone changed: its episode closes, and a new one opens under the new definition if it still applies', () => {
    const e = engineWith({ zones: [city] }, profile('v', 'earthwork'));
    e.onPosition(pos('v', t('10:00:00')));
    e.setZones([{ ...city, name: 'inner ring (new)', window: { from: '07:00', to: '20:00' } }]);
    const events = only(e.onPosition(pos('v', t('10:01:00'))), 'forbidden_zone');
    expect(events).toEqual([
      expect.objectContaining({ type: 'close', episodeKey: `v:forbidden_zone:city:${t('10:00:00')}`, endedAt: t('10:01:00') }),
      expect.objectContaining({
        type: 'open',
        episodeKey: `v:forbidden_zone:city:${t('10:01:00')}`,
        detail: { zoneName: 'inner ring (new)', window: '07:00-20:00' },
      }),
    ]);
    // The new window ends at 20:00.
    expect(only(e.tick(t('20:00:00')), 'forbidden_zone', 'close')).toHaveLength(1);
  });

  it('a zone no longer applying to the class closes its episode at the tick', () => {
    const e = engineWith({ zones: [city] }, profile('v', 'earthwork'));
    e.onPosition(pos('v', t('10:00:00')));
    e.setZones([{ ...city, classes: ['concrete_mixer'] }]);
    expect(only(e.tick(t('10:00:10')), 'forbidden_zone', 'close')).toHaveLength(1);
    expect(e.onPosition(pos('v', t('10:00:30')))).toEqual([]);
  });

  it('the same zones again change nothing; other episodes and the vehicle’s counters are kept', () => {
    const other: Zone = { id: 'water', kind: 'forbidden', name: 'reservoir', polygon: square(HOME, 0.005) };
    const e = engineWith({ zones: [city, other] }, profile('v', 'earthwork'));
    // 4 h of driving inside both zones.
    run(e, 'v', t('08:00:00'), t('12:00:00'), MIN, { speedKmh: 30 });
    expect(e.openEpisodes()).toBe(2);
    e.setZones([{ ...city }, { ...other }]);
    expect(e.tick(t('12:00:10'))).toEqual([]);
    e.setZones([{ ...city }]);
    const closed = e.tick(t('12:00:20'));
    expect(closed.map((x) => `${x.type}:${x.zoneId}`)).toEqual(['close:water']);
    // Continuous driving went on counting across the reloads: one second past 4 h opens.
    expect(only(e.onPosition(pos('v', t('12:00:21'), { speedKmh: 30 })), 'fatigue_continuous', 'open')).toHaveLength(1);
  });

  it('a posted limit changed: the zone’s overspeed episode closes, and a new one needs the minimum duration again', () => {
    const road: Zone = { id: 'road', kind: 'speed_limit', name: 'bridge', polygon: square(HOME, 0.01), speedLimitKmh: 40 };
    const e = engineWith({ zones: [road] }, profile('v', 'heavy_freight'));
    const from = t('10:00:00');
    expect(only(run(e, 'v', from, from + 20 * SEC, 2 * SEC, { speedKmh: 55 }), 'overspeed', 'open')).toEqual([
      expect.objectContaining({ zoneId: 'road', limit: 40 }),
    ]);
    e.setZones([{ ...road, speedLimitKmh: 50 }]);
    const next = run(e, 'v', from + 22 * SEC, from + 30 * SEC, 2 * SEC, { speedKmh: 55 });
    expect(only(next, 'overspeed')).toEqual([expect.objectContaining({ type: 'close', endedAt: from + 22 * SEC })]);
    const again = only(run(e, 'v', from + 32 * SEC, from + 40 * SEC, 2 * SEC, { speedKmh: 55 }), 'overspeed', 'open');
    expect(again).toEqual([expect.objectContaining({ startedAt: from + 22 * SEC, limit: 50 })]);
  });

  it('a removed speed limit: the class limit applies from the next position', () => {
    const road: Zone = { id: 'road', kind: 'speed_limit', name: 'bridge', polygon: square(HOME, 0.01), speedLimitKmh: 40 };
    const e = engineWith({ zones: [road] }, profile('v', 'heavy_freight'));
    run(e, 'v', t('10:00:00'), t('10:00:20'), 2 * SEC, { speedKmh: 55 });
    e.setZones([]);
    e.tick(t('10:00:21'));
    expect(only(run(e, 'v', t('10:00:22'), t('10:01:00'), 2 * SEC, { speedKmh: 55 }), 'overspeed')).toEqual([]);
  });

  it('an approved route changed: the deviation closes; the new corridor judges afresh', () => {
    const route: Zone = { id: 'r1', kind: 'corridor', name: 'route', line: [HOME, [HOME[0] + 0.2, HOME[1]]], halfWidthM: 100 };
    const e = engineWith({ zones: [route] }, profile('v', 'hazardous_goods', { routeId: 'r1' }));
    const off = { speedKmh: 50, lat: HOME[1] + latDeg(300), lng: HOME[0] + 0.05 };
    const from = t('10:00:00');
    expect(only(run(e, 'v', from, from + 2 * MIN, 30 * SEC, off), 'route_deviation', 'open')).toHaveLength(1);
    e.setZones([{ ...route, halfWidthM: 500 }]);
    const events = only(run(e, 'v', from + 150 * SEC, from + 5 * MIN, 30 * SEC, off), 'route_deviation');
    expect(events).toEqual([expect.objectContaining({ type: 'close', endedAt: from + 150 * SEC })]);
  });

  it('a zone that cannot be compiled is refused and the old zones stay', () => {
    const e = engineWith({ zones: [city] }, profile('v', 'earthwork'));
    expect(() => e.setZones([{ id: 'bad', kind: 'forbidden', name: 'no shape' }])).toThrow(/polygon/);
    expect(only(e.onPosition(pos('v', t('10:00:00'))), 'forbidden_zone', 'open')).toHaveLength(1);
  });
});

describe('setProfile while running', () => {
  it('a coach made relay-exempt: its night-ban episode closes at the next tick and no new one opens', () => {
    const e = engineWith({}, profile('v', 'coach'));
    const from = cst('2026-12-08T02:00:00');
    expect(only(run(e, 'v', from, from + 10 * MIN, MIN, { speedKmh: 60 }), 'night_ban', 'open')).toHaveLength(1);
    e.setProfile(profile('v', 'coach', { relayExempt: true }));
    expect(only(e.tick(from + 10 * MIN + 5 * SEC), 'night_ban')).toEqual([
      expect.objectContaining({ type: 'close', endedAt: from + 10 * MIN + 5 * SEC }),
    ]);
    expect(only(run(e, 'v', from + 11 * MIN, from + HOUR, MIN, { speedKmh: 60 }), 'night_ban')).toEqual([]);
  });

  it('the route taken away: the deviation closes at the next tick', () => {
    const route: Zone = { id: 'r1', kind: 'corridor', name: 'route', line: [HOME, [HOME[0] + 0.2, HOME[1]]], halfWidthM: 100 };
    const e = engineWith({ zones: [route] }, profile('v', 'hazardous_goods', { routeId: 'r1' }));
    const off = { speedKmh: 50, lat: HOME[1] + latDeg(300), lng: HOME[0] + 0.05 };
    const from = t('10:00:00');
    run(e, 'v', from, from + 2 * MIN, 30 * SEC, off);
    e.setProfile(profile('v', 'hazardous_goods', { routeId: null }));
    expect(only(e.tick(from + 3 * MIN), 'route_deviation', 'close')).toHaveLength(1);
    expect(e.openEpisodes()).toBe(0);
  });

  it('the same profile again closes nothing', () => {
    const e = engineWith({}, profile('v', 'coach'));
    const from = cst('2026-12-08T02:00:00');
    run(e, 'v', from, from + 10 * MIN, MIN, { speedKmh: 60 });
    e.setProfile(profile('v', 'coach'));
    expect(e.tick(from + 10 * MIN + 5 * SEC)).toEqual([]);
  });
});
