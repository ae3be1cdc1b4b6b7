import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, type Database } from '../../src/app.js';
import { systemClock } from '../../src/platform/clock/index.js';
import { loadConfig } from '../../src/platform/config/index.js';
import { openDatabase } from '../../src/platform/db/index.js';
import { createLogger } from '../../src/platform/logging/index.js';
import { DEMO_PASSWORD } from '../support/app.js';
import { createTestDatabase, type TestDatabase } from '../support/db.js';
import { startTcpProxy } from '../support/tcp-proxy.js';

let testDb: TestDatabase;
let proxy: Awaited<ReturnType<typeof startTcpProxy>>;
let app: Awaited<ReturnType<typeof buildApp>>;
let database: ReturnType<typeof openDatabase<Database>>;

beforeAll(async () => {
  testDb = await createTestDatabase({ demo: true });
  const real = new URL(testDb.url);
  proxy = await startTcpProxy({ host: real.hostname, port: Number(real.port || 5432) });
  real.hostname = '127.0.0.1';
  real.port = String(proxy.port);
  const config = loadConfig({ LOG_LEVEL: 'silent', DATABASE_URL: real.toString() }, process.cwd());
  database = openDatabase<Database>(real.toString(), { poolSize: 3, logger: createLogger('silent') });
  app = await buildApp({ config, logger: createLogger('silent'), database, clock: systemClock });
});
afterAll(async () => {
  await app?.http.close();
  await database?.close();
  await proxy?.close();
  await testDb?.drop();
});

describe('when the database goes away', () => {
  it('readiness says so, requests fail with 503, and all recovers when it is back', async () => {
    const signIn = await app.http.inject({
      method: 'POST',
      url: '/api/v1/session',
      payload: { username: 'officer', password: DEMO_PASSWORD },
    });
    expect(signIn.statusCode).toBe(200);
    const cookie = `gz_session=${signIn.cookies.find((c) => c.name === 'gz_session')?.value}`;
    expect((await app.http.inject({ url: '/readyz' })).statusCode).toBe(200);

    await proxy.cut();
    const ready = await app.http.inject({ url: '/readyz' });
    expect(ready.statusCode).toBe(503);
    expect(ready.json()).toMatchObject({ status: 'not_ready', database: 'down' });
    const res = await app.http.inject({ url: '/api/v1/enterprises', headers: { cookie } });
    expect(res.statusCode).toBe(503);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.headers['retry-after']).toBe('5');
    expect(res.json().code).toBe('service.unavailable');
    expect((await app.http.inject({ url: '/healthz' })).statusCode).toBe(200);

    await proxy.restore();
    expect((await app.http.inject({ url: '/readyz' })).statusCode).toBe(200);
    const again = await app.http.inject({ url: '/api/v1/enterprises?limit=1', headers: { cookie } });
    expect(again.statusCode).toBe(200);
    expect(again.json().total).toBeGreaterThan(0);
  });
});
