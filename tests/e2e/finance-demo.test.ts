// The demo company's finance (what `npm start -- --demo` shows), in both run modes: installed
// with its demo data, idempotently, and the reports have something to say — a balanced trial
// balance, cash, profit by month, budgets against actuals, receivables aging with overdue
// invoices; the nightly bank matching pairs the demo statement with the ledger.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '#engine/ports/clock.ts';
import { installDemoModules } from '#engine/services/modules/demo.ts';
import { MODES, startApp, type TestApp } from '../support/app-harness.ts';

const quiet = { info: () => {}, warn: () => {} };

describe.each(MODES)('finance demo data (%s)', (mode) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startApp(mode, {
      platform: {
        clock: new ManualClock(Date.parse('2026-11-27T02:00:00Z')),
        workers: true,
        sweepEveryMs: 0,
      },
    });
    await t.app.ready();
    await installDemoModules(t.app.services.modules, quiet);
  });
  afterAll(() => t.close());

  it('installs finance with its demo data once', async () => {
    const finance = await t.app.services.modules.get('finance');
    expect([finance.status, finance.installedVersion]).toEqual(['enabled', '2.4.0']);
    const count = async () =>
      (await t.app.services.ledger.vouchers.count({})) +
      (await t.app.services.records.collection('finance-invoice').count({}));
    const before = await count();
    await installDemoModules(t.app.services.modules, quiet);
    expect(await count()).toBe(before);
    expect(before).toBe(22 + 7);
  });

  it('gives the reports something to show', async () => {
    const finance = await t.client('finance');
    const run = async (report: string, params: Record<string, unknown> = {}) => {
      const res = await finance.post(`/api/reports/${report}/run`, { params });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      return res.body;
    };
    const tb = await run('finance-trial-balance');
    expect(tb.totals.debit).toBe(tb.totals.credit);
    expect(tb.totals.balance).toBe('0.00');
    const cash = await run('finance-cash-position');
    expect(
      cash.rows.map((r: { account: string; nameZh: string; balance: string }) => [
        r.account,
        r.nameZh,
        r.balance,
      ]),
    ).toEqual([
      ['1001', '库存现金', '20000.00'],
      ['1002', '银行存款', '196840.00'],
    ]);
    const pnl = await run('finance-pnl-by-month', { year: '2026' });
    expect(pnl.rows.map((r: { month: string }) => r.month)).toEqual([
      '2026-08',
      '2026-09',
      '2026-10',
      '2026-11',
    ]);
    const october = pnl.rows.find((r: { month: string }) => r.month === '2026-10');
    expect(october).toEqual({
      month: '2026-10',
      revenue: '63000.00',
      expenses: '149000.00',
      profit: '-86000.00',
    });
    const aging = await run('finance-ar-aging');
    expect(aging.rows.map((r: { age: string; invoices: number }) => [r.age, r.invoices])).toEqual([
      ['1-30', 1],
      ['61-90', 1],
      ['current', 1],
    ]);
    const overdue = await run('finance-ar-overdue');
    expect(overdue.totals.invoices).toBe(2);
    const bva = await run('finance-budget-vs-actual', { period: '2026-11' });
    expect(bva.rows.length).toBeGreaterThan(0);
    // The cash-flow statement over the demo year: every demo cash movement is classified, so
    // its lines add up to closing − opening cash, and closing cash is the cash position's.
    const flows = await run('finance-cash-flow-statement', { from: '2026-01-01', to: '2026-12-31' });
    expect(flows.unmapped).toEqual([]);
    expect([flows.totals.opening, flows.totals.closing]).toEqual(['0.00', '216840.00']);
    expect(flows.totals.increase).toBe(flows.totals.amount);
    const netIncrease = flows.rows.find((r: { line: string }) => r.line?.startsWith('20 '));
    expect(netIncrease.amount).toBe('216840.00');
    expect(
      Object.fromEntries(
        flows.rows.map((r: { line: string | null; amount: string }) => [r.line?.slice(0, 2), r.amount]),
      ),
    ).toMatchObject({ '01': '45700.00', '04': '-324000.00', '07': '-383160.00', '15': '600000.00' });
    const board = await finance.get('/api/dashboards/finance-overview');
    expect(
      board.body.cards.map((c: { report: string; error?: unknown }) => [c.report, c.error ?? null]),
    ).toHaveLength(12);
    expect(board.body.cards.every((c: { error?: unknown }) => !c.error)).toBe(true);
  });

  it('matches the demo bank statement with the ledger overnight', async () => {
    const run = await t.app.services.automations.runNow('finance-bank-auto-match');
    expect(run).toMatchObject({
      status: 'succeeded',
      steps: [{ action: 'ledger.reconcile', result: { matched: 3 } }],
    });
    const report = await (
      await t.client('finance')
    ).get('/api/ledger/reconciliation?form=finance-bank-line&account=1002');
    expect(report.body.unmatchedStatement.map((s: { reference: string }) => s.reference)).toEqual([
      'FEE-2026-11',
    ]);
  });

  it("installs inventory beside it: the stock ledger's value is the stock account's balance", async () => {
    const admin = await t.client('admin');
    // Opening stock (80,000.00), the purchase invoices received into stock, the month-end cost of
    // goods sold issued out of it: what finance's demo ledger books on 1405.
    const check = await admin.get('/api/stock/valuation-check?account=1405');
    expect(check.body).toEqual({ stockValue: '58000.00', accountBalance: '58000.00', difference: '0.00' });
    const chairs = (await admin.get('/api/stock/balance?item=CHAIR-ERG')).body.items;
    expect(chairs.map((b: { warehouse: string; qty: string }) => [b.warehouse, b.qty])).toEqual([
      ['WH-HZ', '10'],
      ['WH-SH', '3'],
    ]);
  });
});
