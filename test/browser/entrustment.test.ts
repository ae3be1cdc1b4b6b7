import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/platform/clock/index.js';
import { pick } from '../support/antd.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { browserAvailable, launchChromium } from '../support/browser.js';
import { openBrowserPage, PHONE, signInAs } from '../support/page.js';

const shots = path.resolve(import.meta.dirname, '../../test-results');
const DAY = 86_400_000;

/**
 * One entrustment's life seen through the browser: an officer entrusts the demo
 * consultancy with ten enterprises picked on screen; the consultancy's inspector
 * then sees exactly those ten; once the server's clock passes the end of the
 * validity the inspector sees none, the officer sees it expired, and so does
 * anyone who checks its code at the door.
 */
const clock = fixedClock(new Date());
let app: TestApp;
let browser: Browser;

/** Shared by the steps below, which run in order. */
const state: { providerId?: string; entrustmentId?: string; code?: string; picked: string[]; creditCode?: string | null } = {
  picked: [],
};

beforeAll(async () => {
  if (!browserAvailable) return;
  mkdirSync(shots, { recursive: true });
  app = await startTestApp({ demo: true, listen: true, clock });
  browser = await launchChromium();

  // The demo inspector works at the safety consultancy: that is the provider to entrust.
  const headers = await app.signIn('inspector');
  const res = await app.http.inject({ method: 'GET', url: '/api/v1/organisations/mine', headers });
  const provider = (res.json() as { items: { id: string; kind: string }[] }).items.find((o) => o.kind === 'provider');
  if (!provider) throw new Error(`the demo inspector works for no provider: ${res.body}`);
  state.providerId = provider.id;
});
afterAll(async () => {
  await browser?.close();
  await app?.close();
});

const openPage = (viewport = { width: 1280, height: 800 }) => openBrowserPage(browser, app.url, { viewport });

const signIn = (page: Page, username: string) => signInAs(page, app.url, username);

/** An instant as the pickers take it: Beijing wall-clock time to the minute, `YYYY-MM-DD HH:mm`. */
const pickerText = (at: Date) => new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');

/** The ids of the rows of the enterprise list once it has loaded, and the total it states. */
async function listedEnterprises(page: Page): Promise<{ total: number; ids: string[] }> {
  await page.getByTestId('nav-enterprises').click();
  await page.getByTestId('page-enterprises').waitFor();
  await page.waitForFunction("/\\d/.test(document.querySelector('[data-testid=enterprise-total]')?.textContent ?? '')");
  const total = Number((await page.getByTestId('enterprise-total').innerText()).replace(/\D/g, ''));
  const ids = await page
    .locator('[data-testid^="enterprise-row-"]')
    .evaluateAll((rows) => rows.map((row) => (row.getAttribute('data-testid') ?? '').replace(/^enterprise-row-/, '')));
  return { total, ids: ids.sort() };
}

describe.runIf(browserAvailable)('an entrustment in Chromium, from signing to expiry', () => {
  it('an officer entrusts the consultancy with ten enterprises picked on screen', { timeout: 90_000 }, async () => {
    const { page, outside, close } = await openPage();
    try {
      await signIn(page, 'officer');
      await page.getByTestId('nav-entrustments').click();
      await page.getByTestId('page-entrustments').waitFor();
      await page.getByTestId('entrustment-new').click();
      await page.getByTestId('entrustment-form').waitFor();

      await page.getByTestId('entrustment-title').fill('安澜街道生产经营单位安全风险体检（浏览器测试）');
      await pick(page, 'entrustment-provider', `provider-option-${state.providerId}`);
      await page.getByTestId('entrustment-service-risk_examination').check();
      await page.getByTestId('entrustment-service-hazard_investigation').check();
      await page.getByTestId('entrustment-target-enterprises').click();

      const picker = page.getByTestId('enterprise-picker');
      await picker.locator('[data-testid^="pick-"]').first().waitFor();
      const boxes = (await picker.locator('[data-testid^="pick-"]').all()).slice(0, 10);
      expect(boxes).toHaveLength(10);
      for (const box of boxes) {
        state.picked.push(((await box.getAttribute('data-testid')) ?? '').replace(/^pick-/, ''));
        await box.check();
      }
      state.picked.sort();
      expect(await page.getByTestId('enterprise-picked-count').getAttribute('data-count')).toBe('10');

      // From now (to the minute, so already begun on the server's clock) for thirty days.
      const from = new Date(Math.floor(clock.now().getTime() / 60_000) * 60_000);
      const until = new Date(from.getTime() + 30 * DAY);
      const [start, end] = [page.getByTestId('validity').nth(0), page.getByTestId('validity').nth(1)];
      await start.click();
      await start.fill(pickerText(from));
      await end.click();
      await end.fill(pickerText(until));
      await page.getByTestId('entrustment-title').click();
      expect(await start.inputValue()).toBe(pickerText(from));
      expect(await end.inputValue()).toBe(pickerText(until));

      await page.getByTestId('entrustment-value').fill('128000');
      await page.getByTestId('entrustment-deliverable-0').fill('每家单位一份安全风险评估报告');
      await page.getByTestId('entrustment-submit').click();

      await page.getByTestId('page-entrustment-detail').waitFor();
      await page.waitForURL(/\/entrustments\/[0-9a-f-]{36}$/);
      state.entrustmentId = new URL(page.url()).pathname.split('/').at(-1);
      await page.getByTestId('entrustment-status').waitFor();
      expect(await page.getByTestId('entrustment-status').getAttribute('data-status')).toBe('in_force');
      expect(await page.getByTestId('entrustment-enterprise-count').getAttribute('data-count')).toBe('10');
      const covered = await page
        .locator('[data-testid^="covered-"]')
        .evaluateAll((rows) => rows.map((row) => (row.getAttribute('data-testid') ?? '').replace(/^covered-/, '')));
      expect(covered.sort()).toEqual(state.picked);
      state.code = (await page.getByTestId('entrustment-code').innerText()).trim();
      expect(state.code).toMatch(/^[0-9A-Z]{10}$/);
      await page.getByTestId('audit-history').locator('[data-action="entrustment.entrustment.create"]').waitFor();
      await page.screenshot({ path: path.join(shots, 'entrustment-detail-officer.png'), fullPage: true });
      expect(outside).toEqual([]);
    } finally {
      await close();
    }

    const headers = await app.signIn('officer');
    const res = await app.http.inject({ method: 'GET', url: `/api/v1/entrustments/${state.entrustmentId}`, headers });
    state.creditCode = (res.json() as { enterprises: { creditCode: string | null }[] }).enterprises.find((e) => e.creditCode)?.creditCode;
  });

  it('the consultancy’s inspector then lists exactly the ten enterprises entrusted', { timeout: 60_000 }, async () => {
    expect(state.entrustmentId).toBeDefined();
    const { page, close } = await openPage();
    try {
      await signIn(page, 'inspector');
      expect(await page.getByTestId('nav-enterprises').isVisible()).toBe(true);
      const { total, ids } = await listedEnterprises(page);
      expect(total).toBe(10);
      expect(ids).toEqual(state.picked);
    } finally {
      await close();
    }
  });

  it('past the end of its validity the inspector lists none and the officer sees it expired', { timeout: 60_000 }, async () => {
    expect(state.entrustmentId).toBeDefined();
    clock.advance(31 * DAY);

    // Thirty-one days on, the sessions of the steps above have ended too: sign in afresh.
    const inspector = await openPage();
    try {
      await signIn(inspector.page, 'inspector');
      const { total, ids } = await listedEnterprises(inspector.page);
      expect(total).toBe(0);
      expect(ids).toEqual([]);
    } finally {
      await inspector.close();
    }

    const officer = await openPage();
    try {
      await signIn(officer.page, 'officer');
      await officer.page.getByTestId('nav-entrustments').click();
      const row = officer.page.getByTestId(`entrustment-row-${state.entrustmentId}`);
      await row.waitFor();
      expect(await row.getByTestId('entrustment-row-status').getAttribute('data-status')).toBe('expired');
    } finally {
      await officer.close();
    }
  });

  it('anyone can check its code at the door without signing in, and sees it expired', { timeout: 60_000 }, async () => {
    expect(state.code).toBeDefined();
    const { page, outside, close } = await openPage(PHONE);
    try {
      await page.goto(`${app.url}/verify/${state.code}`);
      await page.getByTestId('page-verify').waitFor();
      await page.getByTestId('verify-status').waitFor();
      expect(await page.getByTestId('verify-status').getAttribute('data-status')).toBe('expired');
      expect(await page.getByTestId('verify-enterprise-count').innerText()).toBe('10');
      if (state.creditCode) {
        await page.getByTestId('verify-credit-code').fill(state.creditCode);
        await page.getByTestId('verify-check').click();
        await page.getByTestId('verify-covers').waitFor();
        expect(await page.getByTestId('verify-covers').getAttribute('data-covers')).toBe('true');
      }
      await page.screenshot({ path: path.join(shots, 'verify-expired-phone.png'), fullPage: true });
      expect(outside).toEqual([]);
    } finally {
      await close();
    }
  });
});
