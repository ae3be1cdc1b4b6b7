/**
 * The hazard board and the street dashboard at issue 4's size: the demo at --scale 20 (30,000 enterprises,
 * 1,000,000 hazards). Prints p50/p95/p99 of each request beside the /healthz baseline of the same run, measured
 * by the client over HTTP with a few requests in flight; the target is p95 under 200 ms.
 *
 *   npm run bench:hazards                       # scale 20, 400 requests per case, 4 in flight
 *   npm run bench:hazards -- --scale 2 --requests 200 --concurrency 2
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type Kysely, sql } from 'kysely';
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
const scale = arg('scale', 20);
const requests = arg('requests', 400);
const concurrency = arg('concurrency', 4);

const logger = createLogger('warn');
const dataDir = mkdtempSync(path.join(tmpdir(), 'gongzhi-bench-hazards-'));
const embedded = await startEmbeddedPostgres({ dataDir, port: 0, logger });
const config = loadConfig(
  { DATABASE_URL: embedded.url, LOG_LEVEL: 'warn', DB_POOL_SIZE: '20', DATA_DIR: dataDir, SIGNIN_ADDRESS_MAX_FAILURES: '10000' },
  process.cwd(),
);
const database = openDatabase<Database>(embedded.url, { poolSize: config.DB_POOL_SIZE, logger });

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;

try {
  await migrate(database.db as Kysely<unknown>, moduleMigrations);
  const t0 = performance.now();
  const counts = await loadDemo(database.db, createModules({ db: database.db, clock: systemClock, config }), { scale });
  const loadMs = performance.now() - t0;
  // As after any bulk load: statistics and the visibility map, so the planner and index-only scans see the data.
  const v0 = performance.now();
  await sql`vacuum analyze hazards.hazard`.execute(database.db);
  await sql`vacuum analyze hazards.tally`.execute(database.db);
  const vacuumMs = performance.now() - v0;
  const hazards = Number(
    (await database.db.selectFrom('hazards.hazard').select(sql<string>`count(*)`.as('n')).executeTakeFirstOrThrow()).n,
  );

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

  /** `requests` GETs with `concurrency` in flight after a warm-up; latency of each as the client sees it. */
  const run = async (title: string, url: string, cookie?: string) => {
    const one = async () => {
      const t = performance.now();
      const res = await fetch(`${base}${url}`, { headers: cookie ? { cookie } : {} });
      await res.arrayBuffer();
      if (res.status !== 200) throw new Error(`${title}: HTTP ${res.status}`);
      return performance.now() - t;
    };
    for (let i = 0; i < 20; i++) await one();
    const times: number[] = [];
    let next = 0;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (next < requests) {
          next++;
          times.push(await one());
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    times.sort((a, b) => a - b);
    return { title, rps: times.length / seconds, p50: percentile(times, 50), p95: percentile(times, 95), p99: percentile(times, 99) };
  };

  const firstPage = (await (await fetch(`${base}/api/v1/hazards?limit=20`, { headers: { cookie: officer } })).json()) as {
    nextCursor: string;
  };
  const cases = [
    await run('GET /healthz (baseline: no session, no query)', '/healthz'),
    await run('board: officer, whole street, newest first', '/api/v1/hazards?limit=20', officer),
    await run('board: officer, next page by cursor', `/api/v1/hazards?limit=20&cursor=${firstPage.nextCursor}`, officer),
    await run('board: officer, status=treating', '/api/v1/hazards?status=treating&limit=20', officer),
    await run(
      'board: officer, status=awaiting_acceptance,accepted',
      '/api/v1/hazards?status=awaiting_acceptance,accepted&limit=20',
      officer,
    ),
    await run('board: officer, overdue only', '/api/v1/hazards?overdue=true&limit=20', officer),
    await run('board: officer, major and open (supervised)', '/api/v1/hazards?supervised=true&limit=20', officer),
    await run('board: grid worker, own grid', '/api/v1/hazards?limit=20', gridworker),
    await run('dashboard: officer, whole street', '/api/v1/hazards/statistics', officer),
    await run('dashboard: grid worker, own grid', '/api/v1/hazards/statistics', gridworker),
  ];
  await http.close();

  const baseline = cases[0] as (typeof cases)[number];
  const ms = (n: number) => n.toFixed(1).padStart(8);
  const out = [
    `Gongzhi hazard benchmarks — demo scale ${scale}: ${counts.organisations} organisations, ${hazards} hazards; ${requests} requests per case, ${concurrency} in flight`,
    `demo load: ${(loadMs / 1000).toFixed(1)} s; vacuum analyze: ${(vacuumMs / 1000).toFixed(1)} s`,
    '',
    `${'case'.padEnd(56)} ${'req/s'.padStart(7)} ${'p50 ms'.padStart(8)} ${'p95 ms'.padStart(8)} ${'p99 ms'.padStart(8)} ${'p95 − baseline'.padStart(15)}`,
    ...cases.map(
      (c) =>
        `${c.title.padEnd(56)} ${c.rps.toFixed(0).padStart(7)} ${ms(c.p50)} ${ms(c.p95)} ${ms(c.p99)} ${(c === baseline ? '' : (c.p95 - baseline.p95).toFixed(1)).padStart(15)}`,
    ),
    '',
    `target: p95 under 200 ms for the board and the dashboard — ${cases.slice(1).every((c) => c.p95 < 200) ? 'met' : 'NOT met'} in this run`,
  ];
  process.stdout.write(`${out.join('\n')}\n`);
} finally {
  await database.close();
  await embedded.stop();
  rmSync(dataDir, { recursive: true, force: true });
}
