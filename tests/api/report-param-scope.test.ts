// Row rules apply to a report's parameters, attacked through the HTTP API in both run modes: the
// remaining-budget look-up (`finance-budget-check`, scope "all": its rows are everyone's) run by an
// operations employee for `department: "sales-east"` is refused (403 REPORT_PARAM_OUT_OF_SCOPE at
// /params/department, both languages) instead of answering with that department's budgets; their
// own department still answers, finance (every budget row) may ask about any department, and the
// precheck before submitting a claim (the rule's look-up, run as the system) keeps working.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MODES, startApp, type TestApp } from '../support/app-harness.ts';

const REPORT = '/api/reports/finance-budget-check/run';

describe.each(MODES)("a report's parameters under row rules (%s)", (mode) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startApp(mode);
    await t.app.ready();
    expect(
      (await (await t.client('admin')).post('/api/modules/finance/install', { enable: true })).status,
    ).toBe(200);
    const finance = await t.client('finance');
    for (const [department, amount] of [
      ['operations', '3000.00'],
      ['sales-east', '8800.00'],
    ])
      expect(
        (
          await finance.post('/api/records/finance-budget', {
            data: { department, category: 'travel', period: '2026-03', amount },
          })
        ).status,
      ).toBe(201);
  });
  afterAll(() => t.close());

  const run = async (who: string, department: string) =>
    (await t.client(who)).post(REPORT, { params: { department, period: '2026-03' } });

  it("refuses an operations employee another department's budgets", async () => {
    const res = await run('employee', 'sales-east');
    expect(res.status).toBe(403);
    expect(res.body.error).toMatchObject({
      code: 'REPORT_PARAM_OUT_OF_SCOPE',
      message: expect.stringContaining('sales-east'),
      messageZh: expect.stringContaining('sales-east'),
      details: [expect.objectContaining({ path: '/params/department' })],
    });
    expect(JSON.stringify(res.body)).not.toContain('8800');
    // Their manager heads operations (and the departments below it), not sales.
    expect((await run('manager', 'sales-east')).body.error.code).toBe('REPORT_PARAM_OUT_OF_SCOPE');
  });

  it('answers about their own department; finance asks about any', async () => {
    const own = await run('employee', 'operations');
    expect([own.status, own.body.rows.map((r: { budget: string }) => r.budget)]).toEqual([200, ['3000.00']]);
    const finance = await run('finance', 'sales-east');
    expect([finance.status, finance.body.rows.map((r: { budget: string }) => r.budget)]).toEqual([
      200,
      ['8800.00'],
    ]);
  });

  it("the claim's precheck (the rule's look-up, as the system) still sees the employee's budget", async () => {
    const precheck = await (
      await t.client('employee')
    ).post('/api/catalogue/finance-expense-claim/precheck', {
      data: {
        title: 'Trip',
        date: '2026-03-09',
        lines: [{ date: '2026-03-02', category: 'travel', amount: '3500.00' }],
      },
    });
    expect(precheck.status).toBe(200);
    expect(precheck.body.values).toMatchObject({ overrun: 500, overBudget: true });
  });
});
