// The finance module end to end through the HTTP API, in both run modes:
// enable finance; an expense claim over budget is warned about before submitting and takes the
// extra approval; the manager approves, then each step of the route a DMN table decides
// (department head above the threshold, budget approver, finance); the voucher appears balanced in
// the ledger; the trial balance balances; paying the claim posts the second voucher; a bank statement import reconciles it; a sales invoice is posted (a duplicate of it is
// refused) and the AR-overdue alert fires for it once the injectable clock passes its due date;
// disabling the module hides its catalogue entries and reports but keeps its data.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '#engine/ports/clock.ts';
import { MODES, startApp, type Client, type TestApp } from '../support/app-harness.ts';
import { waitFor } from '../support/wait-for.ts';

const DAY = 86_400_000;
const CLAIM = {
  title: 'Customer visit in Shanghai',
  date: '2026-03-09',
  lines: [
    {
      date: '2026-03-02',
      category: 'travel',
      description: 'Train and hotel',
      amount: '4200.00',
      invoiceRef: '33012345',
    },
    {
      date: '2026-03-03',
      category: 'meals',
      description: 'Dinner with the customer',
      amount: '1300.50',
      invoiceRef: '33012346',
    },
  ],
};

describe.each(MODES)('finance end to end (%s)', (mode) => {
  let t: TestApp;
  const clock = new ManualClock(Date.parse('2026-03-10T02:00:00Z'));
  let claimId = '';
  let instanceId = '';

  beforeAll(async () => {
    t = await startApp(mode, {
      platform: {
        clock,
        workers: true,
        sweepEveryMs: 0,
        automationRetryBackoffMs: 20,
        flowRetryBackoffMs: 20,
      },
    });
    await t.app.ready();
  });
  afterAll(() => t.close());

  const as = (who: string): Promise<Client> => t.client(who);
  const runsOf = async (automation: string) =>
    (await t.app.services.automations.runs.find({ automation })).items.filter((r) => r.status !== 'running');

  it('the admin installs and enables finance; finance sets a budget', async () => {
    const installed = await (await as('admin')).post('/api/modules/finance/install', { enable: true });
    expect([installed.status, installed.body.status]).toEqual([200, 'enabled']);
    const budget = await (
      await as('finance')
    ).post('/api/records/finance-budget', {
      data: { department: 'operations', category: 'travel', period: '2026-03', amount: '3000.00' },
    });
    expect(budget.status).toBe(201);
  });

  it('an employee sees the budget overrun before submitting, then submits the claim', async () => {
    const employee = await as('employee');
    expect((await employee.get('/api/catalogue')).body.items.map((e: { id: string }) => e.id)).toEqual([
      'finance-expense-claim',
    ]);
    const precheck = await employee.post('/api/catalogue/finance-expense-claim/precheck', { data: CLAIM });
    expect(precheck.body.warnings).toEqual([
      {
        code: 'BUDGET_EXCEEDED',
        message:
          "This claim exceeds your department's remaining budget by 1200; it will need an extra approval.",
        messageZh: '此报销超出本部门剩余预算 1200，需要额外审批。',
      },
    ]);
    // The rule's values: travel goes 1,200 over its 3,000; meals has no budget, so no limit.
    expect(precheck.body.values).toMatchObject({
      overrunByCategory: [{ category: 'travel', amount: 1200 }],
      overrun: 1200,
      overBudget: true,
    });
    const submitted = await employee.post('/api/catalogue/finance-expense-claim/submit', { data: CLAIM });
    expect(submitted.status).toBe(201);
    expect(submitted.body.record).toMatchObject({
      status: 'submitted',
      data: { total: '5500.50', period: '2026-03' },
    });
    claimId = submitted.body.record.id;
    instanceId = submitted.body.instanceId;
  });

  /** Waits for the claim's open task at `elementId` and approves it from `who`'s inbox. */
  async function approve(elementId: string, who: string): Promise<void> {
    const flows = t.app.services.flows;
    await waitFor(
      async () => (await flows.getInstance(instanceId)).openTasks.some((x) => x.elementId === elementId),
      20_000,
      `task ${elementId}`,
    );
    const client = await as(who);
    const inbox = await client.get('/api/tasks?processId=finance-expense-approval');
    const task = inbox.body.items.find(
      (x: { instanceId: string; elementId: string }) =>
        x.instanceId === instanceId && x.elementId === elementId,
    );
    expect(task, `${elementId} in the inbox of ${who}`).toBeDefined();
    const res = await client.post(`/api/tasks/${task.id}/approve`, { comment: `ok (${who})` });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
  }

  /** Who acts on each step of the route the decision table gave (the `levels` task's `step`). */
  const STEP_APPROVER: Record<string, string> = {
    deptHead: 'manager', // wu.hao heads operations
    budget: 'sun.li', // head of finance, the module's budget approver department
  };

  it('routes by the decision table: manager, department head (above 5,000), budget overrun approval, then finance', async () => {
    const flows = t.app.services.flows;
    await waitFor(
      async () => (await flows.getInstance(instanceId)).openTasks.length > 0,
      20_000,
      'the first task',
    );
    // The budget check ran first (the same rule as the precheck), then the table
    // finance-expense-route decided who approves between the manager and finance.
    expect((await flows.getInstance(instanceId)).variables).toMatchObject({
      overrun: 1200,
      overBudget: true,
      total: 5500.5,
      route: [
        { level: 'deptHead', department: 'operations', group: null },
        { level: 'budget', department: 'finance', group: null },
      ],
    });
    await approve('manager', 'manager'); // wu.hao, the requester's manager
    // Each step of the route in turn until finance's own review opens. wu.hao heads operations
    // too: the department-head step is his again (approved by him, or auto-approved as the same
    // approver).
    const seen: string[] = [];
    for (;;) {
      await waitFor(
        async () => {
          const i = await flows.getInstance(instanceId);
          return (
            i.status !== 'active' ||
            i.openTasks.some((x) => x.elementId === 'levels' || x.elementId === 'finance')
          );
        },
        20_000,
        'the next step of the route',
      );
      const now = await flows.getInstance(instanceId);
      const task = now.openTasks.find((x) => x.elementId === 'levels');
      if (!task) break;
      const step = (task.localVariables?.step as { level: string }).level;
      seen.push(step);
      await approve('levels', STEP_APPROVER[step]!);
      await waitFor(
        async () => {
          const i = await flows.getInstance(instanceId);
          return i.status !== 'active' || !i.openTasks.some((x) => x.id === task.id);
        },
        20_000,
        `step ${step} done`,
      );
    }
    expect(seen.filter((s) => s !== 'deptHead')).toEqual(['budget']);
    // Finance reviews every claim, in its own task after the routed steps.
    expect((await flows.getInstance(instanceId)).status).toBe('active');
    await approve('finance', 'finance'); // zhao.qiang, role finance
    await waitFor(
      async () => (await flows.getInstance(instanceId)).status !== 'active',
      20_000,
      'the flow ends',
    );
    const ended = await flows.getInstance(instanceId);
    expect(ended.status).toBe('completed');
    expect(ended.variables.outcome).toBe('approved');
    const completed = ended.history.filter((h) => h.type === 'task.completed');
    expect(completed.map((h) => h.elementId)).toEqual(['manager', 'levels', 'levels', 'finance']);
    expect(completed.map((h) => h.by ?? h.action)).toEqual([
      'wu.hao',
      seen.includes('deptHead') ? 'wu.hao' : expect.any(String),
      'sun.li',
      'zhao.qiang',
    ]);
    await waitFor(
      async () =>
        (await (await as('employee')).get(`/api/records/finance-expense-claim/${claimId}`)).body.status ===
        'approved',
      20_000,
      'status approved',
    );
  });

  it('posts a balanced voucher on approval, and the trial balance balances', async () => {
    const finance = await as('finance');
    await waitFor(
      async () => (await finance.get(`/api/ledger/vouchers?sourceId=${claimId}`)).body.items.length === 1,
      20_000,
      'the voucher',
    );
    const voucher = (await finance.get(`/api/ledger/vouchers?sourceId=${claimId}`)).body.items[0];
    expect(voucher).toMatchObject({
      totalDebit: '5500.50',
      totalCredit: '5500.50',
      date: '2026-03-09',
      period: '2026-03',
    });
    expect(
      voucher.lines.map((l: Record<string, string>) => [
        l.account,
        l.debit,
        l.credit,
        l.department,
        l.category ?? null,
      ]),
    ).toEqual([
      ['5602.01', '4200.00', '0.00', 'operations', 'travel'],
      ['5602.02', '1300.50', '0.00', 'operations', 'meals'],
      ['2241.01', '0.00', '5500.50', 'operations', null],
    ]);
    const tb = await finance.post('/api/reports/finance-trial-balance/run', {
      params: { period: '2026-03' },
    });
    expect(tb.body.totals).toEqual({ debit: '5500.50', credit: '5500.50', balance: '0.00' });
    const bva = await finance.post('/api/reports/finance-budget-vs-actual/run', {
      params: { period: '2026-03', department: 'operations' },
    });
    expect(bva.body.rows).toContainEqual(
      expect.objectContaining({
        category: 'travel',
        budget: '3000.00',
        actual: '4200.00',
        remaining: '-1200.00',
        usedPercent: '140.0',
      }),
    );
    // The employee was told; the expense report counts only what each reader may read.
    const inbox = await (await as('employee')).get('/api/notifications');
    expect(inbox.body.items.map((n: { title: { en: string } }) => n.title.en)).toContain(
      'Your expense claim “Customer visit in Shanghai” was approved',
    );
    // Once: the module's notice and the platform's general one share their key (one per request).
    expect(
      inbox.body.items.filter((n: { kind?: string }) => n.kind?.startsWith('request.')),
      JSON.stringify(inbox.body.items),
    ).toHaveLength(1);
    const mine = await (
      await as('employee')
    ).post('/api/reports/finance-expense-by-category/run', { params: { period: '2026-03' } });
    expect(mine.body.rows).toEqual([
      { category: 'travel', amount: '4200.00', items: 1, claims: 1 },
      { category: 'meals', amount: '1300.50', items: 1, claims: 1 },
    ]);
    expect(
      (await (await as('salesperson')).post('/api/reports/finance-expense-by-category/run', {})).body.rows,
    ).toEqual([]);
  });

  it('paying the claim posts the second voucher; the imported bank statement reconciles it', async () => {
    const finance = await as('finance');
    const claim = (await finance.get(`/api/records/finance-expense-claim/${claimId}`)).body;
    const paid = await finance.patch(`/api/records/finance-expense-claim/${claimId}`, {
      rev: claim.rev,
      patch: { paymentStatus: 'paid', paidOn: '2026-03-12' },
    });
    expect(paid.status).toBe(200);
    // The employee may not mark their own claim paid.
    const own = await (
      await as('employee')
    ).patch(`/api/records/finance-expense-claim/${claimId}`, {
      rev: paid.body.rev,
      patch: { paymentStatus: 'unpaid' },
    });
    expect(own.status).toBe(403);
    await waitFor(
      async () => (await finance.get(`/api/ledger/vouchers?sourceId=${claimId}`)).body.items.length === 2,
      20_000,
      'the payment voucher',
    );
    const payment = (await finance.get(`/api/ledger/vouchers?sourceId=${claimId}`)).body.items.find(
      (v: { source: { kind: string } }) => v.source.kind === 'payment',
    );
    expect(payment.lines.map((l: Record<string, string>) => [l.account, l.debit, l.credit])).toEqual([
      ['2241.01', '5500.50', '0.00'],
      ['1002', '0.00', '5500.50'],
    ]);
    const csv = [
      'account,date,amount,reference,description',
      `1002,2026-03-13,-5500.50,EXP-${claimId.slice(0, 8)},Reimbursement`,
      '1002,2026-03-14,-12.00,FEE-0314,Bank fee',
    ].join('\n');
    const imported = await finance.post('/api/records/finance-bank-line/import', {
      fileName: 'statement-2026-03.csv',
      content: Buffer.from(csv).toString('base64'),
      mode: 'commit',
    });
    expect([imported.status, imported.body.status, imported.body.imported]).toEqual([200, 'committed', 2]);
    const matched = await finance.post('/api/ledger/reconciliation/auto-match', {
      form: 'finance-bank-line',
      account: '1002',
    });
    expect(matched.body.matched).toEqual([
      expect.objectContaining({ voucherId: payment.id, amount: '-5500.50', auto: true }),
    ]);
    const report = await finance.get(
      '/api/ledger/reconciliation?form=finance-bank-line&account=1002&period=2026-03',
    );
    expect(report.body).toMatchObject({
      matchedCount: 1,
      matchedAmount: '-5500.50',
      statementTotal: '-5512.50',
      ledgerTotal: '-5500.50',
      difference: '-12.00',
      unmatchedLedger: [],
      reconciled: false,
    });
    expect(report.body.unmatchedStatement.map((s: { reference: string }) => s.reference)).toEqual([
      'FEE-0314',
    ]);
  });

  it('posts a sales invoice, refuses its duplicate, and alerts finance when it is overdue', async () => {
    const finance = await as('finance');
    const invoice = {
      kind: 'sales',
      partner: 'Suzhou Meida Electronics',
      invoiceCode: '3200261130',
      invoiceNumber: '10010099',
      date: '2026-03-10',
      dueDate: '2026-03-20',
      lines: [{ description: 'LED panels', amount: '10000.00', vatRate: '13' }],
      total: '11300.00',
    };
    const first = await finance.post('/api/catalogue/finance-invoice/submit', { data: invoice });
    expect(first.status).toBe(201);
    const statusOf = async (id: string) => (await finance.get(`/api/records/finance-invoice/${id}`)).body;
    await waitFor(
      async () => (await statusOf(first.body.record.id)).status === 'posted',
      20_000,
      'the invoice posted',
    );
    const posted = await finance.get(`/api/ledger/vouchers?sourceId=${first.body.record.id}`);
    expect(posted.body.items, JSON.stringify(posted.body)).toHaveLength(1);
    const voucher = posted.body.items[0];
    expect(voucher.lines.map((l: Record<string, string>) => [l.account, l.debit, l.credit])).toEqual([
      ['1122', '11300.00', '0.00'],
      ['5001', '0.00', '10000.00'],
      ['2221.02', '0.00', '1300.00'],
    ]);
    const dup = await finance.post('/api/catalogue/finance-invoice/submit', { data: invoice });
    await waitFor(
      async () => (await statusOf(dup.body.record.id)).status === 'rejected',
      20_000,
      'the duplicate rejected',
    );
    expect((await statusOf(dup.body.record.id)).data.rejection).toBe('DUPLICATE_INVOICE');
    // Totals that do not add up and VAT rates the settings do not allow are refused too.
    const wrongTotal = await finance.post('/api/catalogue/finance-invoice/submit', {
      data: { ...invoice, invoiceNumber: '10010100', total: '11299.99' },
    });
    const wrongRate = await finance.post('/api/catalogue/finance-invoice/submit', {
      data: {
        ...invoice,
        invoiceNumber: '10010101',
        lines: [{ description: 'LED panels', amount: '10000.00', vatRate: '7' }],
        total: '10700.00',
      },
    });
    // A purchase invoice at 0 % VAT: no VAT line in its voucher.
    const purchase = await finance.post('/api/catalogue/finance-invoice/submit', {
      data: {
        kind: 'purchase',
        partner: 'Ningbo Books',
        invoiceNumber: '20020099',
        date: '2026-03-10',
        lines: [{ description: 'Manuals', amount: '800.00', vatRate: '0' }],
        total: '800.00',
      },
    });
    await waitFor(
      async () => (await statusOf(wrongTotal.body.record.id)).status === 'rejected',
      20_000,
      'the wrong total rejected',
    );
    await waitFor(
      async () => (await statusOf(wrongRate.body.record.id)).status === 'rejected',
      20_000,
      'the wrong rate rejected',
    );
    await waitFor(
      async () => (await statusOf(purchase.body.record.id)).status === 'posted',
      20_000,
      'the purchase invoice posted',
    );
    expect([
      (await statusOf(wrongTotal.body.record.id)).data.rejection,
      (await statusOf(wrongRate.body.record.id)).data.rejection,
    ]).toEqual(['TOTAL_MISMATCH', 'VAT_RATE_NOT_ALLOWED']);
    const bought = (await finance.get(`/api/ledger/vouchers?sourceId=${purchase.body.record.id}`)).body
      .items[0];
    expect(bought.lines.map((l: Record<string, string>) => [l.account, l.debit, l.credit])).toEqual([
      ['1405', '800.00', '0.00'],
      ['2202', '0.00', '800.00'],
    ]);
    const badFormat = await finance.post('/api/catalogue/finance-invoice/submit', {
      data: { ...invoice, invoiceNumber: '123' },
    });
    expect(
      [badFormat.status, badFormat.body.error?.details?.[0]?.path],
      JSON.stringify(badFormat.body),
    ).toEqual([422, '/invoiceNumber']);

    const admin = await as('admin');
    const notYet = await admin.post('/api/automations/finance-ar-overdue-check/run', {});
    expect(notYet.body.status).toBe('succeeded');
    expect(
      (await finance.get('/api/notifications')).body.items.filter(
        (n: { kind: string }) => n.kind === 'report.alert',
      ),
    ).toEqual([]);
    clock.advance(15 * DAY); // 2026-03-25: five days past due (sessions end too: log in again)
    const due = await (await as('admin')).post('/api/automations/finance-ar-overdue-check/run', {});
    expect(due.body.steps[0].result).toEqual({
      fired: [{ report: 'finance-ar-overdue', alert: 'any-overdue', value: 1 }],
    });
    const financeNow = await as('finance');
    const alerts = (await financeNow.get('/api/notifications')).body.items.filter(
      (n: { kind: string }) => n.kind === 'report.alert',
    );
    expect(alerts.map((n: { title: { en: string }; link: string }) => [n.title.en, n.link])).toEqual([
      [
        '1 sales invoice(s) are overdue: follow up with the customers.',
        // The alert opens the overdue invoices themselves: the invoice list, filtered as the report.
        `/records/finance-invoice?where=${encodeURIComponent(
          JSON.stringify({
            'data.kind': 'sales',
            status: 'posted',
            'data.paymentStatus': { ne: 'paid' },
            'data.dueDate': { lt: '2026-03-25' },
          }),
        )}`,
      ],
    ]);
    const aging = await financeNow.post('/api/reports/finance-ar-aging/run', {});
    expect(aging.body.rows).toEqual([{ age: '1-30', amount: '11300.00', invoices: 1 }]);
    expect((await runsOf('finance-post-expense-voucher')).map((r) => r.status)).toEqual(['succeeded']);
  });

  it('disabling the module hides its catalogue entries and reports and keeps its data', async () => {
    expect((await (await as('admin')).post('/api/modules/finance/disable', {})).body.status).toBe('disabled');
    const employee = await as('employee');
    expect((await employee.get('/api/catalogue')).body.items).toEqual([]);
    expect((await employee.get('/api/reports')).body.items).toEqual([]);
    const claim = await employee.get(`/api/records/finance-expense-claim/${claimId}`);
    expect([claim.status, claim.body.status, claim.body.data.total]).toEqual([200, 'approved', '5500.50']);
    expect(
      (await (await as('finance')).get(`/api/ledger/vouchers?sourceId=${claimId}`)).body.items,
    ).toHaveLength(2);
  });
});
