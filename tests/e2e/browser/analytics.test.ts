// Analytics in a real browser, with finance installed and its demo data: a finance manager on a
// phone (390×844, Chinese) opens the finance overview — KPI cards with the change against the
// previous month, charts drawn by ECharts (loaded only now, in a chunk of its own) — and drills
// from the overdue receivables into the invoices behind the figure, opening one; an analyst on a
// desktop (1280×800, English) builds revenue by department × month over the general ledger as a
// pivot with stacked bars, previews it, shares it with managers and saves it, and the manager
// runs the saved report. Screenshots in test-artifacts/browser/.
/* eslint-disable @typescript-eslint/no-explicit-any -- replies are JSON that tests read freely */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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

describe('analytics: dashboards with drill-down, the report builder', () => {
  let server: WebApp;
  let browser: Browser;
  let manager: Client;
  const pages: Page[] = [];

  beforeAll(async () => {
    server = await startWebApp();
    browser = await launchChromium();
    const admin = await loginAs(server.app, demoLogin('admin'), DEMO_PASSWORD);
    const installed = await admin.post('/api/modules/finance/install', { enable: true, demo: true });
    expect(installed.status, JSON.stringify(installed.body)).toBe(200);
    // The analyst may read the general ledger (an admin grants it in Admin → Roles).
    const analyst = (await admin.get('/api/roles/analyst')).body;
    const patched = await admin.patch('/api/roles/analyst', {
      permissions: [...analyst.permissions, { resource: 'ledger', actions: ['read'] }],
    });
    expect(patched.status, JSON.stringify(patched.body)).toBe(200);
    manager = await loginAs(server.app, FINANCE_MANAGER, DEMO_PASSWORD);
  }, 240_000);

  afterAll(async () => {
    for (const page of pages) expect(pageErrors(page)).toEqual([]);
    await browser?.close();
    await server?.close();
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
    'an analyst builds revenue by department × month with a chart and saves it for managers',
    SLOW,
    async () => {
      const { page } = await open(DESKTOP, demoLogin('analyst'), true);
      await page.locator('.f-page__actions button', { hasText: 'New report' }).click();
      await eventually(() => page.locator('select[name="source"] option').count()).toBeGreaterThan(1);
      await page.locator('input[name="name-en"]').fill('Revenue by department and month');
      await page.locator('input[name="name-zh"]').fill('各部门月度收入');
      await page.locator('input[name="slug"]').fill('revenue-by-department');
      await page.locator('select[name="source"]').selectOption('collection:ledger');

      await page.locator('button', { hasText: 'Add a filter' }).click();
      await page.locator('select[name="filter-field-0"]').selectOption('lines.accountType');
      await page.locator('input[name="filter-value-0"]').fill('revenue');
      await page.locator('button', { hasText: 'Add a level' }).click();
      await page.locator('select[name="group-field-0"]').selectOption('lines.department');
      await page.locator('button', { hasText: 'Add a level' }).click();
      await page.locator('select[name="group-field-1"]').selectOption('date');
      await page.locator('select[name="group-bucket-1"]').selectOption('month');
      await page.locator('select[name="measure-op-0"]').selectOption('sum');
      await page.locator('select[name="measure-field-0"]').selectOption('lines.credit');
      await page.locator('select[name="layout"]').selectOption('pivot');
      await page.locator('select[name="chart"]').selectOption('stacked');
      await page.locator('label.f-check', { hasText: /^Manager$/ }).click();

      await page.locator('button', { hasText: 'Preview' }).click();
      await eventually(() => page.locator('.fa-chart[data-ready] svg').count()).toBe(1);
      await screenshot(page, 'desktop-analytics-builder');
      await page.locator('button[type="submit"]', { hasText: 'Save' }).click();
      await eventually(() => new URL(page.url()).pathname).toBe('/reports/saved-revenue-by-department');
      await eventually(() => page.locator('.fa-chart[data-ready] svg').count()).toBe(1);
      await screenshot(page, 'desktop-analytics-saved-report');

      // Saved in the store, shared with managers; the manager's run agrees with a hand sum of the
      // ledger's revenue lines.
      const stored = (await server.app.services.reports.reports.get('saved-revenue-by-department')) as any;
      expect(stored.saved).toMatchObject({ roles: ['manager'], version: 1, owner: demoLogin('analyst') });
      // Group columns are headed by their field's label (and bucket), not a path.
      expect(stored.groupBy).toEqual([
        { field: 'lines.department', as: 'department', label: { en: 'Department', 'zh-CN': '部门' } },
        {
          field: 'date',
          bucket: 'month',
          as: 'date_month',
          label: { en: 'Date (month)', 'zh-CN': '日期（月）' },
        },
      ]);
      const run = await manager.post('/api/reports/saved-revenue-by-department/run', {});
      expect(run.status).toBe(200);
      const vouchers = (await server.app.services.store.collection<any>('ledger_vouchers').find({})).items;
      const cents = vouchers
        .flatMap((v: any) => v.lines)
        .filter((l: any) => l.accountType === 'revenue')
        .reduce((sum: number, l: any) => sum + Math.round(Number(l.credit) * 100), 0);
      expect(run.body.totals.sum_credit).toBe((cents / 100).toFixed(2));

      // The owner schedules it: weekly on Monday at 08:00 to managers.
      await page.locator('.f-page__actions button', { hasText: 'Edit' }).click();
      await eventually(() => page.locator('select[name="schedule-every"]').count()).toBe(1);
      await page.locator('select[name="schedule-weekday"]').selectOption('1');
      await page.locator('input[name="schedule-at"]').fill('08:00');
      // The schedule's recipients come after the sharing roles: the last "Manager".
      await page
        .locator('.fa-roles label.f-check', { hasText: /^Manager$/ })
        .last()
        .click();
      await page.locator('button', { hasText: 'Save schedule' }).click();
      await eventually(() => page.getByText('The schedule is saved.').count()).toBe(1);
      await screenshot(page, 'desktop-analytics-schedule', { whole: true });
      const schedule = await server.app.services.store
        .collection<any>('report_schedules')
        .get('saved-revenue-by-department');
      expect(schedule).toMatchObject({
        every: 'week',
        weekday: 1,
        at: '08:00',
        recipients: { roles: ['manager'] },
      });
    },
  );
});
