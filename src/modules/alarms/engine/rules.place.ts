/** Rules about speed and place at one live fixed position: overspeed, night_ban, forbidden_zone, route_deviation. */
import { type DailyWindow, dailyWindow, inWindow, windowEndAfter } from './cst.js';
import { MIN, type PositionContext } from './state.js';
import type { Severity } from './types.js';
import { activeUntil, distanceM } from './zones.js';

/** research §4.2 "02:00–05:00 stop" (道路旅客运输企业安全管理规范 art. 38 (5)). */
export const NIGHT_BAN_WINDOW = '02:00-05:00';
const NIGHT_BAN: DailyWindow = dailyWindow('02:00', '05:00');
/** OUR CHOICE: a stop shorter than this (lights, toll gates) does not end a night-ban episode. */
export const NIGHT_BAN_STOP_GRACE_MS = 5 * 60_000;

export function overspeed(c: PositionContext): void {
  const { v, t, p, out } = c;
  let onExpressway = false;
  let posted = Number.POSITIVE_INFINITY;
  let postedZone: string | undefined;
  for (const z of c.zones) {
    if (z.zone.kind === 'expressway') onExpressway = true;
    const s = z.zone.speedLimitKmh;
    if ((z.zone.kind === 'speed_limit' || z.zone.kind === 'expressway') && s !== undefined && s < posted) {
      posted = s;
      postedZone = z.zone.id;
    }
  }
  const base = onExpressway ? t.expresswaySpeedLimitKmh : t.speedLimitKmh;
  const dayLimit = Math.min(base, posted);
  const zoneLimited = posted < base;
  const night = t.nightFactor !== null && inWindow(p.time, c.night);
  const limitTenths = Math.round(dayLimit * (night ? (t.nightFactor as number) : 1) * 10);
  const ep = v.book.get('overspeed');
  if (p.speed <= limitTenths) {
    v.overSince = Number.NaN;
    if (ep) v.book.close('overspeed', p.time, c.evidence(), out);
    return;
  }
  if (Number.isNaN(v.overSince)) {
    v.overSince = p.time;
    v.overPeak = p.speed;
  } else if (p.speed > v.overPeak) v.overPeak = p.speed;
  if (p.time - v.overSince < t.overspeedMinSeconds * 1000) return;
  const peak = v.overPeak / 10;
  if (!ep) {
    const limit = limitTenths / 10;
    const spec = {
      startedAt: v.overSince,
      peak,
      unit: 'km/h' as const,
      limit,
      severity: overspeedSeverity(peak, limit),
      detail: {
        limitKind: night ? 'night' : zoneLimited ? 'zone' : onExpressway ? 'expressway' : 'class',
        night,
        expressway: onExpressway,
        dayLimitKmh: dayLimit,
      },
      ...(zoneLimited && postedZone !== undefined ? { zoneId: postedZone } : {}),
    };
    v.book.open('overspeed', 'overspeed', spec, p.time, c.evidence(), out);
  } else v.book.bump(ep, peak, p.time, c.evidence, out, { severity: overspeedSeverity(peak, ep.limit ?? peak) });
}

export function nightBan(c: PositionContext): void {
  const { v, p, out } = c;
  if (v.profile.class !== 'coach' || v.profile.relayExempt) return;
  let ep = v.book.get('night_ban');
  if (ep && p.time >= ep.windowEndsAt) {
    v.book.close('night_ban', ep.windowEndsAt, c.evidence(), out);
    ep = undefined;
  }
  if (c.moving && inWindow(p.time, NIGHT_BAN)) {
    if (!ep)
      v.book.open(
        'night_ban',
        'night_ban',
        {
          startedAt: p.time,
          peak: 0,
          unit: 'min',
          severity: 'high',
          detail: { window: NIGHT_BAN_WINDOW },
          windowEndsAt: windowEndAfter(p.time, NIGHT_BAN),
        },
        p.time,
        c.evidence(),
        out,
      );
    else v.book.bump(ep, Math.floor((p.time - ep.startedAt) / MIN), p.time, c.evidence, out);
  } else if (ep && !c.moving && !Number.isNaN(v.stoppedSince) && p.time - v.stoppedSince >= NIGHT_BAN_STOP_GRACE_MS) {
    v.book.close('night_ban', v.stoppedSince, c.evidence(), out);
  }
}

export function forbiddenZones(c: PositionContext): void {
  const { v, p, out } = c;
  const open = v.book.size === 0 ? [] : [...v.book.entries()];
  for (const [slot, ep] of open) {
    if (ep.rule !== 'forbidden_zone') continue;
    if (p.time >= ep.windowEndsAt) v.book.close(slot, ep.windowEndsAt, c.evidence(), out);
    else if (!c.zones.some((z) => z.zone.id === ep.zoneId)) v.book.close(slot, p.time, c.evidence(), out);
  }
  for (const z of c.zones) {
    if (z.zone.kind !== 'forbidden') continue;
    const slot = `forbidden_zone:${z.zone.id}`;
    const ep = v.book.get(slot);
    if (ep) v.book.bump(ep, Math.floor((p.time - ep.startedAt) / MIN), p.time, c.evidence, out);
    else
      v.book.open(
        slot,
        'forbidden_zone',
        {
          startedAt: p.time,
          peak: 0,
          unit: 'min',
          zoneId: z.zone.id,
          severity: v.profile.class === 'hazardous_goods' ? 'high' : 'medium',
          detail: { zoneName: z.zone.name, ...(z.zone.window ? { window: `${z.zone.window.from}-${z.zone.window.to}` } : {}) },
          windowEndsAt: activeUntil(z, p.time),
        },
        p.time,
        c.evidence(),
        out,
      );
  }
}

export function routeDeviation(c: PositionContext): void {
  const { v, t, p, out } = c;
  const z = c.route;
  if (!z) return;
  const half = z.zone.halfWidthM ?? t.corridorHalfWidthM;
  const d = distanceM(z, c.lng, c.lat);
  const ep = v.book.get('route_deviation');
  if (d <= half) {
    v.offRouteSince = Number.NaN;
    v.offRouteMax = 0;
    if (ep) v.book.close('route_deviation', p.time, c.evidence(), out);
    return;
  }
  if (Number.isNaN(v.offRouteSince)) v.offRouteSince = p.time;
  if (d > v.offRouteMax) v.offRouteMax = d;
  if (p.time - v.offRouteSince < t.routeDeviationMinSeconds * 1000) return;
  const peak = Math.round(v.offRouteMax);
  if (!ep)
    v.book.open(
      'route_deviation',
      'route_deviation',
      {
        startedAt: v.offRouteSince,
        peak,
        unit: 'm',
        limit: half,
        zoneId: z.zone.id,
        severity: v.profile.class === 'hazardous_goods' ? 'high' : 'medium',
        detail: { routeName: z.zone.name },
      },
      p.time,
      c.evidence(),
      out,
    );
  else v.book.bump(ep, peak, p.time, c.evidence, out);
}

/** OUR GRADING (after the 20 % / 50 % steps of the traffic-law penalties): < 20 % over low, < 50 % medium, else high. */
export function overspeedSeverity(peakKmh: number, limitKmh: number): Severity {
  const ratio = peakKmh / limitKmh;
  return ratio >= 1.5 ? 'high' : ratio >= 1.2 ? 'medium' : 'low';
}
