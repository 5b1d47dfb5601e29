// Vouchers (journal entries), pure: the input of `ledger.post` checked and normalised. A voucher
// has at least two lines; each line is a debit or a credit of a positive amount in cents; the
// debits and credits balance to the cent. Amounts are decimal strings ("1234.50"); JSON numbers
// are accepted at the boundary (FEEL results) through their shortest decimal text, and every sum
// is computed with big.js — never with binary floats.
import { createHash } from 'node:crypto';
import Big from 'big.js';
import type { ErrorDetail } from '../errors.ts';

/** Dimensions a line may carry besides its account (reports group by them). */
export const LINE_DIMENSIONS = [
  'department',
  'costCentre',
  'category',
  'partner',
  'reference',
  'memo',
] as const;
export type LineDimension = (typeof LINE_DIMENSIONS)[number];

export interface VoucherLineInput extends Partial<Record<LineDimension, unknown>> {
  account: unknown;
  debit?: unknown;
  credit?: unknown;
}

export interface VoucherInput {
  /** 'actual' (default) or another book (e.g. 'budget'). */
  book?: unknown;
  /** Accounting date, YYYY-MM-DD (a date-time is cut to its date). */
  date: unknown;
  memo?: unknown;
  /** The business document the voucher comes from: posting the same source twice posts once. */
  source: { form?: unknown; id: unknown; kind?: unknown };
  /** A business reference that may be posted only once per book (e.g. supplier + invoice number). */
  uniqueRef?: unknown;
  lines: VoucherLineInput[];
}

export interface VoucherLine extends Partial<Record<LineDimension, string>> {
  no: number;
  account: string;
  debit: string;
  credit: string;
  /** debit − credit: positive on the debit side. */
  balance: string;
}

export interface Voucher {
  id: string;
  book: string;
  date: string;
  /** YYYY-MM of the date. */
  period: string;
  memo?: string;
  source: { form?: string; id: string; kind: string };
  uniqueRef?: string;
  lines: VoucherLine[];
  totalDebit: string;
  totalCredit: string;
}

const ACCOUNT = /^[A-Za-z0-9][A-Za-z0-9._-]{0,31}$/;
const BOOK = /^[a-z][a-z0-9-]{0,31}$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})/;
const CENTS = /^(0|[1-9]\d{0,14})(\.\d{1,2})?$/;

const problem = (path: string, message: string, messageZh: string): ErrorDetail => ({
  path,
  message,
  messageZh,
});

/** An amount in cents as a Big, or a reason why not. Absent/empty/zero → zero. */
function amount(value: unknown): Big | string {
  if (value === undefined || value === null || value === '') return new Big(0);
  const text =
    typeof value === 'number' ? (Number.isFinite(value) ? String(value) : '') : String(value).trim();
  if (text.startsWith('-')) return 'must not be negative';
  if (!CENTS.test(text)) return 'must be an amount with at most 2 decimals';
  return new Big(text);
}

const money = (b: Big): string => b.toFixed(2);

/** The voucher id for a source document: the same source always gives the same id. */
export function voucherId(book: string, source: { form?: string; id: string; kind: string }): string {
  const digest = createHash('sha256')
    .update(JSON.stringify([book, source.form ?? '', source.id, source.kind]))
    .digest('hex')
    .slice(0, 32);
  return `v-${digest}`;
}

/** The voucher, or every problem with the input (JSON pointers into it). */
export function checkVoucher(input: VoucherInput): { voucher: Voucher } | { problems: ErrorDetail[] } {
  const problems: ErrorDetail[] = [];
  const book = input.book === undefined || input.book === null ? 'actual' : String(input.book);
  if (!BOOK.test(book)) problems.push(problem('/book', 'is not a valid book name', '账簿名称无效'));
  const dateText = typeof input.date === 'string' ? input.date : '';
  const d = DATE.exec(dateText);
  const date = d ? dateText.slice(0, 10) : '';
  if (!d || Number.isNaN(Date.UTC(Number(d[1]), Number(d[2]) - 1, Number(d[3]))) || Number(d[2]) > 12)
    problems.push(problem('/date', 'must be a date (YYYY-MM-DD)', '必须是日期（YYYY-MM-DD）'));
  const source = input.source ?? ({} as VoucherInput['source']);
  const sourceId = source.id === undefined || source.id === null ? '' : String(source.id);
  if (!sourceId)
    problems.push(
      problem('/source/id', 'is required: it makes posting idempotent', '必填：用于防止重复过账'),
    );
  const lines = Array.isArray(input.lines) ? input.lines : [];
  if (lines.length < 2)
    problems.push(problem('/lines', 'a voucher needs at least two lines', '凭证至少需要两行分录'));
  let debit = new Big(0);
  let credit = new Big(0);
  const out: VoucherLine[] = [];
  lines.forEach((line, i) => {
    const at = `/lines/${i}`;
    const account =
      typeof line?.account === 'string' ? line.account : line?.account == null ? '' : String(line.account);
    if (!ACCOUNT.test(account))
      problems.push(problem(`${at}/account`, 'is not a valid account code', '科目代码无效'));
    const dr = amount(line?.debit);
    const cr = amount(line?.credit);
    if (typeof dr === 'string')
      problems.push(problem(`${at}/debit`, dr, '借方金额无效（非负，最多两位小数）'));
    if (typeof cr === 'string')
      problems.push(problem(`${at}/credit`, cr, '贷方金额无效（非负，最多两位小数）'));
    if (typeof dr === 'string' || typeof cr === 'string') return;
    if (dr.gt(0) === cr.gt(0))
      problems.push(
        problem(
          at,
          'a line is either a debit or a credit of a positive amount',
          '每行分录须为借方或贷方之一，且金额大于零',
        ),
      );
    debit = debit.plus(dr);
    credit = credit.plus(cr);
    const entry: VoucherLine = {
      no: i + 1,
      account,
      debit: money(dr),
      credit: money(cr),
      balance: money(dr.minus(cr)),
    };
    for (const k of LINE_DIMENSIONS) {
      const v = line[k];
      if (v !== undefined && v !== null && v !== '') entry[k] = String(v);
    }
    out.push(entry);
  });
  if (problems.length === 0 && !debit.eq(credit))
    problems.push(
      problem(
        '/lines',
        `debits (${money(debit)}) and credits (${money(credit)}) do not balance`,
        `借方合计（${money(debit)}）与贷方合计（${money(credit)}）不平衡`,
      ),
    );
  if (problems.length) return { problems };
  const src = {
    ...(source.form !== undefined && source.form !== null ? { form: String(source.form) } : {}),
    id: sourceId,
    kind: source.kind === undefined || source.kind === null ? 'post' : String(source.kind),
  };
  return {
    voucher: {
      id: voucherId(book, src),
      book,
      date,
      period: date.slice(0, 7),
      ...(input.memo !== undefined && input.memo !== null ? { memo: String(input.memo) } : {}),
      source: src,
      ...(input.uniqueRef !== undefined && input.uniqueRef !== null && input.uniqueRef !== ''
        ? { uniqueRef: String(input.uniqueRef) }
        : {}),
      lines: out,
      totalDebit: money(debit),
      totalCredit: money(credit),
    },
  };
}
