// The flow modeler in a real browser, on a desktop (1280×800, English) and a phone (390×844,
// Chinese): a new flow from the list, the palette / context pad / change menu limited to what the
// engine runs, bpmn-js's own texts in Chinese, an approval step set up in plain words (three levels
// of managers one after another, a deadline, reminders, an escalation), the flow's approval rules,
// a deployment refused with the problem marked on the element, fixed and deployed, the exported
// .bpmn compiled by the engine as meant, and an imported file; Camunda's elements (a job for an
// external worker, a business rule task deciding by a deployed table). Screenshots in
// test-artifacts/browser/.
/* eslint-disable @typescript-eslint/no-explicit-any -- compiled models and API replies are read freely */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileBpmn } from '#engine/core/flows/compile.ts';
import { tableDmn } from '#tests/support/dmn-builder.ts';
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
  eventually,
  exportBpmn,
  fitDiagram,
  flowTab,
  logInAnalyst,
  selectShape,
  shape,
  SLOW,
} from './designer-steps.ts';

const TEXT = {
  en: {
    newFlow: 'New flow',
    properties: /Properties/,
    advanced: /Advanced/,
    versions: /Versions/,
    problems: /Problems/,
    ready: 'Ready to deploy',
    deployed: 'Version 1 is deployed',
    deployed2: 'Version 2 is deployed',
    deployFailed: 'Not deployed',
    userTaskTitle: 'Create user task',
    rulesSaved: 'Approval rules saved.',
    imported: 'imported',
  },
  'zh-CN': {
    newFlow: '新建流程',
    properties: /属性/,
    advanced: /高级/,
    versions: /版本/,
    problems: /问题/,
    ready: '可以部署',
    deployed: '第 1 版已部署',
    deployed2: '第 2 版已部署',
    deployFailed: '未部署',
    userTaskTitle: '创建用户任务（审批步骤）',
    rulesSaved: '审批规则已保存。',
    imported: '已导入',
  },
} as const;

const PALETTE = [
  'create.call-activity',
  'create.end-event',
  'create.exclusive-gateway',
  'create.intermediate-event',
  'create.message-event',
  'create.parallel-gateway',
  'create.receive-task',
  'create.service-task',
  'create.start-event',
  'create.subprocess-expanded',
  'create.timer-event',
  'create.user-task',
  'global-connect-tool',
  'hand-tool',
  'lasso-tool',
  'space-tool',
];

describe.each(VIEWPORTS)('flow modeler on a $name ($width×$height)', (viewport) => {
  let server: WebApp;
  let browser: Browser;
  const language = viewport.phone ? 'zh-CN' : 'en';
  const text = TEXT[language];
  const shot = (page: Page, name: string, whole = false) =>
    screenshot(page, `${viewport.name}-flow-${name}`, { whole });
  const processId = `hr-leave-${viewport.name}`;

  beforeAll(async () => {
    server = await startWebApp();
    browser = await launchChromium();
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it(
    'models an approval step in plain words, deploys after fixing a problem, exports and imports',
    SLOW,
    async () => {
      const { context, page } = await newPage(browser, server, viewport, { locale: language });
      await logInAnalyst(page, language);
      await page.goto('/design/flows');
      await eventually(() => page.locator('.f-empty').count()).toBe(1);
      await shot(page, 'list-empty');
      await page.locator('.f-page__actions button', { hasText: text.newFlow }).click();
      await page.locator('input[name="flow-name-en"]').fill('Leave request');
      await page.locator('input[name="flow-id"]').fill(processId);
      // Both names are asked for: without the Chinese one the flow is not created.
      await page.locator('form.f-form-card button[type="submit"]').click();
      await eventually(() => page.locator('.f-form-card .f-field__error').count()).toBe(1);
      expect(new URL(page.url()).pathname).toBe('/design/flows');
      await page.locator('input[name="flow-name-zh"]').fill('请假申请');
      await page.locator('form.f-form-card button[type="submit"]').click();
      await eventually(() => shape(page, 'approvalStep').count()).toBe(1);

      // Only what the engine runs, with bpmn-js's own texts in the user's language.
      const palette = await page
        .locator('.djs-palette .entry[data-action]')
        .evaluateAll((entries) => entries.map((e) => e.getAttribute('data-action')!).sort());
      expect(palette).toEqual(PALETTE);
      expect(
        await page.locator('.djs-palette .entry[data-action="create.user-task"]').getAttribute('aria-label'),
      ).toBe(text.userTaskTitle);
      await selectShape(page, 'approvalStep');
      // The template's steps are named in both languages, whatever the analyst's.
      expect(await page.locator('input[name="element-name"]').inputValue()).toBe('Manager approval');
      expect(await page.locator('input[name="element-name-zh"]').inputValue()).toBe('上级审批');
      // The canvas shows each reader the name in their language (the Chinese one drawn for zh-CN).
      const drawnText = async (id: string) =>
        (await shape(page, id).locator('text').first().textContent())!.replace(/\s+/g, '');
      const inLanguage = (en: string, zh: string) => (language === 'zh-CN' ? zh : en).replace(/\s+/g, '');
      expect(await drawnText('approvalStep')).toBe(inLanguage('Manager approval', '上级审批'));
      expect(await drawnText('submitted_label')).toBe(inLanguage('Request submitted', '提交申请'));
      const pad = page.locator('.djs-context-pad');
      expect(await pad.locator('[data-action="append.user-task"]').count()).toBe(1);
      expect(await pad.locator('[data-action="append.append-task"]').count()).toBe(0);
      expect(await pad.locator('[data-action="append.message-event"]').count()).toBe(1);
      await pad.locator('[data-action="replace"]').click();
      const menu = page.locator('.djs-popup');
      await eventually(() => menu.locator('[data-id="replace-with-service-task"]').count()).toBe(1);
      // Camunda's elements the engine runs are offered; what it does not run is not.
      expect(await menu.locator('[data-id="replace-with-call-activity"]').count()).toBe(1);
      expect(await menu.locator('[data-id="replace-with-receive-task"]').count()).toBe(1);
      expect(await menu.locator('[data-id="replace-with-ad-hoc-subprocess"]').count()).toBe(0);
      expect(await menu.locator('[data-id="replace-with-transaction"]').count()).toBe(0);
      await page.keyboard.press('Escape');
      await eventually(() => menu.count()).toBe(0);

      // The approval step: three levels of managers, one after another; due in 2 days, reminded
      // daily, escalated to the next manager after 3 days.
      await page.locator('[name="approver-type"]').selectOption('managers');
      await page.locator('[name="approver-levels"]').selectOption('3');
      await page.locator('[name="approver-mode"]').selectOption('sequential');
      const duration = async (name: string, amount: string, unit: 'hours' | 'days'): Promise<void> => {
        const field = page.locator(`.f-elpanel input[name="${name}"]`);
        await field.locator('xpath=following-sibling::select').selectOption(unit);
        await field.fill(amount);
        await field.press('Enter');
      };
      await duration('task-due', '2', 'days');
      await duration('task-remind', '24', 'hours');
      await duration('task-escalate', '3', 'days');
      // Each: a timer on the step, a service task, an end event.
      const drawn = (prefix: string) =>
        page.locator(`.djs-element[data-element-id^="${prefix}"]:not([data-element-id$="_label"])`).count();
      await eventually(() => drawn('Activity_')).toBe(2);
      await eventually(() => drawn('Event_')).toBe(4);
      await page.locator('[name="task-escalate-mode"]').selectOption('notify');
      await fitDiagram(page);
      await shot(page, 'approval-step', true);

      await flowTab(page, text.advanced);
      await eventually(() => page.locator('.bio-properties-panel-header-type').count()).toBe(1);
      await shot(page, 'advanced', true);

      // The flow's approval rules, kept by the server per process.
      // (a click on the empty canvas selects the flow itself)
      const root = page.locator(`.djs-container svg[data-element-id="${processId}"]`);
      const size = await root.boundingBox();
      await root.click({ position: { x: size!.width - 30, y: 20 }, force: true });
      await flowTab(page, text.properties);
      await eventually(() => page.locator('.f-elpanel[data-kind="process"]').count()).toBe(1);
      // The flow's two names from the new-flow dialog.
      expect(await page.locator('input[name="process-name"]').inputValue()).toBe('Leave request');
      expect(await page.locator('input[name="process-name-zh"]').inputValue()).toBe('请假申请');
      await page.locator('[name="auto-requester"]').check();
      await page.locator('[name="fallback"]').selectOption('skip');
      await page.locator('button[data-action="save-rules"]').click();
      await eventually(() => page.locator('.f-elpanel .f-alert--success').innerText()).toBe(text.rulesSaved);
      const rules = (await (
        await context.request.get(`/api/flows/${processId}/approval-settings`)
      ).json()) as any;
      expect(rules.autoApprove.requesterIsApprover).toBe(true);
      expect(rules.noAssigneeFallback).toEqual({ type: 'skip' });

      // A decision without a default path: the background check finds it, deploy refuses it and
      // marks the gateway; choosing the default path fixes it.
      await selectShape(page, 'decision');
      await page.locator('[name="gateway-default"]').selectOption('');
      await eventually(() => page.locator('.f-flow__check').getAttribute('data-problems')).toBe('1');
      await page.locator('button[data-action="deploy"]').click();
      await eventually(() => page.locator('.f-alert--error').innerText()).toContain(text.deployFailed);
      await eventually(() => shape(page, 'decision').getAttribute('class')).toContain('f-invalid');
      expect(await page.locator('.f-problem-list li[data-problem="CONDITION_MISSING"]').count()).toBe(1);
      await fitDiagram(page);
      await shot(page, 'deploy-problem', true);
      await page.locator('.f-problem-list li .f-btn').first().click();
      await eventually(() => page.locator('.f-elpanel[data-element="decision"]').count()).toBe(1);
      await page.locator('[name="gateway-default"]').selectOption('isApproved');
      await eventually(() => page.locator('.f-flow__check').getAttribute('data-problems')).toBe('0');
      await eventually(() => shape(page, 'decision').getAttribute('class')).not.toContain('f-invalid');
      await page.locator('button[data-action="deploy"]').click();
      await eventually(() => page.locator('.f-alert--success').innerText()).toContain(text.deployed);
      await flowTab(page, text.versions);
      await eventually(() => page.locator('.f-versions__row[data-version="1"]').count()).toBe(1);
      await shot(page, 'versions', true);

      // The exported file is standard BPMN with zeebe extensions that the engine compiles as meant.
      const file = await exportBpmn(page);
      expect(file.name).toBe(`${processId}.bpmn`);
      expect(file.xml).toContain('xmlns:zeebe="http://camunda.org/schema/zeebe/1.0"');
      // What the canvas shows changes nothing that is saved: both names, each in its attribute.
      expect(file.xml).toContain('id="approvalStep" forma:nameZh="上级审批" name="Manager approval"');
      const compiled = (await compileBpmn(file.xml)) as any;
      expect(compiled.ok, JSON.stringify(compiled.problems)).toBe(true);
      const step = compiled.model.elements.approvalStep;
      expect(step.multiInstance).toMatchObject({
        sequential: true,
        inputCollection: '=managers(requester, 3)',
      });
      expect(step.assignment).toEqual({ assignee: '=approver' });
      expect(step.headers).toEqual({ approvalMode: 'all' });
      expect(step.dueDate).toBe('=now() + duration("P2D")');
      const services = Object.values(compiled.model.elements).filter(
        (e: any) => e.type === 'serviceTask',
      ) as any[];
      expect(services.map((s) => [s.jobType, s.headers]).sort()).toEqual([
        ['approval.escalate', { element: 'approvalStep', mode: 'notify' }],
        ['approval.remind', { element: 'approvalStep' }],
      ]);
      const timers = Object.values(compiled.model.elements).filter(
        (e: any) => e.type === 'timerBoundaryEvent',
      ) as any[];
      expect(timers.map((t) => t.timer).sort((a, b) => a.kind.localeCompare(b.kind))).toEqual([
        { kind: 'cycle', value: 'R/PT24H' },
        { kind: 'duration', value: 'P3D' },
      ]);
      expect(timers.every((t) => t.interrupting === false && t.attachedTo === 'approvalStep')).toBe(true);

      // Importing a file (here: the export with another flow name) replaces the diagram.
      // (the title is the name in the reader's language)
      const renamed = file.xml
        .replace('name="Leave request"', 'name="Leave request (imported)"')
        .replace('forma:nameZh="请假申请"', 'forma:nameZh="请假申请（导入）"');
      await page.locator('input[type="file"]').setInputFiles({
        name: 'imported.bpmn',
        mimeType: 'application/xml',
        buffer: Buffer.from(renamed),
      });
      await eventually(() => page.locator('.f-alert--info').innerText()).toContain(text.imported);
      await eventually(() => page.locator('main h1').innerText()).toBe(
        language === 'zh-CN' ? '请假申请（导入）' : 'Leave request (imported)',
      );

      await page.goto('/design/flows');
      await eventually(() => page.locator(`.f-linklist__item[data-flow="${processId}"]`).count()).toBe(1);
      await shot(page, 'list');
      expect(pageErrors(page)).toEqual([]);
      await context.close();
    },
  );

  it(
    'offers Camunda’s elements: a step becomes a job for an external worker, then a decision table’s rule task',
    SLOW,
    async () => {
      const { context, page } = await newPage(browser, server, viewport, { locale: language });
      await logInAnalyst(page, language);
      await page.goto('/design/flows');
      const jobsFlow = `${processId}-jobs`;
      await page.locator('.f-page__actions button', { hasText: text.newFlow }).click();
      await page.locator('input[name="flow-name-en"]').fill('Credit check');
      await page.locator('input[name="flow-name-zh"]').fill('信用审查');
      await page.locator('input[name="flow-id"]').fill(jobsFlow);
      await page.locator('form.f-form-card button[type="submit"]').click();
      await eventually(() => shape(page, 'approvalStep').count()).toBe(1);
      await selectShape(page, 'approvalStep');
      await page.locator('.djs-context-pad [data-action="replace"]').click();
      await page.locator('.djs-popup [data-id="replace-with-service-task"]').click();
      const type = page.locator('.f-elpanel input[name="service-action"]');
      await eventually(() => type.count()).toBe(1);
      await type.fill('credit-check');
      await type.press('Enter');
      await fitDiagram(page);
      await shot(page, 'job-worker-task', true);
      await page.locator('button[data-action="deploy"]').click();
      await eventually(() => page.locator('.f-alert--success').innerText()).toContain(text.deployed);
      const deployed = (await (await context.request.get(`/api/flows/${jobsFlow}`)).json()) as any;
      expect(deployed.jobTypes).toEqual(['credit-check']);

      // The change menu offers the other Camunda elements; a business rule task takes a deployed
      // decision table, chosen by its name, and where its result goes.
      const route = `${jobsFlow}-route`;
      const table = tableDmn({
        id: route,
        name: 'Credit route',
        hitPolicy: 'FIRST',
        inputs: [{ expression: 'amount', typeRef: 'number' }],
        outputs: [{ name: 'route', typeRef: 'string' }],
        rules: [
          { in: ['< 1000'], out: ['"auto"'] },
          { in: ['-'], out: ['"review"'] },
        ],
      });
      expect((await context.request.post('/api/decisions', { data: { xml: table } })).status()).toBe(201);
      await selectShape(page, 'approvalStep');
      await page.locator('.djs-context-pad [data-action="replace"]').click();
      for (const entry of ['rule-task', 'call-activity', 'receive-task', 'user-task', 'script-task'])
        expect(await page.locator(`.djs-popup [data-id="replace-with-${entry}"]`).count(), entry).toBe(1);
      // On a phone the long menu runs past the screen's bottom: the entry is clicked where it is.
      await page.locator('.djs-popup [data-id="replace-with-rule-task"]').dispatchEvent('click');
      const decision = page.locator('.f-elpanel[data-kind="businessRuleTask"] select[name="rule-decision"]');
      await eventually(() => decision.locator(`option[value="${route}"]`).count()).toBe(1);
      expect(await decision.locator(`option[value="${route}"]`).innerText()).toContain('Credit route');
      await decision.selectOption(route);
      const result = page.locator('.f-elpanel input[name="rule-result"]');
      await eventually(() => result.inputValue()).toBe('result');
      await result.fill('creditRoute');
      await result.press('Enter');
      await fitDiagram(page);
      await shot(page, 'decision-task', true);
      await page.locator('button[data-action="deploy"]').click();
      await eventually(() => page.locator('.f-alert--success').innerText()).toContain(text.deployed2);
      const compiled = (await compileBpmn((await exportBpmn(page)).xml)) as any;
      expect(compiled.ok, JSON.stringify(compiled.problems)).toBe(true);
      expect(compiled.model.elements.approvalStep.headers).toEqual({
        decisionId: route,
        resultVariable: 'creditRoute',
        bindingType: 'latest',
      });
      // The start event may become a message or a signal start event (not a conditional one).
      await selectShape(page, 'submitted');
      await page.locator('.djs-context-pad [data-action="replace"]').click();
      for (const [entry, offered] of [
        ['message-start', 1],
        ['signal-start', 1],
        ['conditional-start', 0],
      ] as const)
        await eventually(() => page.locator(`.djs-popup [data-id="replace-with-${entry}"]`).count()).toBe(
          offered,
        );
      await page.keyboard.press('Escape');
      expect(pageErrors(page)).toEqual([]);
      await context.close();
    },
  );
});
