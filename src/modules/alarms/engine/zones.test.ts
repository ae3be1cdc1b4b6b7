import { describe, expect, it } from 'vitest';
import { cstMsOfDay, dailyWindow, inWindow, parseHhmm, windowEndAfter } from './cst.js';
import { distanceToPolylineM, haversineM, pointInPolygon } from './geo.js';
import { cst, engineWith, HOME, HOUR, latDeg, MIN, only, pos, profile, run, SEC, square } from './testkit.js';
import type { Zone } from './types.js';
import { compileZone, contains } from './zones.js';

describe('CST arithmetic', () => {
  it('time of day in CST from epoch ms, before 1970 too', () => {
    expect(cstMsOfDay(Date.UTC(2026, 11, 7, 16, 0, 0))).toBe(0);
    expect(cstMsOfDay(cst('2026-12-08T02:00:00'))).toBe(2 * HOUR);
    expect(cstMsOfDay(cst('1969-12-31T23:59:59'))).toBe(24 * HOUR - SEC);
  });

  it('windows: [from, to), wrapping midnight, all day when equal; the next end after t', () => {
    const day = dailyWindow('07:00', '19:00');
    expect(inWindow(cst('2026-12-07T06:59:59'), day)).toBe(false);
    expect(inWindow(cst('2026-12-07T07:00:00'), day)).toBe(true);
    expect(inWindow(cst('2026-12-07T18:59:59'), day)).toBe(true);
    expect(inWindow(cst('2026-12-07T19:00:00'), day)).toBe(false);
    const night = dailyWindow('22:00', '06:00');
    expect(inWindow(cst('2026-12-07T21:59:59'), night)).toBe(false);
    expect(inWindow(cst('2026-12-07T22:00:00'), night)).toBe(true);
    expect(inWindow(cst('2026-12-08T00:00:00'), night)).toBe(true);
    expect(inWindow(cst('2026-12-08T05:59:59'), night)).toBe(true);
    expect(inWindow(cst('2026-12-08T06:00:00'), night)).toBe(false);
    expect(windowEndAfter(cst('2026-12-07T23:00:00'), night)).toBe(cst('2026-12-08T06:00:00'));
    expect(windowEndAfter(cst('2026-12-08T01:00:00'), night)).toBe(cst('2026-12-08T06:00:00'));
    expect(inWindow(cst('2026-12-08T01:00:00'), dailyWindow('00:00', '24:00'))).toBe(true);
    expect(windowEndAfter(0, dailyWindow('08:00', '08:00'))).toBe(Number.POSITIVE_INFINITY);
  });

  it('refuses malformed times', () => {
    for (const bad of ['7:00', '24:01', '25:00', '12:60', '', '12-00']) expect(() => parseHhmm(bad), bad).toThrow();
    expect(parseHhmm('24:00')).toBe(24 * HOUR);
  });
});

describe('geometry', () => {
  it('haversine: one degree of latitude ≈ 111.2 km', () => {
    expect(haversineM(31, 121, 32, 121)).toBeCloseTo(111_195, -1);
  });

  it('point in polygon and distance to a polyline', () => {
    const ring = Float64Array.from(square(HOME, 0.01).flat());
    expect(pointInPolygon(HOME[0], HOME[1], ring)).toBe(true);
    expect(pointInPolygon(HOME[0] + 0.011, HOME[1], ring)).toBe(false);
    const line = Float64Array.from([HOME[0], HOME[1], HOME[0] + 0.1, HOME[1]]);
    expect(distanceToPolylineM(HOME[0] + 0.05, HOME[1] + latDeg(200), line)).toBeCloseTo(200, 3);
    expect(distanceToPolylineM(HOME[0] - 0.01, HOME[1], line)).toBeCloseTo(haversineM(HOME[1], HOME[0] - 0.01, HOME[1], HOME[0]), -1);
  });

  it('a zone needs a polygon or a line; a line zone contains its band', () => {
    expect(() => compileZone({ id: 'z', kind: 'forbidden', name: 'z' }, 200)).toThrow(/polygon/);
    const z = compileZone({ id: 'z', kind: 'forbidden', name: 'z', line: [HOME, [HOME[0] + 0.1, HOME[1]]], halfWidthM: 100 }, 200);
    expect(contains(z, HOME[0] + 0.05, HOME[1] + latDeg(99))).toBe(true);
    expect(contains(z, HOME[0] + 0.05, HOME[1] + latDeg(101))).toBe(false);
  });
});

describe('forbidden_zone: in a zone during its window, for its classes', () => {
  const city: Zone = {
    id: 'city',
    kind: 'forbidden',
    name: 'inner ring',
    polygon: square(HOME, 0.01),
    classes: ['earthwork'],
    window: { from: '07:00', to: '21:00' },
  };
  const outside = { lng: HOME[0] + 0.02 };

  it('06:59:59 inside is allowed, 07:00:00 opens, 20:59:59 still open, 21:00:00 closes at 21:00', () => {
    const e = engineWith({ zones: [city] }, profile('v', 'earthwork'));
    expect(e.onPosition(pos('v', cst('2026-12-07T06:59:59')))).toEqual([]);
    expect(only(e.onPosition(pos('v', cst('2026-12-07T07:00:00'))), 'forbidden_zone')).toEqual([
      expect.objectContaining({
        type: 'open',
        zoneId: 'city',
        severity: 'medium',
        episodeKey: `v:forbidden_zone:city:${cst('2026-12-07T07:00:00')}`,
        detail: { zoneName: 'inner ring', window: '07:00-21:00' },
      }),
    ]);
    expect(only(e.onPosition(pos('v', cst('2026-12-07T20:59:59'))), 'forbidden_zone', 'open')).toEqual([]);
    expect(only(e.onPosition(pos('v', cst('2026-12-07T21:00:00'))), 'forbidden_zone')).toEqual([
      expect.objectContaining({ type: 'close', endedAt: cst('2026-12-07T21:00:00') }),
    ]);
  });

  it('leaving the zone closes; coming back opens a new episode', () => {
    const e = engineWith({ zones: [city] }, profile('v', 'earthwork'));
    const t = cst('2026-12-07T10:00:00');
    e.onPosition(pos('v', t, { speedKmh: 30 }));
    expect(only(e.onPosition(pos('v', t + MIN, { speedKmh: 30, ...outside })), 'forbidden_zone')[0]).toMatchObject({
      type: 'close',
      endedAt: t + MIN,
    });
    expect(only(e.onPosition(pos('v', t + 2 * MIN, { speedKmh: 30 })), 'forbidden_zone', 'open')[0]?.startedAt).toBe(t + 2 * MIN);
  });

  it('a window wrapping midnight (22:00–06:00): 21:59 no, 22:00 yes, 05:59 yes, 06:00 closes at 06:00', () => {
    const nightly: Zone = { ...city, id: 'n', window: { from: '22:00', to: '06:00' } };
    const e = engineWith({ zones: [nightly] }, profile('v', 'earthwork'));
    expect(e.onPosition(pos('v', cst('2026-12-07T21:59:00')))).toEqual([]);
    expect(only(e.onPosition(pos('v', cst('2026-12-07T22:00:00'))), 'forbidden_zone', 'open')).toHaveLength(1);
    expect(only(e.onPosition(pos('v', cst('2026-12-08T00:00:00'))), 'forbidden_zone', 'close')).toEqual([]);
    expect(only(e.onPosition(pos('v', cst('2026-12-08T05:59:00'))), 'forbidden_zone', 'close')).toEqual([]);
    expect(only(e.onPosition(pos('v', cst('2026-12-08T06:00:00'))), 'forbidden_zone')).toEqual([
      expect.objectContaining({ type: 'close', endedAt: cst('2026-12-08T06:00:00') }),
    ]);
  });

  it('tick closes at the window end when the vehicle is silent', () => {
    const e = engineWith({ zones: [city] }, profile('v', 'earthwork'));
    e.onPosition(pos('v', cst('2026-12-07T20:00:00')));
    expect(only(e.tick(cst('2026-12-07T20:59:59')), 'forbidden_zone')).toEqual([]);
    expect(only(e.tick(cst('2026-12-07T21:00:00')), 'forbidden_zone')[0]).toMatchObject({
      type: 'close',
      endedAt: cst('2026-12-07T21:00:00'),
    });
  });

  it('other classes may enter; a zone without classes or window binds everyone always; two zones, two episodes', () => {
    const e = engineWith({ zones: [city] }, profile('v', 'concrete_mixer'));
    expect(e.onPosition(pos('v', cst('2026-12-07T10:00:00')))).toEqual([]);
    const water: Zone = { id: 'water', kind: 'forbidden', name: 'reservoir', polygon: square(HOME, 0.005) };
    const f = engineWith({ zones: [city, water] }, profile('v', 'earthwork'));
    const opens = only(f.onPosition(pos('v', cst('2026-12-07T06:59:00'))), 'forbidden_zone', 'open');
    expect(opens.map((x) => x.zoneId)).toEqual(['water']);
    const both = only(f.onPosition(pos('v', cst('2026-12-07T07:00:00'))), 'forbidden_zone', 'open');
    expect(both.map((x) => x.zoneId)).toEqual(['city']);
    expect(f.openEpisodes()).toBe(2);
  });

  it('hazardous goods in a forbidden zone are high severity', () => {
    const e = engineWith({ zones: [{ ...city, classes: ['hazardous_goods'] }] }, profile('v', 'hazardous_goods'));
    expect(only(e.onPosition(pos('v', cst('2026-12-07T10:00:00'))), 'forbidden_zone')[0]?.severity).toBe('high');
  });
});

describe('route_deviation: farther than the half width from the approved route for the minimum duration', () => {
  const route: Zone = { id: 'r1', kind: 'corridor', name: 'approved route', line: [HOME, [HOME[0] + 0.2, HOME[1]]], halfWidthM: 100 };
  const off = (m: number) => ({ speedKmh: 50, lat: HOME[1] + latDeg(m), lng: HOME[0] + 0.05 });
  const hazmat = (zones: Zone[] = [route], routeId: string | null = 'r1') =>
    engineWith({ zones }, profile('v', 'hazardous_goods', { routeId }));
  const t = cst('2026-12-07T10:00:00');

  it('just inside the half width is on the route; 0.5 m beyond for 59 s is not yet; 60 s opens', () => {
    const e = hazmat();
    expect(run(e, 'v', t, t + 5 * MIN, 30 * SEC, off(99.9))).toEqual([]);
    const d0 = t + 6 * MIN;
    expect(
      only([...e.onPosition(pos('v', d0, off(100.5))), ...e.onPosition(pos('v', d0 + 59 * SEC, off(150)))], 'route_deviation'),
    ).toEqual([]);
    const open = only(e.onPosition(pos('v', d0 + 60 * SEC, off(120))), 'route_deviation');
    expect(open).toEqual([
      expect.objectContaining({ type: 'open', startedAt: d0, peak: 150, unit: 'm', limit: 100, zoneId: 'r1', severity: 'high' }),
    ]);
    const close = only(e.onPosition(pos('v', d0 + 2 * MIN, off(20))), 'route_deviation');
    expect(close).toEqual([expect.objectContaining({ type: 'close', endedAt: d0 + 2 * MIN, peak: 150 })]);
  });

  it('the class half width applies when the corridor has none; an enterprise may change it and the duration', () => {
    const wide = { ...route, halfWidthM: undefined };
    const e = engineWith(
      { zones: [wide], enterpriseOverrides: { e2: { hazardous_goods: { corridorHalfWidthM: 50, routeDeviationMinSeconds: 0 } } } },
      profile('a', 'hazardous_goods', { routeId: 'r1' }),
    );
    run(e, 'a', t, t + 2 * MIN, 30 * SEC, off(150));
    const a = only(run(e, 'a', t + 3 * MIN, t + 5 * MIN, 30 * SEC, off(150)), 'route_deviation');
    expect(a).toEqual([]);
    const b = engineWith(
      { zones: [wide], enterpriseOverrides: { e2: { hazardous_goods: { corridorHalfWidthM: 50, routeDeviationMinSeconds: 0 } } } },
      profile('b', 'hazardous_goods', { routeId: 'r1', enterpriseId: 'e2' }),
    );
    expect(only(b.onPosition(pos('b', t, off(51))), 'route_deviation', 'open')[0]?.limit).toBe(50);
  });

  it('no route, or an unknown route id, means no route rule', () => {
    expect(run(hazmat([route], null), 'v', t, t + 5 * MIN, 30 * SEC, off(5000)).filter((x) => x.rule === 'route_deviation')).toEqual([]);
    expect(run(hazmat([route], 'nope'), 'v', t, t + 5 * MIN, 30 * SEC, off(5000)).filter((x) => x.rule === 'route_deviation')).toEqual([]);
  });

  it('a polygon corridor measures metres from its boundary', () => {
    const area: Zone = { id: 'r1', kind: 'corridor', name: 'yard', polygon: square(HOME, latDeg(1000)) };
    const e = engineWith({ zones: [area] }, profile('v', 'hazardous_goods', { routeId: 'r1' }));
    const beyond = { lat: HOME[1] + latDeg(1500), speedKmh: 30 };
    const events = only(run(e, 'v', t, t + 2 * MIN, 30 * SEC, beyond), 'route_deviation', 'open');
    // 1,500 m north of the centre, the edge is at 1,000 m: 500 m beyond it.
    expect(events[0]?.peak).toBeGreaterThan(495);
    expect(events[0]?.peak).toBeLessThan(505);
  });
});
