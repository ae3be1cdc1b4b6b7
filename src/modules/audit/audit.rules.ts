import { createHash } from 'node:crypto';

/**
 * The pure core of the audit trail (工作留痕): how an entry is hashed and how
 * a chain of entries is verified. Each entry's SHA-256 covers the previous
 * entry's hash, so editing, inserting or removing any entry breaks the chain
 * from that entry on.
 */

/** Who did it. Stored as a snapshot of ids, never joined. */
export type AuditActor =
  | {
      kind: 'person';
      personId: string;
      accountId: string;
      username: string;
      /** The organisation and role of the grant that carried the permission, when there was one. */
      organisationId: string | null;
      role: string | null;
      /** The entrustment under which a provider's staff acted. */
      entrustmentId: string | null;
    }
  | { kind: 'system'; name: string }
  | { kind: 'anonymous' };

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/** What an entry says; `seq`, `prevHash` and `hash` are added when it is appended. */
export interface AuditContent {
  at: string;
  actor: AuditActor;
  action: string;
  targetType: string;
  targetId: string;
  before: JsonValue;
  after: JsonValue;
  requestId: string | null;
  address: string | null;
}

export interface AuditEntry extends AuditContent {
  seq: number;
  prevHash: string;
  hash: string;
}

export const GENESIS_HASH = '0'.repeat(64);

/**
 * JSON with object keys sorted at every level and no insignificant white
 * space: the same value always gives the same text, whatever key order the
 * database (jsonb) hands back.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new TypeError('audit values must be finite numbers');
    return JSON.stringify(value);
  }
  if (typeof value === 'string' || typeof value === 'boolean') return JSON.stringify(value);
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) return `[${value.map((v) => canonicalJson(v)).join(',')}]`;
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  throw new TypeError(`audit values cannot hold a ${typeof value}`);
}

/** Plain JSON data from anything a use case hands over (Dates become ISO strings, undefined is dropped). */
export function toJson(value: unknown): JsonValue {
  return JSON.parse(canonicalJson(value)) as JsonValue;
}

export function entryHash(seq: number, prevHash: string, content: AuditContent): string {
  return createHash('sha256')
    .update(`${seq}\n${prevHash}\n`)
    .update(
      canonicalJson({
        at: content.at,
        actor: content.actor,
        action: content.action,
        targetType: content.targetType,
        targetId: content.targetId,
        before: content.before,
        after: content.after,
        requestId: content.requestId,
        address: content.address,
      }),
    )
    .digest('hex');
}

export type ChainBreak = 'sequence_gap' | 'previous_hash_mismatch' | 'hash_mismatch';

export interface ChainState {
  /** Entries checked so far. */
  count: number;
  /** The last good entry, or the genesis. */
  head: { seq: number; hash: string };
}

export const emptyChain: ChainState = { count: 0, head: { seq: 0, hash: GENESIS_HASH } };

/** Checks one more entry against the chain so far. */
export function verifyNext(
  state: ChainState,
  entry: AuditEntry,
): { ok: true; state: ChainState } | { ok: false; brokenAt: number; reason: ChainBreak } {
  if (entry.seq !== state.head.seq + 1) return { ok: false, brokenAt: state.head.seq + 1, reason: 'sequence_gap' };
  if (entry.prevHash !== state.head.hash) return { ok: false, brokenAt: entry.seq, reason: 'previous_hash_mismatch' };
  if (entryHash(entry.seq, entry.prevHash, entry) !== entry.hash) return { ok: false, brokenAt: entry.seq, reason: 'hash_mismatch' };
  return { ok: true, state: { count: state.count + 1, head: { seq: entry.seq, hash: entry.hash } } };
}

/**
 * A chain head published earlier (on the mandate page, in a letter, in another system). The chain alone cannot show
 * that its newest entries were removed; a head kept elsewhere can: the chain must still hold that entry, unchanged.
 */
export interface ExpectedHead {
  seq: number;
  hash: string;
}

/** `1234:<64 hex digits>` → the head, or null when the text is not one. */
export function parseExpectedHead(text: string): ExpectedHead | null {
  const match = /^(\d{1,15}):([0-9a-f]{64})$/.exec(text.trim().toLowerCase());
  if (!match) return null;
  const seq = Number(match[1]);
  return Number.isSafeInteger(seq) ? { seq, hash: match[2] as string } : null;
}

export const formatHead = (head: ExpectedHead) => `${head.seq}:${head.hash}`;

/** Why a chain does not hold: a broken link, or an earlier published head it no longer contains. */
export type ChainFailure = ChainBreak | 'truncated' | 'head_mismatch';

export type VerifyResult =
  | { ok: true; entries: number; head: { seq: number; hash: string }; expected?: ExpectedHead }
  | {
      ok: false;
      entries: number;
      brokenAt: number;
      reason: ChainFailure;
      /** For a published head the chain no longer contains: the head the chain has now. */
      head?: { seq: number; hash: string };
      expected?: ExpectedHead;
    };

/**
 * The verdict on a chain that holds link by link, against a head published earlier: `truncated` when the chain ends
 * before it (its newest entries were removed), `head_mismatch` when the entry at that number is another one (the
 * chain was rewritten from there on and re-hashed). `hashAtExpected` is the hash the chain holds at `expected.seq`.
 */
export function judgeExpectedHead(
  holds: Extract<VerifyResult, { ok: true }>,
  expected: ExpectedHead,
  hashAtExpected: string | undefined,
): VerifyResult {
  const hash = expected.seq === 0 ? GENESIS_HASH : hashAtExpected;
  if (expected.seq > holds.head.seq)
    return { ok: false, entries: holds.entries, brokenAt: holds.head.seq + 1, reason: 'truncated', head: holds.head, expected };
  if (hash !== expected.hash)
    return { ok: false, entries: holds.entries, brokenAt: expected.seq, reason: 'head_mismatch', head: holds.head, expected };
  return { ...holds, expected };
}

/** Verifies a whole chain given in order; with `expected`, also that it still contains that published head. */
export function verifyChain(entries: Iterable<AuditEntry>, expected?: ExpectedHead): VerifyResult {
  let state = emptyChain;
  let hashAtExpected: string | undefined;
  for (const entry of entries) {
    const next = verifyNext(state, entry);
    if (!next.ok) return { ok: false, entries: state.count, brokenAt: next.brokenAt, reason: next.reason };
    state = next.state;
    if (expected && entry.seq === expected.seq) hashAtExpected = entry.hash;
  }
  const holds = { ok: true as const, entries: state.count, head: state.head };
  return expected ? judgeExpectedHead(holds, expected, hashAtExpected) : holds;
}
