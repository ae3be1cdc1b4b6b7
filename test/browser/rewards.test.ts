import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Auth, myOrganisation } from '../api/hazards.support.js';
import { pick } from '../support/antd.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { browserAvailable, launchChromium } from '../support/browser.js';
import { goTo, openBrowserPage, PHONE, signInAs } from '../support/page.js';

/**
 * The reward screens in Chromium: a case proposed through the API is approved by the head on a phone and its
 * payment recorded by the officer on a desktop; the rule page shows the published 2018 rule; the officer records
 * a penalty decision on screen and sees the reward computed.
 */
let app: TestApp;
let browser: Browser;
let caseId: string;
let spareCode: string;
const shots = path.resolve(import.meta.dirname, '../../test-results');

beforeAll(async () => {
  if (!browserAvailable) return;
  mkdirSync(shots, { recursive: true });
  app = await startTestApp({ demo: true, listen: true });
  browser = await launchChromium();
  const officer: Auth = await app.signIn('officer');
  const principal: Auth = await app.signIn('principal');
  const enterprise = (await myOrganisation(app, principal)) as unknown as { id: string; lng: number; lat: number };
  const post = async (url: string, payload: object, headers: Record<string, string> = officer) => {
    const res = await app.http.inject({ method: 'POST', url, headers, payload });
    if (res.statusCode >= 300) throw new Error(`${url}: ${res.statusCode} ${res.body}`);
    return res.json();
  };
  const filed = await post(
    '/api/v1/public/reports',
    { serviceCode: 'fire_exit', description: '仓库安全出口被封堵（奖励界面测试）', location: { lng: enterprise.lng, lat: enterprise.lat } },
    { 'x-device-id': randomBytes(12).toString('hex') },
  );
  const hazardReport = async (code: string) => {
    const inbox = await app.http.inject({ url: '/api/v1/reports?limit=200', headers: officer });
    const id = (inbox.json().items as { id: string; code: string }[]).find((r) => r.code === code)?.id as string;
    await post(`/api/v1/reports/${id}/triage`, { action: 'verify' });
    await post(`/api/v1/reports/${id}/triage`, { action: 'create_hazard', enterpriseId: enterprise.id, major: true });
    return id;
  };
  const reportId = await hazardReport(filed.code);
  const spare = await post(
    '/api/v1/public/reports',
    {
      serviceCode: 'fire_exit',
      description: '车间安全出口上锁（界面登记测试）',
      location: { lng: enterprise.lng, lat: enterprise.lat + 0.003 },
    },
    { 'x-device-id': randomBytes(12).toString('hex') },
  );
  spareCode = spare.code;
  await hazardReport(spareCode);
  const proposed = await post('/api/v1/rewards/cases', {
    reportId,
    decisionNumber: '安应急罚〔2026〕21号',
    decidedAt: new Date(Date.now() - 86_400_000).toISOString(),
    fineFen: 100_000_00,
    majorHazard: true,
  });
  caseId = proposed.id;
});
afterAll(async () => {
  await browser?.close();
  await app?.close();
});

describe.skipIf(!browserAvailable)('report rewards on screen', () => {
  it('the head approves a proposed reward on a phone', { timeout: 240_000 }, async () => {
    const { page, close } = await openBrowserPage(browser, app.url, { viewport: PHONE, isMobile: true, hasTouch: true });
    try {
      await signInAs(page, app.url, 'head');
      await goTo(page, 'rewards');
      const row = page.getByTestId(`reward-row-${caseId}`);
      await expect(row.getByTestId('reward-amount').innerText()).resolves.toBe('¥15,000.00');
      await page.screenshot({ path: path.join(shots, 'rewards-phone-list.png'), fullPage: true });
      await row.click();
      await expect(page.getByTestId('reward-detail-status').getAttribute('data-status')).resolves.toBe('proposed');
      await expect(page.getByTestId('reward-fine').innerText()).resolves.toBe('¥100,000.00');
      await page.getByTestId('reward-approve').click();
      await page.getByTestId('reward-action-confirm').click();
      await page.waitForFunction(
        "document.querySelector('[data-testid=reward-detail-status]')?.getAttribute('data-status') === 'approved'",
      );
      // The case's trail names each step in words.
      await page.getByText('批准奖励', { exact: true }).waitFor();
      await page.getByText('记录处罚决定并提出奖励', { exact: true }).waitFor();
      await page.screenshot({ path: path.join(shots, 'rewards-phone-detail.png'), fullPage: true });
      // The approver may not record the payment: no pay button for the head.
      await expect(page.getByTestId('reward-pay').count()).resolves.toBe(0);
    } finally {
      await close();
    }
  });

  it('the officer records the payment on a desktop, and the rule page shows the 2018 rule', { timeout: 240_000 }, async () => {
    const { page, close } = await openBrowserPage(browser, app.url, { viewport: { width: 1366, height: 900 } });
    try {
      await signInAs(page, app.url, 'officer');
      await page.goto(`${app.url}/rewards/${caseId}`);
      await page.getByTestId('reward-pay').click();
      await expect(page.getByTestId('reward-pay-amount').inputValue()).resolves.toBe('15000.00');
      await page.getByTestId('reward-pay-reference').fill('ZZ-0001');
      await page.getByTestId('reward-action-confirm').click();
      await page.waitForFunction("document.querySelector('[data-testid=reward-detail-status]')?.getAttribute('data-status') === 'paid'");
      await expect(page.getByTestId('reward-payment').innerText()).resolves.toContain('ZZ-0001');
      await page.screenshot({ path: path.join(shots, 'rewards-desktop-paid.png'), fullPage: true });
      await page.goto(`${app.url}/rewards/rules`);
      const rule = page.getByTestId('rule-1');
      await expect(rule.getByTestId('rule-rate').innerText()).resolves.toBe('15%');
      await expect(rule.getByTestId('rule-min').innerText()).resolves.toBe('¥3,000.00');
      await expect(rule.getByTestId('rule-max').innerText()).resolves.toBe('¥300,000.00');
      await expect(rule.getByTestId('rule-in-force').count()).resolves.toBe(1);
      await expect(page.getByTestId('rule-publish').count()).resolves.toBe(0);
    } finally {
      await close();
    }
  });

  it('the officer records a penalty decision on screen and sees the reward the rule gives', { timeout: 240_000 }, async () => {
    const { page, close } = await openBrowserPage(browser, app.url, { viewport: { width: 1366, height: 900 } });
    try {
      await signInAs(page, app.url, 'officer');
      await goTo(page, 'rewards');
      await page.getByTestId('rewards-new').click();
      await pick(page, 'propose-report', `propose-report-${spareCode}`, spareCode);
      await page.getByTestId('propose-decision-number').fill('安应急罚〔2026〕22号');
      const decided = page.getByTestId('propose-decided-at');
      await decided.click();
      await decided.fill(new Date(Date.now() + 8 * 3_600_000 - 86_400_000).toISOString().slice(0, 16).replace('T', ' '));
      await decided.press('Enter');
      await page.getByTestId('propose-fine').fill('20000');
      await expect(page.getByTestId('propose-preview').innerText()).resolves.toContain('¥3,000.00');
      await page.getByTestId('propose-submit').click();
      await page.getByTestId('page-reward').waitFor();
      await expect(page.getByTestId('reward-computed').innerText()).resolves.toContain('¥3,000.00');
      await expect(page.getByTestId('reward-detail-status').getAttribute('data-status')).resolves.toBe('proposed');
    } finally {
      await close();
    }
  });
});
