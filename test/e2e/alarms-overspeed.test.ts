import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeLocation } from '../../src/ingest/jt808/location.js';
import { authenticationBody, RESULT, registrationBody } from '../../src/ingest/jt808/messages.js';
import { decodeTextMessage } from '../../src/ingest/jt808/text-message.js';
import { createTestDatabase, type TestDatabase } from '../support/db.js';
import { TestTerminal } from '../support/jt808-terminal.js';

const root = path.resolve(import.meta.dirname, '../..');
const dataDir = mkdtempSync(path.join(tmpdir(), 'gongzhi-alarms-'));
let child: ChildProcess | undefined;
let terminal: TestTerminal | undefined;
let db: TestDatabase;
let http: string;
let headers: Record<string, string>;
let enterpriseHeaders: Record<string, string>;

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

interface AlarmPage {
  total: number;
  items: { id: string; rule: string; status: string; endedAt: string | null; peak: number; limit: number; plateNumber: string }[];
}

const alarms = async (): Promise<AlarmPage> => (await fetch(`${http}/api/v1/alarms`, { headers })).json() as Promise<AlarmPage>;

/** Polls the alarm queue until it satisfies `done` (the sink writes within a fraction of a second). */
async function until(done: (page: AlarmPage) => boolean): Promise<AlarmPage> {
  let page = await alarms();
  for (let i = 0; i < 100 && !done(page); i++) {
    await new Promise((r) => setTimeout(r, 100));
    page = await alarms();
  }
  return page;
}

let jt808Port: number;

beforeAll(async () => {
  db = await createTestDatabase({ demo: true });
  jt808Port = await freePort();
  // `gongzhi start` as a user runs it: the gateway, the position store and the alarm sink wired in main.ts.
  child = spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'start'], {
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
  let out = '';
  let err = '';
  child.stdout?.on('data', (d: Buffer) => {
    out += d.toString();
  });
  child.stderr?.on('data', (d: Buffer) => {
    err += d.toString();
  });
  for (let i = 0; i < 1800; i++) {
    const match = /is running at (http:\/\/\S+)/.exec(out);
    if (match?.[1] && out.includes('JT/T 808 vehicle gateway: tcp port')) {
      http = match[1];
      break;
    }
    if (child.exitCode !== null) throw new Error(`exited ${child.exitCode}: ${err}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  if (!http) throw new Error(`no address printed: ${out} ${err}`);
  const signIn = async (username: string) => {
    const res = await fetch(`${http}/api/v1/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password: 'gongzhi-demo' }),
    });
    const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    const csrf = ((await res.json()) as { csrfToken: string }).csrfToken;
    return { 'content-type': 'application/json', cookie, 'x-csrf-token': csrf, origin: http };
  };
  headers = await signIn('officer');
  // The vehicle is operated by the demo principal's enterprise, which handles its alarms.
  enterpriseHeaders = await signIn('principal');
  const enterprise = (
    (await (await fetch(`${http}/api/v1/organisations/mine`, { headers: enterpriseHeaders })).json()) as { items: { id: string }[] }
  ).items[0];
  const created = await fetch(`${http}/api/v1/vehicles`, {
    method: 'POST',
    headers,
    body: JSON.stringify({
      plateNumber: '沪G50001',
      plateColour: 'yellow',
      class: 'hazardous_goods',
      enterpriseId: enterprise?.id,
      terminalNumber: '13600000001',
    }),
  });
  if (created.status !== 201) throw new Error(await created.text());
}, 240_000);

afterAll(async () => {
  terminal?.close();
  if (child && child.exitCode === null) {
    const exited = new Promise((resolve) => child?.on('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  }
  await db?.drop();
  rmSync(dataDir, { recursive: true, force: true });
});

const base = Math.floor(Date.now() / 1000) * 1000 - 5 * 60_000;

describe('an overspeed reported over JT/T 808', { timeout: 120_000 }, () => {
  let serial = 0;
  const report = async (i: number, speedKmh: number) => {
    const t = terminal as TestTerminal;
    const body = encodeLocation({
      latE6: 31_230_000,
      lngE6: Math.round((121.47 + i * 0.0005) * 1e6),
      speed: speedKmh * 10,
      direction: 90,
      status: 0x03,
      time: base + i * 2000,
    });
    serial = t.send(0x0200, body);
    expect(await t.ack(serial, 0x0200)).toBe(RESULT.ok);
  };

  it('a registered terminal signs on', async () => {
    terminal = await TestTerminal.connect(jt808Port, '13600000001', '2013');
    const reg = await terminal.registerResponse(
      terminal.send(
        0x0100,
        registrationBody(
          { province: 31, city: 115, makerId: 'GZ001', model: 'GZ-T808', terminalId: 'T000001', plateColour: 2, plate: '沪G50001' },
          '2013',
        ),
      ),
    );
    expect(reg.result).toBe(0);
    expect(await terminal.ack(terminal.send(0x0102, authenticationBody(reg.authCode as string, '2013')), 0x0102)).toBe(RESULT.ok);
  });

  it('below the limit, or above it for less than the minimum duration, raises nothing', async () => {
    await report(0, 50);
    await report(1, 58);
    await report(2, 75);
    await report(3, 75);
    await report(4, 55);
    await new Promise((r) => setTimeout(r, 1000));
    expect((await alarms()).total).toBe(0);
  });

  it('above 60 km/h for longer than 10 s: exactly one open overspeed alarm', async () => {
    for (let i = 5; i <= 12; i++) await report(i, 72 + i);
    const page = await until((p) => p.total > 0);
    expect(page.total).toBe(1);
    expect(page.items[0]).toMatchObject({ rule: 'overspeed', status: 'open', endedAt: null, limit: 60, plateNumber: '沪G50001' });
    for (let i = 13; i <= 16; i++) await report(i, 90);
    await new Promise((r) => setTimeout(r, 500));
    const still = await alarms();
    expect(still.total).toBe(1);
    expect(still.items[0]).toMatchObject({ status: 'open', endedAt: null });
  });

  it('back below the limit: the alarm ends, still one', async () => {
    await report(17, 45);
    const page = await until((p) => p.items[0]?.endedAt !== null);
    expect(page.total).toBe(1);
    expect(page.items[0]).toMatchObject({ endedAt: new Date(base + 17 * 2000).toISOString(), peak: 90 });
  });
});

describe('a message to the driver', { timeout: 120_000 }, () => {
  const post = async (url: string, auth: Record<string, string>, body: unknown) =>
    fetch(`${http}${url}`, { method: 'POST', headers: auth, body: JSON.stringify(body) });
  type Step = { step: string; data: Record<string, unknown> };

  it('reaches the terminal as a JT/T 808 text message, and the step records that the terminal took it', async () => {
    const t = terminal as TestTerminal;
    const alarm = (await alarms()).items[0] as { id: string };
    expect((await post(`/api/v1/alarms/${alarm.id}/verify`, headers, { verdict: 'confirmed' })).status).toBe(200);
    const deadline = new Date(Date.now() + 3_600_000).toISOString();
    expect((await post(`/api/v1/alarms/${alarm.id}/notify`, headers, { deadline })).status).toBe(200);
    const handled = post(`/api/v1/alarms/${alarm.id}/handle`, enterpriseHeaders, {
      action: 'message_driver',
      note: '已下发语音提醒',
      driverMessage: '您已超速，请立即减速慢行',
    });
    const text = await t.next((f) => f.header.messageId === 0x8300);
    // An overspeed of a hazardous-goods vehicle is urgent: emergency, shown and read aloud, in the terminal's edition.
    expect(decodeTextMessage(text.body, '2013')).toEqual({ kind: 'emergency', display: true, tts: true, text: '您已超速，请立即减速慢行' });
    const answer = Buffer.alloc(5);
    answer.writeUInt16BE(text.header.serial, 0);
    answer.writeUInt16BE(0x8300, 2);
    answer[4] = RESULT.ok;
    t.send(0x0001, answer);
    const res = await handled;
    expect(res.status).toBe(200);
    const detail = (await res.json()) as { status: string; steps: Step[] };
    expect(detail.status).toBe('handling');
    expect(detail.steps.at(-1)).toMatchObject({
      step: 'handle',
      data: { action: 'message_driver', driverMessage: '您已超速，请立即减速慢行', delivery: 'delivered' },
    });
  });

  it('a terminal that refuses it, or is not connected, is recorded so; a message with another action is 400 naming the field', async () => {
    const t = terminal as TestTerminal;
    const alarm = (await alarms()).items[0] as { id: string };
    const handled = post(`/api/v1/alarms/${alarm.id}/handle`, enterpriseHeaders, {
      action: 'message_driver',
      note: '再次提醒',
      driverMessage: '请靠边停车',
    });
    const text = await t.next((f) => f.header.messageId === 0x8300 && decodeTextMessage(f.body, '2013').text === '请靠边停车');
    const answer = Buffer.alloc(5);
    answer.writeUInt16BE(text.header.serial, 0);
    answer.writeUInt16BE(0x8300, 2);
    answer[4] = RESULT.unsupported;
    t.send(0x0001, answer);
    expect(((await (await handled).json()) as { steps: Step[] }).steps.at(-1)?.data).toMatchObject({ delivery: 'unsupported' });

    const wrong = await post(`/api/v1/alarms/${alarm.id}/handle`, enterpriseHeaders, {
      action: 'call_driver',
      note: '电话',
      driverMessage: 'x',
    });
    expect(wrong.status).toBe(400);
    expect(((await wrong.json()) as { errors: { field: string }[] }).errors.map((e) => e.field)).toEqual(['driverMessage']);

    t.close();
    await t.closed;
    const offline = await post(`/api/v1/alarms/${alarm.id}/handle`, enterpriseHeaders, {
      action: 'message_driver',
      note: '终端离线',
      driverMessage: '请联系调度',
    });
    expect(((await offline.json()) as { steps: Step[] }).steps.at(-1)?.data).toMatchObject({ delivery: 'offline' });
  });
});
