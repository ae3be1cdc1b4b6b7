import { describe, expect, it } from 'vitest';
import { DrivingLog, LOG_CAPACITY, WINDOW_MS } from './driving-log.js';
import { cst, engineWith, HOME, HOUR, latDeg, MIN, only, pos, profile, run, SEC } from './testkit.js';
import type { AlarmEvent, RuleEngine } from './types.js';

/** Moving at 60 km/h, a position every minute, from..to inclusive. */
const drive = (e: RuleEngine, from: number, to: number, lat = HOME[1]) => run(e, 'v', from, to, MIN, { speedKmh: 60, lat });
/** Stopped, a position every minute, from..to inclusive. */
const park = (e: RuleEngine, from: number, to: number, lat = HOME[1]) => run(e, 'v', from, to, MIN, { speedKmh: 0, lat });
const fatigue = (events: AlarmEvent[]) => events.filter((x) => x.rule.startsWith('fatigue'));

describe('fatigue_continuous: more than 4 h without a 20-minute rest', () => {
  it('exactly 4 h does not open; one second more opens, with the moment the limit was passed', () => {
    const e = engineWith({}, profile('v', 'heavy_freight'));
    const t0 = cst('2026-12-07T08:00:00');
    expect(fatigue(drive(e, t0, t0 + 4 * HOUR))).toEqual([]);
    const events = e.onPosition(pos('v', t0 + 4 * HOUR + SEC, { speedKmh: 60 }));
    expect(only(events, 'fatigue_continuous')).toEqual([
      expect.objectContaining({
        type: 'open',
        startedAt: t0 + 4 * HOUR,
        limit: 240,
        peak: 240,
        unit: 'min',
        severity: 'high',
        detail: { limitKind: 'day', driverKey: 'vehicle' },
      }),
    ]);
  });

  it('a 20-minute rest restarts the count; the episode opens once and closes where the rest began', () => {
    const e = engineWith({}, profile('v', 'heavy_freight'));
    const t0 = cst('2026-12-07T08:00:00');
    const events = drive(e, t0, t0 + 5 * HOUR);
    expect(only(events, 'fatigue_continuous', 'open')).toHaveLength(1);
    expect(only(events, 'fatigue_continuous', 'update').length).toBeLessThanOrEqual(60);
    const stopAt = t0 + 5 * HOUR + MIN;
    const restEvents = park(e, stopAt, stopAt + 20 * MIN);
    expect(only(restEvents, 'fatigue_continuous', 'close')).toEqual([
      // 09:00 → 13:01 at speed (the last minute ends at the first stopped position): 301 min.
      expect.objectContaining({ type: 'close', startedAt: t0 + 4 * HOUR, endedAt: stopAt, peak: 301 }),
    ]);
    // After the rest: another 4 h exactly is allowed again (the daily 8 h is passed meanwhile).
    const back = stopAt + 21 * MIN;
    const again = drive(e, back, back + 4 * HOUR);
    expect(only(again, 'fatigue_continuous')).toEqual([]);
    expect(only(again, 'fatigue_daily', 'open')).toHaveLength(1);
    expect(only(e.onPosition(pos('v', back + 4 * HOUR + SEC, { speedKmh: 60 })), 'fatigue_continuous', 'open')).toHaveLength(1);
  });

  it('a rest one second short of 20 minutes does not restart the count; stopped time is not driving time', () => {
    const e = engineWith({}, profile('v', 'heavy_freight'));
    const t0 = cst('2026-12-07T08:00:00');
    drive(e, t0, t0 + 2 * HOUR - MIN);
    // Stopped from 10:00:00; the first moving position at 10:19:59 ends a 19 min 59 s stop.
    park(e, t0 + 2 * HOUR, t0 + 2 * HOUR + 19 * MIN);
    e.onPosition(pos('v', t0 + 2 * HOUR + 19 * MIN + 58 * SEC, { speedKmh: 0 }));
    const resume = t0 + 2 * HOUR + 20 * MIN - SEC;
    // 1 h 59 min driven before (08:00→09:59, then 09:59→10:00 at speed) = 120 min; 120 more is exactly 4 h.
    expect(fatigue(drive(e, resume, resume + 2 * HOUR))).toEqual([]);
    const open = only(e.onPosition(pos('v', resume + 2 * HOUR + SEC, { speedKmh: 60 })), 'fatigue_continuous', 'open');
    expect(open).toHaveLength(1);
  });

  it('a rest of exactly 20 minutes restarts the count', () => {
    const e = engineWith({}, profile('v', 'heavy_freight'));
    const t0 = cst('2026-12-07T08:00:00');
    drive(e, t0, t0 + 2 * HOUR - MIN);
    park(e, t0 + 2 * HOUR, t0 + 2 * HOUR + 19 * MIN);
    const resume = t0 + 2 * HOUR + 20 * MIN;
    // The stop 10:00:00 → 10:20:00 is 20 min: the 2 h before are forgotten, 4 h more are allowed.
    expect(fatigue(drive(e, resume, resume + 4 * HOUR))).toEqual([]);
  });

  it('a terminal asleep in the same place (gap ≥ offlineMin) counts as rest', () => {
    const e = engineWith({}, profile('v', 'heavy_freight'));
    const t0 = cst('2026-12-07T08:00:00');
    drive(e, t0, t0 + 3 * HOUR);
    e.onPosition(pos('v', t0 + 3 * HOUR + MIN, { speedKmh: 0 }));
    expect(fatigue(drive(e, t0 + 11 * HOUR, t0 + 13 * HOUR))).toEqual([]);
  });

  it('a gap with a jump of more than 1 km gives neither rest nor driving credit', () => {
    const e = engineWith({}, profile('v', 'heavy_freight'));
    const t0 = cst('2026-12-07T08:00:00');
    drive(e, t0, t0 + 3 * HOUR);
    const far = HOME[1] + latDeg(5000);
    const back = t0 + 3 * HOUR + 30 * MIN;
    expect(fatigue(drive(e, back, back + HOUR, far))).toEqual([]);
    expect(only(e.onPosition(pos('v', back + HOUR + SEC, { speedKmh: 60, lat: far })), 'fatigue_continuous', 'open')).toHaveLength(1);
  });
});

describe('fatigue_continuous: 2 h at night for passenger drivers', () => {
  it.each(['coach', 'tourist_coach'] as const)('%s: exactly 2 h at night is allowed, one second more opens', (cls) => {
    const e = engineWith({}, profile('v', cls));
    const t0 = cst('2026-12-07T23:00:00');
    expect(fatigue(drive(e, t0, t0 + 2 * HOUR))).toEqual([]);
    const open = only(e.onPosition(pos('v', t0 + 2 * HOUR + SEC, { speedKmh: 60 })), 'fatigue_continuous', 'open');
    expect(open[0]).toMatchObject({ limit: 120, startedAt: t0 + 2 * HOUR, detail: { limitKind: 'night' } });
  });

  it('driving into the night: the night limit applies from 22:00', () => {
    const e = engineWith({}, profile('v', 'coach'));
    const t0 = cst('2026-12-07T19:30:00');
    expect(fatigue(drive(e, t0, cst('2026-12-07T21:59:00')))).toEqual([]);
    const open = only(e.onPosition(pos('v', cst('2026-12-07T22:00:00'), { speedKmh: 60 })), 'fatigue_continuous', 'open');
    expect(open[0]).toMatchObject({ limit: 120, startedAt: cst('2026-12-07T22:00:00'), peak: 150, detail: { limitKind: 'night' } });
  });

  it('in the day a coach has 4 h; trucks have 4 h at night too', () => {
    const coach = engineWith({}, profile('v', 'coach'));
    const day = cst('2026-12-07T09:00:00');
    expect(fatigue(drive(coach, day, day + 4 * HOUR))).toEqual([]);
    const truck = engineWith({}, profile('v', 'heavy_freight'));
    const night = cst('2026-12-07T22:30:00');
    expect(fatigue(drive(truck, night, night + 4 * HOUR))).toEqual([]);
    expect(only(truck.onPosition(pos('v', night + 4 * HOUR + SEC, { speedKmh: 60 })), 'fatigue_continuous', 'open')).toHaveLength(1);
  });

  it('an enterprise may set a shorter night limit for its drivers', () => {
    const e = engineWith({ enterpriseOverrides: { strict: { heavy_freight: { continuousDrivingNightMaxMin: 150 } } } });
    e.setProfile(profile('v', 'heavy_freight', { enterpriseId: 'strict' }));
    const night = cst('2026-12-07T23:00:00');
    expect(fatigue(drive(e, night, night + 150 * MIN))).toEqual([]);
    expect(only(e.onPosition(pos('v', night + 150 * MIN + SEC, { speedKmh: 60 })), 'fatigue_continuous', 'open')[0]?.limit).toBe(150);
  });
});

describe('fatigue_daily: more than 8 h in a rolling 24 h', () => {
  /** 3.5 h, 30 min rest, 3.5 h, 30 min rest, 1 h: exactly 8 h driven by 15:00. */
  function eightHours(e: RuleEngine, day: string): AlarmEvent[] {
    const at = (hhmm: string) => cst(`${day}T${hhmm}:00`);
    // Each stretch's last minute ends at the first stopped position: 210 + 210 + 60 min.
    return [
      ...drive(e, at('06:00'), at('09:29')),
      ...park(e, at('09:30'), at('09:59')),
      ...drive(e, at('10:00'), at('13:29')),
      ...park(e, at('13:30'), at('13:59')),
      ...drive(e, at('14:00'), at('15:00')),
    ];
  }

  it('exactly 8 h does not open; one second more opens; a rest closes it', () => {
    const e = engineWith({}, profile('v', 'heavy_freight'));
    expect(fatigue(eightHours(e, '2026-12-07'))).toEqual([]);
    const end = cst('2026-12-07T15:00:00');
    const open = only(e.onPosition(pos('v', end + SEC, { speedKmh: 60 })), 'fatigue_daily');
    expect(open).toEqual([expect.objectContaining({ type: 'open', startedAt: end, limit: 480, peak: 480, severity: 'medium' })]);
    expect(only(drive(e, end + MIN, end + 30 * MIN), 'fatigue_daily', 'open')).toHaveLength(0);
    const closed = only(park(e, end + 31 * MIN, end + 51 * MIN), 'fatigue_daily', 'close');
    expect(closed).toEqual([expect.objectContaining({ type: 'close', endedAt: end + 31 * MIN })]);
  });

  it('driving again before the 24 h have passed opens a new episode at once', () => {
    const e = engineWith({}, profile('v', 'heavy_freight'));
    eightHours(e, '2026-12-07');
    const t = cst('2026-12-07T18:00:00');
    const events = drive(e, t, t + 2 * MIN);
    expect(only(events, 'fatigue_daily', 'open')[0]?.episodeKey).toBe(`v:fatigue_daily:${t}`);
  });

  it('8 h spread over more than 24 h does not open', () => {
    const e = engineWith({}, profile('v', 'heavy_freight'));
    const d1 = cst('2026-12-07T08:00:00');
    drive(e, d1, d1 + 4 * HOUR - MIN);
    park(e, d1 + 4 * HOUR, d1 + 4 * HOUR + 30 * MIN);
    const d2 = d1 + 24 * HOUR;
    expect(fatigue(drive(e, d2, d2 + 4 * HOUR))).toEqual([]);
  });
});

describe('driving log (rolling 24 h)', () => {
  it('sums only what lies inside (now − 24 h, now], cutting an interval at the edge', () => {
    const log = new DrivingLog();
    log.add(0, HOUR);
    log.add(2 * HOUR, 3 * HOUR);
    expect(log.sum(3 * HOUR)).toBe(2 * HOUR);
    expect(log.sum(WINDOW_MS + 30 * MIN)).toBe(HOUR + 30 * MIN);
    expect(log.sum(WINDOW_MS + HOUR)).toBe(HOUR);
    expect(log.length).toBe(1);
  });

  it('merges adjacent intervals and, when full, the two closest, never losing driving time', () => {
    const log = new DrivingLog();
    log.add(0, MIN);
    log.add(MIN, 2 * MIN);
    expect(log.length).toBe(1);
    for (let i = 1; i <= LOG_CAPACITY + 5; i++) log.add(i * 10 * MIN, i * 10 * MIN + MIN);
    expect(log.length).toBe(LOG_CAPACITY);
    // 2 + 21 min driven; 6 merges each add one stop (8 min, then 9 min ones).
    const sum = log.sum(LOG_CAPACITY * 30 * MIN);
    expect(sum).toBeGreaterThanOrEqual(23 * MIN);
    expect(sum).toBeLessThanOrEqual(23 * MIN + 8 * MIN + 5 * 9 * MIN);
  });
});
