import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeLocation } from '../../src/ingest/jt808/location.js';
import { authenticationBody, registrationBody } from '../../src/ingest/jt808/messages.js';
import { createTestDatabase, type TestDatabase } from '../support/db.js';
import { TestTerminal } from '../support/jt808-terminal.js';

const root = path.resolve(import.meta.dirname, '../..');
const dataDir = mkdtempSync(path.join(tmpdir(), 'gongzhi-jt808-'));
const running = new Set<ChildProcess>();
let db: TestDatabase;
let jt808Port: number;

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

beforeAll(async () => {
  db = await createTestDatabase({ demo: true });
  jt808Port = await freePort();
});
afterAll(async () => {
  for (const child of running) child.kill('SIGKILL');
  await db?.drop();
  rmSync(dataDir, { recursive: true, force: true });
});

/** `gongzhi start` as a user runs it, with the gateway on and a database of its own. */
function start() {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'start'], {
    cwd: root,
    env: {
      ...process.env,
      DATABASE_URL: db.url,
      DATA_DIR: dataDir,
      PORT: '0',
      HOST: '127.0.0.1',
      JT808_PORT: String(jt808Port),
      LOG_LEVEL: 'warn',
      DEMO: 'off',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => {
    out += d.toString();
  });
  child.stderr.on('data', (d: Buffer) => {
    err += d.toString();
  });
  const exited = new Promise<number | null>((resolve) =>
    child.on('exit', (code) => {
      running.delete(child);
      resolve(code);
    }),
  );
  const address = async () => {
    for (let i = 0; i < 1800; i++) {
      const match = /is running at (http:\/\/\S+)/.exec(out);
      if (match?.[1] && out.includes('JT/T 808 vehicle gateway: tcp port')) return match[1];
      if (child.exitCode !== null) throw new Error(`exited ${child.exitCode}: ${err}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`no address printed: ${out} ${err}`);
  };
  return { child, exited, address, out: () => out };
}

async function storedTimes(vehicleId: string): Promise<Set<number>> {
  const client = new pg.Client({ connectionString: db.url });
  await client.connect();
  try {
    const { rows } = await client.query<{ time: Date }>('select time from vehicles.position where vehicle_id = $1', [vehicleId]);
    return new Set(rows.map((r) => r.time.getTime()));
  } finally {
    await client.end();
  }
}

const base = Math.floor(Date.now() / 86_400_000) * 86_400_000 + 3_600_000;
const timeOf = (i: number) => base + i * 1000;

describe('a crash during ingest', { timeout: 300_000 }, () => {
  it('loses no acknowledged position: kill -9 while terminals send, restart, every acknowledged position is stored', async () => {
    const first = start();
    const http = await first.address();
    expect(first.out()).toContain(`JT/T 808 vehicle gateway: tcp port ${jt808Port}`);

    const signIn = await fetch(`${http}/api/v1/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'officer', password: 'gongzhi-demo' }),
    });
    const cookie = (signIn.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    const csrf = ((await signIn.json()) as { csrfToken: string }).csrfToken;
    const headers = { 'content-type': 'application/json', cookie, 'x-csrf-token': csrf, origin: http };
    const enterprises = (await (await fetch(`${http}/api/v1/enterprises?trade=transport&limit=1`, { headers })).json()) as {
      items: { id: string }[];
    };
    const created = await fetch(`${http}/api/v1/vehicles`, {
      method: 'POST',
      headers,
      body: JSON.stringify({
        plateNumber: '沪G00001',
        plateColour: 'yellow',
        class: 'coach',
        enterpriseId: enterprises.items[0]?.id,
        terminalNumber: '13500000001',
      }),
    });
    expect(created.status).toBe(201);
    const vehicleId = ((await created.json()) as { id: string }).id;

    // A terminal that keeps up to 200 positions in flight, as one replaying a backlog does.
    let t = await TestTerminal.connect(jt808Port, '13500000001');
    const reg = await t.registerResponse(
      t.send(
        0x0100,
        registrationBody({ province: 31, city: 0, makerId: 'GZ', model: 'M', terminalId: 'T1', plateColour: 2, plate: '沪G00001' }, '2013'),
      ),
    );
    const code = reg.authCode as string;
    expect(await t.ack(t.send(0x0102, authenticationBody(code, '2013')), 0x0102)).toBe(0);

    const total = 30_000;
    const acked = new Set<number>();
    let next = 0;
    let inFlight = 0;
    const sendOne = (terminal: TestTerminal, i: number) => {
      terminal.send(0x0200, encodeLocation({ latE6: 31e6 + i, lngE6: 121e6, speed: i % 1000, time: timeOf(i) }), { serial: i });
      inFlight++;
      terminal.ack(i, 0x0200, 120_000).then(
        (result) => {
          inFlight--;
          if (result === 0) acked.add(i);
        },
        () => {},
      );
    };
    // Send until a good number are acknowledged, then kill the platform mid-stream.
    while (acked.size < 3000 && next < total) {
      while (inFlight < 200 && next < total) sendOne(t, next++);
      await new Promise((r) => setTimeout(r, 5));
    }
    while (inFlight < 200 && next < total) sendOne(t, next++);
    first.child.kill('SIGKILL');
    await first.exited;
    const ackedAtCrash = new Set(acked);
    const sentAtCrash = next;
    expect(ackedAtCrash.size).toBeGreaterThanOrEqual(3000);
    expect(ackedAtCrash.size).toBeLessThan(sentAtCrash);

    const stored = await storedTimes(vehicleId);
    const lost = [...ackedAtCrash].filter((i) => !stored.has(timeOf(i)));
    expect(lost).toEqual([]);

    // The platform comes back; the terminal authenticates with the same code and sends again what was not acknowledged.
    const second = start();
    await second.address();
    t.close();
    t = await TestTerminal.connect(jt808Port, '13500000001');
    expect(await t.ack(t.send(0x0102, authenticationBody(code, '2013'), { serial: 60_000 }), 0x0102)).toBe(0);
    inFlight = 0;
    const resend = Array.from({ length: sentAtCrash }, (_, i) => i).filter((i) => !ackedAtCrash.has(i));
    for (const i of resend) {
      while (inFlight >= 200) await new Promise((r) => setTimeout(r, 5));
      sendOne(t, i);
    }
    while (inFlight > 0) await new Promise((r) => setTimeout(r, 20));
    expect(acked.size).toBe(sentAtCrash);

    const after = await storedTimes(vehicleId);
    expect(Array.from({ length: sentAtCrash }, (_, i) => i).filter((i) => !after.has(timeOf(i)))).toEqual([]);

    t.close();
    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);
  });
});
