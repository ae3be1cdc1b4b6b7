/**
 * The alarm sink's reload: every reloadMs, the register entries changed since the last poll
 * re-set the profiles of the vehicles the engine knows (class, enterprise, relay exemption,
 * route), and the geofences are reloaded when their version changed — without a restart.
 */
import type { Clock } from '../../platform/clock/index.js';
import type { Logger } from '../../platform/logging/index.js';
import type { VehicleFacts, VehicleLookup } from '../vehicles/index.js';
import type { RuleEngine, VehicleProfile, Zone } from './engine/index.js';

/** Changed register entries read per query. */
const RELOAD_PAGE = 1000;
/**
 * Entries changed this recently are read again at each poll: updated_at is the writing
 * transaction's start, so a transaction committing after a poll can carry a stamp older
 * than what that poll saw.
 */
const RELOAD_OVERLAP_MS = 60_000;

/** The geofences the engine applies, and a cheap version that changes whenever any of them does. */
export interface ZoneSource {
  load(): Promise<Zone[]>;
  version(): Promise<string>;
}

/** The engine's profile of a vehicle from its register entry. */
export function profileOf(f: VehicleFacts): VehicleProfile {
  return {
    vehicleId: f.vehicleId,
    class: f.class,
    enterpriseId: f.enterpriseId,
    edition: f.edition,
    relayExempt: f.relayExempt,
    routeId: f.routeZoneId,
  };
}

function sameProfile(a: VehicleProfile, b: VehicleProfile): boolean {
  return (
    a.class === b.class &&
    a.enterpriseId === b.enterpriseId &&
    a.edition === b.edition &&
    (a.relayExempt ?? false) === (b.relayExempt ?? false) &&
    (a.routeId ?? null) === (b.routeId ?? null)
  );
}

export function createSinkReload(deps: {
  engine: Pick<RuleEngine, 'setProfile' | 'setZones'>;
  vehicles: Pick<VehicleLookup, 'factsChangedSince'>;
  /** The sink's profiles (null: not in the register); only vehicles in it are re-set. */
  profiles: Map<string, VehicleProfile | null>;
  zones?: ZoneSource & { loadedVersion: string | null };
  logger: Logger;
  clock: Clock;
  reloadMs: number;
  stats: { profilesReloaded: number; zoneReloads: number };
}) {
  const { engine, vehicles, profiles, logger, clock, stats } = deps;
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> | null = null;
  let stopped = false;
  /** The newest register change seen; set at start. */
  let factsSince = new Date(0);
  let zonesVersion = deps.zones?.loadedVersion ?? null;

  async function reloadProfiles(): Promise<void> {
    let since = new Date(Math.min(factsSince.getTime(), clock.now().getTime() - RELOAD_OVERLAP_MS));
    let limit = RELOAD_PAGE;
    for (;;) {
      const rows = await vehicles.factsChangedSince(since, limit);
      let page = rows;
      if (rows.length === limit) {
        // Entries of one instant (an import's transaction) are never split across pages.
        const lastMs = (rows[rows.length - 1] as VehicleFacts).updatedAt.getTime();
        page = rows.slice(
          0,
          rows.findIndex((r) => r.updatedAt.getTime() === lastMs),
        );
        const newest = page[page.length - 1]?.updatedAt.getTime() ?? Number.NEGATIVE_INFINITY;
        if (newest <= since.getTime()) {
          limit *= 2;
          continue;
        }
      }
      for (const f of page) {
        if (f.updatedAt > factsSince) factsSince = f.updatedAt;
        const known = profiles.get(f.vehicleId);
        // A vehicle not seen yet is looked up when it first reports.
        if (known === undefined) continue;
        const profile = profileOf(f);
        if (known && sameProfile(known, profile)) continue;
        profiles.set(f.vehicleId, profile);
        engine.setProfile(profile);
        stats.profilesReloaded++;
      }
      if (rows.length < limit) return;
      since = (page[page.length - 1] as VehicleFacts).updatedAt;
    }
  }

  async function reloadZones(): Promise<void> {
    const source = deps.zones;
    if (!source) return;
    // The version first: a change between the two reads is seen again at the next poll.
    const version = await source.version();
    if (version === zonesVersion) return;
    engine.setZones(await source.load());
    zonesVersion = version;
    stats.zoneReloads++;
    logger.info({ version }, 'geofences reloaded');
  }

  /** One poll of the register and the geofences; never throws. */
  function reload(): Promise<void> {
    if (running) return running;
    running = (async () => {
      try {
        await reloadProfiles();
      } catch (error) {
        logger.warn({ err: error }, 'vehicle profiles not reloaded; will retry');
      }
      try {
        await reloadZones();
      } catch (error) {
        logger.warn({ err: error }, 'geofences not reloaded; will retry');
      }
    })().finally(() => {
      running = null;
    });
    return running;
  }

  function schedule(): void {
    if (stopped) return;
    timer = setTimeout(() => {
      timer = null;
      void reload().finally(schedule);
    }, deps.reloadMs);
    timer.unref();
  }

  return {
    /** Polls changes from now on, every reloadMs. */
    start(): void {
      factsSince = clock.now();
      schedule();
    },
    reload,
    async stop(): Promise<void> {
      stopped = true;
      if (timer) clearTimeout(timer);
      if (running) await running;
    },
  };
}
