// The general ledger as a report source: vouchers, one row per line (unwound), filtered by the
// reader's 'ledger' row rules. Its fields are what the report builder offers. Its day summaries
// (ledger-summaries.ts) stand for the lines in reports that only filter and group by what they keep.
import { appendOnlyStamp, sourceField as field, type ReportSource } from '../reports/report-rows.ts';
import type { LedgerSummaries } from './ledger-summaries.ts';
import { VOUCHERS } from './ledger-service.ts';

export const GENERAL_LEDGER_SOURCE: ReportSource = {
  collection: VOUCHERS,
  resource: 'ledger',
  stamp: appendOnlyStamp, // entries are only ever added
  label: { en: 'General ledger', 'zh-CN': '总账' },
  unwind: 'lines',
  fields: [
    field('date', 'Date', '日期', 'date'),
    field('period', 'Period', '期间', 'string'),
    field('book', 'Book', '账簿', 'string'),
    field('lines.account', 'Account', '科目', 'string'),
    field('lines.accountName', 'Account name', '科目名称', 'string'),
    field('lines.accountType', 'Account type', '科目类型', 'string'),
    field('lines.department', 'Department', '部门', 'string'),
    field('lines.category', 'Category', '类别', 'string'),
    field('lines.partner', 'Partner', '往来单位', 'string'),
    field('lines.debit', 'Debit', '借方', 'number'),
    field('lines.credit', 'Credit', '贷方', 'number'),
    field('lines.balance', 'Balance (debit − credit)', '余额（借−贷）', 'number'),
  ],
};

/** The general ledger as a report source that reads its day summaries when a report allows. */
export const generalLedgerSource = (summaries: LedgerSummaries): ReportSource => ({
  ...GENERAL_LEDGER_SOURCE,
  summary: summaries.reportSummary(),
});
