// A warehouse clerk receives a purchase order on a phone (390×844), in a real browser: on the goods
// receipt's generated record page he picks the order (its supplier is fetched), enters a batch
// line, saves and submits it; a second receipt beyond the order's over-receipt tolerance is refused
// with the reason shown. Screenshots in test-artifacts/browser/ (receiving-*.png).
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginAs, type Client } from '#tests/support/app-harness.ts';
import {
  DEMO_PASSWORD,
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
const RECEIPTS = '/records/purchasing-sales-goods-receipt';

describe('receiving a purchase order on a phone', () => {
  let server: WebApp;
  let browser: Browser;
  let orderId = '';
  const as = (login: string): Promise<Client> => loginAs(server.app, login, DEMO_PASSWORD);

  beforeAll(async () => {
    server = await startWebApp();
    browser = await launchChromium();
    const admin = await as('qian.admin');
    const installed = await admin.post('/api/modules/purchasing-sales/install', { enable: true });
    expect(installed.status, JSON.stringify(installed.body)).toBe(200);
    const clerk = (await admin.get('/api/users/zhou.jie')).body;
    await admin.patch('/api/users/zhou.jie', { rev: clerk.rev, roles: [...clerk.roles, 'warehouse-clerk'] });
    const supplier = await admin.post('/api/records/purchasing-sales-supplier', {
      data: { name: 'Ningbo Deli Stationery Co.' },
    });
    const order = await admin.post('/api/records/purchasing-sales-purchase-order', {
      data: {
        supplier: supplier.body.id,
        orderDate: '2026-06-10',
        lines: [{ item: 'PEN-BLUE', qty: 100, unit: 'pc', conversion: 1, rate: '9.50', vatRate: '13' }],
      },
    });
    const submitted = await admin.post(
      `/api/records/purchasing-sales-purchase-order/${order.body.id}/submit`,
      {
        rev: order.body.rev,
      },
    );
    expect(submitted.status, JSON.stringify(submitted.body)).toBe(200);
    orderId = order.body.id;
  }, 240_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  async function receive(page: Page, qty: string, batch: string): Promise<void> {
    await page.goto(`${RECEIPTS}/new`);
    await eventually(() => page.locator('#root_purchaseOrder').count()).toBe(1);
    const picker = page.locator('#root_purchaseOrder');
    await picker.click();
    await picker.fill('Deli');
    await eventually(() => page.locator('[role="option"]').count()).toBeGreaterThan(0);
    await page.locator('[role="option"]').first().click();
    await eventually(() => page.locator('#root_supplierName').inputValue()).toBe(
      'Ningbo Deli Stationery Co.',
    );
    await page.locator('#root_receivedOn').fill('2026-06-12');
    await page.locator('#root_warehouse').fill('main');
    // The form starts with the one line a receipt needs at least.
    if ((await page.locator('#root_lines_0_item').count()) === 0)
      await page.locator('.f-rjsf-add').first().click();
    await page.locator('#root_lines_0_item').fill('PEN-BLUE');
    await page.locator('#root_lines_0_qty').fill(qty);
    await page.locator('#root_lines_0_batch').fill(batch);
    await page.locator('#root_lines_0_expiry').fill('2028-06-30');
    await page.locator('#root_lines_0_rate').fill('9.50');
    await page.locator('form button[type="submit"]').click();
    await eventually(() => page.url()).toMatch(/\/records\/purchasing-sales-goods-receipt\/[0-9a-f-]{36}/);
    await eventually(() => page.locator('[data-docstatus]').getAttribute('data-docstatus')).toBe('draft');
    await page.locator('.fd-actions [data-action="submit"]').click();
    await page.locator('[data-dialog="submit"] button[type="submit"]').click();
  }

  it('picks the order, enters a batch, saves and submits; beyond tolerance is refused', SLOW, async () => {
    const { page } = await newPage(browser, server, PHONE, { locale: 'en-US' });
    await page.goto(`${RECEIPTS}/new`);
    await submitLogin(page, 'zhou.jie', DEMO_PASSWORD);
    await eventually(() => page.locator('.f-nav').count()).toBe(1);
    await receive(page, '60', 'B-2606-A');
    await eventually(() => page.locator('[data-docstatus]').getAttribute('data-docstatus')).toBe('submitted');
    await eventually(() => page.locator('.f-page__title').innerText()).toMatch(/^GR-\d{4}-0001$/);
    await screenshot(page, 'receiving-phone-submitted', { whole: true });

    await receive(page, '50', 'B-2606-B'); // 60 + 50 > 100 × 1.05
    await eventually(() => page.getByText(/More than ordered|超过订单数量/).count()).toBeGreaterThan(0);
    await screenshot(page, 'receiving-phone-over-tolerance', { whole: true });
    const receipts = await (await as('zhou.jie')).get(`/api/records/purchasing-sales-goods-receipt?limit=10`);
    const states = (receipts.body.items as Array<{ docstatus: string; data: { purchaseOrder: string } }>)
      .filter((r) => r.data.purchaseOrder === orderId)
      .map((r) => r.docstatus)
      .sort();
    expect(states).toEqual(['draft', 'submitted']);
    expect(pageErrors(page)).toEqual([]);
  });
});
