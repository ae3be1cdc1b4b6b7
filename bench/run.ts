/**
 * Benchmarks of the platform foundation. Each figure is printed beside a
 * baseline measured in the same run on the same machine, so the ratio means
 * something where the absolute number does not.
 *
 *   npm run bench               # scale 1 demo, 5 s per HTTP case
 *   npm run bench -- --scale 5 --seconds 10
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import type { Kysely } from 'kysely';
import { buildApp, createModules, type Database, moduleMigrations } from '../src/app.js';
import { DEMO_PASSWORD, loadDemo } from '../src/demo/load.js';
import { systemClock } from '../src/platform/clock/index.js';
import { loadConfig } from '../src/platform/config/index.js';
import { migrate, openDatabase, startEmbeddedPostgres } from '../src/platform/db/index.js';
import { createLogger } from '../src/platform/logging/index.js';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i === -1 ? fallback : Number(process.argv[i + 1]);
};
const scale = arg('scale', 1);
const seconds = arg('seconds', 5);
const connections = arg('connections', 16);

const logger = createLogger('warn');
const dataDir = mkdtempSync(path.join(tmpdir(), 'gongzhi-bench-'));
const embedded = await startEmbeddedPostgres({ dataDir, port: 0, logger });
const config = loadConfig(
  { DATABASE_URL: embedded.url, LOG_LEVEL: 'warn', DB_POOL_SIZE: '20', SIGNIN_ADDRESS_MAX_FAILURES: '10000' },
  process.cwd(),
);
const database = openDatabase<Database>(embedded.url, { poolSize: config.DB_POOL_SIZE, logger });

try {
  await migrate(database.db as Kysely<unknown>, moduleMigrations);
  const t0 = performance.now();
  const counts = await loadDemo(database.db, createModules({ db: database.db, clock: systemClock, config }), { scale });
  const loadMs = performance.now() - t0;

  const { http } = await buildApp({ config, logger: createLogger('silent'), database, clock: systemClock });
  const base = await http.listen({ host: '127.0.0.1', port: 0 });
  const signIn = async (username: string) => {
    const res = await fetch(`${base}/api/v1/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password: DEMO_PASSWORD }),
    });
    if (res.status !== 200) throw new Error(`sign-in failed: ${res.status}`);
    return (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  };
  const officer = await signIn('officer');
  const gridworker = await signIn('gridworker');

  const run = async (title: string, options: { path: string; headers?: Record<string, string> }) => {
    const result = await autocannon({ url: `${base}${options.path}`, connections, duration: seconds, headers: options.headers ?? {} });
    if (result.non2xx > 0 || result.errors > 0) throw new Error(`${title}: ${result.non2xx} non-2xx, ${result.errors} errors`);
    return { title, rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99 };
  };

  const cases = [
    await run('GET /healthz (baseline: no session, no query)', { path: '/healthz' }),
    await run('GET /api/v1/session (session + grants)', { path: '/api/v1/session', headers: { cookie: officer } }),
    await run('GET /api/v1/enterprises?limit=20 (officer, whole street)', {
      path: '/api/v1/enterprises?limit=20',
      headers: { cookie: officer },
    }),
    await run('GET /api/v1/enterprises?limit=20 (grid worker, one grid)', {
      path: '/api/v1/enterprises?limit=20',
      headers: { cookie: gridworker },
    }),
    await run('GET /api/v1/enterprises?q=物流 (officer, name search)', {
      path: `/api/v1/enterprises?q=${encodeURIComponent('物流')}`,
      headers: { cookie: officer },
    }),
    await run('GET /api/v1/areas/geojson (officer)', { path: '/api/v1/areas/geojson', headers: { cookie: officer } }),
  ];
  const baseline = cases[0]?.rps ?? 1;

  await http.close();
  const out = [
    `Gongzhi benchmarks — demo scale ${scale}: ${counts.organisations} organisations, ${counts.areas} areas; ${connections} connections, ${seconds} s per case`,
    `demo load: ${(loadMs / 1000).toFixed(2)} s (${Math.round(counts.organisations / (loadMs / 1000))} organisations/s)`,
    '',
    `${'case'.padEnd(60)} ${'req/s'.padStart(8)} ${'× baseline'.padStart(11)} ${'p50 ms'.padStart(7)} ${'p99 ms'.padStart(7)}`,
    ...cases.map(
      (c) =>
        `${c.title.padEnd(60)} ${c.rps.toFixed(0).padStart(8)} ${(c.rps / baseline).toFixed(2).padStart(11)} ${String(c.p50).padStart(7)} ${String(c.p99).padStart(7)}`,
    ),
  ];
  process.stdout.write(`${out.join('\n')}\n`);
} finally {
  await database.close();
  await embedded.stop();
  rmSync(dataDir, { recursive: true, force: true });
}
