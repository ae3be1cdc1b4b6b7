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

  const run = async (title: string, options: { path: string; headers?: Record<string, string>; method?: 'GET' | 'PUT'; body?: string }) => {
    const result = await autocannon({
      url: `${base}${options.path}`,
      connections,
      duration: seconds,
      headers: options.headers ?? {},
      method: options.method ?? 'GET',
      ...(options.body ? { body: options.body } : {}),
    });
    if (result.non2xx > 0 || result.errors > 0) throw new Error(`${title}: ${result.non2xx} non-2xx, ${result.errors} errors`);
    return { title, rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99 };
  };

  const officerCsrf = ((await (await fetch(`${base}/api/v1/session`, { headers: { cookie: officer } })).json()) as { csrfToken: string })
    .csrfToken;

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
    await run('PUT /api/v1/session/locale (a write + its audit entry)', {
      path: '/api/v1/session/locale',
      method: 'PUT',
      body: JSON.stringify({ locale: 'en' }),
      headers: { cookie: officer, 'x-csrf-token': officerCsrf, 'content-type': 'application/json' },
    }),
  ];
  const baseline = cases[0]?.rps ?? 1;

  await http.close();

  // Audit overhead: the same row update, 500 times in its own transaction, with and without the audit entry.
  const modules = createModules({ db: database.db, clock: systemClock, config });
  const accountId = (await database.db.selectFrom('access.account').select('id').where('username', '=', 'head').executeTakeFirstOrThrow())
    .id;
  const timed = async (fn: () => Promise<void>) => {
    const t = performance.now();
    for (let i = 0; i < 500; i++) await fn();
    return (performance.now() - t) / 500;
  };
  let flip = false;
  const plainMs = await timed(async () => {
    flip = !flip;
    await database.db.transaction().execute(async (trx) => {
      await trx
        .updateTable('access.account')
        .set({ locale: flip ? 'en' : 'zh-CN' })
        .where('id', '=', accountId)
        .execute();
    });
  });
  const auditedMs = await timed(async () => {
    flip = !flip;
    await database.db.transaction().execute(async (trx) => {
      await trx
        .updateTable('access.account')
        .set({ locale: flip ? 'en' : 'zh-CN' })
        .where('id', '=', accountId)
        .execute();
      await modules.audit.record(trx, {
        actor: { kind: 'system', name: 'bench' },
        action: 'bench.account.set_locale',
        target: { type: 'account', id: accountId },
        after: { locale: flip },
      });
    });
  });
  const verifyStart = performance.now();
  const verified = await modules.audit.verify();
  const verifyMs = performance.now() - verifyStart;

  // Import: a 100,000-row register; the baseline is parsing the same file without writing it.
  const { readEnterpriseFile } = await import('../src/modules/directory/import/enterprise-import.js');
  const { makeCreditCode } = await import('../src/modules/directory/credit-code.js');
  const { writeFileSync, statSync } = await import('node:fs');
  const rows = ['统一社会信用代码,单位名称,行业类别'];
  for (let i = 0; i < 100_000; i++)
    rows.push(
      `${makeCreditCode({ department: '9', category: '1', division: '338802', body8: `B${String(i).padStart(7, '0')}` })},基准企业${i}号,小作坊`,
    );
  const file = path.join(dataDir, 'register.csv');
  writeFileSync(file, rows.join('\n'));
  const parseStart = performance.now();
  let parsed = 0;
  for await (const item of readEnterpriseFile(file, { format: 'csv' })) if ('row' in item) parsed++;
  const parseMs = performance.now() - parseStart;
  const jobId = await modules.imports.start({
    fileName: 'register.csv',
    format: 'csv',
    totalBytes: statSync(file).size,
    organisationId: null,
    personId: null,
  });
  const importStart = performance.now();
  await modules.imports.run(jobId, {
    source: file,
    fileName: 'register.csv',
    format: 'csv',
    totalBytes: statSync(file).size,
    actor: { kind: 'system', name: 'bench' },
    organisationId: null,
    personId: null,
    scope: 'all',
    requestId: null,
    address: null,
  });
  const importMs = performance.now() - importStart;

  const out = [
    `Gongzhi benchmarks — demo scale ${scale}: ${counts.organisations} organisations, ${counts.areas} areas; ${connections} connections, ${seconds} s per case`,
    `demo load: ${(loadMs / 1000).toFixed(2)} s (${Math.round(counts.organisations / (loadMs / 1000))} organisations/s)`,
    '',
    `${'case'.padEnd(60)} ${'req/s'.padStart(8)} ${'× baseline'.padStart(11)} ${'p50 ms'.padStart(7)} ${'p99 ms'.padStart(7)}`,
    ...cases.map(
      (c) =>
        `${c.title.padEnd(60)} ${c.rps.toFixed(0).padStart(8)} ${(c.rps / baseline).toFixed(2).padStart(11)} ${String(c.p50).padStart(7)} ${String(c.p99).padStart(7)}`,
    ),
    '',
    `audit trail: a one-row update in its own transaction ${plainMs.toFixed(2)} ms; with its audit entry ${auditedMs.toFixed(2)} ms (× ${(auditedMs / plainMs).toFixed(2)})`,
    `audit verify: ${verified.entries} entries re-hashed in ${verifyMs.toFixed(0)} ms (${Math.round(verified.entries / (verifyMs / 1000))} entries/s), chain ${verified.ok ? 'holds' : 'BROKEN'}`,
    `import of 100,000 rows: parse only ${(parseMs / 1000).toFixed(2)} s (${parsed} rows); parse, write and audit ${(importMs / 1000).toFixed(2)} s (× ${(importMs / parseMs).toFixed(2)}, ${Math.round(100_000 / (importMs / 1000))} rows/s)`,
  ];
  process.stdout.write(`${out.join('\n')}\n`);
} finally {
  await database.close();
  await embedded.stop();
  rmSync(dataDir, { recursive: true, force: true });
}
