import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import type { Logger } from '../logging/index.js';

// int8 and numeric come back as strings by default; counts and ids we keep
// are far below 2^53, so int8 is read as a number. numeric stays a string (money).
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));

export interface DatabaseHandle<DB> {
  db: Kysely<DB>;
  pool: pg.Pool;
  /** True when a trivial query answers within the timeout. */
  ping(timeoutMs?: number): Promise<boolean>;
  close(): Promise<void>;
}

export function openDatabase<DB>(url: string, options: { poolSize: number; logger: Logger; applicationName?: string }): DatabaseHandle<DB> {
  const pool = new pg.Pool({
    connectionString: url,
    max: options.poolSize,
    connectionTimeoutMillis: 5_000,
    idleTimeoutMillis: 30_000,
    application_name: options.applicationName ?? 'gongzhi',
  });
  // An idle connection that the server drops must not crash the process; the
  // pool replaces it on the next checkout.
  let closing = false;
  const lost = (error: Error) => {
    if (!closing)
      options.logger.warn({ err: { message: error.message, code: (error as { code?: string }).code } }, 'database connection lost');
  };
  pool.on('error', lost);
  // A connection reset while a client is checked out is emitted on that client;
  // without a listener it would be an uncaught exception. The query in flight
  // fails on its own and the pool discards the client.
  pool.on('connect', (client) => {
    client.on('error', lost);
  });
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
  return {
    db,
    pool,
    async ping(timeoutMs = 2_000) {
      try {
        await Promise.race([
          sql`select 1`.execute(db),
          new Promise((_, reject) => setTimeout(() => reject(new Error('ping timeout')), timeoutMs).unref()),
        ]);
        return true;
      } catch {
        return false;
      }
    },
    close: () => {
      closing = true;
      return db.destroy();
    },
  };
}

/** SQLSTATE classes and client errors that mean "the database is not reachable now", rendered as 503. */
export function isDatabaseUnavailable(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { code, message } = error as { code?: unknown; message?: unknown };
  if (typeof code === 'string') {
    if (['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN'].includes(code)) return true;
    // 08: connection exception; 57P01-57P03: admin shutdown, crash shutdown, cannot connect now; 53300: too many connections.
    if (code.startsWith('08') || code === '57P01' || code === '57P02' || code === '57P03' || code === '53300') return true;
  }
  return (
    typeof message === 'string' &&
    /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|connection timeout/i.test(
      message,
    )
  );
}
