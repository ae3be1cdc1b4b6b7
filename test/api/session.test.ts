import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/platform/clock/index.js';
import { sessionCookie, startTestApp, type TestApp } from '../support/app.js';

const DEMO_ROLES = {
  officer: 'regulator_officer',
  head: 'regulator_head',
  inspector: 'provider_inspector',
  provider: 'provider_manager',
  principal: 'enterprise_principal',
  safety: 'enterprise_safety_manager',
  grouplead: 'group_lead',
  gridworker: 'grid_worker',
  volunteer: 'volunteer',
} as const;

const clock = fixedClock(new Date());
let app: TestApp;
beforeAll(async () => {
  app = await startTestApp({
    demo: true,
    clock,
    env: { SIGNIN_ACCOUNT_MAX_FAILURES: '3', SIGNIN_ADDRESS_MAX_FAILURES: '6', SESSION_IDLE_MINUTES: '30' },
  });
});
afterAll(async () => app?.close());

const signInRaw = (username: string, password: string, headers: Record<string, string> = {}) =>
  app.http.inject({ method: 'POST', url: '/api/v1/session', payload: { username, password }, headers });

const countSessions = async () =>
  Number((await sql<{ n: number }>`select count(*)::int as n from access.session`.execute(app.database.db)).rows[0]?.n);

describe('signing in', () => {
  it.each(Object.entries(DEMO_ROLES))('the demo sign-in %s holds the role %s', async (username, role) => {
    const res = await signInRaw(username, 'gongzhi-demo');
    expect(res.statusCode).toBe(200);
    const view = res.json();
    expect(view.account.username).toBe(username);
    expect(view.grants.map((g: { role: string }) => g.role)).toContain(role);
    expect(view.csrfToken).toMatch(/^[\w-]{20,}$/);
    const cookie = res.cookies.find((c) => c.name === 'gz_session');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
  });

  it('usernames are case-insensitive', async () => {
    expect((await signInRaw('OFFICER', 'gongzhi-demo')).statusCode).toBe(200);
  });

  it('the password is stored as an argon2id hash', async () => {
    const row = await sql<{ password_hash: string }>`select password_hash from access.account where username = 'officer'`.execute(
      app.database.db,
    );
    expect(row.rows[0]?.password_hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
  });

  it('a wrong password is refused and opens no session', async () => {
    const before = await countSessions();
    const res = await signInRaw('head', 'wrong', { 'x-forwarded-for': '10.0.0.1' });
    expect(res.statusCode).toBe(401);
    expect(res.json().code).toBe('auth.invalid_credentials');
    expect(res.cookies).toHaveLength(0);
    expect(await countSessions()).toBe(before);
  });

  it('an unknown user gets the same answer as a wrong password', async () => {
    const res = await signInRaw('nobody-here', 'wrong');
    expect(res.statusCode).toBe(401);
    expect(res.json().code).toBe('auth.invalid_credentials');
  });
});

describe('throttling', () => {
  it('blocks an account after repeated failures, even with the right password, until the window passes', async () => {
    for (let i = 0; i < 2; i++) expect((await signInRaw('volunteer', 'wrong', { 'x-real-ip': `a${i}` })).statusCode).toBe(401);
    const third = await signInRaw('volunteer', 'wrong');
    expect(third.statusCode).toBe(429);
    expect(third.json()).toMatchObject({ code: 'auth.throttled', retryAfterSeconds: 900 });
    expect(third.headers['retry-after']).toBe('900');
    expect((await signInRaw('volunteer', 'gongzhi-demo')).statusCode).toBe(429);
    clock.advance(15 * 60_000 + 1000);
    expect((await signInRaw('volunteer', 'gongzhi-demo')).statusCode).toBe(200);
  });

  it('blocks an address that tries many accounts', async () => {
    clock.advance(60 * 60_000);
    const names = ['u1', 'u2', 'u3', 'u4', 'u5'];
    for (const name of names) expect((await signInRaw(name, 'wrong')).statusCode).toBe(401);
    expect((await signInRaw('u6', 'wrong')).statusCode).toBe(429);
    expect((await signInRaw('gridworker', 'gongzhi-demo')).statusCode).toBe(429);
    clock.advance(16 * 60_000);
    expect((await signInRaw('gridworker', 'gongzhi-demo')).statusCode).toBe(200);
  });
});

describe('sessions', () => {
  it('GET /api/v1/session answers 401 without a session', async () => {
    const res = await app.http.inject({ url: '/api/v1/session' });
    expect(res.statusCode).toBe(401);
    expect(res.json().code).toBe('auth.required');
  });

  it('a session ends after its idle time and stays ended', async () => {
    const auth = await app.signIn('principal');
    expect((await app.http.inject({ url: '/api/v1/session', headers: auth })).statusCode).toBe(200);
    clock.advance(31 * 60_000);
    expect((await app.http.inject({ url: '/api/v1/session', headers: auth })).statusCode).toBe(401);
  });

  it('a used session stays alive past the idle time', async () => {
    const auth = await app.signIn('principal');
    for (let i = 0; i < 3; i++) {
      clock.advance(20 * 60_000);
      expect((await app.http.inject({ url: '/api/v1/session', headers: auth })).statusCode).toBe(200);
    }
  });

  it('signing out ends the session on the server', async () => {
    const auth = await app.signIn('safety');
    const out = await app.http.inject({ method: 'DELETE', url: '/api/v1/session', headers: auth });
    expect(out.statusCode).toBe(204);
    expect((await app.http.inject({ url: '/api/v1/session', headers: auth })).statusCode).toBe(401);
  });

  it('a grant that ends is gone at the next request, with no job to revoke it', async () => {
    const auth = await app.signIn('gridworker');
    const before = await app.http.inject({ url: '/api/v1/enterprises', headers: auth });
    expect(before.statusCode).toBe(200);
    await sql`update access.grant set valid_until = ${new Date(clock.now().getTime() + 60_000)}
              where person_id = (select person_id from access.account where username = 'gridworker')`.execute(app.database.db);
    expect((await app.http.inject({ url: '/api/v1/enterprises', headers: auth })).statusCode).toBe(200);
    clock.advance(61_000);
    const after = await app.http.inject({ url: '/api/v1/enterprises', headers: auth });
    expect(after.statusCode).toBe(403);
    expect(after.json()).toMatchObject({ code: 'auth.forbidden', permission: 'directory.enterprise.list' });
    expect((await app.http.inject({ url: '/api/v1/session', headers: auth })).json().grants).toEqual([]);
  });
});

describe('CSRF protection', () => {
  it('a write with the session cookie but without the token is refused and changes nothing', async () => {
    const auth = await app.signIn('head');
    const res = await app.http.inject({
      method: 'PUT',
      url: '/api/v1/session/locale',
      headers: { cookie: auth.cookie },
      payload: { locale: 'en' },
    });
    expect(res.statusCode).toBe(403);
    expect(res.json().code).toBe('auth.csrf');
    expect((await app.http.inject({ url: '/api/v1/session', headers: auth })).json().account.locale).toBe('zh-CN');
  });

  it('a write with a wrong token is refused', async () => {
    const auth = await app.signIn('head');
    const res = await app.http.inject({
      method: 'PUT',
      url: '/api/v1/session/locale',
      headers: { ...auth, 'x-csrf-token': 'nope' },
      payload: { locale: 'en' },
    });
    expect(res.statusCode).toBe(403);
  });

  it('a write from another site is refused, even with the token', async () => {
    const auth = await app.signIn('head');
    const res = await app.http.inject({
      method: 'PUT',
      url: '/api/v1/session/locale',
      headers: { ...auth, origin: 'https://evil.example', host: 'localhost' },
      payload: { locale: 'en' },
    });
    expect(res.statusCode).toBe(403);
  });

  it('a sign-in posted from another site is refused', async () => {
    const res = await signInRaw('head', 'gongzhi-demo', { origin: 'https://evil.example', host: 'localhost' });
    expect(res.statusCode).toBe(403);
  });

  it('a write with the token changes the remembered language', async () => {
    const auth = await app.signIn('head');
    const res = await app.http.inject({
      method: 'PUT',
      url: '/api/v1/session/locale',
      headers: { ...auth, origin: 'http://localhost', host: 'localhost' },
      payload: { locale: 'en' },
    });
    expect(res.statusCode).toBe(204);
    const again = await signInRaw('head', 'gongzhi-demo');
    expect(again.json().account.locale).toBe('en');
    expect(sessionCookie(again)).toMatch(/^gz_session=/);
  });
});
