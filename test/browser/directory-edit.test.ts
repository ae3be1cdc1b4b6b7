import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pointInGeometry } from '../../src/modules/directory/directory.rules.js';
import type { Geometry } from '../../src/modules/directory/index.js';
import { idNumberCheckCharacter } from '../../src/modules/directory/personal-data.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { browserAvailable, launchChromium } from '../support/browser.js';
import { openBrowserPage, signInAs } from '../support/page.js';

const shots = path.resolve(import.meta.dirname, '../../test-results');

/**
 * Changing the directory through the browser: an officer imports people from the people page; edits an
 * enterprise's register record and moves it into another grid; walks the area tree in English down to a community
 * and on to its enterprises; a group lead adds and removes a member and the officer hands the lead to another
 * member; and anyone reads the published head of the audit chain on the mandate page.
 */
let app: TestApp;
let browser: Browser;
let work: string;

type Area = {
  id: string;
  parentId: string | null;
  level: string;
  code: string;
  name: string;
  nameEn: string | null;
  geometry: Geometry | null;
};
let areas: Area[];

beforeAll(async () => {
  if (!browserAvailable) return;
  mkdirSync(shots, { recursive: true });
  work = mkdtempSync(path.join(tmpdir(), 'gongzhi-browser-'));
  app = await startTestApp({ demo: true, listen: true });
  browser = await launchChromium();
  const officer = await app.signIn('officer');
  const fc = (await app.http.inject({ url: '/api/v1/areas/geojson', headers: officer })).json() as {
    features: { geometry: Geometry | null; properties: Omit<Area, 'geometry'> }[];
  };
  areas = fc.features.map((f) => ({ ...f.properties, geometry: f.geometry }));
});
afterAll(async () => {
  await browser?.close();
  await app?.close();
  if (work) rmSync(work, { recursive: true, force: true });
});

const openPage = (viewport = { width: 1280, height: 900 }) => openBrowserPage(browser, app.url, { viewport });

const signIn = (page: Page, username: string) => signInAs(page, app.url, username);

/** A point inside the area's boundary. */
function pointIn(area: Area): { lng: number; lat: number } {
  const ring = area.geometry?.type === 'Polygon' ? area.geometry.coordinates[0] : area.geometry?.coordinates[0]?.[0];
  if (!ring || !area.geometry) throw new Error('no boundary');
  const [x0, x1] = [Math.min(...ring.map((p) => p[0])), Math.max(...ring.map((p) => p[0]))];
  const [y0, y1] = [Math.min(...ring.map((p) => p[1])), Math.max(...ring.map((p) => p[1]))];
  for (let i = 1; i < 20; i++)
    for (let j = 1; j < 20; j++) {
      const point = { lng: Number((x0 + ((x1 - x0) * i) / 20).toFixed(6)), lat: Number((y0 + ((y1 - y0) * j) / 20).toFixed(6)) };
      if (pointInGeometry(point, area.geometry)) return point;
    }
  throw new Error('no point inside');
}

const idNumber = (first17: string) => `${first17}${idNumberCheckCharacter(first17)}`;
const PEOPLE = {
  valid: [idNumber('11010119800101123'), idNumber('31011519850615002'), idNumber('44030519920101001')],
  wrong: (() => {
    const id = idNumber('33010619700909004');
    return `${id.slice(0, 17)}${id.endsWith('0') ? '1' : '0'}`;
  })(),
};

/** Types into an InputNumber whether the test id sits on the input or on its wrapper. */
const numberInput = (page: Page, testId: string) => page.locator(`input[data-testid=${testId}], [data-testid=${testId}] input`).first();

describe.runIf(browserAvailable)('changing the directory in Chromium', () => {
  it('an officer imports people from the people page and reads the refused rows, masked', { timeout: 270_000 }, async () => {
    const file = path.join(work, '人员名单.csv');
    writeFileSync(
      file,
      [
        '姓名,身份证号,手机号',
        `导入甲,${PEOPLE.valid[0]},13800000001`,
        `导入乙,${PEOPLE.valid[1]},`,
        `导入丙,,13900000003`,
        `导入丁,${PEOPLE.wrong},`,
        `导入戊,${PEOPLE.valid[2]},12345`,
      ].join('\r\n'),
    );
    const { page, outside, close } = await openPage();
    try {
      await signIn(page, 'officer');
      await page.getByTestId('nav-people').click();
      await page.getByTestId('person-import').click();
      await page.getByTestId('page-people-import').waitFor();
      await page.setInputFiles('[data-testid=import-upload] input[type=file]', file);
      await page.locator('[data-testid=import-status][data-status=succeeded]').waitFor({ timeout: 180_000 });
      expect(await page.getByTestId('import-created').getAttribute('data-value')).toBe('3');
      expect(await page.getByTestId('import-refused').getAttribute('data-value')).toBe('2');
      const refusals = page.getByTestId('import-refusals').locator('[data-testid^="import-refusal-"]');
      expect(await refusals.count()).toBe(2);
      expect(await refusals.getByTestId('refusal-column').allInnerTexts()).toEqual(['身份证号', '手机号']);
      expect(await page.getByTestId('import-refusals-download').getAttribute('href')).toMatch(/people-imports\/.+\/refusals\.csv$/);
      await page.getByTestId('import-report-note').waitFor();
      const content = await page.content();
      expect(content).toContain(`330106********${PEOPLE.wrong.slice(14)}`);
      for (const whole of [PEOPLE.wrong, ...PEOPLE.valid, '13800000001']) expect(content).not.toContain(whole);
      await page.screenshot({ path: path.join(shots, 'people-import-officer.png'), fullPage: true });
      expect(outside).toEqual([]);
    } finally {
      await close();
    }
  });

  it('an officer edits an enterprise’s record and moves it into another grid', { timeout: 270_000 }, async () => {
    const headers = await app.signIn('officer');
    const list = (await app.http.inject({ url: '/api/v1/enterprises?limit=50', headers })).json() as {
      items: { id: string; areaId: string; lng: number | null; abilities: { edit: boolean } }[];
    };
    const enterprise = list.items.find((e) => e.lng !== null && e.abilities.edit);
    const target = areas.find((a) => a.level === 'grid' && a.id !== enterprise?.areaId && a.geometry) as Area;
    expect(enterprise).toBeDefined();
    const point = pointIn(target);
    const { page, outside, close } = await openPage();
    try {
      await signIn(page, 'officer');
      await page.goto(`${app.url}/organisations/${enterprise?.id}`);
      await page.getByTestId('page-organisation-detail').waitFor();
      await page.getByTestId('enterprise-edit').click();
      await page.locator('[data-testid=enterprise-form][data-mode=edit]').waitFor();
      expect(await page.getByTestId('enterprise-credit-code').isDisabled()).toBe(true);
      await page.getByTestId('enterprise-principal-name').fill('浏览器测试负责人');
      await page.getByTestId('enterprise-supervision-class').getByText('A', { exact: true }).click();
      await numberInput(page, 'enterprise-lng').fill(String(point.lng));
      await numberInput(page, 'enterprise-lat').fill(String(point.lat));
      await page.getByTestId('enterprise-submit').click();
      await page.locator('[data-testid=enterprise-form]').waitFor({ state: 'detached' });

      await page.getByTestId('organisation-principal').filter({ hasText: '浏览器测试负责人' }).waitFor();
      expect(await page.getByTestId('organisation-supervision-class').innerText()).toBe('A');
      expect(await page.getByTestId('organisation-area').innerText()).toBe(target.name);
      await page.getByTestId('audit-history').locator('[data-action="directory.enterprise.edit"]').waitFor();
      await page.screenshot({ path: path.join(shots, 'enterprise-edited-officer.png'), fullPage: true });
      expect(outside).toEqual([]);
    } finally {
      await close();
    }
  });

  it('a grid worker sees no edit action on an enterprise record', { timeout: 180_000 }, async () => {
    const headers = await app.signIn('gridworker');
    const [first] = (await app.http.inject({ url: '/api/v1/enterprises?limit=1', headers })).json().items as { id: string }[];
    const { page, close } = await openPage();
    try {
      await signIn(page, 'gridworker');
      await page.goto(`${app.url}/organisations/${first?.id}`);
      await page.getByTestId('organisation-record').waitFor();
      expect(await page.getByTestId('enterprise-edit').count()).toBe(0);
    } finally {
      await close();
    }
  });

  it('the area tree, in English: a community’s code, its enterprises, its boundary, and on to its list', { timeout: 270_000 }, async () => {
    const community = areas.find((a) => a.level === 'community') as Area;
    const { page, outside, close } = await openPage();
    try {
      await signIn(page, 'officer');
      await page.getByTestId('locale-en').click();
      await page.waitForFunction("document.documentElement.lang === 'en'");
      await page.getByTestId('nav-areas').click();
      await page.getByTestId('page-areas').waitFor();
      expect(await page.getByTestId('nav-areas').innerText()).toBe('Areas');
      await page.getByTestId('area-search').locator('input').fill(community.code);
      const node = page.getByTestId(`area-node-${community.id}`);
      await node.click();
      expect(await page.getByTestId('area-detail-code').innerText()).toBe(community.code);
      expect(await page.getByTestId('area-detail-name').innerText()).toBe(community.nameEn ?? community.name);
      const count = Number(await page.getByTestId('area-detail-enterprises').getAttribute('data-value'));
      expect(count).toBe(Number(await node.getAttribute('data-enterprises')));
      expect(count).toBeGreaterThan(0);
      await page.waitForFunction(`document.querySelector('[data-testid=jurisdiction-map]')?.dataset.selected === '${community.id}'`);
      await page.screenshot({ path: path.join(shots, 'areas-officer-en.png'), fullPage: true });

      await page.getByTestId('area-enterprises-link').click();
      await page.getByTestId('page-enterprises').waitFor();
      expect(page.url()).toContain(`areaId=${community.id}`);
      await page
        .getByTestId('enterprise-total')
        .filter({ hasText: count.toLocaleString('en') })
        .waitFor();
      expect(outside).toEqual([]);
    } finally {
      await close();
    }
  });

  it('a group lead adds and removes a member; the officer hands the lead to another member', { timeout: 360_000 }, async () => {
    const leadHeaders = await app.signIn('grouplead');
    const group = (await app.http.inject({ url: '/api/v1/groups', headers: leadHeaders })).json().items[0] as { id: string };
    const { page, outside, close } = await openPage();
    try {
      await signIn(page, 'grouplead');
      await page.getByTestId('nav-groups').click();
      await page.getByTestId(`group-row-${group.id}`).locator('.ant-table-row-expand-icon').click();
      await page.getByTestId(`group-members-${group.id}`).waitFor();
      const before = await page.getByTestId(`group-members-${group.id}`).locator('[data-testid^="group-member-"]').count();
      expect(await page.locator('[data-testid^="group-make-lead-"]').count()).toBe(0);

      await page.getByTestId(`group-add-${group.id}`).click();
      const candidate = page.locator('[data-testid^="group-candidate-add-"]').first();
      await candidate.waitFor();
      const newcomer = (await candidate.getAttribute('data-testid'))?.replace('group-candidate-add-', '') as string;
      await candidate.click();
      await page.getByTestId(`group-candidate-${newcomer}`).waitFor({ state: 'detached' });
      await page.locator('.ant-modal-close').click();
      await page.getByTestId(`group-member-${newcomer}`).waitFor();
      expect(await page.getByTestId(`group-members-${group.id}`).locator('[data-testid^="group-member-"]').count()).toBe(before + 1);

      await page.getByTestId(`group-remove-${newcomer}`).click();
      await page.locator('.ant-popconfirm .ant-btn-dangerous').click();
      await page.getByTestId(`group-member-${newcomer}`).waitFor({ state: 'detached' });
      await page.screenshot({ path: path.join(shots, 'group-members-grouplead.png'), fullPage: true });
      expect(outside).toEqual([]);
    } finally {
      await close();
    }

    const officer = await openPage();
    try {
      await signIn(officer.page, 'officer');
      await officer.page.getByTestId('nav-groups').click();
      await officer.page.getByTestId(`group-row-${group.id}`).locator('.ant-table-row-expand-icon').click();
      const makeLead = officer.page.locator('[data-testid^="group-make-lead-"]').first();
      await makeLead.waitFor();
      const next = (await makeLead.getAttribute('data-testid'))?.replace('group-make-lead-', '') as string;
      await makeLead.click();
      await officer.page.locator('.ant-popconfirm .ant-btn-primary').click();
      await officer.page.locator(`[data-testid="group-member-${next}"][data-lead="true"]`).waitFor();
      expect(await officer.page.locator('[data-testid^="group-member-"][data-lead="true"]').count()).toBe(1);
    } finally {
      await officer.close();
    }
  });

  it('anyone reads the published head of the audit chain on the mandate page', { timeout: 180_000 }, async () => {
    const { page, outside, close } = await openPage({ width: 390, height: 844 });
    try {
      await page.goto(`${app.url}/mandate`);
      await page.getByTestId('audit-head').waitFor();
      await page.getByTestId('audit-head-hash').waitFor();
      const published = (await app.http.inject({ url: '/api/v1/audit/head' })).json() as { seq: number; hash: string };
      const seq = Number(await page.getByTestId('audit-head-seq').getAttribute('data-value'));
      expect(seq).toBeGreaterThan(0);
      expect(seq).toBeLessThanOrEqual(published.seq);
      expect(await page.getByTestId('audit-head-hash').innerText()).toMatch(/^[0-9a-f]{64}$/);
      expect(await page.getByTestId('audit-head-expect').innerText()).toContain(`${seq}:`);
      await page.screenshot({ path: path.join(shots, 'mandate-audit-head-phone.png'), fullPage: true });
      expect(outside).toEqual([]);
    } finally {
      await close();
    }
  });
});
