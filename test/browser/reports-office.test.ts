import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Auth, multipart, myOrganisation } from '../api/hazards.support.js';
import { pick } from '../support/antd.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { browserAvailable, launchChromium } from '../support/browser.js';
import { goTo, openBrowserPage, signInAs } from '../support/page.js';

const shots = path.resolve(import.meta.dirname, '../../test-results');
const DESKTOP = { width: 1366, height: 900 };

/**
 * The office's report screens in Chromium on a desktop: a report filed through the public API reaches the
 * officer's inbox, is opened, verified and turned into a hazard on screen; the office head issues an Open311
 * key on screen (which then works) and revokes it (which then stops working).
 */
let app: TestApp;
let browser: Browser;
let principal: Auth;
let enterprise: { id: string; name: string; lng: number; lat: number };

beforeAll(async () => {
  if (!browserAvailable) return;
  mkdirSync(shots, { recursive: true });
  app = await startTestApp({ demo: true, listen: true });
  browser = await launchChromium();
  principal = await app.signIn('principal');
  enterprise = (await myOrganisation(app, principal)) as typeof enterprise;
});
afterAll(async () => {
  await browser?.close();
  await app?.close();
});

/** Files a report as a resident would, next to the demo enterprise, and answers its public code and tracking token. */
async function fileReport(description: string, reporter?: { name: string; contact: string }): Promise<{ code: string; token: string }> {
  const res = await app.http.inject({
    method: 'POST',
    url: '/api/v1/public/reports',
    headers: { 'x-device-id': randomBytes(12).toString('hex') },
    payload: { serviceCode: 'fire_exit', description, location: { lng: enterprise.lng, lat: enterprise.lat }, reporter },
  });
  if (res.statusCode !== 201) throw new Error(`filing failed: ${res.statusCode} ${res.body}`);
  return res.json() as { code: string; token: string };
}

/** Adds a small real JPEG to a report by its tracking token. */
async function addPhoto(token: string): Promise<void> {
  const bytes = await sharp({ create: { width: 32, height: 24, channels: 3, background: { r: 200, g: 40, b: 40 } } })
    .jpeg()
    .toBuffer();
  const body = multipart({}, { name: 'photo.jpg', type: 'image/jpeg', bytes });
  const res = await app.http.inject({
    method: 'POST',
    url: `/api/v1/public/reports/${token}/photos`,
    headers: { 'content-type': body.contentType },
    payload: body.payload,
  });
  if (res.statusCode !== 201) throw new Error(`photo failed: ${res.statusCode} ${res.body}`);
}

/** The public tracking view of a report. */
async function track(token: string): Promise<{ description: string; photos: unknown[] }> {
  const res = await app.http.inject({ url: `/api/v1/public/reports/${token}` });
  return res.json();
}

/** Posts an Open311 request with the key and answers the HTTP status. */
async function open311Post(apiKey: string): Promise<number> {
  const form = new URLSearchParams({
    api_key: apiKey,
    service_code: 'fire_exit',
    lat: String(enterprise.lat),
    long: String(enterprise.lng),
    description: '安全出口被锁（Open311 客户端）',
  });
  const res = await app.http.inject({
    method: 'POST',
    url: '/open311/v2/requests.json',
    headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
    payload: form.toString(),
  });
  return res.statusCode;
}

describe.runIf(browserAvailable)('the office’s report screens in Chromium', () => {
  it('a filed report appears in the officer’s inbox; on screen it is verified and turned into a hazard', { timeout: 240_000 }, async () => {
    const { code } = await fileReport('商场后门安全出口被铁链锁住（办公端浏览器测试）');
    const { page, outside, close } = await openBrowserPage(browser, app.url, { viewport: DESKTOP });
    try {
      await signInAs(page, app.url, 'officer');
      await goTo(page, 'reports');
      await page.getByTestId('page-reports').waitFor();
      const row = page.getByTestId(`report-row-${code}`);
      await row.waitFor();
      expect(await row.getByTestId('report-status').getAttribute('data-status')).toBe('submitted');
      expect(await row.innerText()).toContain('安全出口或消防通道堵塞');

      // The category filter is kept in the address and still shows the report.
      await pick(page, 'report-category-filter', 'report-category-option-fire_exit');
      await page.waitForURL(/category=fire_exit/);
      await row.waitFor();
      await page.screenshot({ path: path.join(shots, 'reports-inbox-officer.png') });

      await page.getByTestId(`report-link-${code}`).click();
      await page.getByTestId('page-report').waitFor();
      expect(await page.getByTestId('report-code').innerText()).toBe(code);
      expect(await page.getByTestId('report-description').innerText()).toContain('铁链锁住');
      // An anonymous report offers no reporter to show.
      expect(await page.getByTestId('report-show-reporter').count()).toBe(0);
      // Before verification a hazard cannot be created yet.
      expect(await page.getByTestId('report-action-create_hazard').count()).toBe(0);

      const verify = page.getByTestId('report-action-verify');
      expect(await verify.innerText()).toBe('核实');
      await verify.click();
      await page.getByTestId('report-action-form-verify').waitFor();
      await page.getByTestId('report-action-note').fill('已电话核实，安排现场检查');
      await page.getByTestId('report-action-confirm').click();
      await page.waitForFunction(
        "document.querySelector('[data-testid=report-detail-status]')?.getAttribute('data-status') === 'verified'",
      );
      await page.getByTestId('report-action-modal').waitFor({ state: 'hidden' });
      expect(await page.getByTestId('report-history').innerText()).toContain('已电话核实，安排现场检查');

      const create = page.getByTestId('report-action-create_hazard');
      expect(await create.innerText()).toBe('转为隐患');
      await create.click();
      await page.getByTestId('report-action-form-create_hazard').waitFor();
      // Without an enterprise the form says what is missing and sends nothing.
      await page.getByTestId('report-action-confirm').click();
      await page.locator('[data-testid=report-action-modal] .ant-form-item-explain-error').first().waitFor();
      await pick(page, 'report-action-enterprise', `enterprise-option-${enterprise.id}`, enterprise.name.slice(0, 4));
      await page.getByTestId('report-action-title').fill('商场后门安全出口上锁');
      await page.getByTestId('report-action-confirm').click();
      await page.waitForFunction("document.querySelector('[data-testid=report-detail-status]')?.getAttribute('data-status') === 'hazard'");
      expect(await page.getByTestId('report-public-state').getAttribute('data-state')).toBe('in_progress');
      expect(await page.getByTestId('report-no-actions').count()).toBe(1);
      await page.screenshot({ path: path.join(shots, 'reports-detail-hazard.png'), fullPage: true });

      await page.getByTestId('report-hazard-link').click();
      await page.getByTestId('page-hazard').waitFor();
      await page.waitForFunction("document.querySelector('[data-testid=page-hazard]')?.innerText.includes('商场后门安全出口上锁')");
      expect(outside).toEqual([]);
    } finally {
      await close();
    }
  });

  it('the officer reveals a named reporter after the audit notice, hides text and a photo from the public, and reads the figures', {
    timeout: 240_000,
  }, async () => {
    const { code, token } = await fileReport('楼道堆满纸箱，隔壁住户电话 13900000000', { name: '王小明', contact: '13800138000' });
    await addPhoto(token);
    const { page, outside, close } = await openBrowserPage(browser, app.url, { viewport: DESKTOP });
    try {
      await signInAs(page, app.url, 'officer');
      await goTo(page, 'reports');
      await page.getByTestId(`report-link-${code}`).click();
      await page.getByTestId('page-report').waitFor();

      // The identity is sealed until asked for, and the dialog says the view is recorded.
      expect(await page.getByTestId('report-reporter').innerText()).not.toContain('王小明');
      await page.getByTestId('report-show-reporter').click();
      await page.getByTestId('report-reporter-confirm').waitFor();
      expect(await page.getByTestId('report-reporter-modal').innerText()).toContain('审计');
      await page.getByTestId('report-reporter-confirm').click();
      await page.getByTestId('report-reporter-name').waitFor();
      expect(await page.getByTestId('report-reporter-name').innerText()).toContain('王小明');
      expect(await page.getByTestId('report-reporter-contact').innerText()).toContain('13800138000');

      // The text is hidden from the public with a reason; the office still reads it.
      await page.getByTestId('report-hide-description').click();
      await page.getByTestId('report-moderation-reason').waitFor();
      await page.getByTestId('report-moderation-confirm').click();
      await page.locator('[data-testid=report-moderation-modal] .ant-form-item-explain-error').first().waitFor();
      await page.getByTestId('report-moderation-reason').fill('含第三人的电话号码');
      await page.getByTestId('report-moderation-confirm').click();
      await page.getByTestId('report-description-hidden').waitFor();
      await page.getByTestId('report-moderation-reason').waitFor({ state: 'detached' });
      expect(await page.getByTestId('report-description').innerText()).toContain('13900000000');
      expect((await track(token)).description).not.toContain('13900000000');

      const photo = page.locator('[data-testid^=report-photo-]').first();
      await photo.waitFor();
      expect(await photo.getAttribute('data-hidden')).toBe('false');
      await photo.getByTestId('report-hide-photo').click();
      await page.getByTestId('report-moderation-reason').waitFor();
      await page.getByTestId('report-moderation-reason').fill('照片拍到了住户的面孔');
      await page.getByTestId('report-moderation-confirm').click();
      await page.waitForFunction("document.querySelector('[data-testid^=report-photo-]')?.getAttribute('data-hidden') === 'true'");
      expect((await track(token)).photos).toEqual([]);
      expect(await page.getByTestId('report-history').innerText()).toContain('照片拍到了住户的面孔');
      await page.screenshot({ path: path.join(shots, 'reports-detail-moderated.png'), fullPage: true });

      // Closed as a duplicate: an unknown original is refused on its field, then the right code closes it.
      const original = await fileReport('楼道堆满纸箱（先前的举报）');
      await page.getByTestId('report-action-duplicate').click();
      await page.getByTestId('report-action-form-duplicate').waitFor();
      await page.getByTestId('report-action-duplicate-of').fill('JB-1999-000000');
      await page.getByTestId('report-action-confirm').click();
      const fieldError = page.locator('[data-testid=report-action-form-duplicate] .ant-form-item-explain-error');
      await fieldError.first().waitFor();
      expect(await fieldError.first().innerText()).toContain('another report');
      await page.getByTestId('report-action-duplicate-of').fill(original.code);
      await page.getByTestId('report-action-confirm').click();
      await page.waitForFunction(
        "document.querySelector('[data-testid=report-detail-status]')?.getAttribute('data-status') === 'duplicate'",
      );
      expect(await page.getByTestId('report-public-state').getAttribute('data-state')).toBe('duplicate');
      await page.getByTestId('report-duplicate-link').waitFor();

      // The figures count the reports received in the area, per office and per category.
      await page.goto(`${app.url}/reports/figures`);
      await page.getByTestId('page-report-figures').waitFor();
      const fireExit = page.getByTestId('figures-row-fire_exit');
      await fireExit.waitFor();
      expect(Number(await fireExit.getByTestId('figure-received').innerText())).toBeGreaterThanOrEqual(1);
      expect(await page.getByTestId('figures-by-office').locator('[data-testid^=figures-row-]').count()).toBeGreaterThanOrEqual(1);
      await page.screenshot({ path: path.join(shots, 'reports-figures.png'), fullPage: true });
      expect(outside).toEqual([]);
    } finally {
      await close();
    }
  });

  it('the office head issues an Open311 key, shown once, and revokes it', { timeout: 240_000 }, async () => {
    const { page, outside, close } = await openBrowserPage(browser, app.url, { viewport: DESKTOP });
    try {
      await signInAs(page, app.url, 'head');
      await goTo(page, 'reports');
      await page.getByTestId('reports-clients-link').click();
      await page.getByTestId('page-open311-clients').waitFor();

      await page.getByTestId('client-name').fill('12345 热线网关（浏览器测试）');
      await page.getByTestId('client-issue').click();
      const key = page.getByTestId('client-key');
      await key.waitFor();
      const apiKey = (await key.innerText()).trim();
      expect(apiKey).toMatch(/^o311_/);
      await page.screenshot({ path: path.join(shots, 'reports-open311-key.png') });
      await page.getByTestId('client-key-close').click();
      // The key leaves the page with the dialog: it is not shown again.
      await key.waitFor({ state: 'detached' });
      expect(await page.getByText(apiKey).count()).toBe(0);
      expect(await open311Post(apiKey)).toBe(200);

      const row = page.locator('[data-testid^=client-row-][data-name="12345 热线网关（浏览器测试）"]');
      await row.waitFor();
      expect(await row.getByTestId('client-status').getAttribute('data-status')).toBe('active');
      await row.getByTestId('client-revoke').click();
      await page.getByTestId('client-revoke-confirm').click();
      await page.waitForFunction(
        `document.querySelector('[data-name="12345 热线网关（浏览器测试）"] [data-testid=client-status]')?.getAttribute('data-status') === 'revoked'`,
      );
      expect(await open311Post(apiKey)).toBe(403);
      expect(outside).toEqual([]);
    } finally {
      await close();
    }
  });
});
