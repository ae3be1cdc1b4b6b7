import { spawn } from 'node:child_process';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.js';

/**
 * Publishing the head of the audit chain. Removing the newest entries leaves a chain that holds link by link; only a
 * head kept elsewhere shows it. Last steps of this file tamper with the trail for good, so it has a database of its own.
 */
let app: TestApp;
let officer: Record<string, string>;
const root = path.resolve(import.meta.dirname, '../..');

beforeAll(async () => {
  app = await startTestApp({ demo: true });
  officer = await app.signIn('officer');
});
afterAll(async () => app?.close());

type Head = { seq: number; hash: string; at: string | null; expect: string };
const head = async () => (await app.http.inject({ url: '/api/v1/audit/head' })).json() as Head;
const verify = async (expect?: string) =>
  (await app.http.inject({ url: `/api/v1/audit/verify${expect ? `?expect=${expect}` : ''}`, headers: officer })).json();

const children = new Set<ReturnType<typeof spawn>>();
afterAll(() => {
  for (const child of children) child.kill('SIGKILL');
});

/** `gongzhi audit verify` on this test's database. */
function cli(args: string[]): Promise<{ code: number | null; out: string }> {
  const { DATABASE_URL: _ignored, ...inherited } = process.env;
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'audit', 'verify', ...args], {
    cwd: root,
    env: { ...inherited, DATABASE_URL: app.databaseUrl, LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(child);
  let out = '';
  child.stdout.on('data', (d: Buffer) => {
    out += d.toString();
  });
  child.stderr.on('data', (d: Buffer) => {
    out += d.toString();
  });
  return new Promise((resolve) =>
    child.on('exit', (code) => {
      children.delete(child);
      resolve({ code, out });
    }),
  );
}

const changeLocale = (locale: 'en' | 'zh-CN') =>
  app.http.inject({ method: 'PUT', url: '/api/v1/session/locale', headers: officer, payload: { locale } });

describe('the published head of the audit chain', () => {
  it('is open to everyone: the newest entry’s number, hash and time', async () => {
    const res = await app.http.inject({ url: '/api/v1/audit/head' });
    expect(res.statusCode).toBe(200);
    const published = res.json() as Head;
    const newest = (
      await sql<{ seq: string; hash: string }>`select seq, hash from audit.entry order by seq desc limit 1`.execute(app.database.db)
    ).rows[0];
    expect(published).toMatchObject({ seq: Number(newest?.seq), hash: newest?.hash, expect: `${newest?.seq}:${newest?.hash}` });
    expect(Date.parse(published.at ?? '')).not.toBeNaN();
  });

  it('a chain that grew since the head was published still contains it', async () => {
    const published = await head();
    await changeLocale('en');
    await changeLocale('zh-CN');
    const result = await verify(published.expect);
    expect(result).toMatchObject({ ok: true, expected: { seq: published.seq, hash: published.hash } });
    expect(result.head.seq).toBeGreaterThan(published.seq);
  });

  it('an expected head that is not <seq>:<hash> is refused naming the field', async () => {
    const res = await app.http.inject({ url: '/api/v1/audit/verify?expect=12:abc', headers: officer });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors).toEqual([expect.objectContaining({ in: 'querystring', field: 'expect' })]);
  });
});

describe('removing the newest entries directly in the database', () => {
  // Last in the file: the trail stays cut.
  it('plain verify still passes, but verify with the published head fails as truncated', async () => {
    await changeLocale('en');
    await changeLocale('zh-CN');
    await changeLocale('en');
    const published = await head();
    await app.database.db.transaction().execute(async (trx) => {
      await sql`alter table audit.entry disable trigger entry_no_update_delete`.execute(trx);
      await sql`delete from audit.entry where seq > ${published.seq - 3}`.execute(trx);
      await sql`alter table audit.entry enable trigger entry_no_update_delete`.execute(trx);
    });

    const plain = await verify();
    expect(plain).toMatchObject({ ok: true, head: { seq: published.seq - 3 } });
    expect(await verify(published.expect)).toEqual({
      ok: false,
      entries: published.seq - 3,
      brokenAt: published.seq - 2,
      reason: 'truncated',
      head: plain.head,
      expected: { seq: published.seq, hash: published.hash },
    });
    // A head from before the cut is still contained.
    expect(await verify(`${plain.head.seq}:${plain.head.hash}`)).toMatchObject({ ok: true });
  });

  it('gongzhi audit verify says the same: exit 0 plain, exit 1 with --expect', { timeout: 180_000 }, async () => {
    const now = await verify();
    const cut = `${now.head.seq + 3}:${'0'.repeat(64)}`;
    // Each run starts a process of its own; side by side they take the time of one.
    const [plain, truncated, bad] = await Promise.all([cli([]), cli(['--expect', cut]), cli(['--expect=nonsense'])]);
    expect(plain.code, plain.out).toBe(0);
    expect(plain.out).toContain('audit trail holds');
    expect(truncated.code, truncated.out).toBe(1);
    expect(truncated.out).toContain('TRUNCATED');
    expect(bad.code, bad.out).toBe(2);
  });
});
