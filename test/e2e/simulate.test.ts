import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pointInRing } from '../../src/demo/geometry.js';
import { type Gateway, startGateway } from '../../src/ingest/jt808/gateway.js';
import { buildRoadNetwork, type SimulatedVehicle, startSimulation } from '../../src/ingest/simulator/index.js';
import { createPositionStore, type PositionStore, VEHICLE_CLASSES } from '../../src/modules/vehicles/index.js';
import { systemClock } from '../../src/platform/clock/index.js';
import { createLogger } from '../../src/platform/logging/index.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { startTcpProxy } from '../support/tcp-proxy.js';

let app: TestApp;
let gateway: Gateway;
let store: PositionStore;
const vehicles: SimulatedVehicle[] = VEHICLE_CLASSES.flatMap((cls, i) => [
  { terminal: `1450000${String(2 * i).padStart(4, '0')}`, plate: `浙LS${String(2 * i).padStart(4, '0')}`, class: cls },
  { terminal: `1450000${String(2 * i + 1).padStart(4, '0')}`, plate: `浙LS${String(2 * i + 1).padStart(4, '0')}`, class: cls },
]);
const idOf = new Map<string, string>();
const network = buildRoadNetwork({ seed: 5 });

beforeAll(async () => {
  app = await startTestApp({ demo: true });
  const officer = await app.signIn('officer');
  const enterpriseId = (await app.http.inject({ url: '/api/v1/enterprises?trade=transport&limit=1', headers: officer })).json().items[0].id;
  for (const v of vehicles) {
    const res = await app.http.inject({
      method: 'POST',
      url: '/api/v1/vehicles',
      headers: officer,
      payload: { plateNumber: v.plate, plateColour: 'yellow', class: v.class, enterpriseId, terminalNumber: v.terminal },
    });
    if (res.statusCode !== 201) throw new Error(res.body);
    idOf.set(v.terminal, res.json().id);
  }
  const logger = createLogger('silent');
  store = createPositionStore({
    pool: app.database.pool,
    clock: systemClock,
    logger,
    latest: app.modules.vehicles.latest,
    options: { concurrency: 2 },
  });
  await store.start();
  gateway = await startGateway({
    terminals: app.modules.vehicles.terminals,
    store,
    clock: systemClock,
    logger,
    host: '127.0.0.1',
    port: 0,
  });
});
afterAll(async () => {
  await gateway?.close();
  await store?.close();
  await app?.close();
});

async function stored(): Promise<{ vehicle_id: string; time: Date; lat: number; lng: number; speed_kmh: number; status: number }[]> {
  const { rows } = await app.database.pool.query(
    `select vehicle_id, time, lat, lng, speed_kmh, status from vehicles.position where vehicle_id = any($1::uuid[])
     union all select vehicle_id, time, lat, lng, speed_kmh, status from vehicles.position_outlier where vehicle_id = any($1::uuid[])`,
    [[...idOf.values()]],
  );
  return rows;
}

const key = (vehicleId: string, time: number) => `${vehicleId}@${time}`;
/** The latest 10:00 China Standard Time that has passed: a working morning, when most vehicles are on duty. */
const CST = 8 * 3_600_000;
const morning = (() => {
  const t = Math.floor((Date.now() + CST) / 86_400_000) * 86_400_000 - CST + 10 * 3_600_000;
  return t > Date.now() ? t - 86_400_000 : t;
})();

describe('gongzhi’s terminal simulator against the gateway', () => {
  it('signs terminals on over TCP and every acknowledged report is stored, inside the jurisdiction', async () => {
    const acked = new Set<string>();
    const sent: { terminal: string; speed: number }[] = [];
    const simulation = startSimulation({
      port: gateway.port,
      vehicles: [...vehicles, { terminal: '14599999999', plate: '浙LX9999', class: 'coach' }],
      intervalMs: 200,
      seed: 5,
      network,
      startTime: morning,
      // Six simulated seconds per report: vehicles move visibly in a short test.
      timeScale: 30,
      violations: { overspeed: 50, emergency: 50 },
      onReport: (v, r) => sent.push({ terminal: v.terminal, speed: r.speed }),
      onAcknowledged: (v, time) => acked.add(key(idOf.get(v.terminal) ?? '', time)),
    });
    await simulation.ready;
    await new Promise((r) => setTimeout(r, 4000));
    await simulation.stop();
    const stats = simulation.stats();
    // The terminal that is not in the register is refused; the others report.
    expect(stats.refused).toBe(1);
    expect(stats.acknowledged).toBeGreaterThan(vehicles.length * 5);
    expect(stats.pending).toBe(0);
    expect(stats.rejected).toBe(0);
    expect(stats.sent).toBe(stats.acknowledged);
    expect(acked.size).toBe(stats.acknowledged);
    expect(stats.violations.overspeed + stats.violations.emergency).toBeGreaterThan(0);

    const rows = await stored();
    expect(rows).toHaveLength(stats.acknowledged);
    const have = new Set(rows.map((r) => key(r.vehicle_id, r.time.getTime())));
    for (const k of acked) expect(have.has(k)).toBe(true);
    for (const r of rows) {
      expect(pointInRing([r.lng, r.lat], network.area.ring)).toBe(true);
      expect(r.status & 0x02).toBe(0x02);
    }
    // Every vehicle reported, and they moved.
    expect(new Set(rows.map((r) => r.vehicle_id)).size).toBe(vehicles.length);
    expect(Math.max(...rows.map((r) => r.speed_kmh))).toBeGreaterThan(20);
    // The latest position of each vehicle is what it last sent.
    for (const v of vehicles) expect(app.modules.vehicles.latest.get(idOf.get(v.terminal) ?? '')).toBeTruthy();
  });

  it('loses no acknowledged report when connections are cut: terminals reconnect and resend', async () => {
    const proxy = await startTcpProxy({ host: '127.0.0.1', port: gateway.port });
    const before = (await stored()).length;
    const acked = new Set<string>();
    const simulation = startSimulation({
      port: proxy.port,
      vehicles,
      intervalMs: 100,
      seed: 6,
      network,
      startTime: morning,
      timeScale: 20,
      ackTimeoutMs: 500,
      // No episodes of their own: every reconnection below is the cut's.
      violations: { overspeed: 0, long_parking: 0, emergency: 0, night_driving: 0, offline: 0 },
      onAcknowledged: (v, time) => acked.add(key(idOf.get(v.terminal) ?? '', time)),
    });
    await simulation.ready;
    await new Promise((r) => setTimeout(r, 1500));
    await proxy.cut();
    await new Promise((r) => setTimeout(r, 500));
    await proxy.restore();
    await new Promise((r) => setTimeout(r, 4000));
    await simulation.stop();
    await proxy.close();
    const stats = simulation.stats();
    expect(stats.reconnects).toBeGreaterThanOrEqual(vehicles.length);
    expect(stats.pending).toBe(0);
    expect(acked.size).toBe(stats.acknowledged);
    const rows = await stored();
    const have = new Set(rows.map((r) => key(r.vehicle_id, r.time.getTime())));
    for (const k of acked) expect(have.has(k)).toBe(true);
    // A report stored whose acknowledgement the cut swallowed is stored again when resent, never lost.
    expect(rows.length - before).toBeGreaterThanOrEqual(stats.acknowledged);
    expect(stats.online).toBe(vehicles.length);
  });
});
