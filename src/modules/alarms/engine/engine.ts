import { type DailyWindow, dailyWindow } from './cst.js';
import { credit, DriverBook, type DriverState, touch } from './drivers.js';
import type { Episode } from './episodes.js';
import { intervals } from './rules.motion.js';
import { forbiddenZones, nightBan, overspeed, routeDeviation } from './rules.place.js';
import { movedWhileOffline, offlineMoving, terminalBits } from './rules.terminal.js';
import { newVehicleState, type PositionContext, restartChain, type VehicleState } from './state.js';
import { type ResolvedThresholds, resolve, thresholdResolver } from './thresholds.js';
import type { AlarmEvent, DriverChange, EngineConfig, PositionRecord, RuleEngine, VehicleProfile, Zone } from './types.js';
import { activeAt, appliesTo, type CompiledZone, compileZone, contains } from './zones.js';

export { NIGHT_BAN_STOP_GRACE_MS, NIGHT_BAN_WINDOW, overspeedSeverity } from './rules.place.js';

/*
 * A pure, per-vehicle, in-memory rule engine over the position stream.
 *
 * Time: only the positions' GNSS time (and receivedAt for "nothing arrived") and tick(now).
 * China Standard Time is UTC+8 arithmetic (cst.ts), whatever the machine's zone.
 *
 * Which positions feed which rules:
 * - Live positions (backfill false) in strictly increasing GNSS time drive every live rule. A
 *   live position at or before the previous one (a terminal re-sending what was not acknowledged,
 *   or a clock step back) is ignored by the live rules, so a re-sent message cannot open twice.
 * - Positions without a GNSS fix (status bit 1 clear) feed only the terminal alarm bits and the
 *   "something arrived" clock; their coordinates and speed are not trusted.
 * - Backfilled positions (0x0704 blind-area, backfill true) describe the past: they never open a
 *   live-rule alarm. They count as "something arrived" (closing offline_moving), and they take
 *   part in moved_while_offline, which runs on the whole track (live and backfill, fixed, in GNSS
 *   time order): a position later than the latest seen, after a gap ≥ offlineMin and farther than
 *   movedWhileOfflineM, opens and closes one episode. Backfill that fills the gap first prevents
 *   the alarm; backfill arriving after the live position cannot retract it (the evidence shows).
 *
 * - If live positions keep arriving out of order for RESYNC_AFTER_MS of receipt time (one
 *   position stamped far in the future by a broken clock, then correct ones), the live chain is
 *   restarted from the current position rather than ignoring the vehicle for ever.
 *
 * Stopped vs driving, between two consecutive live positions a → b: within offlineMin the
 * interval takes a's state (speed > stoppedSpeedKmh = driving). Across a longer gap the vehicle
 * counts as stopped if b is within movedWhileOfflineM of a (a parked terminal that slept), and
 * as unknown otherwise (no driving credited, no rest either).
 *
 * Fatigue is counted per driver (drivers.ts): the qualification code of the card the terminal
 * reported with 0x0702 (onDriver), carried from vehicle to vehicle, with rest counted in the
 * driver's own time since they last drove; a vehicle without a card counts for its own
 * unidentified driver, whose log shares the vehicle's buffer. A carded driver costs ≈ 0.5 KB.
 *
 * setZones and setProfile may run at any time: episodes whose zone changed or went (or whose
 * route or night-ban grounds changed) close at the vehicle's next live position or the next tick.
 *
 * Memory per vehicle: one Uint32Array of 112 words for the evidence ring (320 B) and the
 * driving log (128 B) plus ~150 B typed-array overhead, the state object with its boxed
 * doubles ≈ 350 B, profile, episode book and map entry ≈ 150 B; an open episode adds ≈ 0.5 KB.
 * Measured with 100,000 vehicles (heapUsed + arrayBuffers after GC): ≈ 1.3 KB per vehicle,
 * so ≈ 250 MB for the city's 198,000 — fixed per vehicle, whatever the stream's length; with
 * 38 % of them holding an open episode, ≈ 2 KB. Throughput on this machine (one core, 50 zones):
 * 35,000–55,000 positions/s; a tick over 198,000 vehicles ≈ 0.1–0.3 s.
 */

const FIXED = 1 << 1;
/** OUR CHOICE: live positions out of order for this long (receipt time) mean the terminal's clock went back. */
export const RESYNC_AFTER_MS = 10 * 60_000;

export function createRuleEngine(config: EngineConfig): RuleEngine {
  const classThresholds = thresholdResolver(config);
  const maxCorridor = Math.max(...Object.values(config.thresholds).map((t) => t.corridorHalfWidthM));
  let zones = config.zones.map((z) => compileZone(z, maxCorridor));
  let zoneById = new Map(zones.map((z) => [z.zone.id, z]));
  const windows = new Map<string, DailyWindow>();
  const nightOf = (t: ResolvedThresholds): DailyWindow => {
    const k = `${t.nightFrom}-${t.nightTo}`;
    let w = windows.get(k);
    if (!w) {
      w = dailyWindow(t.nightFrom, t.nightTo);
      windows.set(k, w);
    }
    return w;
  };
  const vehicles = new Map<string, VehicleState>();
  const counter = { open: 0 };
  const drivers = new DriverBook();
  /**
   * Episodes whose grounds changed under them (their zone changed or went, the vehicle's route
   * or night-ban exemption changed): closed at the vehicle's next live position or the next tick,
   * whichever comes first; the rules open a new episode if the new grounds still call for one.
   */
  const stale = new Map<VehicleState, Episode[]>();

  function markStale(v: VehicleState, test: (ep: Episode) => boolean): void {
    for (const [, ep] of v.book.entries()) {
      if (!test(ep)) continue;
      const list = stale.get(v);
      if (list) list.push(ep);
      else stale.set(v, [ep]);
    }
  }

  function closeStale(v: VehicleState, at: number, out: AlarmEvent[]): void {
    const list = stale.get(v);
    if (!list) return;
    stale.delete(v);
    for (const ep of list) {
      const slot = ep.rule === 'forbidden_zone' ? `forbidden_zone:${ep.zoneId}` : ep.rule;
      if (v.book.get(slot) !== ep) continue;
      v.book.close(slot, at, v.ring.points(), out);
      // The running measures restart, so a new episode gets a new start (and a new key).
      if (ep.rule === 'overspeed') v.overSince = Number.NaN;
      if (ep.rule === 'route_deviation') v.offRouteSince = Number.NaN;
    }
  }

  /** Closes the current driver's fatigue episodes on this vehicle at `at`. */
  function closeFatigue(v: VehicleState, at: number, out: AlarmEvent[]): void {
    const points = v.book.size ? v.ring.points() : [];
    if (v.book.get('fatigue_continuous')) v.book.close('fatigue_continuous', at, points, out);
    if (v.book.get('fatigue_daily')) v.book.close('fatigue_daily', at, points, out);
  }

  /** The driver changes at `at`: the old one is credited up to then if the vehicle was moving, and their episodes end. */
  function handOver(v: VehicleState, to: DriverState, at: number, out: AlarmEvent[]): void {
    const from = v.driver;
    if (!Number.isNaN(v.lastTime) && v.lastMoving && at > v.lastTime) {
      const offlineMs = classThresholds(v.profile.class, v.profile.enterpriseId).resolved.offlineMin * 60_000;
      if (at - v.lastTime < offlineMs) credit(from, Math.max(v.lastTime, Number.isNaN(v.driverSince) ? v.lastTime : v.driverSince), at);
    }
    touch(from, at);
    closeFatigue(v, at, out);
    if (from.key !== null) from.vehicleId = null;
    v.driver = to;
    v.driverSince = at;
    if (to.key !== null) to.vehicleId = v.profile.vehicleId;
    touch(to, at);
  }

  function onDriver(vehicleId: string, change: DriverChange): AlarmEvent[] {
    const v = vehicles.get(vehicleId);
    if (!v) return [];
    const out: AlarmEvent[] = [];
    const code = change.event === 'card_inserted' ? change.qualificationCode?.trim() || null : null;
    // A card that could not be read, or none: the vehicle's own unidentified driver.
    const to = code === null ? v.own : drivers.obtain(code, change.driverName?.trim() || null);
    if (to === v.driver) {
      touch(to, change.time);
      return out;
    }
    // A card is in one reader at a time: a terminal that never reported its removal loses it.
    if (to.vehicleId !== null && to.vehicleId !== vehicleId) {
      const other = vehicles.get(to.vehicleId);
      if (other && other.driver === to) handOver(other, other.own, change.time, out);
      to.vehicleId = null;
    }
    handOver(v, to, change.time, out);
    return out;
  }

  function setZones(next: Zone[]): void {
    const compiled = next.map((z) => compileZone(z, maxCorridor));
    const before = new Map(zones.map((z) => [z.zone.id, JSON.stringify(z.zone)]));
    const gone = new Set<string>();
    for (const [id, json] of before) {
      const now = compiled.find((z) => z.zone.id === id);
      if (!now || JSON.stringify(now.zone) !== json) gone.add(id);
    }
    zones = compiled;
    zoneById = new Map(zones.map((z) => [z.zone.id, z]));
    if (gone.size === 0) return;
    for (const v of vehicles.values()) if (v.book.size) markStale(v, (ep) => ep.zoneId !== undefined && gone.has(ep.zoneId));
  }

  function onPosition(p: PositionRecord): AlarmEvent[] {
    const v = vehicles.get(p.vehicleId);
    if (!v) return [];
    const out: AlarmEvent[] = [];
    const base = classThresholds(v.profile.class, v.profile.enterpriseId);

    // Something arrived: the vehicle is no longer offline.
    if (Number.isNaN(v.lastReceivedAt) || p.receivedAt > v.lastReceivedAt) v.lastReceivedAt = p.receivedAt;
    if (v.book.get('offline_moving')) v.book.close('offline_moving', p.receivedAt, v.ring.points(), out);

    const fixed = (p.status & FIXED) !== 0;
    if (fixed) movedWhileOffline(v, p, base.resolved, out);
    if (p.backfill) return out;
    if (!Number.isNaN(v.liveTime) && p.time <= v.liveTime) {
      if (Number.isNaN(v.outOfOrderSince)) v.outOfOrderSince = p.receivedAt;
      if (p.receivedAt - v.outOfOrderSince < RESYNC_AFTER_MS) return out;
      restartChain(v);
    }
    v.outOfOrderSince = Number.NaN;
    v.liveTime = p.time;
    if (stale.size && stale.has(v)) closeStale(v, p.time, out);

    terminalBits(v, p, out);
    if (!fixed) return out;

    v.ring.push(p.time, p.latE6, p.lngE6, p.speed);
    const lng = p.lngE6 / 1e6;
    const lat = p.latE6 / 1e6;
    const inZones: CompiledZone[] = [];
    let zoneOverrides = false;
    for (const z of zones) {
      if (!appliesTo(z, v.profile.class) || !activeAt(z, p.time) || !contains(z, lng, lat)) continue;
      inZones.push(z);
      if (z.zone.thresholds) zoneOverrides = true;
    }
    const t = zoneOverrides ? resolve(base.raw, ...inZones.map((z) => z.zone.thresholds)) : base.resolved;
    const c: PositionContext = {
      p,
      v,
      t,
      zones: inZones,
      lng,
      lat,
      moving: p.speed > t.stoppedSpeedKmh * 10,
      out,
      evidence: () => v.ring.points(),
      night: nightOf(t),
      route: v.profile.routeId ? zoneById.get(v.profile.routeId) : undefined,
    };

    intervals(c);
    overspeed(c);
    nightBan(c);
    forbiddenZones(c);
    routeDeviation(c);

    v.lastTime = p.time;
    v.lastLatE6 = p.latE6;
    v.lastLngE6 = p.lngE6;
    v.lastMoving = c.moving;
    return out;
  }

  function tick(now: number): AlarmEvent[] {
    const out: AlarmEvent[] = [];
    for (const v of [...stale.keys()]) closeStale(v, now, out);
    drivers.sweep(now);
    for (const v of vehicles.values()) {
      offlineMoving(v, classThresholds(v.profile.class, v.profile.enterpriseId).resolved, now, out);
      if (v.book.size === 0) continue;
      for (const [slot, ep] of [...v.book.entries()]) if (now >= ep.windowEndsAt) v.book.close(slot, ep.windowEndsAt, v.ring.points(), out);
    }
    return out;
  }

  return {
    setProfile(p: VehicleProfile): void {
      const v = vehicles.get(p.vehicleId);
      if (!v) {
        vehicles.set(p.vehicleId, newVehicleState({ ...p }, counter));
        return;
      }
      const was = v.profile;
      v.profile = { ...p };
      if (v.book.size === 0) return;
      const routeChanged = (was.routeId ?? null) !== (p.routeId ?? null);
      const banLifted = was.class === 'coach' && !was.relayExempt && (p.class !== 'coach' || p.relayExempt === true);
      if (routeChanged || banLifted)
        markStale(v, (ep) => (routeChanged && ep.rule === 'route_deviation') || (banLifted && ep.rule === 'night_ban'));
    },
    onPosition,
    onDriver,
    setZones,
    tick,
    openEpisodes: () => counter.open,
    trackedDrivers: () => drivers.size,
    forget(vehicleId: string): void {
      const v = vehicles.get(vehicleId);
      if (!v) return;
      if (v.driver.key !== null) v.driver.vehicleId = null;
      stale.delete(v);
      v.book.clear();
      vehicles.delete(vehicleId);
    },
  };
}
