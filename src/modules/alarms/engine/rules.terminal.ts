/** Rules over any live position (terminal alarm bits) and over the whole track (moved_while_offline). */
import { haversineM } from './geo.js';
import { RING_SIZE } from './ring.js';
import { MIN, type VehicleState } from './state.js';
import { alarmBitNames, TERMINAL_MASK, TERMINAL_RULES } from './terminal-bits.js';
import type { ResolvedThresholds } from './thresholds.js';
import type { AlarmEvent, PositionRecord, Severity } from './types.js';

export function terminalBits(v: VehicleState, p: PositionRecord, out: AlarmEvent[]): void {
  const edition = v.profile.edition;
  const evidence = () => v.ring.points();
  for (const r of TERMINAL_RULES) {
    const set = (p.alarm & r.mask) >>> 0;
    const ep = v.book.get(r.rule);
    if (set === 0) {
      if (ep) v.book.close(r.rule, p.time, evidence(), out);
      continue;
    }
    const severity: Severity =
      r.rule === 'terminal_emergency' ? 'high' : r.rule === 'terminal_power' ? (set & (1 << 8) ? 'high' : 'medium') : 'low';
    const detail = {
      bits: alarmBitNames(set, edition),
      otherBits: alarmBitNames(p.alarm, edition, ~TERMINAL_MASK),
      edition,
    };
    if (!ep) v.book.open(r.rule, r.rule, { startedAt: p.time, peak: 1, unit: 'count', severity, detail }, p.time, evidence(), out);
    else {
      const bitsChanged = ep.detail.bits !== detail.bits;
      v.book.bump(ep, ep.peak + 1, p.time, evidence, out, {
        severity: severityMax(ep.severity, severity),
        ...(bitsChanged ? { detail, now: true } : {}),
      });
    }
  }
}

export function movedWhileOffline(v: VehicleState, p: PositionRecord, t: ResolvedThresholds, out: AlarmEvent[]): void {
  if (!Number.isNaN(v.trackTime) && p.time <= v.trackTime) return;
  if (!Number.isNaN(v.trackTime) && p.time - v.trackTime >= t.offlineMin * MIN) {
    const metres = haversineM(v.trackLatE6 / 1e6, v.trackLngE6 / 1e6, p.latE6 / 1e6, p.lngE6 / 1e6);
    if (metres > t.movedWhileOfflineM) {
      // The ring holds the live positions before the gap; the position after it is not in it yet.
      const evidence = [...v.ring.points(), { time: p.time, lat: p.latE6 / 1e6, lng: p.lngE6 / 1e6, speedKmh: p.speed / 10 }];
      if (evidence.length > RING_SIZE) evidence.shift();
      v.book.open(
        'moved_while_offline',
        'moved_while_offline',
        {
          startedAt: v.trackTime,
          peak: Math.round(metres),
          unit: 'm',
          limit: t.movedWhileOfflineM,
          severity: v.profile.class === 'hazardous_goods' ? 'high' : 'medium',
          detail: {
            gapMin: Math.floor((p.time - v.trackTime) / MIN),
            fromLat: v.trackLatE6 / 1e6,
            fromLng: v.trackLngE6 / 1e6,
            backfill: p.backfill,
          },
        },
        p.time,
        evidence,
        out,
      );
      v.book.close('moved_while_offline', p.time, evidence, out);
    }
  }
  v.trackTime = p.time;
  v.trackLatE6 = p.latE6;
  v.trackLngE6 = p.lngE6;
}

/** Forgets the live chain (not the open episodes): the next position starts it afresh. */
const RANK: Record<Severity, number> = { low: 0, medium: 1, high: 2 };
function severityMax(a: Severity, b: Severity): Severity {
  return RANK[a] >= RANK[b] ? a : b;
}

/** tick: the last position was moving and nothing arrived for offlineMin (receipt clock). */
export function offlineMoving(v: VehicleState, t: ResolvedThresholds, now: number, out: AlarmEvent[]): void {
  const silentMs = now - v.lastReceivedAt;
  if (!v.lastMoving || !(silentMs >= t.offlineMin * MIN)) return;
  const ep = v.book.get('offline_moving');
  const minutes = Math.floor(silentMs / MIN);
  if (ep) {
    v.book.bump(ep, minutes, now, () => v.ring.points(), out);
    return;
  }
  v.book.open(
    'offline_moving',
    'offline_moving',
    {
      startedAt: v.lastReceivedAt,
      peak: minutes,
      unit: 'min',
      limit: t.offlineMin,
      severity: v.profile.class === 'hazardous_goods' ? 'high' : 'medium',
      detail: { lastPositionAt: v.lastTime, lastLat: v.lastLatE6 / 1e6, lastLng: v.lastLngE6 / 1e6 },
    },
    now,
    v.ring.points(),
    out,
  );
}
