// An analyst's unsaved flow survives, in a real browser on a desktop (English) and a phone
// (Chinese): an in-app link asks before leaving (and staying keeps the edit), a reload brings the
// unsaved diagram back from the browser's draft, and a second tab on the same flow is warned
// about. Screenshots in test-artifacts/browser/.
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
import { contextPad, eventually, logInAnalyst, selectShape, shape, SLOW } from './designer-steps.ts';

const TEXT = {
  en: {
    newFlow: 'New flow',
    back: 'All flows',
    leave: 'You have unsaved changes. Leave this page anyway?',
    kept: 'Draft kept in this browser, not deployed',
    restored: /Your unsaved changes from .+ were restored/,
    otherTab: /also being edited in another tab/,
  },
  'zh-CN': {
    newFlow: '新建流程',
    back: '全部流程',
    leave: '有尚未保存的修改。仍要离开此页面吗？',
    kept: '草稿已保存在此浏览器中，尚未部署',
    restored: /已恢复您在 .+ 未保存的修改/,
    otherTab: /正在另一个标签页中编辑/,
  },
} as const;

describe.each(VIEWPORTS)('flow drafts on a $name ($width×$height)', (viewport) => {
  let server: WebApp;
  let browser: Browser;
  const language = viewport.phone ? 'zh-CN' : 'en';
  const text = TEXT[language];
  const shot = (page: Page, name: string) => screenshot(page, `${viewport.name}-flow-draft-${name}`);
  const processId = `draft-leave-${viewport.name}`;

  beforeAll(async () => {
    server = await startWebApp();
    browser = await launchChromium();
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('keeps unsaved work across an in-app link, a reload and a second tab', SLOW, async () => {
    const { context, page } = await newPage(browser, server, viewport, { locale: language });
    await logInAnalyst(page, language);
    await page.goto('/design/flows');
    await page.locator('.f-page__actions button', { hasText: text.newFlow }).click();
    await page.locator('input[name="flow-name-en"]').fill('Leave request');
    await page.locator('input[name="flow-name-zh"]').fill('请假申请');
    await page.locator('input[name="flow-id"]').fill(processId);
    await page.locator('form.f-form-card button[type="submit"]').click();
    await eventually(() => shape(page, 'approvalStep').count()).toBe(1);
    const modelerUrl = page.url();

    // An edit: the approval step goes.
    await selectShape(page, 'approvalStep');
    await contextPad(page, 'delete');
    await eventually(() => shape(page, 'approvalStep').count()).toBe(0);
    await eventually(() => page.locator('.f-editor__saved').textContent()).toBe(text.kept);

    // The back link asks; staying keeps the page and the edit.
    const questions: string[] = [];
    let answer: 'accept' | 'dismiss' = 'dismiss';
    const onDialog = (dialog: Dialog): void => {
      questions.push(`${dialog.type()}:${dialog.message()}`);
      void (answer === 'accept' ? dialog.accept() : dialog.dismiss());
    };
    page.on('dialog', onDialog);
    await page.locator('.f-editor__back').click();
    await eventually(() => questions).toEqual([`confirm:${text.leave}`]);
    expect(page.url()).toBe(modelerUrl);
    expect(await shape(page, 'approvalStep').count()).toBe(0);

    // A reload (the browser asks too; the analyst goes ahead) brings the unsaved diagram back.
    answer = 'accept';
    await page.reload();
    await eventually(() => page.locator('.f-flow__canvas .djs-element').count()).toBeGreaterThan(0);
    expect(await shape(page, 'approvalStep').count()).toBe(0);
    await eventually(() => page.locator('.f-alert').first().textContent()).toMatch(text.restored);
    await shot(page, 'restored');

    // A second tab on the same flow: the first one is told.
    const second = await context.newPage();
    second.on('dialog', (dialog) => void dialog.accept());
    await second.goto(modelerUrl);
    await eventually(() => second.locator('.f-flow__canvas .djs-element').count()).toBeGreaterThan(0);
    await eventually(() => page.locator('.f-alert').first().textContent()).toMatch(text.otherTab);
    await shot(page, 'other-tab');
    await second.close();

    // Leaving for real: the link asks, the analyst goes; the draft is still there on return.
    questions.length = 0;
    await page.locator('.f-editor__back').click();
    await eventually(() => questions).toEqual([`confirm:${text.leave}`]);
    await eventually(() => new URL(page.url()).pathname).toBe('/design/flows');
    page.off('dialog', onDialog);
    page.on('dialog', (dialog) => void dialog.accept());
    await page.goto(modelerUrl);
    await eventually(() => page.locator('.f-flow__canvas .djs-element').count()).toBeGreaterThan(0);
    expect(await shape(page, 'approvalStep').count()).toBe(0);
    expect(pageErrors(page)).toEqual([]);
    await context.close();
  });
});
