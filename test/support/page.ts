import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core';
import { DEMO_PASSWORD } from './app.js';

export const PHONE = { width: 390, height: 844 };

export interface OpenedPage {
  page: Page;
  context: BrowserContext;
  /** Every request that left for another host than the app's (the product must make none). */
  outside: string[];
  close: () => Promise<void>;
}

/**
 * A fresh browser context in zh-CN on Beijing time, recording every request that leaves for
 * another host. The machine is shared with the rest of the suite, so a page's actions wait up to
 * a minute instead of the default half.
 */
export async function openBrowserPage(browser: Browser, appUrl: string, options: BrowserContextOptions = {}): Promise<OpenedPage> {
  const context = await browser.newContext({ locale: 'zh-CN', timezoneId: 'Asia/Shanghai', ...options });
  const page = await context.newPage();
  page.setDefaultTimeout(60_000);
  const outside: string[] = [];
  const origin = new URL(appUrl).origin;
  page.on('request', (request) => {
    const url = request.url();
    if (!url.startsWith(origin) && !url.startsWith('data:') && !url.startsWith('blob:')) outside.push(url);
  });
  return { page, context, outside, close: () => context.close() };
}

/** Signs in on the sign-in page and waits for the navigation (behind its toggle on a phone). */
export async function signInAs(page: Page, appUrl: string, username: string, password = DEMO_PASSWORD): Promise<void> {
  await page.goto(`${appUrl}/sign-in`);
  await page.getByTestId('sign-in-username').fill(username);
  await page.getByTestId('sign-in-password').fill(password);
  await page.getByTestId('sign-in-submit').click();
  await page.getByTestId('nav').or(page.getByTestId('nav-toggle')).first().waitFor();
}

/** Follows a navigation item, opening the menu first on a phone. */
export async function goTo(page: Page, key: string): Promise<void> {
  if (await page.getByTestId('nav-toggle').isVisible()) await page.getByTestId('nav-toggle').click();
  await page.getByTestId(`nav-${key}`).click();
}

/**
 * Waits for a completed inspection's result after "complete" was confirmed, up to two minutes (it
 * stores the hazards and renders the PDF report), and fails with the server's reason when the
 * completion was refused instead.
 */
export async function inspectionCompleted(page: Page): Promise<void> {
  const refused = page.getByTestId('run-complete-problem');
  const settled = page.getByTestId('inspection-result').or(refused).first();
  for (let attempt = 1; ; attempt++) {
    const done = await settled.waitFor({ timeout: 40_000 }).then(
      () => true,
      () => false,
    );
    if (done) break;
    // A confirmation clicked while it was still opening on a loaded machine is not taken; the server refuses a
    // second completion, so confirming again does nothing twice.
    const confirm = page.getByTestId('run-complete-confirm');
    const waiting =
      !(await confirm.isVisible()) || (await confirm.evaluate((el) => el.classList.contains('ant-btn-loading')).catch(() => true));
    if (attempt === 3 || waiting) {
      // Taken and still working (the button spins), or gone: only the result or the refusal is left to come.
      await settled.waitFor({ timeout: 80_000 });
      break;
    }
    process.stderr.write('completion: the confirmation was not taken; confirming again\n');
    await confirm.click();
  }
  if (await refused.isVisible()) throw new Error(`the completion was refused: ${await refused.innerText()}`);
}

/**
 * Confirms the open action and waits for the hazard to reach `status`. A refusal fails with the
 * server's reason; a click the modal did not take (it was still opening on a loaded machine) is
 * made again, up to three times: the server refuses a second transition, so nothing is done twice.
 */
export async function confirmAction(page: Page, status: string) {
  const reached = `document.querySelector('[data-testid=page-hazard] [data-testid=hazard-status]')?.getAttribute('data-status') === '${status}'`;
  const refused = page.getByTestId('action-problem');
  for (let attempt = 1; ; attempt++) {
    const confirm = page.getByTestId('action-confirm');
    if (attempt === 1 || (await confirm.isVisible())) await confirm.click();
    const done = await page
      .waitForFunction(`(${reached}) || !!document.querySelector('[data-testid=action-problem]')`, undefined, { timeout: 30_000 })
      .then(
        () => true,
        () => false,
      );
    if (await refused.isVisible()) throw new Error(`${status}: refused: ${await refused.innerText()}`);
    if (done || attempt === 3) break;
    process.stderr.write(`${status}: the confirmation was not taken; confirming again\n`);
  }
  await page.waitForFunction(reached).catch(async (error: unknown) => {
    await page.screenshot({ path: `test-results/confirm-${status}-failure.png`, fullPage: true });
    const form = await page
      .locator('[data-testid=action-modal]')
      .innerText()
      .catch(() => '');
    throw new Error(`${status}: not reached; the modal reads: ${form.replaceAll('\n', ' | ')}`, { cause: error });
  });
  await page.getByTestId('action-modal').waitFor({ state: 'hidden' });
}

/**
 * Opens a hazard action's modal and waits until it has finished opening, and any modal before it
 * has finished closing: a click on a modal still in its zoom animation can be lost.
 */
export async function act(page: Page, action: string): Promise<void> {
  await page.getByTestId(`action-${action}`).click();
  await page.getByTestId(`action-form-${action}`).waitFor();
  await page.waitForFunction(
    "![...document.querySelectorAll('.ant-modal, .ant-modal-mask')].some((m) => /-(appear|enter|leave)/.test(m.className))",
  );
}
