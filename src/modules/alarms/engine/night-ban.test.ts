import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { cst, engineWith, MIN, only, pos, profile, run, SEC } from './testkit.js';
import type { RuleEngine, VehicleClass } from './types.js';

const coach = (o: { relayExempt?: boolean; cls?: VehicleClass } = {}) =>
  engineWith({}, profile('v', o.cls ?? 'coach', o.relayExempt ? { relayExempt: true } : {}));
const at = (e: RuleEngine, local: string, speedKmh = 60) => only(e.onPosition(pos('v', cst(local), { speedKmh })), 'night_ban');

describe('night_ban: long-distance coaches stop 02:00–05:00 CST', () => {
  it('01:59:59 is allowed, 02:00:00 opens', () => {
    const e = coach();
    expect(at(e, '2026-12-08T01:59:59')).toEqual([]);
    expect(at(e, '2026-12-08T02:00:00')).toEqual([
      expect.objectContaining({
        type: 'open',
        startedAt: cst('2026-12-08T02:00:00'),
        severity: 'high',
        unit: 'min',
        episodeKey: `v:night_ban:${cst('2026-12-08T02:00:00')}`,
        detail: { window: '02:00-05:00' },
      }),
    ]);
  });

  it('04:59:59 is still in the episode; the first position at 05:00:00 closes it at 05:00, and nothing reopens', () => {
    const e = coach();
    const events = only(run(e, 'v', cst('2026-12-08T01:00:00'), cst('2026-12-08T04:59:59'), MIN, { speedKmh: 70 }), 'night_ban');
    expect(events.filter((x) => x.type === 'open')).toHaveLength(1);
    expect(events.filter((x) => x.type === 'close')).toHaveLength(0);
    const end = at(e, '2026-12-08T05:00:00');
    expect(end).toEqual([
      expect.objectContaining({ type: 'close', startedAt: cst('2026-12-08T02:00:00'), endedAt: cst('2026-12-08T05:00:00') }),
    ]);
    expect(end[0]?.peak).toBeGreaterThanOrEqual(179);
    expect(at(e, '2026-12-08T05:01:00')).toEqual([]);
  });

  it('05:00:00 alone opens nothing; a position after a long silence closes at 05:00 exactly', () => {
    expect(at(coach(), '2026-12-08T05:00:00')).toEqual([]);
    const e = coach();
    at(e, '2026-12-08T04:50:00');
    expect(at(e, '2026-12-08T07:30:00', 0)).toEqual([expect.objectContaining({ type: 'close', endedAt: cst('2026-12-08T05:00:00') })]);
  });

  it('tick closes the episode at 05:00 when the coach falls silent', () => {
    const e = coach();
    at(e, '2026-12-08T04:30:00', 5.1);
    expect(only(e.tick(cst('2026-12-08T04:59:59')), 'night_ban')).toEqual([]);
    expect(only(e.tick(cst('2026-12-08T05:00:00')), 'night_ban')).toEqual([
      expect.objectContaining({ type: 'close', endedAt: cst('2026-12-08T05:00:00') }),
    ]);
    expect(e.openEpisodes()).toBe(1); // offline_moving, opened by the same tick: the coach was moving.
  });

  it('a stopped coach (≤ 5 km/h, GNSS drift) is not moving; 5.1 km/h is', () => {
    const e = coach();
    expect(at(e, '2026-12-08T03:00:00', 5)).toEqual([]);
    expect(at(e, '2026-12-08T03:01:00', 5.1)).toHaveLength(1);
  });

  it('a stop shorter than 5 minutes keeps the episode; 5 minutes closes it where the stop began; moving again opens a new one', () => {
    const e = coach();
    run(e, 'v', cst('2026-12-08T02:10:00'), cst('2026-12-08T02:19:00'), MIN, { speedKmh: 60 });
    const stopped = only(run(e, 'v', cst('2026-12-08T02:20:00'), cst('2026-12-08T02:24:59'), MIN, { speedKmh: 0 }), 'night_ban');
    expect(stopped.filter((x) => x.type === 'close')).toEqual([]);
    expect(at(e, '2026-12-08T02:25:00', 0)).toEqual([
      expect.objectContaining({ type: 'close', startedAt: cst('2026-12-08T02:10:00'), endedAt: cst('2026-12-08T02:20:00') }),
    ]);
    expect(at(e, '2026-12-08T02:40:00')[0]).toMatchObject({ type: 'open', episodeKey: `v:night_ban:${cst('2026-12-08T02:40:00')}` });
  });

  it('the relay exemption, tourist coaches and trucks are not banned', () => {
    expect(at(coach({ relayExempt: true }), '2026-12-08T03:00:00')).toEqual([]);
    expect(at(coach({ cls: 'tourist_coach' }), '2026-12-08T03:00:00')).toEqual([]);
    expect(at(coach({ cls: 'heavy_freight' }), '2026-12-08T03:00:00')).toEqual([]);
  });

  it('one episode per night: a re-sent position does not open twice', () => {
    const e = coach();
    expect(at(e, '2026-12-08T02:30:00')).toHaveLength(1);
    expect(at(e, '2026-12-08T02:30:00')).toEqual([]);
    expect(at(e, '2026-12-08T02:30:30')).toEqual([]);
    expect(e.openEpisodes()).toBe(1);
  });
});

describe('China Standard Time regardless of the process time zone', () => {
  const saved = process.env.TZ;
  afterEach(() => {
    process.env.TZ = saved;
  });

  it.each(['UTC', 'America/New_York', 'Pacific/Kiritimati', 'Asia/Shanghai'])('TZ=%s: the same edges', (tz) => {
    process.env.TZ = tz;
    const e = coach();
    expect(at(e, '2026-12-08T01:59:59')).toEqual([]);
    expect(at(e, '2026-12-08T02:00:00')).toHaveLength(1);
    expect(at(e, '2026-12-08T04:59:59').map((x) => x.type)).toEqual(['update']);
    expect(at(e, '2026-12-08T05:00:00')[0]?.type).toBe('close');
    // 02:00 CST is 18:00 UTC the day before.
    expect(cst('2026-12-08T02:00:00')).toBe(Date.UTC(2026, 11, 7, 18, 0, 0));
    expect(cst('2026-12-08T02:00:00') - SEC).toBe(Date.UTC(2026, 11, 7, 17, 59, 59));
  });

  it('no engine source reads a clock or the local time zone', () => {
    const dir = path.dirname(fileURLToPath(import.meta.url));
    const sources = readdirSync(dir).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && f !== 'testkit.ts');
    expect(sources.length).toBeGreaterThanOrEqual(8);
    for (const f of sources) {
      const text = readFileSync(path.join(dir, f), 'utf8');
      expect(text, f).not.toMatch(/Date\.now|new Date|performance\.now|getHours|getTimezoneOffset|toLocale|Intl\./);
    }
  });
});
