import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.js';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp({ demo: true });
});
afterAll(async () => app?.close());

const entries = async () =>
  (
    await sql<{
      seq: number;
      action: string;
      target_id: string;
      actor: { username?: string };
      before: unknown;
      after: unknown;
      request_id: string;
    }>`
    select seq, action, target_id, actor, before, after, request_id from audit.entry order by seq`.execute(app.database.db)
  ).rows;

const verify = async (auth: Record<string, string>) => (await app.http.inject({ url: '/api/v1/audit/verify', headers: auth })).json();

describe('the audit trail', () => {
  it('records the demo load, each sign-in and each change, with who, what, before and after', async () => {
    const auth = await app.signIn('officer');
    const res = await app.http.inject({
      method: 'PUT',
      url: '/api/v1/session/locale',
      headers: { ...auth, 'x-request-id': 'req-locale-1' },
      payload: { locale: 'en' },
    });
    expect(res.statusCode).toBe(204);
    const all = await entries();
    expect(all[0]?.action).toBe('directory.jurisdiction.load_demo');
    expect(all.map((e) => e.action)).toContain('access.session.open');
    const last = all.at(-1);
    expect(last).toMatchObject({
      action: 'access.account.set_locale',
      before: { locale: 'zh-CN' },
      after: { locale: 'en' },
      request_id: 'req-locale-1',
    });
    expect(last?.actor.username).toBe('officer');
    expect(all.map((e) => e.seq)).toEqual(all.map((_, i) => i + 1));
  });

  it('a refused change writes nothing', async () => {
    const before = (await entries()).length;
    const auth = await app.signIn('head');
    const afterSignIn = (await entries()).length;
    expect(afterSignIn).toBe(before + 1);
    const res = await app.http.inject({
      method: 'PUT',
      url: '/api/v1/session/locale',
      headers: { cookie: auth.cookie },
      payload: { locale: 'en' },
    });
    expect(res.statusCode).toBe(403);
    expect((await entries()).length).toBe(afterSignIn);
  });

  it('the database refuses UPDATE, DELETE and TRUNCATE on the trail', async () => {
    await expect(sql`update audit.entry set action = 'x.y' where seq = 1`.execute(app.database.db)).rejects.toThrow(/append-only/);
    await expect(sql`delete from audit.entry where seq = 1`.execute(app.database.db)).rejects.toThrow(/append-only/);
    await expect(sql`truncate audit.entry`.execute(app.database.db)).rejects.toThrow(/append-only/);
  });

  it('concurrent writers keep one unbroken chain', async () => {
    const auth = await app.signIn('head');
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        app.http.inject({ method: 'PUT', url: '/api/v1/session/locale', headers: auth, payload: { locale: i % 2 ? 'en' : 'zh-CN' } }),
      ),
    );
    expect(results.map((r) => r.statusCode)).toEqual(Array(20).fill(204));
    const result = await verify(auth);
    expect(result.ok).toBe(true);
    expect(result.entries).toBe((await entries()).length);
  });

  it('an officer can read the history of an object', async () => {
    const auth = await app.signIn('officer');
    const session = (await app.http.inject({ url: '/api/v1/session', headers: auth })).json();
    const res = await app.http.inject({ url: `/api/v1/audit/history?targetType=account&targetId=${session.account.id}`, headers: auth });
    expect(res.statusCode).toBe(200);
    const actions = (res.json().items as { action: string }[]).map((i) => i.action);
    expect(actions[0]).toBe('access.session.open');
    expect(actions).toContain('access.account.set_locale');
  });

  it('a volunteer may neither verify nor read histories', async () => {
    const auth = await app.signIn('volunteer');
    expect((await app.http.inject({ url: '/api/v1/audit/verify', headers: auth })).statusCode).toBe(403);
    expect((await app.http.inject({ url: '/api/v1/audit/history?targetType=account&targetId=x', headers: auth })).statusCode).toBe(403);
  });
});

describe('tampering directly in the database', () => {
  // Last in the file: they break the chain for good.
  it('an edited entry is named by verify', async () => {
    const auth = await app.signIn('head');
    expect((await verify(auth)).ok).toBe(true);
    await app.database.db.transaction().execute(async (trx) => {
      await sql`alter table audit.entry disable trigger entry_no_update_delete`.execute(trx);
      await sql`update audit.entry set after = '{"locale":"zh-CN"}' where seq = 3`.execute(trx);
      await sql`alter table audit.entry enable trigger entry_no_update_delete`.execute(trx);
    });
    expect(await verify(auth)).toEqual({ ok: false, entries: 2, brokenAt: 3, reason: 'hash_mismatch' });
  });

  it('a removed entry is named by verify', async () => {
    const auth = await app.signIn('head');
    await app.database.db.transaction().execute(async (trx) => {
      await sql`alter table audit.entry disable trigger entry_no_update_delete`.execute(trx);
      await sql`update audit.entry set after = (select after from audit.entry where seq = 2) where seq = 3`.execute(trx);
      await sql`delete from audit.entry where seq = 2`.execute(trx);
      await sql`alter table audit.entry enable trigger entry_no_update_delete`.execute(trx);
    });
    expect(await verify(auth)).toEqual({ ok: false, entries: 1, brokenAt: 2, reason: 'sequence_gap' });
  });
});
