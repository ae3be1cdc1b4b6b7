import { describe, expect, it } from 'vitest';
import { formatBytes, formatDateTime, formatMoney, formatNumber } from './format';

describe('formatNumber', () => {
  it('groups thousands in both languages', () => {
    expect(formatNumber(12345, 'zh-CN')).toBe('12,345');
    expect(formatNumber(12345, 'en')).toBe('12,345');
  });
});

describe('formatDateTime', () => {
  it('shows an instant in China Standard Time whatever the device zone', () => {
    // 2025-03-01T06:05:00Z is 14:05 in Beijing.
    expect(formatDateTime('2025-03-01T06:05:00Z', 'zh-CN')).toContain('14:05');
    expect(formatDateTime('2025-03-01T06:05:00Z', 'en')).toContain('14:05');
  });

  it('moves to the next calendar day in Beijing after 16:00 UTC', () => {
    expect(formatDateTime('2025-03-01T16:30:00Z', 'zh-CN')).toContain('2025/03/02');
  });

  it('gives an empty string for an invalid date', () => {
    expect(formatDateTime('not a date', 'en')).toBe('');
  });
});

describe('formatMoney', () => {
  it('shows renminbi with two decimals', () => {
    expect(formatMoney(12000, 'zh-CN')).toBe('¥12,000.00');
    expect(formatMoney(12000, 'en')).toMatch(/^CN¥12,000\.00$/);
  });
});

describe('formatBytes', () => {
  it('uses binary multiples with one decimal above a kilobyte', () => {
    expect(formatBytes(912, 'en')).toBe('912 B');
    expect(formatBytes(1536, 'zh-CN')).toBe('1.5 KB');
    expect(formatBytes(12.3 * 1024 * 1024, 'en')).toBe('12.3 MB');
  });
});
