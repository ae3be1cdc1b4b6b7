import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Gateway, startGateway } from '../../src/ingest/jt808/gateway.js';
import { encodeLocation } from '../../src/ingest/jt808/location.js';
import { authenticationBody, RESULT, registrationBody } from '../../src/ingest/jt808/messages.js';
import type { AlarmSink } from '../../src/modules/alarms/index.js';
import { createPositionStore, type PositionStore } from '../../src/modules/vehicles/index.js';
import { systemClock } from '../../src/platform/clock/index.js';
import { createLogger } from '../../src/platform/logging/index.js';
import { pick } from '../support/antd.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { browserAvailable, launchChromium } from '../support/browser.js';
import { TestTerminal } from '../support/jt808-terminal.js';
import { goTo, openBrowserPage, PHONE, signInAs } from '../support/page.js';

const shots = path.resolve(import.meta.dirname, '../../test-results');
const DESKTOP = { width: 1366, height: 900 };
const PLATE = '沪H00001';
const TERMINAL = '13500000001';

/**
 * The monitoring wall in Chromium: a registered vehicle's terminal, over real
 * TCP, reports an overspeed episode; the alarm appears in the officer's queue
 * without a reload (pushed over the WebSocket); the officer verifies it and
 * notifies the enterprise with a deadline; the enterprise's safety manager
 * messages the driver and closes it with a result; the alarm shows closed.
 */
let app: TestApp;
let browser: Browser;
let gateway: Gateway;
let store: PositionStore;
let sink: AlarmSink;
let terminal: TestTerminal | undefined;
let vehicleId: string;
let alarmId: string;
/** A point inside the demo jurisdiction, where the wall first looks. */
let centre: { lat: number; lng: number };
const logger = createLogger('silent');

beforeAll(async () => {
  if (!browserAvailable) return;
  mkdirSync(shots, { recursive: true });
  app = await startTestApp({ demo: true, listen: true });
  browser = await launchChromium();
  const officer = await app.signIn('officer');
  const principal = await app.signIn('principal');
  const enterpriseId = (await app.http.inject({ url: '/api/v1/organisations/mine', headers: principal })).json().items[0].id;
  const created = await app.http.inject({
    method: 'POST',
    url: '/api/v1/vehicles',
    headers: officer,
    payload: { plateNumber: PLATE, plateColour: 'yellow', class: 'hazardous_goods', enterpriseId, terminalNumber: TERMINAL },
  });
  if (created.statusCode !== 201) throw new Error(created.body);
  vehicleId = created.json().id;
  const areas = (await app.http.inject({ url: '/api/v1/areas/geojson', headers: officer })).json() as {
    features: { properties: { level: string }; geometry: { coordinates: number[][][] } | null }[];
  };
  const street = areas.features.find((f) => f.properties.level === 'street' && f.geometry);
  const ring = street?.geometry?.coordinates[0] ?? [];
  if (ring.length === 0) throw new Error('no street boundary in the demo');
  const mean = (i: number) => ring.reduce((n, c) => n + (c[i] ?? 0), 0) / ring.length;
  centre = { lng: mean(0), lat: mean(1) };
  // The wiring `gongzhi start` has: gateway → position store → (after commit) the rule engine's alarm sink.
  sink = await app.modules.alarms.startSink({ logger, options: { flushMs: 5 } });
  store = createPositionStore({ pool: app.database.pool, clock: systemClock, logger, latest: app.modules.vehicles.latest });
  store.onCommitted((records) => sink.accept(records));
  await store.start();
  gateway = await startGateway({
    terminals: app.modules.vehicles.terminals,
    store,
    clock: systemClock,
    logger,
    host: '127.0.0.1',
    port: 0,
    options: { sweepIntervalMs: 3_600_000, frameTimeoutMs: 20_000, idleMs: 180_000, authTimeoutMs: 60_000 },
  });
});
afterAll(async () => {
  terminal?.close();
  await gateway?.close();
  await store?.close();
  await sink?.close();
  await browser?.close();
  await app?.close();
});

const openPage = (viewport = DESKTOP) => openBrowserPage(browser, app.url, { viewport });

/** The terminal signs on and reports 75 km/h (limit 60) for 22 s, then 40 km/h: one overspeed episode. */
async function driveOverspeed() {
  const t = await TestTerminal.connect(gateway.port, TERMINAL);
  terminal = t;
  const registration = registrationBody(
    { province: 31, city: 115, makerId: 'GZ001', model: 'GZ-T808', terminalId: 'T000001', plateColour: 2, plate: PLATE },
    '2013',
  );
  const reg = await t.registerResponse(t.send(0x0100, registration));
  if (reg.result !== 0 || !reg.authCode) throw new Error(`registration refused: ${reg.result}`);
  expect(await t.ack(t.send(0x0102, authenticationBody(reg.authCode, '2013', '866123456789012', 'V1.0')), 0x0102)).toBe(RESULT.ok);
  const base = Math.floor(Date.now() / 1000) * 1000 - 60_000;
  for (let i = 0; i < 15; i++) {
    const body = encodeLocation({
      latE6: Math.round(centre.lat * 1e6),
      lngE6: Math.round(centre.lng * 1e6) + i * 450,
      speed: (i < 12 ? 75 : 40) * 10,
      direction: 90,
      time: base + i * 2000,
    });
    expect(await t.ack(t.send(0x0200, body), 0x0200)).toBe(RESULT.ok);
  }
}

async function statusBecomes(page: Page, status: string) {
  await page.waitForFunction(
    `document.querySelector('[data-testid=alarm-detail] [data-testid=alarm-status]')?.getAttribute('data-status') === '${status}'`,
  );
}

describe.runIf(browserAvailable)('the monitoring wall in Chromium', () => {
  it('an overspeed reported over TCP appears in the officer’s queue, who verifies it and notifies the enterprise', {
    timeout: 240_000,
  }, async () => {
    const { page, outside, close } = await openPage();
    try {
      await signInAs(page, app.url, 'officer');
      await goTo(page, 'monitoring');
      await page.getByTestId('page-monitoring').waitFor();
      await page.waitForFunction("document.querySelector('[data-testid=live-status]')?.getAttribute('data-status') === 'live'");
      await page.getByTestId('alarm-queue-empty').waitFor();

      await driveOverspeed();
      // Pushed: the page is not reloaded.
      const item = page.locator('[data-testid=alarm-queue-item][data-rule=overspeed]');
      await item.waitFor({ timeout: 60_000 });
      alarmId = (await item.getAttribute('data-alarm-id')) as string;
      expect(await item.innerText()).toContain(PLATE);
      expect(await item.innerText()).toContain('超速');
      // The vehicle is on the live map, marked as in alarm.
      await page.waitForFunction(
        "document.querySelector('[data-testid=live-map]')?.dataset.vehicles === '1' && document.querySelector('[data-testid=live-map]')?.dataset.alarms === '1'",
        undefined,
        { timeout: 30_000 },
      );
      await page.screenshot({ path: path.join(shots, 'monitoring-wall.png'), fullPage: true });

      await item.click();
      await page.getByTestId('alarm-drawer').getByTestId('alarm-detail').waitFor();
      await statusBecomes(page, 'open');
      expect(await page.getByTestId('alarm-peak').innerText()).toMatch(/75 km\/h \/ 60 km\/h/);
      // The officer may verify and notify; the enterprise's steps are not offered.
      expect(await page.getByTestId('alarm-handle-form').count()).toBe(0);
      await page.getByTestId('alarm-verify-note').fill('视频核实：车辆确有超速');
      await page.getByTestId('alarm-confirm').click();
      await statusBecomes(page, 'confirmed');
      await page.getByTestId('alarm-notify-form').waitFor();
      await page.getByTestId('alarm-notify-note').fill('请立即提醒驾驶员减速');
      await page.getByTestId('alarm-notify').click();
      await statusBecomes(page, 'notified');
      expect(await page.getByTestId('alarm-actions').count()).toBe(0);
      // The queue shows the new status without a reload.
      await page.waitForFunction(
        `document.querySelector('[data-testid=alarm-queue-item][data-alarm-id="${alarmId}"]')?.getAttribute('data-status') === 'notified'`,
      );
      expect(outside).toEqual([]);
    } finally {
      await close();
    }
  });

  it('the enterprise’s safety manager messages the driver and closes the alarm with a result', { timeout: 240_000 }, async () => {
    const { page, outside, close } = await openPage();
    try {
      await signInAs(page, app.url, 'safety');
      await goTo(page, 'vehicles');
      await page.getByTestId('page-vehicles').waitFor();
      await page.getByTestId('vehicle-table').getByText(PLATE).waitFor();
      const row = page.locator(`[data-testid=fleet-alarms] tr[data-alarm-id="${alarmId}"]`);
      await row.click();
      await page.getByTestId('alarm-drawer').getByTestId('alarm-detail').waitFor();
      await statusBecomes(page, 'notified');
      // The enterprise may not verify its own alarms.
      expect(await page.getByTestId('alarm-confirm').count()).toBe(0);
      await pick(page, 'alarm-action', 'alarm-action-message_driver');
      await page.getByTestId('alarm-handle-note').fill('已通过终端语音提醒驾驶员减速');
      await page.getByTestId('alarm-handle').click();
      await statusBecomes(page, 'handling');
      await page.getByTestId('alarm-result').fill('驾驶员已减速至限速以下，已批评教育');
      await page.getByTestId('alarm-close').click();
      await statusBecomes(page, 'closed');
      expect(await page.getByTestId('alarm-result-text').innerText()).toContain('驾驶员已减速');
      expect(outside).toEqual([]);
    } finally {
      await close();
    }
  });

  it('the officer sees it closed with its whole history, and the vehicle page plays back its track', { timeout: 240_000 }, async () => {
    const { page, close } = await openPage();
    try {
      await signInAs(page, app.url, 'officer');
      await page.goto(`${app.url}/alarms/${alarmId}`);
      await page.getByTestId('page-alarm').waitFor();
      await statusBecomes(page, 'closed');
      const history = await page.getByTestId('alarm-history').innerText();
      for (const step of ['报警产生', '核实', '通知企业', '企业处置', '办结']) expect(history).toContain(step);
      expect(history).toContain('已通过终端语音提醒驾驶员减速');
      await page.getByTestId('alarm-evidence-map').waitFor();

      await page.goto(`${app.url}/vehicles/${vehicleId}`);
      await page.getByTestId('page-vehicle').waitFor();
      await page.waitForFunction("Number(document.querySelector('[data-testid=track-map]')?.getAttribute('data-points')) === 15");
      await page.getByTestId('track-play').click();
      await page.waitForFunction("Number(document.querySelector('[data-testid=track-map]')?.dataset.index) >= 3");
      await page.locator(`[data-testid=vehicle-alarms] tr[data-alarm-id="${alarmId}"]`).waitFor();

      // The ranking: the enterprise with its vehicle, one alarm handled, in the table and the chart.
      await goTo(page, 'ranking');
      await page.getByTestId('page-ranking').waitFor();
      await page.getByTestId('ranking-table').locator('tbody tr.ant-table-row').first().waitFor();
      await page.getByTestId('ranking-chart').locator('svg').first().waitFor();
      await page.screenshot({ path: path.join(shots, 'vehicles-ranking.png'), fullPage: true });
    } finally {
      await close();
    }
  });

  it('on a phone the queue stacks under the map', { timeout: 120_000 }, async () => {
    const { page, close } = await openPage(PHONE);
    try {
      await signInAs(page, app.url, 'officer');
      await goTo(page, 'monitoring');
      await page.getByTestId('alarm-queue').waitFor();
      const map = await page.getByTestId('live-map').boundingBox();
      const queue = await page.getByTestId('alarm-queue').boundingBox();
      expect(map && queue && queue.y > map.y + map.height).toBe(true);
      expect(queue?.width).toBeLessThanOrEqual(PHONE.width);
    } finally {
      await close();
    }
  });
});
