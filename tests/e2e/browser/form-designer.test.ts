// The form designer in a real browser, on a desktop (1280×800, English) and a phone (390×844,
// Chinese): fields from the palette, reordering by drag (desktop), keyboard and buttons, the field
// properties (labels in both languages, required, limits, options, a visible-when condition), the
// live preview in either language, the raw JSON Schema checked as you type, publishing with the
// server's problems shown at the field, a second version and the comparison of versions. With
// unsaved fields, an in-app link asks before leaving (staying keeps them).
// Screenshots of every screen go to test-artifacts/browser/.
import type { Browser, Dialog, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  launchChromium,
  newPage,
  pageErrors,
  screenshot,
  startWebApp,
  VIEWPORTS,
  type WebApp,
} from '#tests/support/browser.ts';
import {
  addField,
  card,
  closeSheet,
  createForm,
  eventually,
  fieldKeys,
  logInAnalyst,
  openTab,
  props,
  publishForm,
  selectCard,
  setCondition,
  setProp,
  SLOW,
} from './designer-steps.ts';

const TEXT = {
  en: {
    design: /Design/,
    preview: /Preview/,
    json: /JSON/,
    settings: /Settings/,
    changes: /Changes/,
    ready: 'Ready to publish',
    published: (n: number) => `Version ${n} is published`,
    notPublishable: 'cannot be published yet',
    labelProblem: 'needs a label in English and Chinese',
    parseError: 'Not valid JSON',
    applied: 'Applied to the designer.',
    addColumn: 'Add column',
    leave: 'You have unsaved changes. Leave this page anyway?',
  },
  'zh-CN': {
    design: /设计/,
    preview: /预览/,
    json: /JSON/,
    settings: /设置/,
    changes: /版本对比/,
    ready: '可以发布',
    published: (n: number) => `第 ${n} 版已发布`,
    notPublishable: '表单暂时无法发布',
    labelProblem: '需要中英文标签',
    parseError: '不是有效的 JSON',
    applied: '已同步到设计器。',
    addColumn: '添加列',
    leave: '有尚未保存的修改。仍要离开此页面吗？',
  },
} as const;

describe.each(VIEWPORTS)('form designer on a $name ($width×$height)', (viewport) => {
  let server: WebApp;
  let browser: Browser;
  const language = viewport.phone ? 'zh-CN' : 'en';
  const text = TEXT[language];
  const shot = (page: Page, name: string, whole = false) =>
    screenshot(page, `${viewport.name}-form-${name}`, { whole });

  beforeAll(async () => {
    server = await startWebApp();
    browser = await launchChromium();
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it(
    'designs, previews, edits JSON, publishes (problems at the field), versions and compares',
    SLOW,
    async () => {
      const { context, page } = await newPage(browser, server, viewport, { locale: language });
      await logInAnalyst(page, language);
      await page.goto('/design/forms');
      await eventually(() => page.locator('.f-empty').count()).toBe(1);
      await shot(page, 'list-empty');

      const formId = await createForm(page, { module: 'hr', en: 'Leave request', zh: '请假申请' });
      expect(formId).toBe('hr-leave-request');
      await addField(page, 'date', { en: 'First day', zh: '开始日期', required: true }, viewport.phone);
      await addField(page, 'number', { en: 'Days', zh: '天数', required: true }, viewport.phone);
      await selectCard(page, 'days');
      await setProp(page, 'field-min', '0.5');
      await setProp(page, 'field-max', '30');
      if (viewport.phone) await closeSheet(page);
      await addField(page, 'select', { en: 'Kind', zh: '类型' }, viewport.phone);
      await selectCard(page, 'kind');
      const option = props(page).locator('.f-options__row').first().locator('input');
      await option.nth(0).fill('annual');
      await option.nth(1).fill('Annual leave');
      await option.nth(2).fill('年假');
      if (viewport.phone) await closeSheet(page);
      await addField(page, 'checkbox', { en: 'Urgent', zh: '加急' }, viewport.phone);
      await addField(page, 'user', { en: 'Stand-in', zh: '代理人', required: true }, false);
      await setCondition(page, 'urgent', 'checked');
      if (viewport.phone) await closeSheet(page);
      await addField(page, 'table', { en: 'Handover', zh: '工作交接' }, viewport.phone);
      await page
        .locator('.f-fcard[data-field="handover"] .f-fcard__add', { hasText: text.addColumn })
        .click();
      await setProp(page, 'label-en', 'Task');
      await setProp(page, 'label-zh', '事项');
      if (viewport.phone) await closeSheet(page);
      expect(await fieldKeys(page)).toEqual(['firstDay', 'days', 'kind', 'urgent', 'standIn', 'handover']);

      // Nothing saved yet: the in-app link back to the list asks first; staying keeps every field.
      const asked: string[] = [];
      const stay = (dialog: Dialog): void => {
        asked.push(`${dialog.type()}:${dialog.message()}`);
        void dialog.dismiss();
      };
      page.on('dialog', stay);
      const editorUrl = page.url();
      await page.locator('.f-editor__back').click();
      await eventually(() => asked).toEqual([`confirm:${text.leave}`]);
      page.off('dialog', stay);
      expect(page.url()).toBe(editorUrl);
      expect(await fieldKeys(page)).toEqual(['firstDay', 'days', 'kind', 'urgent', 'standIn', 'handover']);

      // Reordering: a drag on a desktop (the handle, with the pointer), buttons on a phone, and
      // Alt + arrow keys from the keyboard.
      if (!viewport.phone) {
        // From the top: the palette (taller with the date kinds) may have left the page scrolled.
        await page.evaluate('window.scrollTo(0, 0)');
        const handle = card(page, 'kind').locator('.f-fcard__handle');
        const target = await card(page, 'firstDay').boundingBox();
        const from = await handle.boundingBox();
        await page.mouse.move(from!.x + from!.width / 2, from!.y + from!.height / 2);
        await page.mouse.down();
        await page.mouse.move(from!.x + 10, target!.y + 10, { steps: 8 });
        await eventually(() => page.locator('.f-drop-indicator').count()).toBe(1);
        await page.mouse.up();
        await eventually(() => fieldKeys(page)).toEqual([
          'kind',
          'firstDay',
          'days',
          'urgent',
          'standIn',
          'handover',
        ]);
        // A palette item dragged into the form lands where it is dropped.
        const date = page.locator('.f-palette__item[data-kind="date"]');
        const drop = await card(page, 'urgent').boundingBox();
        const start = await date.boundingBox();
        await page.mouse.move(start!.x + 20, start!.y + 10);
        await page.mouse.down();
        await page.mouse.move(drop!.x + 40, drop!.y + 6, { steps: 10 });
        await page.mouse.up();
        await eventually(() => fieldKeys(page)).toEqual([
          'kind',
          'firstDay',
          'days',
          'date',
          'urgent',
          'standIn',
          'handover',
        ]);
        await page.locator('.f-fcard--selected .f-iconbtn--danger').click();
        await selectCard(page, 'kind');
        await card(page, 'kind').locator('.f-fcard__main').first().press('Alt+ArrowDown');
      } else {
        await selectCard(page, 'kind');
        await closeSheet(page);
        await card(page, 'kind').locator('.f-fcard__tools .f-iconbtn').nth(0).click(); // move up
        await card(page, 'kind').locator('.f-fcard__tools .f-iconbtn').nth(0).click();
        await eventually(() => fieldKeys(page)).toEqual([
          'kind',
          'firstDay',
          'days',
          'urgent',
          'standIn',
          'handover',
        ]);
        await card(page, 'kind').locator('.f-fcard__tools .f-iconbtn').nth(1).click(); // move down
      }
      await eventually(() => fieldKeys(page)).toEqual([
        'firstDay',
        'kind',
        'days',
        'urgent',
        'standIn',
        'handover',
      ]);
      await eventually(() => page.locator('.f-editor__check').innerText()).toBe(text.ready);
      await shot(page, 'design');
      if (viewport.phone) {
        await selectCard(page, 'standIn');
        await shot(page, 'properties');
        await closeSheet(page);
      }

      // Preview: the conditional stand-in appears when "urgent" is ticked; labels in both languages.
      await openTab(page, text.preview);
      const frame = page.locator('.f-preview__frame');
      await eventually(() => frame.locator('#root_days').count()).toBe(1);
      expect(await frame.locator('#root_standIn').count()).toBe(0);
      await frame.locator('#root_urgent').check();
      await eventually(() => frame.locator('#root_standIn').count()).toBe(1);
      await frame.locator('#root_days').fill('45');
      await frame.locator('button[type="submit"]').click();
      await eventually(() => frame.locator('.f-rjsf-field-errors li').count()).toBeGreaterThan(0);
      await page.locator('.f-preview__tools .f-lang__option[lang="en"]').click();
      await eventually(() => frame.locator('label[for="root_days"]').innerText()).toMatch(/^Days/);
      await page.locator('.f-preview__tools .f-lang__option[lang="zh-CN"]').click();
      await eventually(() => frame.locator('label[for="root_days"]').innerText()).toMatch(/^天数/);
      await shot(page, 'preview', true);

      // JSON: broken text is reported as you type; valid text applies to the designer.
      await openTab(page, text.json);
      const schema = page.locator('textarea[name="json-schema"]');
      const original = await schema.inputValue();
      await schema.fill(original.replace('"type": "object"', '"type": "object",,'));
      await eventually(() => page.locator('.f-json .f-field__error').first().innerText()).toContain(
        text.parseError,
      );
      await shot(page, 'json-error', true);
      await schema.fill(original.replace('"maximum": 30', '"maximum": 20'));
      await eventually(() => page.locator('.f-json__applied').innerText()).toBe(text.applied);
      await openTab(page, text.design);
      await selectCard(page, 'days');
      expect(await props(page).locator('[name="field-max"]').inputValue()).toBe('20');

      // Publishing with a label missing: the server's problem is shown at the field.
      await setProp(page, 'label-zh', '');
      if (viewport.phone) await closeSheet(page);
      await publishForm(page);
      await eventually(() => page.locator('.f-alert--error').first().innerText()).toContain(
        text.notPublishable,
      );
      await eventually(() => card(page, 'days').getAttribute('class')).toContain('f-fcard--invalid');
      expect(await card(page, 'days').locator('.f-fcard__problems').innerText()).toContain(text.labelProblem);
      await shot(page, 'publish-problem');
      await selectCard(page, 'days');
      expect(await props(page).locator('.f-field--invalid').count()).toBeGreaterThan(0);
      await setProp(page, 'label-zh', '天数');
      if (viewport.phone) await closeSheet(page);
      await publishForm(page);
      await eventually(() => page.locator('.f-alert--success').innerText()).toContain(text.published(1));

      // Version 2 changes a label and removes a field; the comparison says so.
      await selectCard(page, 'days');
      await setProp(page, 'label-en', 'Working days');
      if (viewport.phone) await closeSheet(page);
      await selectCard(page, 'handover');
      if (viewport.phone) await closeSheet(page);
      await card(page, 'handover').locator('> .f-fcard__row .f-iconbtn--danger').click();
      await publishForm(page);
      await eventually(() => page.locator('.f-alert--success').innerText()).toContain(text.published(2));
      await openTab(page, text.changes);
      await page.locator('select[name="compare-target"]').selectOption('2');
      await page.locator('select[name="compare-base"]').selectOption('1');
      await eventually(() => page.locator('.f-change[data-path="days"]').getAttribute('data-change')).toBe(
        'changed',
      );
      expect(await page.locator('.f-change[data-path="handover"]').getAttribute('data-change')).toBe(
        'removed',
      );
      expect(await page.locator('.f-change[data-path="firstDay"]').count()).toBe(0);
      await shot(page, 'changes', true);

      await openTab(page, text.settings);
      await eventually(() => page.locator('input[name="form-name-zh"]').inputValue()).toBe('请假申请');
      await shot(page, 'settings');

      // The list: the form under its module, published, version 2.
      await page.goto('/design/forms');
      await eventually(() => page.locator(`.f-linklist__item[data-form="${formId}"]`).count()).toBe(1);
      expect(
        await page.locator(`.f-linklist__item[data-form="${formId}"] [data-status="published"]`).count(),
      ).toBe(1);
      await shot(page, 'list');
      expect(pageErrors(page)).toEqual([]);
      await context.close();
    },
  );
});
