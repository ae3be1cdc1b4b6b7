import { describe, expect, it } from 'vitest';
import { previousQuarter } from './quarter';

describe('the quarter whose statistics table is due next', () => {
  it('is the quarter before the present one in Beijing', () => {
    expect(previousQuarter(new Date('2026-05-10T00:00:00Z'))).toEqual({ year: 2026, quarter: 1 });
    expect(previousQuarter(new Date('2026-08-01T00:00:00Z'))).toEqual({ year: 2026, quarter: 2 });
    expect(previousQuarter(new Date('2026-12-31T12:00:00Z'))).toEqual({ year: 2026, quarter: 3 });
  });

  it('is the last quarter of the year before during the first quarter', () => {
    expect(previousQuarter(new Date('2026-01-10T00:00:00Z'))).toEqual({ year: 2025, quarter: 4 });
  });

  it('follows the calendar in Beijing, not UTC, at the turn of a quarter', () => {
    // 2026-03-31T17:00Z is already 1 April 01:00 in Beijing: the first quarter has ended.
    expect(previousQuarter(new Date('2026-03-31T17:00:00Z'))).toEqual({ year: 2026, quarter: 1 });
    // 2025-12-31T15:59Z is 23:59 on 31 December in Beijing: still the fourth quarter.
    expect(previousQuarter(new Date('2025-12-31T15:59:00Z'))).toEqual({ year: 2025, quarter: 3 });
  });
});
