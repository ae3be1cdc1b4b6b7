import type { Band } from './risks.types';

type Interval = Band['interval'];

/** An interval as people write it: (160, 320], [0, 20], (320, +∞). */
export function intervalText(i: Interval): string {
  const lower = i.lower === null ? '(−∞' : `${i.lowerInclusive ? '[' : '('}${i.lower}`;
  const upper = i.upper === null ? '+∞)' : `${i.upper}${i.upperInclusive ? ']' : ')'}`;
  return `${lower}, ${upper}`;
}

/** The edges between consecutive bands (the upper bound of each but the last), lowest first. */
export function edgesOf(bands: readonly Band[]): number[] {
  return bands.slice(0, -1).map((b) => b.interval.upper ?? Number.NaN);
}

/**
 * The bands with new edges between them: each edge becomes the upper bound of the band below and
 * the lower bound of the band above, keeping which side each interval includes, so bands that
 * tiled the number line still tile it. The outer bounds stay as they were.
 */
export function bandsWithEdges(bands: readonly Band[], edges: readonly number[]): Band[] {
  if (edges.length !== Math.max(0, bands.length - 1))
    throw new Error(`${bands.length} bands need ${bands.length - 1} edges, not ${edges.length}`);
  return bands.map((b, i) => ({
    ...b,
    interval: {
      ...b.interval,
      lower: i === 0 ? b.interval.lower : (edges[i - 1] as number),
      upper: i === bands.length - 1 ? b.interval.upper : (edges[i] as number),
    },
  }));
}
