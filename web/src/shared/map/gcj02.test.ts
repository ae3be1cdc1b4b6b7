import { describe, expect, it } from 'vitest';
import { isOutsideChina, wgs84ToGcj02 } from './gcj02';

describe('wgs84ToGcj02', () => {
  it('shifts a point in Beijing by the published amount', () => {
    const [lng, lat] = wgs84ToGcj02(116.404, 39.915);
    expect(lng).toBeCloseTo(116.41024449916938, 10);
    expect(lat).toBeCloseTo(39.91640428150164, 10);
  });

  it('shifts a point in Shanghai by a few hundred metres at most', () => {
    const [lng, lat] = wgs84ToGcj02(121.4737, 31.2304);
    expect(Math.abs(lng - 121.4737)).toBeLessThan(0.01);
    expect(Math.abs(lat - 31.2304)).toBeLessThan(0.01);
    expect([lng, lat]).not.toEqual([121.4737, 31.2304]);
  });

  it('leaves a point outside China unchanged', () => {
    expect(isOutsideChina(2.35, 48.85)).toBe(true);
    expect(wgs84ToGcj02(2.35, 48.85)).toEqual([2.35, 48.85]);
  });

  it('leaves a non-finite position unchanged rather than inventing one', () => {
    const [lng, lat] = wgs84ToGcj02(Number.NaN, 31);
    expect(lng).toBeNaN();
    expect(lat).toBe(31);
  });
});
