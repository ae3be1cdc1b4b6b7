import { describe, expect, it } from 'vitest';
import type { Band } from './risks.types';
import { bandsWithEdges, edgesOf, intervalText } from './schemeBands';

const meaning = { 'zh-CN': '', en: '' };
// The research defaults for LEC: left-open, right-closed bands.
const lec: Band[] = [
  { level: 'low', grade: '5', meaning, interval: { lower: null, lowerInclusive: false, upper: 70, upperInclusive: true } },
  { level: 'moderate', grade: '4', meaning, interval: { lower: 70, lowerInclusive: false, upper: 160, upperInclusive: true } },
  { level: 'high', grade: '3', meaning, interval: { lower: 160, lowerInclusive: false, upper: 320, upperInclusive: true } },
  { level: 'major', grade: '1', meaning, interval: { lower: 320, lowerInclusive: false, upper: null, upperInclusive: false } },
];

describe('scheme bands on screen', () => {
  it('writes intervals with their open and closed sides and infinite ends', () => {
    expect(lec.map((b) => intervalText(b.interval))).toEqual(['(−∞, 70]', '(70, 160]', '(160, 320]', '(320, +∞)']);
    expect(intervalText({ lower: 0, lowerInclusive: true, upper: 20, upperInclusive: false })).toBe('[0, 20)');
  });

  it('reads the edges between the bands, lowest first', () => {
    expect(edgesOf(lec)).toEqual([70, 160, 320]);
    expect(edgesOf(lec.slice(0, 1))).toEqual([]);
  });

  it('moves edges on both sides at once and keeps the outer bounds and the closed sides', () => {
    const moved = bandsWithEdges(lec, [60, 150, 300]);
    expect(moved.map((b) => intervalText(b.interval))).toEqual(['(−∞, 60]', '(60, 150]', '(150, 300]', '(300, +∞)']);
    expect(moved.map((b) => b.level)).toEqual(['low', 'moderate', 'high', 'major']);
    // The same edges give the same bands back.
    expect(bandsWithEdges(lec, edgesOf(lec))).toEqual(lec);
  });

  it('refuses a count of edges that does not fit the bands', () => {
    expect(() => bandsWithEdges(lec, [70, 160])).toThrow('4 bands need 3 edges, not 2');
  });
});
