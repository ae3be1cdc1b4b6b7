/** Driving intervals kept per driver for the rolling 24 h sum. */
export const LOG_CAPACITY = 16;
/** Uint32 words a log takes. */
export const LOG_WORDS = LOG_CAPACITY * 2;
export const WINDOW_MS = 24 * 3_600_000;

/**
 * Driving intervals [start, end) of the last 24 h, oldest first, as whole epoch seconds in
 * 2 × 16 words of a Uint32Array (its own, or a slice of the vehicle's buffer): 128 bytes.
 * JT/T 808 times are whole seconds, so nothing is lost. Adjacent intervals merge; when
 * full, the two intervals with the shortest stop between them merge, counting that stop
 * (stop-and-go traffic) as driving — the sum can only err upwards by the shortest stops.
 */
export class DrivingLog {
  private n = 0;

  constructor(
    private readonly iv: Uint32Array = new Uint32Array(LOG_WORDS),
    private readonly base = 0,
  ) {}

  add(startMs: number, endMs: number): void {
    const start = Math.round(startMs / 1000);
    const end = Math.round(endMs / 1000);
    if (end <= start) return;
    const o = this.base;
    const last = this.n - 1;
    if (last >= 0 && this.iv[o + 2 * last + 1] === start) {
      this.iv[o + 2 * last + 1] = end;
      return;
    }
    if (this.n === LOG_CAPACITY) this.mergeClosest();
    this.iv[o + 2 * this.n] = start;
    this.iv[o + 2 * this.n + 1] = end;
    this.n++;
  }

  /** Driving ms within (now − 24 h, now]; drops intervals that left the window. */
  sum(now: number): number {
    const o = this.base;
    const from = now - WINDOW_MS;
    let drop = 0;
    while (drop < this.n && (this.iv[o + 2 * drop + 1] as number) * 1000 <= from) drop++;
    if (drop > 0) {
      this.iv.copyWithin(o, o + 2 * drop, o + 2 * this.n);
      this.n -= drop;
    }
    let total = 0;
    for (let i = 0; i < this.n; i++) {
      const s = Math.max((this.iv[o + 2 * i] as number) * 1000, from);
      const e = Math.min((this.iv[o + 2 * i + 1] as number) * 1000, now);
      if (e > s) total += e - s;
    }
    return total;
  }

  clear(): void {
    this.n = 0;
  }

  get length(): number {
    return this.n;
  }

  private mergeClosest(): void {
    const o = this.base;
    let best = 0;
    let bestGap = Number.POSITIVE_INFINITY;
    for (let i = 0; i + 1 < this.n; i++) {
      const gap = (this.iv[o + 2 * (i + 1)] as number) - (this.iv[o + 2 * i + 1] as number);
      if (gap < bestGap) {
        bestGap = gap;
        best = i;
      }
    }
    this.iv[o + 2 * best + 1] = this.iv[o + 2 * (best + 1) + 1] as number;
    this.iv.copyWithin(o + 2 * (best + 1), o + 2 * (best + 2), o + 2 * this.n);
    this.n--;
  }
}
