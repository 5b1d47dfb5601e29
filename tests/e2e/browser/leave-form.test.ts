// An analyst's leave form in a real browser, on a 390 px phone in Chinese and on a desktop in
// English: a date range, a working-day duration and an "end ≥ start" rule, built with pickers (no
// FEEL typed). The preview computes the duration and refuses reversed dates with the field's own
// message; published and offered in the catalogue, the employee's portal form does the same; and
// the server stores the computed working days and refuses a reversed range at the end date with the
// message in both languages, storing nothing. Working days count on the business calendar in the
// preview, the portal and on the server alike (a range across 国庆 and a make-up Saturday).
import type { APIRequestContext, Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DEMO_PASSWORD,
  demoLogin,
  launchChromium,
  newPage,
  pageErrors,
  screenshot,
  startWebApp,
  submitLogin,
  VIEWPORTS,
  type WebApp,
} from '#tests/support/browser.ts';
import {
  addField,
  closeSheet,
  createForm,
  eventually,
  logInAnalyst,
  openTab,
  props,
  publishForm,
  setProp,
  SLOW,
} from './designer-steps.ts';

/* eslint-disable @typescript-eslint/no-explicit-any -- API replies are JSON read freely */
const TEXT = {
  en: {
    preview: /Preview/,
    rules: /Rules/,
    design: /Design/,
    published: 'Version 1 is published',
    reversed: 'must not be before First day',
    rule: 'Last day must not be before First day',
    fix: 'Please correct',
  },
  'zh-CN': {
    preview: /预览/,
    rules: /校验规则/,
    design: /设计/,
    published: '第 1 版已发布',
    reversed: '不能早于开始日期',
    rule: '结束日期不能早于开始日期',
    fix: '请修改',
  },
} as const;

describe.each(VIEWPORTS)('leave form with a date range on a $name', (viewport) => {
  let server: WebApp;
  let browser: Browser;
  const language = viewport.phone ? 'zh-CN' : 'en';
  const text = TEXT[language];
  const shot = (page: Page, name: string, whole = false) =>
    screenshot(page, `${viewport.name}-leave-${name}`, { whole });

  beforeAll(async () => {
    server = await startWebApp();
    browser = await launchChromium();
    // The China 2026 calendar becomes the company's: working days count 国庆 and 调休.
    const installed = await (
      await apiAs('admin')
    ).post('/api/modules/cn-calendar/install', {
      data: { enable: true },
    });
    expect(installed.status(), await installed.text()).toBe(200);
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  async function apiAs(role: 'employee' | 'admin'): Promise<APIRequestContext> {
    const context = await browser.newContext({ baseURL: server.url });
    const res = await context.request.post('/api/auth/login', {
      data: { login: demoLogin(role), password: DEMO_PASSWORD },
    });
    expect(res.status()).toBe(200);
    return context.request;
  }

  it('is built with pickers, and checked in the preview, the portal and on the server', SLOW, async () => {
    const { context, page } = await newPage(browser, server, viewport, { locale: language });
    await logInAnalyst(page, language);
    const formId = await createForm(page, { module: 'hr', en: 'Leave', zh: '请假' });
    expect(formId).toBe('hr-leave');

    await addField(page, 'text', { en: 'Reason', zh: '事由', required: true }, viewport.phone);
    await addField(page, 'dateRange', { en: 'Leave', zh: '请假时间', required: true }, false);
    await setProp(page, 'range-start-en', 'First day');
    await setProp(page, 'range-start-zh', '开始日期');
    await setProp(page, 'range-end-en', 'Last day');
    await setProp(page, 'range-end-zh', '结束日期');
    if (viewport.phone) await closeSheet(page);
    // A new duration counts the form's range in working days; its formula is generated.
    await addField(page, 'duration', { en: 'Working days', zh: '工作日天数' }, false);
    expect(await props(page).locator('select[name="duration-unit"]').inputValue()).toBe('workingDays');
    expect(await props(page).locator('select[name="duration-from"]').inputValue()).toBe('leave.start');
    expect(await props(page).locator('select[name="duration-to"]').inputValue()).toBe('leave.end');
    expect(await props(page).locator('[data-testid="duration-formula"]').innerText()).toContain(
      'working days(leave.start, leave.end)',
    );
    await shot(page, 'duration-properties');
    if (viewport.phone) await closeSheet(page);

    // The rule: picked, with a message suggested in both languages from the labels.
    await openTab(page, text.rules);
    await page.locator('button[data-action="add-rule"]').click();
    const rule = page.locator('.f-rules__rule').first();
    expect(await rule.locator('select[name="rule-field"]').inputValue()).toBe('leave.end');
    expect(await rule.locator('select[name="rule-op"]').inputValue()).toBe('gte');
    expect(await rule.locator('select[name="rule-other"]').inputValue()).toBe('leave.start');
    expect(await rule.locator('input[name="rule-message-en"]').inputValue()).toBe(TEXT.en.rule);
    expect(await rule.locator('input[name="rule-message-zh"]').inputValue()).toBe(TEXT['zh-CN'].rule);
    await shot(page, 'rules', true);

    // Preview: the working days fill in; reversed dates are refused at the last day.
    await openTab(page, text.preview);
    const frame = page.locator('.f-preview__frame');
    await eventually(() => frame.locator('#root_leave_start').count()).toBe(1);
    await frame.locator('#root_reason').fill('Family visit');
    await frame.locator('#root_leave_start').fill('2026-03-05');
    await frame.locator('#root_leave_end').fill('2026-03-10');
    await eventually(() => frame.locator('#root_workingDays').inputValue()).toBe('4');
    // Across 国庆 (1–7 Oct off, Saturday 10 Oct a make-up working day) the preview counts on the
    // business calendar (the company's China 2026 one), as the server will: 6, not Monday–Friday's 10.
    await frame.locator('#root_leave_start').fill('2026-09-28');
    await frame.locator('#root_leave_end').fill('2026-10-10');
    await eventually(() => frame.locator('#root_workingDays').inputValue()).toBe('6');
    await frame.locator('#root_leave_start').fill('2026-03-05');
    await frame.locator('#root_leave_end').fill('2026-03-03');
    await frame.locator('button[type="submit"]').click();
    const endErrors = frame.locator('#root_leave_end__error');
    await eventually(() => endErrors.innerText()).toContain(text.reversed);
    // Only the wrong field is marked: the others carry no message.
    expect(await frame.locator('.f-rjsf-field-errors').count()).toBe(1);
    expect(await frame.innerText()).not.toMatch(/无效|is not valid/);
    await shot(page, 'preview-refused', true);
    await frame.locator('#root_leave_end').fill('2026-03-06');
    await frame.locator('button[type="submit"]').click();
    await eventually(() => page.locator('.f-preview .f-alert--success').count()).toBe(1);
    expect(await page.locator('.f-preview__data').innerText()).toContain('"workingDays": 2');

    await publishForm(page);
    await eventually(() => page.locator('.f-alert--success').first().innerText()).toContain(text.published);
    expect(pageErrors(page)).toEqual([]);
    await context.close();

    // ---- the server -----------------------------------------------------------------------------
    const admin = await apiAs('admin');
    const definition = (await (await admin.get(`/api/forms/${formId}`)).json()) as any;
    expect(definition.checks ?? definition.definition?.checks).toBeDefined();
    const entry = await admin.post('/api/catalogue/entries', {
      data: { id: 'hr-leave-request', form: formId, name: { en: 'Leave', 'zh-CN': '请假' } },
    });
    expect(entry.status()).toBe(201);
    // The server counts the same range on the same calendar: 6.
    const holiday = await admin.post(`/api/records/${formId}`, {
      data: { data: { reason: 'x', leave: { start: '2026-09-28', end: '2026-10-10' } } },
    });
    expect(holiday.status()).toBe(201);
    expect(((await holiday.json()) as any).data).toMatchObject({ workingDays: 6 });
    const before = ((await (await admin.get(`/api/records/${formId}`)).json()) as any).items.length;
    const reversed = await admin.post(`/api/records/${formId}`, {
      data: { data: { reason: 'x', leave: { start: '2026-03-10', end: '2026-03-07' } } },
    });
    expect(reversed.status()).toBe(422);
    const details = ((await reversed.json()) as any).error.details;
    expect(details).toEqual([{ path: '/leave/end', message: TEXT.en.rule, messageZh: TEXT['zh-CN'].rule }]);
    const stored = await admin.post(`/api/records/${formId}`, {
      data: { data: { reason: 'x', leave: { start: '2026-03-05', end: '2026-03-10' }, workingDays: 99 } },
    });
    expect(stored.status()).toBe(201);
    expect(((await stored.json()) as any).data).toMatchObject({ workingDays: 4 });
    const after = ((await (await admin.get(`/api/records/${formId}`)).json()) as any).items.length;
    expect(after).toBe(before + 1);

    // ---- the portal: an employee gets the same refusal, then submits ----------------------------
    const employee = await newPage(browser, server, viewport, { locale: language });
    const ep = employee.page;
    await ep.goto('/');
    await submitLogin(ep, demoLogin('employee'), DEMO_PASSWORD);
    await eventually(() => ep.locator('.f-nav').count()).toBe(1);
    await ep.locator(`.f-header .f-lang__option[lang="${language}"]`).click();
    await ep.goto('/requests/new/hr-leave-request');
    await eventually(() => ep.locator('#root_leave_start').count()).toBe(1);
    await ep.locator('#root_reason').fill('Family visit');
    // The employee's form shows the server's figure across 国庆 too.
    await ep.locator('#root_leave_start').fill('2026-09-28');
    await ep.locator('#root_leave_end').fill('2026-10-10');
    await eventually(() => ep.locator('#root_workingDays').inputValue()).toBe('6');
    await shot(ep, 'portal-national-day', true);
    await ep.locator('#root_leave_start').fill('2026-03-10');
    await ep.locator('#root_leave_end').fill('2026-03-09');
    await eventually(() => ep.locator('#root_workingDays').inputValue()).toBe('-2');
    await ep.locator('.fp-request-form button[type="submit"]').click();
    await eventually(() => ep.locator('#root_leave_end__error').innerText()).toContain(text.reversed);
    expect(await ep.locator('.f-rjsf-field-errors').count()).toBe(1);
    await shot(ep, 'portal-refused', true);
    await ep.locator('#root_leave_end').fill('2026-03-13');
    await eventually(() => ep.locator('#root_workingDays').inputValue()).toBe('4');
    await shot(ep, 'portal-filled', true);
    await ep.locator('.fp-request-form button[type="submit"]').click();
    await eventually(() => new URL(ep.url()).pathname).toMatch(/^\/requests/);
    await eventually(() => new URL(ep.url()).pathname).not.toBe('/requests/new/hr-leave-request');
    expect(pageErrors(ep)).toEqual([]);
    const records = ((await (await admin.get(`/api/records/${formId}`)).json()) as any).items as any[];
    expect(records.map((r) => r.data.workingDays)).toContain(4);
    expect(records).toHaveLength(before + 2);
    await employee.context.close();
  });
});
