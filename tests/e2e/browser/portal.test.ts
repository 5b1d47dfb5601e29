// The employee portal in a real browser, with the finance module enabled: an employee on a phone
// (390×844, Chinese) finds the expense claim in the catalogue, fills it in — the draft is saved as
// they type and survives a reload, a wrong amount is refused at its field before anything is sent,
// the total is computed live, a receipt is attached — and submits it; the manager on a desktop
// (1280×800, English) sees the notification, opens the task from the inbox, reads the claim beside
// the action bar (the receipt opens through the request) and approves it with one key; finance
// reads it on a phone, then approves it with a bulk approval from the list; the employee sees it
// approved, with the whole timeline. A second claim is returned by the manager (keyboard), corrected
// in its form and resubmitted by the employee, then recalled. Last, the employee sets an
// out-of-office proxy. Screenshots in test-artifacts/browser/.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginAs } from '#tests/support/app-harness.ts';
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
  type TestPage,
  type WebApp,
} from '#tests/support/browser.ts';

// Waits for the page to get there (a slow machine is slow, not wrong); never asserts on time.
const eventually = <T>(read: () => T | Promise<T>) => expect.poll(read, { timeout: 60_000, interval: 150 });
const SLOW = { timeout: 300_000 };
// The data-action of each element.
const DATA_ACTIONS = (els: Element[]) => els.map((e) => e.getAttribute('data-action'));
const ENTRY = 'finance-expense-claim';
// A 1×1 PNG: the receipt.
const RECEIPT = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);

describe('employee portal: an expense claim from a phone, approved on a desktop', () => {
  let server: WebApp;
  let browser: Browser;
  let employee: TestPage;
  let instanceId = '';

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

  /** Waits (through the engine) until the claim has an open task at `elementId`. */
  const taskAt = (elementId: string) =>
    eventually(async () =>
      (await server.app.services.flows.getInstance(instanceId)).openTasks.some(
        (t) => t.elementId === elementId,
      ),
    ).toBe(true);

  async function logIn(page: Page, who: 'employee' | 'manager' | 'finance', path: string): Promise<void> {
    await page.goto(path);
    await submitLogin(page, demoLogin(who), DEMO_PASSWORD);
    await eventually(() => page.locator('.f-nav').count()).toBe(1);
  }

  const field = (page: Page, id: string) => page.locator(`#${id}`);

  it('the employee fills in an expense claim on a phone and submits it', SLOW, async () => {
    employee = await newPage(browser, server, PHONE);
    const { page } = employee;
    await logIn(page, 'employee', '/requests');
    // The demo employee reads Chinese: the catalogue groups the claim under 财务.
    const entry = page.locator(`a.f-linkcard[data-entry="${ENTRY}"]`);
    await eventually(() => entry.count()).toBe(1);
    expect(await page.locator('.fp-catalogue__title').allInnerTexts()).toEqual(['财务']);
    expect(await entry.locator('.f-linkcard__title').innerText()).toBe('费用报销');
    // Searching in English finds it too; nonsense finds nothing.
    await page.locator('.f-search__input').fill('expense');
    await eventually(() => entry.count()).toBe(1);
    await page.locator('.f-search__input').fill('zzz');
    await eventually(() => entry.count()).toBe(0);
    await page.locator('.f-search__input').fill('');
    await screenshot(page, 'phone-portal-catalogue');

    // The catalogue says which fields are not the requester's: finance's payment fields are hidden.
    const catalogue = await (
      await loginAs(server.app, demoLogin('employee'), DEMO_PASSWORD)
    ).get('/api/catalogue');
    expect(catalogue.body.items.find((e: { id: string }) => e.id === ENTRY).fieldPermissions).toEqual({
      requester: { paymentStatus: 'hidden', paidOn: 'hidden' },
    });

    await entry.click();
    await eventually(() => field(page, 'root_title').count()).toBe(1);
    // …and the new-request form on the phone shows neither, while the computed total stays.
    expect(await field(page, 'root_paymentStatus').count()).toBe(0);
    expect(await field(page, 'root_paidOn').count()).toBe(0);
    expect(await field(page, 'root_total').count()).toBe(1);
    await field(page, 'root_title').fill('Taxi to the airport');
    await field(page, 'root_date').fill('2026-03-09');
    // The draft is saved a moment after typing, and is there again after a reload.
    await eventually(() => page.locator('.fp-draft-state').getAttribute('data-state')).toBe('saved');
    await page.reload();
    await eventually(() => field(page, 'root_title').inputValue()).toBe('Taxi to the airport');
    expect(await field(page, 'root_date').inputValue()).toBe('2026-03-09');

    await field(page, 'root_lines_0_date').fill('2026-03-09');
    await field(page, 'root_lines_0_category').selectOption({ label: '交通费' });
    await field(page, 'root_lines_0_description').fill('Taxi, office to PVG');
    await field(page, 'root_lines_0_amount').fill('86.505');
    // A wrong amount is refused at its field, in the employee's language, before anything is sent.
    await page.locator('.fp-request-form button[type="submit"]').click();
    await eventually(() => page.locator('.fp-request-form .f-rjsf-field-errors').count()).toBeGreaterThan(0);
    expect(await page.locator('.fp-request-form .f-rjsf-field-errors').first().innerText()).toMatch(/金额/);
    // Screen readers hear it too: the invalid input is marked and described by its own error list.
    const amount = field(page, 'root_lines_0_amount');
    expect(await amount.getAttribute('aria-invalid')).toBe('true');
    const describedBy = (await amount.getAttribute('aria-describedby')) ?? '';
    expect(describedBy.split(' ')).toContain('root_lines_0_amount__error');
    expect(await page.locator('#root_lines_0_amount__error').innerText()).toMatch(/\S/);
    expect(await field(page, 'root_title').getAttribute('aria-invalid')).toBeNull();
    expect(await field(page, 'root_lines_0_category').getAttribute('aria-invalid')).toBeNull();
    await screenshot(page, 'phone-portal-new-error', { whole: true });
    // Checked with the validators the server compiled for this form: the browser compiled none.
    expect([...new Set(employee.scripts.filter((s) => s.endsWith('/validators.js')))]).toEqual([
      `/api/forms/${ENTRY}/validators.js`,
    ]);
    expect(employee.scripts.filter((s) => /\/assets\/(validation|server-checks)-/.test(s))).toEqual([]);
    expect(await server.app.services.flows.runtime.instances.count({})).toBe(0);

    await field(page, 'root_lines_0_amount').fill('86.50');
    // The total is computed as the server will compute it.
    await eventually(() => field(page, 'root_total').inputValue()).toBe('86.50');
    await page.setInputFiles('#root_lines_0_attachment', {
      name: 'taxi-receipt.png',
      mimeType: 'image/png',
      buffer: RECEIPT,
    });
    await eventually(() => page.locator('.fp-file__name a').innerText()).toBe('taxi-receipt.png');
    await screenshot(page, 'phone-portal-new', { whole: true });

    await page.locator('.fp-request-form button[type="submit"]').click();
    await eventually(() => new URL(page.url()).pathname).toMatch(/^\/requests\/req-/);
    instanceId = decodeURIComponent(new URL(page.url()).pathname.split('/')[2]!);
    await eventually(() => page.locator('.f-alert--success').count()).toBe(1);
    // The employee reads Chinese: the step's Chinese name (forma:nameZh in finance's flow).
    await eventually(() => page.locator('.fp-steps__name').allInnerTexts()).toEqual(['经理审批']);
    expect(await page.locator('main .f-badge[data-status]').first().getAttribute('data-status')).toBe(
      'running',
    );
    expect(await page.locator('.fp-steps__holders').innerText()).toMatch(/吴/);
    await screenshot(page, 'phone-portal-submitted', { whole: true });
    // Submitted: the draft is gone.
    expect(await server.adapters.store.collection('request_drafts').count({})).toBe(0);
    expect(pageErrors(page)).toEqual([]);
  });

  it('the manager approves it from the inbox on a desktop, with the keyboard', SLOW, async () => {
    await taskAt('manager');
    const { page, context } = await newPage(browser, server, DESKTOP);
    await logIn(page, 'manager', '/inbox');
    await page.locator('.f-header .f-lang__option[lang="en"]').click();
    await eventually(() => page.locator('main h1').innerText()).toBe('Inbox');

    // The notification centre says there is something new.
    await eventually(() => page.locator('.fp-bell__count').count()).toBe(1);
    await page.locator('.fp-bell__button').click();
    await eventually(() => page.locator('.fp-bell__item').count()).toBeGreaterThan(0);
    await screenshot(page, 'desktop-portal-notifications');
    await page.keyboard.press('Escape');

    const row = page.locator(`a.fp-row[data-task^="${instanceId}-"]`);
    await eventually(() => row.count()).toBe(1);
    await screenshot(page, 'desktop-portal-inbox');
    // j moves to the first task, Enter opens it.
    await page.keyboard.press('j');
    await eventually(() => row.evaluate((el) => el === document.activeElement)).toBe(true);
    await page.keyboard.press('Enter');

    // The summary first; the claim, read-only, on demand beside the action bar; the receipt opens
    // through the request.
    await eventually(() => page.locator('.fp-sumcard__title').innerText()).toBe('Taxi to the airport');
    await page.locator('.fp-details > summary').click();
    await eventually(() => field(page, 'root_title').inputValue()).toBe('Taxi to the airport');
    expect(await field(page, 'root_title').getAttribute('readonly')).not.toBeNull();
    const receipt = page.locator('.fp-record-view .fp-file__name a');
    await eventually(() => receipt.innerText()).toBe('taxi-receipt.png');
    const href = (await receipt.getAttribute('href'))!;
    expect(href).toContain(`?request=${instanceId}`);
    expect(await page.evaluate(async (url) => (await fetch(url)).status, href)).toBe(200);
    // A picture shows in place, loaded through the request, not only behind its link.
    const picture = page.locator('.fp-record-view .fp-file__preview img');
    await eventually(() =>
      picture.evaluate(
        (img) => (img as HTMLImageElement).complete && (img as HTMLImageElement).naturalWidth > 0,
      ),
    ).toBe(true);
    expect(await picture.getAttribute('src')).toBe(href);
    expect(await page.locator('.fp-actions-panel__buttons [data-action]').evaluateAll(DATA_ACTIONS)).toEqual([
      'approve',
      'reject',
      'return',
      'transfer',
      'delegate',
      'addSigner',
      'cc',
      'comment',
    ]);
    await screenshot(page, 'desktop-portal-task');

    // A approves at once (no confirmation) with the comment written beside the summary; the inbox
    // offers to undo it for a few seconds, then it is sent.
    await page.locator('.fp-approve-comment > summary').click();
    await page.locator('.fp-approve-comment textarea').fill('OK: taxi to the airport.');
    await screenshot(page, 'desktop-portal-approve-comment');
    await page.locator('main h1').click();
    await page.keyboard.press('a');
    await eventually(() => new URL(page.url()).pathname).toBe('/inbox');
    await eventually(() => page.locator('.fp-toast').innerText()).toMatch(/Approved/);
    await eventually(() => row.count()).toBe(0);
    await screenshot(page, 'desktop-portal-approved');
    expect(pageErrors(page)).toEqual([]);
    await context.close();
  });

  it('finance reads it on a phone, then approves it in a bulk approval from the list', SLOW, async () => {
    await taskAt('finance');
    const { page, context } = await newPage(browser, server, PHONE);
    await logIn(page, 'finance', '/inbox');
    const row = page.locator(`a.fp-row[data-task^="${instanceId}-"]`);
    await eventually(() => row.count()).toBe(1);
    await row.click();
    // On a phone the form comes first; approve and reject wait in a bar above the tab bar, the
    // other actions under "more".
    await eventually(() => field(page, 'root_title').inputValue()).toBe('Taxi to the airport');
    const bar = page.locator('.fp-actionbar');
    expect(await bar.locator(':scope > [data-action]').evaluateAll(DATA_ACTIONS)).toEqual([
      'approve',
      'reject',
    ]);
    expect(await page.locator('.fp-actions-panel__buttons').isVisible()).toBe(false);
    await screenshot(page, 'phone-portal-task');
    await bar.locator('.fp-actionbar__more > .f-btn').click();
    await eventually(() => bar.locator('.fp-actionbar__menu [data-action]').count()).toBe(6);
    await screenshot(page, 'phone-portal-task-more');

    await page.goBack();
    const item = page.locator('li.fp-task', { has: page.locator(`a[data-task^="${instanceId}-"]`) });
    await eventually(() => item.count()).toBe(1);
    await item.locator('input.fp-task__check').check();
    await eventually(() => page.locator('.fp-bulkbar').count()).toBe(1);
    await screenshot(page, 'phone-portal-bulk');
    await page.locator('.fp-bulkbar .f-btn--primary').click();
    await eventually(() => page.locator('dialog.f-dialog[open]').count()).toBe(1);
    await screenshot(page, 'phone-portal-bulk-dialog');
    await page.locator('dialog.f-dialog[open] button[type="submit"]').click();
    await eventually(() => page.locator('.f-alert--success').count()).toBe(1);
    await eventually(() => item.count()).toBe(0);
    await screenshot(page, 'phone-portal-bulk-done');
    expect(pageErrors(page)).toEqual([]);
    await context.close();
  });

  it('the employee sees the claim approved, with its timeline', SLOW, async () => {
    await eventually(async () => (await server.app.services.flows.getInstance(instanceId)).status).toBe(
      'completed',
    );
    const { page } = employee;
    await page.goto('/requests/mine');
    const row = page.locator(`a.fp-row[data-request="${instanceId}"]`);
    await eventually(() => row.locator('[data-status]').getAttribute('data-status')).toBe('approved');
    await screenshot(page, 'phone-portal-mine');
    await row.click();
    await eventually(() => page.locator('.fp-timeline__entry').count()).toBeGreaterThan(3);
    const actions = await page.locator('.fp-timeline__entry').evaluateAll(DATA_ACTIONS);
    expect(actions.filter((a) => a !== 'claim')).toEqual(['submitted', 'approve', 'approve', 'completed']);
    expect(await page.locator('.fp-timeline__comment').allInnerTexts()).toContain('OK: taxi to the airport.');
    expect(await page.locator('.fp-timeline__what strong').allInnerTexts()).toContain('吴昊 Wu Hao');
    await screenshot(page, 'phone-portal-timeline', { whole: true });
    expect(pageErrors(page)).toEqual([]);
  });

  it('a claim returned for changes is corrected and resubmitted, then recalled', SLOW, async () => {
    const api = await loginAs(server.app, demoLogin('employee'), DEMO_PASSWORD);
    const submitted = await api.post(`/api/catalogue/${ENTRY}/submit`, {
      data: {
        title: 'Team lunch',
        date: '2026-03-10',
        lines: [{ date: '2026-03-10', category: 'meals', amount: '300.00' }],
      },
    });
    expect(submitted.status, JSON.stringify(submitted.body)).toBe(201);
    instanceId = submitted.body.instanceId;
    await taskAt('manager');

    // The manager returns it (E), with a reason.
    const manager = await newPage(browser, server, DESKTOP);
    await logIn(manager.page, 'manager', '/inbox');
    await manager.page.locator(`a.fp-row[data-task^="${instanceId}-"]`).click();
    await eventually(() => field(manager.page, 'root_title').inputValue()).toBe('Team lunch');
    await manager.page.locator('main h1').click();
    await manager.page.keyboard.press('e');
    await eventually(() => manager.page.locator('dialog.f-dialog[open] textarea').count()).toBe(1);
    expect(await manager.page.locator('dialog.f-dialog[open] input[type="radio"]').first().isChecked()).toBe(
      true,
    );
    await manager.page.keyboard.type('Split the lunch by person, please.');
    await screenshot(manager.page, 'desktop-portal-return-dialog');
    await manager.page.keyboard.press('Control+Enter');
    await eventually(() => new URL(manager.page.url()).search).toBe('?done=return');
    await manager.context.close();

    // The employee sees why, corrects the amount in the form and resubmits.
    const { page } = employee;
    await page.goto(`/requests/${instanceId}`);
    await eventually(() =>
      page.locator('main .f-badge[data-status]').first().getAttribute('data-status'),
    ).toBe('returned');
    expect(await page.locator('.f-alert').first().innerText()).toMatch(/Split the lunch by person/);
    await screenshot(page, 'phone-portal-returned');
    await page.locator('.fp-now .f-btn--primary').click();
    await eventually(() => field(page, 'root_lines_0_amount').isEditable()).toBe(true);
    await field(page, 'root_lines_0_amount').fill('240.00');
    await eventually(() => field(page, 'root_total').inputValue()).toBe('240.00');
    await page.locator('.fp-resubmit textarea').fill('Only the team, without guests.');
    await screenshot(page, 'phone-portal-correct', { whole: true });
    await page.locator('.fp-resubmit button[type="submit"]').click();
    await eventually(() =>
      page.locator('main .f-badge[data-status]').first().getAttribute('data-status'),
    ).toBe('running');
    await eventually(
      async () => (await server.app.services.flows.getInstance(instanceId)).variables.total,
    ).toBe(240);

    // While it waits, the employee adds a comment and copies finance in (the dialogs a request and a
    // task share).
    const dialog = page.locator('dialog.f-dialog[open]');
    await page
      .locator('.fp-now')
      .getByRole('button', { name: /^(评论|Comment)$/ })
      .click();
    await dialog.locator('textarea').fill('Six people, receipts attached.');
    await dialog.locator('button[type="submit"]').click();
    await eventually(() => dialog.count()).toBe(0);
    await page
      .locator('.fp-now')
      .getByRole('button', { name: /^(抄送|CC)$/ })
      .click();
    await dialog.locator('.fp-people__search input').fill(demoLogin('finance'));
    await dialog.locator('.f-userhits__option').first().click();
    await eventually(() => dialog.locator('.f-chips li').count()).toBe(1);
    await screenshot(page, 'phone-portal-cc');
    await dialog.locator('button[type="submit"]').click();
    await eventually(() => dialog.count()).toBe(0);
    await eventually(async () =>
      (await server.app.services.flows.getInstance(instanceId)).history
        .filter((h) => h.action === 'cc')
        .flatMap((h) => (h.data?.users as string[] | undefined) ?? []),
    ).toEqual([demoLogin('finance')]); // a demo user's id is their login

    // Nobody has acted on it since: the employee may still recall it.
    await page.locator('.fp-now .f-btn--danger').click();
    await eventually(() => page.locator('dialog.f-dialog[open]').count()).toBe(1);
    await page.locator('dialog.f-dialog[open] button[type="submit"]').click();
    await eventually(() =>
      page.locator('main .f-badge[data-status]').first().getAttribute('data-status'),
    ).toBe('withdrawn');
    const actions = await page.locator('.fp-timeline__entry').evaluateAll(DATA_ACTIONS);
    expect(actions).toEqual(['submitted', 'return', 'resubmit', 'comment', 'cc', 'recall', 'cancelled']);
    await screenshot(page, 'phone-portal-recalled', { whole: true });
    expect(pageErrors(page)).toEqual([]);
  });

  it('the employee names a proxy while away', SLOW, async () => {
    const { page } = employee;
    await page.locator('.f-account__button').click();
    await page.locator('.f-menu a[href="/account/away"]').click();
    await eventually(() => page.locator('.fp-away-form').count()).toBe(1);
    await page.locator('.fp-away-form .fp-people input').fill('wu');
    await eventually(() => page.locator('.f-userhits__option').count()).toBeGreaterThan(0);
    await page.locator('.f-userhits__option').first().click();
    await page.locator('.fp-away-form button[type="submit"]').click();
    await eventually(() => page.locator('.fp-away-now').count()).toBe(1);
    expect(await page.locator('.fp-away-now').innerText()).toMatch(/吴昊/);
    await screenshot(page, 'phone-portal-away');
    // Whole days where the employee is: from the first day's midnight to the one after the last.
    const [from, to] = await Promise.all(
      ['.fp-away-dates input >> nth=0', '.fp-away-dates input >> nth=1'].map((s) =>
        page.locator(s).inputValue(),
      ),
    );
    const midnight = (day: string, plus = 0) => {
      const [y, m, d] = day.split('-').map(Number) as [number, number, number];
      return new Date(y, m - 1, d + plus).toISOString();
    };
    const set = await server.app.services.approvals.outOfOffice.get('zheng.xin');
    expect(set).toMatchObject({ proxy: 'wu.hao', from: midnight(from!), to: midnight(to!, 1) });
    expect(pageErrors(page)).toEqual([]);
    await employee.context.close();
  });
});
