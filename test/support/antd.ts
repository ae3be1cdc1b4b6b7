import type { Page } from 'playwright-core';

const openPopup =
  "[...document.querySelectorAll('.ant-select-dropdown, .ant-picker-dropdown')].some((d) => d.offsetParent !== null && !d.className.includes('-hidden'))";

/**
 * Closes any open drop-down by clicking a neutral place (the title of the open modal or drawer,
 * otherwise the page's corner), and waits until none is showing. Under load a drop-down can stay
 * open after its option is clicked and then covers the next field.
 */
export async function closePopups(page: Page): Promise<void> {
  for (let attempt = 0; attempt < 5 && (await page.evaluate(openPopup)); attempt++) {
    const title = page.locator('.ant-modal-title:visible, .ant-drawer-title:visible');
    if ((await title.count()) > 0) await title.last().click();
    else await page.mouse.click(1, 1);
    await page.waitForTimeout(200);
  }
  await page.waitForFunction(`!(${openPopup})`);
}

/**
 * The text an Ant Design 6 select or tree select shows as chosen, or '' when nothing is: a single
 * value is the text of its content box marked `-has-value`, several values are selection items.
 */
async function chosenText(page: Page, field: string): Promise<string> {
  const items = page.getByTestId(field).locator('.ant-select-content-has-value, .ant-select-selection-item');
  return (await items.count()) > 0 ? (await items.allInnerTexts()).join(' ').trim() : '';
}

/**
 * Picks an option of an Ant Design select (or tree select) whose options carry test ids, typing
 * `search` first when given, and checks the select then shows it. An option clicked while the list
 * re-renders (a remote search answering, an animation ending) can be lost under load; the pick is
 * tried again then, up to three times, and fails with the field's name.
 */
export async function pick(page: Page, field: string, option: string, search?: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    await page.getByTestId(field).click();
    if (search) await page.keyboard.type(search);
    const target = page.getByTestId(option).last();
    await target.waitFor();
    const expected = (await target.innerText()).trim();
    await target.click();
    await closePopups(page);
    const shown = await chosenText(page, field);
    if (shown !== '' && (shown.includes(expected) || expected.includes(shown))) return;
    const lost = `${field}: picked ${option} (“${expected}”) but the field shows “${shown}”`;
    if (attempt === 3) throw new Error(lost);
    process.stderr.write(`${lost}; picking again\n`);
  }
}
