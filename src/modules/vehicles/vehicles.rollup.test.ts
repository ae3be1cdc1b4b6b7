import { describe, expect, it } from 'vitest';
import { dayOfIso, dueDays, isoDay, planRange, ROLLUP_GRACE_MS } from './vehicles.rollup.js';
import { cstDay, dayStart } from './vehicles.rules.js';

const H = 3_600_000;
/** 2026-12-01 00:00 CST. */
const D = cstDay(Date.parse('2026-11-30T16:00:00Z'));
const at = (iso: string) => Date.parse(iso);

describe('CST day labels', () => {
  it('names the CST date, which starts at 16:00 UTC the day before', () => {
    expect(isoDay(D)).toBe('2026-12-01');
    expect(dayStart(D)).toBe(at('2026-11-30T16:00:00Z'));
    expect(cstDay(at('2026-11-30T15:59:59.999Z'))).toBe(D - 1);
    expect(dayOfIso('2026-12-01')).toBe(D);
    for (const d of [0, D, D + 400]) expect(dayOfIso(isoDay(d))).toBe(d);
  });
});

describe('planRange', () => {
  const rolled = new Set([D, D + 1, D + 3]);

  it('reads whole rolled-up days from the roll-up and scans the rest, merged', () => {
    expect(planRange(dayStart(D), dayStart(D + 5), rolled)).toEqual({
      rolled: [D, D + 1, D + 3],
      scan: [
        [dayStart(D + 2), dayStart(D + 3)],
        [dayStart(D + 4), dayStart(D + 5)],
      ],
    });
  });

  it('scans a rolled-up day the range covers only in part', () => {
    const from = dayStart(D) + 1;
    const to = dayStart(D + 1) + 12 * H;
    expect(planRange(from, to, rolled)).toEqual({ rolled: [], scan: [[from, to]] });
    // One millisecond short of the whole day: scanned.
    expect(planRange(dayStart(D), dayStart(D + 1) - 1, rolled)).toEqual({ rolled: [], scan: [[dayStart(D), dayStart(D + 1) - 1]] });
    // Exactly the whole day: rolled.
    expect(planRange(dayStart(D), dayStart(D + 1), rolled)).toEqual({ rolled: [D], scan: [] });
  });

  it('scans everything when nothing is rolled up, and nothing for an empty range', () => {
    expect(planRange(dayStart(D) - 5 * H, dayStart(D + 2) + H, new Set())).toEqual({
      rolled: [],
      scan: [[dayStart(D) - 5 * H, dayStart(D + 2) + H]],
    });
    expect(planRange(dayStart(D), dayStart(D), rolled)).toEqual({ rolled: [], scan: [] });
    expect(planRange(dayStart(D + 1), dayStart(D), rolled)).toEqual({ rolled: [], scan: [] });
  });
});

describe('dueDays', () => {
  it('a day is due once it ended more than the grace period ago', () => {
    const end = dayStart(D + 1);
    expect(dueDays(end + ROLLUP_GRACE_MS - 1, 3, new Set())).toEqual([D - 2, D - 1]);
    expect(dueDays(end + ROLLUP_GRACE_MS, 3, new Set())).toEqual([D - 2, D - 1, D]);
  });

  it('skips days rolled up already and days past the retention of positions, oldest first, a month per run', () => {
    const now = dayStart(D + 1) + ROLLUP_GRACE_MS;
    expect(dueDays(now, 3, new Set([D - 1]))).toEqual([D - 2, D]);
    expect(dueDays(now, 183, new Set())).toHaveLength(31);
    expect(dueDays(now, 183, new Set())[0]).toBe(D + 1 - 183);
    expect(dueDays(now, 183, new Set(), 2)).toEqual([D + 1 - 183, D + 2 - 183]);
  });
});
