import Big from 'big.js';
import { describe, expect, it } from 'vitest';
import type { Report } from '#schemas/generated/index.ts';
import { aggregate } from '#engine/core/reports/aggregate.ts';
import { ageLabels, bucketKey, startOfUtcDay } from '#engine/core/reports/buckets.ts';
import { drillRows, drillView } from '#engine/core/reports/drill.ts';
import { evaluateCalc, parseCalc } from '#engine/core/reports/calc.ts';
import { matchesFilter, resolveFilters, storeFilter } from '#engine/core/reports/filters.ts';
import { reportProblems } from '#engine/core/reports/validate.ts';
import { answerableFromSummary, rowRuleOnSummary } from '#engine/core/reports/summary-plan.ts';
import { cashFlowsOf } from '#engine/core/ledger/cash-flows.ts';
import { DaySummaryBuilder } from '#engine/core/ledger/summary.ts';
import { clockFunctions } from '#engine/core/flows/feel-scope.ts';
import { applyLookup, lookupTable } from '#engine/core/reports/lookups.ts';

const base = { id: 'm.r', name: { en: 'R', 'zh-CN': 'R' }, source: { form: 'f' } };
const today = startOfUtcDay(Date.parse('2026-03-10T12:00:00Z'));
const run = (report: Partial<Report>, rows: Array<Record<string, unknown>>) =>
  aggregate({ ...base, measures: [], ...report } as Report, rows, {
    todayMs: today,
    measureFilters: (report.measures ?? []).map((m) => resolveFilters(m.where, {})),
  });

const rows = [
  { dept: 'ops', cat: 'travel', amount: '0.10', date: '2026-01-30' },
  { dept: 'ops', cat: 'travel', amount: '0.20', date: '2026-02-02' },
  { dept: 'ops', cat: 'meals', amount: '100.005', date: '2026-02-15' },
  { dept: 'sales', cat: 'travel', amount: 12.5, date: '2026-04-01' },
  { dept: 'sales', cat: 'meals', amount: null, date: 'not a date' },
];

describe('report aggregation', () => {
  it('takes the earliest and the latest of dates (min, max), leaving the rest out', () => {
    const r = run(
      {
        groupBy: [{ field: 'dept' }],
        measures: [
          { op: 'min', field: 'date', as: 'first' },
          { op: 'max', field: 'date', as: 'last' },
        ],
      },
      rows,
    );
    expect(r.rows).toEqual([
      { dept: 'ops', first: '2026-01-30', last: '2026-02-15' },
      { dept: 'sales', first: '2026-04-01', last: '2026-04-01' },
    ]);
  });

  it('sums decimals exactly, per group and in the totals', () => {
    const r = run(
      {
        groupBy: [{ field: 'dept' }],
        measures: [
          { op: 'sum', field: 'amount', as: 'sum' },
          { op: 'count', as: 'rows' },
          { op: 'count', field: 'amount', as: 'withAmount' },
          { op: 'avg', field: 'amount', as: 'avg', places: 3 },
          { op: 'min', field: 'amount', as: 'min' },
          { op: 'max', field: 'amount', as: 'max' },
          { op: 'distinct', field: 'cat', as: 'categories' },
        ],
      },
      rows,
    );
    expect(r.rows).toEqual([
      {
        dept: 'ops',
        sum: '100.31',
        rows: 3,
        withAmount: 3,
        avg: '33.435',
        min: '0.10',
        max: '100.01',
        categories: 2,
      },
      {
        dept: 'sales',
        sum: '12.50',
        rows: 2,
        withAmount: 2,
        avg: '12.500',
        min: '12.50',
        max: '12.50',
        categories: 2,
      },
    ]);
    // 0.10 + 0.20 is 0.30 (not 0.30000000000000004); 100.005 + 12.5 + 0.3 = 112.805 → 112.81
    expect(r.totals.sum).toBe('112.81');
    expect(r.columns.map((c) => [c.name, c.kind])).toEqual([
      ['dept', 'group'],
      ['sum', 'measure'],
      ['rows', 'measure'],
      ['withAmount', 'measure'],
      ['avg', 'measure'],
      ['min', 'measure'],
      ['max', 'measure'],
      ['categories', 'measure'],
    ]);
  });

  it('buckets dates by day, ISO week, month, quarter and year', () => {
    expect(bucketKey('2026-02-15', 'day', { todayMs: today })).toBe('2026-02-15');
    expect(bucketKey('2026-02-15T23:00:00Z', 'month', { todayMs: today })).toBe('2026-02');
    expect(bucketKey('2026-05-31', 'quarter', { todayMs: today })).toBe('2026-Q2');
    expect(bucketKey('2026-12-31', 'year', { todayMs: today })).toBe('2026');
    // ISO weeks: 1 Jan 2021 (a Friday) belongs to 2020-W53; 29 Dec 2025 (a Monday) to 2026-W01.
    expect(bucketKey('2021-01-01', 'week', { todayMs: today })).toBe('2020-W53');
    expect(bucketKey('2025-12-29', 'week', { todayMs: today })).toBe('2026-W01');
    expect(bucketKey('2026-03-10', 'week', { todayMs: today })).toBe('2026-W11');
    expect(bucketKey('garbage', 'month', { todayMs: today })).toBeNull();
    const r = run(
      {
        groupBy: [{ field: 'date', bucket: 'month', as: 'month' }],
        measures: [{ op: 'sum', field: 'amount', as: 'sum' }],
      },
      rows,
    );
    expect(r.rows.map((x) => [x.month, x.sum])).toEqual([
      [null, '0.00'],
      ['2026-01', '0.10'],
      ['2026-02', '100.21'],
      ['2026-04', '12.50'],
    ]);
  });

  it('ages due dates against today in ranges', () => {
    expect(ageLabels([30, 60, 90])).toEqual(['current', '1-30', '31-60', '61-90', '>90']);
    const age = (d: string) => bucketKey(d, 'age', { todayMs: today, ranges: [30, 60, 90] });
    expect(age('2026-03-10')).toBe('current');
    expect(age('2026-04-01')).toBe('current');
    expect(age('2026-03-09')).toBe('1-30');
    expect(age('2026-02-08')).toBe('1-30');
    expect(age('2026-02-07')).toBe('31-60');
    expect(age('2025-12-10')).toBe('61-90');
    expect(age('2025-12-09')).toBe('>90');
    expect(age('2025-12-01')).toBe('>90');
  });

  it('conditional, negated and calculated measures; sort and limit', () => {
    const r = run(
      {
        groupBy: [{ field: 'dept' }],
        measures: [
          { op: 'sum', field: 'amount', as: 'travel', where: [{ field: 'cat', op: 'eq', value: 'travel' }] },
          {
            op: 'sum',
            field: 'amount',
            as: 'meals',
            negate: true,
            where: [{ field: 'cat', op: 'eq', value: 'meals' }],
          },
          { op: 'calc', expression: 'travel + meals * 2', as: 'mix' },
          { op: 'calc', expression: 'travel / (meals - meals)', as: 'div0' },
        ],
        sort: [{ field: 'travel', direction: 'desc' }],
        limit: 1,
      },
      rows,
    );
    expect(r.rows).toEqual([{ dept: 'sales', travel: '12.50', meals: '0.00', mix: '12.50', div0: null }]);
    expect(r.totals).toMatchObject({ travel: '12.80', meals: '-100.01', mix: '-187.21' });
  });

  it('parses calc expressions and evaluates them with decimals', () => {
    const node = parseCalc('(a - b) * 100 / a');
    const v = evaluateCalc(node, (n) => (n === 'a' ? toBig('3') : toBig('1')));
    expect(v?.toFixed(10)).toBe('66.6666666667');
    expect(() => parseCalc('a +')).toThrow(/ends too early/);
    expect(() => parseCalc('a ^ b')).toThrow(/unexpected/);
  });

  it('resolves FEEL filter values, drops optional ones, and pushes equality to the store', () => {
    const ctx = {
      params: { period: '2026-02', dept: null },
      ...clockFunctions(Date.parse('2026-03-10T02:00:00Z')),
    };
    const filters = resolveFilters(
      [
        { field: 'period', op: 'eq', value: '=params.period' },
        { field: 'dept', op: 'eq', value: '=params.dept' },
        { field: 'due', op: 'lt', value: '=string(today())' },
        { field: 'cat', op: 'in', value: ['travel', 'meals'] },
        { field: 'lines.x', op: 'eq', value: 'y' },
      ],
      ctx,
    );
    expect(filters.map((f) => [f.field, f.value])).toEqual([
      ['period', '2026-02'],
      ['due', '2026-03-10'],
      ['cat', ['travel', 'meals']],
      ['lines.x', 'y'],
    ]);
    expect(storeFilter(filters, 'lines')).toEqual({ period: '2026-02', cat: { $in: ['travel', 'meals'] } });
    expect(matchesFilter({ amount: '100.00' }, { field: 'amount', op: 'eq', value: 100 })).toBe(true);
    expect(matchesFilter({ amount: '99.99' }, { field: 'amount', op: 'gte', value: '100' })).toBe(false);
    expect(matchesFilter({ due: '2026-03-09' }, { field: 'due', op: 'lt', value: '2026-03-10' })).toBe(true);
    expect(matchesFilter({}, { field: 'due', op: 'exists', value: false })).toBe(true);
  });

  it('finds problems a schema cannot: names, calc references, sorts, charts, alerts, unions', () => {
    const problems = reportProblems({
      ...base,
      source: {
        union: [
          { form: 'a', fields: { x: 'data.x' } },
          { collection: 'ledger', fields: { y: 'lines.y' } },
        ],
      },
      groupBy: [{ field: 'data.tier' }, { field: 'other.tier' }],
      measures: [
        { op: 'sum', as: 'total' },
        { op: 'calc', expression: 'total - later', as: 'diff' },
        { op: 'count', as: 'later' },
      ],
      sort: [{ field: 'nope' }],
      chart: { type: 'bar', y: ['tier'] },
      alerts: [
        {
          id: 'a',
          measure: 'missing',
          op: 'gt',
          value: 'x',
          notifyRole: 'r',
          message: { en: 'a', 'zh-CN': 'a' },
        },
      ],
    } as Report);
    expect(problems.map((p) => p.path)).toEqual([
      '/groupBy/1',
      '/measures/0/field',
      '/measures/1/expression',
      '/sort/0/field',
      '/chart/y/0',
      '/alerts/0/measure',
      '/alerts/0/value',
      '/source/union/1/fields',
    ]);
  });
  it("drills into a distinct count's figure: one row per value, as the figure counts them", () => {
    // A funnel over a change log: deal d1 entered qualified twice, d2 once, d3 never.
    const log = [
      { id: 'd1', title: 'Deal one', changeLog: { to: 'qualified' } },
      { id: 'd1', title: 'Deal one', changeLog: { to: 'lead' } },
      { id: 'd1', title: 'Deal one', changeLog: { to: 'qualified' } },
      { id: 'd2', title: 'Deal two', changeLog: { to: 'qualified' } },
      { id: 'd3', changeLog: { to: 'lead' } },
    ];
    const measures: Report['measures'] = [
      {
        op: 'distinct',
        field: 'id',
        as: 'qualified',
        where: [{ field: 'changeLog.to', op: 'eq', value: 'qualified' }],
      },
      { op: 'count', as: 'moves' },
    ];
    const report = { ...base, measures } as Report;
    const measureFilters = measures.map((m) => resolveFilters(m.where, {}));
    expect(run({ measures }, log).rows[0]).toMatchObject({ qualified: 2, moves: 5 });
    const options = { todayMs: today, measureFilters };
    const behind = drillRows(report, log, { group: {}, measure: 'qualified' }, options);
    expect(behind.map((r) => r.id)).toEqual(['d1', 'd2']);
    expect(drillView(report, behind[0]!, measureFilters)).toEqual({
      id: 'd1',
      title: 'Deal one',
      values: { qualified: 'd1' },
    });
    // A count is of rows: every move stays.
    expect(drillRows(report, log, { group: {}, measure: 'moves' }, options)).toHaveLength(5);
  });

  it('tells which reports summaries can answer, and sums what they stand for exactly once', () => {
    const shape = { dimensions: ['period', 'lines.account'], amounts: ['lines.balance'] };
    const ledger = { collection: 'ledger', unwind: 'lines' };
    const can = (report: Partial<Report>, part: Record<string, unknown> = ledger) =>
      answerableFromSummary({ ...base, source: ledger, measures: [], ...report } as Report, part, shape);
    const sum = { op: 'sum' as const, field: 'lines.balance', as: 'b' };
    expect(can({ groupBy: [{ field: 'period' }], measures: [sum, { op: 'count', as: 'n' }] })).toBe(true);
    expect(can({ measures: [{ op: 'distinct', field: 'lines.account', as: 'd' }] })).toBe(true);
    expect(can({ measures: [{ op: 'max', field: 'lines.balance', as: 'm' }] })).toBe(false);
    expect(can({ measures: [{ op: 'sum', field: 'lines.account', as: 's' }] })).toBe(false);
    expect(can({ measures: [sum], filters: [{ field: 'lines.balance', op: 'gt', value: 0 }] })).toBe(false);
    expect(can({ measures: [sum], filters: [{ field: 'source.id', op: 'eq', value: 'x' }] })).toBe(false);
    expect(can({ measures: [{ ...sum, where: [{ field: 'lines.memo', op: 'eq', value: 'x' }] }] })).toBe(
      false,
    );
    expect(can({ groupBy: [{ field: 'date', bucket: 'month' }], measures: [sum] })).toBe(false);
    // A union's names through the part's fields; a name the part leaves empty adds nothing.
    const part = { ...ledger, fields: { month: 'period', amount: 'lines.balance', memo: null } };
    const union = (measures: Report['measures']) =>
      can({ source: { union: [part] } as never, groupBy: [{ field: 'month' }], measures }, part);
    expect(
      union([
        { op: 'sum', field: 'amount', as: 'a' },
        { op: 'min', field: 'memo', as: 'm' },
      ]),
    ).toBe(true);
    expect(union([{ op: 'min', field: 'amount', as: 'a' }])).toBe(false);

    const day = DaySummaryBuilder.empty({ book: 'actual', period: '2026-03', date: '2026-03-02' });
    const voucher = {
      id: 'v1',
      book: 'actual',
      period: '2026-03',
      date: '2026-03-02',
      lines: [
        { no: 1, account: '1002', debit: '0.10', credit: '0.00', balance: '0.10', memo: 'a' },
        { no: 2, account: '1002', debit: '0.20', credit: '0.00', balance: '0.20', memo: 'b' },
        { no: 3, account: '5001', debit: '0.00', credit: '0.30', balance: '-0.30', department: 'ops' },
      ],
    };
    expect(day.add(voucher)).toBe(true);
    expect(day.add(voucher)).toBe(false);
    expect(DaySummaryBuilder.of(day.summary()).add(voucher)).toBe(false);
    expect(day.summary()).toEqual({
      book: 'actual',
      period: '2026-03',
      date: '2026-03-02',
      vouchers: ['v1'],
      entries: [
        { line: { account: '1002' }, debit: '0.3', credit: '0', balance: '0.3', lines: 2 },
        {
          line: { account: '5001', department: 'ops' },
          debit: '0',
          credit: '0.3',
          balance: '-0.3',
          lines: 1,
        },
      ],
    });
  });
});

describe('row rules on summaries, cash flows', () => {
  it('applies a row rule to summary rows only where every voucher holding a matching line is read', () => {
    const shape = { dimensions: ['book', 'lines.department', 'lines.costCentre'], amounts: [] };
    const on = (rule: Record<string, unknown>) => rowRuleOnSummary(rule, shape);
    expect(on({ 'lines.department': 'sales' })).toBe(true);
    expect(on({ 'lines.department': { $in: ['a', 'b'] }, book: 'actual' })).toBe(true);
    expect(
      on({ $or: [{ 'lines.department': 'a' }, { 'lines.costCentre': { $gte: 'C1', $exists: true } }] }),
    ).toBe(true);
    // Not kept (a voucher field, the memo), a negation, null, a nested object: the lines.
    expect(on({ owner: 'u1' })).toBe(false);
    expect(on({ 'lines.memo': 'x' })).toBe(false);
    expect(on({ 'lines.department': { $ne: 'a' } })).toBe(false);
    expect(on({ 'lines.department': { $nin: ['a'] } })).toBe(false);
    expect(on({ 'lines.department': { $exists: false } })).toBe(false);
    expect(on({ 'lines.department': null })).toBe(false);
    expect(on({ 'lines.department': { $in: ['a', null] } })).toBe(false);
    expect(on({ $and: [{ 'lines.department': 'a' }, { $nor: [] }] })).toBe(false);
    expect(on({ id: { $in: [] } })).toBe(false); // matches nothing: the lines (none) answer
  });

  it("adds a statement's subtotal lines up from their lines' rows; a line has prefixes or sumOf", () => {
    const map = [
      { key: '01 travel', prefixes: ['travel'] },
      { key: '02 meals', prefixes: ['meals'] },
      { key: '03 all', sumOf: ['0'] },
      { key: '04 travel again', sumOf: ['01'] },
    ] as never;
    const r = run(
      {
        groupBy: [{ field: 'cat', as: 'line', map }],
        measures: [
          { op: 'sum', field: 'amount', as: 'sum' },
          { op: 'count', as: 'rows' },
          { op: 'avg', field: 'amount', as: 'avg', places: 3 },
        ],
      },
      [...rows, { dept: 'x', cat: 'fuel', amount: '7.00' }],
    );
    expect(r.rows).toEqual([
      { line: null, sum: '7.00', rows: 1, avg: '7.000' },
      { line: '01 travel', sum: '12.80', rows: 3, avg: '4.267' },
      { line: '02 meals', sum: '100.01', rows: 2, avg: '100.005' },
      { line: '03 all', sum: '112.81', rows: 5, avg: '28.201' },
      { line: '04 travel again', sum: '12.80', rows: 3, avg: '4.267' },
    ]);
    expect(r.totals).toEqual({ sum: '119.81', rows: 6, avg: '23.961' }); // the subtotals counted once
    expect(r.unmapped).toEqual(['fuel']);
    // Drilling into a subtotal shows the rows of its lines.
    const drilled = drillRows(
      { ...base, groupBy: [{ field: 'cat', as: 'line', map }], measures: [] } as never,
      rows,
      { group: { line: '04 travel again' } },
      { todayMs: today, measureFilters: [] },
    );
    expect(drilled.map((row) => row.amount)).toEqual(['0.10', '0.20', 12.5]);
    const problems = reportProblems({
      ...base,
      groupBy: [{ field: 'cat', map: [{ key: 'a' }, { key: 'b', prefixes: ['x'], sumOf: ['a'] }] }],
      measures: [{ op: 'count', as: 'n' }],
    } as never);
    expect(problems.map((p) => p.path)).toEqual(['/groupBy/0/map/0', '/groupBy/0/map/1']);
  });

  it("takes a voucher's cash flows from the lines beside its cash lines, adding up to what cash moved", () => {
    const line = (no: number, account: string, balance: string, extra: Record<string, unknown> = {}) => ({
      no,
      account,
      balance,
      ...extra,
    });
    // A sale paid in cash with output VAT; a fee taken off a customer's payment.
    expect(
      cashFlowsOf([
        line(1, '1001', '113.00', { cash: true }),
        line(2, '5001', '-100.00', { accountType: 'revenue', department: 'sales' }),
        line(3, '2221.02', '-13.00'),
      ]),
    ).toEqual([
      {
        no: 2,
        item: 'in:5001',
        direction: 'in',
        amount: '100.00',
        account: '5001',
        accountType: 'revenue',
        department: 'sales',
      },
      { no: 3, item: 'in:2221.02', direction: 'in', amount: '13.00', account: '2221.02' },
    ]);
    const mixed = cashFlowsOf([
      line(1, '1002', '99.00', { cash: true }),
      line(2, '5603', '1.00'),
      line(3, '1122', '-100.00'),
    ]);
    expect(mixed.map((f) => [f.item, f.amount])).toEqual([
      ['out:5603', '-1.00'],
      ['in:1122', '100.00'],
    ]);
    expect(mixed.reduce((sum, f) => sum.plus(f.amount), new Big(0)).toFixed(2)).toBe('99.00');
    // A transfer between cash accounts, and a voucher without cash: no flows.
    expect(
      cashFlowsOf([line(1, '1001', '5.00', { cash: true }), line(2, '1002', '-5.00', { cash: true })]),
    ).toEqual([]);
    expect(cashFlowsOf([line(1, '1122', '5.00'), line(2, '5001', '-5.00')])).toEqual([]);
  });
});

describe('report lookups', () => {
  it('fill a name from two forms in turn, chain on an earlier one, and leave unmatched rows alone', () => {
    const rows: Array<Record<string, unknown>> = [
      { doc: 'd1', item: 'PEN' }, // a delivery's stock entry
      { doc: 'r1', item: 'INK' }, // a return's
      { customer: 'c2', item: 'PEN' }, // an invoice line: the customer is on the row already
      { doc: 'x9', item: 'GONE' }, // nothing matches: keeps what it had
    ];
    const run = (lookup: Parameters<typeof applyLookup>[1], records: Array<Record<string, unknown>>) =>
      applyLookup(rows, lookup, lookupTable(lookup, records));
    run({ field: 'doc', form: 'delivery', key: 'id', value: 'data.customer', as: 'customer' }, [
      { id: 'd1', data: { customer: 'c1' } },
    ]);
    run({ field: 'doc', form: 'return', key: 'id', value: 'data.customer', as: 'customer' }, [
      { id: 'r1', data: { customer: 'c2' } },
    ]);
    run({ field: 'customer', form: 'customer', key: 'id', value: 'data.region', as: 'region' }, [
      { id: 'c1', data: { region: 'East' } },
      { id: 'c2', data: { region: 'North' } },
    ]);
    expect(rows.map((r) => [r.customer, r.region])).toEqual([
      ['c1', 'East'],
      ['c2', 'North'],
      ['c2', 'North'],
      [undefined, undefined],
    ]);
  });
});

function toBig(v: string): Big {
  return new Big(v);
}
