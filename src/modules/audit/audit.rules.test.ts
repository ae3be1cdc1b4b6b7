import { describe, expect, it } from 'vitest';
import {
  type AuditContent,
  type AuditEntry,
  canonicalJson,
  entryHash,
  formatHead,
  GENESIS_HASH,
  parseExpectedHead,
  verifyChain,
} from './audit.rules.js';

const content = (i: number): AuditContent => ({
  at: new Date(Date.UTC(2026, 10, 22, 8, 0, i)).toISOString(),
  actor: {
    kind: 'person',
    personId: 'p1',
    accountId: 'a1',
    username: 'officer',
    organisationId: 'o1',
    role: 'regulator_officer',
    entrustmentId: null,
  },
  action: 'access.account.set_locale',
  targetType: 'account',
  targetId: `a${i}`,
  before: { locale: 'zh-CN' },
  after: { locale: 'en', n: i },
  requestId: `r${i}`,
  address: '127.0.0.1',
});

function chain(n: number): AuditEntry[] {
  const out: AuditEntry[] = [];
  let prev = GENESIS_HASH;
  for (let seq = 1; seq <= n; seq++) {
    const c = content(seq);
    const hash = entryHash(seq, prev, c);
    out.push({ ...c, seq, prevHash: prev, hash });
    prev = hash;
  }
  return out;
}

describe('canonical JSON', () => {
  it('sorts keys at every level and drops undefined', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: 1, y: 2 }], c: undefined } })).toBe('{"a":{"d":[3,{"y":2,"z":1}]},"b":1}');
  });
  it('writes dates as ISO strings and refuses what JSON cannot hold', () => {
    expect(canonicalJson(new Date('2026-01-02T03:04:05.678Z'))).toBe('"2026-01-02T03:04:05.678Z"');
    expect(() => canonicalJson(Number.NaN)).toThrow();
    expect(() => canonicalJson(() => 1)).toThrow();
  });
  it('is the same whatever the key order', () => {
    expect(canonicalJson({ x: 1, y: [1, 2], z: '中文' })).toBe(canonicalJson({ z: '中文', y: [1, 2], x: 1 }));
  });
});

describe('the hash chain', () => {
  it('an untouched chain holds, and names its head', () => {
    const entries = chain(20);
    expect(verifyChain(entries)).toEqual({ ok: true, entries: 20, head: { seq: 20, hash: entries[19]?.hash } });
  });
  it('an empty chain holds', () => {
    expect(verifyChain([])).toEqual({ ok: true, entries: 0, head: { seq: 0, hash: GENESIS_HASH } });
  });

  const fields: [string, (e: AuditEntry) => AuditEntry][] = [
    ['at', (e) => ({ ...e, at: '2020-01-01T00:00:00.000Z' })],
    ['actor', (e) => ({ ...e, actor: { kind: 'system', name: 'someone else' } })],
    ['action', (e) => ({ ...e, action: 'access.account.delete' })],
    ['targetType', (e) => ({ ...e, targetType: 'organisation' })],
    ['targetId', (e) => ({ ...e, targetId: 'other' })],
    ['before', (e) => ({ ...e, before: { locale: 'en' } })],
    ['after', (e) => ({ ...e, after: null })],
    ['requestId', (e) => ({ ...e, requestId: 'forged' })],
    ['address', (e) => ({ ...e, address: '10.0.0.9' })],
  ];
  it.each(fields)('an edit of %s is detected at that entry', (_field, edit) => {
    for (const at of [0, 7, 19]) {
      const entries = chain(20);
      entries[at] = edit(entries[at] as AuditEntry);
      expect(verifyChain(entries)).toEqual({ ok: false, entries: at, brokenAt: at + 1, reason: 'hash_mismatch' });
    }
  });

  it('an edited entry re-hashed to hide the edit breaks the next entry', () => {
    const entries = chain(10);
    const forged = { ...(entries[4] as AuditEntry), after: { locale: 'forged' } };
    forged.hash = entryHash(forged.seq, forged.prevHash, forged);
    entries[4] = forged;
    expect(verifyChain(entries)).toEqual({ ok: false, entries: 5, brokenAt: 6, reason: 'previous_hash_mismatch' });
  });

  it('a removed entry is a gap', () => {
    const entries = chain(10);
    entries.splice(3, 1);
    expect(verifyChain(entries)).toEqual({ ok: false, entries: 3, brokenAt: 4, reason: 'sequence_gap' });
  });

  it('a removed first entry is a gap at 1', () => {
    expect(verifyChain(chain(5).slice(1))).toMatchObject({ ok: false, brokenAt: 1, reason: 'sequence_gap' });
  });

  it('swapped entries are detected', () => {
    const entries = chain(6);
    const [a, b] = [entries[2] as AuditEntry, entries[3] as AuditEntry];
    entries[2] = { ...b, seq: 3 };
    entries[3] = { ...a, seq: 4 };
    expect(verifyChain(entries)).toMatchObject({ ok: false, brokenAt: 3 });
  });

  it('the sequence number is covered by the hash', () => {
    const c = content(1);
    expect(entryHash(1, GENESIS_HASH, c)).not.toBe(entryHash(2, GENESIS_HASH, c));
  });
});

describe('a head published earlier', () => {
  const published = (entries: AuditEntry[], seq: number) => ({ seq, hash: (entries[seq - 1] as AuditEntry).hash });

  it('a chain that still contains it holds, whatever came after', () => {
    const entries = chain(12);
    const head = published(entries, 8);
    expect(verifyChain(entries, head)).toEqual({ ok: true, entries: 12, head: { seq: 12, hash: entries[11]?.hash }, expected: head });
    expect(verifyChain(entries, published(entries, 12))).toMatchObject({ ok: true });
  });

  it('removing the newest entries, which the chain alone cannot show, is named as truncation', () => {
    const entries = chain(12);
    const head = published(entries, 12);
    const cut = entries.slice(0, 9);
    expect(verifyChain(cut)).toMatchObject({ ok: true, entries: 9 });
    expect(verifyChain(cut, head)).toEqual({
      ok: false,
      entries: 9,
      brokenAt: 10,
      reason: 'truncated',
      head: { seq: 9, hash: entries[8]?.hash },
      expected: head,
    });
  });

  it('a chain rewritten and re-hashed from before the head no longer contains it', () => {
    const entries = chain(10);
    const head = published(entries, 10);
    // Rebuild the chain from entry 5 on with one entry changed: every link holds, but entry 10 is another one.
    const rewritten = entries.slice(0, 4);
    let prev = (rewritten[3] as AuditEntry).hash;
    for (let seq = 5; seq <= 10; seq++) {
      const c = { ...content(seq), after: seq === 5 ? { locale: 'forged' } : content(seq).after };
      const hash = entryHash(seq, prev, c);
      rewritten.push({ ...c, seq, prevHash: prev, hash });
      prev = hash;
    }
    expect(verifyChain(rewritten)).toMatchObject({ ok: true, entries: 10 });
    expect(verifyChain(rewritten, head)).toMatchObject({ ok: false, brokenAt: 10, reason: 'head_mismatch', expected: head });
  });

  it('a broken link is named before any published head is judged', () => {
    const entries = chain(6);
    entries.splice(2, 1);
    expect(verifyChain(entries, published(chain(6), 6))).toEqual({ ok: false, entries: 2, brokenAt: 3, reason: 'sequence_gap' });
  });

  it('the genesis is the head of an empty chain', () => {
    expect(verifyChain([], { seq: 0, hash: GENESIS_HASH })).toMatchObject({ ok: true });
    expect(verifyChain([], { seq: 1, hash: 'a'.repeat(64) })).toMatchObject({ ok: false, reason: 'truncated', brokenAt: 1 });
  });

  it('is written and read as <seq>:<hash>', () => {
    const head = { seq: 42, hash: 'ab'.repeat(32) };
    expect(formatHead(head)).toBe(`42:${'ab'.repeat(32)}`);
    expect(parseExpectedHead(` 42:${'AB'.repeat(32)} `)).toEqual(head);
    for (const bad of ['42', `42:${'ab'.repeat(31)}`, `-1:${'ab'.repeat(32)}`, `x:${'ab'.repeat(32)}`, `42:${'zz'.repeat(32)}`, ''])
      expect(parseExpectedHead(bad), bad).toBeNull();
  });
});
