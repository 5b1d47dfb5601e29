// The admin console in a real browser (chromium, playwright-core) on the app `npm start` serves:
// - every admin page renders at phone (390×844) and desktop (1280×800) widths, without errors and
//   without sideways scrolling, and is saved as a screenshot;
// - an administrator disables a module (the confirmation says what it means) and its requests
//   leave the employees' catalogue — asserted through GET /api/catalogue, since the portal's
//   catalogue page is not built yet — then enables it again;
// - an administrator resolves an incident (a flow whose service task always fails) with new
//   variables, and the instance completes;
// - an abnormal export shows among the export alerts, linked to that user's exports in the audit log.
/* eslint-disable @typescript-eslint/no-explicit-any -- replies are JSON that tests read freely */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SESSION_COOKIE } from '#engine/http/plugins/auth.ts';
import { buildBpmn, zeebe } from '#tests/support/bpmn-builder.ts';
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

// test.fail: a service task that fails until the variable `fixed` is true.
process.env.FORMA_TEST_ACTIONS = '1';
// An export of more than 2 rows within the hour alerts the admins.
process.env.EXPORT_ALERT_ROWS = '2';
// A job type no worker asked for is flagged at once (not after 5 minutes).
process.env.JOB_WORKER_ABSENT_MINUTES = '0';

const eventually = <T>(read: () => T | Promise<T>) => expect.poll(read, { timeout: 60_000, interval: 150 });
const SLOW = { timeout: 300_000 };

const ADMIN_PAGES = [
  ['overview', '/admin', 'Administration'],
  ['modules', '/admin/modules', 'Modules'],
  ['users', '/admin/users', 'Users'],
  ['departments', '/admin/departments', 'Departments'],
  ['roles', '/admin/roles', 'Roles & permissions'],
  ['out-of-office', '/admin/out-of-office', 'Out of office'],
  ['incidents', '/admin/incidents', 'Incidents'],
  ['audit', '/admin/audit', 'Audit log'],
  ['export-alerts', '/admin/export-alerts', 'Export alerts'],
  ['queues', '/admin/queues', 'Queues'],
  ['backup', '/admin/backup', 'Backup & restore'],
  ['calendars', '/admin/calendars', 'Business calendars'],
  ['scheduled-runs', '/admin/scheduled-runs', 'Scheduled runs'],
] as const;

const failing = buildBpmn({
  id: 'bank_transfer',
  name: 'Bank transfer',
  nodes: [
    { id: 'start', type: 'startEvent', at: [0, 0] },
    {
      id: 'transfer',
      type: 'serviceTask',
      name: 'Call the bank',
      at: [1, 0],
      ext: zeebe.task('test.fail', 1),
    },
    { id: 'end', type: 'endEvent', at: [2, 0] },
  ],
  flows: [
    { id: 'f1', from: 'start', to: 'transfer' },
    { id: 'f2', from: 'transfer', to: 'end' },
  ],
});

// A service task whose type is no platform action: a job for an external worker nobody runs here.
const unworked = buildBpmn({
  id: 'ledger_sync',
  name: 'Ledger sync',
  nodes: [
    { id: 'start', type: 'startEvent', at: [0, 0] },
    { id: 'sync', type: 'serviceTask', name: 'Sync ledger', at: [1, 0], ext: zeebe.task('erp-ledger-sync') },
    { id: 'end', type: 'endEvent', at: [2, 0] },
  ],
  flows: [
    { id: 'f1', from: 'start', to: 'sync' },
    { id: 'f2', from: 'sync', to: 'end' },
  ],
});

const heading = (page: Page) => page.locator('main h1').innerText();

const CHINESE = /[\u3400-\u9fff]/;
/** Words of the interface left in English: a Latin word and no Chinese (codes and data aside). */
const DATA = [
  /^[\w.-]+@[\w.-]+$/, // an e-mail address
  /^[a-z0-9]+([._:-][a-z0-9*]+)+$/, // an id or code: finance-expense-claim, user.create
  /^(ID|JSON|CSV|BPMN|FEEL|API|URL|DMN|SLA|OK|EN|PDF)$/,
];
const untranslated = (text: string): boolean =>
  !CHINESE.test(text) && /[A-Za-z]{3,}/.test(text) && !DATA.some((d) => d.test(text));

/** The API as a demo user, through the server's own pipeline. */
async function apiAs(server: WebApp, login: string) {
  const res = await server.app.inject({
    method: 'POST',
    url: '/api/auth/login',
    payload: { login, password: DEMO_PASSWORD },
  });
  const cookie = res.cookies.find((c) => c.name === SESSION_COOKIE)?.value;
  if (!cookie) throw new Error(`login as ${login} failed: ${res.body}`);
  const call = async (method: 'GET' | 'POST', url: string, payload?: object) => {
    const r = await server.app.inject({
      method,
      url,
      headers: { cookie: `${SESSION_COOKIE}=${cookie}` },
      ...(payload ? { payload } : {}),
    });
    const json = String(r.headers['content-type'] ?? '').includes('application/json');
    return { status: r.statusCode, body: json && r.body ? (JSON.parse(r.body) as any) : r.body };
  };
  return {
    get: (url: string) => call('GET', url),
    post: (url: string, body: object = {}) => call('POST', url, body),
  };
}

async function signIn(
  browser: Browser,
  server: WebApp,
  viewport: Viewport,
  path: string,
  chineseShot?: string,
): Promise<Page> {
  const { page } = await newPage(browser, server, viewport);
  await page.goto(path);
  await submitLogin(page, demoLogin('admin'), DEMO_PASSWORD);
  // The checks below read the English labels (after a look at the Chinese ones, when asked).
  await eventually(() => page.locator('.f-header .f-lang__option[lang="en"]').count()).toBe(1);
  if (chineseShot) {
    await page.locator('.f-header .f-lang__option[lang="zh-CN"]').click();
    await eventually(() => heading(page)).toBe('系统管理');
    await eventually(() => page.locator('.a-card__figure').count()).toBeGreaterThan(0);
    await screenshot(page, chineseShot, { whole: true });
  }
  await page.locator('.f-header .f-lang__option[lang="en"]').click();
  await eventually(() => page.locator('html').getAttribute('lang')).toBe('en');
  return page;
}

/** Sideways scrolling of the whole page: a layout that does not fit the width. */
const overflow = (page: Page) =>
  page.evaluate<number>('document.documentElement.scrollWidth - document.documentElement.clientWidth');

describe('admin console', () => {
  let server: WebApp;
  let browser: Browser;
  let admin: Awaited<ReturnType<typeof apiAs>>;
  let employee: Awaited<ReturnType<typeof apiAs>>;

  beforeAll(async () => {
    server = await startWebApp();
    browser = await launchChromium();
    admin = await apiAs(server, demoLogin('admin'));
    employee = await apiAs(server, demoLogin('employee'));
    const installed = await admin.post('/api/modules/finance/install', { enable: true });
    expect(installed.status, JSON.stringify(installed.body)).toBe(200);
    expect((await admin.post('/api/flows', { xml: failing })).status).toBe(201);
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it.each([DESKTOP, PHONE])('every admin page fits a $name ($width×$height)', SLOW, async (viewport) => {
    const page = await signIn(browser, server, viewport, '/admin', `admin-${viewport.name}-overview-zh`);
    for (const [name, path, title] of ADMIN_PAGES) {
      await page.goto(path);
      await eventually(() => heading(page)).toBe(title);
      await eventually(() => page.locator('.f-loading').count()).toBe(0);
      expect(await overflow(page), `${name} scrolls sideways`).toBeLessThanOrEqual(0);
      await screenshot(page, `admin-${viewport.name}-${name}`, { whole: true });
    }
    // The roles page's grid of the chosen role (a wide table on a desktop, cards on a phone).
    await page.goto('/admin/roles');
    await page.locator('[data-role="employee"]').click();
    await eventually(() =>
      page.locator('[data-role-editor="employee"] tr[data-grant]').count(),
    ).toBeGreaterThan(0);
    expect(await overflow(page)).toBeLessThanOrEqual(0);
    await screenshot(page, `admin-${viewport.name}-roles-grid`, { whole: true });
    // The departments tree with a department open.
    await page.goto('/admin/departments');
    await page.locator('[data-department="sales"]').click();
    await eventually(() => page.locator('input[name="name-en"]').inputValue()).not.toBe('');
    await screenshot(page, `admin-${viewport.name}-departments-open`, { whole: true });
    expect(pageErrors(page)).toEqual([]);
    await page.context().close();
  });

  it('every admin page reads in Chinese on a phone: no English heading, button or label', SLOW, async () => {
    const { page } = await newPage(browser, server, PHONE, { locale: 'zh-CN' });
    await page.goto('/admin');
    await submitLogin(page, demoLogin('admin'), DEMO_PASSWORD);
    await eventually(() => page.locator('.f-header .f-lang__option[lang="zh-CN"]').count()).toBe(1);
    await page.locator('.f-header .f-lang__option[lang="zh-CN"]').click();
    await eventually(() => page.locator('html').getAttribute('lang')).toBe('zh-CN');
    const english: string[] = [];
    for (const [name, path] of ADMIN_PAGES) {
      await page.goto(path);
      await eventually(() => heading(page)).toMatch(CHINESE);
      await eventually(() => page.locator('.f-loading').count()).toBe(0);
      // The interface's own words (headings, buttons, labels, column heads, tabs); data such as
      // ids, e-mail addresses and flow names typed in one language is not the interface's.
      const texts = await page.evaluate<string[]>(`[...document.querySelectorAll(
        'main :is(h1, h2, h3, h4, button, label, th, legend, summary, option, p, [role="tab"])')]
        .map((e) => e.innerText ?? e.textContent).map((t) => t.trim()).filter(Boolean)`);
      expect(texts.filter((t) => CHINESE.test(t)).length, `${name} shows its words`).toBeGreaterThan(1);
      for (const text of texts) if (untranslated(text)) english.push(`${name}: ${text}`);
      await screenshot(page, `admin-phone-${name}-zh`, { whole: true });
    }
    expect(english).toEqual([]);
    expect(pageErrors(page)).toEqual([]);
    await page.context().close();
  });

  it(
    'an admin disables a module: its requests leave the catalogue, data stays; enabling brings them back',
    SLOW,
    async () => {
      const financeEntries = async () =>
        ((await employee.get('/api/catalogue')).body.items as any[]).filter((e) => e.module === 'finance');
      expect((await financeEntries()).length).toBeGreaterThan(0);

      const page = await signIn(browser, server, DESKTOP, '/admin/modules');
      const card = page.locator('[data-module="finance"]');
      await eventually(() => card.getAttribute('data-status')).toBe('enabled');
      await card.getByRole('button', { name: 'Disable' }).click();
      const dialog = page.locator('dialog[open]');
      await eventually(() => dialog.locator('h2').innerText()).toMatch(/^Disable .*\?$/);
      // The confirmation says what disabling means.
      expect(await dialog.innerText()).toMatch(/hidden from new requests/);
      expect(await dialog.innerText()).toMatch(/records and running instances are kept/);
      await screenshot(page, 'admin-desktop-modules-disable-confirm');
      await dialog.getByRole('button', { name: 'Disable' }).click();
      await eventually(() => card.getAttribute('data-status')).toBe('disabled');
      expect(await page.locator('.f-alert--success').innerText()).toMatch(/is disabled/);
      await screenshot(page, 'admin-desktop-modules-disabled');

      // Employees can no longer start its requests; its forms are still there for the records.
      expect(await financeEntries()).toEqual([]);
      const forms = (await admin.get('/api/forms')).body.items as any[];
      expect(forms.some((f) => f.module === 'finance')).toBe(true);

      await card.getByRole('button', { name: 'Enable' }).click();
      await page.locator('dialog[open]').getByRole('button', { name: 'Enable' }).click();
      await eventually(() => card.getAttribute('data-status')).toBe('enabled');
      expect((await financeEntries()).length).toBeGreaterThan(0);

      // Its settings: a form made from the module's settings schema, titles in the reader's language.
      await card.getByRole('button', { name: 'Settings' }).click();
      const settings = page.locator('dialog[open]');
      await eventually(() => settings.locator('#root_currency').inputValue()).toBe('CNY');
      expect(await settings.locator('label[for="root_currency"]').innerText()).toMatch(/^Currency\b/);
      await settings.locator('#root_deptHeadThreshold').fill('8000');
      await screenshot(page, 'admin-desktop-modules-settings');
      await settings.getByRole('button', { name: 'Save' }).click();
      await eventually(() => page.locator('.f-alert--success').innerText()).toMatch(
        /settings of Finance were saved/,
      );
      expect((await admin.get('/api/modules/finance')).body.settings.deptHeadThreshold).toBe(8000);
      expect(pageErrors(page)).toEqual([]);
      await page.context().close();
    },
  );

  it(
    'people: a new user gets a one-time password; a role’s grid grants an action, a row rule; a bad FEEL rule is shown at its grant',
    SLOW,
    async () => {
      const page = await signIn(browser, server, DESKTOP, '/admin/users');
      await page.getByRole('button', { name: 'New user' }).click();
      const dialog = page.locator('dialog[open]');
      await dialog.locator('input[name="login"]').fill('he.ping');
      await dialog.locator('input[name="displayName"]').fill('何平 He Ping');
      await dialog.locator('select[name="department"]').selectOption('sales');
      await dialog.getByRole('checkbox', { name: 'Salesperson' }).check();
      await dialog.getByRole('button', { name: 'Save' }).click();
      const password = page.locator('[data-testid="one-time-password"]');
      await eventually(() => password.count()).toBe(1);
      expect((await password.innerText()).length).toBeGreaterThanOrEqual(10);
      // The copy button copies it (or, without a clipboard, selects it for Ctrl+C).
      await page.locator('dialog[open] button[data-action="copy"]').click();
      const shown = await password.innerText();
      await eventually(
        async () =>
          (await page.locator('dialog[open] button[data-action="copy"]').innerText()) === 'Copied' ||
          (await page.evaluate('String(window.getSelection())')) === shown,
      ).toBe(true);
      await screenshot(page, 'admin-desktop-users-one-time-password');
      await page.locator('dialog[open]').getByRole('button', { name: 'Close' }).last().click();
      const created = (await admin.get('/api/users?q=he.ping')).body.items[0];
      expect(created).toMatchObject({
        department: 'sales',
        roles: ['employee', 'salesperson'],
        active: true,
      });

      // The audit log says it in words — the action, who did it and to whom, by name — with the
      // raw code and ids beneath (what its filters search by), in either language.
      const me = (await admin.get(`/api/users/${demoLogin('admin')}`)).body;
      expect(me.displayName).not.toBe(me.id);
      await page.goto(`/admin/audit?action=user.create&actor=${me.id}`);
      const entry = page.locator('tr[data-row]').filter({ hasText: created.id }).first();
      const cells = entry.locator('td');
      await eventually(() => cells.nth(1).innerText()).toBe(`${me.displayName}\n${me.id}`);
      expect(await cells.nth(2).innerText()).toBe('Created user\nuser.create');
      await eventually(() => cells.nth(3).innerText()).toBe(`users ${created.displayName}\n${created.id}`);
      await screenshot(page, 'admin-desktop-audit-user-created');
      await page.locator('.f-header .f-lang__option[lang="zh-CN"]').click();
      await eventually(() => cells.nth(2).innerText()).toBe('创建用户\nuser.create');
      expect(await cells.nth(1).innerText()).toBe(`${me.displayName}\n${me.id}`);
      await page.locator('.f-header .f-lang__option[lang="en"]').click();
      await eventually(() => page.locator('html').getAttribute('lang')).toBe('en');

      await page.goto('/admin/roles');
      await page.locator('[data-role="salesperson"]').click();
      const editor = page.locator('[data-role-editor="salesperson"]');
      await eventually(() => editor.locator('tr[data-grant]').count()).toBeGreaterThan(0);
      // A new grant: export the customers of one's own department.
      await editor.getByRole('button', { name: 'Add a resource' }).click();
      const row = editor.locator('tr[data-grant]').last();
      await row.locator('select.a-resource').selectOption('record:customer');
      await row.getByRole('checkbox', { name: 'record:customer: Export' }).check();
      await row.getByRole('button', { name: 'Rows and fields' }).click();
      const detail = editor.locator('tr.a-grant-detail').last();
      await detail.locator('select').selectOption('feel');
      await detail.locator('input').first().fill('row.owner = ');
      await editor.getByRole('button', { name: 'Save' }).click();
      // The server checks the FEEL rule; its problem shows at the grant.
      await eventually(() => editor.locator('tr.a-grant--invalid').count()).toBe(1);
      await screenshot(page, 'admin-desktop-roles-invalid-rule', { whole: true });
      await detail.locator('select').selectOption('department');
      await editor.getByRole('button', { name: 'Save' }).click();
      await eventually(() => page.locator('.f-alert--success').innerText()).toMatch(/Salesperson was saved/);
      const role = (await admin.get('/api/roles/salesperson')).body;
      expect(role.permissions).toContainEqual({
        resource: 'record:customer',
        actions: ['read', 'export'],
        rows: { type: 'department' },
      });
      expect(pageErrors(page)).toEqual([]);
      await page.context().close();
    },
  );

  it(
    'an abnormal export is listed with the user and rows, and leads to their exports in the audit log',
    SLOW,
    async () => {
      const exported = await admin.post('/api/records/finance-account/export', { format: 'csv' });
      expect(exported.status).toBe(200);
      const page = await signIn(browser, server, DESKTOP, '/admin/export-alerts');
      const alert = page.locator('[data-alert]').first();
      await eventually(() => alert.count()).toBe(1);
      expect(await alert.innerText()).toMatch(
        /qian\.admin[\s\S]*rows within 60 minutes \(threshold 2\)[\s\S]*finance-account/,
      );
      await screenshot(page, 'admin-desktop-export-alert');
      await alert.getByRole('link', { name: 'Their exports' }).click();
      await eventually(() => heading(page)).toBe('Audit log');
      expect(new URL(page.url()).searchParams.get('action')).toBe('record.export');
      await eventually(() => page.locator('tr[data-row]').first().locator('td').nth(2).innerText()).toBe(
        'Exported records\nrecord.export',
      );
      expect(pageErrors(page)).toEqual([]);
      await page.context().close();
    },
  );

  it.each([DESKTOP, PHONE])(
    'queue health shows the jobs for external workers and flags a type no worker asks for ($name)',
    SLOW,
    async (viewport) => {
      const deployed = await admin.post('/api/flows', { xml: unworked });
      expect([200, 201]).toContain(deployed.status);
      expect((await admin.post('/api/instances', { processId: 'ledger_sync' })).status).toBe(201);
      const page = await signIn(browser, server, viewport, '/admin/queues');
      const card = page.locator('[data-job-type="erp-ledger-sync"]');
      await eventually(() => card.getAttribute('data-no-worker')).toBe('true');
      expect(await card.locator('[data-count="waiting"] .a-stat__value').innerText()).not.toBe('0');
      expect(await card.innerText()).toMatch(/No worker/);
      expect(await overflow(page)).toBeLessThanOrEqual(0);
      await screenshot(page, `admin-${viewport.name}-queues-job-types`, { whole: true });
      await page.context().close();
    },
  );

  it(
    'a service account: the admin makes an API token (shown once), the program signs in with it, the admin revokes it',
    SLOW,
    async () => {
      const made = await admin.post('/api/users', {
        login: 'order-bot',
        displayName: 'Order bot',
        roles: ['job-worker'],
      });
      expect(made.status, JSON.stringify(made.body)).toBe(201);
      const page = await signIn(browser, server, DESKTOP, '/admin/users');
      await page.locator('input[name="q"]').fill('order-bot');
      await page.locator('input[name="q"]').press('Enter');
      await page.getByRole('button', { name: 'Edit Order bot' }).click();
      const tokens = page.locator('dialog[open] [data-testid="api-tokens"]');
      await eventually(() => tokens.innerText()).toContain('No tokens yet.');
      await tokens.locator('input[name="token-name"]').fill('warehouse worker');
      // Enter makes the token; it does not submit the user dialog.
      await tokens.locator('input[name="token-name"]').press('Enter');
      const shown = tokens.locator('[data-testid="api-token"]');
      await eventually(() => shown.count()).toBe(1);
      const token = await shown.innerText();
      expect(token).toMatch(/^fma_[0-9a-f]{16}_/);
      expect(await page.locator('dialog[open]').count()).toBe(1);
      await screenshot(page, 'admin-desktop-api-token');
      const topology = async () =>
        (
          await server.app.inject({
            method: 'GET',
            url: '/v2/topology',
            headers: { authorization: `Bearer ${token}` },
          })
        ).statusCode;
      expect(await topology()).toBe(200);
      await eventually(() => tokens.locator('li[data-token="warehouse worker"]').count()).toBe(1);
      await tokens.locator('li[data-token="warehouse worker"] button[data-action="revoke-token"]').click();
      await eventually(() =>
        tokens.locator('li[data-token="warehouse worker"]').getAttribute('data-revoked'),
      ).toBe('true');
      expect(await shown.count()).toBe(0);
      expect(await topology()).toBe(401);
      expect(pageErrors(page)).toEqual([]);
      await page.context().close();
    },
  );

  it('an admin resolves an incident with new variables on a phone; the flow completes', SLOW, async () => {
    const started = await admin.post('/api/instances', { processId: 'bank_transfer', businessKey: 'PAY-7' });
    expect(started.status, JSON.stringify(started.body)).toBe(201);
    const id = started.body.id as string;
    await eventually(
      async () => ((await admin.get(`/api/incidents?instanceId=${id}`)).body.items as any[]).length,
    ).toBe(1);

    const page = await signIn(browser, server, PHONE, '/admin/incidents');
    const card = page.locator(`[data-instance="${id}"]`);
    await eventually(() => card.count()).toBe(1);
    expect(await card.innerText()).toMatch(/failure on attempt 1/);
    expect(await overflow(page)).toBeLessThanOrEqual(0);
    await screenshot(page, 'admin-phone-incident', { whole: true });

    await card.getByRole('button', { name: 'Resolve with new variables' }).click();
    const dialog = page.locator('dialog[open]');
    await eventually(() => dialog.locator('pre.f-json-block').count()).toBe(1);
    // A bad value is caught before it is sent.
    await dialog.locator('textarea[name="variables"]').fill('[1, 2]');
    await dialog.getByRole('button', { name: 'Resolve with new variables' }).click();
    await eventually(() => dialog.locator('.f-field__error').innerText()).toMatch(/JSON object/);
    await dialog
      .locator('textarea[name="variables"]')
      .fill('{ "fixed": true, "note": "account number corrected" }');
    await screenshot(page, 'admin-phone-incident-resolve');
    await dialog.getByRole('button', { name: 'Resolve with new variables' }).click();
    await eventually(() => page.locator('dialog[open]').count()).toBe(0);
    await eventually(() => page.locator('.f-alert--success').innerText()).toMatch(/Resolved/);
    await eventually(async () => (await admin.get(`/api/instances/${id}`)).body.status).toBe('completed');
    const done = (await admin.get(`/api/instances/${id}`)).body;
    expect(done.variables).toMatchObject({ fixed: true, note: 'account number corrected' });
    await page.locator('button', { hasText: 'Refresh' }).click();
    await eventually(() => card.count()).toBe(0);
    await screenshot(page, 'admin-phone-incidents-resolved');
    // The audit log has it, and the chain holds.
    await page.goto('/admin/audit?action=incident.*');
    await eventually(() => page.locator('tr[data-row]').first().locator('td').nth(2).innerText()).toBe(
      'Resolved incident\nincident.resolve',
    );
    await page.locator('button', { hasText: 'Verify chain' }).click();
    await eventually(() => page.locator('.f-alert--success').innerText()).toMatch(/The chain is intact/);
    await screenshot(page, 'admin-phone-audit-verified', { whole: true });
    expect(pageErrors(page)).toEqual([]);
    await page.context().close();
  });
});
