import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pick } from '../support/antd.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { browserAvailable, launchChromium } from '../support/browser.js';
import { goTo, openBrowserPage, PHONE, signInAs } from '../support/page.js';

const shots = path.resolve(import.meta.dirname, '../../test-results');

/**
 * The risk register through the browser: the enterprise's safety manager adds a
 * risk point, assesses it by LEC into orange and gives it a control measure; the
 * street officer then finds the enterprise orange on the street's risk map.
 */
let app: TestApp;
let browser: Browser;
const state: { enterpriseId?: string; enterpriseName?: string; pointId?: string } = {};

beforeAll(async () => {
  if (!browserAvailable) return;
  mkdirSync(shots, { recursive: true });
  app = await startTestApp({ demo: true, listen: true });
  browser = await launchChromium();
  const headers = await app.signIn('safety');
  const mine = (await app.http.inject({ url: '/api/v1/organisations/mine', headers })).json() as { items: { id: string; name: string }[] };
  state.enterpriseId = mine.items[0]?.id;
  state.enterpriseName = mine.items[0]?.name;
});
afterAll(async () => {
  await browser?.close();
  await app?.close();
});

const openPage = (viewport = { width: 1280, height: 860 }) => openBrowserPage(browser, app.url, { viewport });

const signIn = (page: Page, username: string) => signInAs(page, app.url, username);

describe.runIf(browserAvailable)('the risk register in Chromium', () => {
  it('the safety manager adds a risk point, assesses it by LEC into orange and adds a control measure', { timeout: 120_000 }, async () => {
    const { page, outside, close } = await openPage();
    try {
      await signIn(page, 'safety');
      await goTo(page, 'risks');
      await page.getByTestId('page-enterprise-risks').waitFor();
      expect(page.url()).toContain(`/risks/enterprises/${state.enterpriseId}`);
      expect(['moderate', 'low']).toContain(await page.getByTestId('enterprise-risk-level').getAttribute('data-level'));

      await page.getByTestId('risk-point-add').click();
      await page.getByTestId('risk-point-drawer').waitFor();
      await page.getByTestId('risk-point-name').fill('浏览器测试：液氯钢瓶库');
      await page.getByTestId('risk-point-description').fill('存放 1 t 液氯钢瓶 8 只');
      // A click on the map places the point.
      await page.getByTestId('risk-point-map').click({ position: { x: 200, y: 100 } });
      await page.waitForFunction("document.querySelector('[data-testid=risk-point-map]')?.dataset.features === '1'");
      await pick(page, 'risk-source-type-0', 'accident-type-option-poisoning_asphyxiation', '中毒');
      await page.getByTestId('risk-source-description-0').fill('液氯泄漏');
      await page.getByTestId('risk-point-save').click();

      // Saved, its detail opens: not yet assessed.
      await page.getByTestId('risk-point-detail').waitFor();
      expect(await page.getByTestId('risk-detail-level').getAttribute('data-level')).toBe('none');
      await page.getByTestId('risk-detail-assess').click();
      await page.getByTestId('risk-assess-drawer').waitFor();
      await pick(page, 'risk-lec-l', 'risk-lec-l-6');
      await pick(page, 'risk-lec-e', 'risk-lec-e-6');
      await pick(page, 'risk-lec-c', 'risk-lec-c-7');
      // The level shows live, before anything is saved.
      await page.locator('[data-testid=risk-assess-level][data-level=high]').waitFor();
      expect(await page.getByTestId('risk-assess-d').innerText()).toContain('D = 252');
      await page.screenshot({ path: path.join(shots, 'risks-assess.png') });
      await page.getByTestId('risk-assess-save').click();
      await page.getByTestId('risk-assess-drawer').waitFor({ state: 'detached' });
      await page.locator('[data-testid=risk-detail-level][data-level=high]').waitFor();
      expect(await page.getByTestId('risk-detail-tiers').innerText()).toContain('公司（厂）级');

      await page.getByTestId('risk-detail-measure').click();
      await page.getByTestId('risk-measure-drawer').waitFor();
      await page.getByTestId('risk-measure-description').fill('液氯泄漏检测报警与碱液吸收装置联锁');
      await page.getByTestId('risk-measure-post').fill('仓库班组长');
      await page.getByTestId('risk-measure-save').click();
      await page.getByTestId('risk-measure-drawer').waitFor({ state: 'detached' });
      const detail = page.getByTestId('risk-point-detail');
      await detail.getByText('液氯泄漏检测报警与碱液吸收装置联锁').waitFor();

      // A second measure, changed and then retired: it leaves the list, the first stays.
      await page.getByTestId('risk-detail-measure').click();
      await page.getByTestId('risk-measure-drawer').waitFor();
      await page.getByTestId('risk-measure-description').fill('浏览器测试：临时警戒线');
      await page.getByTestId('risk-measure-post').fill('安全员');
      await page.getByTestId('risk-measure-save').click();
      await page.getByTestId('risk-measure-drawer').waitFor({ state: 'detached' });
      const temporary = detail.locator('[data-testid^="risk-measure-"]').filter({ hasText: '浏览器测试：临时警戒线' });
      await temporary.waitFor();
      await temporary.getByTestId('risk-measure-edit').click();
      await page.getByTestId('risk-measure-drawer').waitFor();
      expect(await page.getByTestId('risk-measure-post').inputValue()).toBe('安全员');
      await page.getByTestId('risk-measure-post').fill('值班长');
      await page.getByTestId('risk-measure-save').click();
      await page.getByTestId('risk-measure-drawer').waitFor({ state: 'detached' });
      await temporary.getByText('值班长').waitFor();
      await temporary.getByTestId('risk-measure-retire').click();
      await page.getByTestId('risk-measure-retire-reason').fill('警戒线已改为固定围栏');
      await page.getByTestId('risk-measure-retire-confirm').click();
      await temporary.waitFor({ state: 'detached' });
      await detail.getByText('液氯泄漏检测报警与碱液吸收装置联锁').waitFor();

      // The enterprise is now orange; its map shows the point in orange.
      await page.locator('[data-testid=enterprise-risk-level][data-level=high]').waitFor();
      const tags = await page.getByTestId('enterprise-risk-map').getAttribute('data-tags');
      expect(tags).toContain('high:1');
      await page.screenshot({ path: path.join(shots, 'risks-enterprise.png') });

      // Its notice card prints in orange.
      await detail.getByTestId('risk-detail-card').click();
      await page.getByTestId('page-risk-card').waitFor();
      expect(await page.getByTestId('risk-card').getAttribute('data-level')).toBe('high');
      expect(await page.getByTestId('risk-card-name').innerText()).toContain('液氯钢瓶库');
      state.pointId = page.url().split('/').at(-2);
      expect(outside).toEqual([]);
    } finally {
      await close();
    }
  });

  it('the street officer sees the enterprise orange on the risk map, on a phone', { timeout: 90_000 }, async () => {
    const { page, outside, close } = await openPage(PHONE);
    try {
      await signIn(page, 'officer');
      await goTo(page, 'risks');
      await page.getByTestId('page-risks').waitFor();
      await page.waitForFunction("Number(document.querySelector('[data-testid=risk-map]')?.dataset.features ?? 0) > 100");
      expect(Number(await page.getByTestId('risk-count-high').innerText())).toBeGreaterThanOrEqual(1);

      await page.getByTestId('risk-map-search').click();
      await page.keyboard.type(state.enterpriseName ?? '');
      await page.keyboard.press('Enter');
      await page.getByTestId('risk-selection').waitFor();
      expect(await page.getByTestId('risk-selection-name').innerText()).toBe(state.enterpriseName);
      expect(await page.getByTestId('risk-selection-level').getAttribute('data-level')).toBe('high');
      expect(await page.getByTestId('risk-map').getAttribute('data-selected')).toBe(state.enterpriseId);
      await page.screenshot({ path: path.join(shots, 'risks-street-phone.png') });

      await page.getByTestId('risk-selection-open').click();
      await page.getByTestId('page-enterprise-risks').waitFor();
      await page.locator('[data-testid=enterprise-risk-level][data-level=high]').waitFor();
      // The officer reads but does not edit.
      expect(await page.getByTestId('risk-point-add').count()).toBe(0);
      expect(outside).toEqual([]);
    } finally {
      await close();
    }
  });

  it('the head of the street office reads the scheme in force and publishes a version with another LEC edge', {
    timeout: 90_000,
  }, async () => {
    const { page, outside, close } = await openPage();
    try {
      await signIn(page, 'head');
      await goTo(page, 'risks');
      await page.getByTestId('risk-schemes-link').click();
      await page.getByTestId('page-risk-schemes').waitFor();
      // Versions are counted per area: the street's own next version.
      const next = (await page.locator('[data-testid^="scheme-version-"]').count()) + 1;
      // The research default, five LEC bands from the lowest: D = 320 is orange, above it red (left-open, right-closed).
      expect(await page.getByTestId('scheme-lec-bands-3').innerText()).toBe('(160, 320]');
      expect(await page.getByTestId('scheme-lec-bands-3').getAttribute('data-level')).toBe('high');
      expect(await page.getByTestId('scheme-ls-matrix').locator('td').count()).toBe(25);

      await page.getByTestId('scheme-publish').click();
      await page.getByTestId('scheme-publish-drawer').waitFor();
      // The edge between orange and red (the fourth edge) moves down to 300.
      await page.getByTestId('scheme-lec-edge-3').fill('300');
      await page.getByTestId('scheme-note').fill('浏览器测试：本街道从严');
      await page.getByTestId('scheme-publish-save').click();
      await page.getByTestId('scheme-publish-drawer').waitFor({ state: 'detached' });
      await page.locator(`[data-testid=scheme-effective][data-version="${next}"]`).waitFor();
      await page.getByTestId('scheme-lec-bands-3').getByText('(160, 300]').waitFor();
      expect(await page.getByTestId('scheme-lec-bands-4').innerText()).toBe('(300, +∞)');
      await page.getByTestId(`scheme-version-${next}`).getByText('浏览器测试：本街道从严').waitFor();

      // A bad edge is refused with the field named, and nothing is published.
      await page.getByTestId('scheme-publish').click();
      await page.getByTestId('scheme-lec-edge-3').fill('100');
      await page.getByTestId('scheme-publish-save').click();
      await page.locator('.ant-alert-error, .ant-form-item-explain-error').first().waitFor();
      expect(await page.getByTestId('scheme-publish-drawer').isVisible()).toBe(true);
      await page.keyboard.press('Escape');
      await page.getByTestId('scheme-publish-drawer').waitFor({ state: 'detached' });
      expect(Number(await page.getByTestId('scheme-effective').getAttribute('data-version'))).toBe(next);
      expect(await page.locator('[data-testid^="scheme-version-"]').count()).toBe(next);
      await page.screenshot({ path: path.join(shots, 'risks-schemes.png'), fullPage: true });
      expect(outside).toEqual([]);
    } finally {
      await close();
    }
  });
});
