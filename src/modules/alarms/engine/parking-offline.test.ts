import { describe, expect, it } from 'vitest';
import { cst, engineWith, HOME, HOUR, latDeg, MIN, only, pos, profile, run, SEC, square } from './testkit.js';
import type { RuleEngine, Zone } from './types.js';

const T = cst('2026-12-07T10:00:00');
const north = (m: number) => ({ lat: HOME[1] + latDeg(m) });

describe('long_parking: stopped longer than longParkingMin', () => {
  const park = (e: RuleEngine, from: number, to: number, speedKmh = 0) => run(e, 'v', from, to, MIN, { speedKmh });

  it('exactly 120 min does not open; one second more opens from the start of the stop; moving closes it', () => {
    const e = engineWith({}, profile('v', 'heavy_freight'));
    expect(only(park(e, T, T + 2 * HOUR), 'long_parking')).toEqual([]);
    expect(only(e.onPosition(pos('v', T + 2 * HOUR + SEC)), 'long_parking')).toEqual([
      expect.objectContaining({
        type: 'open',
        startedAt: T,
        peak: 120,
        limit: 120,
        unit: 'min',
        severity: 'low',
        episodeKey: `v:long_parking:${T}`,
      }),
    ]);
    const updates = only(park(e, T + 2 * HOUR + MIN, T + 3 * HOUR), 'long_parking');
    expect(updates.every((x) => x.type === 'update')).toBe(true);
    expect(only(e.onPosition(pos('v', T + 3 * HOUR + MIN, { speedKmh: 20 })), 'long_parking', 'close')).toEqual([
      expect.objectContaining({ type: 'close', endedAt: T + 3 * HOUR + MIN, peak: 181 }),
    ]);
  });

  it('parked with the ignition off is lawful; parking counts from the ignition coming on; turning it off ends the episode', () => {
    const e = engineWith({}, profile('v', 'heavy_freight'));
    // A night with the ignition off (status: positioned, ACC off): nothing.
    expect(only(run(e, 'v', T, T + 8 * HOUR, 5 * MIN, { speedKmh: 0, status: 0x02 }), 'long_parking')).toEqual([]);
    // The ignition comes on at +8 h while still stopped: 120 min from then is still within the limit ...
    expect(only(run(e, 'v', T + 8 * HOUR + MIN, T + 10 * HOUR, MIN, { speedKmh: 0 }), 'long_parking')).toEqual([]);
    // ... one more minute past it opens, from the last report with the ignition off.
    const opened = only(e.onPosition(pos('v', T + 10 * HOUR + 2 * MIN)), 'long_parking', 'open');
    expect(opened).toEqual([expect.objectContaining({ startedAt: T + 8 * HOUR, limit: 120 })]);
    // The ignition goes off: the episode ends there.
    expect(only(e.onPosition(pos('v', T + 10 * HOUR + 3 * MIN, { speedKmh: 0, status: 0x02 })), 'long_parking', 'close')).toEqual([
      expect.objectContaining({ endedAt: T + 10 * HOUR + 3 * MIN }),
    ]);
  });

  it('GNSS drift up to 5 km/h is still parked', () => {
    const e = engineWith({}, profile('v', 'heavy_freight'));
    expect(only(park(e, T, T + 2 * HOUR + MIN, 5), 'long_parking', 'open')).toHaveLength(1);
  });

  it('hazardous goods after 30 min; an enterprise override; a zone override (a depot)', () => {
    const hz = engineWith({}, profile('v', 'hazardous_goods'));
    expect(only(park(hz, T, T + 30 * MIN), 'long_parking')).toEqual([]);
    expect(only(hz.onPosition(pos('v', T + 30 * MIN + SEC)), 'long_parking', 'open')).toHaveLength(1);

    const ent = engineWith({ enterpriseOverrides: { e2: { heavy_freight: { longParkingMin: 45 } } } });
    ent.setProfile(profile('v', 'heavy_freight', { enterpriseId: 'e2' }));
    expect(only(park(ent, T, T + 46 * MIN), 'long_parking', 'open')[0]?.limit).toBe(45);

    const depot: Zone = {
      id: 'depot',
      kind: 'speed_limit',
      name: 'depot',
      polygon: square(HOME, 0.002),
      thresholds: { longParkingMin: 24 * 60 },
    };
    const z = engineWith({ zones: [depot] }, profile('v', 'heavy_freight'));
    expect(only(park(z, T, T + 10 * HOUR), 'long_parking')).toEqual([]);
  });

  it('a terminal asleep for hours in the same place: open and close when it drives off', () => {
    const e = engineWith({}, profile('v', 'heavy_freight'));
    e.onPosition(pos('v', T, { speedKmh: 40 }));
    e.onPosition(pos('v', T + MIN));
    const events = only(e.onPosition(pos('v', T + 4 * HOUR, { speedKmh: 30 })), 'long_parking');
    expect(events.map((x) => [x.type, x.startedAt, x.endedAt])).toEqual([
      ['open', T + MIN, undefined],
      ['close', T + MIN, T + 4 * HOUR],
    ]);
  });
});

describe('offline_moving: moving, then nothing for offlineMin (tick)', () => {
  it('one second short does nothing; exactly 10 min opens; updates; the next arrival closes', () => {
    const e = engineWith({}, profile('v', 'heavy_freight'));
    e.onPosition(pos('v', T, { speedKmh: 60 }));
    expect(e.tick(T + 10 * MIN - SEC)).toEqual([]);
    expect(e.tick(T + 10 * MIN)).toEqual([
      expect.objectContaining({
        type: 'open',
        rule: 'offline_moving',
        startedAt: T,
        peak: 10,
        limit: 10,
        unit: 'min',
        severity: 'medium',
        detail: expect.objectContaining({ lastPositionAt: T }),
      }),
    ]);
    expect(e.tick(T + 10 * MIN)).toEqual([]);
    expect(e.tick(T + 10 * MIN + 30 * SEC)).toEqual([]);
    expect(e.tick(T + 11 * MIN)).toEqual([expect.objectContaining({ type: 'update', peak: 11 })]);
    const back = e.onPosition(pos('v', T + 15 * MIN, { speedKmh: 60, receivedAt: T + 15 * MIN + 2 * SEC }));
    expect(only(back, 'offline_moving')).toEqual([expect.objectContaining({ type: 'close', endedAt: T + 15 * MIN + 2 * SEC, peak: 11 })]);
    expect(e.openEpisodes()).toBe(0);
  });

  it('a parked vehicle going silent is not offline_moving; 5.1 km/h is moving', () => {
    const parked = engineWith({}, profile('v', 'heavy_freight'));
    parked.onPosition(pos('v', T, { speedKmh: 5 }));
    expect(parked.tick(T + HOUR)).toEqual([]);
    const slow = engineWith({}, profile('v', 'heavy_freight'));
    slow.onPosition(pos('v', T, { speedKmh: 5.1 }));
    expect(only(slow.tick(T + HOUR), 'offline_moving', 'open')).toHaveLength(1);
  });

  it('counts from the receipt, not the GNSS time, and any arrival (backfill, no fix) ends it', () => {
    const e = engineWith(
      { enterpriseOverrides: { e2: { hazardous_goods: { offlineMin: 5 } } } },
      profile('v', 'hazardous_goods', { enterpriseId: 'e2' }),
    );
    e.onPosition(pos('v', T - 3 * MIN, { speedKmh: 60, receivedAt: T }));
    expect(e.tick(T + 5 * MIN - SEC)).toEqual([]);
    expect(e.tick(T + 5 * MIN)[0]).toMatchObject({ type: 'open', startedAt: T, severity: 'high', limit: 5 });
    const closed = e.onPosition(pos('v', T + MIN, { backfill: true, receivedAt: T + 6 * MIN }));
    expect(closed[0]).toMatchObject({ type: 'close', endedAt: T + 6 * MIN });
    // Silent again: a new episode with a new key.
    const again = e.tick(T + 11 * MIN);
    expect(again[0]?.episodeKey).toBe(`v:offline_moving:${T + 6 * MIN}`);
    expect(only(e.onPosition(pos('v', T + 12 * MIN, { status: 0, receivedAt: T + 12 * MIN })), 'offline_moving', 'close')).toHaveLength(1);
  });

  it('vehicles without a profile are ignored', () => {
    const e = engineWith();
    expect(e.onPosition(pos('x', T, { speedKmh: 200 }))).toEqual([]);
    expect(e.tick(T + HOUR)).toEqual([]);
  });
});

describe('moved_while_offline: after a gap ≥ offlineMin, a jump of more than 1 km', () => {
  const mwo = (e: RuleEngine, time: number, o: Parameters<typeof pos>[2]) => only(e.onPosition(pos('v', time, o)), 'moved_while_offline');

  it('opens and closes one episode at once; 999 m or a gap one second short does nothing', () => {
    const e = engineWith({}, profile('v', 'hazardous_goods'));
    e.onPosition(pos('v', T, { speedKmh: 40 }));
    const events = mwo(e, T + 10 * MIN, { speedKmh: 40, ...north(1001) });
    expect(events.map((x) => x.type)).toEqual(['open', 'close']);
    expect(events[1]).toMatchObject({
      startedAt: T,
      endedAt: T + 10 * MIN,
      peak: 1001,
      unit: 'm',
      limit: 1000,
      severity: 'high',
      detail: expect.objectContaining({ gapMin: 10, backfill: false }),
    });
    expect(events[0]?.evidence.at(-1)).toMatchObject({ time: T + 10 * MIN });
    expect(events[0]?.evidence.at(-2)).toMatchObject({ time: T });
    expect(e.openEpisodes()).toBe(0);

    const near = engineWith({}, profile('v', 'hazardous_goods'));
    near.onPosition(pos('v', T, { speedKmh: 40 }));
    expect(mwo(near, T + 30 * MIN, { speedKmh: 40, ...north(999) })).toEqual([]);
    const quick = engineWith({}, profile('v', 'hazardous_goods'));
    quick.onPosition(pos('v', T, { speedKmh: 40 }));
    expect(mwo(quick, T + 10 * MIN - SEC, { speedKmh: 40, ...north(5000) })).toEqual([]);
  });

  it('backfill that fills the gap first prevents it; backfill arriving late is ignored', () => {
    const filled = engineWith({}, profile('v', 'heavy_freight'));
    filled.onPosition(pos('v', T, { speedKmh: 40 }));
    expect(mwo(filled, T + 5 * MIN, { speedKmh: 40, backfill: true, ...north(2500) })).toEqual([]);
    expect(mwo(filled, T + 10 * MIN, { speedKmh: 40, ...north(5000) })).toEqual([]);

    const late = engineWith({}, profile('v', 'heavy_freight'));
    late.onPosition(pos('v', T, { speedKmh: 40 }));
    expect(mwo(late, T + 20 * MIN, { speedKmh: 40, ...north(5000) })).toHaveLength(2);
    expect(late.onPosition(pos('v', T + 10 * MIN, { speedKmh: 40, backfill: true, ...north(2500) }))).toEqual([]);
  });

  it('a backfilled position after the gap, newer than anything seen, reports it (marked backfill)', () => {
    const e = engineWith({}, profile('v', 'heavy_freight'));
    e.onPosition(pos('v', T, { speedKmh: 40 }));
    const events = mwo(e, T + 15 * MIN, { speedKmh: 40, backfill: true, ...north(5000) });
    expect(events.map((x) => x.type)).toEqual(['open', 'close']);
    expect(events[0]?.detail.backfill).toBe(true);
  });
});

describe('backfill and positions without a fix never open live-rule alarms', () => {
  it('backfilled overspeed, emergency, night driving and forbidden zones are ignored', () => {
    const zone: Zone = { id: 'z', kind: 'forbidden', name: 'z', polygon: square(HOME, 0.01) };
    const e = engineWith({ zones: [zone] }, profile('v', 'coach'));
    const night = cst('2026-12-08T02:00:00');
    const events = run(e, 'v', night, night + 9 * MIN, 10 * SEC, { speedKmh: 150, alarm: 0x1f1, backfill: true });
    expect(events).toEqual([]);
    expect(e.openEpisodes()).toBe(0);
  });

  it('no fix: speed and place are not trusted, the alarm bits are', () => {
    const e = engineWith({}, profile('v', 'heavy_freight'));
    const events = run(e, 'v', T, T + 5 * MIN, 10 * SEC, { speedKmh: 150, status: 0x01, alarm: 1 });
    expect([...new Set(events.map((x) => x.rule))]).toEqual(['terminal_emergency']);
    expect(only(events, 'terminal_emergency', 'open')).toHaveLength(1);
  });
});
