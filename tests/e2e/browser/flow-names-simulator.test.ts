// An analyst in a real browser on a desktop (English) and a phone (Chinese), on finance's expense
// approval: names a step in both languages (the Chinese name is kept as forma:nameZh in the BPMN),
// clicks a connection's label and gets the connection, and simulates a claim from its lines — the
// simulator computes the total the route depends on. Sets per-step field permissions on the steps
// (DingTalk's 字段权限): they start from the module's, are saved without a deployment, and the
// server holds the manager's task to them. Screenshots in test-artifacts/browser/.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginAs } from '#tests/support/app-harness.ts';
import {
  DEMO_PASSWORD,
  demoLogin,
  launchChromium,
  newPage,
  pageErrors,
  screenshot,
  startWebApp,
  VIEWPORTS,
  type WebApp,
} from '#tests/support/browser.ts';
import {
  eventually,
  exportBpmn,
  fitDiagram,
  flowTab,
  logInAnalyst,
  selectShape,
  selectedElement,
  shape,
  SLOW,
} from './designer-steps.ts';

const FLOW = 'finance-expense-approval';
const root0 = (page: Page) => page.locator('.djs-container > svg').first();

const TEXT = {
  en: {
    element: /^Element$|^Step$|Properties/,
    simulate: /Simulate/,
    computed: /Computed: .*= 5286\.5/,
    fromEntry: /catalogue entry/,
    paidOn: 'Paid on',
  },
  'zh-CN': {
    element: /属性|元素|步骤/,
    simulate: /模拟/,
    computed: /计算结果：.*= 5286\.5/,
    fromEntry: /申请目录/,
    paidOn: '付款日期',
  },
} as const;

describe.each(VIEWPORTS)('flow names and the simulator on a $name ($width×$height)', (viewport) => {
  let server: WebApp;
  let browser: Browser;
  const language = viewport.phone ? 'zh-CN' : 'en';
  const text = TEXT[language];
  const shot = (page: Page, name: string) => screenshot(page, `${viewport.name}-flow-names-${name}`);

  beforeAll(async () => {
    server = await startWebApp();
    browser = await launchChromium();
    const admin = await loginAs(server.app, demoLogin('admin'), DEMO_PASSWORD);
    const installed = await admin.post('/api/modules/finance/install', { enable: true });
    expect(installed.status, JSON.stringify(installed.body)).toBe(200);
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it(
    'names a step in both languages, selects a connection by its label, computes the total',
    SLOW,
    async () => {
      const { context, page } = await newPage(browser, server, viewport, { locale: language });
      page.on('dialog', (dialog) => void dialog.accept());
      await logInAnalyst(page, language);
      await page.goto(`/design/flows/${FLOW}`);
      await eventually(() => shape(page, 'manager').count()).toBe(1);

      // The step's names: the Chinese one comes from the module; the analyst changes both.
      await selectShape(page, 'manager');
      const en = page.locator('.f-elpanel [name="element-name"]');
      const zh = page.locator('.f-elpanel [name="element-name-zh"]');
      await eventually(() => zh.inputValue()).toBe('经理审批');
      expect(await en.inputValue()).toBe('Manager approval');
      await en.fill('Line manager approval');
      await en.press('Enter');
      await zh.fill('直属经理审批');
      await zh.press('Enter');
      // The canvas draws the name in the reader's language.
      await eventually(() => shape(page, 'manager').textContent()).toContain(
        language === 'zh-CN' ? '直属经理审批' : 'Line manager approval',
      );
      await shot(page, 'step-names');
      const file = await exportBpmn(page);
      const manager = /<bpmn:userTask id="manager"[^>]*>/.exec(file.xml)?.[0] ?? '';
      expect(manager).toContain('name="Line manager approval"');
      expect(manager).toContain('forma:nameZh="直属经理审批"');
      expect(file.xml).toContain('xmlns:forma="https://forma.dev/schema/bpmn/1.0"');

      // Editing the label on the canvas edits the name it shows; the other language's stays.
      await shape(page, 'manager').dblclick({ force: true });
      const box = page.locator('.djs-direct-editing-content');
      await eventually(() => box.innerText()).toBe(
        language === 'zh-CN' ? '直属经理审批' : 'Line manager approval',
      );
      await box.fill(language === 'zh-CN' ? '部门经理审批' : 'Department manager approval');
      await root0(page).click({ position: { x: 5, y: 5 }, force: true });
      const edited = /<bpmn:userTask id="manager"[^>]*>/.exec((await exportBpmn(page)).xml)?.[0] ?? '';
      expect(edited).toContain(
        language === 'zh-CN'
          ? 'forma:nameZh="部门经理审批" name="Line manager approval"'
          : 'forma:nameZh="直属经理审批" name="Department manager approval"',
      );

      // A click on the "Rejected" label of a connection selects the connection.
      await fitDiagram(page);
      // Nothing selected first: the step's context pad may lie over the label.
      const root = root0(page);
      const size = await root.boundingBox();
      await root.click({ position: { x: size!.width - 12, y: 12 }, force: true });
      await eventually(() => page.locator('.djs-context-pad').count()).toBe(0);
      await page.locator('.djs-element[data-element-id="managerNo_label"]').click({ force: true });
      await eventually(() => selectedElement(page)).toBe('managerNo');

      // The simulator: the claim's lines in, its total computed (read-only), the route follows it.
      await flowTab(page, text.simulate);
      await page.locator('[name="sim-date"]').fill('2026-03-09');
      await page.locator('[name="sim-json"]').fill(
        JSON.stringify({
          lines: [
            { date: '2026-03-09', category: 'transport', amount: '86.00' },
            { date: '2026-03-09', category: 'meals', amount: '5200.50' },
          ],
          settings: { deptHeadThreshold: 5000 },
        }),
      );
      await page.locator('button[data-action="simulate"]').click();
      await eventually(() => page.locator('[data-computed]').textContent()).toMatch(text.computed);
      await eventually(() => page.locator('[name="sim-total"]').inputValue()).toBe('5286.5');
      expect(await page.locator('[name="sim-total"]').getAttribute('readonly')).not.toBeNull();
      await page.locator('[data-computed]').scrollIntoViewIfNeeded();
      await shot(page, 'simulated');
      expect(pageErrors(page)).toEqual([]);
      await context.close();
    },
  );

  it(
    'sets which fields each step may edit, only read or not see; the server holds the task to it',
    SLOW,
    async () => {
      const { context, page } = await newPage(browser, server, viewport, { locale: language });
      page.on('dialog', (dialog) => void dialog.accept());
      await logInAnalyst(page, language);
      await page.goto(`/design/flows/${FLOW}`);
      await eventually(() => shape(page, 'manager').count()).toBe(1);

      // The requester's, on the start event: the module hides the payment fields from them.
      await selectShape(page, 'start');
      const requester = page.locator(
        '.f-elpanel fieldset[data-section="field-access"][data-step="requester"]',
      );
      await eventually(() => requester.locator('select[name="field-access-paymentStatus"]').count()).toBe(1);
      expect(await requester.locator('select[name="field-access-paymentStatus"]').inputValue()).toBe(
        'hidden',
      );

      // The manager's step: read-only payment fields from the module; the analyst lets the manager
      // fill in the payment date and hides the claim's date from them.
      await selectShape(page, 'manager');
      const manager = page.locator('.f-elpanel fieldset[data-section="field-access"][data-step="manager"]');
      const paidOn = manager.locator('select[name="field-access-paidOn"]');
      await eventually(() => paidOn.count()).toBe(1);
      expect(await manager.locator('select[name="field-access-paymentStatus"]').inputValue()).toBe(
        'readonly',
      );
      expect(await manager.locator('.f-alert').first().innerText()).toMatch(text.fromEntry);
      expect(await manager.locator('label', { hasText: text.paidOn }).count()).toBe(1);
      await paidOn.selectOption('editable');
      await manager.locator('select[name="field-access-date"]').selectOption('hidden');
      await manager.locator('button[data-action="save-field-access"]').click();
      await eventually(() => manager.locator('.f-alert--success').count()).toBe(1);
      await manager.scrollIntoViewIfNeeded();
      await screenshot(page, `${viewport.name}-flow-names-field-access`, { whole: viewport.phone });
      expect(pageErrors(page)).toEqual([]);
      await context.close();

      // Saved as the flow's own, the module's other steps kept; no deployment needed.
      const analyst = await loginAs(server.app, demoLogin('analyst'), DEMO_PASSWORD);
      const settings = (await analyst.get(`/api/flows/${FLOW}/approval-settings`)).body;
      expect(settings.fieldAccess.source).toBe('flow');
      expect(settings.fieldAccess.permissions).toMatchObject({
        requester: { paymentStatus: 'hidden', paidOn: 'hidden' },
        manager: { paymentStatus: 'readonly', paidOn: 'editable', date: 'hidden' },
        finance: { paymentStatus: 'editable', paidOn: 'editable' },
      });
      // The manager's task follows them.
      const employee = await loginAs(server.app, demoLogin('employee'), DEMO_PASSWORD);
      const submitted = await employee.post('/api/catalogue/finance-expense-claim/submit', {
        data: {
          title: 'Taxi',
          date: '2026-03-09',
          lines: [{ date: '2026-03-09', category: 'transport', amount: '86.00' }],
        },
      });
      expect(submitted.status, JSON.stringify(submitted.body)).toBe(201);
      const boss = await loginAs(server.app, demoLogin('manager'), DEMO_PASSWORD);
      let taskId = '';
      await eventually(async () => {
        const items = (await boss.get('/api/tasks')).body.items as { id: string; instanceId: string }[];
        taskId = items.find((i) => i.instanceId === submitted.body.instanceId)?.id ?? '';
        return taskId;
      }).not.toBe('');
      const task = (await boss.get(`/api/tasks/${taskId}`)).body;
      expect(task.request.document.fields).toMatchObject({ paidOn: 'editable', date: 'hidden' });
    },
  );
});
