import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { myOrganisation } from '../api/hazards.support.js';
import { pick } from '../support/antd.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { browserAvailable, launchChromium } from '../support/browser.js';
import { openBrowserPage, PHONE } from '../support/page.js';

/**
 * The public map and list of reports on a phone, without an account: a filed report is listed (and
 * its reporter is not), the category filter keeps it, its RSS feed link answers with a feed that
 * holds it, its code opens its public page, and an e-mail subscription is asked for and confirmed
 * from the link in the mail.
 */
const shots = path.resolve(import.meta.dirname, '../../test-results');
let app: TestApp;
let browser: Browser;
let filed: { code: string; token: string };
const REPORTER = { name: '司马光明', contact: '13912345678' };

beforeAll(async () => {
  if (!browserAvailable) return;
  mkdirSync(shots, { recursive: true });
  app = await startTestApp({ demo: true, listen: true });
  browser = await launchChromium();
  const enterprise = (await myOrganisation(app, await app.signIn('principal'))) as unknown as { lng: number; lat: number };
  const res = await app.http.inject({
    method: 'POST',
    url: '/api/v1/public/reports',
    headers: { 'x-device-id': randomBytes(12).toString('hex') },
    payload: {
      serviceCode: 'electrical',
      description: '楼道里有人给电动车充电，电线拖了十几米',
      location: { lng: enterprise.lng, lat: enterprise.lat },
      reporter: REPORTER,
    },
  });
  expect(res.statusCode, res.body).toBe(201);
  filed = res.json();
});
afterAll(async () => {
  await browser?.close();
  await app?.close();
});

describe.runIf(browserAvailable)('the public map of reports on a phone', () => {
  it('lists a filed report, filters it, links its feed and its page, and takes an e-mail subscription', async () => {
    const { page, outside, close } = await openBrowserPage(browser, app.url, { viewport: PHONE, isMobile: true, hasTouch: true });
    try {
      await page.goto(`${app.url}/reports/public`);
      const item = page.locator(`[data-testid="public-map-item"][data-code="${filed.code}"]`);
      await item.waitFor();
      expect(await item.getAttribute('data-state')).toBe('received');
      expect(await item.innerText()).toContain('电动车充电');
      const pageText = await page.locator('body').innerText();
      expect(pageText).not.toContain(REPORTER.name);
      expect(pageText).not.toContain(REPORTER.contact);
      await page.getByTestId('public-map-map').waitFor();

      await pick(page, 'public-map-category', 'public-map-category-option-electrical');
      await page.waitForURL(/category=electrical/);
      await item.waitFor();
      await page.screenshot({ path: path.join(shots, 'reports-public-map-phone.png'), fullPage: true });

      const rss = await page.getByTestId('public-map-rss').getAttribute('href');
      expect(rss).toContain('category=electrical');
      const feed = await page.request.get(`${app.url}${rss}`);
      expect(feed.status()).toBe(200);
      expect(feed.headers()['content-type']).toBe('application/rss+xml; charset=utf-8');
      const xml = await feed.text();
      expect(xml).toContain(`/reports/public/${filed.code}</guid>`);
      expect(xml).not.toContain(filed.token);

      await page.getByTestId('public-map-subscribe').getByRole('textbox').fill('reader@example.cn');
      await page.getByTestId('public-map-subscribe-submit').click();
      await page.getByTestId('public-map-subscribe-sent').waitFor();
      const mail = await sql<{ body: string }>`
        select body from notifications.outbox where recipient_kind = 'external' order by created_at desc limit 1`.execute(app.database.db);
      const link = /https?:\/\/[^\s]+\/reports\/public\?confirm=[0-9a-f]{64}/.exec(mail.rows[0]?.body ?? '')?.[0];
      expect(link).toBeDefined();
      await page.goto(`${app.url}${new URL(link as string).pathname}${new URL(link as string).search}`);
      await page.locator('[data-testid="public-map-link"][data-outcome="confirm"]').waitFor();
      expect(await page.getByTestId('public-map-link').innerText()).toContain('电气线路或电动车违规充电');

      await page.locator(`[data-testid="public-map-item"][data-code="${filed.code}"] a`).first().click();
      await page.locator(`[data-testid="public-report"][data-code="${filed.code}"]`).waitFor();
      await page.waitForURL(new RegExp(`/reports/public/${filed.code}$`));
      expect(await page.getByTestId('public-report-history').innerText()).toContain('已受理');
      expect(outside).toEqual([]);
    } finally {
      await close();
    }
  });
});
