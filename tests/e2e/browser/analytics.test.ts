// Analytics in a real browser, with finance installed and its demo data: a finance manager on a
// phone (390×844, Chinese) opens the finance overview — KPI cards with the change against the
// previous month, charts drawn by ECharts (loaded only now, in a chunk of its own) — and drills
// from the overdue receivables into the invoices behind the figure, opening one; an analyst on a
// desktop (1280×800, English) builds profit by region × product line from the gross profit
// dataset (invoice lines, returns and the stock ledger's cost, joined to customers and items) —
// revenue, cost and gross profit as calculated measures — as a pivot with stacked bars of gross
// profit, previews it, shares it with managers, saves and schedules it; the manager's run and page
// show the hand-computed figures, equal to the module's own gross profit report, and the weekly
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
const SAVED = 'saved-profit-by-region';
const GROSS_PROFIT = 'purchasing-sales-gross-profit';
/**
 * Revenue, cost and gross profit by the customer's region and the item's group, by hand: the demo's
 * pens (1500 × 14.00, East China) and paper (200 × 32.00, South China), and the invoice made below
 * (10 chairs × 450.00 and 100 × 32.00 paper, East China); cost is what the demo's deliveries took
 * out of stock at their valuation (COST below), nothing for what was invoiced but not delivered.
 */
const EXPECTED = {
  // 1500 pens delivered at 9.00 (received below): 13500.00
  'East China/goods': ['25500.00', '13500.00', '12000.00'],
  // the paper invoiced below is not delivered yet: no cost
  'East China/materials': ['3200.00', '0.00', '3200.00'],
  // 200 paper delivered at the opening stock's 22.00 (moving average): 4400.00
  'South China/materials': ['6400.00', '4400.00', '2000.00'],
};
const COST_TOTAL = '17900.00';
const PROFIT_TOTAL = '17200.00';

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
    // The analyst may run the gross profit report, so build on its dataset (an admin grants it in
    // Admin → Roles).
    const asAnalyst = await loginAs(server.app, ANALYST, DEMO_PASSWORD);
    const before = await asAnalyst.post('/api/reports/preview', {
      definition: {
        name: { en: 'x', 'zh-CN': 'x' },
        source: { dataset: GROSS_PROFIT },
        measures: [{ op: 'count', as: 'n' }],
      },
    });
    expect(before.status, 'only the gross profit report’s readers read its dataset').toBe(403);
    const analyst = (await admin.get('/api/roles/analyst')).body;
    const patched = await admin.patch('/api/roles/analyst', {
      permissions: [...analyst.permissions, { resource: `report:${GROSS_PROFIT}`, actions: ['read'] }],
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
    // The demo's deliveries out of stock, as their automation posts them (the demo seeds records
    // only): the pens received first at 9.00, the paper from the opening stock.
    const stock = (source: { form: string; id: string; kind: string }, date: string, line: object) =>
      server.app.services.stock.post({ source, postingDate: date, lines: [line] } as any, { by: 'test' });
    await stock({ form: 'test', id: 'pens-in', kind: 'receipt' }, '2026-09-01', {
      item: 'PEN-BLUE',
      warehouse: 'WH-SH',
      qty: '1500',
      rate: '9.00',
    });
    const DELIVERY = 'purchasing-sales-delivery';
    await stock({ form: DELIVERY, id: 'demo-dn-001', kind: 'delivery' }, '2026-09-13', {
      item: 'PEN-BLUE',
      warehouse: 'WH-SH',
      qty: '-1500',
    });
    await stock({ form: DELIVERY, id: 'demo-dn-002', kind: 'delivery' }, '2026-10-21', {
      item: 'PAPER-A4',
      warehouse: 'WH-SH',
      qty: '-200',
    });
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
    'an analyst builds profit by region × product line with a chart, shares it with managers and schedules it',
    SLOW,
    async () => {
      const { page } = await open(DESKTOP, ANALYST, true);
      await page.locator('.f-page__actions button', { hasText: 'New report' }).click();
      await eventually(() => page.locator('select[name="source"] option').count()).toBeGreaterThan(1);
      await page.locator('input[name="name-en"]').fill('Profit by region and product line');
      await page.locator('input[name="name-zh"]').fill('按区域与产品线的利润');
      await page.locator('input[name="slug"]').fill('profit-by-region');
      // The module's gross profit rows: invoice lines, returns and stock-ledger cost, each with its
      // customer's region and its item's group.
      await page.locator('select[name="source"]').selectOption(`dataset:${GROSS_PROFIT}`);

      // Its fields are offered by their readable names.
      await page.locator('button', { hasText: 'Add a level' }).click();
      await page.locator('select[name="group-field-0"]').selectOption({ label: 'Customer region' });
      await page.locator('button', { hasText: 'Add a level' }).click();
      await page.locator('select[name="group-field-1"]').selectOption({ label: 'Product line (item group)' });
      // Sums named for the formulas, then revenue, cost and gross profit calculated from them.
      const measure = async (i: number, name: string, field?: string, expression?: string) => {
        if (i > 0) await page.locator('button', { hasText: 'Add a measure' }).click();
        await page.locator(`select[name="measure-op-${i}"]`).selectOption(field ? 'sum' : 'calc');
        if (field) await page.locator(`select[name="measure-field-${i}"]`).selectOption(field);
        else await page.locator(`input[name="measure-expression-${i}"]`).fill(expression!);
        await page.locator(`input[name="measure-name-${i}"]`).fill(name);
      };
      await measure(0, 'invoiced', 'invoiced');
      await measure(1, 'returned', 'returned');
      await measure(2, 'revenue', undefined, 'invoiced - returned');
      await measure(3, 'stockValue', 'stockValue');
      await measure(4, 'cost', undefined, '-stockValue');
      await measure(5, 'grossProfit', undefined, 'revenue - cost');
      await page.locator('select[name="layout"]').selectOption('pivot');
      await page.locator('select[name="chart"]').selectOption('stacked');
      await page.locator('select[name="chart-measure"]').selectOption({ label: 'grossProfit' });
      await page.locator('label.f-check', { hasText: /^Manager$/ }).click();

      await page.locator('button', { hasText: 'Preview' }).click();
      await eventually(() => page.locator('.fa-chart[data-ready] svg').count()).toBe(1);
      await screenshot(page, 'desktop-analytics-builder', { whole: true });
      await page.locator('button[type="submit"]', { hasText: 'Save' }).click();
      await eventually(() => new URL(page.url()).pathname).toBe(`/reports/${SAVED}`);
      await eventually(() => page.locator('.fa-chart[data-ready] svg').count()).toBe(1);
      await screenshot(page, 'desktop-analytics-saved-report');

      // Saved in the store, shared with managers, over the dataset, its chart the gross profit.
      const stored = (await server.app.services.reports.reports.get(SAVED)) as any;
      expect(stored.saved).toMatchObject({ roles: ['manager'], version: 1, owner: ANALYST });
      expect(stored.source).toEqual({ dataset: GROSS_PROFIT });
      expect(stored.measures.filter((m: any) => m.op === 'calc').map((m: any) => m.expression)).toEqual([
        'invoiced - returned',
        '-stockValue',
        'revenue - cost',
      ]);
      expect(stored.chart).toMatchObject({
        type: 'stacked',
        x: 'region',
        series: 'productLine',
        y: ['grossProfit'],
      });

      // The manager's run: the hand-computed figures, and those of the module's own gross profit report.
      const run = await manager.post(`/api/reports/${SAVED}/run`, {});
      expect(run.status, JSON.stringify(run.body)).toBe(200);
      const figures = (rows: any[]) =>
        Object.fromEntries(
          rows
            .filter((r) => Number(r.revenue ?? 0) !== 0 || Number(r.cost ?? 0) !== 0)
            .map((r) => [`${r.region}/${r.productLine}`, [r.revenue, r.cost, r.grossProfit]]),
        );
      expect(figures(run.body.rows)).toEqual(EXPECTED);
      const module = await manager.post(`/api/reports/${GROSS_PROFIT}/run`, {});
      expect(module.status, JSON.stringify(module.body)).toBe(200);
      expect(figures(module.body.rows)).toEqual(EXPECTED);
      expect(run.body.totals).toMatchObject({
        revenue: '35100.00',
        cost: COST_TOTAL,
        grossProfit: PROFIT_TOTAL,
      });

      // The manager opens it in the web app: the same figures in the pivot.
      const seen = await open(DESKTOP, FINANCE_MANAGER, true);
      await seen.page.goto(`/reports/${SAVED}`);
      await eventually(() => seen.page.locator('.fa-chart[data-ready] svg').count()).toBe(1);
      await seen.page.locator('.f-segmented button', { hasText: 'Table' }).click();
      await eventually(() => seen.page.locator('.fa-table td.f-table__num').count()).toBe(4);
      const cells = await seen.page.locator('.fa-table td.f-table__num').allInnerTexts();
      for (const [, , profit] of Object.values(EXPECTED)) expect(cells).toContain(profit);
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
      expect((await readXlsx(workbook.rawPayload)).at(-1)!.cells.slice(-2)).toEqual([17900, 17200]);
    },
  );
});
