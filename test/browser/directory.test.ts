import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeCreditCode } from '../../src/modules/directory/credit-code.js';
import { idNumberCheckCharacter } from '../../src/modules/directory/personal-data.js';
import { pick } from '../support/antd.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { browserAvailable, launchChromium } from '../support/browser.js';
import { openBrowserPage, signInAs } from '../support/page.js';

const shots = path.resolve(import.meta.dirname, '../../test-results');

/**
 * The directory through the browser: an officer imports a register of three
 * thousand enterprises and reads the report of the two rows refused; registers
 * a person whose numbers the list shows masked and the confirm dialog whole;
 * and the head of the street safety office makes that person a volunteer.
 */
let app: TestApp;
let browser: Browser;
let work: string;

const VALID_ROWS = 3_000;
const PERSON = {
  name: '欧阳测试',
  idNumber: `33010619850412123${idNumberCheckCharacter('33010619850412123')}`,
  phone: '13812345678',
};
/** Shared by the steps below, which run in order. */
const state: { personId?: string } = {};

beforeAll(async () => {
  if (!browserAvailable) return;
  mkdirSync(shots, { recursive: true });
  work = mkdtempSync(path.join(tmpdir(), 'gongzhi-browser-'));
  app = await startTestApp({ demo: true, listen: true });
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await app?.close();
  if (work) rmSync(work, { recursive: true, force: true });
});

const openPage = (viewport = { width: 1280, height: 800 }) => openBrowserPage(browser, app.url, { viewport });

const signIn = (page: Page, username: string) => signInAs(page, app.url, username);

/** A register file: the valid rows, with two rows whose credit code has a wrong check character among them. */
function registerFile(): string {
  const code = (i: number) =>
    makeCreditCode({ department: '9', category: '1', division: '338802', body8: `W${String(i).padStart(7, '0')}` });
  const wrong = (i: number) => {
    const valid = code(i);
    return `${valid.slice(0, 17)}${valid.endsWith('0') ? '1' : '0'}`;
  };
  const lines = ['统一社会信用代码,单位名称,行业类别'];
  for (let i = 1; i <= VALID_ROWS; i++) {
    lines.push(`${code(i)},浏览器导入测试单位${i}号,餐饮`);
    if (i === 1000) lines.push(`${wrong(900_001)},校验码错误的单位甲,餐饮`);
    if (i === 2000) lines.push(`${wrong(900_002)},校验码错误的单位乙,餐饮`);
  }
  const file = path.join(work, '单位名录.csv');
  writeFileSync(file, `${lines.join('\r\n')}\r\n`);
  return file;
}

describe.runIf(browserAvailable)('the directory in Chromium', () => {
  it('an officer imports a register and reads which rows were refused and why', { timeout: 120_000 }, async () => {
    const file = registerFile();
    const { page, outside, close } = await openPage();
    try {
      await signIn(page, 'officer');
      await page.getByTestId('nav-enterprises').click();
      await page.getByTestId('enterprise-import').click();
      await page.getByTestId('page-import').waitFor();
      await page.setInputFiles('[data-testid=import-upload] input[type=file]', file);

      await page.locator('[data-testid=import-status][data-status=succeeded]').waitFor({ timeout: 90_000 });
      expect(Number(await page.getByTestId('import-progress').getAttribute('data-progress'))).toBe(1);
      expect(await page.getByTestId('import-created').getAttribute('data-value')).toBe(String(VALID_ROWS));
      expect(await page.getByTestId('import-refused').getAttribute('data-value')).toBe('2');
      expect(await page.getByTestId('import-updated').getAttribute('data-value')).toBe('0');
      expect(await page.getByTestId('import-unchanged').getAttribute('data-value')).toBe('0');

      const refusals = page.getByTestId('import-refusals').locator('[data-testid^="import-refusal-"]');
      expect(await refusals.count()).toBe(2);
      expect(await refusals.getByTestId('refusal-column').allInnerTexts()).toEqual(['统一社会信用代码', '统一社会信用代码']);
      // Rows as the spreadsheet numbers them: the header is row 1.
      expect(
        await refusals.evaluateAll((rows) => rows.map((row) => row.getAttribute('data-testid')?.replace('import-refusal-', ''))),
      ).toEqual(['1002', '2003']);
      expect(await page.getByTestId('import-refusals-download').getAttribute('href')).toMatch(/\/refusals\.csv$/);
      await page.screenshot({ path: path.join(shots, 'import-officer.png'), fullPage: true });
      expect(outside).toEqual([]);
    } finally {
      await close();
    }
  });

  it('an officer adds a person: the list shows the numbers masked, the confirmed dialog whole', { timeout: 60_000 }, async () => {
    const { page, outside, close } = await openPage();
    try {
      await signIn(page, 'officer');
      await page.getByTestId('nav-people').click();
      await page.getByTestId('page-people').waitFor();
      await page.getByTestId('person-new').click();
      await page.getByTestId('person-form').waitFor();
      await page.getByTestId('person-name').fill(PERSON.name);
      await page.getByTestId('person-id-number').fill(PERSON.idNumber);
      await page.getByTestId('person-phone').fill(PERSON.phone);
      await page.getByTestId('person-submit').click();

      const row = page.locator('[data-testid^="person-row-"]', { hasText: PERSON.name });
      await row.waitFor();
      state.personId = (await row.getAttribute('data-testid'))?.replace('person-row-', '');
      expect(state.personId).toMatch(/^[0-9a-f-]{36}$/);
      expect(await row.getByTestId('person-phone-masked').innerText()).toBe('138****5678');
      expect(await row.getByTestId('person-id-number-masked').innerText()).toBe(`330106********${PERSON.idNumber.slice(14)}`);
      const content = await page.content();
      expect(content).not.toContain(PERSON.phone);
      expect(content).not.toContain(PERSON.idNumber);

      await page.getByTestId(`person-reveal-${state.personId}`).click();
      await page.getByTestId('reveal-confirm').click();
      expect(await page.getByTestId('revealed-id-number').innerText()).toBe(PERSON.idNumber);
      expect(await page.getByTestId('revealed-phone').innerText()).toBe(PERSON.phone);
      await page.screenshot({ path: path.join(shots, 'person-revealed-officer.png') });

      // Closing the dialog hides the whole numbers again.
      await page.getByTestId('reveal-close').click();
      await page.getByTestId('revealed-phone').waitFor({ state: 'detached' });
      expect(await page.content()).not.toContain(PERSON.phone);
      expect(outside).toEqual([]);
    } finally {
      await close();
    }
  });

  it('the head of the street safety office makes that person a volunteer of a community', { timeout: 150_000 }, async () => {
    expect(state.personId).toBeDefined();
    // The head's own office is the street safety office; a volunteer is held there, for a community.
    const headers = await app.signIn('head');
    const session = (await app.http.inject({ url: '/api/v1/session', headers })).json() as {
      grants: { role: string; organisation: { id: string } }[];
    };
    const officeId = session.grants.find((g) => g.role === 'regulator_head')?.organisation.id;
    const areas = (await app.http.inject({ url: '/api/v1/areas/geojson', headers })).json() as {
      features: { properties: { id: string; level: string; name: string } }[];
    };
    const community = areas.features.find((f) => f.properties.level === 'community')?.properties;
    expect(officeId).toBeDefined();
    expect(community).toBeDefined();
    if (!officeId || !community) return;

    const { page, outside, close } = await openPage();
    try {
      await signIn(page, 'head');
      await page.getByTestId('nav-people').click();
      await page.getByTestId('person-search').locator('input').fill(PERSON.name);
      await page.getByTestId('person-search').locator('input').press('Enter');
      await page.getByTestId(`person-link-${state.personId}`).click();
      await page.getByTestId('page-person').waitFor();
      await page.getByTestId('person-grants').waitFor();

      await page.getByTestId('grant-new').click();
      await page.getByTestId('grant-form').waitFor();
      await pick(page, 'grant-role', 'grant-role-option-volunteer');
      await pick(page, 'grant-organisation', `grant-organisation-option-${officeId}`, '安澜街道应急');
      await pick(page, 'grant-area', `area-option-${community.id}`, community.name);
      await page.getByTestId('grant-submit').click();

      const grant = page.locator('[data-testid^="grant-row-"][data-role="volunteer"]');
      try {
        await grant.waitFor({ timeout: 60_000 });
      } catch (error) {
        await page.screenshot({ path: path.join(shots, 'grant-assign-failure.png'), fullPage: true });
        throw error;
      }
      expect(await grant.getAttribute('data-active')).toBe('true');
      expect(await grant.getByTestId('grant-status').getAttribute('data-active')).toBe('true');
      expect(await grant.innerText()).toContain(community.name);
      await page.getByTestId('audit-history').locator('[data-action="access.grant.create"]').waitFor();
      await page.screenshot({ path: path.join(shots, 'person-volunteer-head.png'), fullPage: true });
      expect(outside).toEqual([]);
    } finally {
      await close();
    }
  });

  it('an officer opens an enterprise from the register and sees its record and change history', { timeout: 60_000 }, async () => {
    const { page, close } = await openPage();
    try {
      await signIn(page, 'officer');
      await page.goto(`${app.url}/enterprises`);
      const link = page.locator('[data-testid^="enterprise-link-"]').first();
      await link.waitFor();
      await link.click();
      await page.getByTestId('page-organisation-detail').waitFor();
      await page.getByTestId('audit-history').waitFor();
      await page.screenshot({ path: path.join(shots, 'organisation-detail-officer.png'), fullPage: true });
    } finally {
      await close();
    }
  });
});
