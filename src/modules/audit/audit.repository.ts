import { type Kysely, sql } from 'kysely';
import type { AuditEntry } from './audit.rules.js';
import type { AuditTables } from './audit.tables.js';

type Db = Kysely<AuditTables>;

/** One appender at a time across all processes, held until the caller's transaction ends. */
const CHAIN_LOCK = 0x61_75_64_69; // "audi"

export async function lockChainHead(db: Db): Promise<{ seq: number; hash: string } | undefined> {
  await sql`select pg_advisory_xact_lock(${CHAIN_LOCK})`.execute(db);
  return db.selectFrom('audit.entry').select(['seq', 'hash']).orderBy('seq', 'desc').limit(1).executeTakeFirst();
}

/** The newest entry, read without the chain lock (what was committed last). */
export function newestEntry(db: Db) {
  return db.selectFrom('audit.entry').select(['seq', 'hash', 'at']).orderBy('seq', 'desc').limit(1).executeTakeFirst();
}

export async function insertEntries(db: Db, entries: readonly AuditEntry[]): Promise<void> {
  for (let i = 0; i < entries.length; i += 2000) {
    await db
      .insertInto('audit.entry')
      .values(
        entries.slice(i, i + 2000).map((e) => ({
          seq: e.seq,
          at: new Date(e.at),
          actor: JSON.stringify(e.actor),
          action: e.action,
          target_type: e.targetType,
          target_id: e.targetId,
          before: JSON.stringify(e.before),
          after: JSON.stringify(e.after),
          request_id: e.requestId,
          address: e.address,
          prev_hash: e.prevHash,
          hash: e.hash,
        })),
      )
      .execute();
  }
}

type Row = Awaited<ReturnType<typeof selectRows>>[number];

const selectRows = (db: Db) =>
  db
    .selectFrom('audit.entry')
    .select(['seq', 'at', 'actor', 'action', 'target_type', 'target_id', 'before', 'after', 'request_id', 'address', 'prev_hash', 'hash'])
    .execute();

export const toEntry = (r: Row): AuditEntry => ({
  seq: r.seq,
  at: r.at.toISOString(),
  actor: r.actor,
  action: r.action,
  targetType: r.target_type,
  targetId: r.target_id,
  before: r.before,
  after: r.after,
  requestId: r.request_id,
  address: r.address,
  prevHash: r.prev_hash,
  hash: r.hash,
});

/** Entries with seq > after, in order, a batch at a time. */
export async function entriesAfter(db: Db, after: number, limit: number): Promise<AuditEntry[]> {
  const rows = await db
    .selectFrom('audit.entry')
    .select(['seq', 'at', 'actor', 'action', 'target_type', 'target_id', 'before', 'after', 'request_id', 'address', 'prev_hash', 'hash'])
    .where('seq', '>', after)
    .orderBy('seq')
    .limit(limit)
    .execute();
  return rows.map(toEntry);
}

export async function entriesOfTarget(db: Db, targetType: string, targetId: string, limit: number, before?: number): Promise<AuditEntry[]> {
  let q = db
    .selectFrom('audit.entry')
    .select(['seq', 'at', 'actor', 'action', 'target_type', 'target_id', 'before', 'after', 'request_id', 'address', 'prev_hash', 'hash'])
    .where('target_type', '=', targetType)
    .where('target_id', '=', targetId);
  if (before !== undefined) q = q.where('seq', '<', before);
  const rows = await q.orderBy('seq', 'desc').limit(limit).execute();
  return rows.map(toEntry);
}
