import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closePopups, pick } from '../support/antd.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { browserAvailable, launchChromium } from '../support/browser.js';
import { goTo, openBrowserPage, PHONE, signInAs } from '../support/page.js';

const shots = path.resolve(import.meta.dirname, '../../test-results');
const PLATE = '沪K30001';
const CODE = 'Q330102198001';

/**
 * The drivers register and a vehicle's profile in Chromium: the enterprise's
 * safety manager adds a driver (a second one with the same certificate is
 * refused beside the field), assigns the driver to a coach and exempts it as a
 * relay coach; the vehicle page shows both, also on a phone.
 */
let app: TestApp;
let browser: Browser;
let vehicleId: string;
let enterpriseId: string;

beforeAll(async () => {
  if (!browserAvailable) return;
  mkdirSync(shots, { recursive: true });
  app = await startTestApp({ demo: true, listen: true });
  browser = await launchChromium();
  const officer = await app.signIn('officer');
  const safety = await app.signIn('safety');
  enterpriseId = (await app.http.inject({ url: '/api/v1/organisations/mine', headers: safety })).json().items[0].id;
  const created = await app.http.inject({
    method: 'POST',
    url: '/api/v1/vehicles',
    headers: officer,
    payload: { plateNumber: PLATE, plateColour: 'yellow', class: 'coach', enterpriseId, terminalNumber: '13700000001' },
  });
  if (created.statusCode !== 201) throw new Error(created.body);
  vehicleId = created.json().id;
});
afterAll(async () => {
  await browser?.close();
  await app?.close();
});

describe.runIf(browserAvailable)('drivers and a vehicle’s profile in Chromium', () => {
  it('the safety manager adds a driver, assigns it to a coach with the relay exemption, and the vehicle page shows it', {
    timeout: 240_000,
  }, async () => {
    const { page, outside, close } = await openBrowserPage(browser, app.url, { viewport: { width: 1366, height: 900 } });
    try {
      await signInAs(page, app.url, 'safety');
      await goTo(page, 'vehicles');
      await page.getByTestId('page-vehicles').waitFor();
      await page.getByTestId('tab-drivers').click();
      await page.getByTestId('driver-add').click();
      const form = page.getByTestId('driver-form');
      await form.waitFor();
      // The enterprise's staff have one enterprise: it comes chosen.
      await page.waitForFunction(
        "document.querySelector('[data-testid=driver-form] [data-testid=driver-enterprise] .ant-select-content-has-value, [data-testid=driver-form] [data-testid=driver-enterprise] .ant-select-selection-item') !== null",
      );
      await page.getByTestId('driver-name').fill('周师傅');
      await page.getByTestId('driver-code').fill(CODE);
      await page.getByTestId('driver-save').click();
      await form.waitFor({ state: 'detached' });
      await page.getByTestId('driver-table').getByText('周师傅').waitFor();

      // The same certificate again: refused, and said beside the field.
      await page.getByTestId('driver-add').click();
      await page.getByTestId('driver-name').fill('周某');
      await page.getByTestId('driver-code').fill(CODE.toLowerCase());
      await page.getByTestId('driver-save').click();
      const codeItem = page.locator('.ant-form-item', { has: page.getByTestId('driver-code') });
      await codeItem.locator('.ant-form-item-explain-error').waitFor();
      expect(await codeItem.locator('.ant-form-item-explain-error').innerText()).toMatch(/已.*登记|registered/);
      await page.keyboard.press('Escape');
      await page.getByTestId('driver-form').waitFor({ state: 'detached' });

      const drivers = (
        await app.http.inject({ url: '/api/v1/vehicles/drivers?q=%E5%91%A8', headers: await app.signIn('safety') })
      ).json() as { items: { id: string; name: string }[] };
      expect(drivers.items.map((d) => d.name)).toEqual(['周师傅']);
      const driverId = drivers.items[0]?.id as string;

      await page.goto(`${app.url}/vehicles/${vehicleId}`);
      await page.getByTestId('page-vehicle').waitFor();
      expect(await page.getByTestId('vehicle-drivers').innerText()).toContain('未指定驾驶员');
      await page.getByTestId('vehicle-edit').click();
      await page.getByTestId('vehicle-edit-form').waitFor();
      await pick(page, 'vehicle-edit-drivers', `vehicle-edit-driver-option-${driverId}`);
      await closePopups(page);
      await page.getByTestId('vehicle-edit-relay').click();
      await page.getByTestId('vehicle-edit-save').click();
      await page.getByTestId('vehicle-edit-form').waitFor({ state: 'detached' });
      await page.waitForFunction("document.querySelector('[data-testid=vehicle-drivers]')?.textContent.includes('周师傅')");
      expect(await page.getByTestId('vehicle-relay').innerText()).toContain('是');
      expect(await page.getByTestId('vehicle-current-driver').innerText()).toContain('未插卡');
      await page.screenshot({ path: path.join(shots, 'vehicle-profile.png'), fullPage: true });
      // The register now lists where the driver drives.
      await goTo(page, 'vehicles');
      await page.getByTestId('tab-drivers').click();
      await page.locator(`[data-testid=driver-table] tr[data-driver-id="${driverId}"]`).getByText(PLATE).waitFor();
      await page.screenshot({ path: path.join(shots, 'vehicle-drivers.png'), fullPage: true });
      expect(outside).toEqual([]);
    } finally {
      await close();
    }
  });

  it('on a phone the vehicle page shows the drivers and the edit form fills the screen', { timeout: 120_000 }, async () => {
    const { page, close } = await openBrowserPage(browser, app.url, { viewport: PHONE });
    try {
      await signInAs(page, app.url, 'safety');
      await page.goto(`${app.url}/vehicles/${vehicleId}`);
      await page.getByTestId('page-vehicle').waitFor();
      expect(await page.getByTestId('vehicle-drivers').innerText()).toContain('周师傅');
      await page.getByTestId('vehicle-edit').click();
      const formBox = await page.getByTestId('vehicle-edit-form').boundingBox();
      expect(formBox && formBox.width <= PHONE.width).toBe(true);
      expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(PHONE.width);
      await page.screenshot({ path: path.join(shots, 'vehicle-edit-phone.png') });
    } finally {
      await close();
    }
  });

  it('the officer sees the change in the vehicle’s history', { timeout: 120_000 }, async () => {
    const { page, close } = await openBrowserPage(browser, app.url, { viewport: { width: 1366, height: 900 } });
    try {
      await signInAs(page, app.url, 'officer');
      await page.goto(`${app.url}/vehicles/${vehicleId}`);
      const entry = page.locator('[data-testid=audit-history] [data-action="vehicles.vehicle.update"]');
      await entry.waitFor();
      expect(await entry.innerText()).toContain('修改车辆驾驶员与运行规则');
      expect(await entry.innerText()).toContain('接驳运输');
    } finally {
      await close();
    }
  });
});
