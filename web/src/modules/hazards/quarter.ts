/** The quarter just ended in Beijing: the one whose statistics table (16号令 Art. 14) is due next. */
export function previousQuarter(now: Date): { year: number; quarter: number } {
  const beijing = new Date(now.getTime() + 8 * 3_600_000);
  const quarter = Math.floor(beijing.getUTCMonth() / 3) + 1;
  return quarter === 1 ? { year: beijing.getUTCFullYear() - 1, quarter: 4 } : { year: beijing.getUTCFullYear(), quarter: quarter - 1 };
}
