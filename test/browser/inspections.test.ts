import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContextOptions, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/platform/clock/index.js';
import { pick } from '../support/antd.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { browserAvailable, launchChromium } from '../support/browser.js';
import { entrustConsultancyOverPrincipalEnterprise } from '../support/entrust.js';
import { inspectionCompleted, openBrowserPage, PHONE, signInAs } from '../support/page.js';

const shots = path.resolve(import.meta.dirname, '../../test-results');
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
 * Inspections through the browser on a phone-sized screen. The officer
 * entrusts the demo consultancy with one enterprise (through the API, as the
 * entrustment test does on screen); the consultancy's inspector then runs an
 * on-site risk examination of it with the starter checklist, fails two items
 * (one a major-hazard criterion), takes a photo, records the location, has
 * both parties sign on the pad and completes: the two hazards are listed and
 * the report downloads as a PDF. Then a questionnaire goes to the enterprise,
 * which fills it in on the public page without an account; the inspector
 * reviews the answers and completes.
 */
const clock = fixedClock(new Date());
let app: TestApp;
let browser: Browser;
const state: { enterpriseId?: string; enterpriseName?: string; checklistId?: string; items: Item[] } = { items: [] };

beforeAll(async () => {
  if (!browserAvailable) return;
  mkdirSync(shots, { recursive: true });
  app = await startTestApp({ demo: true, listen: true, clock });
  browser = await launchChromium();

  const { enterprise } = await entrustConsultancyOverPrincipalEnterprise(app, {
    title: '安全风险体检（检查浏览器测试）',
    now: clock.now(),
  });
  state.enterpriseId = enterprise.id;
  state.enterpriseName = enterprise.name;
  const inspector = await app.signIn('inspector');

  const checklists = (await app.http.inject({ url: '/api/v1/checklists?scope=library', headers: inspector })).json() as {
    items: { id: string; key: string }[];
  };
  const starter = checklists.items.find((c) => c.key === 'general-self-check');
  if (!starter) throw new Error(`no starter checklist general-self-check: ${JSON.stringify(checklists)}`);
  state.checklistId = starter.id;
  const detail = (await app.http.inject({ url: `/api/v1/checklists/${starter.id}`, headers: inspector })).json() as {
    content: { sections: { items: Item[] }[] };
  };
  state.items = detail.content.sections.flatMap((s) => s.items);
});
afterAll(async () => {
  await browser?.close();
  await app?.close();
});

const openPage = (options: BrowserContextOptions = {}) =>
  openBrowserPage(browser, app.url, { viewport: PHONE, acceptDownloads: true, ...options });

const signIn = (page: Page, username: string) => signInAs(page, app.url, username);

/** Draws a signature-like zigzag across a pad with the mouse (pointer events, as a finger would make). */
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

/** A passing answer of an item, clicked on the run screen. */
async function answerPassing(page: Page, item: Item, prefix: string) {
  switch (item.type) {
    case 'verdict':
      await page.getByTestId(`${prefix}-${item.key}-compliant`).click();
      return;
    case 'number':
      await page.getByTestId(`${prefix}-${item.key}`).fill(String(item.min ?? 0));
      return;
    case 'choice': {
      const ok = item.choices.find((c) => !c.fail);
      if (ok) await page.getByTestId(`${prefix}-${item.key}-${ok.value}`).click();
      return;
    }
    case 'text':
      await page.getByTestId(`${prefix}-${item.key}`).fill('无其他发现');
      return;
    case 'photo':
      return;
  }
}

describe.runIf(browserAvailable)('inspections in Chromium on a phone-sized screen', () => {
  it('an entrusted inspector examines an enterprise on site, fails two items, both sign, and gets two hazards and the PDF report', {
    timeout: 240_000,
  }, async () => {
    const general = state.items.find((i) => i.type === 'verdict' && !i.major);
    const major = state.items.find((i) => i.type === 'verdict' && i.major);
    expect(general, 'the starter checklist has a general verdict item').toBeDefined();
    expect(major, 'the starter checklist has a major-hazard criterion item').toBeDefined();
    if (!general || !major) return;

    const { page, outside, close } = await openPage({
      permissions: ['geolocation'],
      geolocation: { latitude: 31.2304, longitude: 121.4737 },
    });
    try {
      await signIn(page, 'inspector');
      await page.getByTestId('nav-toggle').click();
      await page.getByTestId('nav-inspections').click();
      await page.getByTestId('page-inspections').waitFor();
      await page.getByTestId('inspection-new').click();
      await page.getByTestId('inspection-form').waitFor();

      await page.getByTestId('kind-third_party').click();
      await page.getByTestId('mode-on_site').click();
      await pick(page, 'target-select', `target-option-${state.enterpriseId}`);
      await pick(page, 'checklist-select', 'checklist-option-general-self-check');
      await page.getByTestId('inspection-submit').click();

      await page.getByTestId('page-inspection').waitFor();
      await page.waitForURL(/\/inspections\/[0-9a-f-]{36}$/);
      expect(await page.getByTestId('inspection-enterprise').innerText()).toBe(state.enterpriseName);
      await page.getByTestId('inspection-start').click();
      await page.getByTestId('inspection-run').waitFor();

      // Item by item: everything passes except the two chosen, one of which gets a photo from the "camera" and a note.
      for (const [index, item] of state.items.entries()) {
        const card = page.getByTestId(`run-item-${item.key}`);
        await card.waitFor();
        expect(await card.getByTestId('run-item-position').innerText()).toContain(`${index + 1} / ${state.items.length}`);
        if (item.key === general.key || item.key === major.key) {
          await page.getByTestId(`answer-${item.key}-non_compliant`).click();
          await page.locator(`[data-testid="run-item-${item.key}"][data-outcome="fail"]`).waitFor();
          if (item.key === general.key) {
            await page.getByTestId(`answer-${item.key}-note`).fill('东侧安全出口被货物堵塞');
            await page
              .getByTestId(`answer-${item.key}-photos-input`)
              .setInputFiles({ name: 'exit.png', mimeType: 'image/png', buffer: PNG });
            await page.locator(`[data-testid="answer-${item.key}-photos"][data-count="1"]`).waitFor();
          } else {
            expect(await card.getByTestId('run-item-major').isVisible()).toBe(true);
          }
        } else {
          await answerPassing(page, item, 'answer');
        }
        await page.getByTestId('run-next').click();
      }

      await page.getByTestId('run-finish').waitFor();
      await page.locator('[data-testid="run-save-state"][data-state="saved"]').waitFor();
      const progress = page.getByTestId('run-progress');
      expect(Number(await progress.getAttribute('data-answered'))).toBeGreaterThanOrEqual(state.items.filter((i) => i.required).length);

      // Where: the device's position (granted to this browser).
      await page.getByTestId('inspection-locate').click();
      await page.getByTestId('inspection-location-value').waitFor();
      expect(await page.getByTestId('inspection-location-value').innerText()).toContain('121.473700');

      // Both sign on the pad.
      await draw(page, 'signature-inspector-pad');
      await page.getByTestId('signature-inspector-submit').click();
      await page.locator('[data-testid="signature-inspector"][data-signed="true"]').waitFor();
      await page.getByTestId('signature-enterprise-name').fill('张经理');
      await draw(page, 'signature-enterprise-pad');
      await page.getByTestId('signature-enterprise-submit').click();
      await page.locator('[data-testid="signature-enterprise"][data-signed="true"]').waitFor();

      await page.getByTestId('run-summary').fill('发现一般隐患一项、重大事故隐患一项，已当场告知企业。');
      await page.getByTestId('run-complete').click();
      await page.getByTestId('run-complete-confirm').click();

      await inspectionCompleted(page);
      expect(await page.getByTestId('inspection-status').getAttribute('data-status')).toBe('completed');
      const findings = page.getByTestId('inspection-findings');
      expect(await findings.getAttribute('data-count')).toBe('2');
      expect(await page.getByTestId(`finding-${general.key}`).getAttribute('data-major')).toBe('false');
      expect(await page.getByTestId(`finding-${major.key}`).getAttribute('data-major')).toBe('true');
      expect(await findings.locator('a[data-testid^="hazard-link-"]').count()).toBe(2);
      await page.screenshot({ path: path.join(shots, 'inspection-completed-phone.png'), fullPage: true });

      const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('inspection-report').click()]);
      const file = await download.path();
      expect(readFileSync(file).subarray(0, 4).toString('latin1')).toBe('%PDF');
      expect(outside).toEqual([]);
    } finally {
      await close();
    }
  });

  it('a questionnaire goes to the enterprise, is filled in on the public page, reviewed by the inspector and completed', {
    timeout: 240_000,
  }, async () => {
    const inspector = await app.signIn('inspector');
    const created = await app.http.inject({
      method: 'POST',
      url: '/api/v1/inspections',
      headers: inspector,
      payload: { kind: 'third_party', mode: 'questionnaire', enterpriseId: state.enterpriseId, checklistId: state.checklistId },
    });
    expect(created.statusCode, created.body).toBe(201);
    const id = (created.json() as { id: string }).id;

    const desk = await openPage();
    const enterprise = await openPage();
    try {
      await signIn(desk.page, 'inspector');
      await desk.page.goto(`${app.url}/inspections/${id}`);
      await desk.page.getByTestId('questionnaire-card').waitFor();
      await desk.page.getByTestId('questionnaire-send').click();
      const link = desk.page.getByTestId('questionnaire-link');
      await link.waitFor();
      const linkPath = await link.getAttribute('data-path');
      expect(linkPath).toMatch(/^\/q\/.+/);

      // The enterprise, not signed in, answers every question asked (photos are left to the inspector) and submits.
      const { page } = enterprise;
      await page.goto(`${app.url}${linkPath}`);
      await page.getByTestId('page-questionnaire').waitFor();
      expect(await page.getByTestId('questionnaire-enterprise').innerText()).toBe(state.enterpriseName);
      const asked = state.items.filter((i) => i.type !== 'photo');
      for (const item of asked) {
        await page.getByTestId(`question-${item.key}`).scrollIntoViewIfNeeded();
        await answerPassing(page, item, 'q');
      }
      await page.waitForFunction(
        `document.querySelector('[data-testid=questionnaire-progress]')?.getAttribute('data-answered') === '${asked.length}'`,
      );
      await page.getByTestId('questionnaire-respondent').fill('李安全');
      await page.getByTestId('questionnaire-respondent-title').fill('安全主管');
      await page.getByTestId('questionnaire-submit').click();
      await page.getByTestId('questionnaire-submit-confirm').click();
      await page.getByTestId('questionnaire-done').waitFor();
      await page.screenshot({ path: path.join(shots, 'questionnaire-submitted-phone.png'), fullPage: true });
      expect(enterprise.outside).toEqual([]);

      // The inspector reviews: accepts every answer, then completes.
      await desk.page.reload();
      await desk.page.getByTestId('review-panel').waitFor();
      expect(await desk.page.getByTestId('inspection-status').getAttribute('data-status')).toBe('awaiting_review');
      expect(await desk.page.getByTestId('questionnaire-submitted').innerText()).toContain('李安全');
      await desk.page.getByTestId('review-accept-all').click();
      await desk.page.locator('[data-testid="review-panel"][data-pending="0"]').waitFor();
      await desk.page.getByTestId('run-complete').click();
      await desk.page.getByTestId('run-complete-confirm').click();
      await inspectionCompleted(desk.page);
      expect(await desk.page.getByTestId('inspection-status').getAttribute('data-status')).toBe('completed');
      expect(await desk.page.getByTestId('inspection-report').isVisible()).toBe(true);
      expect(desk.outside).toEqual([]);
    } finally {
      await desk.close();
      await enterprise.close();
    }
  });
});
