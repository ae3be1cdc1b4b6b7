import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import WebSocket from 'ws';
import { createLiveFeed } from '../../src/modules/alarms/live.js';
import { createPositionStore, type PositionRecord } from '../../src/modules/vehicles/index.js';
import { systemClock } from '../../src/platform/clock/index.js';
import { createLogger } from '../../src/platform/logging/index.js';
import { startTestApp, type TestApp } from '../support/app.js';

let app: TestApp;
let officer: Record<string, string>;
let principal: Record<string, string>;
let ownEnterprise: string;
let otherEnterprise: string;
const ids: Record<string, string> = {};
const open: WebSocket[] = [];

/** Places a vehicle at a point, as the position store does after a batch commits. */
function place(vehicleId: string, lat: number, lng: number, speedKmh = 40, alarm = 0) {
  const now = Date.now();
  const p: PositionRecord = {
    vehicleId,
    time: now,
    receivedAt: now,
    latE6: Math.round(lat * 1e6),
    lngE6: Math.round(lng * 1e6),
    altitude: 5,
    speed: Math.round(speedKmh * 10),
    direction: 90,
    alarm,
    status: 3,
    mileage: null,
    backfill: false,
    itemsHex: null,
  };
  app.modules.vehicles.latest.offer(p);
}

beforeAll(async () => {
  app = await startTestApp({ demo: true, listen: true });
  officer = await app.signIn('officer');
  principal = await app.signIn('principal');
  ownEnterprise = (await app.http.inject({ url: '/api/v1/organisations/mine', headers: principal })).json().items[0].id;
  const page = (await app.http.inject({ url: '/api/v1/enterprises?trade=transport&limit=5', headers: officer })).json();
  otherEnterprise = page.items.map((i: { id: string }) => i.id).find((id: string) => id !== ownEnterprise);
  for (const [key, plateNumber, terminalNumber, enterpriseId] of [
    ['theirs', '沪F00001', '13700000001', otherEnterprise],
    ['ours', '沪F00002', '13700000002', ownEnterprise],
  ] as const) {
    const res = await app.http.inject({
      method: 'POST',
      url: '/api/v1/vehicles',
      headers: officer,
      payload: { plateNumber, plateColour: 'yellow', class: 'hazardous_goods', enterpriseId, terminalNumber },
    });
    if (res.statusCode !== 201) throw new Error(res.body);
    ids[key] = res.json().id;
  }
  place(ids.theirs as string, 31.2, 121.4);
  place(ids.ours as string, 31.3, 121.6, 62, 1);
});
afterAll(async () => {
  for (const ws of open) ws.terminate();
  await app?.close();
});

interface Client {
  ws: WebSocket;
  messages: { type: string; [k: string]: unknown }[];
  next(type: string, match?: (m: Record<string, unknown>) => boolean, timeoutMs?: number): Promise<Record<string, unknown>>;
  closed: Promise<{ code: number; reason: string }>;
}

const wsUrl = () => `${app.url.replace(/^http/, 'ws')}/api/v1/live`;

function connect(auth: Record<string, string> | undefined, headers: Record<string, string> = {}): Promise<Client> {
  const ws = new WebSocket(wsUrl(), { headers: { ...(auth ? { cookie: auth.cookie as string } : {}), ...headers } });
  open.push(ws);
  const messages: Client['messages'] = [];
  const waiters: { type: string; match: (m: Record<string, unknown>) => boolean; resolve: (m: Record<string, unknown>) => void }[] = [];
  ws.on('message', (data) => {
    const m = JSON.parse(data.toString());
    messages.push(m);
    for (const w of [...waiters]) {
      if (w.type === m.type && w.match(m)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(m);
      }
    }
  });
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() })),
  );
  const client: Client = {
    ws,
    messages,
    closed,
    next(type, match = () => true, timeoutMs = 5000) {
      const seen = messages.find((m) => m.type === type && match(m));
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no ${type} message within ${timeoutMs} ms`)), timeoutMs);
        waiters.push({
          type,
          match,
          resolve: (m) => {
            clearTimeout(timer);
            resolve(m);
          },
        });
      });
    },
  };
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve(client));
    ws.once('unexpected-response', (req, res) => {
      // Listening for this makes the client responsible for ending the refused request.
      req.destroy();
      reject(new Error(`refused with ${res.statusCode}`));
    });
    ws.once('error', reject);
  });
}

const viewport = (c: Client, bbox: [number, number, number, number], zoom = 12) =>
  c.ws.send(JSON.stringify({ type: 'viewport', bbox, zoom }));
const plates = (m: Record<string, unknown>) => (m.vehicles as { plate: string }[]).map((v) => v.plate).sort();
const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('who may open the live feed', () => {
  it('refuses the upgrade without a session (401), without the permission (403), and from another site (403)', async () => {
    await expect(connect(undefined)).rejects.toThrow('refused with 401');
    await expect(connect(await app.signIn('volunteer'))).rejects.toThrow('refused with 403');
    await expect(connect(officer, { origin: 'https://evil.example' })).rejects.toThrow('refused with 403');
  });
});

describe('positions in view and in scope', () => {
  it('an officer sees every vehicle of the area inside the viewport, and only those', async () => {
    const c = await connect(officer);
    viewport(c, [121, 31, 122, 32]);
    const all = await c.next('positions', (m) => (m.vehicles as unknown[]).length === 2);
    expect(plates(all)).toEqual(['沪F00001', '沪F00002']);
    const ours = (all.vehicles as Record<string, unknown>[]).find((v) => v.plate === '沪F00002');
    expect(ours).toMatchObject({ id: ids.ours, class: 'hazardous_goods', lat: 31.3, lng: 121.6, speedKmh: 62, alarm: true });
    expect(typeof all.at).toBe('string');
    viewport(c, [121.3, 31.1, 121.5, 31.25]);
    const west = await c.next('positions', (m) => (m.vehicles as unknown[]).length === 1);
    expect(plates(west)).toEqual(['沪F00001']);
    viewport(c, [100, 20, 101, 21]);
    expect((await c.next('positions', (m) => (m.vehicles as unknown[]).length === 0)).vehicles).toEqual([]);
    c.ws.close();
  });

  it('an enterprise sees only its own vehicles, whatever the viewport', async () => {
    const c = await connect(principal);
    viewport(c, [-180, -90, 180, 90], 3);
    const first = await c.next('positions');
    expect(plates(first)).toEqual(['沪F00002']);
    // A move of the other enterprise's vehicle never reaches it; its own does.
    place(ids.theirs as string, 31.21, 121.41);
    place(ids.ours as string, 31.31, 121.61);
    const moved = await c.next('positions', (m) => (m.vehicles as { lat: number }[])[0]?.lat === 31.31);
    expect(plates(moved)).toEqual(['沪F00002']);
    expect(c.messages.flatMap((m) => (m.type === 'positions' ? plates(m) : []))).not.toContain('沪F00001');
    c.ws.close();
  });

  it('sends clusters instead of vehicles when many are in view, counting every visible vehicle', async () => {
    const rows = Array.from({ length: 340 }, (_, i) => ({
      plateNumber: `沪G${String(i).padStart(5, '0')}`,
      plateColour: 'yellow' as const,
      class: 'heavy_freight' as const,
      enterpriseId: otherEnterprise,
      terminalNumber: `1360000${String(i).padStart(4, '0')}`,
      sim: null,
      createdBy: null,
    }));
    const created = await app.modules.vehicles.seed.insertVehicles(rows);
    created.forEach((id, i) => {
      place(id, 30.5 + (i % 20) * 0.01, 120.5 + Math.floor(i / 20) * 0.01);
    });
    const c = await connect(officer);
    viewport(c, [120, 30, 121, 31], 6);
    const m = await c.next('clusters');
    const clusters = m.clusters as { lat: number; lng: number; count: number }[];
    expect(clusters.length).toBeGreaterThan(0);
    expect(clusters.length).toBeLessThan(340);
    expect(clusters.reduce((n, x) => n + x.count, 0)).toBe(340);
    // Zoomed in on a corner, few enough for markers again.
    viewport(c, [120.49, 30.49, 120.515, 30.515], 17);
    const near = await c.next('positions');
    expect((near.vehicles as unknown[]).length).toBe(4);
    c.ws.close();
  });
});

describe('throttling', () => {
  it('pushes at most about one message a second however fast positions and viewports change', async () => {
    const c = await connect(principal);
    viewport(c, [121, 31, 122, 32]);
    await c.next('positions');
    const start = c.messages.length;
    // 3 s of churn: a new position and a new viewport every 50 ms.
    for (let i = 0; i < 60; i++) {
      place(ids.ours as string, 31.3 + i * 0.001, 121.6);
      viewport(c, [121, 31, 122, 32 - (i % 2) * 0.01]);
      await wait(50);
    }
    const pushed = c.messages.slice(start).filter((m) => m.type === 'positions').length;
    expect(pushed).toBeGreaterThanOrEqual(2);
    expect(pushed).toBeLessThanOrEqual(4);
    c.ws.close();
  });

  it('sends nothing while nothing changes', async () => {
    const c = await connect(officer);
    viewport(c, [100, 20, 101, 21]);
    await c.next('positions');
    await wait(2500);
    expect(c.messages.filter((m) => m.type === 'positions')).toHaveLength(1);
    c.ws.close();
  });
});

describe('bad messages', () => {
  it.each([
    ['not JSON', 'hello'],
    ['an unknown type', JSON.stringify({ type: 'subscribe', bbox: [0, 0, 1, 1], zoom: 3 })],
    ['a bbox out of range', JSON.stringify({ type: 'viewport', bbox: [0, 0, 200, 1], zoom: 3 })],
    ['a bbox upside down', JSON.stringify({ type: 'viewport', bbox: [1, 1, 0, 0], zoom: 3 })],
    ['a missing zoom', JSON.stringify({ type: 'viewport', bbox: [0, 0, 1, 1] })],
    ['an extra field', JSON.stringify({ type: 'viewport', bbox: [0, 0, 1, 1], zoom: 3, all: true })],
  ])('%s closes the connection with 4400 and a reason', async (_what, text) => {
    const c = await connect(officer);
    c.ws.send(text);
    const { code, reason } = await c.closed;
    expect(code).toBe(4400);
    expect(reason.length).toBeGreaterThan(0);
  });

  it('a binary message closes with 1003, an oversized one with 1009, and the server keeps serving', async () => {
    const bin = await connect(officer);
    bin.ws.send(Buffer.from([1, 2, 3]));
    expect((await bin.closed).code).toBe(1003);
    const big = await connect(officer);
    big.ws.send('x'.repeat(10_000));
    expect((await big.closed).code).toBe(1009);
    const c = await connect(officer);
    viewport(c, [121, 31, 122, 32]);
    expect(plates(await c.next('positions'))).toContain('沪F00002');
    c.ws.close();
  });

  it('closes with 4401 once the session is signed out', async () => {
    // The feed checks sessions again every refreshMs (30 s in the app); a feed of its own checks every 100 ms.
    const feed = createLiveFeed({
      db: app.database.db as unknown as Kysely<unknown>,
      clock: systemClock,
      logger: createLogger('silent'),
      access: app.modules.access,
      vehicles: app.modules.vehicles,
      alarms: { view: async () => null },
      options: { refreshMs: 100 },
    });
    const auth = await app.signIn('safety');
    const actor = await app.modules.access.actorFromToken(auth.cookie?.replace('gz_session=', ''));
    if (actor.kind !== 'person') throw new Error('not signed in');
    const sent: string[] = [];
    let closed: { code: number; reason: string } | undefined;
    const handle = await feed.attach(
      { send: (t) => sent.push(t), close: (code, reason) => (closed = { code, reason }), bufferedAmount: 0 },
      actor,
      auth.cookie?.replace('gz_session=', ''),
    );
    handle.receive(JSON.stringify({ type: 'viewport', bbox: [121, 31, 122, 32], zoom: 10 }));
    await vi.waitFor(() => expect(sent.length).toBe(1));
    expect(closed).toBeUndefined();
    expect((await app.http.inject({ method: 'DELETE', url: '/api/v1/session', headers: auth })).statusCode).toBeLessThan(300);
    await vi.waitFor(() => expect(closed).toEqual({ code: 4401, reason: 'session ended' }));
    expect(feed.connections).toBe(0);
    feed.stop();
  });
});

describe('new alarms', () => {
  it('are pushed to viewers whose scope holds the vehicle, and to no one else', async () => {
    const logger = createLogger('silent');
    const sink = await app.modules.alarms.startSink({ logger, options: { tickMs: 3_600_000, flushMs: 5 } });
    const store = createPositionStore({ pool: app.database.pool, clock: systemClock, logger, latest: app.modules.vehicles.latest });
    store.onCommitted((records) => sink.accept(records));
    await store.start();
    try {
      const watching = await connect(officer);
      const bystander = await connect(principal);
      // Give both feeds a moment to start polling from now.
      await wait(1200);
      // The other enterprise's hazardous-goods vehicle at 75 km/h (limit 60) for 22 s, then 40 km/h.
      const base = Math.floor(Date.now() / 1000) * 1000 - 5 * 60_000;
      const at = (i: number, speedKmh: number): PositionRecord => ({
        vehicleId: ids.theirs as string,
        time: base + i * 2000,
        receivedAt: base + i * 2000 + 500,
        latE6: 31_200_000,
        lngE6: 121_400_000 + i * 450,
        altitude: 10,
        speed: speedKmh * 10,
        direction: 90,
        alarm: 0,
        status: 3,
        mileage: null,
        backfill: false,
        itemsHex: null,
      });
      for (let i = 0; i < 15; i++) {
        await new Promise<void>((resolve, reject) =>
          store.append([at(i, i < 12 ? 75 : 40)], (ok) => (ok ? resolve() : reject(new Error('not stored')))),
        );
      }
      await sink.drain();
      const pushed = await watching.next('alarm', () => true, 10_000);
      expect(pushed.alarm).toMatchObject({
        vehicleId: ids.theirs,
        plateNumber: '沪F00001',
        rule: 'overspeed',
        status: 'open',
        limit: 60,
        abilities: { verify: true },
      });
      await wait(2500);
      expect(bystander.messages.filter((m) => m.type === 'alarm')).toEqual([]);
      // Once each: other rules may fire on the same positions, but no alarm is pushed twice.
      const seen = watching.messages.filter((m) => m.type === 'alarm').map((m) => (m.alarm as { id: string }).id);
      expect(seen).toHaveLength(new Set(seen).size);
      expect(watching.messages.filter((m) => m.type === 'alarm' && (m.alarm as { rule: string }).rule === 'overspeed')).toHaveLength(1);
      watching.ws.close();
      bystander.ws.close();
    } finally {
      await store.close();
      await sink.close();
    }
  });
});
