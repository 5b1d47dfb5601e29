// Every document type's screens in a real browser, with finance installed and its demo data, on a
// desktop (1280×800, English) and a phone (390×844, Chinese): the list of document types; the
// invoice list filtered, saved as a view, and chosen again after a reload; searched, sorted by a
// column, exported (the searched list, and two chosen rows by a bulk action); the board — a drag that
// is accepted, and one the server refuses because the claim's approval still runs (the card snaps
// back and the reason is shown), by mouse on the desktop and by a held finger on the phone; a
// report alert in the bell opening the invoices it counts (also from that very list); the
// calendar by due date; the import's dry-run report in the page; a scanned barcode — from
// Chromium's fake camera playing a video of a Code 128 barcode, on a phone and a desktop, and typed
// by a keyboard-wedge scanner — that opens its invoice; a printable label. Screenshots in
// test-artifacts/browser/.
/* eslint-disable @typescript-eslint/no-explicit-any -- replies are JSON that tests read freely */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCsv } from '#engine/core/tabular/csv.ts';
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
  type WebApp,
} from '#tests/support/browser.ts';
import { barcodeCamera } from '#tests/support/fake-camera.ts';
import { tempDir } from '#tests/support/temp-dir.ts';

const eventually = <T>(read: () => T | Promise<T>) => expect.poll(read, { timeout: 60_000, interval: 150 });
const SLOW = { timeout: 300_000 };

const pad = (n: number) => String(n).padStart(2, '0');
const now = new Date();
const TODAY = `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;

const CLAIM = {
  title: 'Train to Suzhou',
  date: '2026-03-09',
  lines: [{ date: '2026-03-09', category: 'transport', amount: '42.00' }],
};

describe('records screens: list, saved views, board, calendar, import, scan', () => {
  let server: WebApp;
  let browser: Browser;
  let finance: Client;
  let claimId = '';
  const pages: Page[] = [];

  beforeAll(async () => {
    server = await startWebApp();
    browser = await launchChromium();
    const admin = await loginAs(server.app, demoLogin('admin'), DEMO_PASSWORD);
    const installed = await admin.post('/api/modules/finance/install', { enable: true, demo: true });
    expect(installed.status, JSON.stringify(installed.body)).toBe(200);
    finance = await loginAs(server.app, demoLogin('finance'), DEMO_PASSWORD);
    // An invoice due today, for the calendar.
    const due = await finance.post('/api/records/finance-invoice', {
      id: 'inv-due-today',
      data: {
        kind: 'sales',
        partner: 'Calendar Test Co.',
        invoiceNumber: '10019999',
        date: TODAY,
        dueDate: TODAY,
        lines: [{ description: 'Desk lamps', amount: '100.00', vatRate: '13' }],
        total: '113.00',
      },
    });
    expect(due.status, JSON.stringify(due.body)).toBe(201);
    // An expense claim whose approval is still running: the board may not move it.
    const employee = await loginAs(server.app, demoLogin('employee'), DEMO_PASSWORD);
    const claim = await employee.post('/api/catalogue/finance-expense-claim/submit', { data: CLAIM });
    expect(claim.status, JSON.stringify(claim.body)).toBe(201);
    claimId = claim.body.record.id;
  }, 240_000);

  afterAll(async () => {
    for (const page of pages) expect(pageErrors(page)).toEqual([]);
    await browser?.close();
    await server?.close();
  });

  async function open(viewport: typeof PHONE, path: string, english: boolean): Promise<Page> {
    const { page } = await newPage(browser, server, viewport);
    pages.push(page);
    await page.goto(path);
    await submitLogin(page, demoLogin('finance'), DEMO_PASSWORD);
    await eventually(() => page.locator('.f-nav').count()).toBe(1);
    // The language is saved per user: choose it every time.
    const lang = english ? 'en' : 'zh-CN';
    if ((await page.locator('html').getAttribute('lang')) !== lang)
      await page.locator(`.f-header .f-lang__option[lang="${lang}"]`).click();
    await eventually(() => page.locator('html').getAttribute('lang')).toBe(lang);
    return page;
  }

  const stored = async (form: string, id: string) =>
    (await server.app.services.records.collection(form).get(id)) as any;

  it('lists the document types by module and filters the invoices, saved as a view', SLOW, async () => {
    const page = await open(DESKTOP, '/records', true);
    const invoices = page.locator('a[data-doctype="finance-invoice"]');
    await eventually(() => invoices.count()).toBe(1);
    expect(await page.locator('.fr-group__title').first().innerText()).toMatch(/finance/i);
    await screenshot(page, 'desktop-records-index');
    await invoices.click();
    const rows = page.locator('[data-screen="table"] tr[data-row]');
    await eventually(() => rows.count()).toBeGreaterThan(3);
    const all = await rows.count();

    await page.locator('[data-action="filter"]').click();
    await page.locator('.f-dialog select[name="field"]').selectOption('data.paymentStatus');
    await page.locator('.f-dialog label.f-check', { hasText: 'Unpaid' }).click();
    await page.locator('.f-dialog button[type="submit"]').click();
    await eventually(() => page.locator('[data-filter="data.paymentStatus"]').count()).toBe(1);
    await eventually(() => rows.count()).toBeLessThan(all);
    const statuses = await page.locator('td[data-path="data.paymentStatus"]').allInnerTexts();
    expect(statuses.length).toBeGreaterThan(0);
    expect(new Set(statuses)).toEqual(new Set(['Unpaid']));
    const unpaid = statuses.length;

    await page.locator('[data-action="save-view"]').click();
    await page.locator('.f-dialog input[name="view-name"]').fill('Unpaid invoices');
    await page.locator('.f-dialog button[type="submit"]').click();
    await eventually(() => page.url()).toContain('saved=');

    // The standard view again after a reload without the URL's state; then the saved one.
    await page.goto('/records/finance-invoice');
    await eventually(() => rows.count()).toBe(all);
    await page.locator('select[name="saved-view"]').selectOption({ label: 'Unpaid invoices' });
    await eventually(() => rows.count()).toBe(unpaid);
    expect(await page.locator('[data-filter="data.paymentStatus"]').innerText()).toContain('Unpaid');
    await screenshot(page, 'desktop-records-saved-view');

    // On a phone, in Chinese: the same saved view, each row a card.
    const phone = await open(PHONE, '/records/finance-invoice', false);
    const phoneRows = phone.locator('[data-screen="table"] tr[data-row]');
    await eventually(() => phoneRows.count()).toBe(all);
    await phone.locator('select[name="saved-view"]').selectOption({ label: 'Unpaid invoices' });
    await eventually(() => phoneRows.count()).toBe(unpaid);
    expect(await phone.locator('[data-filter="data.paymentStatus"]').innerText()).toContain('未付款');
    await screenshot(phone, 'phone-records-saved-view', { whole: true });
  });

  it('searches, sorts by a column, and exports the chosen rows and the searched list', SLOW, async () => {
    const page = await open(DESKTOP, '/records/finance-invoice', true);
    const rows = page.locator('[data-screen="table"] tr[data-row]');
    await eventually(() => rows.count()).toBeGreaterThan(3);
    const all = await rows.count();
    // The invoice's own number and state are headed by their names, not their paths.
    expect(await page.locator('[data-sort="number"]').innerText()).toContain('No.');
    const state = (id: string) => page.locator(`tr[data-row="${id}"] td[data-path="docstatus"]`).innerText();
    expect([await state('demo-inv-s-002'), await state('inv-due-today')]).toEqual(['Submitted', 'Draft']);
    // Full-text search: the rows the API finds for the same words.
    const found = (await finance.get('/api/records/finance-invoice?q=Suzhou')).body.items.map(
      (r: any) => r.id,
    );
    expect(found.length).toBeGreaterThan(0);
    expect(found.length).toBeLessThan(all);
    await page.locator('.fr-search-form input[type="search"]').fill('Suzhou');
    await page.keyboard.press('Enter');
    await eventually(() => rows.count()).toBe(found.length);
    expect((await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-row')))).sort()).toEqual(
      [...found].sort(),
    );
    // The searched list as a CSV file: those invoices, with their numbers.
    const [csv] = await Promise.all([
      page.waitForEvent('download'),
      page.locator('[data-action="export-csv"]').click(),
    ]);
    const exported = parseCsv(readFileSync((await csv.path())!, 'utf8').replace(/^\uFEFF/, ''));
    expect(exported.length - 1).toBe(found.length);

    // Sorted by a column heading, then the other way.
    await page.locator('.fr-search-form input[type="search"]').fill('');
    await page.keyboard.press('Enter');
    await eventually(() => rows.count()).toBe(all);
    const dates = () => page.locator('td[data-path="data.date"]').allInnerTexts();
    await page.locator('[data-sort="data.date"]').click();
    await eventually(async () => isSorted(await dates())).toBe(true);
    await page.locator('[data-sort="data.date"]').click();
    await eventually(async () => isSorted((await dates()).reverse())).toBe(true);
    expect(new URL(page.url()).searchParams.get('sort')).toBeTruthy();

    // Two rows chosen, exported as a workbook of the table's columns: those two only.
    const chosen = await rows.evaluateAll((trs) => trs.slice(0, 2).map((tr) => tr.getAttribute('data-row')!));
    const invoiceNumbers = await Promise.all(
      chosen.map((id) => page.locator(`tr[data-row="${id}"] td[data-path="data.invoiceNumber"]`).innerText()),
    );
    for (const id of chosen) await page.locator(`tr[data-row="${id}"] td.fr-table__check input`).check();
    const [xlsx] = await Promise.all([
      page.waitForEvent('download'),
      page.locator('[data-bulk="export"]').click(),
    ]);
    const sheet = await readXlsx(readFileSync((await xlsx.path())!));
    const column = sheet[0]!.cells.indexOf('Invoice number');
    expect(column, JSON.stringify(sheet[0])).toBeGreaterThanOrEqual(0);
    expect(
      sheet
        .slice(1)
        .map((r) => String(r.cells[column]))
        .sort(),
    ).toEqual(invoiceNumbers.sort());
    await screenshot(page, 'desktop-records-bulk');

    // On a phone, in Chinese: the same search, and the state's label in Chinese.
    const phone = await open(PHONE, '/records/finance-invoice', false);
    const phoneRows = phone.locator('[data-screen="table"] tr[data-row]');
    await eventually(() => phoneRows.count()).toBe(all);
    await phone.locator('.fr-search-form input[type="search"]').fill('Suzhou');
    await phone.keyboard.press('Enter');
    await eventually(() => phoneRows.count()).toBe(found.length);
    expect(await phone.locator(`tr[data-row="${found[0]}"] td[data-path="docstatus"]`).innerText()).toMatch(
      /已提交|草稿/,
    );
    await screenshot(phone, 'phone-records-search', { whole: true });
  });

  it('opens the invoices a report alert counts from the bell, filtered as the report', SLOW, async () => {
    // The module's daily check alerts finance to the overdue sales invoices (the demo's due dates
    // are behind us); its link is the invoice list with the report's filters.
    const admin = await loginAs(server.app, demoLogin('admin'), DEMO_PASSWORD);
    const check = await admin.post('/api/automations/finance-ar-overdue-check/run', {});
    expect(check.body.status, JSON.stringify(check.body)).toBe('succeeded');
    const report = (await finance.post('/api/reports/finance-ar-overdue/run', {})).body;
    const overdue = Number(report.totals.invoices);
    expect(overdue).toBeGreaterThan(0);
    const alert = (await finance.get('/api/notifications')).body.items.find(
      (n: any) => n.kind === 'report.alert',
    );
    expect(alert.link).toMatch(/^\/records\/finance-invoice\?where=/);

    // From another page on a desktop: the bell's alert opens those invoices, not "page not found".
    const page = await open(DESKTOP, '/records', true);
    await page.locator('.fp-bell__button').click();
    await page.locator('.fp-bell__item', { hasText: 'overdue' }).first().click();
    await eventually(() => page.url()).toContain('/records/finance-invoice?');
    const rows = page.locator('[data-screen="table"] tr[data-row]');
    await eventually(() => rows.count()).toBe(overdue);
    expect(await page.locator('[data-filter="data.dueDate"]').count()).toBe(1);
    expect(new Set(await page.locator('td[data-path="data.paymentStatus"]').allInnerTexts())).toEqual(
      new Set(['Unpaid']),
    );
    expect(await page.locator('.f-empty__title').count()).toBe(0);
    await screenshot(page, 'desktop-records-alert-link');

    // On a phone, from the unfiltered invoice list itself: the same page filters as the link says.
    const phone = await open(PHONE, '/records/finance-invoice', false);
    const phoneRows = phone.locator('[data-screen="table"] tr[data-row]');
    await eventually(() => phoneRows.count()).toBeGreaterThan(overdue);
    await phone.locator('.fp-bell__button').click();
    await phone.locator('.fp-bell__item', { hasText: '逾期' }).first().click();
    await eventually(() => phoneRows.count()).toBe(overdue);
    expect(await phone.locator('[data-filter="data.dueDate"]').count()).toBe(1);
    await screenshot(phone, 'phone-records-alert-link', { whole: true });
  });

  it(
    'moves a card on the board with the mouse, and snaps a refused one back with the reason',
    SLOW,
    async () => {
      const page = await open(DESKTOP, '/records/finance-invoice?view=kanban', true);
      const card = page.locator('[data-column="unpaid"] [data-card="demo-inv-s-002"]');
      await eventually(() => card.count()).toBe(1);
      const rev = (await stored('finance-invoice', 'demo-inv-s-002')).rev;
      await drag(page, card, page.locator('[data-column="paid"]'));
      await eventually(() => page.locator('[data-column="paid"] [data-card="demo-inv-s-002"]').count()).toBe(
        1,
      );
      await eventually(
        async () => (await stored('finance-invoice', 'demo-inv-s-002')).data.paymentStatus,
      ).toBe('paid');
      // The drag wrote the record (finance's automations may write it again: the payment's voucher).
      expect((await stored('finance-invoice', 'demo-inv-s-002')).rev).toBeGreaterThan(rev);
      await screenshot(page, 'desktop-kanban-moved');

      await page.goto('/records/finance-expense-claim?view=kanban');
      const claim = page.locator(`[data-card="${claimId}"]`);
      await eventually(() => page.locator(`[data-column="unpaid"] [data-card="${claimId}"]`).count()).toBe(1);
      await drag(page, claim, page.locator('[data-column="paid"]'));
      await eventually(() => page.locator(`[data-card="${claimId}"][data-refused]`).count()).toBe(1);
      expect(await page.locator(`[data-column="unpaid"] [data-card="${claimId}"]`).count()).toBe(1);
      expect(await page.locator('[data-column="paid"] [data-card]').count()).toBe(0);
      expect(await page.locator(`[data-notice-card="${claimId}"]`).innerText()).toMatch(/under approval/);
      expect((await stored('finance-expense-claim', claimId)).data.paymentStatus).toBe('unpaid');
      await screenshot(page, 'desktop-kanban-refused');
    },
  );

  it(
    'on a phone: a held finger drags a card (refused, then accepted); "Move to…" moves one',
    SLOW,
    async () => {
      const page = await open(PHONE, '/records/finance-expense-claim?view=kanban', false);
      const claim = page.locator(`[data-column="unpaid"] [data-card="${claimId}"]`);
      await eventually(() => claim.count()).toBe(1);
      await screenshot(page, 'phone-kanban');
      await touchDrag(page, claim);
      await eventually(() => page.locator(`[data-card="${claimId}"][data-refused]`).count()).toBe(1);
      expect(await claim.count()).toBe(1);
      expect(await page.locator(`[data-notice-card="${claimId}"]`).innerText()).toMatch(/正在审批中/);
      await screenshot(page, 'phone-kanban-refused');

      await page.goto('/records/finance-invoice?view=kanban');
      const invoice = page.locator('[data-column="unpaid"] [data-card="demo-inv-s-003"]');
      await eventually(() => invoice.count()).toBe(1);
      await touchDrag(page, invoice);
      await eventually(() => page.locator('[data-column="paid"] [data-card="demo-inv-s-003"]').count()).toBe(
        1,
      );
      await eventually(
        async () => (await stored('finance-invoice', 'demo-inv-s-003')).data.paymentStatus,
      ).toBe('paid');
      expect(await page.locator('[data-card="demo-inv-s-003"][data-refused]').count()).toBe(0);
      await screenshot(page, 'phone-kanban-moved');

      await page.locator('select[data-move="demo-inv-s-004"]').selectOption('paid');
      await eventually(() => page.locator('[data-column="paid"] [data-card="demo-inv-s-004"]').count()).toBe(
        1,
      );
      await eventually(
        async () => (await stored('finance-invoice', 'demo-inv-s-004')).data.paymentStatus,
      ).toBe('paid');
    },
  );

  it('shows the invoices by due date on a calendar: month, week and day', SLOW, async () => {
    const page = await open(DESKTOP, '/records/finance-invoice?view=calendar', true);
    const entry = page.locator(`[data-day="${TODAY}"] [data-entry="inv-due-today"]`);
    await eventually(() => entry.count()).toBe(1);
    expect(await entry.innerText()).toBe('Calendar Test Co.');
    await screenshot(page, 'desktop-calendar-month');
    await page.locator('.fr-cal .f-segmented__option', { hasText: 'Week' }).click();
    await eventually(() => page.locator('[data-mode="week"] [data-entry="inv-due-today"]').count()).toBe(1);
    await page.locator('.fr-cal .f-segmented__option', { hasText: 'Day' }).click();
    await eventually(() => page.locator('[data-mode="day"] [data-entry="inv-due-today"]').count()).toBe(1);
    await screenshot(page, 'desktop-calendar-day');

    const phone = await open(PHONE, '/records/finance-invoice?view=calendar', false);
    const cell = phone.locator(`.fr-cal__cell[data-day="${TODAY}"]`);
    await eventually(() => cell.getAttribute('data-count')).toBe('1');
    await cell.locator('.fr-cal__date').click();
    await eventually(() =>
      phone.locator(`section[data-day="${TODAY}"] [data-entry="inv-due-today"]`).count(),
    ).toBe(1);
    await screenshot(phone, 'phone-calendar', { whole: true });
  });

  it('shows the import dry-run report in the page, then imports the valid rows', SLOW, async () => {
    const csv = [
      'account,date,amount,reference',
      '1002,2026-03-01,1200.00,REF-1',
      '1002,2026-02-30,abc,REF-2',
    ].join('\n');
    for (const [viewport, english] of [
      [PHONE, false],
      [DESKTOP, true],
    ] as const) {
      const page = await open(viewport, '/records/finance-bank-line', english);
      await page.locator('[data-action="import"]').click();
      await page.locator('.f-dialog input[name="file"]').setInputFiles({
        name: 'statement.csv',
        mimeType: 'text/csv',
        buffer: Buffer.from(csv),
      });
      await page.locator('.f-dialog button[type="submit"]').click();
      await eventually(() => page.locator('[data-import-status="checked"]').count()).toBe(1);
      expect(await page.locator('.fr-import__summary').innerText()).toMatch(english ? /3 row|2 row/ : /2 行/);
      const problems = page.locator('[data-problem-row="3"]');
      expect(await problems.count()).toBeGreaterThan(0);
      expect(await problems.first().innerText()).toMatch(english ? /date|amount/i : /日期|金额/);
      expect(await page.locator('[data-column="date"]').getAttribute('data-field')).toBe('date');
      await screenshot(page, `${viewport.name}-import-dry-run`, { whole: true });
      if (!english) {
        await page.locator('.f-dialog .f-dialog__close').first().click();
        continue;
      }
      await page.locator('[data-action="commit-valid"]').click();
      await eventually(() => page.locator('.f-alert--success').innerText()).toContain('Imported 1 record');
      const lines = await finance.get(
        '/api/records/finance-bank-line?where=' + encodeURIComponent('{"data.reference":"REF-1"}'),
      );
      expect(lines.body.items).toHaveLength(1);
    }
  });

  it(
    'opens the invoice of a scanned barcode — camera and keyboard wedge — and prints its label',
    SLOW,
    async () => {
      // A keyboard-wedge scanner types the code and Enter into the focused field.
      const page = await open(DESKTOP, '/scan', true);
      await eventually(() =>
        page.locator('input[name="code"]').evaluate((el) => el === document.activeElement),
      ).toBe(true);
      await page.keyboard.type('10010002');
      await page.keyboard.press('Enter');
      await eventually(() => new URL(page.url()).pathname).toBe('/records/finance-invoice/demo-inv-s-002');
      // Its label, from its record page: its number as a Code 128 barcode.
      await page.locator('[data-action="labels"]').click();
      await eventually(() => new URL(page.url()).pathname).toBe(
        '/records/finance-invoice/demo-inv-s-002/label',
      );
      const svg = page.locator('svg[data-code-kind="barcode"]');
      await eventually(() => svg.getAttribute('data-code-value')).toBe('10010002');
      await screenshot(page, 'desktop-label');
      await page.goto('/scan');
      await page.locator('input[name="code"]').fill('NO-SUCH-CODE');
      await page.keyboard.press('Enter');
      await eventually(() => page.locator('.fr-scan__result[data-state="found"]').innerText()).toContain(
        'NO-SUCH-CODE',
      );
      await screenshot(page, 'desktop-scan-none');

      // The camera: Chromium plays a video of the barcode as its camera; the web app decodes it.
      const dir = tempDir('camera');
      try {
        const camera = barcodeCamera(join(dir.dir, 'barcode.y4m'), '10010002');
        const cameraBrowser = await launchChromium(camera.args);
        try {
          const { page: phone } = await newPage(cameraBrowser, server, PHONE);
          pages.push(phone);
          await phone.context().grantPermissions(['camera']);
          await phone.goto('/scan');
          await submitLogin(phone, demoLogin('finance'), DEMO_PASSWORD);
          await eventually(() => phone.locator('[data-action="camera"]').count()).toBe(1);
          await screenshot(phone, 'phone-scan');
          await phone.locator('[data-action="camera"]').click();
          await eventually(() => new URL(phone.url()).pathname).toBe(
            '/records/finance-invoice/demo-inv-s-002',
          );
          // A desktop's webcam, the same way.
          const { page: desk } = await newPage(cameraBrowser, server, DESKTOP);
          pages.push(desk);
          await desk.context().grantPermissions(['camera']);
          await desk.goto('/scan');
          await submitLogin(desk, demoLogin('finance'), DEMO_PASSWORD);
          await eventually(() => desk.locator('[data-action="camera"]').count()).toBe(1);
          await desk.locator('[data-action="camera"]').click();
          await eventually(() => new URL(desk.url()).pathname).toBe(
            '/records/finance-invoice/demo-inv-s-002',
          );
        } finally {
          await cameraBrowser.close();
        }
      } finally {
        dir.remove();
      }
    },
  );
});

/**
 * A long press on `card`, then the finger moves to the next column (visible at the right edge of a
 * 390 px screen) and lifts — through the DevTools protocol, as a real touch screen sends it.
 */
async function touchDrag(page: Page, card: ReturnType<Page['locator']>) {
  await card.scrollIntoViewIfNeeded();
  const box = (await card.boundingBox())!;
  const cdp = await page.context().newCDPSession(page);
  const at = (x: number, y: number) => [{ x: Math.round(x), y: Math.round(y) }];
  const x0 = box.x + 40;
  const y0 = box.y + 20;
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: at(x0, y0) });
  await page.waitForTimeout(600); // longer than the hold (a wait for the UI's own delay)
  for (let i = 1; i <= 12; i++)
    await cdp.send('Input.dispatchTouchEvent', {
      type: 'touchMove',
      touchPoints: at(x0 + ((372 - x0) * i) / 12, y0 + 30),
    });
  await expect.poll(() => page.locator('[data-column="paid"][data-over]').count()).toBe(1);
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
  await cdp.detach();
}

/** Whether dates as the list shows them ("Sep 5, 2026") are in ascending order. */
const isSorted = (texts: string[]) =>
  texts.length > 1 && texts.map((x) => Date.parse(x)).every((x, i, all) => i === 0 || all[i - 1]! <= x);

/** Drags with the mouse from the middle of `from` to the middle of `to`, in steps. */
async function drag(page: Page, from: ReturnType<Page['locator']>, to: ReturnType<Page['locator']>) {
  const a = (await from.boundingBox())!;
  const b = (await to.boundingBox())!;
  await page.mouse.move(a.x + a.width / 2, a.y + 12);
  await page.mouse.down();
  await page.mouse.move(a.x + a.width / 2 + 10, a.y + 20, { steps: 3 });
  await page.mouse.move(b.x + b.width / 2, b.y + 60, { steps: 12 });
  await page.mouse.up();
}
