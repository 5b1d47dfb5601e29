// The decision table editor in a real browser. On a desktop (1280×800): the decisions list, the
// finance module's table opened as deployed, a .dmn file imported, a new table named in both
// languages (the Chinese name required) edited in dmn-js (cells typed, a rule added), a broken
// cell outlined with its problem listed at its rule, fixed, tried with sample values (the matching
// rule highlighted), deployed (the API then evaluates it), and dmn-js's own texts and the table's
// name in Chinese once the language changes. On a phone (390×844, Chinese): the list shows the new
// table's Chinese name; finance's approval-route table read as one card per rule, without the
// editor. Screenshots in test-artifacts/browser/.
/* eslint-disable @typescript-eslint/no-explicit-any -- API replies are read freely */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DESKTOP,
  launchChromium,
  newPage,
  pageErrors,
  PHONE,
  screenshot,
  startWebApp,
  type WebApp,
} from '#tests/support/browser.ts';
import { eventually, logInAnalyst, SLOW } from './designer-steps.ts';

const FINANCE_TABLE = readFileSync(
  join(import.meta.dirname, '../../../modules/finance/decisions/expense-route.dmn'),
  'utf8',
);

/**
 * Types into a dmn-js cell as an analyst does: click, select all, type. A focused cell shows
 * dmn-js's FEEL editor (CodeMirror) in place of its plain text, so the visible editable is used.
 */
async function typeCell(page: Page, cell: string, text: string): Promise<void> {
  await page.locator(cell).first().click();
  const editable = page.locator(`${cell} [contenteditable="true"]:visible`).first();
  await editable.click();
  await page.keyboard.press('Control+A');
  await page.keyboard.type(text);
}

const cssOf = (page: Page, selector: string, property: string): Promise<string> =>
  page
    .locator(selector)
    .first()
    .evaluate((el, p) => getComputedStyle(el).getPropertyValue(p), property);

const DINNER = readFileSync(join(import.meta.dirname, '../../fixtures/dmn/dinnerDecisions.dmn'), 'utf8');

describe('decision table editor', () => {
  let server: WebApp;
  let browser: Browser;

  beforeAll(async () => {
    server = await startWebApp();
    browser = await launchChromium();
    await server.app.services.decisions.deploy(FINANCE_TABLE, { by: 'zhou.jie' });
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it(
    'on a desktop: a new table edited, a broken cell shown at its rule, tried, deployed; texts in Chinese',
    SLOW,
    async () => {
      const { context, page } = await newPage(browser, server, DESKTOP, { locale: 'en' });
      const shot = (name: string, whole = false) => screenshot(page, `desktop-decision-${name}`, { whole });
      await logInAnalyst(page, 'en');
      await page.locator('.f-nav a', { hasText: 'Decision tables' }).click();
      await eventually(() => page.locator('[data-decision="finance-expense-route"]').count()).toBe(1);
      await shot('list');

      // The module's table opens in dmn-js as deployed: its three rules, nothing to deploy.
      await page.locator('[data-decision="finance-expense-route"]').click();
      await eventually(() => page.locator('.f-dmn-editor tbody tr').count()).toBe(3);
      expect(await page.locator('.f-editor__saved').textContent()).toBe('Same as the deployed version');
      await eventually(() => page.locator('.f-dmn-check').getAttribute('data-problems')).toBe('0');
      await shot('module-table');
      await page.locator('a', { hasText: 'All decision tables' }).click();
      await eventually(() => page.locator('[data-decision="finance-expense-route"]').count()).toBe(1);

      // A .dmn file from Camunda's examples imported from the list: it opens, not deployed, with
      // a tab per decision and one for the requirements diagram.
      await page.locator('.f-page__actions input[type="file"]').setInputFiles({
        name: 'dinnerDecisions.dmn',
        mimeType: 'application/xml',
        buffer: Buffer.from(DINNER),
      });
      await eventually(() => page.locator('.f-alert').first().textContent()).toContain(
        'dinnerDecisions.dmn imported',
      );
      expect(new URL(page.url()).pathname).toBe('/design/decisions/dish');
      await eventually(() => page.locator('.f-dmn-bar [role="tab"]').count()).toBe(3);
      expect(await page.locator('.f-editor__saved').textContent()).toBe('Changes not deployed');
      await shot('imported');
      // Leaving an imported table that is not deployed asks first (it would be lost); the analyst
      // goes ahead.
      const questions: string[] = [];
      page.once('dialog', (dialog) => {
        questions.push(`${dialog.type()}:${dialog.message()}`);
        void dialog.accept();
      });
      await page.locator('a', { hasText: 'All decision tables' }).click();
      await eventually(() => questions).toEqual([
        'confirm:You have unsaved changes. Leave this page anyway?',
      ]);
      await eventually(() => page.locator('[data-decision="finance-expense-route"]').count()).toBe(1);

      await page.locator('.f-page__actions button', { hasText: 'New decision table' }).click();
      await page.locator('input[name="decision-name-en"]').fill('Travel approval');
      expect(await page.locator('input[name="decision-id"]').inputValue()).toBe('travel-approval');
      // Both names are asked for (as a new flow's): without the Chinese one no table is made.
      await page.locator('form.f-form-card button[type="submit"]').click();
      await eventually(() => page.locator('.f-form-card .f-field__error').count()).toBe(1);
      expect(new URL(page.url()).pathname).toBe('/design/decisions');
      await page.locator('input[name="decision-name-zh"]').fill('差旅审批');
      await page.locator('form.f-form-card button[type="submit"]').click();
      await eventually(() => page.locator('.f-dmn-editor tbody td.input-cell').count()).toBe(1);
      await eventually(() => page.locator('.f-dmn-check').textContent()).toContain('Ready to deploy');

      // Rule 1: below 1,000 the manager; rule 2 (added): from 1,000 the director — typed wrong first.
      await typeCell(page, '[data-element-id="travel-approval-rule-1-input-1"]', '< 1000');
      await typeCell(page, '[data-element-id="travel-approval-rule-1-output-1"]', '"manager"');
      await page.locator('.f-dmn-editor .add-rule-add button').click();
      await eventually(() => page.locator('.f-dmn-editor tbody tr').count()).toBe(2);
      const rule2 = page.locator('.f-dmn-editor tbody tr').nth(1);
      const rule2Id = (await rule2.locator('td.rule-index').getAttribute('data-row-id'))!;
      const rule2Input = `[data-row-id="${rule2Id}"].input-cell`;
      await typeCell(page, rule2Input, '>= 1000 and');
      await typeCell(page, `[data-row-id="${rule2Id}"].output-cell`, '"director"');
      await eventually(() => page.locator('.f-dmn-check').getAttribute('data-problems')).toBe('1');
      const problem = page.locator('.f-dmn-problems li');
      expect(await problem.getAttribute('data-problem')).toBe('FEEL_SYNTAX');
      expect(await problem.textContent()).toContain('Rule 2');
      // The broken cell is outlined in the table.
      expect(await cssOf(page, rule2Input, 'box-shadow')).toMatch(/inset/);
      await shot('problem', true);

      await typeCell(page, rule2Input, '>= 1000');
      await eventually(() => page.locator('.f-dmn-check').getAttribute('data-problems')).toBe('0');
      expect(await cssOf(page, rule2Input, 'box-shadow')).toBe('none');

      // Try it before deploying: 1,500 → the director, rule 2 highlighted.
      await page.locator('textarea[name="try-variables"]').fill('{ "amount": 1500 }');
      await page.locator('button', { hasText: 'Evaluate' }).click();
      await eventually(() => page.locator('[data-testid="try-result"]').textContent()).toContain(
        'Matching rules: 2',
      );
      expect(await page.locator('[data-testid="try-result"] pre').textContent()).toBe('"director"');
      expect(await cssOf(page, `td.rule-index[data-row-id="${rule2Id}"]`, 'background-color')).not.toBe(
        'rgba(0, 0, 0, 0)',
      );
      await shot('try', true);

      await page.locator('.f-page__actions button', { hasText: 'Deploy' }).click();
      await eventually(() => page.locator('.f-alert').first().textContent()).toContain(
        'Version 1 is deployed',
      );
      const evaluated = await page.evaluate(async () => {
        const res = await fetch('/api/decisions/travel-approval/evaluate', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ variables: { amount: 500 } }),
        });
        return (await res.json()) as any;
      });
      expect([evaluated.version, evaluated.result]).toEqual([1, 'manager']);
      // Deployed with both names (forma:nameZh on the table), as the engine reads them.
      const listed = await page.evaluate(async () => {
        const res = await fetch('/api/decisions/travel-approval');
        return (await res.json()) as any;
      });
      expect([listed.name, listed.nameZh]).toEqual(['Travel approval', '差旅审批']);
      await shot('deployed');

      // dmn-js's own texts follow the language (dmn-js has no Chinese of its own).
      await page.locator('.f-header .f-lang__option[lang="zh-CN"]').click();
      await eventually(() => page.locator('.f-dmn-editor .hit-policy .dms-label').first().textContent()).toBe(
        '命中策略：',
      );
      await eventually(() => page.locator('.f-dmn-check').textContent()).toContain('可以部署');
      // What the page said and what is deployed follow too; the deployed table stays deployed.
      expect(await page.locator('.f-alert').first().textContent()).toContain('版本 1 已部署');
      expect(await page.locator('.f-editor__saved').textContent()).toBe('与已部署版本相同');
      // A Chinese reader sees the table's Chinese name.
      await eventually(() => page.locator('h1').first().textContent()).toBe('差旅审批');
      await shot('zh');
      expect(pageErrors(page)).toEqual([]);
      await context.close();
    },
  );

  it('on a phone: the table read as one card per rule, without the editor', SLOW, async () => {
    const { context, page, scripts } = await newPage(browser, server, PHONE, { locale: 'zh-CN' });
    await logInAnalyst(page, 'zh-CN');
    await page.goto('/design/decisions');
    await eventually(() => page.locator('[data-decision="finance-expense-route"]').count()).toBe(1);
    // The table named in both languages on the desktop shows its Chinese name to this reader.
    expect(await page.locator('[data-decision="travel-approval"]').textContent()).toContain('差旅审批');
    expect(await page.locator('[data-decision="travel-approval"]').textContent()).not.toContain(
      'Travel approval',
    );
    await screenshot(page, 'phone-decision-list');
    await page.locator('[data-decision="finance-expense-route"]').click();
    await eventually(() => page.locator('.f-dmn-card').count()).toBe(3);
    expect(await page.locator('.f-alert').first().textContent()).toContain('编辑决策表需要更大的屏幕');
    expect(await page.locator('.f-dmn-editor').count()).toBe(0);
    const first = page.locator('.f-dmn-card[data-rule="above-threshold"]');
    expect(await first.textContent()).toContain('> settings.deptHeadThreshold');
    expect(await first.textContent()).toContain('"deptHead"');
    // Nothing is wider than the phone.
    const overflow = await page.evaluate('document.documentElement.scrollWidth - window.innerWidth');
    expect(overflow).toBeLessThanOrEqual(0);
    await screenshot(page, 'phone-decision-cards', { whole: true });
    expect(scripts.some((s) => /DecisionEditorPage/.test(s))).toBe(true);
    expect(pageErrors(page)).toEqual([]);
    await context.close();
  });
});
