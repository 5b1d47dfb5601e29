// The report builder's linked records (designer/src/analytics/builder/lookups.ts, draft.ts), pure:
// a linked form's fields are offered under readable names, only the ones a report uses (and those
// a later lookup reads through) become lookups of its definition, and a saved definition comes
// back into the same pickers.
import { describe, expect, it } from 'vitest';
import { EMPTY_STATE, fromDraft, toDraft, type SourceEntry } from '#designer/analytics/builder/draft.ts';
import { offeredFields, withoutStale } from '#designer/analytics/builder/lookups.ts';

const L = (en: string, zh: string) => ({ en, 'zh-CN': zh });

const LINES: SourceEntry = {
  kind: 'form',
  id: 'invoice',
  unwind: 'data.lines',
  name: L('Invoice · Lines', '发票 · 明细'),
  fields: [
    { path: 'data.order', label: L('Order', '订单'), type: 'string', link: { form: 'order', key: 'id' } },
    { path: 'data.lines.item', label: L('Item code', '物料编码'), type: 'string' },
    { path: 'data.lines.amount', label: L('Amount', '金额'), type: 'number' },
  ],
};
const FORMS: SourceEntry[] = [
  LINES,
  {
    kind: 'form',
    id: 'order',
    name: L('Order', '订单'),
    fields: [
      {
        path: 'data.customer',
        label: L('Customer', '客户'),
        type: 'string',
        link: { form: 'customer', key: 'id' },
      },
      { path: 'data.note', label: L('Note', '备注'), type: 'string' },
    ],
  },
  {
    kind: 'form',
    id: 'customer',
    name: L('Customer', '客户'),
    fields: [{ path: 'data.region', label: L('Region', '区域'), type: 'string' }],
  },
  {
    kind: 'form',
    id: 'item',
    name: L('Item', '物料'),
    fields: [
      { path: 'data.code', label: L('Code', '编码'), type: 'string' },
      { path: 'data.group', label: L('Group', '物料组'), type: 'string' },
    ],
  },
];

describe('report builder: linked records', () => {
  // Order → customer → region (a chain through the order's link), and the line's code → item group.
  const state = {
    ...EMPTY_STATE,
    name: L('Sales by region', '按区域销售'),
    source: 'form:invoice/data.lines',
    lookups: [
      { field: 'data.order', form: 'order', key: 'id' },
      { field: 'order_customer', form: 'customer', key: 'id' },
      { field: 'data.lines.item', form: 'item', key: 'data.code' },
    ],
    groups: [
      { field: 'order_customer_region', bucket: '' as const },
      { field: 'lines_item_group', bucket: '' as const },
    ],
    measures: [{ op: 'sum' as const, field: 'data.lines.amount' }],
  };
  const fields = offeredFields(LINES, state.lookups, FORMS);

  it('offers each linked form’s fields under the link’s name, links kept for a further lookup', () => {
    expect(fields.slice(3).map((f) => [f.path, f.label.en, f.label['zh-CN']])).toEqual([
      ['order_customer', 'Order › Customer', '订单 › 客户'],
      ['order_note', 'Order › Note', '订单 › 备注'],
      ['order_customer_region', 'Order › Customer › Region', '订单 › 客户 › 区域'],
      ['lines_item_code', 'Item code › Code', '物料编码 › 编码'],
      ['lines_item_group', 'Item code › Group', '物料编码 › 物料组'],
    ]);
    expect(fields.find((f) => f.path === 'order_customer')?.link).toEqual({ form: 'customer', key: 'id' });
  });

  it('puts only the used linked fields, and what they read through, into the definition', () => {
    const draft = toDraft(state, LINES, fields);
    expect(draft.source).toEqual({ form: 'invoice', unwind: 'data.lines' });
    expect(draft.lookups).toEqual([
      { field: 'data.order', form: 'order', key: 'id', value: 'data.customer', as: 'order_customer' },
      {
        field: 'order_customer',
        form: 'customer',
        key: 'id',
        value: 'data.region',
        as: 'order_customer_region',
      },
      {
        field: 'data.lines.item',
        form: 'item',
        key: 'data.code',
        value: 'data.group',
        as: 'lines_item_group',
      },
    ]);
    expect(draft.groupBy?.map((g) => [g.field, g.as, g.label?.en])).toEqual([
      ['order_customer_region', 'order_customer_region', 'Order › Customer › Region'],
      ['lines_item_group', 'lines_item_group', 'Item code › Group'],
    ]);
    // Nothing used from a lookup: no lookup at all.
    expect(toDraft({ ...state, groups: [] }, LINES, fields).lookups).toBeUndefined();
  });

  it('drops the parts on a linked record’s fields when it is removed', () => {
    const lookups = state.lookups.slice(2); // the item's group stays, the region goes
    const next = withoutStale(
      {
        ...state,
        lookups,
        filters: [{ field: 'order_note', op: 'eq' as const, value: 'x' }],
        measures: [...state.measures, { op: 'distinct' as const, field: 'order_customer' }],
      },
      offeredFields(LINES, lookups, FORMS),
    );
    expect(next.filters).toEqual([]);
    expect(next.groups).toEqual([{ field: 'lines_item_group', bucket: '' }]);
    expect(next.measures).toEqual([
      { op: 'sum', field: 'data.lines.amount' },
      { op: 'distinct', field: '' },
    ]);
  });

  it('reads a saved definition back into the same pickers', () => {
    const draft = toDraft(state, LINES, fields);
    const back = fromDraft(draft, ['manager'], 'sales-by-region');
    expect(back.source).toBe('form:invoice/data.lines');
    expect(back.lookups).toEqual(state.lookups);
    expect(back.groups).toEqual(state.groups);
    expect(toDraft(back, LINES, offeredFields(LINES, back.lookups, FORMS))).toEqual(draft);
  });
});

describe('report builder: a dataset and calculated measures', () => {
  const PROFIT: SourceEntry = {
    kind: 'dataset',
    id: 'sales-gross-profit',
    name: L('Gross profit', '毛利'),
    fields: [
      { path: 'region', label: L('Customer region', '客户区域'), type: 'string' },
      { path: 'invoiced', label: L('Invoiced', '开票'), type: 'number' },
      { path: 'returned', label: L('Returned', '退货'), type: 'number' },
    ],
  };
  const state = {
    ...EMPTY_STATE,
    name: L('Profit', '利润'),
    source: 'dataset:sales-gross-profit',
    groups: [{ field: 'region', bucket: '' as const }],
    measures: [
      { op: 'sum' as const, field: 'invoiced', name: 'invoiced' },
      { op: 'sum' as const, field: 'returned' },
      { op: 'calc' as const, field: '', name: 'revenue', expression: ' invoiced - sum_returned ' },
      { op: 'calc' as const, field: '', name: 'unfinished', expression: '' },
    ],
  };

  it('reads the dataset by its id; a named measure keeps its name, a calc its formula', () => {
    const draft = toDraft(state, PROFIT);
    expect(draft.source).toEqual({ dataset: 'sales-gross-profit' });
    expect(draft.measures).toEqual([
      { op: 'sum', field: 'invoiced', as: 'invoiced', label: L('Sum of Invoiced', '开票合计') },
      { op: 'sum', field: 'returned', as: 'sum_returned', label: L('Sum of Returned', '退货合计') },
      { op: 'calc', expression: 'invoiced - sum_returned', as: 'revenue', label: L('revenue', 'revenue') },
    ]);
  });

  it('reads a saved definition over a dataset back into the same pickers', () => {
    const draft = toDraft(state, PROFIT);
    const back = fromDraft(draft, [], 'profit');
    expect(back.source).toBe('dataset:sales-gross-profit');
    expect(back.measures[2]).toEqual({
      op: 'calc',
      field: '',
      name: 'revenue',
      expression: 'invoiced - sum_returned',
    });
    expect(toDraft(back, PROFIT)).toEqual(draft);
  });
});
