// The general ledger as a report source: vouchers, one row per line (unwound), filtered by the
// reader's 'ledger' row rules. Its fields are what the report builder offers. Its day summaries
// (ledger-summaries.ts) stand for the lines in reports that only filter and group by what they keep.
import { appendOnlyStamp, sourceField as field, type ReportSource } from '../reports/report-rows.ts';
import { cashFlowsOf } from '#engine/core/ledger/cash-flows.ts';
import type { LedgerSummaries } from './ledger-summaries.ts';
import { VOUCHERS } from './ledger-service.ts';

/** Both sources read the vouchers, under the 'ledger' row rules; vouchers are only ever added. */
const VOUCHER_ROWS = { collection: VOUCHERS, resource: 'ledger', stamp: appendOnlyStamp } as const;

/** The voucher's own fields, which every row unwound from it carries. */
const VOUCHER_FIELDS = [
  field('date', 'Date', '日期', 'date'),
  field('period', 'Period', '期间', 'string'),
  field('book', 'Book', '账簿', 'string'),
];

export const GENERAL_LEDGER_SOURCE: ReportSource = {
  ...VOUCHER_ROWS,
  label: { en: 'General ledger', 'zh-CN': '总账' },
  unwind: 'lines',
  fields: [
    ...VOUCHER_FIELDS,
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

/**
 * The general ledger's cash flows as a report source (the cash-flow statement's rows): vouchers,
 * one row per flow (core/ledger/cash-flows.ts: each line beside a cash line, its amount reversed,
 * classified by "in:<account>" / "out:<account>"), derived as the vouchers are read, so every
 * voucher ever posted has them. The same 'ledger' row rules as the ledger; no summaries (a day's
 * summary no longer tells which lines shared a voucher), so its reports read the vouchers.
 */
export const CASH_FLOW_SOURCE: ReportSource = {
  ...VOUCHER_ROWS,
  label: { en: 'Cash flows (general ledger)', 'zh-CN': '现金流量（总账）' },
  unwind: 'flows',
  derive: (doc) => ({ ...doc, flows: cashFlowsOf(Array.isArray(doc.lines) ? doc.lines : []) }),
  fields: [
    ...VOUCHER_FIELDS,
    field('flows.item', 'Flow (direction:account)', '现金流向:对方科目', 'string'),
    field('flows.direction', 'Direction (in/out)', '流向（流入/流出）', 'string'),
    field('flows.account', 'Counter-account', '对方科目', 'string'),
    field('flows.accountName', 'Counter-account name', '对方科目名称', 'string'),
    field('flows.department', 'Department', '部门', 'string'),
    field('flows.partner', 'Partner', '往来单位', 'string'),
    field('flows.amount', 'Cash received (+) / paid (−)', '现金收入(+)/支出(−)', 'number'),
  ],
};
