import { describe, expect, it } from 'vitest';
import { parseSimulateArgs, progressLine, summaryLines } from './cli.js';

describe('gongzhi simulate arguments', () => {
  it('reads vehicles, interval, address, seed, duration, violation rates, start and time scale', () => {
    const a = parseSimulateArgs(
      [
        '--vehicles',
        '500',
        '--interval',
        '0.5',
        '--host',
        '10.0.0.2',
        '--port=7000',
        '--seed',
        '9',
        '--duration',
        '60',
        '--violations',
        'overspeed=0.5,night_driving=1',
        '--start',
        '2026-12-07T01:30:00+08:00',
        '--time-scale',
        '60',
      ],
      0,
    );
    expect(a).toEqual({
      vehicles: 500,
      intervalS: 0.5,
      host: '10.0.0.2',
      port: 7000,
      seed: 9,
      durationS: 60,
      violations: { overspeed: 0.5, night_driving: 1 },
      startTime: Date.UTC(2026, 11, 6, 17, 30),
      timeScale: 60,
    });
    expect(parseSimulateArgs([], 7808)).toMatchObject({ vehicles: 100, intervalS: 10, host: '127.0.0.1', port: 7808, durationS: null });
  });

  it('names the argument that is wrong', () => {
    expect(() => parseSimulateArgs([], 0)).toThrow(/no gateway port/);
    expect(() => parseSimulateArgs(['--vehicles', 'many'], 7808)).toThrow(/--vehicles must be a positive whole number/);
    expect(() => parseSimulateArgs(['--interval', '0'], 7808)).toThrow(/--interval/);
    expect(() => parseSimulateArgs(['--violations', 'speeding=1'], 7808)).toThrow(/unknown kind 'speeding'/);
    expect(() => parseSimulateArgs(['--violations', 'overspeed=-1'], 7808)).toThrow(/overspeed needs a rate/);
    expect(() => parseSimulateArgs(['--start', 'yesterday'], 7808)).toThrow(/--start/);
    expect(() => parseSimulateArgs(['--fast'], 7808)).toThrow(/unknown argument '--fast'/);
    expect(() => parseSimulateArgs(['--seed'], 7808)).toThrow(/--seed needs a value/);
  });

  it('prints progress and a summary with the figures and violations by kind', () => {
    const stats = {
      vehicles: 10,
      online: 9,
      sent: 1200,
      resent: 2,
      acknowledged: 1190,
      rejected: 0,
      pending: 10,
      heartbeats: 0,
      reconnects: 1,
      refused: 1,
      violations: { overspeed: 3, long_parking: 0, emergency: 1, night_driving: 0, offline: 1 },
      simulatedTime: Date.UTC(2026, 11, 7, 2, 0),
    };
    expect(progressLine(stats, 10, 690, 5)).toBe(
      '10 s  9/10 online  sent 1,200  acknowledged 1,190 (100/s)  pending 10  reconnects 1  violations: overspeed 3, emergency 1, offline 1  simulated 2026-12-07 10:00:00 CST',
    );
    const summary = summaryLines(stats, 10).join('\n');
    expect(summary).toContain(
      'sent 1,200 location reports, acknowledged 1,190 (119.0/s), rejected 0, resent 2, unacknowledged at the end 10',
    );
    expect(summary).toContain('violations injected: overspeed 3, long_parking 0, emergency 1, night_driving 0, offline 1');
  });
});
