import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Auth, hazardClient, myOrganisation, PNG } from '../api/hazards.support.js';
import { pick } from '../support/antd.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { browserAvailable, launchChromium } from '../support/browser.js';
import { goTo, openBrowserPage, PHONE, signInAs } from '../support/page.js';
import { reportMapSettled as mapSettled } from '../support/report-map.js';

const shots = path.resolve(import.meta.dirname, '../../test-results');

/**
 * 随手拍 in Chromium on a phone: a resident who is not signed in reports a hazard (a pin on the map,
 * a category, a description, a photo with an EXIF orientation), anonymously, and lands on its tracking
 * page; another resident whose photo records a place 20 m away is offered that open report before
 * sending; the officer verifies the report and turns it into a hazard on the office screens; the
 * tracking page follows the hazard to "being fixed" (the reporter adds a note and a photo) and, once
 * the hazard is closed, to "fixed" (the reporter asks to reopen). A place outside the jurisdiction is
 * refused beside the map; too many reports from one address are refused politely (429).
 */
let app: TestApp;
let browser: Browser;
let api: ReturnType<typeof hazardClient>;
let principal: Auth;
let enterprise: { id: string; name: string };

/** Shared by the steps below, which run in order. */
const state: { token?: string; code?: string; point?: { lng: number; lat: number } } = {};

beforeAll(async () => {
  if (!browserAvailable) return;
  mkdirSync(shots, { recursive: true });
  app = await startTestApp({ demo: true, listen: true });
  browser = await launchChromium();
  api = hazardClient(app);
  principal = await app.signIn('principal');
  enterprise = await myOrganisation(app, principal);
});
afterAll(async () => {
  await browser?.close();
  await app?.close();
});

/** Degrees as the EXIF rational triple `d/1 m/1 s/10000`. */
function dms(value: number): string {
  const abs = Math.abs(value);
  const d = Math.floor(abs);
  const m = Math.floor((abs - d) * 60);
  const s = Math.round(((abs - d) * 60 - m) * 60 * 10_000);
  return `${d}/1 ${m}/1 ${s}/10000`;
}

/** A small JPEG turned on its side by its EXIF orientation (as phones take them), and with a place when given. */
function photo(at?: { lng: number; lat: number }, colour = '#b91c1c'): Promise<Buffer> {
  const image = sharp({ create: { width: 80, height: 60, channels: 3, background: colour } }).withMetadata({ orientation: 6 });
  const placed = at
    ? image.withExifMerge({
        IFD3: {
          GPSLatitudeRef: at.lat >= 0 ? 'N' : 'S',
          GPSLatitude: dms(at.lat),
          GPSLongitudeRef: at.lng >= 0 ? 'E' : 'W',
          GPSLongitude: dms(at.lng),
        },
      })
    : image;
  return placed.jpeg().toBuffer();
}

/** The point the form shows as chosen, with where it came from. */
async function chosenPoint(page: Page) {
  const point = page.getByTestId('report-point');
  return {
    lng: Number(await point.getAttribute('data-lng')),
    lat: Number(await point.getAttribute('data-lat')),
    source: await point.getAttribute('data-source'),
  };
}

/** The tracking page's public state once it shows `want`, reloading while the office works. */
async function trackingState(page: Page, want: string) {
  await page.getByTestId('report-track-state').waitFor();
  for (let attempt = 0; attempt < 5; attempt++) {
    if ((await page.getByTestId('report-track-state').getAttribute('data-state')) === want) return want;
    await page.reload();
    await page.getByTestId('report-track-state').waitFor();
  }
  return page.getByTestId('report-track-state').getAttribute('data-state');
}

describe.runIf(browserAvailable)('a resident reports a hazard on a phone, without an account', () => {
  it('files an anonymous report with a pin, a category, a description and a photo, and lands on its tracking page', {
    timeout: 240_000,
  }, async () => {
    const { page, outside, close } = await openBrowserPage(browser, app.url, { viewport: PHONE });
    try {
      // The ways in for someone without an account: the public pages' header, and the sign-in page.
      await page.goto(`${app.url}/mandate`);
      await page.getByTestId('public-report').click();
      await page.getByTestId('page-report-file').waitFor();
      expect(await page.getByTestId('public-report').count()).toBe(0);
      await page.goto(`${app.url}/sign-in`);
      await page.getByTestId('sign-in-report').click();
      await page.getByTestId('page-report-file').waitFor();
      expect(new URL(page.url()).pathname).toBe('/report');

      // Sending with nothing filled in names what is missing and sends nothing.
      await page.getByTestId('report-submit').click();
      await page.locator('.ant-form-item-explain-error').first().waitFor();
      expect(await page.locator('.ant-form-item-explain-error').allInnerTexts()).toEqual(
        expect.arrayContaining(['请在地图上选择隐患位置', '请选择隐患类别', '请描述您看到的情况']),
      );

      // A pin where the map is tapped, shown as the chosen point.
      await mapSettled(page);
      await page.getByTestId('report-pick-map').click();
      await page.waitForFunction("document.querySelector('[data-testid=report-point]')?.getAttribute('data-source') === 'map'");
      const point = await chosenPoint(page);
      expect(Number.isFinite(point.lng) && Number.isFinite(point.lat)).toBe(true);
      expect(await page.getByTestId('report-point').innerText()).toContain('已选位置');
      state.point = { lng: point.lng, lat: point.lat };

      // The categories with their names in both languages.
      const fireExit = page.getByTestId('report-service-fire_exit');
      expect(await fireExit.innerText()).toContain('安全出口或消防通道堵塞');
      expect(await fireExit.innerText()).toContain('Blocked fire exit or escape route');
      await fireExit.click();
      await page.getByTestId('report-text').fill('商场后门安全出口被铁链锁住，楼道堆满纸箱（随手拍）');
      await page.getByTestId('report-address').fill('安澜路 12 号后门');

      // A photo from the phone: a thumbnail that can be removed; a file that is not a photo is refused here.
      await page.getByTestId('report-photo-input').setInputFiles([
        { name: 'IMG_2041.jpg', mimeType: 'image/jpeg', buffer: await photo() },
        { name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('not a photo') },
      ]);
      await page.getByTestId('report-photo').first().waitFor();
      expect(await page.getByTestId('report-photo').count()).toBe(1);
      expect(await page.getByTestId('report-photo-refused').innerText()).toContain('notes.txt');
      // A photo without a recorded place leaves the pin alone.
      expect((await chosenPoint(page)).source).toBe('map');

      // Anonymous unless the resident chooses otherwise; naming oneself says who will see it.
      expect(await page.getByTestId('report-name').count()).toBe(0);
      await page.getByTestId('report-named').click();
      await page.getByTestId('report-named-note').waitFor();
      expect(await page.getByTestId('report-named-note').innerText()).toContain('仅承办部门可见');
      await page.getByTestId('report-anonymous').click();
      await page.getByTestId('report-name').waitFor({ state: 'detached' });
      await page.screenshot({ path: path.join(shots, 'report-public-phone.png'), fullPage: true });

      await page.getByTestId('report-submit').click();
      await page.getByTestId('page-report-track').waitFor();
      await page.getByTestId('report-filed').waitFor();
      const token = decodeURIComponent(new URL(page.url()).pathname.replace(/^\/report\//, ''));
      expect(token.length).toBeGreaterThanOrEqual(20);
      state.token = token;
      state.code = (await page.getByTestId('report-track-code').innerText()).trim();
      expect(state.code).toMatch(/^JB-\d{4}-\d{6}$/);
      expect(await page.getByTestId('report-filed-code').innerText()).toContain(state.code);
      expect(await page.getByTestId('report-filed-link').innerText()).toBe(`${app.url}/report/${token}`);
      expect(await page.getByTestId('report-track-state').getAttribute('data-state')).toBe('received');
      expect(await page.getByTestId('page-report-track').innerText()).toContain('安全出口或消防通道堵塞');
      await page.getByTestId('report-track-photos').waitFor();
      expect(await page.getByTestId('report-track-photos').getAttribute('data-count')).toBe('1');
      await page.screenshot({ path: path.join(shots, 'report-track-received-phone.png'), fullPage: true });
      // In English too.
      await page.getByTestId('locale-en').click();
      await page.waitForFunction("document.querySelector('[data-testid=report-track-state]')?.textContent === 'Received'");
      expect(await page.getByTestId('page-report-track').innerText()).toContain('Blocked fire exit or escape route');
      expect(await page.getByTestId('report-filed').innerText()).toContain('Keep this tracking link');

      // The server agrees: anonymous, at the pin, with the photo.
      const officer = await app.signIn('officer');
      const inbox = (await api.get(officer, '/api/v1/reports?limit=200')).json();
      const item = inbox.items.find((r: { code: string }) => r.code === state.code);
      expect(item).toMatchObject({ serviceCode: 'fire_exit', named: false, status: 'submitted', address: '安澜路 12 号后门' });
      expect(item.location.lng).toBeCloseTo(point.lng, 5);
      expect(item.location.lat).toBeCloseTo(point.lat, 5);
      expect(outside).toEqual([]);
    } finally {
      await close();
    }
  });

  it('takes the place a photo recorded, and offers the open report of the same category nearby before sending', {
    timeout: 240_000,
  }, async () => {
    const { page, outside, close } = await openBrowserPage(browser, app.url, { viewport: PHONE });
    try {
      await page.goto(`${app.url}/report`);
      await page.getByTestId('page-report-file').waitFor();
      // A photo taken far away: with no pin yet its recorded place is taken, and shown as the photo's.
      const far = { lng: 100.5, lat: 20.5 };
      await page
        .getByTestId('report-photo-input')
        .setInputFiles({ name: 'IMG_0001.jpg', mimeType: 'image/jpeg', buffer: await photo(far) });
      await page.waitForFunction("document.querySelector('[data-testid=report-point]')?.getAttribute('data-source') === 'photo'");
      await page.getByTestId('report-point-from-photo').waitFor();
      expect((await chosenPoint(page)).lng).toBeCloseTo(far.lng, 5);
      expect(await page.getByTestId('report-photo').getAttribute('data-gps')).toBe('yes');
      await page.getByTestId('report-service-fire_exit').click();
      await page.getByTestId('report-text').fill('后门安全出口上锁');
      // The server refuses the place; the reason is shown beside the map, and nothing is filed.
      await page.getByTestId('report-submit').click();
      const whereError = page
        .locator('.ant-form-item')
        .filter({ has: page.getByTestId('report-where') })
        .locator('.ant-form-item-explain-error');
      await whereError.waitFor();
      expect(await whereError.innerText()).toBe('该位置不在本辖区内，请在地图上重新选择');
      expect(new URL(page.url()).pathname).toBe('/report');

      // The right photo, 20 m east of the first report: its place is offered in place of the one chosen.
      await page.getByTestId('report-photo-remove').click();
      await page.getByTestId('report-photo').waitFor({ state: 'detached' });
      const at = { lng: (state.point?.lng ?? 0) + 20 / 95_000, lat: state.point?.lat ?? 0 };
      await page.getByTestId('report-photo-input').setInputFiles({ name: 'IMG_2042.jpg', mimeType: 'image/jpeg', buffer: await photo(at) });
      await page.getByTestId('report-photo-place-offer').waitFor();
      await page.getByTestId('report-photo-place-use').click();
      await page.getByTestId('report-photo-place-offer').waitFor({ state: 'detached' });
      const point = await chosenPoint(page);
      expect(point.source).toBe('photo');
      expect(point.lng).toBeCloseTo(at.lng, 5);
      expect(point.lat).toBeCloseTo(at.lat, 5);

      await page.getByTestId('report-submit').click();
      const offer = page.getByTestId('report-nearby');
      await offer.waitFor();
      const item = page.locator(`[data-testid=report-nearby-item][data-code="${state.code}"]`);
      await item.waitFor();
      expect(await item.innerText()).toContain('商场后门安全出口被铁链锁住');
      // Opening it shows the public view of that report, beside the form.
      expect(await item.getByTestId('report-nearby-open').getAttribute('href')).toBe(`/reports/public/${state.code}`);
      await page.screenshot({ path: path.join(shots, 'report-nearby-phone.png'), fullPage: true });

      // Going back files nothing; filing anyway files a second report.
      await page.getByTestId('report-nearby-back').click();
      await offer.waitFor({ state: 'detached' });
      expect(new URL(page.url()).pathname).toBe('/report');
      await page.getByTestId('report-submit').click();
      await offer.waitFor();
      await page.getByTestId('report-nearby-file-anyway').click();
      await page.getByTestId('report-filed').waitFor();
      const second = (await page.getByTestId('report-track-code').innerText()).trim();
      expect(second).toMatch(/^JB-\d{4}-\d{6}$/);
      expect(second).not.toBe(state.code);
      expect(outside).toEqual([]);
    } finally {
      await close();
    }
  });

  it('the officer verifies the report and turns it into a hazard on the office screens', { timeout: 240_000 }, async () => {
    const { page, outside, close } = await openBrowserPage(browser, app.url, { viewport: PHONE });
    try {
      await signInAs(page, app.url, 'officer');
      await goTo(page, 'reports');
      await page.getByTestId('page-reports').waitFor();
      await page.getByTestId(`report-link-${state.code}`).click();
      await page.getByTestId('page-report').waitFor();
      expect(await page.getByTestId('report-code').innerText()).toBe(state.code);

      const verify = page.getByTestId('report-action-verify');
      expect(await verify.innerText()).toBe('核实');
      await verify.click();
      await page.getByTestId('report-action-form-verify').waitFor();
      await page.getByTestId('report-action-note').fill('已到现场核实');
      await page.getByTestId('report-action-confirm').click();
      await page.waitForFunction(
        "document.querySelector('[data-testid=report-detail-status]')?.getAttribute('data-status') === 'verified'",
      );
      await page.getByTestId('report-action-modal').waitFor({ state: 'hidden' });

      const create = page.getByTestId('report-action-create_hazard');
      expect(await create.innerText()).toBe('转为隐患');
      await create.click();
      await page.getByTestId('report-action-form-create_hazard').waitFor();
      await pick(page, 'report-action-enterprise', `enterprise-option-${enterprise.id}`, enterprise.name.slice(0, 4));
      await page.getByTestId('report-action-title').fill('商场后门安全出口上锁（随手拍）');
      await page.getByTestId('report-action-confirm').click();
      await page.waitForFunction("document.querySelector('[data-testid=report-detail-status]')?.getAttribute('data-status') === 'hazard'");
      expect(outside).toEqual([]);
    } finally {
      await close();
    }
  });

  it('the tracking page follows the hazard to "being fixed", then "fixed" once the hazard is closed', { timeout: 240_000 }, async () => {
    const { page, outside, close } = await openBrowserPage(browser, app.url, { viewport: PHONE });
    try {
      await page.goto(`${app.url}/report/${state.token}`);
      expect(await trackingState(page, 'in_progress')).toBe('in_progress');
      const officer = await app.signIn('officer');
      const inbox = (await api.get(officer, '/api/v1/reports?limit=200')).json();
      const { id } = inbox.items.find((r: { code: string }) => r.code === state.code);
      const { hazardId } = (await api.get(officer, `/api/v1/reports/${id}`)).json();
      const hazard = (await api.get(officer, `/api/v1/hazards/${hazardId}`)).json();
      expect(await page.getByTestId('report-track-hazard').innerText()).toContain(hazard.code);
      const steps = page.getByTestId('report-track-steps');
      expect(await steps.locator('.ant-steps-item-finish').count()).toBe(2);
      expect(await steps.locator('.ant-steps-item-process').innerText()).toContain('整改');
      const history = await page.getByTestId('report-track-history').innerText();
      expect(history).toContain('已到现场核实');
      // Times in Beijing time, as the form shows them.
      expect(history).toMatch(/\d{4}\/\d{2}\/\d{2} \d{2}:\d{2}/);

      // The reporter adds what they saw since.
      await page.getByTestId('report-info-text').fill('今天早上门又被锁上了');
      await page.getByTestId('report-info-submit').click();
      await page.locator('[data-testid=report-track-event][data-kind=information]').waitFor();
      expect(await page.getByTestId('report-track-history').innerText()).toContain('今天早上门又被锁上了');
      // And one more photo.
      await page
        .getByTestId('report-track-add-photo-input')
        .setInputFiles({ name: 'IMG_2050.jpg', mimeType: 'image/jpeg', buffer: await photo(undefined, '#1d4ed8') });
      await page.waitForFunction("document.querySelector('[data-testid=report-track-photos]')?.getAttribute('data-count') === '2'");
      await page.screenshot({ path: path.join(shots, 'report-track-in-progress-phone.png'), fullPage: true });

      // The hazard loop closes on the office's side.
      expect((await api.step(officer, hazardId, 'assess', { grade: 'general' })).json().status).toBe('assessed');
      const evidence = (await api.upload(officer, hazardId, 'after', { name: 'after.png', type: 'image/png', bytes: PNG() })).json().id;
      expect(
        (await api.step(officer, hazardId, 'fix-on-spot', { note: '已拆除铁链，清理通道', evidenceIds: [evidence] })).json().status,
      ).toBe('closed');

      await page.reload();
      expect(await trackingState(page, 'fixed')).toBe('fixed');
      expect(await page.getByTestId('report-track-hazard').innerText()).toContain(hazard.code);
      expect(await page.getByTestId('report-track-steps').locator('.ant-steps-item-finish').count()).toBe(4);
      // Within 30 days of the fix the reporter may ask for it to be looked at again.
      await page.getByTestId('report-reopen').waitFor();
      await page.screenshot({ path: path.join(shots, 'report-track-fixed-phone.png'), fullPage: true });
      await page.getByTestId('report-reopen-text').fill('铁链又装回去了');
      await page.getByTestId('report-reopen-submit').click();
      await page.waitForFunction("document.querySelector('[data-testid=report-track-state]')?.getAttribute('data-state') === 'reopened'");
      expect(await page.getByTestId('report-track-history').innerText()).toContain('铁链又装回去了');
      expect(await page.getByTestId('report-reopen').count()).toBe(0);
      expect(outside).toEqual([]);
    } finally {
      await close();
    }
  });

  it('says politely when too many reports came from here, and keeps what was filled in', { timeout: 240_000 }, async () => {
    // Other residents behind the same network address use up its hourly allowance.
    let refused = false;
    for (let i = 0; i < 25 && !refused; i++) {
      const res = await app.http.inject({
        method: 'POST',
        url: '/api/v1/public/reports',
        headers: { 'x-device-id': `browser-test-device-${i}` },
        payload: { serviceCode: 'other', description: `同一网络的其他举报 ${i}`, location: state.point },
      });
      refused = res.statusCode === 429;
    }
    expect(refused).toBe(true);

    const { page, outside, close } = await openBrowserPage(browser, app.url, { viewport: PHONE });
    try {
      await page.goto(`${app.url}/report`);
      await page.getByTestId('page-report-file').waitFor();
      await mapSettled(page);
      await page.getByTestId('report-pick-map').click();
      await page.waitForFunction("document.querySelector('[data-testid=report-point]')?.getAttribute('data-source') === 'map'");
      await page.getByTestId('report-service-electrical').click();
      await page.getByTestId('report-text').fill('楼道里有电动车在充电');
      await page.getByTestId('report-submit').click();
      const throttled = page.getByTestId('report-throttled');
      await throttled.waitFor();
      expect(await throttled.innerText()).toMatch(/请 \d+ 分钟后再试/);
      expect(new URL(page.url()).pathname).toBe('/report');
      expect(await page.getByTestId('report-text').inputValue()).toBe('楼道里有电动车在充电');
      expect(outside).toEqual([]);
    } finally {
      await close();
    }
  });
});
