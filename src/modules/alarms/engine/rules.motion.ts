/**
 * Rules about stopping and driving, over the interval between two consecutive live fixed
 * positions a → b (see engine.ts): rest, fatigue_continuous, fatigue_daily, long_parking.
 */
import { inWindow } from './cst.js';
import { credit, type DriverState, noRestUntil } from './drivers.js';
import { haversineM } from './geo.js';
import { MIN, type PositionContext } from './state.js';

export function intervals(c: PositionContext): void {
  const { v, t, p } = c;
  const b = p.time;
  const offlineMs = t.offlineMin * MIN;
  if (!Number.isNaN(v.lastTime)) {
    const a = v.lastTime;
    const kind =
      b - a < offlineMs
        ? v.lastMoving
          ? 'driving'
          : 'stopped'
        : haversineM(v.lastLatE6 / 1e6, v.lastLngE6 / 1e6, c.lat, c.lng) <= t.movedWhileOfflineM
          ? 'stopped'
          : 'unknown';
    if (kind === 'driving') {
      endStop(c, a);
      drive(c, a, b);
    } else if (kind === 'stopped') {
      if (Number.isNaN(v.stoppedSince)) v.stoppedSince = a;
      // The driver's own rest: since they last drove, in this vehicle or another.
      const restFrom = restStart(v.driver, v.stoppedSince);
      if (b - restFrom >= t.restMin * MIN) rest(c, restFrom);
      longParking(c);
    } else {
      endStop(c, a);
      noRestUntil(v.driver, b);
    }
  }
  if (c.moving) endStop(c, b);
  else if (Number.isNaN(v.stoppedSince)) v.stoppedSince = b;
}

/** The vehicle was seen moving at `at`: the current stop ends there. */
export function endStop(c: PositionContext, at: number): void {
  if (Number.isNaN(c.v.stoppedSince)) return;
  c.v.book.close('long_parking', at, c.evidence(), c.out);
  c.v.stoppedSince = Number.NaN;
}

/** Where the current driver's rest began: the end of their last driving, or the vehicle's stop if they have none. */
function restStart(d: DriverState, stoppedSince: number): number {
  return Number.isNaN(d.lastDriveEnd) ? stoppedSince : d.lastDriveEnd;
}

/** A rest of ≥ restMin: continuous driving starts again; fatigue episodes end where the rest began. */
export function rest(c: PositionContext, from: number): void {
  const { v } = c;
  v.driver.continuousMs = 0;
  if (v.book.get('fatigue_continuous')) v.book.close('fatigue_continuous', from, c.evidence(), c.out);
  if (v.book.get('fatigue_daily')) v.book.close('fatigue_daily', from, c.evidence(), c.out);
}

/**
 * Over-long parking is a stop with the engine running (ACC on, status bit 0): a vehicle parked with
 * the ignition off for the night is lawfully parked. The stop counts from its start, or from the
 * latest report with the ignition off within it; turning the ignition off ends an episode.
 */
export function longParking(c: PositionContext): void {
  const { v, t, p } = c;
  if ((p.status & 1) === 0) {
    v.accOffAt = p.time;
    if (v.book.get('long_parking')) v.book.close('long_parking', p.time, c.evidence(), c.out);
    return;
  }
  const since = Number.isNaN(v.accOffAt) || v.accOffAt < v.stoppedSince ? v.stoppedSince : v.accOffAt;
  const stopMs = p.time - since;
  const limitMs = t.longParkingMin * MIN;
  if (stopMs <= limitMs) return;
  const minutes = Math.floor(stopMs / MIN);
  const ep = v.book.get('long_parking');
  if (!ep)
    v.book.open(
      'long_parking',
      'long_parking',
      { startedAt: since, peak: minutes, unit: 'min', limit: t.longParkingMin, severity: 'low' },
      p.time,
      c.evidence(),
      c.out,
    );
  else v.book.bump(ep, minutes, p.time, c.evidence, c.out);
}

/** Driving a → b, credited to the current driver from when they took over the vehicle. */
export function drive(c: PositionContext, a0: number, b: number): void {
  const { v, t, out } = c;
  const d = v.driver;
  const from = !Number.isNaN(v.driverSince) && v.driverSince > a0 ? v.driverSince : a0;
  // A rest the driver took elsewhere (out of this vehicle, or before their card went in).
  if (!Number.isNaN(d.lastDriveEnd) && from - d.lastDriveEnd >= t.restMin * MIN) rest(c, d.lastDriveEnd);
  const credited = credit(d, from, b);
  if (!credited) return;
  const a = credited.from;
  const passengerNight = t.continuousDrivingNightMaxMin !== null && inWindow(b, c.night);
  const limitMin = passengerNight ? (t.continuousDrivingNightMaxMin as number) : t.continuousDrivingMaxMin;
  const limitMs = limitMin * MIN;
  const cont = v.book.get('fatigue_continuous');
  if (d.continuousMs > limitMs) {
    const minutes = Math.floor(d.continuousMs / MIN);
    if (!cont)
      v.book.open(
        'fatigue_continuous',
        'fatigue_continuous',
        {
          startedAt: crossedAt(a, b, d.continuousMs - limitMs),
          peak: minutes,
          unit: 'min',
          limit: limitMin,
          severity: 'high',
          detail: { limitKind: passengerNight ? 'night' : 'day', ...driverDetail(d) },
        },
        b,
        c.evidence(),
        out,
      );
    else v.book.bump(cont, minutes, b, c.evidence, out);
  }
  const dailyMs = d.log.sum(b);
  const dailyLimitMs = t.dailyDrivingMaxMin * MIN;
  const daily = v.book.get('fatigue_daily');
  if (dailyMs > dailyLimitMs) {
    const minutes = Math.floor(dailyMs / MIN);
    if (!daily)
      v.book.open(
        'fatigue_daily',
        'fatigue_daily',
        {
          startedAt: crossedAt(a, b, dailyMs - dailyLimitMs),
          peak: minutes,
          unit: 'min',
          limit: t.dailyDrivingMaxMin,
          severity: 'medium',
          detail: { windowHours: 24, ...driverDetail(d) },
        },
        b,
        c.evidence(),
        out,
      );
    else v.book.bump(daily, minutes, b, c.evidence, out);
  } else if (daily) v.book.close('fatigue_daily', b, c.evidence(), out);
}

/** Whose fatigue it is: the card's qualification code (and name), or 'vehicle' when no card is in. */
export function driverDetail(d: DriverState): Record<string, string> {
  if (d.key === null) return { driverKey: 'vehicle' };
  return d.name ? { driverKey: d.key, driverName: d.name } : { driverKey: d.key };
}

/**
 * When a running total passed its limit during the interval a → b: b − excess; or b itself when
 * the excess is older than a, i.e. the limit itself dropped at b (night began, a zone override).
 */
function crossedAt(a: number, b: number, excessMs: number): number {
  return b - excessMs >= a ? b - excessMs : b;
}
