import type { Kysely } from 'kysely';
import { buildApp, createModules, type Database, moduleMigrations, version } from './app.js';
import { DEMO_PASSWORD, DEMO_SIGN_INS, DemoRefusedError, loadDemo } from './demo/load.js';
import { runJt808 } from './ingest/jt808/cli.js';
import { gatewayDriverMessenger } from './ingest/jt808/driver-messenger.js';
import { startVehicleGateway } from './ingest/jt808/start.js';
import { type ExpectedHead, parseExpectedHead } from './modules/audit/index.js';
import { systemClock } from './platform/clock/index.js';
import { type Config, ConfigError, loadConfig } from './platform/config/index.js';
import { DataDirInUseError, type EmbeddedPostgres, migrate, openDatabase, startEmbeddedPostgres } from './platform/db/index.js';
import { createLogger, type Logger } from './platform/logging/index.js';

const USAGE = `gongzhi ${version}: production-safety supervision, governed together

usage: gongzhi [command]
  start                 run the platform (default): HTTP API and web app
  migrate               apply database migrations and exit
  demo [--scale N]      load the demo jurisdiction (N times larger) into an empty database and exit
  audit verify [--expect SEQ:HASH]
                        re-hash the whole audit trail; exit 1 and name the first broken entry if it does not hold;
                        with a head published earlier (GET /api/v1/audit/head), also fail when the chain no longer holds it
  import FILE           import enterprises from a CSV or XLSX register into the whole jurisdiction, printing progress
  jt808 decode HEX      print a JT/T 808 frame as JSON (header, body, alarm and status bits), or why it is not one; exit 2 then
  simulate --vehicles N --interval S [--host H] [--port P] [--seed X] [--duration S] [--violations kind=rate,…]
                        drive N registered vehicles' terminals over TCP to the JT/T 808 gateway along the demo's roads,
                        breaking rules at the given rates; prints progress and a summary (sent, acknowledged, violations)
  help                  this text

Configuration comes from environment variables (see README.md), e.g. PORT=8080 DATABASE_URL=postgres://…`;

/** Opens the configured database: DATABASE_URL, or an embedded server in DATA_DIR. */
async function openStorage(config: Config, logger: Logger) {
  let embedded: EmbeddedPostgres | undefined;
  let url = config.DATABASE_URL;
  if (!url) {
    embedded = await startEmbeddedPostgres({ dataDir: config.DATA_DIR, port: config.EMBEDDED_PG_PORT, logger });
    url = embedded.url;
  }
  const database = openDatabase<Database>(url, { poolSize: config.DB_POOL_SIZE, logger });
  const close = async () => {
    await database.close();
    await embedded?.stop();
  };
  try {
    await migrate(database.db as Kysely<unknown>, moduleMigrations, logger);
  } catch (error) {
    await close();
    throw error;
  }
  return { database, embedded, close };
}

async function demoSignInLines(modules: ReturnType<typeof createModules>): Promise<string[]> {
  const present = new Set(await modules.access.existingUsernames(DEMO_SIGN_INS.map((s) => s.username)));
  const shown = DEMO_SIGN_INS.filter((s) => present.has(s.username));
  if (shown.length === 0) return [];
  const width = Math.max(...shown.map((s) => s.username.length));
  return [`Demo sign-ins (password: ${DEMO_PASSWORD}):`, ...shown.map((s) => `  ${s.username.padEnd(width)}  ${s.role}`)];
}

async function start(config: Config, logger: Logger): Promise<void> {
  const storage = await openStorage(config, logger);
  try {
    await serve(config, logger, storage);
  } catch (error) {
    // Do not leave the embedded database running behind a platform that failed to start.
    await storage.close().catch(() => {});
    throw error;
  }
}

async function serve(config: Config, logger: Logger, storage: Awaited<ReturnType<typeof openStorage>>): Promise<void> {
  const { database } = storage;
  const clock = systemClock;
  const seedModules = createModules({ db: database.db, clock, config });
  if (config.DEMO === 'auto' && !(await seedModules.directory.hasAnyData())) {
    await loadDemo(database.db, seedModules, { scale: config.DEMO_SCALE, logger, vehicles: true });
  }
  const { http, modules } = await buildApp({ config, logger, database, clock });
  await modules.imports.failInterrupted();
  await modules.vehicleImport.failInterrupted();

  let vehicleGateway: Awaited<ReturnType<typeof startVehicleGateway>> = null;
  let alarmSink: Awaited<ReturnType<typeof modules.alarms.startSink>> | null = null;
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) {
      logger.warn({ signal }, 'second signal: exiting now');
      process.exit(1);
    }
    stopping = true;
    logger.info({ signal }, 'shutting down: finishing requests in flight');
    const force = setTimeout(() => {
      logger.error('shutdown took too long; exiting');
      process.exit(1);
    }, config.SHUTDOWN_GRACE_SECONDS * 1000);
    force.unref();
    try {
      await http.close();
      // Stops reading terminals and acknowledges what the position store still commits.
      await vehicleGateway?.gateway.close();
      // Writes the alarm events of the last positions stored.
      await alarmSink?.close();
      await storage.close();
      logger.info('stopped');
      process.exit(0);
    } catch (error) {
      logger.error({ err: error }, 'shutdown failed');
      process.exit(1);
    }
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));

  let address: string;
  try {
    address = await http.listen({ host: config.HOST, port: config.PORT });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      throw new ConfigError(`PORT: ${config.PORT} is already in use on ${config.HOST}; stop what uses it or set PORT to another port`);
    }
    throw error;
  }
  const port = Number(new URL(address).port);
  // The rule engine judges every stored position; its alarms go to alarms.alarm.
  alarmSink = config.JT808_PORT ? await modules.alarms.startSink({ logger }) : null;
  const sink = alarmSink ?? undefined;
  vehicleGateway = await startVehicleGateway({
    config,
    logger,
    clock,
    pool: database.pool,
    vehicles: modules.vehicles,
    ...(sink ? { sink } : {}),
  }).catch((error) => {
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      throw new ConfigError(
        `JT808_PORT: ${config.JT808_PORT} is already in use on ${config.HOST}; stop what uses it or set JT808_PORT to another port`,
      );
    }
    throw error;
  });
  // Operators' and enterprises' messages to drivers reach the terminals through the gateway.
  if (vehicleGateway) modules.alarms.setDriverMessenger(gatewayDriverMessenger(vehicleGateway.gateway));
  const shownUrl = config.PUBLIC_URL ?? `http://localhost:${port}`;
  const purge = setInterval(() => {
    modules.access.purgeSessions().catch((error: unknown) => logger.warn({ err: error }, 'session purge failed'));
  }, 3_600_000);
  purge.unref();
  // Hazard deadlines: reminders, overdue notices and escalations (idempotent), then queued e-mail/SMS.
  const deadlines = setInterval(() => {
    modules.hazards
      .runDeadlines(clock.now())
      .then(() => modules.notifications.dispatch())
      .catch((error: unknown) => logger.warn({ err: error }, 'hazard deadline run failed'));
  }, 300_000);
  deadlines.unref();
  // Report subscribers hear when a report turns fixed (or not a hazard) through its hazard, which the hazards module closes.
  const outcomes = setInterval(() => {
    modules.subscriptions
      .announceHazardOutcomes()
      .then((n) => (n > 0 ? modules.notifications.dispatch() : 0))
      .catch((error: unknown) => logger.warn({ err: error }, 'report outcome announcement failed'));
  }, 300_000);
  outcomes.unref();
  // Vehicle alarms past their handling deadline: escalated to the regulator once (idempotent).
  const escalations = setInterval(() => {
    modules.alarms
      .runEscalations(clock.now())
      .then(() => modules.notifications.dispatch())
      .catch((error: unknown) => logger.warn({ err: error }, 'alarm escalation run failed'));
  }, 60_000);
  escalations.unref();
  // The ranking's daily roll-up of vehicle track figures: each CST day once, two hours after it ends.
  const rollUp = () =>
    modules.vehicleDays
      .rollUpDue({ now: clock.now(), retentionDays: config.POSITION_RETENTION_DAYS, logger })
      .catch((error: unknown) => logger.warn({ err: error }, 'vehicle track roll-up failed'));
  setTimeout(() => void rollUp(), 60_000).unref();
  setInterval(() => void rollUp(), 3_600_000).unref();
  const lines = [
    '',
    `Gongzhi ${version} is running at ${shownUrl}`,
    `  API documentation: ${shownUrl.replace(/\/$/, '')}/api/docs`,
    `  Database: ${storage.embedded ? `embedded PostgreSQL in ${config.DATA_DIR}` : 'DATABASE_URL'}`,
    ...(vehicleGateway ? [`  JT/T 808 vehicle gateway: tcp port ${vehicleGateway.gateway.port}`] : []),
    ...(await demoSignInLines(modules)),
    'Press Ctrl-C to stop.',
    '',
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

async function runMigrate(config: Config, logger: Logger): Promise<void> {
  const storage = await openStorage(config, logger);
  await storage.close();
  process.stdout.write('migrations applied\n');
}

async function runDemo(config: Config, logger: Logger, scale: number): Promise<void> {
  const storage = await openStorage(config, logger);
  try {
    const counts = await loadDemo(storage.database.db, createModules({ db: storage.database.db, clock: systemClock, config }), {
      scale,
      logger,
      vehicles: true,
    });
    process.stdout.write(
      `demo jurisdiction loaded (scale ${scale}): ${counts.areas} areas, ${counts.organisations} organisations, ${counts.people} people, ${counts.accounts} sign-ins, ${counts.vehicles} vehicles\n`,
    );
  } finally {
    await storage.close();
  }
}

/** `--expect SEQ:HASH` or `--expect=SEQ:HASH` among the arguments after `audit verify`. */
function expectedHeadArgument(args: readonly string[]): ExpectedHead | undefined {
  const at = args.findIndex((a) => a === '--expect' || a.startsWith('--expect='));
  const unknown = args.find((_arg, i) => i !== at && !(at >= 0 && i === at + 1 && args[at] === '--expect'));
  if (unknown !== undefined) throw new ConfigError(`audit verify: unknown argument '${unknown}'; use --expect SEQ:HASH`);
  if (at < 0) return undefined;
  const text = args[at] === '--expect' ? args[at + 1] : args[at]?.slice('--expect='.length);
  const head = text ? parseExpectedHead(text) : null;
  if (!head) throw new ConfigError('audit verify: --expect takes SEQ:HASH, e.g. --expect 1234:<64 hex digits>');
  return head;
}

async function runAuditVerify(config: Config, logger: Logger, args: readonly string[]): Promise<void> {
  const expected = expectedHeadArgument(args);
  const storage = await openStorage(config, logger);
  try {
    const { audit } = createModules({ db: storage.database.db, clock: systemClock, config });
    const result = await audit.verify((n) => process.stderr.write(`\rchecked ${n} entries`), expected);
    if (result.ok) {
      process.stdout.write(`audit trail holds: ${result.entries} entries, head #${result.head.seq} ${result.head.hash}\n`);
      if (expected) process.stdout.write(`it still contains the expected head #${expected.seq} ${expected.hash}\n`);
    } else if (result.reason === 'truncated' || result.reason === 'head_mismatch') {
      process.stdout.write(
        result.reason === 'truncated'
          ? `audit trail TRUNCATED: it ends at entry #${result.head?.seq ?? result.entries}, before the expected head #${expected?.seq}; entries were removed from its end\n`
          : `audit trail REWRITTEN: entry #${result.brokenAt} is not the expected head ${expected?.hash}; the chain was rebuilt from there\n`,
      );
      process.exitCode = 1;
    } else {
      process.stdout.write(
        `audit trail BROKEN at entry #${result.brokenAt} (${result.reason.replaceAll('_', ' ')}); the ${result.entries} entries before it hold\n`,
      );
      process.exitCode = 1;
    }
  } finally {
    await storage.close();
  }
}

async function runImport(config: Config, logger: Logger, file: string | undefined): Promise<void> {
  if (!file) throw new ConfigError('import: name the file, e.g. gongzhi import enterprises.xlsx');
  const { stat, open } = await import('node:fs/promises');
  const { detectFormat } = await import('./modules/directory/index.js');
  const size = (await stat(file)).size;
  const head = Buffer.alloc(8);
  const handle = await open(file);
  await handle.read(head, 0, 8, 0).finally(() => handle.close());
  const format = detectFormat(file, head);
  if (!format) throw new ConfigError(`import: ${file} is neither a CSV nor an XLSX file`);
  const storage = await openStorage(config, logger);
  try {
    const { imports } = createModules({ db: storage.database.db, clock: systemClock, config });
    const jobId = await imports.start({ fileName: file, format, totalBytes: size, organisationId: null, personId: null });
    const timer = setInterval(async () => {
      const job = await imports.job(jobId);
      if (job)
        process.stderr.write(`\r${Math.round((job.bytes_read / size) * 100)}%  ${job.rows_read} rows read, ${job.refused} refused   `);
    }, 500);
    try {
      await imports.run(jobId, {
        source: file,
        fileName: file,
        format,
        totalBytes: size,
        actor: { kind: 'system', name: 'cli-import' },
        organisationId: null,
        personId: null,
        scope: 'all',
        requestId: null,
        address: null,
      });
    } finally {
      clearInterval(timer);
    }
    const job = await imports.job(jobId);
    process.stderr.write('\n');
    if (!job || job.status !== 'succeeded') {
      process.stdout.write(`import failed: ${job?.error?.message.en ?? 'unknown error'}\n`);
      process.exitCode = 1;
      return;
    }
    process.stdout.write(
      `imported ${job.rows_read} rows: ${job.created} created, ${job.updated} updated, ${job.unchanged} unchanged, ${job.refused} refused\n`,
    );
    for (const r of (job.refusals as { line: number; column: string | null; message: { en: string } }[]).slice(0, 20)) {
      process.stdout.write(`  row ${r.line}${r.column ? ` [${r.column}]` : ''}: ${r.message.en}\n`);
    }
  } finally {
    await storage.close();
  }
}

function parseScale(args: string[]): number {
  const i = args.indexOf('--scale');
  if (i === -1) return 1;
  const n = Number(args[i + 1]);
  if (!Number.isInteger(n) || n < 1 || n > 100) throw new ConfigError('--scale: must be a whole number from 1 to 100');
  return n;
}

export async function main(argv: string[]): Promise<void> {
  const [command = 'start', ...rest] = argv;
  if (command === 'help' || command === '--help' || command === '-h') {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  if (command === 'jt808') {
    // Needs no configuration or database: integrators run it anywhere.
    process.exitCode = runJt808(
      rest,
      (s) => process.stdout.write(s),
      (s) => process.stderr.write(s),
    );
    return;
  }
  if (command === 'version' || command === '--version') {
    process.stdout.write(`${version}\n`);
    return;
  }
  let config: Config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`gongzhi: configuration error: ${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }
  const logger = createLogger(config.LOG_LEVEL);
  try {
    switch (command) {
      case 'start':
        await start(config, logger);
        return;
      case 'migrate':
        await runMigrate(config, logger);
        return;
      case 'demo':
        await runDemo(config, logger, parseScale(rest));
        return;
      case 'simulate': {
        const { runSimulate } = await import('./ingest/simulator/cli.js');
        await runSimulate(rest, {
          defaultPort: config.JT808_PORT,
          open: () => openStorage(config, logger),
          out: (s) => process.stdout.write(s),
          err: (s) => process.stderr.write(s),
        });
        return;
      }
      case 'import':
        await runImport(config, logger, rest[0]);
        return;
      case 'audit':
        if (rest[0] !== 'verify') throw new ConfigError(`audit: unknown subcommand '${rest[0] ?? ''}'; use 'gongzhi audit verify'`);
        await runAuditVerify(config, logger, rest.slice(1));
        return;
      default:
        process.stderr.write(`gongzhi: unknown command '${command}'\n\n${USAGE}\n`);
        process.exit(2);
    }
  } catch (error) {
    if (error instanceof ConfigError || error instanceof DataDirInUseError || error instanceof DemoRefusedError) {
      process.stderr.write(`gongzhi: ${error.message}\n`);
      process.exit(error instanceof ConfigError ? 2 : 1);
    }
    logger.fatal({ err: error }, 'gongzhi failed');
    process.stderr.write(`gongzhi: ${(error as Error).message}\n`);
    process.exit(1);
  }
}
