import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.js';
import { browserAvailable, launchChromium } from '../support/browser.js';
import { goTo, openBrowserPage, PHONE, signInAs } from '../support/page.js';

const shots = path.resolve(import.meta.dirname, '../../test-results');

/**
 * Importing the vehicle register in Chromium: an enterprise's principal opens the import from the fleet page, uploads
 * a small CSV, watches the progress complete, reads the one refused row, and finds the imported vehicle in the list.
 */
let app: TestApp;
let browser: Browser;
let work: string;
let creditCode: string;

beforeAll(async () => {
  if (!browserAvailable) return;
  mkdirSync(shots, { recursive: true });
  work = mkdtempSync(path.join(tmpdir(), 'gongzhi-browser-'));
  app = await startTestApp({ demo: true, listen: true });
  browser = await launchChromium();
  const principal = await app.signIn('principal');
  const mine = (await app.http.inject({ url: '/api/v1/organisations/mine', headers: principal })).json().items[0];
  if (!mine?.creditCode) throw new Error('the principal’s enterprise has no credit code in the demo');
  creditCode = mine.creditCode;
});
afterAll(async () => {
  await browser?.close();
  await app?.close();
  if (work) rmSync(work, { recursive: true, force: true });
});

describe.runIf(browserAvailable)('importing vehicles in Chromium', () => {
  for (const [name, viewport] of [
    ['desktop', { width: 1280, height: 900 }],
    ['phone', PHONE],
  ] as const) {
    it(`an enterprise imports its vehicles from the fleet page (${name})`, { timeout: 270_000 }, async () => {
      const plate = name === 'desktop' ? '沪M50001' : '沪M50002';
      const file = path.join(work, `车辆-${name}.csv`);
      writeFileSync(
        file,
        [
          '车牌号,车牌颜色,车辆类型,经营企业,终端号,驾驶员',
          `${plate},黄,危险货物运输车,${creditCode},0139500000${name === 'desktop' ? '01' : '02'},周师傅/B${name}01`,
          `沪M59999,黄,拖拉机,${creditCode},013950009999,`,
        ].join('\r\n'),
      );
      const { page, outside, close } = await openBrowserPage(browser, app.url, { viewport });
      try {
        await signInAs(page, app.url, 'principal');
        await goTo(page, 'vehicles');
        await page.getByTestId('page-vehicles').waitFor();
        await page.getByTestId('vehicle-import').click();
        expect(await page.getByTestId('vehicle-import-template').getAttribute('href')).toMatch(/\/vehicles\/imports\/template\.csv$/);
        await page.setInputFiles('[data-testid=vehicle-import-upload] input[type=file]', file);
        await page.locator('[data-testid=import-status][data-status=succeeded]').waitFor({ timeout: 180_000 });
        expect(await page.getByTestId('import-progress').getAttribute('data-progress')).toBe('1');
        expect(await page.getByTestId('import-created').getAttribute('data-value')).toBe('1');
        expect(await page.getByTestId('import-refused').getAttribute('data-value')).toBe('1');
        const refusals = page.getByTestId('import-refusals').locator('[data-testid^="import-refusal-"]');
        expect(await refusals.count()).toBe(1);
        expect(await refusals.getByTestId('refusal-column').allInnerTexts()).toEqual(['车辆类型']);
        expect(await page.getByTestId('import-refusal-3').isVisible()).toBe(true);
        await page.screenshot({ path: path.join(shots, `vehicles-import-${name}.png`), fullPage: true });
        await page.keyboard.press('Escape');
        await page.getByTestId('vehicle-table').getByText(plate).waitFor();
        expect(outside).toEqual([]);
      } finally {
        await close();
      }
    });
  }
});
