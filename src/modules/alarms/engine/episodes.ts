import type { AlarmEvent, AlarmRule, EvidencePoint, Severity } from './types.js';

/** An update is emitted at most this often per episode (GNSS or tick time), and only when something changed. */
export const UPDATE_EVERY_MS = 60_000;

export interface Episode {
  rule: AlarmRule;
  key: string;
  severity: Severity;
  startedAt: number;
  peak: number;
  unit: AlarmEvent['unit'];
  limit: number | undefined;
  zoneId: string | undefined;
  detail: Record<string, string | number | boolean>;
  /** When the episode's time window ends (night ban, forbidden-zone window); Infinity if none. */
  windowEndsAt: number;
  lastEmitAt: number;
  emitted: { peak: number; severity: Severity; detailJson: string };
}

export interface OpenSpec {
  startedAt: number;
  peak: number;
  unit: AlarmEvent['unit'];
  severity: Severity;
  limit?: number;
  zoneId?: string;
  detail?: Record<string, string | number | boolean>;
  windowEndsAt?: number;
}

/**
 * The open episodes of one vehicle, keyed by slot (the rule, or `forbidden_zone:<zone>`).
 * Most vehicles have none, so the map is created on the first open and dropped when empty.
 */
export class EpisodeBook {
  private map: Map<string, Episode> | null = null;

  constructor(
    private readonly vehicleId: string,
    private readonly counter: { open: number },
  ) {}

  get(slot: string): Episode | undefined {
    return this.map?.get(slot);
  }

  get size(): number {
    return this.map?.size ?? 0;
  }

  *entries(): IterableIterator<[string, Episode]> {
    if (this.map) yield* this.map.entries();
  }

  open(slot: string, rule: AlarmRule, spec: OpenSpec, at: number, evidence: EvidencePoint[], out: AlarmEvent[]): Episode {
    const key =
      rule === 'forbidden_zone' && spec.zoneId !== undefined
        ? `${this.vehicleId}:${rule}:${spec.zoneId}:${spec.startedAt}`
        : `${this.vehicleId}:${rule}:${spec.startedAt}`;
    const detail = spec.detail ?? {};
    const ep: Episode = {
      rule,
      key,
      severity: spec.severity,
      startedAt: spec.startedAt,
      peak: spec.peak,
      unit: spec.unit,
      limit: spec.limit,
      zoneId: spec.zoneId,
      detail,
      windowEndsAt: spec.windowEndsAt ?? Number.POSITIVE_INFINITY,
      lastEmitAt: at,
      emitted: { peak: spec.peak, severity: spec.severity, detailJson: JSON.stringify(detail) },
    };
    if (!this.map) this.map = new Map();
    this.map.set(slot, ep);
    this.counter.open++;
    out.push(this.event('open', ep, evidence));
    return ep;
  }

  /**
   * Raises the peak (never lowers it) and emits an update when the peak, severity or
   * detail changed and the last emission is UPDATE_EVERY_MS old — or at once when `now` is set.
   */
  bump(
    ep: Episode,
    peak: number,
    at: number,
    evidence: () => EvidencePoint[],
    out: AlarmEvent[],
    changes?: { severity?: Severity; detail?: Record<string, string | number | boolean>; now?: boolean },
  ): void {
    if (peak > ep.peak) ep.peak = peak;
    if (changes?.severity) ep.severity = changes.severity;
    if (changes?.detail) ep.detail = { ...ep.detail, ...changes.detail };
    const detailJson = changes?.detail ? JSON.stringify(ep.detail) : ep.emitted.detailJson;
    const changed = ep.peak !== ep.emitted.peak || ep.severity !== ep.emitted.severity || detailJson !== ep.emitted.detailJson;
    if (!changed) return;
    if (!changes?.now && at - ep.lastEmitAt < UPDATE_EVERY_MS) return;
    ep.lastEmitAt = at;
    ep.emitted = { peak: ep.peak, severity: ep.severity, detailJson };
    out.push(this.event('update', ep, evidence()));
  }

  close(slot: string, endedAt: number, evidence: EvidencePoint[], out: AlarmEvent[]): void {
    const ep = this.map?.get(slot);
    if (!ep || !this.map) return;
    this.map.delete(slot);
    if (this.map.size === 0) this.map = null;
    this.counter.open--;
    out.push({ ...this.event('close', ep, evidence), endedAt: Math.max(endedAt, ep.startedAt) });
  }

  /** Drops every episode without emitting (forget). */
  clear(): void {
    this.counter.open -= this.size;
    this.map = null;
  }

  private event(type: AlarmEvent['type'], ep: Episode, evidence: EvidencePoint[]): AlarmEvent {
    const e: AlarmEvent = {
      type,
      vehicleId: this.vehicleId,
      rule: ep.rule,
      severity: ep.severity,
      episodeKey: ep.key,
      startedAt: ep.startedAt,
      peak: ep.peak,
      unit: ep.unit,
      detail: { ...ep.detail },
      evidence,
    };
    if (ep.limit !== undefined) e.limit = ep.limit;
    if (ep.zoneId !== undefined) e.zoneId = ep.zoneId;
    return e;
  }
}
