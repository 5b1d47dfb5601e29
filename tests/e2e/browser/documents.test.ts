// Business documents in a real browser, on a desktop (1280×800) and a phone (390×844): the
// salesperson wang.fang makes a sales order on its generated record page — the customer picker
// offers only her own customers, picking one fetches its credit limit, picking an item fetches its
// unit and price — and submits it, and the customer's page lists it among the orders linking
// to it; li.lei's picker on a phone offers only his customer;
// the admin cancels the order with a reason on a phone and amends it (-1). Finance prints an
// approved expense claim (费用报销单, the total in capital numerals) and its voucher (记账凭证),
// whose record page shows the approval it went through, with the approvers' comments.
// Screenshots in test-artifacts/browser/ (documents-*.png).
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginAs, type Client } from '#tests/support/app-harness.ts';
import {
  DEMO_PASSWORD,
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
import { setUpDocuments } from '../../api/documents-fixtures.ts';

const eventually = <T>(read: () => T | Promise<T>) => expect.poll(read, { timeout: 60_000, interval: 150 });
const SLOW = { timeout: 300_000 };

describe('business documents in the browser', () => {
  let server: WebApp;
  let browser: Browser;
  const clients = new Map<string, Client>();
  const as = async (login: string): Promise<Client> => {
    let client = clients.get(login);
    if (!client) clients.set(login, (client = await loginAs(server.app, login, DEMO_PASSWORD)));
    return client;
  };
  let orderPath = '';

  beforeAll(async () => {
    server = await startWebApp();
    browser = await launchChromium();
    await setUpDocuments(as);
    const installed = await (await as('qian.admin')).post('/api/modules/finance/install', { enable: true });
    expect(installed.status, JSON.stringify(installed.body)).toBe(200);
  }, 240_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  async function open(viewport: Viewport, login: string, path: string, locale = 'en-US'): Promise<Page> {
    const { page } = await newPage(browser, server, viewport, { locale });
    await page.goto(path);
    await submitLogin(page, login, DEMO_PASSWORD);
    await eventually(() => page.locator('.f-nav').count()).toBe(1);
    return page;
  }

  /** The options a link picker offers after typing `text` into it. */
  async function pickerOptions(page: Page, field: string, text: string): Promise<string[]> {
    const input = page.locator(`#root_${field}`);
    await input.click();
    await input.fill(text);
    await eventually(() => page.locator('[role="option"]').count()).toBeGreaterThan(0);
    return page.locator('[role="option"]').allInnerTexts();
  }

  it(
    'a salesperson makes an order on a desktop: her customers only, fetched values, submitted',
    SLOW,
    async () => {
      const page = await open(DESKTOP, 'wang.fang', '/records/sales-order/new');
      await eventually(() => page.locator('#root_customer').count()).toBe(1);
      const offered = await pickerOptions(page, 'customer', 'jade');
      expect(offered.map((o) => o.trim()).sort()).toEqual(['Jade Lake Foods', 'Jade River Trading']);
      await screenshot(page, 'documents-desktop-link-picker');
      await page.locator('[role="option"]', { hasText: 'Jade River Trading' }).click();
      await eventually(() => page.locator('#root_creditLimit').inputValue()).toBe('50000.00');
      await page.locator('.f-rjsf-add').first().click();
      await pickerOptions(page, 'lines_0_item', 'chair');
      await page.locator('[role="option"]', { hasText: 'Office chair' }).click();
      await eventually(() => page.locator('#root_lines_0_price').inputValue()).toBe('450.00');
      expect(await page.locator('#root_lines_0_unit').inputValue()).toBe('pcs');
      await page.locator('#root_lines_0_qty').fill('3');
      await page.locator('#root_note').fill('Chairs for the lobby');
      await eventually(() => page.locator('#root_total').inputValue()).toBe('1350.00');
      await page.locator('form button[type="submit"]').click();
      await eventually(() => page.url()).toMatch(/\/records\/sales-order\/[0-9a-f-]{36}/);
      orderPath = new URL(page.url()).pathname;
      await eventually(() => page.locator('.f-page__title').innerText()).toMatch(/^SO-\d{4}-0001$/);
      await expect(page.locator('[data-docstatus]').getAttribute('data-docstatus')).resolves.toBe('draft');
      await screenshot(page, 'documents-desktop-record-draft', { whole: true });
      await page.locator('.fd-actions [data-action="submit"]').click();
      await page.locator('[data-dialog="submit"] button[type="submit"]').click();
      await eventually(() => page.locator('[data-docstatus]').getAttribute('data-docstatus')).toBe(
        'submitted',
      );
      expect(await page.locator('.fd-actions [data-action="submit"]').count()).toBe(0);
      expect(await page.locator('.fd-history__entry[data-action="submit"]').count()).toBe(1);
      // She may not cancel it (no cancel grant): no such button.
      expect(await page.locator('.fd-actions [data-action="cancel"]').count()).toBe(0);
      await screenshot(page, 'documents-desktop-record-submitted', { whole: true });
      // The customer's page lists the orders linking to it; the order opens from there.
      const number = await page.locator('.f-page__title').innerText();
      await page.goto('/records/customer/c-wang-1');
      const linked = page.locator('.fd-linked[data-form="sales-order"] a', { hasText: number });
      await eventually(() => linked.count()).toBe(1);
      await screenshot(page, 'documents-desktop-customer-linked', { whole: true });
      await linked.click();
      await eventually(() => new URL(page.url()).pathname).toBe(orderPath);
      await eventually(() => page.locator('.f-page__title').innerText()).toBe(number);
      expect(pageErrors(page)).toEqual([]);
    },
  );

  it('another salesperson’s picker on a phone offers only his customer', SLOW, async () => {
    const page = await open(PHONE, 'li.lei', '/records/sales-order/new', 'zh-CN');
    await eventually(() => page.locator('#root_customer').count()).toBe(1);
    const offered = await pickerOptions(page, 'customer', 'jade');
    expect(offered.map((o) => o.trim())).toEqual(['Jade Hill Logistics']);
    await screenshot(page, 'documents-phone-link-picker');
    expect(pageErrors(page)).toEqual([]);
  });

  it('the admin cancels the order with a reason on a phone and amends it', SLOW, async () => {
    const page = await open(PHONE, 'qian.admin', orderPath, 'zh-CN');
    await eventually(() => page.locator('[data-docstatus]').getAttribute('data-docstatus')).toBe('submitted');
    await page.locator('.fd-actions [data-action="cancel"]').click();
    const dialog = page.locator('[data-dialog="cancel"]');
    await expect(dialog.locator('button[type="submit"]').isDisabled()).resolves.toBe(true);
    await dialog.locator('textarea[name="reason"]').fill('客户取消了订单');
    await screenshot(page, 'documents-phone-cancel-dialog');
    await dialog.locator('button[type="submit"]').click();
    await eventually(() => page.locator('[data-docstatus]').getAttribute('data-docstatus')).toBe('cancelled');
    expect(await page.locator('.f-alert', { hasText: '客户取消了订单' }).count()).toBeGreaterThan(0);
    await screenshot(page, 'documents-phone-record-cancelled', { whole: true });
    await page.locator('.fd-actions [data-action="amend"]').click();
    await page.locator('[data-dialog="amend"] button[type="submit"]').click();
    await eventually(() => page.locator('.f-page__title').innerText()).toMatch(/^SO-\d{4}-0001-1$/);
    await expect(page.locator('[data-docstatus]').getAttribute('data-docstatus')).resolves.toBe('draft');
    await screenshot(page, 'documents-phone-amended', { whole: true });
    expect(pageErrors(page)).toEqual([]);
  });

  it('finance prints an approved expense claim and its voucher', SLOW, async () => {
    const claimId = await approvedClaim();
    const page = await open(
      DESKTOP,
      'zhao.qiang',
      `/records/finance-expense-claim/${claimId}/print`,
      'zh-CN',
    );
    await eventually(() => page.locator('.fd-sheet__title').innerText()).toBe('费用报销单');
    await expect(page.locator('.fd-sheet__words strong').innerText()).resolves.toBe('贰仟叁佰肆拾伍元陆角整');
    await screenshot(page, 'documents-desktop-print-expense-claim', { whole: true });
    // The same sheet in both languages.
    await page.locator('.f-segmented__option', { hasText: '中英双语' }).click();
    await eventually(() => page.locator('.fd-sheet__title').innerText()).toBe('费用报销单 Expense claim');
    // The voucher, from the claim's postings.
    await page.goto(`/records/finance-expense-claim/${claimId}`);
    await eventually(() => page.locator('.fd-postings__print').count()).toBe(1);
    // Its record page's timeline: the approval it went through, step by step, and its history.
    const approvals = page.locator('.fp-timeline__entry[data-action="approve"]');
    await eventually(() => approvals.count()).toBeGreaterThanOrEqual(2);
    expect(await page.locator('.fp-timeline__comment').allInnerTexts()).toContain('Checked: manager');
    expect(await page.locator('.fd-history__entry').count()).toBeGreaterThan(0);
    await page.locator('.fd-postings__print').click();
    await eventually(() => page.locator('.fd-sheet__title').innerText()).toBe('记账凭证');
    expect(await page.locator('.fd-sheet__table tbody tr').count()).toBe(3);
    await screenshot(page, 'documents-desktop-print-voucher', { whole: true });
    // On paper only the sheet prints.
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('.f-nav').isVisible()).toBe(false);
    expect(await page.locator('.fd-print__toolbar').isVisible()).toBe(false);
    await page.emulateMedia({ media: 'screen' });
    const phone = await open(PHONE, 'zhao.qiang', `/records/finance-expense-claim/${claimId}/print`, 'zh-CN');
    await eventually(() => phone.locator('.fd-sheet__title').innerText()).toBe('费用报销单');
    await screenshot(phone, 'documents-phone-print-expense-claim', { whole: true });
    expect([...pageErrors(page), ...pageErrors(phone)]).toEqual([]);
  });

  /** An expense claim of zheng.xin's, through its approval (as the inbox would). */
  async function approvedClaim(): Promise<string> {
    const submitted = await (
      await as('zheng.xin')
    ).post('/api/catalogue/finance-expense-claim/submit', {
      data: {
        title: 'Client dinner and taxi',
        date: '2026-04-18',
        lines: [
          { date: '2026-04-17', category: 'meals', description: 'Dinner with Jade River', amount: '2210.00' },
          { date: '2026-04-17', category: 'transport', description: 'Taxi', amount: '135.60' },
        ],
      },
    });
    expect(submitted.status, JSON.stringify(submitted.body)).toBe(201);
    const { instanceId } = submitted.body;
    const flows = server.app.services.flows;
    const approver: Record<string, string> = {
      manager: 'wu.hao',
      deptHead: 'wu.hao',
      budgetApproval: 'sun.li',
      finance: 'zhao.qiang',
    };
    for (;;) {
      await eventually(async () => {
        const i = await flows.getInstance(instanceId);
        return i.status !== 'active' || i.openTasks.length > 0;
      }).toBe(true);
      const instance = await flows.getInstance(instanceId);
      if (instance.status !== 'active') break;
      const task = instance.openTasks[0]!;
      const who = await as(approver[task.elementId]!);
      const mine = (await who.get('/api/tasks?processId=finance-expense-approval')).body.items.find(
        (x: { instanceId: string }) => x.instanceId === instanceId,
      );
      const approved = await who.post(`/api/tasks/${mine.id}/approve`, {
        comment: `Checked: ${task.elementId}`,
      });
      expect(approved.status).toBe(200);
      await eventually(async () => (await flows.getInstance(instanceId)).openTasks[0]?.id !== task.id).toBe(
        true,
      );
    }
    const id = submitted.body.record.id as string;
    const finance = await as('zhao.qiang');
    await eventually(
      async () => (await finance.get(`/api/ledger/vouchers?sourceId=${id}`)).body.items.length,
    ).toBe(1);
    return id;
  }
});
