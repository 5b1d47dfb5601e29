// Reports at run time in both run modes: the reader's row rules apply to every source (or not,
// for scope 'all'), restricted and encrypted fields cannot be reported on, parameters are
// checked, unions combine records and ledger lines, arrays unwind, threshold alerts notify once per
// crossing, dashboards show the cards their reader may run.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FormDefinition, Report } from '#schemas/generated/index.ts';
import type { Grant, Principal } from '#engine/core/permissions/access.ts';
import { systemActor } from '#engine/services/modules/system-actor.ts';
import { MODES, openPlatform, type PlatformHarness } from '../modules/support.ts';

const SALE: FormDefinition = {
  id: 'test-sale',
  module: 'test',
  name: { en: 'Sale', 'zh-CN': '销售' },
  schema: {
    type: 'object',
    properties: {
      region: { type: 'string' },
      date: { type: 'string', format: 'date' },
      amount: { type: 'string', format: 'money' },
      phone: { type: 'string' },
      lines: {
        type: 'array',
        items: { type: 'object', properties: { sku: { type: 'string' }, qty: { type: 'integer' } } },
      },
    },
    required: ['region', 'amount'],
  },
  sensitiveFields: ['phone'],
  labels: Object.fromEntries(
    ['region', 'date', 'amount', 'phone', 'lines', 'lines.sku', 'lines.qty'].map((f) => [
      f,
      { en: f, 'zh-CN': f },
    ]),
  ),
};

const report = (id: string, extra: Partial<Report>): Report =>
  ({
    id: `test.${id}`,
    name: { en: id, 'zh-CN': id },
    source: { form: 'test-sale' },
    measures: [{ op: 'sum', field: 'data.amount', as: 'amount' }],
    ...extra,
  }) as Report;

const REPORTS: Report[] = [
  report('by-region', {
    groupBy: [{ field: 'data.region', as: 'region' }],
    measures: [
      { op: 'sum', field: 'data.amount', as: 'amount' },
      { op: 'count', as: 'sales' },
    ],
    parameters: [{ name: 'from', type: 'date' }],
    filters: [{ field: 'data.date', op: 'gte', value: '=params.from' }],
    alerts: [
      {
        id: 'busy',
        measure: 'sales',
        op: 'gte',
        value: 4,
        notifyRole: 'manager',
        message: { en: '{value} sales', 'zh-CN': '{value} 笔销售' },
      },
    ],
  }),
  report('everyone', { scope: 'all', groupBy: [{ field: 'data.region', as: 'region' }] }),
  report('phones', { groupBy: [{ field: 'data.phone' }] }),
  report('strict', {
    parameters: [
      { name: 'region', type: 'string', required: true },
      { name: 'n', type: 'number' },
    ],
    filters: [{ field: 'data.region', op: 'eq', value: '=params.region' }],
  }),
  report('skus', {
    source: { form: 'test-sale', unwind: 'data.lines' },
    groupBy: [{ field: 'data.lines.sku', as: 'sku' }],
    measures: [{ op: 'sum', field: 'data.lines.qty', as: 'qty' }],
  }),
  report('ledger-months', {
    source: { collection: 'ledger', unwind: 'lines' },
    filters: [{ field: 'book', op: 'eq', value: 'plan' }],
    groupBy: [
      { field: 'period', as: 'month' },
      { field: 'lines.department', as: 'department' },
    ],
    measures: [
      { op: 'sum', field: 'lines.debit', as: 'debit' },
      {
        op: 'sum',
        field: 'lines.balance',
        as: 'cash',
        where: [{ field: 'lines.account', op: 'eq', value: '1002' }],
      },
      { op: 'count', as: 'lines' },
      { op: 'avg', field: 'lines.debit', as: 'avgDebit' },
      { op: 'distinct', field: 'lines.account', as: 'accounts' },
    ],
  }),
  report('vs-ledger', {
    source: {
      union: [
        { form: 'test-sale', fields: { region: 'data.region', booked: 'data.amount', paid: null } },
        {
          collection: 'ledger',
          unwind: 'lines',
          filters: [{ field: 'lines.account', op: 'eq', value: '1002' }],
          fields: { region: 'lines.department', booked: null, paid: 'lines.balance' },
        },
      ],
    },
    groupBy: [{ field: 'region' }],
    measures: [
      { op: 'sum', field: 'booked', as: 'booked' },
      { op: 'sum', field: 'paid', as: 'paid' },
      { op: 'calc', expression: 'booked - paid', as: 'open' },
    ],
  }),
];

const principal = (userId: string, grants: Grant[], roles = ['employee']): Principal => ({
  userId,
  login: userId,
  roles,
  locale: 'en',
  grants,
});
const readReports: Grant = { resource: 'report:*', actions: ['read'] };
const wang = principal('wang.fang', [
  { resource: 'record:test-sale', actions: ['read'], rows: { type: 'own' } },
  readReports,
]);
const boss = principal('chen.wei', [
  { resource: 'record:test-sale', actions: ['read'] },
  { resource: 'ledger', actions: ['read'] },
  readReports,
]);
const masked = principal('li.lei', [
  { resource: 'record:test-sale', actions: ['read'], fields: { masked: ['data.region'] } },
  readReports,
]);
const nobody = principal('zheng.xin', [{ resource: 'record:test-sale', actions: ['read'] }]);

describe.each(MODES)('reports (%s)', (mode) => {
  let h: PlatformHarness;
  beforeAll(async () => {
    h = await openPlatform(mode);
    const { forms, records, reports, store } = h.platform;
    await forms.publishDefinition(systemActor('forms', 'update'), SALE);
    await store.collection('modules').insert({
      id: 'test',
      enabled: true,
      installed: true,
      settings: {},
      problems: [],
      name: { en: 't', 'zh-CN': 't' },
      description: { en: 't', 'zh-CN': 't' },
    });
    await reports.replaceModule('test', REPORTS, [
      {
        id: 'test.board',
        name: { en: 'Board', 'zh-CN': '看板' },
        cards: [{ report: 'test.by-region' }, { report: 'test.strict', params: { region: 'east' } }],
      },
    ]);
    const sale = (
      owner: string,
      region: string,
      amount: string,
      date: string,
      lines: Array<{ sku: string; qty: number }> = [],
    ) =>
      records.create(
        systemActor('record:test-sale', 'create'),
        'test-sale',
        { region, amount, date, phone: '13800000000', lines },
        { owner },
      );
    await sale('wang.fang', 'east', '100.10', '2026-01-05', [
      { sku: 'A', qty: 2 },
      { sku: 'B', qty: 1 },
    ]);
    await sale('wang.fang', 'north', '0.20', '2026-02-05', [{ sku: 'A', qty: 3 }]);
    await sale('li.lei', 'east', '50.00', '2026-03-05');
  });
  afterAll(() => h.close());

  it("applies the reader's row rules (viewer scope) and not for scope 'all'", async () => {
    const { reports } = h.platform;
    expect((await reports.run(wang, 'test.by-region')).rows).toEqual([
      { region: 'east', amount: '100.10', sales: 1 },
      { region: 'north', amount: '0.20', sales: 1 },
    ]);
    expect((await reports.run(boss, 'test.by-region')).totals).toEqual({ amount: '150.30', sales: 3 });
    expect((await reports.run(wang, 'test.everyone')).rows).toEqual([
      { region: 'east', amount: '150.10' },
      { region: 'north', amount: '0.20' },
    ]);
    expect((await reports.run(wang, 'test.by-region', { from: '2026-02-01' })).totals).toEqual({
      amount: '0.20',
      sales: 1,
    });
  });

  it('refuses readers without the report grant, hidden or encrypted fields, bad parameters', async () => {
    const { reports } = h.platform;
    await expect(reports.run(nobody, 'test.by-region')).rejects.toMatchObject({
      status: 403,
      code: 'FORBIDDEN',
    });
    await expect(reports.run(masked, 'test.by-region')).rejects.toMatchObject({
      status: 403,
      code: 'REPORT_FIELD_RESTRICTED',
    });
    await expect(reports.run(boss, 'test.phones')).rejects.toMatchObject({
      status: 422,
      code: 'REPORT_FIELD_SENSITIVE',
    });
    await expect(reports.run(boss, 'test.strict')).rejects.toMatchObject({
      status: 400,
      code: 'REPORT_PARAM_MISSING',
      details: [{ path: '/params/region' }],
    });
    await expect(reports.run(boss, 'test.strict', { region: 'east', zone: 1 })).rejects.toMatchObject({
      code: 'REPORT_PARAM_UNKNOWN',
    });
    await expect(reports.run(boss, 'test.strict', { region: 'east', n: 'many' })).rejects.toMatchObject({
      code: 'REPORT_PARAM_INVALID',
    });
    expect((await reports.run(boss, 'test.strict', { region: 'east', n: '2' })).totals).toEqual({
      amount: '150.10',
    });
    await expect(reports.run(boss, 'test.nope')).rejects.toMatchObject({
      status: 404,
      code: 'REPORT_NOT_FOUND',
    });
  });

  it('unwinds arrays and unions records with ledger lines', async () => {
    const { reports, ledger } = h.platform;
    expect((await reports.run(boss, 'test.skus')).rows).toEqual([
      { sku: 'A', qty: '5.00' },
      { sku: 'B', qty: '1.00' },
    ]);
    await ledger.post(
      {
        date: '2026-03-06',
        source: { id: 'pay-1' },
        lines: [
          { account: '1002', debit: '60.05', department: 'east' },
          { account: '1122', credit: '60.05' },
        ],
      },
      { by: 't' },
    );
    expect((await reports.run(boss, 'test.vs-ledger')).rows).toEqual([
      { region: 'east', booked: '150.10', paid: '60.05', open: '90.05' },
      { region: 'north', booked: '0.20', paid: '0.00', open: '0.20' },
    ]);
    // A reader without the ledger grant sees the records part only.
    expect((await reports.run(wang, 'test.vs-ledger')).totals).toEqual({
      booked: '100.30',
      paid: '0.00',
      open: '100.30',
    });
  });

  it('answers ledger reports from day summaries as from the lines, a back-dated voucher included', async () => {
    const { reports, ledger, store } = h.platform;
    const post = (
      id: string,
      date: string,
      debit: string,
      credit: string,
      amount: string,
      department: string,
    ) =>
      ledger.post(
        {
          book: 'plan',
          date,
          source: { id },
          lines: [
            { account: debit, debit: amount, department },
            { account: credit, credit: amount, department },
          ],
        },
        { by: 't' },
      );
    await post('plan-1', '2026-03-10', '1002', '5001', '100.10', 'east');
    await post('plan-2', '2026-03-11', '1002', '5001', '0.20', 'east');
    await post('plan-3', '2026-04-01', '6601', '1002', '33.33', 'west');
    const both = async () => {
      const summarised = await reports.run(boss, 'test.ledger-months');
      const fromLines = await reports.run(boss, 'test.ledger-months', {}, { rows: true });
      return { summarised, fromLines };
    };
    let { summarised, fromLines } = await both();
    expect(summarised.rows).toEqual([
      {
        month: '2026-03',
        department: 'east',
        debit: '100.30',
        cash: '100.30',
        lines: 4,
        avgDebit: '25.08',
        accounts: 2,
      },
      {
        month: '2026-04',
        department: 'west',
        debit: '33.33',
        cash: '-33.33',
        lines: 2,
        avgDebit: '16.67',
        accounts: 2,
      },
    ]);
    expect({ ...summarised, generatedAt: '' }).toEqual({ ...fromLines, generatedAt: '' });

    // Posted today into January: January's day summary takes it.
    await post('plan-4', '2026-01-20', '1002', '5001', '5.00', 'east');
    ({ summarised, fromLines } = await both());
    expect(summarised.rows[0]).toEqual({
      month: '2026-01',
      department: 'east',
      debit: '5.00',
      cash: '5.00',
      lines: 2,
      avgDebit: '2.50',
      accounts: 2,
    });
    expect(summarised.rowCount).toBe(8);
    expect({ ...summarised, generatedAt: '' }).toEqual({ ...fromLines, generatedAt: '' });

    // The figures come from the summaries: one altered by hand (and its change announced, as every
    // writer of summaries does) shows, the lines do not...
    const days = store.collection<{
      date: string;
      entries: Array<{ line: { account: string }; debit: string }>;
    }>('ledger_summaries');
    const april = await days.get('plan.2026-04-01');
    await days.replace(april!.id, april!.rev, {
      ...april!,
      entries: april!.entries.map((e) => (e.line.account === '6601' ? { ...e, debit: '99.99' } : e)),
    });
    await ledger.summaries.changed();
    expect((await reports.run(boss, 'test.ledger-months')).rows[2]).toMatchObject({ debit: '99.99' });
    // ...until they are rebuilt from the ledger.
    await ledger.summaries.rebuild();
    expect((await reports.run(boss, 'test.ledger-months')).rows).toEqual(fromLines.rows);
    // A voucher whose summary was never written (its post cut short): the next read finds fewer
    // vouchers in the summaries than in the ledger and rebuilds them before answering.
    const posted = await ledger.get((await ledger.list({ book: 'plan', period: '2026-01' })).items[0]!.id);
    await ledger.vouchers.insert({ ...posted, id: 'plan-cut-short', date: '2026-02-03', period: '2026-02' });
    ({ summarised, fromLines } = await both());
    expect(summarised.rows[1]).toMatchObject({ month: '2026-02', debit: '5.00', lines: 2 });
    expect({ ...summarised, generatedAt: '' }).toEqual({ ...fromLines, generatedAt: '' });
    expect(await days.get('plan.2026-02-03')).toMatchObject({ date: '2026-02-03' });
  });

  it('answers a reader with a ledger row rule on kept dimensions from the summaries, with only their lines', async () => {
    const { reports, ledger, store } = h.platform;
    // A voucher with lines of two departments: the east manager sees its east line only.
    await ledger.post(
      {
        book: 'plan',
        date: '2026-03-12',
        source: { id: 'plan-5' },
        lines: [
          { account: '6601', debit: '40.00', department: 'west' },
          { account: '1002', credit: '40.00', department: 'east' },
        ],
      },
      { by: 't' },
    );
    const ledgerReader = (userId: string, expression: string): Principal => ({
      ...principal(userId, [
        { resource: 'ledger', actions: ['read'], rows: { type: 'feel', expression } },
        readReports,
      ]),
      department: 'east',
    });
    const east = ledgerReader('zhou.min', 'row.lines.department = user.department');
    // A negation selects a voucher only when no line breaks it: such a reader reads the lines.
    const notWest = ledgerReader('sun.li', 'row.lines.department != "west"');
    const run = async (who: Principal, rows = false) => ({
      ...(await reports.run(who, 'test.ledger-months', {}, { rows })),
      generatedAt: '',
    });
    const march = { month: '2026-03', department: 'east' };
    const small = {
      department: 'east',
      debit: '5.00',
      cash: '5.00',
      lines: 2,
      avgDebit: '2.50',
      accounts: 2,
    };
    expect((await run(east)).rows).toEqual([
      { ...small, month: '2026-01' },
      { ...small, month: '2026-02' },
      // plan-1, plan-2 and plan-5's bank line (not its west expense line).
      { ...march, debit: '100.30', cash: '60.30', lines: 5, avgDebit: '20.06', accounts: 2 },
    ]);
    expect(await run(east)).toEqual(await run(east, true));
    // (Which vouchers it selects is the store's reading of a negation over an array: the embedded
    // store leaves out plan-5, which has a west line; either way the reader gets no west line.)
    expect((await run(notWest)).rows[2]).toMatchObject({ ...march, debit: '100.30' });
    expect((await run(notWest)).rows.map((r) => r.department)).toEqual(['east', 'east', 'east']);
    expect(await run(notWest)).toEqual(await run(notWest, true));

    // Which path answered: a summary altered by hand shows in the east manager's figures only.
    const days = store.collection<{ entries: Array<{ line: { account: string }; debit: string }> }>(
      'ledger_summaries',
    );
    const day = await days.get('plan.2026-03-10');
    await days.replace(day!.id, day!.rev, {
      ...day!,
      entries: day!.entries.map((e) => (e.line.account === '1002' ? { ...e, debit: '0.01' } : e)),
    });
    await ledger.summaries.changed();
    expect((await run(east)).rows[2]).toMatchObject({ debit: '0.21' });
    expect((await run(notWest)).rows[2]).toMatchObject({ debit: '100.30' });
    await ledger.summaries.rebuild();
    expect(await run(east)).toEqual(await run(east, true));
  });

  it('notifies a role once when a measure crosses its threshold, again after it went back', async () => {
    const { reports, records, notifications } = h.platform;
    const managerInbox = async () =>
      (await notifications.list('wu.hao')).items.filter((n) => n.kind === 'report.alert');
    expect(await reports.checkAlerts('test.by-region')).toEqual([]);
    const extra = await records.create(
      systemActor('record:test-sale', 'create'),
      'test-sale',
      { region: 'west', amount: '1.00' },
      { owner: 'li.lei' },
    );
    expect(await reports.checkAlerts('test.by-region')).toEqual([{ alert: 'busy', value: 4 }]);
    expect(await reports.checkAlerts('test.by-region')).toEqual([]);
    expect((await managerInbox()).map((n) => n.title.en)).toEqual(['4 sales']);
    await records.delete(systemActor('record:test-sale', 'delete'), 'test-sale', extra.id, extra.rev);
    expect(await reports.checkAlerts('test.by-region')).toEqual([]);
    await records.create(
      systemActor('record:test-sale', 'create'),
      'test-sale',
      { region: 'west', amount: '2.00' },
      { owner: 'li.lei' },
    );
    expect(await reports.checkAlerts('test.by-region')).toEqual([{ alert: 'busy', value: 4 }]);
    expect(await managerInbox()).toHaveLength(2);
  });

  it("keeps a dashboard's figures per reader's access until its sources are written or they age", async () => {
    const { reports, records } = h.platform;
    const card = async (who: Principal) => {
      const c = (await reports.runDashboard(who, 'test.board')).cards[0]!;
      if (!('result' in c) || !c.result) throw new Error('the card failed');
      return { asOf: c.result.generatedAt, totals: c.result.totals };
    };
    const first = await card(boss);
    h.clock.advance(1000);
    expect(await card(boss)).toEqual(first); // kept: computed at the first view
    // Another reader whose row rule differs is never served the kept figure.
    const own = await card(wang);
    expect(own.asOf).not.toBe(first.asOf);
    expect(own.totals).not.toEqual(first.totals);
    // Same roles and grants, another user: an 'own' rule names the user, so not shared either.
    const twin = { ...wang, userId: 'li.lei', login: 'li.lei' };
    const theirs = await card(twin);
    expect(theirs.totals).not.toEqual(own.totals);
    // A write to the source: computed again.
    h.clock.advance(1000);
    const sale = await records.create(
      systemActor('record:test-sale', 'create'),
      'test-sale',
      { region: 'west', amount: '7.00' },
      { owner: 'li.lei' },
    );
    const after = await card(boss);
    expect(after.asOf).not.toBe(first.asOf);
    expect(after.totals).toEqual({ ...first.totals, amount: '159.30', sales: 5 });
    await records.delete(systemActor('record:test-sale', 'delete'), 'test-sale', sale.id, sale.rev);
    h.clock.advance(1000);
    expect((await card(boss)).totals).toEqual(first.totals);
    // Untouched, but older than the TTL: computed again.
    const kept = await card(boss);
    h.clock.advance(6 * 60_000);
    expect((await card(boss)).asOf).not.toBe(kept.asOf);
  });

  it('runs dashboards card by card for the reader; a disabled module hides its reports', async () => {
    const { reports, store } = h.platform;
    const board = await reports.runDashboard(boss, 'test.board');
    expect(board.cards.map((c) => [c.report, 'result' in c ? c.result?.totals : c.error?.code])).toEqual([
      ['test.by-region', { amount: '152.30', sales: 4 }],
      ['test.strict', { amount: '150.10' }],
    ]);
    expect((await reports.list(wang)).map((r) => r.id)).toContain('test.by-region');
    const mod = await store.collection('modules').get('test');
    await store.collection('modules').update('test', mod!.rev, { set: { enabled: false } });
    await expect(reports.run(boss, 'test.by-region')).rejects.toMatchObject({ code: 'REPORT_NOT_FOUND' });
    expect(await reports.list(boss)).toEqual([]);
    await expect(reports.runDashboard(boss, 'test.board')).rejects.toMatchObject({
      code: 'DASHBOARD_NOT_FOUND',
    });
  });
});
