import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, startTestApp, type TestApp } from '../support/app.js';
import { browserAvailable, launchChromium } from '../support/browser.js';

const shots = path.resolve(import.meta.dirname, '../../test-results');

/** What each demo sign-in must find in the navigation: exactly the items its permissions allow. */
const NAVIGATION: Record<string, string[]> = {
  officer: [
    'overview',
    'enterprises',
    'areas',
    'groups',
    'people',
    'entrustments',
    'inspections',
    'checklists',
    'risks',
    'hazards',
    'reports',
    'rewards',
    'volunteers',
    'dashboard',
    'monitoring',
    'vehicles',
    'ranking',
    'organisation',
    'mandate',
  ],
  head: [
    'overview',
    'enterprises',
    'areas',
    'groups',
    'people',
    'entrustments',
    'inspections',
    'checklists',
    'risks',
    'hazards',
    'reports',
    'rewards',
    'volunteers',
    'dashboard',
    'monitoring',
    'vehicles',
    'ranking',
    'organisation',
    'mandate',
  ],
  // A provider's staff see the registers their entrustments will open to them (none in force in the demo).
  inspector: [
    'overview',
    'enterprises',
    'areas',
    'entrustments',
    'inspections',
    'checklists',
    'risks',
    'hazards',
    'monitoring',
    'vehicles',
    'organisation',
    'mandate',
  ],
  // The provider's manager also reads the monitoring ranking of the enterprises it is entrusted with.
  provider: [
    'overview',
    'enterprises',
    'areas',
    'entrustments',
    'inspections',
    'checklists',
    'risks',
    'hazards',
    'monitoring',
    'vehicles',
    'ranking',
    'organisation',
    'mandate',
  ],
  // An enterprise principal lists the people of their own enterprise; enterprise staff watch their own fleet.
  principal: [
    'overview',
    'areas',
    'people',
    'inspections',
    'checklists',
    'risks',
    'hazards',
    'monitoring',
    'vehicles',
    'organisation',
    'mandate',
  ],
  safety: ['overview', 'areas', 'inspections', 'checklists', 'risks', 'hazards', 'monitoring', 'vehicles', 'organisation', 'mandate'],
  // The demo group lead is also the principal of the lead enterprise.
  grouplead: [
    'overview',
    'areas',
    'groups',
    'people',
    'inspections',
    'checklists',
    'risks',
    'hazards',
    'monitoring',
    'vehicles',
    'organisation',
    'mandate',
  ],
  gridworker: [
    'overview',
    'enterprises',
    'areas',
    'inspections',
    'checklists',
    'risks',
    'hazards',
    'reports',
    'volunteering',
    'dashboard',
    'organisation',
    'mandate',
  ],
  // A volunteer patrols with a checklist, logs patrols and reports what they find.
  volunteer: ['overview', 'areas', 'inspections', 'checklists', 'volunteering', 'organisation', 'mandate'],
};
const LABELS = {
  'zh-CN': {
    overview: '辖区概览',
    enterprises: '生产经营单位',
    areas: '辖区划分',
    groups: '互助组',
    people: '人员名录',
    entrustments: '委托服务',
    inspections: '隐患排查',
    checklists: '检查表',
    risks: '风险分级管控',
    hazards: '隐患治理',
    reports: '群众举报',
    rewards: '举报奖励',
    volunteers: '志愿者',
    volunteering: '我的志愿服务',
    dashboard: '街道驾驶舱',
    monitoring: '动态监控',
    vehicles: '车辆',
    ranking: '考核排名',
    organisation: '我的单位',
    mandate: '权责清单',
  },
  en: {
    overview: 'Overview',
    enterprises: 'Enterprises',
    areas: 'Areas',
    groups: 'Mutual-aid groups',
    people: 'People',
    entrustments: 'Entrustments',
    inspections: 'Inspections',
    checklists: 'Checklists',
    risks: 'Risks',
    hazards: 'Hazards',
    reports: 'Public reports',
    rewards: 'Report rewards',
    volunteers: 'Volunteers',
    volunteering: 'My volunteering',
    dashboard: 'Street dashboard',
    monitoring: 'Monitoring',
    vehicles: 'Vehicles',
    ranking: 'Ranking',
    organisation: 'My organisation',
    mandate: 'Mandate',
  },
} as const;

let app: TestApp;
let browser: Browser;

beforeAll(async () => {
  if (!browserAvailable) return;
  mkdirSync(shots, { recursive: true });
  app = await startTestApp({ demo: true, listen: true });
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await app?.close();
});

/** A fresh browser context that records every request leaving for another host. */
async function openPage(viewport = { width: 1280, height: 800 }) {
  const context = await browser.newContext({ viewport, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  const page = await context.newPage();
  const outside: string[] = [];
  const origin = new URL(app.url).origin;
  page.on('request', (request) => {
    const url = request.url();
    if (!url.startsWith(origin) && !url.startsWith('data:') && !url.startsWith('blob:')) outside.push(url);
  });
  return { page, outside, close: () => context.close() };
}

async function signIn(page: Page, username: string) {
  await page.goto(`${app.url}/`);
  await page.waitForURL(/\/sign-in/);
  await page.getByTestId('sign-in-username').fill(username);
  await page.getByTestId('sign-in-password').fill(DEMO_PASSWORD);
  await page.getByTestId('sign-in-submit').click();
  await page.getByTestId('nav').waitFor();
}

async function navigationKeys(page: Page): Promise<string[]> {
  const ids = await page
    .locator('[data-testid="nav"] [data-testid^="nav-"]')
    .evaluateAll((els) => els.map((e) => e.getAttribute('data-testid') ?? ''));
  return ids.map((id) => id.replace(/^nav-/, ''));
}

describe.runIf(browserAvailable)('the web shell in Chromium', () => {
  it.each(Object.entries(NAVIGATION))('%s sees exactly their navigation, in zh-CN and in en', async (username, expected) => {
    const { page, outside, close } = await openPage();
    try {
      await signIn(page, username);
      expect(await navigationKeys(page)).toEqual(expected);
      expect(await page.locator('html').getAttribute('lang')).toBe('zh-CN');
      for (const key of expected)
        await expect(page.getByTestId(`nav-${key}`).innerText()).resolves.toBe(LABELS['zh-CN'][key as keyof (typeof LABELS)['en']]);

      await page.getByTestId('locale-en').click();
      await page.waitForFunction("document.documentElement.lang === 'en'");
      expect(await navigationKeys(page)).toEqual(expected);
      for (const key of expected)
        await expect(page.getByTestId(`nav-${key}`).innerText()).resolves.toBe(LABELS.en[key as keyof (typeof LABELS)['en']]);
      if (username === 'officer') await page.screenshot({ path: path.join(shots, 'shell-officer-en.png') });
      expect(outside).toEqual([]);
    } finally {
      await close();
    }
  });

  it('a page outside the role’s navigation answers 403', async () => {
    const { page, close } = await openPage();
    try {
      await signIn(page, 'volunteer');
      await page.goto(`${app.url}/enterprises`);
      await page.getByTestId('result-403').waitFor();
    } finally {
      await close();
    }
  });

  it('the overview draws the demo jurisdiction’s boundaries with no outside request', async () => {
    const { page, outside, close } = await openPage();
    try {
      await signIn(page, 'officer');
      const map = page.getByTestId('jurisdiction-map');
      await page.waitForFunction(
        "Number(document.querySelector('[data-testid=jurisdiction-map]')?.getAttribute('data-features') ?? 0) > 0",
      );
      expect(Number(await map.getAttribute('data-features'))).toBeGreaterThanOrEqual(49);
      expect(await page.getByTestId('stat-trade-restaurant').innerText()).toMatch(/^\d[\d,]*$/);
      await page.screenshot({ path: path.join(shots, 'overview-officer-zh.png') });
      expect(outside).toEqual([]);
    } finally {
      await close();
    }
  });

  it('the chosen language is remembered across a reload and on the account', async () => {
    const first = await openPage();
    try {
      await signIn(first.page, 'head');
      await first.page.getByTestId('locale-en').click();
      await first.page.waitForFunction("document.documentElement.lang === 'en'");
      await first.page.reload();
      await first.page.getByTestId('nav').waitFor();
      expect(await first.page.getByTestId('nav-overview').innerText()).toBe('Overview');
    } finally {
      await first.close();
    }
    const second = await openPage();
    try {
      await signIn(second.page, 'head');
      await second.page.waitForFunction("document.documentElement.lang === 'en'");
      expect(await second.page.getByTestId('nav-overview').innerText()).toBe('Overview');
    } finally {
      await second.close();
    }
  });

  it('on a phone the navigation opens from a menu button', async () => {
    const { page, close } = await openPage({ width: 390, height: 844 });
    try {
      await page.goto(`${app.url}/`);
      await page.getByTestId('sign-in-username').fill('gridworker');
      await page.getByTestId('sign-in-password').fill(DEMO_PASSWORD);
      await page.getByTestId('sign-in-submit').click();
      await page.getByTestId('nav-toggle').click();
      await page.getByTestId('nav-enterprises').click();
      await page.getByTestId('page-enterprises').waitFor();
      await page.getByTestId('enterprise-cards').waitFor();
      await page.screenshot({ path: path.join(shots, 'enterprises-gridworker-phone.png') });
      const total = await page.getByTestId('enterprise-total').innerText();
      expect(total).toMatch(/\d/);
    } finally {
      await close();
    }
  });

  it('a wrong password shows the server’s reason and stays on the sign-in page', async () => {
    const { page, close } = await openPage();
    try {
      await page.goto(`${app.url}/sign-in`);
      await page.getByTestId('sign-in-username').fill('officer');
      await page.getByTestId('sign-in-password').fill('not-the-password');
      await page.getByTestId('sign-in-submit').click();
      await page.getByTestId('sign-in-error').waitFor();
      expect(page.url()).toContain('/sign-in');
    } finally {
      await close();
    }
  });
});
