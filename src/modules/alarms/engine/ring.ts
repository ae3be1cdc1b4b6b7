import type { EvidencePoint } from './types.js';

/** Positions kept per vehicle for evidence. */
export const RING_SIZE = 20;

/** Uint32 words a ring takes. */
export const RING_WORDS = RING_SIZE * 4;

/**
 * The last RING_SIZE positions of a vehicle in 4 × 20 words of a Uint32Array (its own, or a
 * slice of a buffer the vehicle shares with its driving log, to pay the typed-array overhead
 * once): GNSS time in whole seconds (JT/T 808 times have no milliseconds; fits until 2106),
 * lat and lng in microdegrees (stored as uint32, read back signed), speed in 1/10 km/h.
 * 320 bytes of data.
 */
export class PositionRing {
  private next = 0;
  private size = 0;

  constructor(
    private readonly words: Uint32Array = new Uint32Array(RING_WORDS),
    private readonly base = 0,
  ) {}

  push(timeMs: number, latE6: number, lngE6: number, speedTenths: number): void {
    const o = this.base + this.next * 4;
    this.words[o] = Math.floor(timeMs / 1000);
    this.words[o + 1] = latE6 >>> 0;
    this.words[o + 2] = lngE6 >>> 0;
    this.words[o + 3] = speedTenths;
    this.next = (this.next + 1) % RING_SIZE;
    if (this.size < RING_SIZE) this.size++;
  }

  /** Oldest first. */
  points(): EvidencePoint[] {
    const out: EvidencePoint[] = [];
    for (let i = 0; i < this.size; i++) {
      const o = this.base + ((this.next - this.size + i + RING_SIZE) % RING_SIZE) * 4;
      out.push({
        time: (this.words[o] as number) * 1000,
        lat: ((this.words[o + 1] as number) | 0) / 1e6,
        lng: ((this.words[o + 2] as number) | 0) / 1e6,
        speedKmh: (this.words[o + 3] as number) / 10,
      });
    }
    return out;
  }
}
