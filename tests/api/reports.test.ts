// Reports, dashboards, notifications, automations and the ledger through HTTP in both run modes:
// who may see and run what (403/404 with codes), parameter errors at their paths, the reader's
// own notification centre, the automation run log, reconciliation input checks.
import Big from 'big.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MODES, startApp, type TestApp } from '../support/app-harness.ts';
import { waitFor } from '../support/wait-for.ts';

describe.each(MODES)('reports and friends API (%s)', (mode) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startApp(mode, { platform: { workers: true, sweepEveryMs: 0 } });
    await t.app.ready();
    expect(
      (await (await t.client('admin')).post('/api/modules/finance/install', { enable: true })).status,
    ).toBe(200);
  });
  afterAll(() => t.close());

  it('lists and runs the reports each role may run', async () => {
    const ids = async (who: string) =>
      (await (await t.client(who)).get('/api/reports')).body.items.map((r: { id: string }) => r.id);
    expect(await ids('employee')).toEqual(['finance-budget-check', 'finance-expense-by-category']);
    expect(await ids('finance')).toHaveLength(13);
    const employee = await t.client('employee');
    const denied = await employee.post('/api/reports/finance-trial-balance/run', {});
    expect([denied.status, denied.body.error.code]).toEqual([403, 'FORBIDDEN']);
    expect((await employee.get('/api/reports/finance-trial-balance')).status).toBe(403);
    const definition = await employee.get('/api/reports/finance-budget-check');
    expect(definition.body).toMatchObject({
      id: 'finance-budget-check',
      scope: 'all',
      measures: expect.any(Array),
    });
    const missing = await employee.post('/api/reports/finance-budget-check/run', {
      params: { department: 'operations' },
    });
    expect([missing.status, missing.body.error.code, missing.body.error.details[0].path]).toEqual([
      400,
      'REPORT_PARAM_MISSING',
      '/params/period',
    ]);
    const wrong = await employee.post('/api/reports/finance-budget-check/run', {
      params: { department: 'operations', period: 'March' },
    });
    expect([wrong.status, wrong.body.error.code]).toEqual([400, 'REPORT_PARAM_INVALID']);
    const ok = await employee.post('/api/reports/finance-budget-check/run', {
      params: { department: 'operations', period: '2026-01' },
    });
    expect([ok.status, ok.body.rows, ok.body.rowCount]).toEqual([200, [], 0]);
    expect((await employee.post('/api/reports/finance-nope/run', {})).body.error.code).toBe(
      'REPORT_NOT_FOUND',
    );
    expect((await employee.post('/api/reports/finance-budget-check/run', { params: [] })).status).toBe(400);
  });

  it('shows dashboards to their roles', async () => {
    const finance = await t.client('finance');
    expect((await finance.get('/api/dashboards')).body.items.map((d: { id: string }) => d.id)).toEqual([
      'finance-management',
      'finance-overview',
    ]);
    const board = await finance.get('/api/dashboards/finance-overview');
    expect(board.body.cards.map((c: { report: string }) => c.report)).toHaveLength(12);
    const employee = await t.client('employee');
    expect((await employee.get('/api/dashboards')).body.items).toEqual([]);
    expect((await employee.get('/api/dashboards/finance-overview')).body.error.code).toBe(
      'DASHBOARD_NOT_FOUND',
    );
  });

  it('keeps each reader’s notification centre to themselves', async () => {
    await t.app.services.notifications.send({
      to: { users: ['zheng.xin'] },
      title: { en: 'Hello', 'zh-CN': '你好' },
    });
    const employee = await t.client('employee');
    expect((await employee.get('/api/notifications/unread-count')).body).toEqual({ unread: 1 });
    const list = await employee.get('/api/notifications?unread=true&limit=5');
    expect(
      list.body.items.map((n: { title: { en: string }; read: boolean }) => [n.title.en, n.read]),
    ).toEqual([['Hello', false]]);
    const id = list.body.items[0].id;
    expect((await (await t.client('finance')).post('/api/notifications/read', { ids: [id] })).body).toEqual({
      changed: 0,
    });
    expect((await employee.post('/api/notifications/read', {})).status).toBe(400);
    expect((await employee.post('/api/notifications/read', { ids: [id] })).body).toEqual({ changed: 1 });
    expect((await employee.get('/api/notifications/unread-count')).body).toEqual({ unread: 0 });
    expect((await t.anonymous().get('/api/notifications')).status).toBe(401);
  });

  it('shows automations and their run log to those allowed; admins run schedules now', async () => {
    const finance = await t.client('finance');
    const list = await finance.get('/api/automations?module=finance');
    expect(list.body.items.map((a: { id: string }) => a.id)).toEqual([
      'finance-ar-overdue-check',
      'finance-bank-auto-match',
      'finance-close-period',
      'finance-notify-claim-outcome',
      'finance-post-expense-payment',
      'finance-post-expense-voucher',
      'finance-post-invoice-settlement',
      'finance-report-deliveries',
      'finance-reverse-expense-payment',
      'finance-reverse-expense-voucher',
    ]);
    expect((await (await t.client('employee')).get('/api/automations')).status).toBe(403);
    expect((await finance.post('/api/automations/finance-ar-overdue-check/run', {})).status).toBe(403);
    const admin = await t.client('admin');
    const run = await admin.post('/api/automations/finance-ar-overdue-check/run', {});
    expect(run.body).toMatchObject({
      status: 'succeeded',
      automation: 'finance-ar-overdue-check',
      steps: [{ action: 'report.alerts', status: 'succeeded' }],
    });
    const runs = await finance.get('/api/automations/finance-ar-overdue-check/runs');
    expect(runs.body.items.map((r: { id: string }) => r.id)).toEqual([run.body.id]);
    const notScheduled = await admin.post('/api/automations/finance-close-period/run', {});
    expect([notScheduled.status, notScheduled.body.error.code]).toEqual([400, 'AUTOMATION_NOT_SCHEDULED']);
    expect((await admin.get('/api/automations/finance-nope')).status).toBe(404);
  });

  it('guards the ledger: readers, reconciliation input, unknown vouchers', async () => {
    const finance = await t.client('finance');
    expect((await finance.get('/api/ledger/vouchers')).body).toEqual({ items: [], nextCursor: null });
    expect((await (await t.client('employee')).get('/api/ledger/vouchers')).status).toBe(403);
    expect((await finance.get('/api/ledger/vouchers?period=2026-13')).status).toBe(400);
    expect((await finance.get(`/api/ledger/vouchers/v-${'0'.repeat(32)}`)).body.error.code).toBe(
      'VOUCHER_NOT_FOUND',
    );
    const badMatch = await finance.post('/api/ledger/reconciliation/match', {
      form: 'finance-bank-line',
      recordId: 'x',
      voucherId: 'nope',
      lineNo: 1,
    });
    expect([badMatch.status, badMatch.body.error.details[0].path]).toEqual([400, '/voucherId']);
    const missing = await finance.post('/api/ledger/reconciliation/unmatch', {
      form: 'finance-bank-line',
      recordId: 'x',
    });
    expect([missing.status, missing.body.error.code]).toEqual([404, 'MATCH_NOT_FOUND']);
    expect((await finance.get('/api/ledger/periods')).body.items).toEqual([]);
    // Closing a fiscal period (a finance record) closes it in the ledger through an automation.
    const periods = await finance.get('/api/records/finance-fiscal-period?limit=1');
    const march = periods.body.items[0];
    const closed = await finance.patch(`/api/records/finance-fiscal-period/${march.id}`, {
      rev: march.rev,
      patch: { status: 'closed' },
    });
    expect(closed.status).toBe(200);
    await waitFor(
      async () => (await finance.get('/api/ledger/periods')).body.items.length === 1,
      15_000,
      'the period closed in the ledger',
    );
    expect((await finance.get('/api/ledger/periods')).body.items[0]).toMatchObject({
      period: march.data.period,
      status: 'closed',
    });
  });

  it('draws the balance sheet and income statement from the ledger by their lines, listing unmapped accounts', async () => {
    const finance = await t.client('finance');
    const chart = await finance.get('/api/records/finance-account?limit=100');
    const accounts = new Map<string, { type: string }>(
      chart.body.items.map((r: { data: { code: string; type: string } }) => [
        r.data.code,
        { type: r.data.type },
      ]),
    );
    const post = (
      id: string,
      date: string,
      lines: Array<{ account: string; debit?: string; credit?: string }>,
    ) =>
      t.app.services.ledger.post(
        { source: { kind: 'test', id }, date, lines },
        { by: 'automation:test', accounts },
      );
    await post('capital', '2027-02-01', [
      { account: '1002', debit: '1000.00' },
      { account: '3001', credit: '1000.00' },
    ]);
    await post('sale', '2027-02-10', [
      { account: '1122', debit: '1130.00' },
      { account: '5001', credit: '1000.00' },
      { account: '2221.02', credit: '130.00' },
    ]);
    await post('office', '2027-02-20', [
      { account: '5602.03', debit: '200.00' },
      { account: '1002', credit: '200.00' },
    ]);
    const sheet = await finance.post('/api/reports/finance-balance-sheet/run', {
      params: { date: '2027-02-28' },
    });
    expect(sheet.status, JSON.stringify(sheet.body)).toBe(200);
    const line = (key: string) => sheet.body.rows.find((r: { line: string }) => r.line === key);
    expect(line('01 货币资金')).toMatchObject({ assets: '800.00' }); // 1000 − 200
    expect(line('03 应收账款')).toMatchObject({ assets: '1130.00' });
    expect(line('15 应交税费')).toMatchObject({ liabilitiesEquity: '130.00' });
    expect(line('21 实收资本')).toMatchObject({ liabilitiesEquity: '1000.00' });
    expect(line('24 未分配利润')).toMatchObject({ liabilitiesEquity: '800.00' }); // this year's profit
    expect(sheet.body.totals).toEqual({ assets: '1930.00', liabilitiesEquity: '1930.00' });
    expect(sheet.body.unmapped).toEqual([]);
    // Before the sale only the capital counts.
    const early = await finance.post('/api/reports/finance-balance-sheet/run', {
      params: { date: '2027-02-05' },
    });
    expect(early.body.totals).toEqual({ assets: '1000.00', liabilitiesEquity: '1000.00' });

    const income = await finance.post('/api/reports/finance-income-statement/run', {
      params: { from: '2027-02-01', to: '2027-02-28' },
    });
    const item = (key: string) => income.body.rows.find((r: { line: string }) => r.line === key);
    expect(item('01 营业收入')).toMatchObject({ income: '1000.00', costs: '0.00' });
    expect(item('05 管理费用')).toMatchObject({ income: '0.00', costs: '200.00' });
    expect(income.body.totals).toMatchObject({ income: '1000.00', costs: '200.00', profit: '800.00' });

    // An account of the chart that no line maps is listed, before anything is posted to it.
    const added = await finance.post('/api/records/finance-account', {
      data: { code: '1901', name: 'Unsettled losses', nameZh: '待处理财产损溢', type: 'asset', active: true },
    });
    expect(added.status, JSON.stringify(added.body)).toBe(201);
    const checked = await finance.post('/api/reports/finance-balance-sheet/run', {});
    expect(checked.body.unmapped).toEqual(['1901']);
  });

  it('draws the cash-flow statement from cash movements by counter-account, closing − opening = net increase', async () => {
    const finance = await t.client('finance');
    const chart = await finance.get('/api/records/finance-account?limit=100');
    const accounts = new Map<string, { type: string; cash?: boolean }>(
      chart.body.items.map((r: { data: { code: string; type: string; cash?: boolean } }) => [
        r.data.code,
        { type: r.data.type, ...(r.data.cash ? { cash: true } : {}) },
      ]),
    );
    const post = (
      id: string,
      date: string,
      lines: Array<{ account: string; debit?: string; credit?: string }>,
    ) =>
      t.app.services.ledger.post(
        { source: { kind: 'test', id }, date, lines },
        { by: 'automation:test', accounts },
      );
    const run = (params: Record<string, string>) =>
      finance.post('/api/reports/finance-cash-flow-statement/run', { params });
    const before = (await run({ from: '2027-04-01', to: '2027-04-30' })).body;
    expect(before.totals.amount).toBe('0.00');
    const opening = new Big(before.totals.opening as string);

    await post('cf-cash-in', '2027-03-31', [
      { account: '1001', debit: '300.00' },
      { account: '3001', credit: '300.00' },
    ]);
    await post('cf-receipt', '2027-04-02', [
      { account: '1002', debit: '1130.00' },
      { account: '1122', credit: '1130.00' },
    ]);
    await post('cf-cash-sale', '2027-04-03', [
      { account: '1001', debit: '113.00' },
      { account: '5001', credit: '100.00' },
      { account: '2221.02', credit: '13.00' },
    ]);
    await post('cf-loan', '2027-04-05', [
      { account: '1002', debit: '8000.00' },
      { account: '2001', credit: '8000.00' },
    ]);
    // One payment settling a supplier and a bank fee: two lines of the statement, nothing split.
    await post('cf-supplier', '2027-04-08', [
      { account: '2202', debit: '800.00' },
      { account: '5603', debit: '1.50' },
      { account: '1002', credit: '801.50' },
    ]);
    await post('cf-withdraw', '2027-04-10', [
      { account: '1001', debit: '200.00' },
      { account: '1002', credit: '200.00' },
    ]);
    await post('cf-repay', '2027-04-12', [
      { account: '2001', debit: '1000.00' },
      { account: '1002', credit: '1000.00' },
    ]);
    await post('cf-equipment', '2027-04-15', [
      { account: '1601', debit: '2400.00' },
      { account: '1002', credit: '2400.00' },
    ]);
    await post('cf-wages', '2027-04-20', [
      { account: '2211', debit: '3000.00' },
      { account: '1002', credit: '3000.00' },
    ]);
    // Stock sold at cost for cash: no line of the statement classifies it.
    await post('cf-odd', '2027-04-25', [
      { account: '1002', debit: '50.00' },
      { account: '1405', credit: '50.00' },
    ]);
    await post('cf-may', '2027-05-02', [
      { account: '1002', debit: '10.00' },
      { account: '5051', credit: '10.00' },
    ]);

    const statement = await run({ from: '2027-04-01', to: '2027-04-30' });
    expect(statement.status, JSON.stringify(statement.body)).toBe(200);
    const lines = Object.fromEntries(
      statement.body.rows.map((r: { line: string | null; amount: string }) => [r.line ?? '-', r.amount]),
    );
    expect(lines).toEqual({
      '-': '50.00', // the unclassified movement (and the opening and closing balances)
      '01 销售产成品、商品、提供劳务收到的现金': '1243.00',
      '03 购买原材料、商品、接受劳务支付的现金': '-800.00',
      '04 支付的职工薪酬': '-3000.00',
      '06 支付其他与经营活动有关的现金': '-1.50',
      '12 购建固定资产、无形资产和其他非流动资产支付的现金': '-2400.00',
      '14 取得借款收到的现金': '8000.00',
      '16 偿还借款本金支付的现金': '-1000.00',
      // The statute's subtotals: each activity's net, and all of them.
      '07 经营活动产生的现金流量净额': '-2558.50',
      '13 投资活动产生的现金流量净额': '-2400.00',
      '19 筹资活动产生的现金流量净额': '7000.00',
      '20 现金净增加额（各项目合计）': '2041.50', // 50.00 short of closing − opening: unclassified
    });
    expect(statement.body.unmapped).toEqual(['in:1405']);
    const open = opening.plus('300').toFixed(2);
    expect(statement.body.totals).toEqual({
      amount: '2091.50',
      opening: open,
      closing: new Big(open).plus('2091.50').toFixed(2),
      increase: '2091.50',
    });
    // Every period: the movements add up to closing − opening.
    const march = (await run({ from: '2027-03-01', to: '2027-03-31' })).body;
    expect(march.totals.increase).toBe(march.totals.amount);
    expect(march.rows.find((r: { line: string }) => r.line === '15 吸收投资者投资收到的现金').amount).toBe(
      '300.00',
    );
    // The period is required, at its path.
    const missing = await run({ from: '2027-04-01' });
    expect([missing.status, missing.body.error.code, missing.body.error.details[0].path]).toEqual([
      400,
      'REPORT_PARAM_MISSING',
      '/params/to',
    ]);
    expect(
      (await (await t.client('employee')).post('/api/reports/finance-cash-flow-statement/run', {})).status,
    ).toBe(403);
  });

  it('each dashboard card agrees with its report run alone, and drill-down keeps to the reader', async () => {
    const finance = await t.client('finance');
    const board = await finance.get('/api/dashboards/finance-overview');
    for (const card of board.body.cards.filter((c: { result?: unknown }) => c.result)) {
      const alone = await finance.post(`/api/reports/${card.report}/run`, {});
      expect([card.report, card.result.rows, card.result.totals]).toEqual([
        card.report,
        alone.body.rows,
        alone.body.totals,
      ]);
    }
    const kpi = board.body.cards.find(
      (c: { title?: { en: string } }) => c.title?.en === 'Revenue this month',
    );
    expect(kpi.chart).toEqual({ type: 'number', x: 'month', y: ['revenue'], compare: 'previous' });
    const rows = await finance.post('/api/reports/finance-pnl-by-month/drill', {
      group: { month: '2027-02' },
      measure: 'revenue',
    });
    // The sale's revenue line, as the revenue measure counts it (credit side, sign flipped).
    expect([rows.body.total, rows.body.rows[0].values]).toEqual([
      1,
      { month: '2027-02', revenue: '1000.00', expenses: null },
    ]);
    const employee = await t.client('employee');
    expect((await employee.post('/api/reports/finance-pnl-by-month/drill', { group: {} })).status).toBe(403);
  });

  // Four module installs, each creating forms and indexes: on FerretDB those alone take ~20–40 s.
  it('the management dashboard shows the cards of enabled modules, each equal to its module’s report', async () => {
    const agrees = async (who: string, expected: string[]) => {
      const client = await t.client(who);
      const board = await client.get('/api/dashboards/finance-management');
      expect(board.status, JSON.stringify(board.body)).toBe(200);
      expect(board.body.cards.map((c: { report: string }) => c.report)).toEqual(expected);
      for (const card of board.body.cards) {
        expect(card.error).toBeUndefined();
        const alone = await client.post(`/api/reports/${card.report}/run`, {});
        expect([card.report, card.result.totals]).toEqual([card.report, alone.body.totals]);
      }
    };
    const finance = [
      'finance-pnl-by-month',
      'finance-ar-overdue',
      'finance-cash-position',
      'finance-budget-vs-actual',
    ];
    // Neither inventory nor CRM is installed: their cards are left out, not shown as errors.
    await agrees('finance', finance);
    const admin = await t.client('admin');
    const installed = await admin.post('/api/modules/inventory/install', { enable: true });
    expect(installed.status, JSON.stringify(installed.body)).toBe(200);
    // Turnover by hand: 10 in at 5.00 in January, 4 delivered in February (cost 20.00): February's
    // opening value 50.00, closing 30.00, average 40.00, turnover 20.00 / 40.00 = 0.50.
    const post = (id: string, date: string, qty: string, kind: string, rate?: string) =>
      t.app.services.stock.post(
        {
          source: { form: 'test', id, kind },
          postingDate: date,
          lines: [{ item: 'TURN', warehouse: 'A', qty, ...(rate ? { rate } : {}) }],
        },
        { by: 'test' },
      );
    await post('turn-in', '2026-01-10', '10', 'receipt', '5');
    await post('turn-out', '2026-02-05', '-4', 'delivery');
    const turnover = await admin.post('/api/reports/inventory-turnover/run', {
      params: { from: '2026-02-01', to: '2026-02-28' },
    });
    expect(turnover.body.totals).toEqual({
      cogs: '20.00',
      opening: '50.00',
      closing: '30.00',
      averageStock: '40.00',
      turnover: '0.50',
    });
    // The inventory cards appear for those who may read them (their figures: the reports').
    await agrees('admin', [...finance, 'inventory-turnover', 'inventory-stock-balance']);
    expect((await admin.post('/api/modules/cn-calendar/install', { enable: true })).status).toBe(200);
    const crm = await admin.post('/api/modules/crm/install', { enable: true });
    expect(crm.status, JSON.stringify(crm.body)).toBe(200);
    await agrees('admin', [
      ...finance,
      'inventory-turnover',
      'inventory-stock-balance',
      'crm-inactive-customers',
    ]);
    // Gross profit needs both purchasing & sales and inventory (figures: tests/e2e/trade/stock.test.ts).
    const trade = await admin.post('/api/modules/purchasing-sales/install', { enable: true });
    expect(trade.status, JSON.stringify(trade.body)).toBe(200);
    await agrees('admin', [
      ...finance,
      'inventory-turnover',
      'inventory-stock-balance',
      'purchasing-sales-gross-profit',
      'crm-inactive-customers',
    ]);
    expect((await admin.post('/api/modules/inventory/disable', {})).status).toBe(200);
    await agrees('admin', [...finance, 'crm-inactive-customers']);
  }, 120_000);
});
