// Admin screens in words, not ids, in a real browser on a 390 px phone and a desktop, in English
// and Chinese: a module's settings carry the module's labels and help; what is saved through them
// is what the API stores under the setting's name. A role's resources are chosen by name and stored
// by id as before; a grant's hidden fields are ticked among the form's fields and stored as the
// record paths as before.
/* eslint-disable @typescript-eslint/no-explicit-any -- replies are JSON that tests read freely */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SESSION_COOKIE } from '#engine/http/plugins/auth.ts';
import {
  DEMO_PASSWORD,
  demoLogin,
  DESKTOP,
  launchChromium,
  newPage,
  pageErrors,
  PHONE,
  screenshot,
  startWebApp,
  submitLogin,
  type Viewport,
  type WebApp,
} from '#tests/support/browser.ts';

const eventually = <T>(read: () => T | Promise<T>) => expect.poll(read, { timeout: 60_000, interval: 150 });
const SLOW = { timeout: 300_000 };
type Lang = 'en' | 'zh-CN';
const CASES: [Viewport, Lang][] = [
  [PHONE, 'en'],
  [PHONE, 'zh-CN'],
  [DESKTOP, 'en'],
  [DESKTOP, 'zh-CN'],
];
const caseName = (v: Viewport, lang: Lang) => `${v.name}-${lang === 'en' ? 'en' : 'zh'}`;

/** The API as the demo administrator, through the server's own pipeline. */
async function adminApi(server: WebApp) {
  const res = await server.app.inject({
    method: 'POST',
    url: '/api/auth/login',
    payload: { login: demoLogin('admin'), password: DEMO_PASSWORD },
  });
  const cookie = res.cookies.find((c) => c.name === SESSION_COOKIE)?.value;
  if (!cookie) throw new Error(`admin login failed: ${res.body}`);
  const call = async (method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) => {
    const r = await server.app.inject({
      method,
      url,
      headers: { cookie: `${SESSION_COOKIE}=${cookie}` },
      ...(payload ? { payload } : {}),
    });
    return { status: r.statusCode, body: r.body ? (JSON.parse(r.body) as any) : null };
  };
  return {
    get: (url: string) => call('GET', url),
    post: (url: string, body: object = {}) => call('POST', url, body),
    put: (url: string, body: object) => call('PUT', url, body),
  };
}

/** A new page signed in as the administrator at `path`, in `lang`. */
async function signIn(browser: Browser, server: WebApp, viewport: Viewport, lang: Lang, path: string) {
  const { page } = await newPage(browser, server, viewport);
  await page.goto(path);
  await submitLogin(page, demoLogin('admin'), DEMO_PASSWORD);
  const option = page.locator(`.f-header .f-lang__option[lang="${lang}"]`);
  await eventually(() => option.count()).toBe(1);
  await option.click();
  await eventually(() => page.locator('html').getAttribute('lang')).toBe(lang);
  return page;
}

const overflow = (page: Page) =>
  page.evaluate<number>('document.documentElement.scrollWidth - document.documentElement.clientWidth');

describe('admin screens show labels and pickers, not ids', () => {
  let server: WebApp;
  let browser: Browser;
  let admin: Awaited<ReturnType<typeof adminApi>>;

  beforeAll(async () => {
    server = await startWebApp();
    browser = await launchChromium();
    admin = await adminApi(server);
    for (const id of ['finance', 'equipment']) {
      const installed = await admin.post(`/api/modules/${id}/install`, { enable: true });
      expect(installed.status, JSON.stringify(installed.body)).toBe(200);
    }
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const SETTING_LABELS = {
    en: {
      account: 'Payable to employees account',
      help: 'Where approved claims wait until they are paid out.',
    },
    'zh-CN': { account: '应付职工款项科目', help: '报销审批通过后、付款前挂账的科目。' },
  };
  const SETTINGS = { en: 'Settings', 'zh-CN': '设置' };
  const LOAN_LABEL = { en: 'A long loan is longer than (days)', 'zh-CN': '长期借用：超过天数' };

  it.each(CASES)('module settings carry their labels and help (%s, %s)', SLOW, async (viewport, lang) => {
    const page = await signIn(browser, server, viewport, lang, '/admin/modules');
    const card = page.locator('[data-module="finance"]');
    await eventually(() => card.getAttribute('data-status')).toBe('enabled');
    await card.getByRole('button', { name: SETTINGS[lang], exact: true }).click();
    const dialog = page.locator('dialog[open]');
    const field = dialog.locator('#root_employeePayableAccount');
    await eventually(() => field.inputValue()).toBe((await settingsOf('finance')).employeePayableAccount);
    const labels = await dialog.locator('label').allInnerTexts();
    // Every setting has its words; no label is a setting's key.
    expect(labels.join('\n')).toContain(SETTING_LABELS[lang].account);
    expect(await dialog.innerText()).toContain(SETTING_LABELS[lang].help);
    for (const key of ['employeePayableAccount', 'bankAccount', 'reconcileWindowDays', 'inputVatAccount'])
      expect(
        labels.some((l) => l.includes(key)),
        `${key} shown as a label`,
      ).toBe(false);
    expect(await overflow(page)).toBeLessThanOrEqual(0);
    await field.scrollIntoViewIfNeeded();
    await screenshot(page, `admin-labels-${caseName(viewport, lang)}-finance-settings`);

    // Saved through the labelled field: the API stores it under the setting's name.
    const account = `2241.${viewport.phone ? '1' : '2'}${lang === 'en' ? '1' : '2'}`;
    await page.getByLabel(SETTING_LABELS[lang].account).fill(account);
    await dialog.locator('button[type="submit"]').click();
    await eventually(() => page.locator('dialog[open]').count()).toBe(0);
    await eventually(async () => (await settingsOf('finance')).employeePayableAccount).toBe(account);

    // The example module's one setting too.
    const loan = page.locator('[data-module="equipment"]');
    await loan.getByRole('button', { name: SETTINGS[lang], exact: true }).click();
    await eventually(() => page.locator('dialog[open] label[for="root_longLoanDays"]').innerText()).toContain(
      LOAN_LABEL[lang],
    );
    await page.getByLabel(LOAN_LABEL[lang]).fill('21');
    await page.locator('dialog[open] button[type="submit"]').click();
    await eventually(async () => (await settingsOf('equipment')).longLoanDays).toBe(21);
    expect(pageErrors(page)).toEqual([]);
    await page.context().close();
  });

  const ROLE_WORDS = {
    en: { add: 'Add a resource', export: 'Export', save: 'Save', records: 'records' },
    'zh-CN': { add: '添加资源', export: '导出', save: '保存', records: '记录' },
  };

  it.each(CASES)('a role’s resources are picked by name (%s, %s)', SLOW, async (viewport, lang) => {
    const claims = ((await admin.get('/api/forms')).body.items as any[]).find(
      (f) => f.id === 'finance-expense-claim',
    );
    const roleId = `claims-clerk-${caseName(viewport, lang).toLowerCase()}`;
    const created = await admin.post('/api/roles', {
      id: roleId,
      name: {
        en: `Claims clerk ${caseName(viewport, lang)}`,
        'zh-CN': `报销专员 ${caseName(viewport, lang)}`,
      },
      permissions: [],
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const page = await signIn(browser, server, viewport, lang, '/admin/roles');
    await page.locator(`[data-role="${roleId}"]`).click();
    const editor = page.locator(`[data-role-editor="${roleId}"]`);
    await editor.getByRole('button', { name: ROLE_WORDS[lang].add }).click();
    const row = editor.locator('tr[data-grant]').last();
    const picker = row.locator('select.a-resource');
    // The picker offers the form by its name in the reader's language, not its id.
    const name = `${claims.name[lang]} — ${ROLE_WORDS[lang].records}`;
    expect(await picker.locator('option').allInnerTexts()).toContain(name);
    await picker.selectOption({ label: name });
    expect(await picker.locator('option:checked').innerText()).toBe(name);
    await row.getByRole('checkbox', { name: `${name}: ${ROLE_WORDS[lang].export}` }).check();
    expect(await editor.innerText()).not.toContain('record:finance-expense-claim');
    expect(await overflow(page)).toBeLessThanOrEqual(0);
    await screenshot(page, `admin-labels-${caseName(viewport, lang)}-role-resource`, { whole: true });
    await editor.getByRole('button', { name: ROLE_WORDS[lang].save }).click();
    // Stored as before: the resource's id.
    await eventually(async () => (await admin.get(`/api/roles/${roleId}`)).body.permissions).toEqual([
      { resource: 'record:finance-expense-claim', actions: ['read', 'export'] },
    ]);
    expect(pageErrors(page)).toEqual([]);
    await page.context().close();
  });

  const FIELD_WORDS = {
    en: { more: 'Rows and fields', hidden: 'Hidden fields', purpose: 'Purpose', save: 'Save' },
    'zh-CN': { more: '行与字段', hidden: '隐藏字段', purpose: '报销事由', save: '保存' },
  };

  it.each(CASES)(
    'hidden fields are picked among the form’s fields (%s, %s)',
    SLOW,
    async (viewport, lang) => {
      const roleId = `claims-reader-${caseName(viewport, lang).toLowerCase()}`;
      const created = await admin.post('/api/roles', {
        id: roleId,
        name: {
          en: `Claims reader ${caseName(viewport, lang)}`,
          'zh-CN': `报销查阅 ${caseName(viewport, lang)}`,
        },
        permissions: [{ resource: 'record:finance-expense-claim', actions: ['read'] }],
      });
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      const page = await signIn(browser, server, viewport, lang, '/admin/roles');
      await page.locator(`[data-role="${roleId}"]`).click();
      const editor = page.locator(`[data-role-editor="${roleId}"]`);
      await editor.locator('tr[data-grant]').getByRole('button', { name: FIELD_WORDS[lang].more }).click();
      const picker = editor.locator(`fieldset[data-field-picker="${FIELD_WORDS[lang].hidden}"]`);
      await eventually(() => picker.count()).toBe(1);
      // The form's fields by their labels; no path to type.
      expect(await picker.locator('label').allInnerTexts()).toContain(FIELD_WORDS[lang].purpose);
      expect(await picker.innerText()).not.toContain('data.');
      await picker.getByRole('checkbox', { name: FIELD_WORDS[lang].purpose, exact: true }).check();
      expect(await overflow(page)).toBeLessThanOrEqual(0);
      await picker.scrollIntoViewIfNeeded();
      await screenshot(page, `admin-labels-${caseName(viewport, lang)}-hidden-fields`);
      await editor.getByRole('button', { name: FIELD_WORDS[lang].save }).click();
      // Stored as before: the record path.
      await eventually(async () => (await admin.get(`/api/roles/${roleId}`)).body.permissions).toEqual([
        { resource: 'record:finance-expense-claim', actions: ['read'], fields: { hidden: ['data.title'] } },
      ]);
      expect(pageErrors(page)).toEqual([]);
      await page.context().close();
    },
  );

  async function settingsOf(id: string): Promise<Record<string, unknown>> {
    return (await admin.get(`/api/modules/${id}`)).body.settings;
  }
});
