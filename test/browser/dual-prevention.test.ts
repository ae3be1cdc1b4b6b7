import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContextOptions, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/platform/clock/index.js';
import { pick } from '../support/antd.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { browserAvailable, launchChromium } from '../support/browser.js';
import { entrustConsultancyOverPrincipalEnterprise } from '../support/entrust.js';
import { act, confirmAction, goTo, inspectionCompleted, openBrowserPage, PHONE, signInAs } from '../support/page.js';

const shots = path.resolve(import.meta.dirname, '../../test-results');
const DAY = 86_400_000;
const DESKTOP = { width: 1366, height: 900 };
/** A 1×1 PNG, as a photo from the camera would arrive (the server sniffs the type). */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');

interface Item {
  key: string;
  type: 'verdict' | 'number' | 'choice' | 'text' | 'photo';
  required: boolean;
  major: boolean;
  min: number | null;
  max: number | null;
  choices: { value: string; fail: boolean }[];
}

/**
 * The whole loop (双重预防), through the browser. The officer has
 * entrusted the demo consultancy with one enterprise (through the API, as the
 * entrustment test does on screen). On a phone-sized screen the consultancy's
 * inspector runs a risk examination of it and fails two items, one of them a
 * major-hazard criterion: two hazards appear. The officer grades the major one
 * (reported and listed for supervision at once). The enterprise's principal,
 * on a phone, orders and carries out the rectification of the general one and
 * submits it with a photo; the officer accepts it and it closes. The street
 * dashboard's counts move at each step.
 */
const clock = fixedClock(new Date());
let app: TestApp;
let browser: Browser;
const state: {
  enterpriseId?: string;
  enterpriseName?: string;
  checklistKey?: string;
  items: Item[];
  general?: Item;
  major?: Item;
  hazards: { itemKey: string; hazardId: string; major: boolean }[];
  dashboard?: { open: number; closed: number; majorOpen: number };
} = { items: [], hazards: [] };

beforeAll(async () => {
  if (!browserAvailable) return;
  mkdirSync(shots, { recursive: true });
  app = await startTestApp({ demo: true, listen: true, clock });
  browser = await launchChromium();

  const { enterprise } = await entrustConsultancyOverPrincipalEnterprise(app, {
    title: '安全风险体检（双重预防全流程测试）',
    now: clock.now(),
  });
  state.enterpriseId = enterprise.id;
  state.enterpriseName = enterprise.name;

  // The consultancy's own examination list: one general item and one major-hazard criterion (the lease item of the 2023 criteria).
  const provider = await app.signIn('provider');
  const verdict = (key: string, label: string, major: boolean) => ({
    key,
    label,
    hint: null,
    type: 'verdict',
    required: true,
    weight: 1,
    legalBasis: {
      document: major ? '《工贸企业重大事故隐患判定标准》' : '《中华人民共和国安全生产法》',
      clause: major ? '第三条第（一）项' : '第二十八条',
    },
    major,
    criterion: major ? '第三条第（一）项' : null,
    min: null,
    max: null,
    unit: null,
    choices: [],
  });
  const created = await app.http.inject({
    method: 'POST',
    url: '/api/v1/checklists',
    headers: provider,
    payload: {
      title: '安全风险体检表（全流程测试）',
      description: null,
      criteriaLibrary: { library: 'gongmao-2023', version: '2023-05-15' },
      sections: [
        {
          key: 'site',
          title: '现场',
          items: [
            verdict('exits_clear', '安全出口、疏散通道畅通，未堆放物品', false),
            verdict('lease_agreement', '对承租单位的安全生产工作统一协调、管理并定期检查', true),
            verdict('extinguishers', '灭火器配置合理、压力正常', false),
          ],
        },
      ],
    },
  });
  if (created.statusCode !== 201) throw new Error(`creating the checklist failed: ${created.body}`);
  const detail = created.json() as { id: string; key: string; content: { sections: { items: Item[] }[] } };
  state.checklistKey = detail.key;
  state.items = detail.content.sections.flatMap((s) => s.items);
  state.general = state.items.find((i) => i.key === 'exits_clear');
  state.major = state.items.find((i) => i.key === 'lease_agreement');
});
afterAll(async () => {
  await browser?.close();
  await app?.close();
});

const openPage = (options: BrowserContextOptions = {}) => openBrowserPage(browser, app.url, { viewport: PHONE, ...options });

const signIn = (page: Page, username: string) => signInAs(page, app.url, username);

async function draw(page: Page, testId: string) {
  const canvas = page.getByTestId(`${testId}-canvas`);
  await canvas.scrollIntoViewIfNeeded();
  const box = await canvas.boundingBox();
  if (!box) throw new Error(`no ${testId}`);
  await page.mouse.move(box.x + 30, box.y + box.height / 2);
  await page.mouse.down();
  for (let i = 1; i <= 8; i++) await page.mouse.move(box.x + 30 + i * 25, box.y + box.height / 2 + (i % 2 ? -30 : 30), { steps: 3 });
  await page.mouse.up();
}

async function answerPassing(page: Page, item: Item) {
  switch (item.type) {
    case 'verdict':
      await page.getByTestId(`answer-${item.key}-compliant`).click();
      return;
    case 'number':
      await page.getByTestId(`answer-${item.key}`).fill(String(item.min ?? 0));
      return;
    case 'choice': {
      const ok = item.choices.find((c) => !c.fail);
      if (ok) await page.getByTestId(`answer-${item.key}-${ok.value}`).click();
      return;
    }
    case 'text':
      await page.getByTestId(`answer-${item.key}`).fill('无其他发现');
      return;
    case 'photo':
      return;
  }
}

/** The street dashboard's figures, as the officer sees them now. */
async function dashboard(page: Page): Promise<{ open: number; closed: number; majorOpen: number }> {
  await goTo(page, 'dashboard');
  await page.getByTestId('page-dashboard').waitFor();
  const read = async (testId: string) => {
    await page.waitForFunction(`/^\\d+$/.test(document.querySelector('[data-testid=${testId}]')?.getAttribute('data-value') ?? '')`);
    return Number(await page.getByTestId(testId).getAttribute('data-value'));
  };
  return { open: await read('dash-open'), closed: await read('dash-closed'), majorOpen: await read('dash-major-open') };
}

/** An instant as the pickers take it: Beijing wall-clock time to the minute. */
const pickerText = (at: Date) => new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');

describe.runIf(browserAvailable)('the dual prevention loop in Chromium', () => {
  it('the street dashboard shows where the street stands first', { timeout: 240_000 }, async () => {
    const { page, close } = await openPage({ viewport: DESKTOP });
    try {
      await signIn(page, 'officer');
      state.dashboard = await dashboard(page);
    } finally {
      await close();
    }
  });

  it('an entrusted inspector runs a risk examination on a phone and finds two hazards, one of them major', {
    timeout: 480_000,
  }, async () => {
    const { general, major } = state;
    expect(general, 'the starter checklist has a general verdict item').toBeDefined();
    expect(major, 'the starter checklist has a major-hazard criterion item').toBeDefined();
    if (!general || !major) return;
    const { page, outside, close } = await openPage({
      permissions: ['geolocation'],
      geolocation: { latitude: 31.2304, longitude: 121.4737 },
    });
    try {
      await signIn(page, 'inspector');
      await goTo(page, 'inspections');
      await page.getByTestId('page-inspections').waitFor();
      await page.getByTestId('inspection-new').click();
      await page.getByTestId('inspection-form').waitFor();
      await page.getByTestId('kind-third_party').click();
      await page.getByTestId('mode-on_site').click();
      await pick(page, 'target-select', `target-option-${state.enterpriseId}`);
      await pick(page, 'checklist-select', `checklist-option-${state.checklistKey}`);
      await page.getByTestId('inspection-submit').click();
      await page.getByTestId('page-inspection').waitFor();
      await page.getByTestId('inspection-start').click();
      await page.getByTestId('inspection-run').waitFor();

      for (const item of state.items) {
        await page.getByTestId(`run-item-${item.key}`).waitFor();
        if (item.key === general.key || item.key === major.key) {
          await page.getByTestId(`answer-${item.key}-non_compliant`).click();
          await page.locator(`[data-testid="run-item-${item.key}"][data-outcome="fail"]`).waitFor();
          if (item.key === general.key) {
            await page.getByTestId(`answer-${item.key}-note`).fill('东侧安全出口被货物堵塞');
            await page
              .getByTestId(`answer-${item.key}-photos-input`)
              .setInputFiles({ name: 'exit.png', mimeType: 'image/png', buffer: PNG });
            await page.locator(`[data-testid="answer-${item.key}-photos"][data-count="1"]`).waitFor();
          }
        } else {
          await answerPassing(page, item);
        }
        await page.getByTestId('run-next').click();
      }
      await page.getByTestId('run-finish').waitFor();
      await page.locator('[data-testid="run-save-state"][data-state="saved"]').waitFor();
      await draw(page, 'signature-inspector-pad');
      await page.getByTestId('signature-inspector-submit').click();
      await page.locator('[data-testid="signature-inspector"][data-signed="true"]').waitFor();
      await page.getByTestId('signature-enterprise-name').fill('张经理');
      await draw(page, 'signature-enterprise-pad');
      await page.getByTestId('signature-enterprise-submit').click();
      await page.locator('[data-testid="signature-enterprise"][data-signed="true"]').waitFor();
      await page.getByTestId('run-summary').fill('发现一般隐患一项、重大事故隐患一项。');
      await page.getByTestId('run-complete').click();
      await page.getByTestId('run-complete-confirm').click();
      await inspectionCompleted(page);
      const findings = page.getByTestId('inspection-findings');
      expect(await findings.getAttribute('data-count')).toBe('2');

      for (const item of [general, major]) {
        const link = page.getByTestId(`finding-${item.key}`).locator('a[data-testid^="hazard-link-"]');
        const hazardId = ((await link.getAttribute('data-testid')) ?? '').replace(/^hazard-link-/, '');
        state.hazards.push({ itemKey: item.key, hazardId, major: item.major });
      }
      await page.screenshot({ path: path.join(shots, 'loop-inspection-phone.png'), fullPage: true });

      // The finding opens as a hazard linked to its inspection item, found by a third party.
      await page.getByTestId(`finding-${general.key}`).locator('a[data-testid^="hazard-link-"]').click();
      await page.getByTestId('page-hazard').waitFor();
      // The page frame shows before the hazard has loaded: wait for its source line.
      await page.getByTestId('hazard-inspection-link').waitFor();
      expect(await page.getByTestId('hazard-inspection-link').count()).toBe(1);
      expect(await page.locator('[data-testid=hazard-overview] [data-source]').getAttribute('data-source')).toBe('third_party');
      expect(outside).toEqual([]);
    } finally {
      await close();
    }
  });

  it('the officer grades the major hazard: it is reported and listed for supervision, its dossier waiting', {
    timeout: 240_000,
  }, async () => {
    const major = state.hazards.find((h) => h.major);
    expect(major).toBeDefined();
    const { page, close } = await openPage({ viewport: DESKTOP });
    try {
      await signIn(page, 'officer');
      const after = await dashboard(page);
      expect(after.open).toBe((state.dashboard?.open ?? 0) + 2);
      await page.goto(`${app.url}/hazards/${major?.hazardId}`);
      await page.getByTestId('page-hazard').waitFor();
      if (await page.getByTestId('action-register').count()) {
        await act(page, 'register');
        await confirmAction(page, 'registered');
      }
      await act(page, 'assess');
      await page.getByTestId('action-grade-major').click();
      // A major hazard is judged by a clause of the criteria library.
      await pick(page, 'action-criterion', 'criterion-option-0');
      await confirmAction(page, 'assessed');
      expect(await page.getByTestId('hazard-grade').getAttribute('data-grade')).toBe('major');
      await page.getByTestId('hazard-supervised').waitFor();

      await page.getByTestId('hazard-dossier-link').click();
      await page.getByTestId('page-dossier').waitFor();
      expect(await page.getByTestId('dossier-five-complete').getAttribute('data-done')).toBe('0');
      await page.getByTestId('dossier-supervised-by').waitFor();
      await page.getByTestId('dossier-reported-at').waitFor();
      await page.screenshot({ path: path.join(shots, 'loop-major-dossier.png'), fullPage: true });

      const graded = await dashboard(page);
      expect(graded.majorOpen).toBe((state.dashboard?.majorOpen ?? 0) + 1);
    } finally {
      await close();
    }
  });

  it('the enterprise rectifies the general hazard on a phone, the officer accepts it and it closes; the dashboard counts change', {
    timeout: 360_000,
  }, async () => {
    const general = state.hazards.find((h) => !h.major);
    expect(general).toBeDefined();
    const enterprise = await openPage();
    try {
      const { page } = enterprise;
      await signIn(page, 'principal');
      await goTo(page, 'hazards');
      await page.getByTestId('page-hazards').waitFor();
      await page.getByTestId(`hazard-link-${general?.hazardId}`).click();
      await page.getByTestId('page-hazard').waitFor();
      if (await page.getByTestId('action-register').count()) {
        await act(page, 'register');
        await confirmAction(page, 'registered');
      }
      await act(page, 'assess');
      await page.getByTestId('action-grade-general').click();
      await confirmAction(page, 'assessed');
      await act(page, 'orderRectification');
      await page.getByTestId('action-measures').fill('清理安全出口货物，划定禁止堆放区');
      await page.getByTestId('action-responsible').fill('张经理');
      const deadline = page.getByTestId('action-deadline');
      await deadline.click();
      await deadline.fill(pickerText(new Date(clock.now().getTime() + 3 * DAY)));
      await deadline.press('Enter');
      await page.getByTestId('action-measures').click();
      await confirmAction(page, 'treating');

      await act(page, 'submit');
      await page.getByTestId('action-note').fill('货物已清走，出口畅通');
      await page.getByTestId('picker-upload-file').setInputFiles({ name: '整改后.png', mimeType: 'image/png', buffer: PNG });
      await page.locator('input[data-testid^="pick-evidence-"]:checked').waitFor();
      await confirmAction(page, 'awaiting_acceptance');
      expect(await page.getByTestId('action-accept').count()).toBe(0);
      await page.screenshot({ path: path.join(shots, 'loop-submitted-phone.png'), fullPage: true });
      expect(enterprise.outside).toEqual([]);
    } finally {
      await enterprise.close();
    }

    const regulator = await openPage({ viewport: DESKTOP });
    try {
      const { page } = regulator;
      await signIn(page, 'officer');
      await page.goto(`${app.url}/hazards/${general?.hazardId}`);
      await page.getByTestId('page-hazard').waitFor();
      await act(page, 'accept');
      await confirmAction(page, 'accepted');
      await act(page, 'close');
      await confirmAction(page, 'closed');
      const end = await dashboard(page);
      const start = state.dashboard as { open: number; closed: number; majorOpen: number };
      expect(end.closed).toBe(start.closed + 1);
      expect(end.open).toBe(start.open + 1);
      expect(end.majorOpen).toBe(start.majorOpen + 1);
      await page.screenshot({ path: path.join(shots, 'loop-dashboard-after.png'), fullPage: true });
      expect(regulator.outside).toEqual([]);
    } finally {
      await regulator.close();
    }
  });
});
