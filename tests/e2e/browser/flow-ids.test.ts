// A new flow's id never reuses an existing flow's without asking, on a phone in Chinese and a
// desktop in English: with `hr` and `hr-flow` deployed, a Chinese name in module hr is suggested
// `hr-flow-2` (it used to be `hr`, which opened the existing flow silently), and an id typed by hand
// that is taken is refused at the id field with a button that opens that flow instead.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newDiagramXml } from '#designer/flow-modeler/model/template.ts';
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
import { eventually, logInAnalyst, shape, SLOW } from './designer-steps.ts';

const TEXTS_EN = {
  submitted: 'Submitted',
  approval: 'Manager approval',
  approved: 'Approved',
  rejected: 'Rejected',
  decision: 'Approved?',
  yes: 'Yes',
  no: 'No',
};
const TEXTS = {
  en: TEXTS_EN,
  'zh-CN': { ...TEXTS_EN, submitted: '提交申请', approval: '上级审批', yes: '是', no: '否' },
};

const TEXT = {
  en: { newFlow: 'New flow', taken: 'A flow with the id “hr” already exists' },
  'zh-CN': { newFlow: '新建流程', taken: '已有流程使用 ID“hr”' },
} as const;

describe.each(VIEWPORTS)('new flow ids on a $name', (viewport) => {
  let server: WebApp;
  let browser: Browser;
  const language = viewport.phone ? 'zh-CN' : 'en';
  const text = TEXT[language];

  beforeAll(async () => {
    server = await startWebApp();
    browser = await launchChromium();
    const context = await browser.newContext({ baseURL: server.url });
    const login = await context.request.post('/api/auth/login', {
      data: { login: demoLogin('analyst'), password: DEMO_PASSWORD },
    });
    expect(login.status()).toBe(200);
    for (const id of ['hr', 'hr-flow']) {
      const res = await context.request.post('/api/flows', {
        data: { xml: newDiagramXml(id, `HR ${id}`, TEXTS) },
      });
      expect(res.status()).toBeLessThan(300);
    }
    await context.close();
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('suggests a free id for a Chinese name and refuses a taken one, offering to open it', SLOW, async () => {
    const { context, page } = await newPage(browser, server, viewport, { locale: language });
    await logInAnalyst(page, language);
    await page.goto('/design/flows');
    await page.locator('.f-page__actions button', { hasText: text.newFlow }).click();
    await page.locator('input[name="flow-module"]').fill('hr');
    await page.locator('input[name="flow-name-zh"]').fill('请假审批');
    await eventually(() => page.locator('input[name="flow-id"]').inputValue()).toBe('hr-flow-2');

    await page.locator('input[name="flow-id"]').fill('hr');
    // Both names are asked for; the id typed by hand stays.
    await page.locator('input[name="flow-name-en"]').fill('Leave approval');
    await page.locator('form.f-form-card button[type="submit"]').click();
    await eventually(() => page.locator('.f-form-card .f-field__error').first().innerText()).toContain(
      text.taken,
    );
    expect(new URL(page.url()).pathname).toBe('/design/flows');
    await screenshot(page, `${viewport.name}-flow-id-taken`, { whole: true });
    await page.locator('button[data-action="open-existing"]').click();
    await eventually(() => new URL(page.url()).pathname).toBe('/design/flows/hr');
    await eventually(() => shape(page, 'approvalStep').count()).toBe(1);
    expect(pageErrors(page)).toEqual([]);
    await context.close();
  });
});
