// A report's `best` marks: the lowest (or highest) value of a measure among rows sharing group
// columns, compared as exact decimals, ties all best, rows without the value null; and the report
// check refuses marks that name nothing.
import { describe, expect, it } from 'vitest';
import type { Report } from '#schemas/generated/index.ts';
import { aggregate } from '#engine/core/reports/aggregate.ts';
import { reportProblems } from '#engine/core/reports/validate.ts';

const report: Report = {
  id: 'quotes',
  name: { en: 'Quotes', 'zh-CN': '报价' },
  source: { form: 'quote', unwind: 'data.lines' },
  groupBy: [
    { field: 'data.lines.item', as: 'item' },
    { field: 'data.supplier', as: 'supplier' },
  ],
  measures: [{ op: 'min', field: 'data.lines.price', as: 'price', places: 4 }],
  best: [{ measure: 'price', within: ['item'], as: 'best' }],
};
const row = (item: string, supplier: string, price: string | null) => ({
  data: { supplier, lines: { item, price } },
});
const options = { todayMs: 0, measureFilters: [] };

describe('best marks', () => {
  it('marks the lowest per item, exactly, ties included; a row without the value gets null', () => {
    const rows = [
      row('pen', 'a', '9.5000'),
      row('pen', 'b', '9.4999'),
      row('pen', 'c', '9.50'),
      row('pad', 'a', '0.10'),
      row('pad', 'b', '0.1'),
      row('pad', 'c', null),
    ];
    const out = aggregate(report, rows, options).rows.map((r) => [r.item, r.supplier, r.best]);
    expect(out).toEqual([
      ['pad', 'a', true],
      ['pad', 'b', true],
      ['pad', 'c', null],
      ['pen', 'a', false],
      ['pen', 'b', true],
      ['pen', 'c', false],
    ]);
  });

  it('highest across all rows when asked, before the limit cuts rows', () => {
    const highest: Report = {
      ...report,
      best: [{ measure: 'price', order: 'highest', as: 'top' }],
      sort: [{ field: 'price' }],
      limit: 1,
    };
    const out = aggregate(highest, [row('pen', 'a', '3'), row('pen', 'b', '7')], options);
    expect(out.rows).toEqual([{ item: 'pen', supplier: 'a', price: '3.0000', top: false }]);
    expect(out.columns.map((c) => c.name)).toEqual(['item', 'supplier', 'price', 'top']);
  });

  it('a mark naming no measure or group column is a problem', () => {
    const wrong: Report = { ...report, best: [{ measure: 'cost', within: ['colour'], as: 'price' }] };
    expect(reportProblems(wrong).map((p) => p.path)).toEqual([
      '/best/0/measure',
      '/best/0/within/0',
      '/best/0/as',
    ]);
  });
});
