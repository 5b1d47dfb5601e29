// A warehouse clerk receives a purchase order on a phone (390×844), in a real browser: on the goods
// receipt's generated record page he picks the order (its supplier is fetched), scans the item's
// and the batch's labels with the camera (Chromium's fake camera plays a video of a Code 128
// barcode the test draws; the web app decodes the pixels), saves and submits it; a second receipt
// beyond the order's over-receipt tolerance is refused with the reason shown. Then he counts the
// stock: on a count sheet he scans the item's barcode (the link picker picks the item holding it)
// and the batch's label, enters what he counted and saves; the inventory manager submits it and the
// difference is posted as an adjustment. Scanning the batch's label on the scan page opens the
// batch, whose page shows its stock per warehouse and where it came from and went; scanning the
// item's barcode shows the item's stock. Screenshots in test-artifacts/browser/ (receiving-*.png,
// counting-*.png).
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginAs, type Client } from '#tests/support/app-harness.ts';
import { barcodeCamera } from '#tests/support/fake-camera.ts';
import { tempDir } from '#tests/support/temp-dir.ts';
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
const COUNTS = '/records/inventory-stock-count';
/** The blue pen's barcode (EAN-13 digits, printed as Code 128 by the test's camera). */
const PEN_BARCODE = '6901234567892';

describe('receiving a purchase order on a phone', () => {
  let server: WebApp;
  let browser: Browser;
  let orderId = '';
  const ids: Record<string, string> = {};
  const camera = tempDir('camera');
  const cameraFile = join(camera.dir, 'label.y4m');
  const as = (login: string): Promise<Client> => loginAs(server.app, login, DEMO_PASSWORD);

  beforeAll(async () => {
    server = await startWebApp();
    // One browser whose camera plays cameraFile: each scan writes the label it should see there.
    browser = await launchChromium(barcodeCamera(cameraFile, 'NOTHING-YET').args);
    const admin = await as('qian.admin');
    for (const module of ['inventory', 'purchasing-sales']) {
      const installed = await admin.post(`/api/modules/${module}/install`, { enable: true });
      expect([200, 409], JSON.stringify(installed.body)).toContain(installed.status);
    }
    const clerk = (await admin.get('/api/users/zhou.jie')).body;
    await admin.patch('/api/users/zhou.jie', {
      rev: clerk.rev,
      roles: [...clerk.roles, 'warehouse-clerk', 'inventory-keeper'],
    });
    const manager = (await admin.get('/api/users/chen.wei')).body;
    await admin.patch('/api/users/chen.wei', {
      rev: manager.rev,
      roles: [...manager.roles, 'inventory-manager'],
    });
    const warehouse = await admin.post('/api/records/inventory-warehouse', {
      data: { code: 'main', name: 'Main store', kind: 'store' },
    });
    expect(warehouse.status, JSON.stringify(warehouse.body)).toBe(201);
    const pen = await admin.post('/api/records/inventory-item', {
      data: {
        code: 'PEN-BLUE',
        name: 'Blue pen',
        group: 'goods',
        kind: 'stock',
        stockUnit: 'pc',
        valuationMethod: 'fifo',
        batchTracked: true,
        barcode: PEN_BARCODE,
      },
    });
    expect(pen.status, JSON.stringify(pen.body)).toBe(201);
    const batch = await admin.post('/api/records/inventory-batch', {
      data: { code: 'B-2606-A', item: pen.body.id, expiry: '2028-06-30' },
    });
    expect(batch.status, JSON.stringify(batch.body)).toBe(201);
    [ids.item, ids.batch] = [pen.body.id, batch.body.id];
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
    camera.remove();
  });

  /**
   * Shows `code` to the camera and taps the scan button `button`, then waits until `read` gives
   * `want` (the dialog is a lazy chunk: it may not be open yet when the click returns).
   */
  async function scan(
    page: Page,
    button: string,
    code: string,
    read: () => Promise<unknown>,
    want: unknown = code,
  ): Promise<void> {
    barcodeCamera(cameraFile, code);
    await page.locator(button).click();
    await eventually(read).toBe(want);
    await eventually(() => page.locator('[data-scanner]').count()).toBe(0);
  }
  const scanField = (page: Page, field: string, code: string) =>
    scan(page, `.f-code-input:has(#${field}) .f-code-input__scan`, code, () =>
      page.locator(`#${field}`).inputValue(),
    );

  async function receive(page: Page, qty: string, batch: string, scanned = false): Promise<void> {
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
    if (scanned) {
      // The labels, read by the camera.
      await scanField(page, 'root_lines_0_item', 'PEN-BLUE');
      await scanField(page, 'root_lines_0_batch', batch);
      expect(await page.locator('#root_lines_0_item').inputValue()).toBe('PEN-BLUE');
    } else {
      await page.locator('#root_lines_0_item').fill('PEN-BLUE');
      await page.locator('#root_lines_0_batch').fill(batch);
    }
    await page.locator('#root_lines_0_qty').fill(qty);
    await page.locator('#root_lines_0_expiry').fill('2028-06-30');
    await page.locator('#root_lines_0_rate').fill('9.50');
    await page.locator('form button[type="submit"]').click();
    await eventually(() => page.url()).toMatch(/\/records\/purchasing-sales-goods-receipt\/[0-9a-f-]{36}/);
    await eventually(() => page.locator('[data-docstatus]').getAttribute('data-docstatus')).toBe('draft');
    await page.locator('.fd-actions [data-action="submit"]').click();
    await page.locator('[data-dialog="submit"] button[type="submit"]').click();
  }

  let clerkPage: Page;

  it(
    'picks the order, scans item and batch, saves and submits; beyond tolerance is refused',
    SLOW,
    async () => {
      const { page } = await newPage(browser, server, PHONE, { locale: 'en-US' });
      clerkPage = page;
      await page.context().grantPermissions(['camera']);
      await page.goto(`${RECEIPTS}/new`);
      await submitLogin(page, 'zhou.jie', DEMO_PASSWORD);
      await eventually(() => page.locator('.f-nav').count()).toBe(1);
      await receive(page, '60', 'B-2606-A', true);
      await eventually(() => page.locator('[data-docstatus]').getAttribute('data-docstatus')).toBe(
        'submitted',
      );
      await eventually(() => page.locator('.f-page__title').innerText()).toMatch(/^GR-\d{4}-0001$/);
      await screenshot(page, 'receiving-phone-submitted', { whole: true });

      await receive(page, '50', 'B-2606-B'); // 60 + 50 > 100 × 1.05
      await eventually(() => page.getByText(/More than ordered|超过订单数量/).count()).toBeGreaterThan(0);
      await screenshot(page, 'receiving-phone-over-tolerance', { whole: true });
      const receipts = await (
        await as('zhou.jie')
      ).get(`/api/records/purchasing-sales-goods-receipt?limit=10`);
      const states = (receipts.body.items as Array<{ docstatus: string; data: { purchaseOrder: string } }>)
        .filter((r) => r.data.purchaseOrder === orderId)
        .map((r) => r.docstatus)
        .sort();
      expect(states).toEqual(['draft', 'submitted']);
      expect(pageErrors(page)).toEqual([]);
    },
  );

  it(
    'counts stock by scanning; the approved difference is an adjustment; a scan shows stock and trace',
    SLOW,
    async () => {
      const page = clerkPage;
      await page.goto(`${COUNTS}/new`);
      await eventually(() => page.locator('#root_warehouse').count()).toBe(1);
      const picker = page.locator('#root_warehouse');
      await picker.click();
      await picker.fill('Main store');
      // (the demo company has warehouses of its own)
      const main = page.locator('[role="option"]', { hasText: 'Main store' });
      await eventually(() => main.count()).toBe(1);
      await main.click();
      await page.locator('#root_countDate').fill('2026-06-15');
      if ((await page.locator('[data-scan-for="root_lines_0_item"]').count()) === 0)
        await page.locator('.f-rjsf-add').first().click();
      // The item's barcode: the picker picks the item that holds it (its code and unit fetched).
      await scan(
        page,
        '[data-scan-for="root_lines_0_item"]',
        PEN_BARCODE,
        () => page.locator('#root_lines_0_item').getAttribute('data-link'),
        ids.item,
      );
      await eventually(() => page.locator('#root_lines_0_itemCode').inputValue()).toBe('PEN-BLUE');
      await scanField(page, 'root_lines_0_batch', 'B-2606-A');
      await page.locator('#root_lines_0_countedQty').fill('57');
      await screenshot(page, 'counting-phone-sheet', { whole: true });
      await page.locator('form button[type="submit"]').click();
      await eventually(() => page.url()).toMatch(/\/records\/inventory-stock-count\/[0-9a-f-]{36}/);
      const countId = new URL(page.url()).pathname.split('/').pop()!;
      await eventually(() => page.locator('[data-docstatus]').getAttribute('data-docstatus')).toBe('draft');
      // The picker's code search: a code no item holds finds nothing; a blank code is refused.
      const clerk = await as('zhou.jie');
      const options = `/api/records/inventory-stock-count/link-options?field=lines.item&code=`;
      expect(
        (await clerk.get(`${options}${PEN_BARCODE}`)).body.items.map((o: { id: string }) => o.id),
      ).toEqual([ids.item]);
      expect((await clerk.get(`${options}0000000000000`)).body.items).toEqual([]);
      const blank = await clerk.get(`${options}%20`);
      expect([blank.status, blank.body.error.code]).toEqual([400, 'VALIDATION_FAILED']);
      // The clerk counts; the inventory manager approves (submits) — the clerk may not.
      expect(await page.locator('.fd-actions [data-action="submit"]').count()).toBe(0);
      const manager = await as('chen.wei');
      const draft = await manager.get(`/api/records/inventory-stock-count/${countId}`);
      expect(draft.body.data.lines).toEqual([
        expect.objectContaining({ item: ids.item, itemCode: 'PEN-BLUE', batch: 'B-2606-A', countedQty: 57 }),
      ]);
      const approved = await manager.post(`/api/records/inventory-stock-count/${countId}/submit`, {
        rev: draft.body.rev,
      });
      expect(approved.status, JSON.stringify(approved.body)).toBe(200);
      // 60 received, 57 counted: an adjustment of −3 at the batch's rate (9.50)
      await eventually(
        async () => (await manager.get(`/api/records/inventory-stock-count/${countId}`)).body.data.totalValue,
      ).toBe('-28.50');
      const ledger = (await manager.get('/api/stock/ledger?item=PEN-BLUE')).body.items as Array<{
        qty: string;
        batch: string;
        source: { id: string };
      }>;
      expect(ledger.map((e) => [e.batch, e.qty, e.source.id === countId])).toEqual([
        ['B-2606-A', '60', false],
        ['B-2606-A', '-3', true],
      ]);

      // The batch's label on the scan page: the batch (among the documents naming it) shows its
      // stock per warehouse, the receipt and supplier it came from and the count that took 3.
      await page.goto('/scan');
      await eventually(() => page.locator('[data-action="camera"]').count()).toBe(1);
      await scan(page, '[data-action="camera"]', 'B-2606-A', () =>
        page.locator('.fr-scan input[name="code"]').inputValue(),
      );
      await eventually(() => page.locator(`[data-match="${ids.batch}"]`).count()).toBe(1);
      await page.locator(`[data-match="${ids.batch}"]`).click();
      await eventually(() => new URL(page.url()).pathname).toBe(`/records/inventory-batch/${ids.batch}`);
      const stock = page.locator('.fd-stock [data-warehouse="main"] [data-qty]');
      await eventually(() => stock.getAttribute('data-qty')).toBe('57');
      await eventually(() => page.locator('[data-trace="in"] li').allInnerTexts()).toEqual([
        expect.stringMatching(/^GR-\d{4}-0001 Ningbo Deli Stationery Co\.[\s\S]*main · 2026-06-12[\s\S]*60$/),
      ]);
      expect(await page.locator('[data-trace="out"] li').allInnerTexts()).toEqual([
        expect.stringMatching(/^CNT-\d{4}-0001[\s\S]*main · 2026-06-15[\s\S]*-3$/),
      ]);
      await screenshot(page, 'counting-phone-batch-trace', { whole: true });

      // The item's barcode opens the item, which shows its stock per warehouse.
      await page.goto('/scan');
      await eventually(() => page.locator('[data-action="camera"]').count()).toBe(1);
      await scan(
        page,
        '[data-action="camera"]',
        PEN_BARCODE,
        async () => new URL(page.url()).pathname,
        `/records/inventory-item/${ids.item}`,
      );
      await eventually(() => stock.getAttribute('data-qty')).toBe('57');
      await screenshot(page, 'counting-phone-item-stock', { whole: true });
      expect(pageErrors(page)).toEqual([]);
    },
  );
});
