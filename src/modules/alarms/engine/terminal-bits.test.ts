import { describe, expect, it } from 'vitest';
import { alarmBitName, alarmBitNames } from './terminal-bits.js';
import { cst, engineWith, MIN, only, pos, profile, run, SEC } from './testkit.js';

const T = cst('2026-12-07T10:00:00');
const bit = (...bits: number[]) => bits.reduce((m, b) => (m | (1 << b)) >>> 0, 0);

describe('terminal alarm bits: one alarm per episode, not per message', () => {
  it('emergency (bit 0): opens on the first report, counts reports, closes when the bit clears', () => {
    const e = engineWith({}, profile('v', 'heavy_freight'));
    const events = run(e, 'v', T, T + 3 * MIN, 10 * SEC, { alarm: bit(0), speedKmh: 40 });
    expect(only(events, 'terminal_emergency', 'open')).toEqual([
      expect.objectContaining({
        startedAt: T,
        severity: 'high',
        peak: 1,
        unit: 'count',
        episodeKey: `v:terminal_emergency:${T}`,
        detail: { bits: 'emergency', otherBits: '', edition: '2019' },
      }),
    ]);
    const updates = only(events, 'terminal_emergency', 'update');
    expect(updates.length).toBeGreaterThanOrEqual(2);
    expect(updates.length).toBeLessThanOrEqual(3);
    expect(e.onPosition(pos('v', T + 3 * MIN, { alarm: bit(0) }))).toEqual([]); // re-sent
    const close = only(e.onPosition(pos('v', T + 3 * MIN + SEC, { alarm: 0 })), 'terminal_emergency');
    expect(close).toEqual([expect.objectContaining({ type: 'close', endedAt: T + 3 * MIN + SEC, peak: 19 })]);
    expect(only(e.onPosition(pos('v', T + 4 * MIN, { alarm: bit(0) })), 'terminal_emergency', 'open')[0]?.episodeKey).toBe(
      `v:terminal_emergency:${T + 4 * MIN}`,
    );
  });

  it.each([4, 5, 6])('GNSS bit %i opens terminal_gnss_antenna (low)', (b) => {
    const e = engineWith({}, profile('v', 'heavy_freight'));
    expect(e.onPosition(pos('v', T, { alarm: bit(b) }))).toEqual([
      expect.objectContaining({
        type: 'open',
        rule: 'terminal_gnss_antenna',
        severity: 'low',
        detail: expect.objectContaining({ bits: alarmBitName(b, '2019') }),
      }),
    ]);
  });

  it('a change of bits inside an episode is an immediate update, not a new alarm', () => {
    const e = engineWith({}, profile('v', 'heavy_freight'));
    e.onPosition(pos('v', T, { alarm: bit(5) }));
    expect(e.onPosition(pos('v', T + SEC, { alarm: bit(6) }))).toEqual([
      expect.objectContaining({
        type: 'update',
        rule: 'terminal_gnss_antenna',
        detail: expect.objectContaining({ bits: 'gnss_antenna_short_circuit' }),
      }),
    ]);
    expect(e.openEpisodes()).toBe(1);
  });

  it('main power: under-voltage (7) medium, cut (8) high; a cut during under-voltage raises the severity', () => {
    const e = engineWith({}, profile('v', 'heavy_freight'));
    expect(e.onPosition(pos('v', T, { alarm: bit(7) }))[0]).toMatchObject({ rule: 'terminal_power', severity: 'medium' });
    expect(e.onPosition(pos('v', T + SEC, { alarm: bit(7, 8) }))[0]).toMatchObject({
      type: 'update',
      severity: 'high',
      detail: expect.objectContaining({ bits: 'main_power_undervoltage,main_power_cut' }),
    });
    const f = engineWith({}, profile('v', 'heavy_freight'));
    expect(f.onPosition(pos('v', T, { alarm: bit(8) }))[0]?.severity).toBe('high');
  });

  it('three rules at once are three episodes; other bits raise nothing', () => {
    const e = engineWith({}, profile('v', 'heavy_freight'));
    const open = e.onPosition(pos('v', T, { alarm: bit(0, 5, 7, 1, 2, 19) }));
    expect(open.map((x) => x.rule)).toEqual(['terminal_emergency', 'terminal_gnss_antenna', 'terminal_power']);
    expect(open[0]?.detail.otherBits).toBe('overspeed,fatigue_driving,overtime_parking');
    expect(e.onPosition(pos('v', T + SEC, { alarm: bit(1, 2, 19) })).map((x) => x.type)).toEqual(['close', 'close', 'close']);
    expect(e.onPosition(pos('v', T + 2 * SEC, { alarm: bit(1, 2, 3, 9, 31) }))).toEqual([]);
  });
});

describe('2013 vs 2019 meanings, from the vehicle edition', () => {
  const dword = bit(0, 3, 16, 29, 31);

  it('the rules use bits with the same meaning in both editions', () => {
    for (const b of [0, 4, 5, 6, 7, 8]) expect(alarmBitName(b, '2013')).toBe(alarmBitName(b, '2019'));
  });

  it('the other bits are named in the edition of the vehicle', () => {
    const e = engineWith({}, profile('old', 'coach', { edition: '2013' }), profile('new', 'coach', { edition: '2019' }));
    const [old] = e.onPosition(pos('old', T, { alarm: dword }));
    const [neu] = e.onPosition(pos('new', T, { alarm: dword }));
    expect(old).toMatchObject({
      rule: 'terminal_emergency',
      detail: { edition: '2013', otherBits: 'danger_warning,reserved_16,collision_warning,illegal_door_opening' },
    });
    expect(neu).toMatchObject({
      rule: 'terminal_emergency',
      detail: { edition: '2019', otherBits: 'dangerous_driving_behaviour,tyre_pressure_warning,collision_rollover,reserved_31' },
    });
  });

  it('names every bit, reserved ones as reserved_<bit>', () => {
    expect(alarmBitNames(0xffffffff, '2013').split(',')).toHaveLength(32);
    expect(alarmBitNames(bit(15, 16, 17), '2013')).toBe('reserved_15,reserved_16,reserved_17');
    expect(alarmBitNames(bit(15, 16, 17), '2019')).toBe('violation_driving,tyre_pressure_warning,right_turn_blind_zone');
    expect(alarmBitName(31, '2019')).toBe('reserved_31');
  });
});
