import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Auth } from '../api/hazards.support.js';
import { pick } from '../support/antd.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { browserAvailable, launchChromium } from '../support/browser.js';
import { goTo, openBrowserPage, PHONE, signInAs } from '../support/page.js';
import { reportMapSettled } from '../support/report-map.js';

/**
 * The volunteer screens on a phone: a resident applies without an account, the officer approves the application,
 * and the demo volunteer records a patrol with the phone's position and sees it in their list and the ranking.
 */
let app: TestApp;
let browser: Browser;
let officer: Auth;
let community: string;
const shots = path.resolve(import.meta.dirname, '../../test-results');
const phone = { viewport: PHONE, isMobile: true, hasTouch: true };

beforeAll(async () => {
  if (!browserAvailable) return;
  mkdirSync(shots, { recursive: true });
  app = await startTestApp({ demo: true, listen: true });
  browser = await launchChromium();
  officer = await app.signIn('officer');
  const volunteer = await app.signIn('volunteer');
  const session = (await app.http.inject({ url: '/api/v1/session', headers: volunteer })).json();
  community = session.grants[0].areaId;
});
afterAll(async () => {
  await browser?.close();
  await app?.close();
});

describe.skipIf(!browserAvailable)('volunteers on a phone', () => {
  it('a resident applies without an account and the officer approves the application', { timeout: 240_000 }, async () => {
    const resident = await openBrowserPage(browser, app.url, phone);
    try {
      const { page } = resident;
      await page.goto(`${app.url}/volunteer/apply`);
      await page.getByTestId('apply-name').fill('孙志愿');
      await page.getByTestId('apply-phone').fill('13812345678');
      await pick(page, 'apply-area', `area-${community}`);
      await page.getByTestId('apply-skills').getByText('急救').click();
      await page.getByTestId('apply-submit').click();
      await page.getByTestId('apply-done').waitFor();
      await page.screenshot({ path: path.join(shots, 'volunteers-phone-apply.png'), fullPage: true });
      expect(resident.outside).toEqual([]);
    } finally {
      await resident.close();
    }

    const applications = (await app.http.inject({ url: '/api/v1/volunteers/applications?status=pending', headers: officer })).json()
      .items as { id: string; name: string }[];
    const id = applications.find((a) => a.name === '孙志愿')?.id as string;
    expect(id).toBeTruthy();

    const office = await openBrowserPage(browser, app.url, phone);
    try {
      const { page } = office;
      await signInAs(page, app.url, 'officer');
      await goTo(page, 'volunteers');
      await page.getByRole('tab', { name: '入队申请' }).click();
      const card = page.getByTestId(`application-${id}`);
      await expect(card.innerText()).resolves.toContain('138****5678');
      await card.getByTestId('application-approve').click();
      // A click on a modal still in its opening animation can be lost on a loaded machine: wait for it to settle.
      await page.getByTestId('approve-confirm').waitFor();
      await page.waitForFunction(
        "![...document.querySelectorAll('.ant-modal, .ant-modal-mask')].some((m) => /-(appear|enter|leave)/.test(m.className))",
      );
      await page.getByTestId('approve-confirm').click();
      await card.waitFor({ state: 'detached' });
      await page.getByRole('tab', { name: '队伍' }).click();
      await page.getByTestId('volunteers-list').getByText('孙志愿', { exact: true }).waitFor();
      await page.screenshot({ path: path.join(shots, 'volunteers-phone-office.png'), fullPage: true });
    } finally {
      await office.close();
    }
  });

  it('the volunteer records a patrol with the phone’s position and finds it in the list and the ranking', {
    timeout: 240_000,
  }, async () => {
    const { page, close } = await openBrowserPage(browser, app.url, {
      ...phone,
      permissions: ['geolocation'],
      geolocation: { latitude: 30.25, longitude: 120.16 },
    });
    try {
      await signInAs(page, app.url, 'volunteer');
      await goTo(page, 'volunteering');
      await page.getByTestId('patrol-start').click();
      // The first position is taken at once; the rest every 30 seconds while the page stays open.
      await page.waitForFunction("/已记录 1 个位置点/.test(document.querySelector('[data-testid=patrol-recording]')?.textContent ?? '')");
      await page.getByTestId('patrol-finding').fill('五金店门口电动车充电');
      await page.getByTestId('patrol-stop').click();
      await page.getByTestId('patrol-start').waitFor();
      // The list reloads after the save.
      await page.getByTestId('my-patrols').getByText('五金店门口电动车充电', { exact: false }).waitFor();
      await page.screenshot({ path: path.join(shots, 'volunteers-phone-patrol.png'), fullPage: true });
      await page.getByTestId('my-ranking-link').click();
      await page.getByTestId('page-volunteer-ranking').waitFor();
      // The volunteer's own row is marked, with the name in full (the others' are masked).
      await page.getByTestId('ranking-list').getByText('我', { exact: true }).waitFor();
      await expect(page.getByTestId('ranking-row').count()).resolves.toBeGreaterThan(0);
    } finally {
      await close();
    }
  });

  it('a signed-in volunteer files a report in their own name, credited to them for points', { timeout: 240_000 }, async () => {
    const { page, close } = await openBrowserPage(browser, app.url, phone);
    try {
      await signInAs(page, app.url, 'volunteer');
      await page.goto(`${app.url}/report`);
      await page.getByTestId('page-report-file').waitFor();
      // Filing as the volunteer is the default; nothing asks for a name.
      await page.getByTestId('report-volunteer-note').waitFor();
      expect(await page.getByTestId('report-name').count()).toBe(0);
      await reportMapSettled(page);
      await page.getByTestId('report-pick-map').click();
      await page.waitForFunction("document.querySelector('[data-testid=report-point]')?.getAttribute('data-source') === 'map'");
      await page.getByTestId('report-service-fire_exit').click();
      await page.getByTestId('report-text').fill('志愿者巡查：菜市场消防通道被货架堵住');
      await page.getByTestId('report-submit').click();
      const filed = page.getByTestId('report-filed');
      const offer = page.getByTestId('report-nearby-file-anyway');
      await filed.or(offer).waitFor();
      if (await offer.isVisible()) await offer.click();
      await filed.waitFor();
      const code = (await page.getByTestId('report-track-code').innerText()).trim();
      const volunteer = await app.signIn('volunteer');
      const mine = (await app.http.inject({ url: '/api/v1/volunteers/me/reports', headers: volunteer })).json();
      expect(mine.items.map((r: { code: string }) => r.code)).toContain(code);
    } finally {
      await close();
    }
  });
});
