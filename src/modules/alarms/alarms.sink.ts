/**
 * Where stored positions meet the rule engine: the position store hands each
 * committed batch to `accept`, which feeds the engine synchronously (loading a
 * vehicle's profile the first time it is seen) and queues the alarm events; a
 * single writer persists them in batches, upserting by episode key, in
 * transactions of its own. An acknowledged position is already stored, so a
 * crash loses no data, only engine state, which the next start rebuilds.
 *
 * Driver cards (0x0702) reach the engine through `driver`, in order with the
 * vehicle's positions. Every reloadMs the register's changed vehicles and the
 * geofences' version are polled, so a changed class, enterprise, route, relay
 * exemption or zone applies without a restart.
 */
import type { Kysely } from 'kysely';
import type { Clock } from '../../platform/clock/index.js';
import type { Logger } from '../../platform/logging/index.js';
import type { DirectoryModule } from '../directory/index.js';
import type { LatestState, PositionRecord, VehicleFacts, VehicleLookup } from '../vehicles/index.js';
import { createSinkReload, profileOf, type ZoneSource } from './alarms.reload.js';
import * as repo from './alarms.repository.js';
import type { AlarmsTables } from './alarms.tables.js';
import {
  type AlarmEvent,
  createRuleEngine,
  DEFAULT_THRESHOLDS,
  type DriverChange,
  type RuleEngine,
  type VehicleProfile,
} from './engine/index.js';

export interface AlarmSinkOptions {
  /** Engine events wait at most this long before they are written. */
  flushMs: number;
  /** How often the engine is ticked (offline detection, windows ending). */
  tickMs: number;
  /**
   * After a start, how long terminals have to reconnect before the first tick: without it, every
   * vehicle last seen moving before a restart would be reported offline at once.
   */
  startGraceMs: number;
  /** Events written per statement. */
  maxBatch: number;
  /** How often changed register entries and the geofences' version are polled. */
  reloadMs: number;
}

/** Vehicles whose profiles are read in one query (well below PostgreSQL's 65,535 parameters). */
const LOOKUP_CHUNK = 5000;

export const DEFAULT_SINK_OPTIONS: AlarmSinkOptions = {
  flushMs: 200,
  tickMs: 10_000,
  maxBatch: 1000,
  startGraceMs: 10 * 60_000,
  reloadMs: 30_000,
};

export interface AlarmSinkStats {
  positions: number;
  events: number;
  written: number;
  failedWrites: number;
  unknownVehicles: number;
  driverChanges: number;
  /** Profiles changed by a reload of the register. */
  profilesReloaded: number;
  /** Times the geofences were reloaded. */
  zoneReloads: number;
  pendingEvents: number;
}

/** What waits for a vehicle's profile: its positions and card changes, in arrival order. */
type Held = PositionRecord | { vehicleId: string; change: DriverChange };

interface Place {
  areaId: string | null;
  areaPath: string[];
}

/** Folds the events of one episode in one batch into one row: the first start, the highest peak, the newest evidence, any end. */
export function foldEvents(events: readonly AlarmEvent[]): Map<string, AlarmEvent> {
  const out = new Map<string, AlarmEvent>();
  for (const e of events) {
    const prev = out.get(e.episodeKey);
    if (!prev) {
      out.set(e.episodeKey, { ...e });
      continue;
    }
    out.set(e.episodeKey, {
      ...e,
      type: prev.type === 'open' ? 'open' : e.type,
      startedAt: Math.min(prev.startedAt, e.startedAt),
      peak: Math.max(prev.peak, e.peak),
      ...(e.endedAt !== undefined || prev.endedAt !== undefined ? { endedAt: e.endedAt ?? prev.endedAt } : {}),
      detail: { ...prev.detail, ...e.detail },
      evidence: e.evidence.length ? e.evidence : prev.evidence,
    } as AlarmEvent);
  }
  return out;
}

export function createAlarmSink(deps: {
  db: Kysely<AlarmsTables>;
  engine: RuleEngine;
  vehicles: Pick<VehicleLookup, 'facts' | 'factsChangedSince' | 'currentDrivers'>;
  directory: Pick<DirectoryModule, 'organisationsByIds' | 'areaPath'>;
  /** Reloaded when its version changes from `loadedVersion`, the one the engine's zones were loaded at. */
  zones?: ZoneSource & { loadedVersion: string | null };
  logger: Logger;
  clock: Clock;
  options?: Partial<AlarmSinkOptions>;
}) {
  const { db, engine, vehicles, directory, logger, clock } = deps;
  const options = { ...DEFAULT_SINK_OPTIONS, ...deps.options };
  const stats = {
    positions: 0,
    events: 0,
    written: 0,
    failedWrites: 0,
    unknownVehicles: 0,
    driverChanges: 0,
    profilesReloaded: 0,
    zoneReloads: 0,
  };
  /** Vehicles whose profile the engine has; null: not in the register. */
  const profiles = new Map<string, VehicleProfile | null>();
  /** Positions and card changes of vehicles whose profile is being looked up, in arrival order. */
  const waiting = new Map<string, Held[]>();
  const places = new Map<string, Place>();
  const raisedListeners: ((alarmIds: string[]) => void)[] = [];
  let lookup: Promise<void> | null = null;
  let lookupAgain = false;
  let queue: AlarmEvent[] = [];
  let flushTimer: NodeJS.Timeout | null = null;
  let writer: Promise<void> | null = null;
  let ticker: NodeJS.Timeout | null = null;
  let closed = false;
  const reloader = createSinkReload({
    engine,
    vehicles,
    profiles,
    ...(deps.zones ? { zones: deps.zones } : {}),
    logger,
    clock,
    reloadMs: options.reloadMs,
    stats,
  });

  function take(events: readonly AlarmEvent[]): void {
    if (events.length === 0) return;
    stats.events += events.length;
    for (const e of events) queue.push(e);
    if (!flushTimer && !closed) {
      flushTimer = setTimeout(() => {
        flushTimer = null;
        void flush();
      }, options.flushMs);
      flushTimer.unref();
    }
  }

  function feed(item: Held): void {
    try {
      if ('change' in item) take(engine.onDriver(item.vehicleId, item.change));
      else take(engine.onPosition(item));
    } catch (error) {
      logger.error({ err: error, vehicleId: item.vehicleId }, 'rule engine failed on a position or card change');
    }
  }

  /** Feeds now, or holds behind what already waits for the vehicle's profile; false when the profile must be looked up. */
  function route(item: Held): boolean {
    const profile = profiles.get(item.vehicleId);
    if (profile) {
      const held = waiting.get(item.vehicleId);
      if (held) held.push(item);
      else feed(item);
    } else if (profile === undefined) {
      const held = waiting.get(item.vehicleId);
      if (held) held.push(item);
      else waiting.set(item.vehicleId, [item]);
      return false;
    }
    return true;
  }

  /** Looks up every vehicle waiting for its profile, then feeds what they sent meanwhile, in order. */
  function lookUp(): void {
    if (lookup) {
      lookupAgain = true;
      return;
    }
    lookup = (async () => {
      do {
        lookupAgain = false;
        // At most LOOKUP_CHUNK at a time: a whole city's fleet appears at once when the gateway starts.
        const ids = [...waiting.keys()].filter((id) => !profiles.has(id)).slice(0, LOOKUP_CHUNK);
        if (ids.length === 0) break;
        let facts: VehicleFacts[];
        try {
          facts = await vehicles.facts(ids);
        } catch (error) {
          logger.warn({ err: error }, 'vehicle profiles not loaded; will retry');
          await new Promise((resolve) => setTimeout(resolve, 1000).unref());
          if (closed) return;
          lookupAgain = true;
          continue;
        }
        const found = new Map(facts.map((f) => [f.vehicleId, f]));
        for (const id of ids) {
          const f = found.get(id);
          if (!f) {
            stats.unknownVehicles++;
            profiles.set(id, null);
          } else {
            const profile = profileOf(f);
            profiles.set(id, profile);
            engine.setProfile(profile);
          }
          const held = waiting.get(id) ?? [];
          waiting.delete(id);
          if (f) for (const r of held) feed(r);
        }
      } while (lookupAgain || [...waiting.keys()].some((id) => !profiles.has(id)));
    })().finally(() => {
      lookup = null;
      if (waiting.size > 0 && !closed) lookUp();
    });
  }

  async function placeOf(enterpriseId: string): Promise<Place> {
    const known = places.get(enterpriseId);
    if (known) return known;
    const [org] = await directory.organisationsByIds([enterpriseId]);
    const areaId = org?.area_id ?? null;
    const areaPath = areaId ? (await directory.areaPath(areaId)).map((a) => a.id).reverse() : [];
    const place = { areaId, areaPath };
    places.set(enterpriseId, place);
    return place;
  }

  async function write(events: readonly AlarmEvent[]): Promise<void> {
    const folded = [...foldEvents(events).values()];
    const rows: repo.AlarmUpsert[] = [];
    for (const e of folded) {
      const profile = profiles.get(e.vehicleId);
      if (!profile) continue;
      const place = await placeOf(profile.enterpriseId);
      rows.push({
        vehicleId: e.vehicleId,
        enterpriseId: profile.enterpriseId,
        areaId: place.areaId,
        areaPath: place.areaPath,
        rule: e.rule,
        severity: e.severity,
        episodeKey: e.episodeKey,
        startedAt: new Date(e.startedAt),
        endedAt: e.endedAt !== undefined ? new Date(e.endedAt) : null,
        peak: e.peak,
        unit: e.unit,
        limit: e.limit ?? null,
        zoneId: e.zoneId ?? null,
        detail: e.detail,
        evidence: e.evidence,
      });
    }
    if (rows.length === 0) return;
    const raised = await db.transaction().execute(async (trx) => {
      const before = new Map(
        (
          await repo.episodes(
            trx,
            rows.map((r) => r.episodeKey),
          )
        ).map((r) => [r.episode_key, r]),
      );
      const saved = await repo.upsertEpisodes(trx, rows);
      const idOf = new Map(saved.map((s) => [s.episode_key, s]));
      const at = clock.now();
      const system = { kind: 'system' as const, name: 'alarms.engine' };
      const steps = [];
      for (const r of rows) {
        const s = idOf.get(r.episodeKey);
        if (!s) continue;
        if (s.inserted)
          steps.push({ alarmId: s.id, step: 'raised', actor: system, note: null, data: { peak: r.peak, limit: r.limit }, at });
        if (r.endedAt && !before.get(r.episodeKey)?.ended_at)
          steps.push({
            alarmId: s.id,
            step: 'ended',
            actor: system,
            note: null,
            data: { peak: r.peak, endedAt: r.endedAt.toISOString() },
            at,
          });
      }
      await repo.insertSteps(trx, steps);
      return saved.filter((s) => s.inserted).map((s) => s.id);
    });
    stats.written += rows.length;
    if (raised.length)
      for (const l of raisedListeners) {
        try {
          l(raised);
        } catch (error) {
          logger.error({ err: error }, 'alarm listener failed');
        }
      }
  }

  /** Writes what is queued, one writer at a time, in arrival order. */
  function flush(): Promise<void> {
    if (writer) return writer.then(() => (queue.length ? flush() : undefined));
    writer = (async () => {
      while (queue.length > 0) {
        const batch = queue.slice(0, options.maxBatch);
        try {
          await write(batch);
          queue = queue.slice(batch.length);
        } catch (error) {
          stats.failedWrites++;
          logger.warn({ err: error, events: batch.length }, 'alarm events not written; will retry');
          if (closed) {
            queue = queue.slice(batch.length);
            continue;
          }
          await new Promise((resolve) => setTimeout(resolve, 1000).unref());
        }
      }
    })().finally(() => {
      writer = null;
    });
    return writer;
  }

  return {
    /** Positions the store has committed, in arrival order. Cheap and never throws. */
    accept(records: readonly PositionRecord[]): void {
      if (closed) return;
      let missing = false;
      for (const r of records) {
        stats.positions++;
        if (!route(r)) missing = true;
      }
      if (missing) lookUp();
    },

    /**
     * A driver's card inserted or removed (0x0702), once stored: fed to the engine in order with
     * the vehicle's positions. Cheap and never throws.
     */
    driver(vehicleId: string, change: DriverChange): void {
      if (closed) return;
      stats.driverChanges++;
      if (!route({ vehicleId, change })) lookUp();
    },

    /** Polls the register and the geofences now (as every reloadMs). */
    reload: () => reloader.reload(),

    /** Time-driven rules (offline, windows ending) at `now`. */
    tick(now: number): void {
      try {
        take(engine.tick(now));
      } catch (error) {
        logger.error({ err: error }, 'rule engine tick failed');
      }
    },

    /**
     * Ends episodes a previous run left open, rebuilds engine state from the drivers whose
     * cards are in and the latest positions (profiles of those vehicles loaded), ticks on an
     * interval, and polls the register and the geofences every reloadMs.
     */
    async start(latest: readonly LatestState[] = []): Promise<void> {
      // Changes from here on are polled; what is older is read with each vehicle's profile.
      reloader.start();
      const drivers = await vehicles.currentDrivers();
      const ended = await repo.endOrphanedEpisodes(
        db,
        latest.map((l) => ({ vehicleId: l.vehicle_id, time: l.time })),
      );
      if (ended) logger.info({ ended }, 'alarm episodes left open by the previous run ended');
      const records: PositionRecord[] = [];
      for (const l of latest)
        records.push({
          vehicleId: l.vehicle_id,
          time: l.time.getTime(),
          receivedAt: l.received_at.getTime(),
          latE6: Math.round(l.lat * 1e6),
          lngE6: Math.round(l.lng * 1e6),
          altitude: l.altitude,
          speed: Math.round(l.speed_kmh * 10),
          direction: l.direction,
          alarm: l.alarm,
          status: l.status,
          mileage: l.mileage_km === null ? null : Math.round(l.mileage_km * 10),
          backfill: false,
          itemsHex: null,
        });
      for (const d of drivers)
        if (d.event === 'card_inserted' && d.qualificationCode)
          this.driver(d.vehicleId, {
            event: d.event,
            time: d.time.getTime(),
            qualificationCode: d.qualificationCode,
            driverName: d.driverName,
          });
      stats.driverChanges = 0;
      if (records.length) this.accept(records);
      const firstTick = clock.now().getTime() + options.startGraceMs;
      ticker = setInterval(() => {
        const now = clock.now().getTime();
        if (now >= firstTick) this.tick(now);
      }, options.tickMs);
      ticker.unref();
    },

    /** Told of the ids of newly raised alarms once they are stored (the live wall). */
    onRaised(listener: (alarmIds: string[]) => void): void {
      raisedListeners.push(listener);
    },

    /** Waits until every queued event is written (tests, shutdown). */
    async drain(): Promise<void> {
      while (lookup || queue.length || writer) {
        if (lookup) await lookup;
        if (flushTimer) {
          clearTimeout(flushTimer);
          flushTimer = null;
        }
        await flush();
      }
    },

    stats(): AlarmSinkStats {
      return { ...stats, pendingEvents: queue.length };
    },

    /** Stops ticking and writes what is queued; a write failing now is given up (the positions are stored). */
    async close(): Promise<void> {
      if (ticker) clearInterval(ticker);
      closed = true;
      await reloader.stop();
      await this.drain();
    },
  };
}

export type AlarmSink = ReturnType<typeof createAlarmSink>;

/**
 * The sink as the gateway runs it: an engine with the default thresholds and the
 * zones stored now, episodes of the previous run ended, state rebuilt from the
 * current drivers and the latest positions, ticking and reloading.
 */
export async function startAlarmSink(deps: {
  db: Kysely<AlarmsTables>;
  vehicles: Pick<VehicleLookup, 'facts' | 'factsChangedSince' | 'currentDrivers' | 'latest'>;
  directory: Pick<DirectoryModule, 'organisationsByIds' | 'areaPath'>;
  zones: ZoneSource;
  logger: Logger;
  clock: Clock;
  options?: Partial<AlarmSinkOptions>;
}): Promise<AlarmSink> {
  const loadedVersion = await deps.zones.version();
  const engine = createRuleEngine({ thresholds: DEFAULT_THRESHOLDS, zones: await deps.zones.load() });
  const sink = createAlarmSink({ ...deps, engine, zones: { ...deps.zones, loadedVersion } });
  await sink.start(await deps.vehicles.latest());
  return sink;
}
