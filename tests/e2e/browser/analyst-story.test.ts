// The analyst's story in a real browser (desktop 1280×800): log in, build a travel-expense form with
// a conditional field ("reason" when the amount is above 5,000) and a table of line items, publish
// it, model a two-step approval (the requester's manager, then finance when the amount is above
// 5,000 — a gateway on the form's amount field), simulate it, deploy it and publish it to the
// request catalogue — all through the UI (the server's refusal of a taken id shows at the id field).
// An employee on a phone then finds the request in the portal's catalogue, fills in the form and
// starts it; the manager approves it. The published form and the deployed flow are also used through
// the API: a record is validated against the form, and requests run through both paths of the flow
// with the real approvers. Last, the analyst takes the request out of the catalogue again.
import type { APIRequestContext, Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DEMO_PASSWORD,
  DESKTOP,
  demoLogin,
  launchChromium,
  newPage,
  pageErrors,
  PHONE,
  screenshot,
  startWebApp,
  submitLogin,
  type WebApp,
} from '#tests/support/browser.ts';
import {
  addField,
  contextPad,
  createForm,
  eventually,
  fieldKeys,
  fitDiagram,
  flowTab,
  logInAnalyst,
  openTab,
  props,
  publishForm,
  selectedElement,
  selectShape,
  setCondition,
  setElementName,
  setProp,
  shape,
  SLOW,
} from './designer-steps.ts';

/* eslint-disable @typescript-eslint/no-explicit-any -- API replies are JSON read freely */
describe('analyst story: a form with a conditional field and line items, a two-step approval on its amount', () => {
  let server: WebApp;
  let browser: Browser;
  const shot = (page: Page, name: string, whole = false) => screenshot(page, `story-${name}`, { whole });

  beforeAll(async () => {
    server = await startWebApp();
    browser = await launchChromium();
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  /** An API client logged in as a demo user (its own cookie jar). */
  async function apiAs(
    role: 'employee' | 'manager' | 'finance' | 'admin' | 'analyst',
  ): Promise<APIRequestContext> {
    const context = await browser.newContext({ baseURL: server.url });
    const res = await context.request.post('/api/auth/login', {
      data: { login: demoLogin(role), password: DEMO_PASSWORD },
    });
    expect(res.status()).toBe(200);
    return context.request;
  }

  it(
    'builds, publishes, models, simulates and deploys; the request then runs on both paths',
    SLOW,
    async () => {
      const { context, page } = await newPage(browser, server, DESKTOP);
      await logInAnalyst(page);

      // ---- the form ----------------------------------------------------------------------------
      const formId = await createForm(page, { module: 'finance', en: 'Travel expense', zh: '差旅报销' });
      expect(formId).toBe('finance-travel-expense');
      await addField(page, 'text', { en: 'Purpose', zh: '事由', required: true }, false);
      await addField(page, 'money', { en: 'Amount', zh: '金额', required: true }, false);
      await addField(
        page,
        'longText',
        { en: 'Reason for a large amount', zh: '大额原因', required: true },
        false,
      );
      await setCondition(page, 'amount', 'gt', '5000');
      await addField(page, 'table', { en: 'Line items', zh: '费用明细' }, false);
      await setProp(page, 'field-key', 'lines');
      // With the table selected, new fields become its columns.
      await addField(page, 'text', { en: 'Description', zh: '说明', required: true }, false);
      await addField(page, 'money', { en: 'Line amount', zh: '明细金额', required: true }, false);
      expect(await fieldKeys(page)).toEqual(['purpose', 'amount', 'reasonForALargeAmount', 'lines']);
      expect(
        await page
          .locator('.f-fcard[data-field="lines"] .f-fcard[data-field]')
          .evaluateAll((c) => c.map((e) => e.getAttribute('data-field'))),
      ).toEqual(['description', 'lineAmount']);
      await expect
        .poll(() => page.locator('.f-fcard[data-field="reasonForALargeAmount"] [data-condition]').innerText())
        .toBe('Amount is more than 5000');
      await eventually(() => page.locator('.f-editor__check').innerText()).toBe('Ready to publish');
      await shot(page, 'form-design');

      // The preview renders the form as employees will see it: the reason appears above 5,000 only.
      await openTab(page, /Preview/);
      const preview = page.locator('.f-preview__frame');
      await eventually(() => preview.locator('#root_amount').count()).toBe(1);
      await preview.locator('#root_amount').fill('8000');
      await eventually(() => preview.locator('#root_reasonForALargeAmount').count()).toBe(1);
      await shot(page, 'form-preview', true);
      await preview.locator('#root_amount').fill('120.50');
      await eventually(() => preview.locator('#root_reasonForALargeAmount').count()).toBe(0);

      await publishForm(page);
      await eventually(() => page.locator('.f-alert--success').innerText()).toContain(
        'Version 1 is published',
      );

      // ---- the flow ----------------------------------------------------------------------------
      await page.goto('/design/flows');
      await page.locator('.f-page__actions button', { hasText: 'New flow' }).click();
      await page.locator('input[name="flow-name-en"]').fill('Travel expense approval');
      await page.locator('input[name="flow-name-zh"]').fill('差旅报销审批');
      await page.locator('input[name="flow-module"]').fill('finance');
      await page.locator('form.f-form-card button[type="submit"]').click();
      await eventually(() => shape(page, 'approvalStep').count()).toBe(1);
      expect(new URL(page.url()).pathname).toBe('/design/flows/finance-travel-expense-approval');

      // The request form on the start event; the first step goes to the requester's manager.
      await selectShape(page, 'submitted');
      await page.locator('.f-elpanel [name="request-form"]').selectOption(formId);
      await selectShape(page, 'approvalStep');
      await page.locator('[name="approver-type"]').selectOption('manager');

      // Replace "approved" by a second decision: amount above 5,000 → finance, else done.
      await selectShape(page, 'approved');
      await contextPad(page, 'delete');
      await selectShape(page, 'decision');
      await contextPad(page, 'append.gateway');
      const amountGateway = (await selectedElement(page))!;
      await setElementName(page, 'Amount over 5000?');
      await contextPad(page, 'append.user-task');
      const financeStep = (await selectedElement(page))!;
      await setElementName(page, 'Finance approval');
      await page.locator('[name="approver-type"]').selectOption('role');
      await page.locator('[name="approver-role"]').selectOption('finance');
      await page.locator('[name="approver-mode"]').selectOption('any');
      await contextPad(page, 'append.end-event');
      await setElementName(page, 'Approved');
      await selectShape(page, amountGateway);
      await contextPad(page, 'append.end-event');
      await setElementName(page, 'Approved (small amount)');

      // The approval path of the first decision is its default; the amount decision gets a condition
      // built from the form's fields, and a default for the rest.
      await selectShape(page, 'decision');
      await page.locator('[name="gateway-default"]').selectOption({ label: 'Amount over 5000?' });
      await selectShape(page, amountGateway);
      await page.locator('.f-paths__item', { hasText: 'Finance approval' }).click();
      await eventually(() => page.locator('.f-elpanel[data-kind="sequenceFlow"]').count()).toBe(1);
      await page.locator('button', { hasText: 'Add a condition' }).click();
      await page.locator('[name="clause-field-0"]').selectOption('amount');
      await page.locator('[name="clause-op-0"]').selectOption('>');
      const value = page.locator('[name="clause-value-0"]');
      await value.fill('5000');
      await value.press('Enter');
      await selectShape(page, amountGateway);
      await page.locator('[name="gateway-default"]').selectOption({ label: 'Approved (small amount)' });
      await eventually(() =>
        page.locator('.f-paths__item', { hasText: 'Finance approval' }).innerText(),
      ).toContain('when Amount is more than 5000');
      await eventually(() => page.locator('.f-flow__check').getAttribute('data-problems')).toBe('0');
      await eventually(() => page.locator('.f-flow__check').innerText()).toBe('Ready to deploy');
      await fitDiagram(page);
      await shot(page, 'flow-model');

      // Simulate: 8,000 goes through finance, 300 does not.
      await flowTab(page, /Simulate/);
      await page.locator('[name="sim-amount"]').fill('8000');
      await page.locator('button[data-action="simulate"]').click();
      await eventually(() => page.locator(`.f-sim__steps [data-step="${financeStep}"]`).count()).toBe(1);
      expect(await shape(page, financeStep).getAttribute('class')).toContain('f-sim');
      await fitDiagram(page);
      await shot(page, 'flow-simulate');
      await page.locator('[name="sim-amount"]').fill('300');
      await page.locator('button[data-action="simulate"]').click();
      await eventually(() => page.locator(`.f-sim__steps [data-step="${financeStep}"]`).count()).toBe(0);
      expect(await shape(page, financeStep).getAttribute('class')).not.toContain('f-sim');

      await page.locator('button[data-action="deploy"]').click();
      await eventually(() => page.locator('.f-alert--success').innerText()).toContain(
        'Version 1 is deployed',
      );
      await shot(page, 'flow-deployed');
      expect(pageErrors(page)).toEqual([]);

      // ---- the request catalogue ---------------------------------------------------------------
      const processId = 'finance-travel-expense-approval';
      const admin = await apiAs('admin');
      // An older request (the form alone, no approval) already has the id the dialog suggests.
      const older = await admin.post('/api/catalogue/entries', {
        data: { id: processId, form: formId, name: { en: 'Old travel expense', 'zh-CN': '旧差旅报销' } },
      });
      expect(older.status()).toBe(201);

      // After the deploy, the notice offers to publish the flow; the dialog is prefilled from it.
      await page.locator('button[data-action="catalogue-offer"]').click();
      const dialog = page.locator('dialog[data-dialog="catalogue"]');
      await eventually(() => dialog.isVisible()).toBe(true);
      const entryField = (name: string) => dialog.locator(`[name="${name}"]`);
      expect(await entryField('entry-id').inputValue()).toBe(processId);
      expect(await entryField('entry-name-en').inputValue()).toBe('Travel expense approval');
      expect(await entryField('entry-form').inputValue()).toBe(formId);
      expect(await dialog.locator('[data-field="entry-module"]').innerText()).toContain('Custom requests');
      const fieldError = (name: string) =>
        entryField(name).locator(
          'xpath=ancestor::*[contains(@class, "f-field")][1]//*[@class="f-field__error"]',
        );
      // Checked before sending: both names; a description in both languages or in neither.
      await entryField('entry-name-en').fill('Travel expense');
      await entryField('entry-name-zh').fill('');
      await entryField('entry-description-en').fill('Trips: fares, hotels and meals');
      await dialog.locator('button[data-action="catalogue-save"]').click();
      await eventually(() => fieldError('entry-name-zh').innerText()).toBe('Fill in this field.');
      expect(await fieldError('entry-description-zh').innerText()).toContain('both languages');
      await entryField('entry-name-zh').fill('差旅报销');
      await entryField('entry-description-zh').fill('出差的交通、住宿与餐费');
      await dialog.locator('input[name="entry-role"][value="employee"]').check();
      // The server refuses the taken id: its message shows at the id field.
      await dialog.locator('button[data-action="catalogue-save"]').click();
      await eventually(() => fieldError('entry-id').innerText()).toBe('already used');
      expect(await dialog.locator('.f-alert--error').innerText()).toContain(processId);
      await shot(page, 'catalogue-id-taken');
      await entryField('entry-id').fill('travel-expense');
      await dialog.locator('button[data-action="catalogue-save"]').click();
      await eventually(() => dialog.count()).toBe(0);
      await eventually(() => page.locator('.f-alert--success').innerText()).toContain(
        '“Travel expense” is in the catalogue',
      );
      expect(await page.locator('.f-page__header .f-badge[data-entry]').getAttribute('data-entry')).toBe(
        'travel-expense',
      );
      await shot(page, 'catalogue-published');
      expect((await admin.delete(`/api/catalogue/entries/${processId}`)).status()).toBe(204);

      // The list of flows says which are in the catalogue.
      await page.goto('/design/flows');
      const row = page.locator(`[data-flow="${processId}"]`);
      await eventually(() => row.locator('.f-badge[data-entry]').count()).toBe(1);
      expect(await row.locator('.f-badge[data-entry]').innerText()).toBe('In catalogue');
      await shot(page, 'flows-in-catalogue');
      await row.click();
      await eventually(() => shape(page, 'approvalStep').count()).toBe(1);

      // The entry on a phone: the same dialog, now to change it (in Chinese) or remove it.
      const phone = await newPage(browser, server, PHONE);
      const pp = phone.page;
      await logInAnalyst(pp, 'zh-CN');
      await pp.goto(`/design/flows/${processId}`);
      const manage = pp.locator('button[data-action="catalogue"][data-entry="travel-expense"]');
      await eventually(() => manage.innerText()).toBe('目录申请');
      await manage.click();
      const phoneDialog = pp.locator('dialog[data-dialog="catalogue"][data-mode="edit"]');
      await eventually(() => phoneDialog.isVisible()).toBe(true);
      expect(await phoneDialog.locator('[name="entry-name-zh"]').inputValue()).toBe('差旅报销');
      expect(await phoneDialog.locator('input[name="entry-role"][value="employee"]').isChecked()).toBe(true);
      await phoneDialog.locator('[name="entry-description-zh"]').fill('出差的交通、住宿与餐费（附发票）');
      await screenshot(pp, 'story-phone-catalogue-entry');
      await phoneDialog.locator('button[data-action="catalogue-save"]').click();
      await eventually(() => pp.locator('dialog[data-dialog="catalogue"]').count()).toBe(0);
      await eventually(() => pp.locator('.f-alert--success').innerText()).toContain(
        '目录申请“差旅报销”已保存',
      );
      await manage.click();
      await phoneDialog.locator('button[data-action="catalogue-remove"]').click();
      const removal = pp.locator('dialog[data-dialog="catalogue-remove"]');
      await eventually(() => removal.isVisible()).toBe(true);
      await screenshot(pp, 'story-phone-catalogue-remove');
      await pp.keyboard.press('Escape'); // not now: back to the entry
      await eventually(() => removal.count()).toBe(0);
      expect(await phoneDialog.isVisible()).toBe(true);
      await phoneDialog.locator('.f-dialog__close').click();
      await eventually(() => pp.locator('dialog[data-dialog="catalogue"]').count()).toBe(0);
      // The language is saved per user: back to English for the desktop page.
      await pp.locator('.f-header .f-lang__option[lang="en"]').click();
      await eventually(() => pp.locator('html').getAttribute('lang')).toBe('en');
      expect(pageErrors(pp)).toEqual([]);
      await phone.context.close();

      // An employee on a phone finds it in the portal (in Chinese, under the custom group) and starts it.
      const employee = await newPage(browser, server, PHONE);
      const ep = employee.page;
      await ep.goto('/requests');
      await submitLogin(ep, demoLogin('employee'), DEMO_PASSWORD);
      await eventually(() => ep.locator('.f-nav').count()).toBe(1);
      const entry = ep.locator('a.f-linkcard[data-entry="travel-expense"]');
      await eventually(() => entry.count()).toBe(1);
      expect(await ep.locator('.fp-catalogue__title').allInnerTexts()).toContain('自定义申请');
      expect(await entry.locator('.f-linkcard__title').innerText()).toBe('差旅报销');
      expect(await entry.locator('.f-linkcard__description').innerText()).toBe(
        '出差的交通、住宿与餐费（附发票）',
      );
      await screenshot(ep, 'story-phone-portal-catalogue');
      await entry.click();
      await eventually(() => ep.locator('#root_purpose').count()).toBe(1);
      await ep.locator('#root_purpose').fill('Client visit in Hangzhou');
      await ep.locator('#root_amount').fill('300');
      await ep.locator('#root_lines_0_description').fill('Train to Hangzhou');
      await ep.locator('#root_lines_0_lineAmount').fill('300');
      await ep.locator('.fp-request-form button[type="submit"]').click();
      await eventually(() => new URL(ep.url()).pathname).toMatch(/^\/requests\/req-/);
      const requestId = decodeURIComponent(new URL(ep.url()).pathname.split('/')[2]!);
      // The template's step, named by an English-speaking analyst, in the employee's Chinese.
      await eventually(() => ep.locator('.fp-steps__name').allInnerTexts()).toEqual(['上级审批']);
      await screenshot(ep, 'story-phone-portal-started', { whole: true });
      expect(pageErrors(ep)).toEqual([]);

      // ---- the form and the flow at work (through the API, as the portal will use them) ---------
      const data = {
        purpose: 'Trade fair',
        amount: '8000',
        lines: [{ description: 'Hotel', lineAmount: '8000' }],
      };
      const missing = await admin.post(`/api/records/${formId}`, { data: { data } });
      expect(missing.status()).toBe(422);
      expect(JSON.stringify(await missing.json())).toContain('reasonForALargeAmount');
      const created = await admin.post(`/api/records/${formId}`, {
        data: { data: { ...data, reasonForALargeAmount: 'Fair' } },
      });
      expect(created.status()).toBe(201);

      const analyst = context.request; // the page's own session
      const manager = await apiAs('manager');
      const finance = await apiAs('finance');
      const openTask = async (api: APIRequestContext, instanceId: string): Promise<any> => {
        let found: any;
        await eventually(async () => {
          const tasks = (await (await api.get(`/api/tasks?processId=${processId}`)).json()).items as any[];
          found = tasks.find((t) => t.instanceId === instanceId);
          return !!found;
        }).toBe(true);
        return found;
      };
      const start = async (amount: number): Promise<string> => {
        const res = await analyst.post('/api/instances', {
          data: {
            processId,
            variables: { purpose: 'Trip', amount, lines: [{ description: 'Train', lineAmount: amount }] },
          },
        });
        expect(res.status()).toBe(201);
        return ((await res.json()) as { id: string }).id;
      };
      const statusOf = async (id: string): Promise<string> =>
        ((await (await analyst.get(`/api/instances/${id}`)).json()) as { status: string }).status;

      // The employee's request goes to their manager, who approves it: a small amount ends there.
      const fromCatalogue = await openTask(manager, requestId);
      expect(fromCatalogue.elementId).toBe('approvalStep');
      expect((await manager.post(`/api/tasks/${fromCatalogue.id}/approve`, { data: {} })).status()).toBe(200);
      await eventually(() => statusOf(requestId)).toBe('completed');
      await employee.context.close();

      const big = await start(8000);
      const step1 = await openTask(manager, big);
      expect(step1.elementId).toBe('approvalStep');
      expect((await manager.post(`/api/tasks/${step1.id}/approve`, { data: {} })).status()).toBe(200);
      const step2 = await openTask(finance, big);
      expect(step2.elementId).toBe(financeStep);
      expect((await finance.post(`/api/tasks/${step2.id}/approve`, { data: {} })).status()).toBe(200);
      await eventually(() => statusOf(big)).toBe('completed');

      const small = await start(300);
      const only = await openTask(manager, small);
      expect((await manager.post(`/api/tasks/${only.id}/approve`, { data: {} })).status()).toBe(200);
      await eventually(() => statusOf(small)).toBe('completed');
      const financeTasks = (await (await finance.get(`/api/tasks?processId=${processId}`)).json())
        .items as any[];
      expect(financeTasks.some((t) => t.instanceId === small)).toBe(false);

      // One request left waiting: the modeler's version list counts it as running.
      await start(9000);
      await page.reload();
      await eventually(() => shape(page, 'approvalStep').count()).toBe(1);
      await flowTab(page, /Versions/);
      await eventually(() =>
        page.locator('.f-versions__row[data-version="1"] [data-count="active"]').innerText(),
      ).toBe('1 running');
      await shot(page, 'flow-versions');
      expect(await props(page).count()).toBe(0);

      // The analyst takes the request out of the catalogue (after confirming): employees no longer see it.
      await page.locator('button[data-action="catalogue"][data-entry="travel-expense"]').click();
      await page.locator('dialog[data-dialog="catalogue"] button[data-action="catalogue-remove"]').click();
      await page.locator('dialog[data-dialog="catalogue-remove"] button[type="submit"]').click();
      await eventually(() => page.locator('dialog[data-dialog^="catalogue"]').count()).toBe(0);
      await eventually(() => page.locator('.f-alert--info').innerText()).toContain(
        '“Travel expense” is no longer in the catalogue',
      );
      expect(await page.locator('.f-page__header .f-badge[data-entry]').count()).toBe(0);
      expect(await page.locator('button[data-action="catalogue"]').innerText()).toBe('Publish to catalogue');
      const employeeApi = await apiAs('employee');
      const offered = (await (await employeeApi.get('/api/catalogue')).json()).items as any[];
      expect(offered.map((e) => e.id)).not.toContain('travel-expense');
      expect(pageErrors(page)).toEqual([]);
      await context.close();
    },
  );
});
