// Approvers and requesters in a real browser, with the finance module enabled and claims waiting:
// the manager on a 390 px phone (Chinese) lands on the inbox with a count badge, sees each claim's
// title and amount, approves in two taps (row, Approve) and takes it back from the undo toast; on a
// desktop (English) approves with a comment, held for the undo window and then sent. Per-step
// field permissions: the manager sees finance's payment fields read-only, finance may fill them in,
// the employee never sees them. Finance sees each amount and the total in the bulk dialog on a
// desktop (English, cancelled) and bulk approves on a phone (Chinese).
// The employee sees the approval chain before submitting and each step's state after, on a phone
// (Chinese) and a desktop (English). Screenshots in test-artifacts/browser/approver-*.png.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginAs } from '#tests/support/app-harness.ts';
import { waitFor } from '#tests/support/wait-for.ts';
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

const eventually = <T>(read: () => T | Promise<T>) => expect.poll(read, { timeout: 60_000, interval: 150 });
const SLOW = { timeout: 300_000 };
const UNDO_MS = 4000;

const claim = (title: string, amounts: string[]) => ({
  title,
  date: '2026-03-09',
  lines: amounts.map((amount) => ({ date: '2026-03-09', category: 'transport', amount })),
});

/** The contrast of each form hint's text against the background it sits on (WCAG's formula). */
const hintContrasts = (page: Page): Promise<number[]> =>
  page.evaluate(() => {
    const rgb = (c: string): number[] => (c.match(/[\d.]+/g) ?? []).map(Number);
    const channel = (v: number): number => ((v /= 255) <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
    const luminance = (c: number[]): number =>
      0.2126 * channel(c[0]!) + 0.7152 * channel(c[1]!) + 0.0722 * channel(c[2]!);
    const background = (el: Element): number[] => {
      for (let e: Element | null = el; e; e = e.parentElement) {
        const c = rgb(getComputedStyle(e).backgroundColor);
        if (c.length === 3 || (c.length === 4 && c[3]! > 0)) return c;
      }
      return [255, 255, 255];
    };
    return [...document.querySelectorAll('.f-field__hint, .field-description, .help-block')].map((el) => {
      const a = luminance(rgb(getComputedStyle(el).color));
      const b = luminance(background(el));
      return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
    });
  });

describe('approvers and requesters in the browser', () => {
  let server: WebApp;
  let browser: Browser;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    server = await startWebApp({ approvalUndoWindowMs: UNDO_MS });
    browser = await launchChromium();
    const admin = await loginAs(server.app, demoLogin('admin'), DEMO_PASSWORD);
    const installed = await admin.post('/api/modules/finance/install', { enable: true });
    expect(installed.status, JSON.stringify(installed.body)).toBe(200);
    const employee = await loginAs(server.app, demoLogin('employee'), DEMO_PASSWORD);
    for (const [key, data] of [
      ['taxi', claim('Taxi to the airport', ['86.00', '120.50'])],
      ['hotel', claim('Hotel in Shenzhen', ['380.00'])],
    ] as const) {
      const submitted = await employee.post('/api/catalogue/finance-expense-claim/submit', { data });
      expect(submitted.status, JSON.stringify(submitted.body)).toBe(201);
      ids[key] = submitted.body.instanceId as string;
    }
    for (const id of Object.values(ids))
      await waitFor(async () => (await openSteps(id)).includes('manager'), 60_000, `${id} at the manager`);
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const openSteps = async (id: string) =>
    (await server.app.services.flows.getInstance(id)).openTasks.map((t) => t.elementId);
  const openAt = (id: string, step: string) =>
    eventually(async () => (await openSteps(id)).includes(step)).toBe(true);

  async function logIn(page: Page, who: 'employee' | 'manager' | 'finance', path = '/'): Promise<void> {
    await page.goto(path);
    await submitLogin(page, demoLogin(who), DEMO_PASSWORD);
    await eventually(() => page.locator('.f-nav').count()).toBe(1);
  }
  const toEnglish = async (page: Page) => {
    await page.locator('.f-header .f-lang__option[lang="en"]').click();
    await eventually(() => page.locator('html').getAttribute('lang')).toBe('en');
  };
  const row = (page: Page, id: string) => page.locator(`li.fp-task:has(a.fp-row[data-task^="${id}-"])`);
  const badge = (page: Page) => page.locator('.f-nav__section[data-section="inbox"] .f-nav__badge');

  it(
    'a manager on a phone lands on the inbox, sees title and amount, approves in two taps and undoes',
    SLOW,
    async () => {
      const { page, context } = await newPage(browser, server, PHONE);
      await logIn(page, 'manager');
      await eventually(() => new URL(page.url()).pathname).toBe('/inbox');
      await eventually(() => badge(page).getAttribute('data-count')).toBe('2');
      // The bell counts the two task notices.
      const bell = page.locator('.fp-bell__count');
      await eventually(() => bell.innerText()).toBe('2');
      const taxi = row(page, ids.taxi!);
      await eventually(() => taxi.locator('.fp-sum__title').innerText()).toBe('Taxi to the airport');
      expect(await taxi.locator('.fp-sum__amount').innerText()).toBe('¥206.50');
      // Each row's checkbox names its own request.
      const labels = await page
        .locator('input.fp-task__check')
        .evaluateAll((els) => els.map((e) => e.getAttribute('aria-label')));
      expect(new Set(labels).size).toBe(labels.length);
      expect(labels.some((l) => l?.includes('Taxi to the airport') && l.includes('¥206.50'))).toBe(true);
      await screenshot(page, 'approver-phone-inbox');

      // Tap 1: the task. Summary first, then the chain; the form on demand.
      await taxi.locator('a.fp-row').click();
      await eventually(() => page.locator('.fp-sumcard__title').innerText()).toBe('Taxi to the airport');
      await eventually(() =>
        page.locator('.fp-chain__step[data-step="manager"]').getAttribute('data-state'),
      ).toBe('current');
      const cardTop = await page.locator('.fp-sumcard').evaluate((e) => e.getBoundingClientRect().top);
      const chainTop = await page.locator('.fp-chain').evaluate((e) => e.getBoundingClientRect().top);
      expect(cardTop).toBeLessThan(chainTop);
      expect(await page.locator('.fp-details').getAttribute('open')).toBeNull();
      await screenshot(page, 'approver-phone-task', { whole: true });
      // Details on demand: finance's payment fields are there, read-only for the manager.
      await page.locator('.fp-details > summary').click();
      await eventually(() => page.locator('#root_paymentStatus').count()).toBe(1);
      expect(await page.locator('#root_paymentStatus').isDisabled()).toBe(true);
      await page.locator('.fp-details > summary').click();

      // Tap 2: approve. No confirmation: back on the inbox with a toast to undo.
      await page.locator('.fp-actionbar [data-action="approve"]').click();
      await eventually(() => new URL(page.url()).pathname).toBe('/inbox');
      await eventually(() => page.locator('.fp-toast').count()).toBe(1);
      expect(await page.locator('.fp-toast').innerText()).toContain('Taxi to the airport');
      await eventually(() => taxi.count()).toBe(0);
      await eventually(() => badge(page).getAttribute('data-count')).toBe('1');
      // Acting on the task read its notice: the bell counts again at once, not stale.
      await eventually(() => bell.innerText()).toBe('1');
      await screenshot(page, 'approver-phone-undo-toast');
      await page.locator('.fp-toast [data-undo]').click();
      await eventually(() => taxi.count()).toBe(1);
      await eventually(() => badge(page).getAttribute('data-count')).toBe('2');
      await screenshot(page, 'approver-phone-undone');
      // Taken back: after the window the manager still holds it.
      await new Promise((r) => setTimeout(r, UNDO_MS + 1000));
      expect(await openSteps(ids.taxi!)).toEqual(['manager']);
      expect(pageErrors(page)).toEqual([]);
      await context.close();
    },
  );

  it('a manager on a desktop approves with a comment; sent when the undo window ends', SLOW, async () => {
    const { page, context } = await newPage(browser, server, DESKTOP);
    await logIn(page, 'manager');
    await eventually(() => new URL(page.url()).pathname).toBe('/inbox');
    await toEnglish(page);
    await eventually(() => badge(page).innerText()).toContain('2');
    for (const key of ['taxi', 'hotel'] as const) {
      await row(page, ids[key]!).locator('a.fp-row').click();
      await eventually(() => page.locator('.fp-sumcard').count()).toBe(1);
      await page.locator('.fp-approve-comment > summary').click();
      await page.locator('.fp-approve-comment textarea').fill(`OK ${key}`);
      if (key === 'taxi') await screenshot(page, 'approver-desktop-task');
      await page.locator('.fp-actions-panel__buttons [data-action="approve"]').click();
      await eventually(() => new URL(page.url()).pathname).toBe('/inbox');
      await eventually(() => page.locator('.fp-toast').count()).toBe(1);
    }
    await screenshot(page, 'approver-desktop-toast');
    await eventually(() => badge(page).count()).toBe(0);
    // Sent after the window: the claims move on past the manager.
    for (const id of Object.values(ids))
      await eventually(async () => (await openSteps(id)).includes('manager')).toBe(false);
    expect(pageErrors(page)).toEqual([]);
    await context.close();
  });

  it('finance fills in its own fields, then bulk approves on a phone seeing each amount', SLOW, async () => {
    // Any step between the manager and finance (a department head, a budget owner) approves here.
    for (const id of Object.values(ids)) {
      for (let i = 0; i < 4 && !(await openSteps(id)).includes('finance'); i++) {
        const step = (await server.app.services.flows.getInstance(id)).openTasks[0];
        if (!step) {
          await new Promise((r) => setTimeout(r, 300));
          continue;
        }
        await server.app.services.approvals.actions.approve(
          { principal: { userId: step.assignee!, login: step.assignee!, roles: [], locale: 'en' } } as never,
          step.id,
        );
      }
      await openAt(id, 'finance');
    }
    // On a desktop (English): the bulk dialog names each claim with its amount, and the total.
    {
      const { page, context } = await newPage(browser, server, DESKTOP);
      await logIn(page, 'finance');
      await eventually(() => new URL(page.url()).pathname).toBe('/inbox');
      await toEnglish(page);
      for (const id of Object.values(ids)) await row(page, id).locator('input.fp-task__check').check();
      await page.locator('.fp-bulkbar .f-btn--primary').click();
      const dialog = page.locator('dialog.f-dialog[open]');
      await eventually(() => dialog.locator('.fp-sum__title').allInnerTexts()).toEqual([
        'Taxi to the airport',
        'Hotel in Shenzhen',
      ]);
      expect(await dialog.locator('.fp-sum__amount').allInnerTexts()).toEqual(['¥206.50', '¥380.00']);
      expect(await dialog.locator('.fp-bulk-total').innerText()).toMatch(/Total.*¥586\.50/);
      // The step in the language just switched to (the list was read again once it was saved).
      expect(await dialog.innerText()).toContain('Finance review');
      expect(await dialog.innerText()).not.toContain('财务复核');
      await screenshot(page, 'approver-desktop-bulk-dialog');
      // Cancelled: nothing approved.
      await dialog.locator('button', { hasText: 'Cancel' }).click();
      await eventually(() => page.locator('dialog.f-dialog[open]').count()).toBe(0);
      for (const id of Object.values(ids)) expect(await row(page, id).count()).toBe(1);
      expect(pageErrors(page)).toEqual([]);
      await context.close();
    }

    const { page, context } = await newPage(browser, server, PHONE);
    await logIn(page, 'finance');
    await eventually(() => new URL(page.url()).pathname).toBe('/inbox');
    const taxi = row(page, ids.taxi!);
    await eventually(() => taxi.count()).toBe(1);
    // Finance's step may edit the payment fields: the form opens at once, those fields editable.
    await taxi.locator('a.fp-row').click();
    await eventually(() => page.locator('.fp-details[open] #root_paymentStatus').count()).toBe(1);
    expect(await page.locator('#root_paymentStatus').isDisabled()).toBe(false);
    expect(await page.locator('#root_title').getAttribute('readonly')).not.toBeNull();
    await screenshot(page, 'approver-phone-finance-task', { whole: true });
    await page.goBack();

    for (const id of Object.values(ids)) await row(page, id).locator('input.fp-task__check').check();
    await page.locator('.fp-bulkbar .f-btn--primary').click();
    const dialog = page.locator('dialog.f-dialog[open]');
    await eventually(() => dialog.locator('.fp-sum__amount').allInnerTexts()).toEqual(['¥206.50', '¥380.00']);
    expect(await dialog.locator('.fp-bulk-total').innerText()).toContain('¥586.50');
    await screenshot(page, 'approver-phone-bulk-dialog');
    await dialog.locator('button[type="submit"]').click();
    await eventually(() => page.locator('.f-alert--success').count()).toBe(1);
    for (const id of Object.values(ids)) await eventually(() => row(page, id).count()).toBe(0);
    expect(pageErrors(page)).toEqual([]);
    await context.close();
  });

  for (const viewport of [PHONE, DESKTOP])
    it(
      `an employee (${viewport.name}) sees the chain before submitting and each step after`,
      SLOW,
      async () => {
        const { page, context } = await newPage(browser, server, viewport);
        await logIn(page, 'employee', '/requests/new/finance-expense-claim');
        if (!viewport.phone) await toEnglish(page);
        await eventually(() => page.locator('#root_title').count()).toBe(1);
        await page.locator('#root_title').fill(`Train ${viewport.name}`);
        const manager = page.locator('.fp-chain__step[data-step="manager"]');
        await eventually(() => manager.count()).toBe(1);
        expect(await manager.locator('.fp-chain__people').innerText()).toContain('吴昊');
        expect(await page.locator('.fp-chain__step[data-step="finance"]').count()).toBe(1);
        // Hints are readable (4.5:1 at least) and the focused field wears a clearly visible ring.
        const contrasts = await hintContrasts(page);
        expect(contrasts.length).toBeGreaterThan(0);
        expect(Math.min(...contrasts)).toBeGreaterThanOrEqual(4.5);
        // A field: its border turns blue with a halo; a button: a solid 2px outline.
        const focusStyle = () =>
          page.evaluate(() => {
            const style = getComputedStyle(document.activeElement!);
            return {
              outline: `${style.outlineStyle} ${style.outlineWidth}`,
              border: style.borderTopColor,
              halo: style.boxShadow,
            };
          });
        await page.locator('#root_title').focus();
        await page.keyboard.press('Tab');
        const field = await focusStyle();
        expect(field.border).toBe('rgb(31, 79, 209)');
        expect(field.halo).toMatch(/3px/);
        await page.locator('.fp-request-form button[type="submit"]').focus();
        expect((await focusStyle()).outline).toBe('solid 2px');
        await screenshot(page, `approver-${viewport.name}-preview`, { whole: true });

        // The submitted claims: each step's state, who acted and when.
        await page.goto(`/requests/${ids.taxi}`);
        const done = page.locator('.fp-chain__step[data-step="manager"]');
        await eventually(() => done.getAttribute('data-state')).toBe('done');
        expect(await done.locator('.fp-chain__people').innerText()).toContain('吴昊');
        expect(await done.locator('time').count()).toBe(1);
        expect(await done.locator('.fp-chain__comment').innerText()).toBe('OK taxi');
        expect(await page.locator('.fp-sumcard__title').innerText()).toBe('Taxi to the airport');
        expect(await page.locator('#root_paymentStatus').count()).toBe(0);
        expect(await page.locator('#root_title').getAttribute('readonly')).not.toBeNull();
        await screenshot(page, `approver-${viewport.name}-request`, { whole: true });
        await page.locator('.fp-chain__top button').click();
        await eventually(() =>
          page.locator('.fp-diagram[data-state="shown"] .djs-element').count(),
        ).toBeGreaterThan(2);
        await screenshot(page, `approver-${viewport.name}-diagram`);
        expect(pageErrors(page)).toEqual([]);
        await context.close();
      },
    );
});
