// Budgets are per department × category × month, in both run modes. Operations has overspent its
// office budget for 2026-03 by 1,000.50 (posted expenses beyond it); that must count only for
// office claims of operations in 2026-03 — not for another category (a 1 CNY travel claim used to
// be warned "exceeds budget by 1000.5" and routed to the overrun approval), another department or
// another month. A claim exactly at the limit is within it; a claim with lines in several
// categories is over by the sum of each category's own overrun. The warning before submitting and
// the approval route decide with the same rule (finance-budget-overrun).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '#engine/ports/clock.ts';
import { chartAccounts } from '#engine/services/ledger/chart.ts';
import { MODES, startApp, type Client, type TestApp } from '../support/app-harness.ts';
import { waitFor } from '../support/wait-for.ts';

const budgets = [
  { department: 'operations', category: 'travel', period: '2026-03', amount: '1000.00' },
  { department: 'operations', category: 'office', period: '2026-03', amount: '500.00' },
  { department: 'operations', category: 'office', period: '2026-04', amount: '500.00' },
  { department: 'sales-east', category: 'office', period: '2026-03', amount: '500.00' },
];

const claim = (date: string, lines: Array<[category: string, amount: string]>) => ({
  title: 'Budget case',
  date,
  lines: lines.map(([category, amount]) => ({ date, category, amount })),
});

describe.each(MODES)('budget overrun per department × category × month (%s)', (mode) => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startApp(mode, {
      platform: {
        clock: new ManualClock(Date.parse('2026-03-20T02:00:00Z')),
        workers: true,
        sweepEveryMs: 0,
        flowRetryBackoffMs: 20,
        automationRetryBackoffMs: 20,
      },
    });
    await t.app.ready();
    const admin = await t.client('admin');
    expect((await admin.post('/api/modules/finance/install', { enable: true })).status).toBe(200);
    const finance = await t.client('finance');
    for (const data of budgets)
      expect((await finance.post('/api/records/finance-budget', { data })).status).toBe(201);
    // Office supplies of operations in March: 1,500.50 posted against a budget of 500.
    const { ledger, records } = t.app.services;
    const accounts = await chartAccounts(records, 'finance-account', ['5602.03', '2241.01']);
    await ledger.post(
      {
        date: '2026-03-05',
        source: { form: 'test', id: 'office-spree', kind: 'test' },
        lines: [
          { account: '5602.03', debit: '1500.50', department: 'operations', category: 'office' },
          { account: '2241.01', credit: '1500.50', department: 'operations' },
        ],
      },
      { by: 'test', accounts },
    );
  });
  afterAll(() => t?.close());

  const precheck = async (who: Client, data: unknown) => {
    const res = await who.post('/api/catalogue/finance-expense-claim/precheck', { data });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body as {
      warnings: Array<{ code: string; message: string }>;
      values: Record<string, unknown>;
    };
  };
  const employee = () => t.client('employee'); // zheng.xin, operations

  it('the overspent category itself: a claim is over by what it adds, not by the earlier overspend', async () => {
    const result = await precheck(await employee(), claim('2026-03-18', [['office', '1.00']]));
    expect(result.values).toMatchObject({ overrun: 1, overBudget: true });
    expect(result.warnings.map((w) => w.message)).toEqual([
      "This claim exceeds your department's remaining budget by 1; it will need an extra approval.",
    ]);
  });

  it('another category is not touched by the overspent one; a category without a budget is not limited', async () => {
    for (const category of ['travel', 'meals']) {
      const result = await precheck(await employee(), claim('2026-03-18', [[category, '1.00']]));
      expect([category, result.warnings, result.values.overrun]).toEqual([category, [], 0]);
    }
  });

  it('another department has its own budget', async () => {
    const result = await precheck(await t.client('salesperson'), claim('2026-03-18', [['office', '100.00']]));
    expect([result.warnings, result.values.overrun]).toEqual([[], 0]);
  });

  it('another month has its own budget', async () => {
    const result = await precheck(await employee(), claim('2026-04-02', [['office', '100.00']]));
    expect([result.warnings, result.values.overrun]).toEqual([[], 0]);
  });

  it('exactly at the limit is within it; a cent more is over by a cent', async () => {
    const at = await precheck(await employee(), claim('2026-03-18', [['travel', '1000.00']]));
    expect([at.warnings, at.values.overrun]).toEqual([[], 0]);
    const over = await precheck(await employee(), claim('2026-03-18', [['travel', '1000.01']]));
    expect([over.warnings.map((w) => w.code), over.values.overrun]).toEqual([['BUDGET_EXCEEDED'], 0.01]);
  });

  it('several lines across categories: each category against its own budget, summed', async () => {
    const result = await precheck(
      await employee(),
      claim('2026-03-18', [
        ['travel', '600.00'],
        ['meals', '99.00'],
        ['travel', '500.00'],
        ['office', '10.00'],
      ]),
    );
    // travel 1,100 against 1,000 left: 100 over; office has nothing left: all 10 over; meals: no budget.
    expect(result.values).toMatchObject({
      overrunByCategory: [
        { category: 'travel', amount: 100 },
        { category: 'office', amount: 10 },
      ],
      overrun: 110,
      overBudget: true,
    });
  });

  it('the approval route decides as the warning did: a 1 CNY travel claim skips the overrun approval', async () => {
    const employeeClient = await employee();
    const small = await employeeClient.post('/api/catalogue/finance-expense-claim/submit', {
      data: claim('2026-03-18', [['travel', '1.00']]),
    });
    const big = await employeeClient.post('/api/catalogue/finance-expense-claim/submit', {
      data: claim('2026-03-18', [['office', '1.00']]),
    });
    expect([small.status, big.status]).toEqual([201, 201]);
    const flows = t.app.services.flows;
    const checked = async (id: string) => (await flows.getInstance(id)).openTasks.length > 0;
    await waitFor(() => checked(small.body.instanceId), 20_000, 'the small claim at its first step');
    await waitFor(() => checked(big.body.instanceId), 20_000, 'the office claim at its first step');
    expect((await flows.getInstance(small.body.instanceId)).variables).toMatchObject({
      overrun: 0,
      overBudget: false,
    });
    expect((await flows.getInstance(big.body.instanceId)).variables).toMatchObject({
      overrun: 1,
      overBudget: true,
    });
  });
});
