import type { Kysely } from 'kysely';
import type { Clock } from '../../platform/clock/index.js';
import * as repo from './audit.repository.js';
import {
  type AuditActor,
  type AuditEntry,
  type ExpectedHead,
  emptyChain,
  entryHash,
  GENESIS_HASH,
  judgeExpectedHead,
  toJson,
  type VerifyResult,
  verifyNext,
} from './audit.rules.js';
import type { AuditTables } from './audit.tables.js';

/** One change to record: who, what, on what, before and after, from which request. */
export interface AuditRecord {
  actor: AuditActor;
  /** `<module>.<object>.<verb>`, e.g. `access.entrustment.suspend`. */
  action: string;
  target: { type: string; id: string };
  before?: unknown;
  after?: unknown;
  requestId?: string | null;
  address?: string | null;
}

/** The caller's open transaction, whatever tables it sees (a Kysely Transaction). */
export interface InTransaction {
  readonly isTransaction: boolean;
}

export function createAuditModule(deps: { db: Kysely<AuditTables>; clock: Clock }) {
  const { db, clock } = deps;

  return {
    /**
     * Appends entries to the chain inside the caller's transaction, so the
     * trail and the change it records commit together or not at all. Holds
     * the chain lock until that transaction ends.
     */
    async record(tx: InTransaction, ...records: AuditRecord[]): Promise<AuditEntry[]> {
      if (!tx.isTransaction) throw new Error('audit.record must run inside the transaction of the change it records');
      if (records.length === 0) return [];
      const trx = tx as unknown as Kysely<AuditTables>;
      const head = (await repo.lockChainHead(trx)) ?? { seq: 0, hash: GENESIS_HASH };
      const at = clock.now().toISOString();
      const entries: AuditEntry[] = [];
      let prev = head;
      for (const r of records) {
        const content = {
          at,
          actor: r.actor,
          action: r.action,
          targetType: r.target.type,
          targetId: r.target.id,
          before: toJson(r.before ?? null),
          after: toJson(r.after ?? null),
          requestId: r.requestId ?? null,
          address: r.address ?? null,
        };
        const seq = prev.seq + 1;
        const entry = { ...content, seq, prevHash: prev.hash, hash: entryHash(seq, prev.hash, content) };
        entries.push(entry);
        prev = entry;
      }
      await repo.insertEntries(trx, entries);
      return entries;
    },

    /**
     * Re-reads the whole chain and names the first entry that does not hold. With `expected`, a head published
     * earlier, it also tells whether the chain still contains that entry (removing the newest entries leaves a
     * chain that holds link by link, but shorter than a head someone kept).
     */
    async verify(onProgress?: (checked: number) => void, expected?: ExpectedHead): Promise<VerifyResult> {
      let state = emptyChain;
      let hashAtExpected: string | undefined;
      for (;;) {
        const batch = await repo.entriesAfter(db, state.head.seq, 5000);
        if (batch.length === 0) {
          const holds = { ok: true as const, entries: state.count, head: state.head };
          return expected ? judgeExpectedHead(holds, expected, hashAtExpected) : holds;
        }
        for (const entry of batch) {
          const next = verifyNext(state, entry);
          if (!next.ok) return { ok: false, entries: state.count, brokenAt: next.brokenAt, reason: next.reason };
          state = next.state;
          if (expected && entry.seq === expected.seq) hashAtExpected = entry.hash;
        }
        onProgress?.(state.count);
      }
    },

    /**
     * The newest entry's number, hash and time: published to everyone so that it can be kept elsewhere and checked
     * later with `verify(…, expected)`. The genesis (0, zeros) for an empty trail.
     */
    async head(): Promise<{ seq: number; hash: string; at: string | null }> {
      const newest = await repo.newestEntry(db);
      return newest ? { seq: newest.seq, hash: newest.hash, at: newest.at.toISOString() } : { seq: 0, hash: GENESIS_HASH, at: null };
    },

    /** The history of one object, newest first. */
    history: (target: { type: string; id: string }, limit = 100, before?: number) =>
      repo.entriesOfTarget(db, target.type, target.id, limit, before),
  };
}

export type AuditModule = ReturnType<typeof createAuditModule>;
