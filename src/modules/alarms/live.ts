import { type Kysely, sql } from 'kysely';
import Supercluster from 'supercluster';
import { z } from 'zod';
import type { Clock } from '../../platform/clock/index.js';
import type { Logger } from '../../platform/logging/index.js';
import type { AccessModule, Actor, PersonActor } from '../access/index.js';
import type { VehicleClass, VehiclesModule } from '../vehicles/index.js';

/**
 * The monitoring wall's live feed: each connection says which part of the map
 * it shows; at most once per interval it gets the newest positions of the
 * vehicles inside that part and inside the viewer's scope (or clusters of them
 * when there are many), and every new alarm in scope as soon as it is seen.
 * Transport-free: the route file hands it text and a way to send and close.
 */

export const LIVE_PERMISSION = 'vehicles.track.read';

/** Close codes a client can act on (4000–4999 are for applications). */
export const LIVE_CLOSE = {
  invalidMessage: 4400,
  signedOut: 4401,
  forbidden: 4403,
  unsupportedData: 1003,
  goingAway: 1001,
} as const;

export interface LiveOptions {
  /** At most one positions or clusters message per connection in this many ms. */
  intervalMs: number;
  /** Above this many visible vehicles the feed sends clusters instead of vehicles. */
  maxMarkers: number;
  /** How often the viewer's session and scope are checked again. */
  refreshMs: number;
  /** A connection whose unsent bytes exceed this skips a push (a slow client gets fewer, not more). */
  maxBufferedBytes: number;
}

export const DEFAULT_LIVE_OPTIONS: LiveOptions = { intervalMs: 1000, maxMarkers: 300, refreshMs: 30_000, maxBufferedBytes: 1 << 20 };

const viewportMessage = z.strictObject({
  type: z.literal('viewport'),
  bbox: z.tuple([z.number().min(-180).max(180), z.number().min(-90).max(90), z.number().min(-180).max(180), z.number().min(-90).max(90)]),
  zoom: z.number().min(0).max(22),
});

export interface Viewport {
  bbox: [number, number, number, number];
  zoom: number;
}

/** A client's message, or why it is refused. */
export function parseClientMessage(text: string): { ok: true; viewport: Viewport } | { ok: false; reason: string } {
  if (text.length > 1024) return { ok: false, reason: 'message too long' };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, reason: 'not JSON' };
  }
  const parsed = viewportMessage.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { ok: false, reason: `invalid ${issue?.path.join('.') || 'message'}` };
  }
  const [w, s, e, n] = parsed.data.bbox;
  if (w > e || s > n) return { ok: false, reason: 'invalid bbox: west > east or south > north' };
  return { ok: true, viewport: { bbox: [w, s, e, n], zoom: parsed.data.zoom } };
}

export interface LiveVehicle {
  id: string;
  plate: string;
  class: VehicleClass;
  lat: number;
  lng: number;
  speedKmh: number;
  direction: number;
  time: string;
  /** The terminal reports an alarm bit, or the vehicle has an alarm still being handled. */
  alarm: boolean;
}

export type LiveMessage =
  | { type: 'positions'; at: string; vehicles: LiveVehicle[] }
  | { type: 'clusters'; at: string; clusters: { lat: number; lng: number; count: number }[] }
  | { type: 'alarm'; alarm: unknown };

/** What the feed needs of the alarms: one alarm as this actor may see it, or null when it is outside their scope. */
export interface LiveAlarmSource {
  view(actor: PersonActor, id: string): Promise<unknown | null>;
}

export interface LiveDeps {
  /** Reads alarms.alarm for new alarms and vehicles with alarms being handled (one query a second for all connections). */
  db: Kysely<unknown>;
  clock: Clock;
  logger: Logger;
  access: Pick<AccessModule, 'actorFromToken'>;
  vehicles: Pick<VehiclesModule, 'latest' | 'trackable'>;
  alarms: LiveAlarmSource;
  options?: Partial<LiveOptions>;
}

/** The feed's side of one connection. */
export interface LiveSocket {
  send(text: string): void;
  close(code: number, reason: string): void;
  /** Bytes queued but not yet sent. */
  readonly bufferedAmount: number;
}

interface RosterEntry {
  plate: string;
  class: VehicleClass;
}

interface Connection {
  socket: LiveSocket;
  actor: PersonActor;
  token: string | undefined;
  roster: Map<string, RosterEntry>;
  refreshedAt: number;
  viewport: Viewport | null;
  lastSentAt: number;
  lastKey: string;
  closed: boolean;
  refreshing: boolean;
}

/** Statuses in which an alarm is still being dealt with. */
const ACTIVE_STATUSES = ['open', 'confirmed', 'notified', 'handling'];
const TICK_MS = 200;
const round = (n: number, places: number) => Math.round(n * 10 ** places) / 10 ** places;

export function createLiveFeed(deps: LiveDeps) {
  const options: LiveOptions = { ...DEFAULT_LIVE_OPTIONS, ...deps.options };
  const { db, clock, logger, access, vehicles, alarms } = deps;
  const connections = new Set<Connection>();
  let timer: ReturnType<typeof setInterval> | undefined;
  let busy = false;
  let alarmCursor = clock.now().toISOString();
  let alarmsPolledAt = 0;
  let activeAlarmVehicles = new Set<string>();
  let alarmsTableMissingLogged = false;

  async function loadRoster(actor: Actor): Promise<Map<string, RosterEntry>> {
    const rows = await vehicles.trackable(actor);
    return new Map(rows.map((r) => [r.id, { plate: r.plate_number, class: r.class }]));
  }

  function closeConnection(c: Connection, code: number, reason: string) {
    if (c.closed) return;
    c.closed = true;
    connections.delete(c);
    try {
      c.socket.close(code, reason);
    } catch {
      // Already gone.
    }
    if (connections.size === 0) stopTimer();
  }

  function send(c: Connection, message: LiveMessage) {
    if (c.closed) return;
    try {
      c.socket.send(JSON.stringify(message));
    } catch (error) {
      logger.debug({ err: error }, 'live: send failed');
      closeConnection(c, LIVE_CLOSE.goingAway, 'send failed');
    }
  }

  /** The message for this connection now, without its time; null without a viewport. */
  function snapshot(c: Connection): { key: string; build: (at: string) => LiveMessage } | null {
    if (!c.viewport) return null;
    const [w, s, e, n] = c.viewport.bbox;
    const visible: LiveVehicle[] = [];
    for (const p of vehicles.latest.states()) {
      if (p.lat < s || p.lat > n || p.lng < w || p.lng > e) continue;
      const v = c.roster.get(p.vehicle_id);
      if (!v) continue;
      visible.push({
        id: p.vehicle_id,
        plate: v.plate,
        class: v.class,
        lat: p.lat,
        lng: p.lng,
        speedKmh: round(p.speed_kmh, 1),
        direction: p.direction,
        time: p.time.toISOString(),
        alarm: p.alarm !== 0 || activeAlarmVehicles.has(p.vehicle_id),
      });
    }
    if (visible.length <= options.maxMarkers) {
      visible.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
      const key = JSON.stringify(visible);
      return { key: `p${key}`, build: (at) => ({ type: 'positions', at, vehicles: visible }) };
    }
    const index = new Supercluster<Record<string, never>, Record<string, never>>({ radius: 60, maxZoom: 17 });
    index.load(visible.map((v) => ({ type: 'Feature', properties: {}, geometry: { type: 'Point', coordinates: [v.lng, v.lat] } })));
    const clusters = index.getClusters([w, s, e, n], Math.floor(c.viewport.zoom)).map((f) => {
      const [lng = 0, lat = 0] = f.geometry.coordinates;
      const props = f.properties as { point_count?: number };
      return { lat: round(lat, 6), lng: round(lng, 6), count: props.point_count ?? 1 };
    });
    const key = JSON.stringify(clusters);
    return { key: `c${key}`, build: (at) => ({ type: 'clusters', at, clusters }) };
  }

  /** Checks the session and scope again; closes the connection when the viewer may no longer watch. */
  async function refresh(c: Connection, now: number) {
    if (c.refreshing) return;
    c.refreshing = true;
    try {
      const actor = await access.actorFromToken(c.token);
      if (actor.kind !== 'person') return closeConnection(c, LIVE_CLOSE.signedOut, 'session ended');
      if (!actor.permissions.has(LIVE_PERMISSION)) return closeConnection(c, LIVE_CLOSE.forbidden, 'no longer permitted');
      c.actor = actor;
      c.roster = await loadRoster(actor);
      c.refreshedAt = now;
    } catch (error) {
      logger.warn({ err: error }, 'live: refreshing a viewer failed');
      c.refreshedAt = now;
    } finally {
      c.refreshing = false;
    }
  }

  async function pollAlarms(): Promise<{ id: string }[]> {
    try {
      // The cursor stays text: a JavaScript Date would drop the microseconds and see the last alarm again.
      const fresh = await sql<{ id: string; created_at: string }>`
        select id, created_at::text as created_at from alarms.alarm
         where created_at > ${alarmCursor}::timestamptz
         order by created_at, id limit 200`.execute(db);
      const last = fresh.rows.at(-1);
      if (last) alarmCursor = last.created_at;
      const active = await sql<{ vehicle_id: string }>`
        select distinct vehicle_id from alarms.alarm where status in (${sql.join(ACTIVE_STATUSES)})`.execute(db);
      activeAlarmVehicles = new Set(active.rows.map((r) => r.vehicle_id));
      return fresh.rows;
    } catch (error) {
      // Before the alarms tables exist (or while the database is away) the feed still shows positions.
      if (!alarmsTableMissingLogged) logger.warn({ err: error }, 'live: cannot read alarms');
      alarmsTableMissingLogged = true;
      return [];
    }
  }

  async function pushAlarms(fresh: { id: string }[]) {
    for (const { id } of fresh) {
      for (const c of [...connections]) {
        if (c.closed) continue;
        try {
          const alarm = await alarms.view(c.actor, id);
          if (alarm) send(c, { type: 'alarm', alarm });
        } catch (error) {
          logger.debug({ err: error, id }, 'live: alarm not shown to a viewer');
        }
      }
    }
  }

  async function tick() {
    if (busy) return;
    busy = true;
    try {
      const now = clock.now().getTime();
      if (now - alarmsPolledAt >= options.intervalMs) {
        alarmsPolledAt = now;
        await pushAlarms(await pollAlarms());
      }
      const at = new Date(now).toISOString();
      for (const c of [...connections]) {
        if (c.closed) continue;
        if (now - c.refreshedAt >= options.refreshMs) await refresh(c, now);
        if (c.closed || now - c.lastSentAt < options.intervalMs) continue;
        if (c.socket.bufferedAmount > options.maxBufferedBytes) continue;
        const next = snapshot(c);
        if (!next || next.key === c.lastKey) continue;
        c.lastKey = next.key;
        c.lastSentAt = now;
        send(c, next.build(at));
      }
    } catch (error) {
      logger.error({ err: error }, 'live: tick failed');
    } finally {
      busy = false;
    }
  }

  function startTimer() {
    if (timer) return;
    timer = setInterval(() => void tick(), TICK_MS);
    timer.unref?.();
  }

  function stopTimer() {
    if (timer) clearInterval(timer);
    timer = undefined;
  }

  return {
    options,

    /**
     * A viewer connected. The caller has checked the session and the
     * permission already; the roster is loaded before the first push.
     */
    async attach(socket: LiveSocket, actor: PersonActor, token: string | undefined) {
      const c: Connection = {
        socket,
        actor,
        token,
        roster: new Map(),
        refreshedAt: clock.now().getTime(),
        viewport: null,
        lastSentAt: 0,
        lastKey: '',
        closed: false,
        refreshing: false,
      };
      connections.add(c);
      startTimer();
      try {
        c.roster = await loadRoster(actor);
      } catch (error) {
        logger.warn({ err: error }, 'live: loading a roster failed');
        c.refreshedAt = 0;
      }
      return {
        /** A text message from the viewer. Anything but a valid viewport closes the connection. */
        receive(text: string) {
          const parsed = parseClientMessage(text);
          if (!parsed.ok) return closeConnection(c, LIVE_CLOSE.invalidMessage, parsed.reason);
          c.viewport = parsed.viewport;
          c.lastKey = '';
        },
        refuse(code: number, reason: string) {
          closeConnection(c, code, reason);
        },
        /** The socket closed from the other side. */
        gone() {
          c.closed = true;
          connections.delete(c);
          if (connections.size === 0) stopTimer();
        },
      };
    },

    get connections(): number {
      return connections.size;
    },

    /** Closes every connection (server shutting down). */
    stop() {
      for (const c of [...connections]) closeConnection(c, LIVE_CLOSE.goingAway, 'server shutting down');
      stopTimer();
    },
  };
}

export type LiveFeed = ReturnType<typeof createLiveFeed>;
