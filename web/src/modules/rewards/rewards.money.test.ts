import { describe, expect, it } from 'vitest';
import { formatFen, percent, previewReward, yuanToFen } from './rewards.money';

describe('reward money on screen', () => {
  it('formats fen as yuan with separators', () => {
    expect(formatFen(0)).toBe('¥0.00');
    expect(formatFen(300_000)).toBe('¥3,000.00');
    expect(formatFen(30_000_000)).toBe('¥300,000.00');
    expect(formatFen(1_234_567)).toBe('¥12,345.67');
  });

  it('reads typed yuan without floating point', () => {
    expect(yuanToFen('20000')).toBe(2_000_000);
    expect(yuanToFen('¥1,234.56')).toBe(123_456);
    expect(yuanToFen('0.1')).toBe(10);
    expect(yuanToFen('19999.99')).toBe(1_999_999);
    expect(yuanToFen('-5')).toBeNull();
    expect(yuanToFen('1.234')).toBeNull();
    expect(yuanToFen('abc')).toBeNull();
  });

  it('shows rates and previews the rule', () => {
    expect(percent(1500)).toBe('15%');
    expect(percent(1250)).toBe('12.5%');
    const rule = { rateBasisPoints: 1500, min: { fen: 300_000 }, max: { fen: 30_000_000 } };
    expect(previewReward(2_000_000, rule)).toBe(300_000);
    expect(previewReward(10_000_000, rule)).toBe(1_500_000);
    expect(previewReward(500_000_000, rule)).toBe(30_000_000);
    expect(previewReward(0, rule)).toBe(0);
  });
});
