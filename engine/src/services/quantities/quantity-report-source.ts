// The quantity ledgers (leave days …) as a report source: one row per entry, filtered by the
// reader's 'quantities' row rules. Its fields are what the report builder offers.
import { appendOnlyStamp, sourceField as field, type ReportSource } from '../reports/report-rows.ts';
import { QUANTITY_ENTRIES } from './quantity-ledger.ts';

export const QUANTITY_LEDGER_SOURCE: ReportSource = {
  collection: QUANTITY_ENTRIES,
  resource: 'quantities',
  stamp: appendOnlyStamp, // entries are only ever added
  label: { en: 'Quantity ledgers (leave …)', 'zh-CN': '数量台账（假期等）' },
  fields: [
    field('date', 'Date', '日期', 'date'),
    field('year', 'Year', '年度', 'string'),
    field('book', 'Book', '台账', 'string'),
    field('party', 'Party', '对象', 'string'),
    field('item', 'Item', '项目', 'string'),
    field('quantity', 'Quantity', '数量', 'number'),
    field('source.kind', 'Kind', '类型', 'string'),
    field('source.form', 'Source form', '来源表单', 'string'),
  ],
};
