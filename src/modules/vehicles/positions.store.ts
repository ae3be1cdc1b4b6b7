import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { Clock } from '../../platform/clock/index.js';
import type { Logger } from '../../platform/logging/index.js';
import { PositionCopyEncoder } from './positions.copy.js';
import type { LatestPositions } from './positions.latest.js';
import {
  cstDay,
  dayName,
  dayOfName,
  dayStart,
  expiredDays,
  POSITION_COLUMNS,
  type PositionRecord,
  partitionWindow,
} from './vehicles.rules.js';

/**
 * Durable storage of positions from every connection at once. Positions are
 * gathered into batches and written with COPY, one statement (and so one
 * transaction) per batch; only when it has committed is each sender told, so a
 * terminal is acknowledged for exactly what is on disk. When nothing is being
 * written, a batch goes after at most `maxWaitMs`; while a batch is being
 * written the next one fills, and goes when the writing ends, or to another
 * writer when it reaches `maxBatchRows` or `maxBatchAgeMs`. So batches grow
 * with the load by themselves, and the fixed cost of each COPY is shared by more rows. Past `maxPendingRows` the store says
 * it is overloaded so the gateway stops reading sockets (TCP pushes back to
 * the terminals) instead of growing without bound.
 *
 * Positions are partitioned by CST day; partitions are created ahead and on
 * demand for back-fill within the retention period, and dropped when older.
 * Positions whose time falls outside that window (a terminal clock far off)
 * go to vehicles.position_outlier, stored and acknowledged all the same.
 */
export interface PositionStoreOptions {
  /** Days positions are kept (6 months by default). */
  retentionDays: number;
  /** Days of partitions created ahead of today. */
  aheadDays: number;
  /** Days of partitions created behind today at start, for back-fill. */
  backDays: number;
  /** Rows after which a batch is written without waiting. */
  maxBatchRows: number;
  /** How long the first row of a batch waits for company when nothing is being written. */
  maxWaitMs: number;
  /** While another batch is being written, a partial batch this old goes to a free writer. */
  maxBatchAgeMs: number;
  /** Batches written at once, each on a connection of its own, kept from the pool (DB_POOL_SIZE) once used. */
  concurrency: number;
  /** Rows held (waiting or being written) beyond which the store is overloaded. */
  maxPendingRows: number;
  /** Between partition maintenance runs. */
  maintenanceIntervalMs: number;
  /**
   * The latest-position table is upserted after the batches that commit, at
   * most this often (the newest of each vehicle across them; 0 = after every
   * batch); the in-memory latest positions are current at every commit.
   */
  latestIntervalMs: number;
}

export const DEFAULT_STORE_OPTIONS: PositionStoreOptions = {
  retentionDays: 183,
  aheadDays: 3,
  backDays: 7,
  maxBatchRows: 20_000,
  maxWaitMs: 5,
  maxBatchAgeMs: 100,
  concurrency: 3,
  maxPendingRows: 200_000,
  maintenanceIntervalMs: 3_600_000,
  // Upserting every vehicle of every batch halved the benchmark's throughput (each batch carries
  // nearly every reporting vehicle); once a second costs one upsert per vehicle per second.
  latestIntervalMs: 1_000,
};

export interface PositionStoreStats {
  storedRows: number;
  outlierRows: number;
  batches: number;
  failedBatches: number;
  failedRows: number;
  pendingRows: number;
  writingBatches: number;
  partitions: number;
  latestWrites: number;
  overloaded: boolean;
}

type Done = (stored: boolean) => void;

class Batch {
  /** Rows for vehicles.position and for vehicles.position_outlier, in binary COPY format. */
  rows = new PositionCopyEncoder();
  outliers = new PositionCopyEncoder();
  records: PositionRecord[] = [];
  done: Done[] = [];
  missingDays = new Set<number>();
  openedAt = performance.now();
  sealedAt = 0;
}

const COLUMNS = POSITION_COLUMNS.join(', ');

async function copyInto(client: pg.PoolClient, table: string, rows: PositionCopyEncoder): Promise<void> {
  const stream = client.query(copyFrom(`copy ${table} (${COLUMNS}) from stdin with (format binary)`));
  await new Promise<void>((resolve, reject) => {
    stream.on('finish', resolve);
    stream.on('error', reject);
    const chunks = rows.finish();
    for (let i = 0; i < chunks.length - 1; i++) stream.write(chunks[i]);
    stream.end(chunks[chunks.length - 1]);
  });
}

/** Many concurrent batch writers, or one partition change at a time with no writer running. */
class ReadWriteLock {
  private readers = 0;
  private writer = false;
  private readonly waiting: { write: boolean; go: () => void }[] = [];

  async run<T>(write: boolean, fn: () => Promise<T>): Promise<T> {
    if (this.can(write) && this.waiting.length === 0) this.grant(write);
    else await new Promise<void>((go) => this.waiting.push({ write, go }));
    try {
      return await fn();
    } finally {
      if (write) this.writer = false;
      else this.readers--;
      while (this.waiting.length > 0 && this.can((this.waiting[0] as { write: boolean }).write)) {
        const next = this.waiting.shift() as { write: boolean; go: () => void };
        this.grant(next.write);
        next.go();
      }
    }
  }

  private can(write: boolean): boolean {
    return write ? !this.writer && this.readers === 0 : !this.writer;
  }

  private grant(write: boolean): void {
    if (write) this.writer = true;
    else this.readers++;
  }
}

export function createPositionStore(deps: {
  pool: pg.Pool;
  clock: Clock;
  logger: Logger;
  latest: LatestPositions;
  options?: Partial<PositionStoreOptions>;
}) {
  const { pool, clock, logger, latest } = deps;
  const options = { ...DEFAULT_STORE_OPTIONS, ...deps.options };
  const days = new Set<number>();
  const lock = new ReadWriteLock();
  const pressureListeners: ((overloaded: boolean) => void)[] = [];
  const committedListeners: ((records: readonly PositionRecord[]) => void)[] = [];
  const stats = { storedRows: 0, outlierRows: 0, batches: 0, failedBatches: 0, failedRows: 0, latestWrites: 0 };

  /** The batch being filled, and batches full or due that wait for a writer. */
  let current = new Batch();
  const ready: Batch[] = [];
  let pendingRows = 0;
  let writing = 0;
  let timer: NodeJS.Timeout | null = null;
  let overloaded = false;
  let closed = false;
  let maintenance: NodeJS.Timeout | null = null;
  const inFlight = new Set<Promise<void>>();
  /** Each writer keeps its connection between batches; connecting anew under load is slow. */
  const idleClients: pg.PoolClient[] = [];

  let dirty = new Map<string, PositionRecord>();
  let latestWriter: Promise<void> | null = null;

  function setPressure(): void {
    const next = overloaded ? pendingRows > options.maxPendingRows / 2 : pendingRows > options.maxPendingRows;
    if (next === overloaded) return;
    overloaded = next;
    for (const l of pressureListeners) l(overloaded);
  }

  /** Closes the batch being filled and hands it to a writer. */
  function seal(): void {
    if (timer) {
      clearTimeout(timer);
      timer = null;
    }
    if (current.records.length === 0) return;
    current.sealedAt = performance.now();
    ready.push(current);
    current = new Batch();
    pump();
  }

  function pump(): void {
    while (ready.length > 0 && writing < options.concurrency) {
      const batch = ready.shift() as Batch;
      writing++;
      const p = write(batch).finally(() => {
        inFlight.delete(p);
        writing--;
        pendingRows -= batch.records.length;
        setPressure();
        // What gathered while the writers were busy goes next, without waiting.
        if (ready.length === 0 && current.records.length > 0 && writing === 0) seal();
        else {
          pump();
          if (current.records.length > 0 && !timer) schedule();
        }
      });
      inFlight.add(p);
    }
  }

  function schedule(): void {
    if (current.records.length >= options.maxBatchRows) {
      seal();
      return;
    }
    // A partial batch waits a moment for company and goes when no batch is being written; while one
    // is, it fills up (fewer, larger COPYs) and goes to another writer when full or `maxBatchAgeMs` old.
    if (timer) return;
    const check = () => {
      timer = null;
      if (current.records.length === 0) return;
      const age = performance.now() - current.openedAt;
      if (writing === 0 || closed || (age >= options.maxBatchAgeMs && writing < options.concurrency)) seal();
      else if (age < options.maxBatchAgeMs) timer = setTimeout(check, options.maxBatchAgeMs - age);
    };
    timer = setTimeout(check, options.maxWaitMs);
  }

  async function write(batch: Batch): Promise<void> {
    let ok = false;
    const started = performance.now();
    try {
      if (batch.missingDays.size > 0) await ensureDays([...batch.missingDays]);
      await lock.run(false, async () => {
        const client = idleClients.pop() ?? (await connect());
        try {
          // Each COPY is a statement in its own transaction: committed (and flushed to disk) when it
          // completes, with one round trip instead of three. Should the outlier COPY fail after the
          // first committed, the batch is not acknowledged and the terminal's resend stores those
          // positions twice; the track reads one per instant.
          if (batch.rows.rows) await copyInto(client, 'vehicles.position', batch.rows);
          if (batch.outliers.rows) await copyInto(client, 'vehicles.position_outlier', batch.outliers);
          idleClients.push(client);
        } catch (error) {
          // A connection that failed mid-COPY is not trusted again.
          client.release(error as Error);
          throw error;
        }
      });
      ok = true;
      logger.debug(
        { rows: batch.records.length, ms: Math.round(performance.now() - started), waitedMs: Math.round(started - batch.sealedAt) },
        'position batch stored',
      );
      stats.batches++;
      stats.storedRows += batch.rows.rows;
      stats.outlierRows += batch.outliers.rows;
    } catch (error) {
      stats.failedBatches++;
      stats.failedRows += batch.records.length;
      logger.error(
        { err: error, rows: batch.records.length },
        'position batch not stored; its senders are not acknowledged and will send again',
      );
    }
    for (const done of batch.done) {
      try {
        done(ok);
      } catch (error) {
        logger.error({ err: error }, 'position acknowledgement failed');
      }
    }
    if (ok) {
      for (const r of batch.records) if (latest.offer(r)) dirty.set(r.vehicleId, r);
      latestWriter ??= writeLatest().finally(() => {
        latestWriter = null;
      });
      // Listeners (the rule engine's sink) must be cheap; whatever they throw stays out of the store.
      for (const listener of committedListeners) {
        try {
          listener(batch.records);
        } catch (error) {
          logger.error({ err: error }, 'position commit listener failed');
        }
      }
    }
  }

  /** A connection for a writer; connecting is retried, since a server under load can be slow to accept. */
  async function connect(): Promise<pg.PoolClient> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await pool.connect();
      } catch (error) {
        if (attempt >= 3 || closed) throw error;
        await new Promise((resolve) => setTimeout(resolve, 250 * 2 ** attempt));
      }
    }
  }

  /** One writer keeps vehicles.latest_position up to date, merging whatever batches committed meanwhile. */
  async function writeLatest(): Promise<void> {
    while (dirty.size > 0) {
      if (options.latestIntervalMs > 0 && !closed) await new Promise((resolve) => setTimeout(resolve, options.latestIntervalMs));
      const rows = [...dirty.values()].sort((a, b) => (a.vehicleId < b.vehicleId ? -1 : 1));
      dirty = new Map();
      try {
        for (let i = 0; i < rows.length; i += 10_000) await upsertLatest(rows.slice(i, i + 10_000));
        stats.latestWrites++;
      } catch (error) {
        logger.warn({ err: error }, 'latest positions not written; will retry');
        for (const r of rows) if (!dirty.has(r.vehicleId)) dirty.set(r.vehicleId, r);
        await new Promise((resolve) => setTimeout(resolve, 1000).unref());
        if (closed) return;
      }
    }
  }

  async function upsertLatest(rows: PositionRecord[]): Promise<void> {
    await pool.query(
      `insert into vehicles.latest_position
         (vehicle_id, time, received_at, lat, lng, altitude, speed_kmh, direction, alarm, status, mileage_km)
       select * from unnest($1::uuid[], $2::timestamptz[], $3::timestamptz[], $4::float8[], $5::float8[],
                            $6::int[], $7::real[], $8::smallint[], $9::int[], $10::int[], $11::float8[])
       on conflict (vehicle_id) do update set
         time = excluded.time, received_at = excluded.received_at, lat = excluded.lat, lng = excluded.lng,
         altitude = excluded.altitude, speed_kmh = excluded.speed_kmh, direction = excluded.direction,
         alarm = excluded.alarm, status = excluded.status, mileage_km = excluded.mileage_km
       where vehicles.latest_position.time <= excluded.time`,
      [
        rows.map((r) => r.vehicleId),
        rows.map((r) => new Date(r.time).toISOString()),
        rows.map((r) => new Date(r.receivedAt).toISOString()),
        rows.map((r) => r.latE6 / 1e6),
        rows.map((r) => r.lngE6 / 1e6),
        rows.map((r) => r.altitude),
        rows.map((r) => r.speed / 10),
        rows.map((r) => r.direction),
        rows.map((r) => r.alarm | 0),
        rows.map((r) => r.status | 0),
        rows.map((r) => (r.mileage === null ? null : r.mileage / 10)),
      ],
    );
  }

  async function loadDays(): Promise<void> {
    const { rows } = await pool.query<{ name: string }>(
      `select c.relname as name from pg_inherits i
         join pg_class c on c.oid = i.inhrelid
         join pg_class p on p.oid = i.inhparent
         join pg_namespace n on n.oid = p.relnamespace
        where n.nspname = 'vehicles' and p.relname = 'position'`,
    );
    days.clear();
    for (const r of rows) {
      const d = dayOfName(r.name);
      if (d !== null) days.add(d);
    }
  }

  /** Creates the partitions of these days that do not exist yet (no batch is written meanwhile). */
  async function ensureDays(wanted: number[]): Promise<void> {
    const missing = wanted.filter((d) => !days.has(d));
    if (missing.length === 0) return;
    await lock.run(true, async () => {
      for (const d of missing.sort((a, b) => a - b)) {
        if (days.has(d)) continue;
        const from = new Date(dayStart(d)).toISOString();
        const to = new Date(dayStart(d + 1)).toISOString();
        try {
          await pool.query(
            `create table if not exists vehicles.position_${dayName(d)} partition of vehicles.position for values from ('${from}') to ('${to}')`,
          );
        } catch (error) {
          // Another process may have made it a moment ago; what exists is what counts.
          await loadDays();
          if (!days.has(d)) throw error;
        }
        days.add(d);
      }
    });
  }

  /** Partitions from `backDays` behind to `aheadDays` ahead exist; those past the retention period are dropped. */
  async function maintain(): Promise<{ created: number; dropped: number }> {
    // Partitions made by other processes (or this one's earlier life) count too: read what exists.
    await loadDays();
    const now = clock.now().getTime();
    const today = cstDay(now);
    const before = days.size;
    const wanted: number[] = [];
    for (let d = today - options.backDays; d <= today + options.aheadDays; d++) wanted.push(d);
    await ensureDays(wanted);
    const created = days.size - before;
    const expired = expiredDays(days, now, options.retentionDays);
    if (expired.length) {
      await lock.run(true, async () => {
        for (const d of expired) {
          await pool.query(`drop table if exists vehicles.position_${dayName(d)}`);
          days.delete(d);
        }
      });
    }
    await pool.query('delete from vehicles.position_outlier where received_at < $1', [
      new Date(dayStart(today - options.retentionDays)).toISOString(),
    ]);
    if (created || expired.length)
      logger.info({ created, dropped: expired.length, partitions: days.size }, 'position partitions maintained');
    return { created, dropped: expired.length };
  }

  return {
    /** Reads the partitions and the latest positions, makes the partitions due, and keeps them so hourly. */
    async start(): Promise<void> {
      await loadDays();
      await maintain();
      const { rows } = await pool.query(
        'select vehicle_id, time, received_at, lat, lng, altitude, speed_kmh, direction, alarm, status, mileage_km from vehicles.latest_position',
      );
      latest.load(rows);
      maintenance = setInterval(() => {
        maintain().catch((error: unknown) => logger.warn({ err: error }, 'position partition maintenance failed'));
      }, options.maintenanceIntervalMs);
      maintenance.unref();
    },

    maintain,

    /**
     * Stores the positions in one batch and calls `done(true)` once that batch
     * has committed, `done(false)` if it could not be stored.
     */
    append(records: readonly PositionRecord[], done: Done): void {
      if (closed) {
        done(false);
        return;
      }
      const window = partitionWindow(clock.now().getTime(), options.retentionDays, options.aheadDays);
      if (current.records.length === 0) current.openedAt = performance.now();
      for (const r of records) {
        const d = cstDay(r.time);
        if (days.has(d)) current.rows.add(r);
        else if (d >= window.first && d <= window.last) {
          current.missingDays.add(d);
          current.rows.add(r);
        } else current.outliers.add(r);
        current.records.push(r);
      }
      current.done.push(done);
      pendingRows += records.length;
      setPressure();
      schedule();
    },

    get overloaded(): boolean {
      return overloaded;
    },

    /** Told when the store becomes overloaded and when it has room again. */
    onPressure(listener: (overloaded: boolean) => void): void {
      pressureListeners.push(listener);
    },

    /** Told, after each batch commits, of the positions it stored (in the order they arrived). */
    onCommitted(listener: (records: readonly PositionRecord[]) => void): void {
      committedListeners.push(listener);
    },

    stats(): PositionStoreStats {
      return { ...stats, pendingRows, writingBatches: writing, partitions: days.size, overloaded };
    },

    /** Writes what is held, waits for every batch and the latest positions, and refuses more. */
    async close(): Promise<void> {
      closed = true;
      if (maintenance) clearInterval(maintenance);
      seal();
      while (inFlight.size > 0 || ready.length > 0) {
        pump();
        await Promise.race([...inFlight]);
      }
      if (latestWriter) await latestWriter;
      for (const c of idleClients.splice(0)) c.release();
    },
  };
}

export type PositionStore = ReturnType<typeof createPositionStore>;
