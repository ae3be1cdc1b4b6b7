/**
 * China Standard Time without the machine's time zone: CST is UTC+8 all year
 * (no daylight saving), so the time of day is plain arithmetic on epoch ms.
 */
export const CST_OFFSET_MS = 8 * 3_600_000;
export const DAY_MS = 86_400_000;

/** Milliseconds since 00:00 CST of the day `t` falls in. */
export function cstMsOfDay(t: number): number {
  return (((t + CST_OFFSET_MS) % DAY_MS) + DAY_MS) % DAY_MS;
}

/** 'HH:MM' (00:00–24:00) → ms after midnight; throws on anything else. */
export function parseHhmm(s: string): number {
  const m = /^([01]\d|2[0-4]):([0-5]\d)$/.exec(s);
  if (!m) throw new Error(`not an HH:MM time: ${JSON.stringify(s)}`);
  const ms = (Number(m[1]) * 60 + Number(m[2])) * 60_000;
  if (ms > DAY_MS) throw new Error(`not an HH:MM time: ${JSON.stringify(s)}`);
  return ms;
}

/** A daily window [from, to) in CST; from > to wraps midnight; from === to is all day. */
export interface DailyWindow {
  fromMs: number;
  toMs: number;
}

export function dailyWindow(from: string, to: string): DailyWindow {
  return { fromMs: parseHhmm(from) % DAY_MS, toMs: parseHhmm(to) % DAY_MS };
}

export function inWindow(t: number, w: DailyWindow): boolean {
  const m = cstMsOfDay(t);
  if (w.fromMs === w.toMs) return true;
  return w.fromMs < w.toMs ? m >= w.fromMs && m < w.toMs : m >= w.fromMs || m < w.toMs;
}

/** The first end of the window strictly after `t` (Infinity for an all-day window). */
export function windowEndAfter(t: number, w: DailyWindow): number {
  if (w.fromMs === w.toMs) return Number.POSITIVE_INFINITY;
  const end = t - cstMsOfDay(t) + w.toMs;
  return end > t ? end : end + DAY_MS;
}
