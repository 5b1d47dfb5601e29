// Steps an analyst takes in the form designer and the flow modeler, shared by the browser tests
// (form-designer, flow-modeler, analyst-story). They act through the UI only — clicks, typing,
// drags — and wait for the page to get there (never on time).
import { expect } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { DEMO_PASSWORD, demoLogin, submitLogin } from '#tests/support/browser.ts';

export const eventually = <T>(read: () => T | Promise<T>) =>
  expect.poll(read, { timeout: 30_000, interval: 100 });

export const SLOW = { timeout: 300_000 };

/** Signs in as the demo analyst, choosing the language on the login page. */
export async function logInAnalyst(page: Page, language: 'en' | 'zh-CN' = 'en'): Promise<void> {
  await page.goto('/');
  await page.locator(`.f-auth__lang .f-lang__option[lang="${language}"]`).click();
  await submitLogin(page, demoLogin('analyst'), DEMO_PASSWORD);
  await eventually(() => page.locator('.f-nav').count()).toBe(1);
  // The choice on the login page only counts when it differs from the browser's: say it again.
  await page.locator(`.f-header .f-lang__option[lang="${language}"]`).click();
  await eventually(() => page.locator('html').getAttribute('lang')).toBe(language);
}

export const props = (page: Page): Locator => page.locator('aside.f-props');

/** Types into a property input and leaves it (the model updates as you type). */
export async function setProp(page: Page, name: string, value: string): Promise<void> {
  const input = props(page).locator(`[name="${name}"]`);
  await input.fill(value);
  await input.blur();
}

export async function createForm(
  page: Page,
  form: { module: string; en: string; zh: string },
): Promise<string> {
  await page.goto('/design/forms');
  await page.locator('.f-page__actions button', { hasText: /New form|新建表单/ }).click();
  await page.locator('input[name="module"]').fill(form.module);
  await page.locator('input[name="name-en"]').fill(form.en);
  await page.locator('input[name="name-zh"]').fill(form.zh);
  const id = await page.locator('input[name="form-id"]').inputValue();
  await page.locator('form.f-form-card button[type="submit"]').click();
  await eventually(() => page.locator('.f-designer').count()).toBe(1);
  return id;
}

export interface NewField {
  en: string;
  zh: string;
  required?: boolean;
}

/** Adds a field from the palette (after the selected one, or into the selected table/section). */
export async function addField(page: Page, kind: string, field: NewField, phone: boolean): Promise<void> {
  await page.locator(`.f-palette__item[data-kind="${kind}"]`).click();
  await eventually(() => props(page).locator('[name="label-en"]').count()).toBe(1);
  await setProp(page, 'label-en', field.en);
  await setProp(page, 'label-zh', field.zh);
  if (field.required) await props(page).locator('[name="field-required"]').check();
  if (phone) await closeSheet(page);
}

/** On a phone the properties are a sheet over the page: Done closes it. */
export async function closeSheet(page: Page): Promise<void> {
  await props(page).locator('.f-props__done').click();
  await eventually(() => props(page).isVisible()).toBe(false);
}

export const card = (page: Page, key: string): Locator =>
  page.locator(`.f-fcard[data-field="${key}"]`).first();

export async function selectCard(page: Page, key: string): Promise<void> {
  await card(page, key).locator('> .f-fcard__row .f-fcard__main').click();
  await eventually(() => props(page).getAttribute('data-field')).toMatch(new RegExp(`(^|\\.)${key}$`));
}

/** "Show only when <field> <op> <value>" on the selected field. */
export async function setCondition(page: Page, field: string, op: string, value?: string): Promise<void> {
  await props(page)
    .locator('button', { hasText: /Add a condition|添加显示条件/ })
    .click();
  await props(page).locator('[name="cond-field"]').selectOption(field);
  await props(page).locator('[name="cond-op"]').selectOption(op);
  if (value !== undefined) await setProp(page, 'cond-value', value);
}

export const fieldKeys = (page: Page): Promise<string[]> =>
  page
    .locator('.f-canvas > .f-droplist > .f-fcard')
    .evaluateAll((cards) => cards.map((c) => c.getAttribute('data-field') ?? ''));

export async function openTab(page: Page, tab: RegExp): Promise<void> {
  await page.locator('.f-tablist:not(.f-tablist--compact) [role="tab"]', { hasText: tab }).click();
}

export async function publishForm(page: Page): Promise<void> {
  await page.locator('button[data-action="publish"]').click();
}

// ---- flow modeler ----------------------------------------------------------------------------

export const shape = (page: Page, id: string): Locator =>
  page.locator(`.djs-element[data-element-id="${id}"]`);

export async function selectShape(page: Page, id: string): Promise<void> {
  // Appending scrolls the diagram: an element may have gone under the palette or out of view.
  const box = await shape(page, id).boundingBox();
  const palette = await page.locator('.djs-palette').boundingBox();
  const canvas = await page.locator('.f-flow__canvas').boundingBox();
  const inside = (b: typeof box, x: number, y: number): boolean =>
    !!b && x >= b.x && x <= b.x + b.width && y >= b.y && y <= b.y + b.height;
  if (
    box &&
    (inside(palette, box.x + box.width / 2, box.y + box.height / 2) ||
      !inside(canvas, box.x + box.width / 2, box.y + box.height / 2))
  )
    await page
      .locator(
        '.f-flow__toolbar button[aria-label="Fit to screen"], .f-flow__toolbar button[aria-label="适应屏幕"]',
      )
      .click();
  // The context pad of the selected element may lie over the target: select nothing first.
  const root = page.locator('.djs-container > svg').first();
  const size = await root.boundingBox();
  if (size && (await page.locator('.djs-context-pad').count()))
    await root.click({ position: { x: size.width - 12, y: 12 }, force: true });
  await shape(page, id).click({ force: true });
  await eventually(() => page.locator(`.f-elpanel[data-element="${id}"]`).count()).toBe(1);
}

/** Clicks an entry of the context pad of the selected element (append.user-task, delete, …). */
export async function contextPad(page: Page, action: string): Promise<void> {
  await page.locator(`.djs-context-pad .entry[data-action="${action}"]`).click();
}

/** The id of the element the modeler selected last (what the element panel shows). */
export const selectedElement = (page: Page): Promise<string | null> =>
  page.locator('.f-elpanel').getAttribute('data-element');

export async function flowTab(page: Page, tab: RegExp): Promise<void> {
  await page.locator('.f-flow__side [role="tab"]', { hasText: tab }).click();
}

export async function setElementName(page: Page, name: string): Promise<void> {
  const input = page.locator('.f-elpanel [name="element-name"]');
  await input.fill(name);
  await input.press('Enter');
}

/** Exports the diagram through the Export button and returns the file's text. */
export async function exportBpmn(page: Page): Promise<{ name: string; xml: string }> {
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.locator('button[data-action="export"]').click(),
  ]);
  const stream = await download.createReadStream();
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return { name: download.suggestedFilename(), xml: Buffer.concat(chunks).toString('utf8') };
}

/** Fits the diagram into view (as the toolbar button does) — before a screenshot. */
export async function fitDiagram(page: Page): Promise<void> {
  await page.locator('.f-flow__toolbar button').nth(2).click();
}
