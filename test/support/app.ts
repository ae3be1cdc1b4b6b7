import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { LightMyRequestResponse } from 'fastify';
import { buildApp, type Database } from '../../src/app.js';
import { type Clock, systemClock } from '../../src/platform/clock/index.js';
import { loadConfig } from '../../src/platform/config/index.js';
import { openDatabase } from '../../src/platform/db/index.js';
import { createLogger } from '../../src/platform/logging/index.js';
import { createTestDatabase } from './db.js';

export const DEMO_PASSWORD = 'gongzhi-demo';

export interface TestApp {
  http: Awaited<ReturnType<typeof buildApp>>['http'];
  modules: Awaited<ReturnType<typeof buildApp>>['modules'];
  database: ReturnType<typeof openDatabase<Database>>;
  /** The test database's own URL, for a command run beside the app (e.g. `gongzhi audit verify`). */
  databaseUrl: string;
  url: string;
  /** Signs in and returns the headers that later requests of that user carry. */
  signIn(username: string, password?: string): Promise<{ cookie: string; 'x-csrf-token': string }>;
  close(): Promise<void>;
}

/** The whole HTTP application on a database of its own; `listen` for browser tests. */
export async function startTestApp(
  options: { demo?: boolean; env?: Record<string, string>; clock?: Clock; listen?: boolean } = {},
): Promise<TestApp> {
  const testDb = await createTestDatabase({ demo: options.demo ?? true });
  const dataDir = mkdtempSync(path.join(tmpdir(), 'gongzhi-app-'));
  const config = loadConfig(
    { LOG_LEVEL: 'silent', DATA_DIR: dataDir, DATA_KEY: randomBytes(32).toString('base64'), ...options.env, DATABASE_URL: testDb.url },
    process.cwd(),
  );
  const logger = createLogger(config.LOG_LEVEL);
  const database = openDatabase<Database>(testDb.url, { poolSize: 4, logger });
  const { http, modules } = await buildApp({ config, logger, database, clock: options.clock ?? systemClock });
  const url = options.listen ? await http.listen({ host: '127.0.0.1', port: 0 }) : 'http://localhost';
  return {
    http,
    modules,
    database,
    databaseUrl: testDb.url,
    url,
    async signIn(username, password = DEMO_PASSWORD) {
      const res = await http.inject({ method: 'POST', url: '/api/v1/session', payload: { username, password } });
      if (res.statusCode !== 200) throw new Error(`sign-in of ${username} failed: ${res.statusCode} ${res.body}`);
      return { cookie: sessionCookie(res), 'x-csrf-token': (res.json() as { csrfToken: string }).csrfToken };
    },
    async close() {
      await http.close();
      await database.close();
      await testDb.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export function sessionCookie(res: LightMyRequestResponse): string {
  const cookie = res.cookies.find((c) => c.name === 'gz_session');
  if (!cookie) throw new Error('no session cookie set');
  return `gz_session=${cookie.value}`;
}
