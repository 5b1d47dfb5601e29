// Quantity ledger entries, pure: the input of `quantity.post` checked and normalised. A quantity
// ledger counts things that are not money — days of leave, pieces in stock — per book (`hr-leave`),
// party (whose balance: an employee's user id, a warehouse) and item (a leave type, a product).
// Each entry adds a signed quantity (an allocation +, leave taken −, an expiry −); a balance is
// the sum of the entries, never a counter kept beside them, so it can always be recomputed and
// explained line by line. Quantities are decimal strings with at most 4 decimals (half days,
// kilograms), summed with big.js — never binary floats.
import { createHash } from 'node:crypto';
import Big from 'big.js';
import type { ErrorDetail } from '../errors.ts';

export interface QuantityEntryInput {
  book: unknown;
  party: unknown;
  item: unknown;
  /** Signed: positive adds to the balance, negative takes from it. */
  quantity: unknown;
  /** The day it counts from, YYYY-MM-DD (a date-time is cut to its date). */
  date: unknown;
  memo?: unknown;
  /** The business document the entry comes from: posting the same source twice posts once. */
  source: { form?: unknown; id: unknown; kind?: unknown };
}

export interface QuantityEntry {
  id: string;
  book: string;
  party: string;
  item: string;
  quantity: string;
  date: string;
  /** YYYY of the date: balances per year are common (leave years). */
  year: string;
  memo?: string;
  source: { form?: string; id: string; kind: string };
}

const NAME = /^[a-z][a-z0-9-]{0,31}$/;
const KEY = /^[A-Za-z0-9][A-Za-z0-9._:@-]{0,127}$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})/;
const QUANTITY = /^-?(0|[1-9]\d{0,11})(\.\d{1,4})?$/;

const problem = (path: string, message: string, messageZh: string): ErrorDetail => ({
  path,
  message,
  messageZh,
});

/** A quantity as a Big, or null when it is not a decimal with at most 4 places. */
export function quantityOf(value: unknown): Big | null {
  const text =
    typeof value === 'number' ? (Number.isFinite(value) ? String(value) : '') : String(value ?? '').trim();
  return QUANTITY.test(text) ? new Big(text) : null;
}

/** The normalised text of a quantity: no trailing zeros ("1.50" → "1.5", "-0" → "0"). */
export const quantityText = (b: Big): string => (b.eq(0) ? '0' : b.toString());

/** The entry id for a source: the same (book, source, party, item) always gives the same id. */
export function entryId(
  book: string,
  source: { form?: string; id: string; kind: string },
  party: string,
  item: string,
): string {
  const digest = createHash('sha256')
    .update(JSON.stringify([book, source.form ?? '', source.id, source.kind, party, item]))
    .digest('hex')
    .slice(0, 32);
  return `q-${digest}`;
}

const text = (v: unknown): string => (v === undefined || v === null ? '' : String(v));

/** The entry, or every problem with the input (JSON pointers into it). */
export function checkEntry(
  input: QuantityEntryInput,
): { entry: QuantityEntry } | { problems: ErrorDetail[] } {
  const problems: ErrorDetail[] = [];
  const book = text(input.book);
  if (!NAME.test(book)) problems.push(problem('/book', 'is not a valid book name', '账簿名称无效'));
  const party = text(input.party);
  if (!KEY.test(party))
    problems.push(problem('/party', 'is required (whose balance it is)', '必填：余额所属对象'));
  const item = text(input.item);
  if (!KEY.test(item)) problems.push(problem('/item', 'is required (what is counted)', '必填：计量的项目'));
  const q = quantityOf(input.quantity);
  if (!q || q.eq(0))
    problems.push(
      problem(
        '/quantity',
        'must be a non-zero decimal with at most 4 places',
        '必须是非零数值，最多四位小数',
      ),
    );
  const dateText = typeof input.date === 'string' ? input.date : '';
  const d = DATE.exec(dateText);
  if (!d || Number(d[2]) < 1 || Number(d[2]) > 12 || Number(d[3]) < 1 || Number(d[3]) > 31)
    problems.push(problem('/date', 'must be a date (YYYY-MM-DD)', '必须是日期（YYYY-MM-DD）'));
  const source = input.source ?? ({} as QuantityEntryInput['source']);
  const sourceId = text(source.id);
  if (!sourceId)
    problems.push(
      problem('/source/id', 'is required: it makes posting idempotent', '必填：用于防止重复过账'),
    );
  if (problems.length) return { problems };
  const src = {
    ...(source.form !== undefined && source.form !== null ? { form: String(source.form) } : {}),
    id: sourceId,
    kind: text(source.kind) || 'post',
  };
  const date = dateText.slice(0, 10);
  return {
    entry: {
      id: entryId(book, src, party, item),
      book,
      party,
      item,
      quantity: quantityText(q!),
      date,
      year: date.slice(0, 4),
      ...(input.memo !== undefined && input.memo !== null && input.memo !== ''
        ? { memo: String(input.memo) }
        : {}),
      source: src,
    },
  };
}

/** The sum of entries' quantities, exact. */
export function sumQuantities(entries: ReadonlyArray<{ quantity: string }>): string {
  return quantityText(entries.reduce((sum, e) => sum.plus(new Big(e.quantity)), new Big(0)));
}
