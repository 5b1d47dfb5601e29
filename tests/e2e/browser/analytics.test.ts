// Analytics in a real browser, with finance installed and its demo data: a finance manager on a
// phone (390×844, Chinese) opens the finance overview — KPI cards with the change against the
// previous month, charts drawn by ECharts (loaded only now, in a chunk of its own) — and drills
// from the overdue receivables into the invoices behind the figure, opening one; an analyst on a
// desktop (1280×800, English) builds sales by region × product line over the sales invoices' lines
// — the customer's region and the item's group through linked records — as a pivot with stacked
// bars, previews it, shares it with managers, saves and schedules it; the manager's run and page
// show the hand-computed figures (the module's gross profit report's revenue), and the weekly
// e-mail links the workbook. Screenshots in test-artifacts/browser/.
/* eslint-disable @typescript-eslint/no-explicit-any -- replies are JSON that tests read freely */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SESSION_COOKIE } from '#engine/http/plugins/auth.ts';
import { readXlsx } from '#engine/core/tabular/xlsx.ts';
import { loginAs, type Client } from '#tests/support/app-harness.ts';
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
  type Viewport,
  type WebApp,
} from '#tests/support/browser.ts';

const eventually = <T>(read: () => T | Promise<T>) => expect.poll(read, { timeout: 60_000, interval: 150 });
const SLOW = { timeout: 300_000 };
/** The head of finance: a manager who also holds the finance role. */
const FINANCE_MANAGER = 'sun.li';
const ANALYST = demoLogin('analyst');
const INVOICE = 'purchasing-sales-sales-invoice';
const CUSTOMER = 'purchasing-sales-customer';
const SAVED = 'saved-sales-by-region';
/**
 * Net line amounts by the customer's region and the item's group, by hand: the demo's pens
 * (1500 × 14.00, East China) and paper (200 × 32.00, South China), and the invoice made below
 * (10 chairs × 450.00 and 100 × 32.00 paper, East China).
 */
const EXPECTED = {
  'East China/goods': '25500.00',
  'East China/materials': '3200.00',
  'South China/materials': '6400.00',
};

describe('analytics: dashboards with drill-down, the report builder', () => {
  let server: WebApp;
  let browser: Browser;
  let manager: Client;
  const pages: Page[] = [];
  const outboxDir = mkdtempSync(join(tmpdir(), 'forma-analytics-mail-'));

  beforeAll(async () => {
    server = await startWebApp({ outboxDir });
    browser = await launchChromium();
    const admin = await loginAs(server.app, demoLogin('admin'), DEMO_PASSWORD);
    for (const module of ['finance', 'inventory', 'purchasing-sales']) {
      const installed = await admin.post(`/api/modules/${module}/install`, { enable: true, demo: true });
      expect(installed.status, JSON.stringify(installed.body)).toBe(200);
    }
    // The analyst may read the sales invoices and customers (an admin grants it in Admin → Roles).
    const analyst = (await admin.get('/api/roles/analyst')).body;
    const patched = await admin.patch('/api/roles/analyst', {
      permissions: [
        ...analyst.permissions,
        ...[INVOICE, CUSTOMER].map((form) => ({ resource: `record:${form}`, actions: ['read'] })),
      ],
    });
    expect(patched.status, JSON.stringify(patched.body)).toBe(200);
    // Customers' regions, the pens as an item (goods), and one more invoice of two product lines.
    for (const [id, region] of [
      ['demo-cus-lianxin', 'East China'],
      ['demo-cus-meida', 'South China'],
    ] as const) {
      const customer = (await admin.get(`/api/records/${CUSTOMER}/${id}`)).body;
      const res = await admin.patch(`/api/records/${CUSTOMER}/${id}`, {
        rev: customer.rev,
        data: { ...customer.data, region },
      });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
    }
    const pens = await admin.post('/api/records/inventory-item', {
      data: {
        code: 'PEN-BLUE',
        name: 'Blue pen',
        group: 'goods',
        kind: 'stock',
        stockUnit: 'pc',
        valuationMethod: 'fifo',
      },
    });
    expect(pens.status, JSON.stringify(pens.body)).toBe(201);
    const invoice = await admin.post(`/api/records/${INVOICE}`, {
      data: {
        salesOrder: 'demo-so-003',
        invoiceNumber: '20260003',
        date: '2026-11-05',
        lines: [
          { item: 'CHAIR-ERG', qty: 10, rate: '450.00', vatRate: '13' },
          { item: 'PAPER-A4', qty: 100, rate: '32.00', vatRate: '13' },
        ],
      },
    });
    expect(invoice.status, JSON.stringify(invoice.body)).toBe(201);
    const submitted = await admin.post(`/api/records/${INVOICE}/${invoice.body.id}/submit`, {
      rev: invoice.body.rev,
    });
    expect(submitted.status, JSON.stringify(submitted.body)).toBe(200);
    manager = await loginAs(server.app, FINANCE_MANAGER, DEMO_PASSWORD);
  }, 240_000);

  afterAll(async () => {
    for (const page of pages) expect(pageErrors(page)).toEqual([]);
    await browser?.close();
    await server?.close();
    rmSync(outboxDir, { recursive: true, force: true });
  });

  async function open(viewport: Viewport, login: string, english: boolean) {
    const opened = await newPage(browser, server, viewport);
    pages.push(opened.page);
    const page = opened.page;
    await page.goto('/analytics');
    await submitLogin(page, login, DEMO_PASSWORD);
    await eventually(() => page.locator('.f-nav').count()).toBe(1);
    const lang = english ? 'en' : 'zh-CN';
    if ((await page.locator('html').getAttribute('lang')) !== lang)
      await page.locator(`.f-header .f-lang__option[lang="${lang}"]`).click();
    await eventually(() => page.locator('html').getAttribute('lang')).toBe(lang);
    return opened;
  }

  it(
    'a manager on a phone opens the finance dashboard and drills into overdue receivables',
    SLOW,
    async () => {
      const { page, scripts } = await open(PHONE, FINANCE_MANAGER, false);
      await page.locator('a[href="/dashboards/finance-overview"]').click();
      const cards = page.locator('section.fa-card');
      await eventually(() => cards.count()).toBe(12);
      // KPI cards: revenue of the last month against the month before, computed from the report.
      const revenue = page.locator('section.fa-card').first();
      const pnl = (await manager.post('/api/reports/finance-pnl-by-month/run', {})).body;
      const [before, last] = pnl.rows.slice(-2);
      expect(await revenue.locator('.fa-kpi__value strong').innerText()).toBe(last.revenue);
      const change = (Number(last.revenue) - Number(before.revenue)) / Math.abs(Number(before.revenue));
      expect(await revenue.locator('.fa-kpi__change').innerText()).toContain(before.month);
      expect(await revenue.locator('.fa-kpi__change').innerText()).toContain(change >= 0 ? '▲' : '▼');
      // Charts are drawn (SVG), with ECharts fetched now, in a chunk of its own.
      await eventually(() => page.locator('.fa-chart[data-ready] svg').count()).toBeGreaterThan(2);
      expect(scripts.some((s) => /echarts-setup-.*\.js$/.test(s))).toBe(true);
      // Readable on a phone: one column, nothing wider than the screen.
      const widths = await page.evaluate<number[]>(
        `[...document.querySelectorAll('section.fa-card')].map((c) => c.getBoundingClientRect().right)`,
      );
      expect(Math.max(...widths)).toBeLessThanOrEqual(390);
      await screenshot(page, 'phone-analytics-dashboard');
      await screenshot(page, 'phone-analytics-dashboard-whole', { whole: true });

      // The overdue receivables' figure → the invoices behind it, as the server lists them.
      const overdue = page.locator('section.fa-card[data-report="finance-ar-overdue"]').first();
      const figure = (await manager.post('/api/reports/finance-ar-overdue/run', {})).body;
      expect(await overdue.locator('.fa-kpi__value strong').innerText()).toBe(figure.totals.amount);
      await overdue.locator('.fa-kpi__value').click();
      const dialog = page.locator('dialog[data-drill="finance-ar-overdue"]');
      await eventually(() => dialog.locator('tbody tr').count()).toBe(figure.totals.invoices);
      await screenshot(page, 'phone-analytics-drill');
      const first = dialog.locator('tbody tr a').first();
      const href = await first.getAttribute('href');
      expect(href).toMatch(/^\/records\/finance-invoice\/.+/);
      await first.click();
      await eventually(() => new URL(page.url()).pathname).toBe(href);

      // The cash-flow statement (现金流量表) for this year: its lines as the server computes them.
      await page.goto('/reports/finance-cash-flow-statement');
      await page.locator('select[data-period]').selectOption('thisYear');
      const net = page.locator('section.fa-card tbody tr', { hasText: '20 现金净增加额' });
      await eventually(() => net.count()).toBe(1);
      const year = String(new Date().getFullYear());
      const statement = (
        await manager.post('/api/reports/finance-cash-flow-statement/run', {
          params: { from: `${year}-01-01`, to: `${year}-12-31` },
        })
      ).body;
      const line20 = statement.rows.find((r: { line: string | null }) => r.line?.startsWith('20 '));
      expect(await net.innerText()).toContain(line20.amount);
      await screenshot(page, 'phone-cash-flow-statement');
    },
  );

  it(
    'an analyst builds sales by region × product line with a chart, shares it with managers and schedules it',
    SLOW,
    async () => {
      const { page } = await open(DESKTOP, ANALYST, true);
      await page.locator('.f-page__actions button', { hasText: 'New report' }).click();
      await eventually(() => page.locator('select[name="source"] option').count()).toBeGreaterThan(1);
      await page.locator('input[name="name-en"]').fill('Sales by region and product line');
      await page.locator('input[name="name-zh"]').fill('按区域与产品线的销售');
      await page.locator('input[name="slug"]').fill('sales-by-region');
      // The invoices' lines: each line a row, beside its invoice's fields.
      await page.locator('select[name="source"]').selectOption(`form:${INVOICE}/data.lines`);

      // Linked records: the invoice's customer (a link: form and key set by themselves), and the
      // line's item code matched against the items' code.
      await page.locator('button', { hasText: 'Add a linked record' }).click();
      await page.locator('select[name="lookup-field-0"]').selectOption('data.customer');
      expect(await page.locator('select[name="lookup-form-0"]').inputValue()).toBe(CUSTOMER);
      await page.locator('button', { hasText: 'Add a linked record' }).click();
      await page.locator('select[name="lookup-field-1"]').selectOption('data.lines.item');
      await page.locator('select[name="lookup-form-1"]').selectOption('inventory-item');
      await page.locator('select[name="lookup-key-1"]').selectOption('data.code');

      await page.locator('button', { hasText: 'Add a filter' }).click();
      await page.locator('select[name="filter-field-0"]').selectOption('docstatus');
      await page.locator('input[name="filter-value-0"]').fill('submitted');
      // The linked records' fields are offered by their readable names.
      await page.locator('button', { hasText: 'Add a level' }).click();
      await page.locator('select[name="group-field-0"]').selectOption({ label: 'Customer › Region' });
      await page.locator('button', { hasText: 'Add a level' }).click();
      await page.locator('select[name="group-field-1"]').selectOption({ label: 'Item code › Group' });
      await page.locator('select[name="measure-op-0"]').selectOption('sum');
      await page.locator('select[name="measure-field-0"]').selectOption('data.lines.amount');
      await page.locator('button', { hasText: 'Add a measure' }).click();
      await page.locator('select[name="measure-field-1"]').selectOption('data.lines.qty');
      await page.locator('select[name="layout"]').selectOption('pivot');
      await page.locator('select[name="chart"]').selectOption('stacked');
      await page.locator('label.f-check', { hasText: /^Manager$/ }).click();

      await page.locator('button', { hasText: 'Preview' }).click();
      await eventually(() => page.locator('.fa-chart[data-ready] svg').count()).toBe(1);
      await screenshot(page, 'desktop-analytics-builder', { whole: true });
      await page.locator('button[type="submit"]', { hasText: 'Save' }).click();
      await eventually(() => new URL(page.url()).pathname).toBe(`/reports/${SAVED}`);
      await eventually(() => page.locator('.fa-chart[data-ready] svg').count()).toBe(1);
      await screenshot(page, 'desktop-analytics-saved-report');

      // Saved in the store, shared with managers, its lookups only those it uses.
      const stored = (await server.app.services.reports.reports.get(SAVED)) as any;
      expect(stored.saved).toMatchObject({ roles: ['manager'], version: 1, owner: ANALYST });
      expect(stored.lookups).toEqual([
        { field: 'data.customer', form: CUSTOMER, key: 'id', value: 'data.region', as: 'customer_region' },
        {
          field: 'data.lines.item',
          form: 'inventory-item',
          key: 'data.code',
          value: 'data.group',
          as: 'lines_item_group',
        },
      ]);
      expect(stored.groupBy.map((g: any) => g.label)).toEqual([
        { en: 'Customer › Region', 'zh-CN': '客户 › 区域' },
        { en: 'Item code › Group', 'zh-CN': '物料编码 › 物料组' },
      ]);

      // The manager's run: the hand-computed figures, and the module's own gross profit report's
      // revenue per region and product line (no returns in these data).
      const run = await manager.post(`/api/reports/${SAVED}/run`, {});
      expect(run.status, JSON.stringify(run.body)).toBe(200);
      const figures = (rows: any[], revenue: string) =>
        Object.fromEntries(
          rows
            .filter((r) => Number(r[revenue] ?? 0) !== 0)
            .map((r) => [
              `${r.customer_region ?? r.region}/${r.lines_item_group ?? r.productLine}`,
              r[revenue],
            ]),
        );
      expect(figures(run.body.rows, 'sum_amount')).toEqual(EXPECTED);
      expect(run.body.totals).toEqual({ sum_amount: '35100.00', sum_qty: '1810.00' });
      const module = await manager.post('/api/reports/purchasing-sales-gross-profit/run', {});
      expect(module.status, JSON.stringify(module.body)).toBe(200);
      expect(figures(module.body.rows, 'revenue')).toEqual(EXPECTED);

      // The manager opens it in the web app: the same figures in the pivot.
      const seen = await open(DESKTOP, FINANCE_MANAGER, true);
      await seen.page.goto(`/reports/${SAVED}`);
      await eventually(() => seen.page.locator('.fa-chart[data-ready] svg').count()).toBe(1);
      await seen.page.locator('.f-segmented button', { hasText: 'Table' }).click();
      await eventually(() => seen.page.locator('.fa-table td.f-table__num').count()).toBe(4);
      const cells = await seen.page.locator('.fa-table td.f-table__num').allInnerTexts();
      for (const figure of Object.values(EXPECTED)) expect(cells).toContain(figure);
      await screenshot(seen.page, 'desktop-analytics-manager-report');

      // The owner schedules it weekly (today, from midnight Beijing time: owed now) to managers.
      await page.locator('.f-page__actions button', { hasText: 'Edit' }).click();
      await eventually(() => page.locator('select[name="schedule-every"]').count()).toBe(1);
      const beijing = new Date(Date.now() + 8 * 3600_000);
      const weekday = ((beijing.getUTCDay() + 6) % 7) + 1;
      await page.locator('select[name="schedule-weekday"]').selectOption(String(weekday));
      await page.locator('input[name="schedule-at"]').fill('00:00');
      // The schedule's recipients come after the sharing roles: the last "Manager".
      await page
        .locator('.fa-roles label.f-check', { hasText: /^Manager$/ })
        .last()
        .click();
      await page.locator('button', { hasText: 'Save schedule' }).click();
      await eventually(() => page.getByText('The schedule is saved.').count()).toBe(1);
      await screenshot(page, 'desktop-analytics-schedule', { whole: true });
      const schedule = await server.app.services.store.collection<any>('report_schedules').get(SAVED);
      expect(schedule).toMatchObject({
        every: 'week',
        weekday,
        at: '00:00',
        recipients: { roles: ['manager'] },
      });

      // The week's delivery goes out: an e-mail to the manager linking the workbook of its figures.
      const delivered = await server.app.services.reports.schedules.deliverDue();
      expect(delivered.find((d) => d.report === SAVED)?.notified).toContain(FINANCE_MANAGER);
      const mails = readFileSync(join(outboxDir, 'email.jsonl'), 'utf8')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as { to: string; text: string });
      const mail = mails.find((m) => m.to === `${FINANCE_MANAGER}@acme.example` && m.text.includes(SAVED));
      const link = /\/api\/reports\/\S+\/xlsx\?locale=[a-zA-Z-]+/.exec(mail?.text ?? '')?.[0];
      expect(link).toContain(`/api/reports/${SAVED}/deliveries/`);
      const workbook = await server.app.inject({
        method: 'GET',
        url: link!,
        headers: { cookie: `${SESSION_COOKIE}=${manager.cookie}` },
      });
      expect(workbook.statusCode).toBe(200);
      expect((await readXlsx(workbook.rawPayload)).at(-1)!.cells.slice(-2)).toEqual([35100, 1810]);
    },
  );
});
