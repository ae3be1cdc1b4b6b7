import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');
const dataDir = mkdtempSync(path.join(tmpdir(), 'gongzhi-cli-'));
const running = new Set<ChildProcess>();

afterAll(() => {
  for (const child of running) child.kill('SIGKILL');
  // A server orphaned by a SIGKILL above is stopped by the next start; stop it here for good measure.
  const pidFile = path.join(dataDir, 'postgres', 'postmaster.pid');
  if (existsSync(pidFile)) {
    const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
    try {
      process.kill(pid, 'SIGINT');
    } catch {}
  }
  rmSync(dataDir, { recursive: true, force: true });
});

/** The platform as a user runs it, with its own embedded database in `dataDir`. */
function gongzhi(args: string[], env: Record<string, string> = {}) {
  const { DATABASE_URL: _ignored, ...inherited } = process.env;
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', ...args], {
    cwd: root,
    env: { ...inherited, DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => {
    stdout += d.toString();
  });
  child.stderr.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  const exited = new Promise<number | null>((resolve) =>
    child.on('exit', (code) => {
      running.delete(child);
      resolve(code);
    }),
  );
  const address = async () => {
    for (let i = 0; i < 1200; i++) {
      const match = /is running at (http:\/\/\S+)/.exec(stdout);
      if (match?.[1]) return match[1];
      if (child.exitCode !== null) throw new Error(`exited ${child.exitCode}: ${stderr}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`no address printed: ${stdout} ${stderr}`);
  };
  return { child, exited, address, out: () => stdout, err: () => stderr };
}

async function signIn(base: string, username: string) {
  const res = await fetch(`${base}/api/v1/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: 'gongzhi-demo' }),
  });
  expect(res.status).toBe(200);
  const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  const body = (await res.json()) as { csrfToken: string; account: { locale: string } };
  return { cookie, csrf: body.csrfToken, locale: body.account.locale };
}

// Each case starts the platform (an embedded PostgreSQL, migrations, perhaps the demo): seconds on a quiet machine, far more on a busy one.
describe('the gongzhi command', { timeout: 120_000 }, () => {
  it('refuses a bad setting with one line naming it', async () => {
    const run = gongzhi(['start'], { PORT: 'eighty' });
    expect(await run.exited).toBe(2);
    expect(run.err().trim()).toMatch(/^gongzhi: configuration error: PORT: .*"eighty"/);
    expect(run.err().trim().split('\n')).toHaveLength(1);
  });

  let first: ReturnType<typeof gongzhi>;
  let base: string;

  it('starts the platform with the demo, printing its address and the demo sign-ins', async () => {
    first = gongzhi(['start']);
    base = await first.address();
    const out = first.out();
    expect(out).toContain('Demo sign-ins (password: gongzhi-demo):');
    for (const name of ['officer', 'head', 'inspector', 'provider', 'principal', 'safety', 'grouplead', 'gridworker', 'volunteer']) {
      expect(out).toMatch(new RegExp(`^\\s+${name}\\s`, 'm'));
    }
    expect((await fetch(`${base}/readyz`)).status).toBe(200);
  });

  it('refuses a second platform on the same data folder', async () => {
    const second = gongzhi(['start']);
    expect(await second.exited).toBe(1);
    expect(second.err()).toContain(`another Gongzhi (pid ${first.child.pid}) is using the data folder`);
  });

  it('loses nothing it acknowledged when killed with SIGKILL, and starts again on the same data', async () => {
    const auth = await signIn(base, 'officer');
    const put = await fetch(`${base}/api/v1/session/locale`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json', cookie: auth.cookie, 'x-csrf-token': auth.csrf },
      body: JSON.stringify({ locale: 'en' }),
    });
    expect(put.status).toBe(204);
    first.child.kill('SIGKILL');
    await first.exited;

    const restarted = gongzhi(['start']);
    const again = await restarted.address();
    expect((await signIn(again, 'officer')).locale).toBe('en');
    const session = await fetch(`${again}/api/v1/session`, { headers: { cookie: auth.cookie } });
    expect(session.status).toBe(200);

    restarted.child.kill('SIGTERM');
    expect(await restarted.exited).toBe(0);
    expect(existsSync(path.join(dataDir, 'postgres', 'postmaster.pid'))).toBe(false);
    expect(existsSync(path.join(dataDir, 'gongzhi.lock'))).toBe(false);
  });

  it('does not load the demo over existing data', async () => {
    const run = gongzhi(['demo']);
    expect(await run.exited).toBe(1);
    expect(run.err()).toContain('the database already holds a jurisdiction');
  });

  it('applies migrations on demand, twice without harm', async () => {
    for (let i = 0; i < 2; i++) {
      const run = gongzhi(['migrate']);
      expect(await run.exited).toBe(0);
      expect(run.out()).toContain('migrations applied');
    }
  });
});
