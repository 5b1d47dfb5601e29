// A stock posting, pure: the input of `stock.post` checked and normalised. A posting is the
// movements one source document causes (a receipt, a delivery, a transfer's two sides): lines of
// item × warehouse (× batch) with a signed quantity in stock units, and for incoming lines the
// rate they come in at. Quantities and rates are decimal strings; JSON numbers (FEEL results)
// are taken by their decimal text.
import { createHash } from 'node:crypto';
import Big from 'big.js';
import { errorDetail, type ErrorDetail } from '../errors.ts';
import { VALUATION_METHODS, type ValuationMethod } from './valuation.ts';

export interface StockLineInput {
  item?: unknown;
  warehouse?: unknown;
  batch?: unknown;
  qty?: unknown;
  rate?: unknown;
  valuationMethod?: unknown;
  /** Instead of qty: the qty there should be (a stock count); the line moves the difference. */
  targetQty?: unknown;
  /** A transfer's receiving side: the number (1-based) of the line whose taken value it brings. */
  from?: unknown;
}

export interface StockPostingInput {
  source?: { form?: unknown; id?: unknown; kind?: unknown } | null;
  /** YYYY-MM-DD (a date-time is cut to its date; its time becomes the posting time). */
  postingDate?: unknown;
  /** HH:MM or HH:MM:SS. */
  postingTime?: unknown;
  allowNegative?: unknown;
  lines?: unknown;
}

export interface StockLine {
  no: number;
  item: string;
  warehouse: string;
  batch?: string;
  /** Signed qty ('0' for a count line: its qty is decided against the chain). */
  qty: string;
  incomingRate?: string;
  method: ValuationMethod;
  targetQty?: string;
  from?: number;
}

export interface StockPosting {
  id: string;
  source: { form?: string; id: string; kind: string };
  postingDate: string;
  postingTime: string;
  allowNegative: boolean;
  lines: StockLine[];
}

const DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
const TIME = /^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d)?$/;
const DECIMAL = /^-?\d{1,12}(\.\d{1,9})?$/;
const CODE_MAX = 140;

/** The posting id of a source: the same source always gives the same id. */
export function postingId(source: { form?: string; id: string; kind: string }): string {
  const digest = createHash('sha256')
    .update(JSON.stringify([source.form ?? '', source.id, source.kind]))
    .digest('hex')
    .slice(0, 32);
  return `sp-${digest}`;
}

const decimalText = (v: unknown): string | null => {
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : null;
  if (typeof v === 'string' && DECIMAL.test(v.trim())) return v.trim();
  return null;
};

const code = (v: unknown): string | null =>
  (typeof v === 'string' || typeof v === 'number') && String(v).trim() && String(v).length <= CODE_MAX
    ? String(v).trim()
    : null;

/** The posting, or every problem with the input (JSON pointers into it). */
export function checkStockPosting(
  input: StockPostingInput,
): { posting: StockPosting } | { problems: ErrorDetail[] } {
  const problems: ErrorDetail[] = [];
  const src = input.source;
  const sourceId = code(src?.id);
  if (!sourceId) problems.push(errorDetail('/source/id', 'is required', '必填'));
  const source = {
    ...(src?.form !== undefined && src?.form !== null && src.form !== '' ? { form: String(src.form) } : {}),
    id: sourceId ?? '',
    kind: src?.kind === undefined || src?.kind === null || src.kind === '' ? 'post' : String(src.kind),
  };
  const dateText = typeof input.postingDate === 'string' ? input.postingDate : '';
  const postingDate = dateText.slice(0, 10);
  if (
    !DATE.test(postingDate) ||
    new Date(`${postingDate}T00:00:00Z`).toISOString().slice(0, 10) !== postingDate
  )
    problems.push(errorDetail('/postingDate', 'must be YYYY-MM-DD', '格式应为 YYYY-MM-DD'));
  let postingTime = typeof input.postingTime === 'string' ? input.postingTime : dateText.slice(11, 19);
  if (postingTime === '') postingTime = '00:00:00';
  if (!TIME.test(postingTime))
    problems.push(errorDetail('/postingTime', 'must be HH:MM[:SS]', '格式应为 HH:MM[:SS]'));
  if (postingTime.length === 5) postingTime += ':00';
  const lines: StockLine[] = [];
  if (!Array.isArray(input.lines) || input.lines.length === 0)
    problems.push(errorDetail('/lines', 'needs at least one line', '至少需要一行'));
  else
    input.lines.forEach((raw: StockLineInput | null, i) => {
      const at = `/lines/${i}`;
      const l = raw ?? {};
      const item = code(l.item);
      const warehouse = code(l.warehouse);
      const batch = l.batch === undefined || l.batch === null || l.batch === '' ? undefined : code(l.batch);
      const target =
        l.targetQty === undefined || l.targetQty === null || l.targetQty === ''
          ? undefined
          : decimalText(l.targetQty);
      const qty = target === undefined ? decimalText(l.qty) : '0';
      if (!item) problems.push(errorDetail(`${at}/item`, 'is required', '必填'));
      if (!warehouse) problems.push(errorDetail(`${at}/warehouse`, 'is required', '必填'));
      if (batch === null) problems.push(errorDetail(`${at}/batch`, 'is not a valid batch', '批次无效'));
      if (target === null || (target !== undefined && new Big(target).lt(0))) {
        problems.push(errorDetail(`${at}/targetQty`, 'must be a decimal ≥ 0', '应为不小于 0 的数字'));
        return;
      }
      if (qty === null || (target === undefined && new Big(qty).eq(0))) {
        problems.push(errorDetail(`${at}/qty`, 'must be a non-zero decimal', '应为非零数字'));
        return;
      }
      const incoming = new Big(qty).gt(0);
      const from = l.from === undefined || l.from === null || l.from === '' ? undefined : Number(l.from);
      const source = from === undefined ? undefined : (input.lines as StockLineInput[])[from - 1];
      if (
        from !== undefined &&
        (!Number.isInteger(from) ||
          !incoming ||
          !source ||
          decimalText(source.qty) === null ||
          !new Big(decimalText(source.qty)!).lt(0))
      )
        problems.push(
          errorDetail(
            `${at}/from`,
            'names the number of a line that takes stock (this line brings it)',
            '应为出库行的行号（本行为入库）',
          ),
        );
      const rate = l.rate === undefined || l.rate === null || l.rate === '' ? null : decimalText(l.rate);
      if (incoming && from === undefined && (rate === null || new Big(rate).lt(0)))
        problems.push(
          errorDetail(`${at}/rate`, 'an incoming line needs a rate ≥ 0', '入库行需要单价（≥ 0）'),
        );
      if (target !== undefined && rate !== null && new Big(rate).lt(0))
        problems.push(errorDetail(`${at}/rate`, 'must be ≥ 0', '应不小于 0'));
      const method = l.valuationMethod ?? 'fifo';
      if (!VALUATION_METHODS.includes(method as ValuationMethod))
        problems.push(
          errorDetail(`${at}/valuationMethod`, 'is fifo or moving-average', '应为 fifo 或 moving-average'),
        );
      if (!item || !warehouse || batch === null) return;
      lines.push({
        no: i + 1,
        item,
        warehouse,
        ...(batch ? { batch } : {}),
        qty: new Big(qty).toFixed(),
        ...((incoming || target !== undefined) && rate !== null
          ? { incomingRate: new Big(rate).toFixed() }
          : {}),
        method: method as ValuationMethod,
        ...(target !== undefined ? { targetQty: new Big(target).toFixed() } : {}),
        ...(from !== undefined ? { from } : {}),
      });
    });
  if (problems.length) return { problems };
  return {
    posting: {
      id: postingId(source),
      source,
      postingDate,
      postingTime,
      allowNegative: input.allowNegative === true,
      lines,
    },
  };
}
