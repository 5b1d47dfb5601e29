// Filters as the records API takes them — record path → value or condition — made from what a
// person picks for a field (by its kind: a text contains, a choice is one of, a date or an amount
// lies in a range) and told back as short phrases for the filter chips ("Due date 2026-03-01 – …").
import type { Locale } from '../../i18n/define.ts';
import { displayValue, type ViewField } from '../data.ts';

export interface FilterInput {
  text?: string;
  values?: string[];
  from?: string;
  to?: string;
  flag?: 'true' | 'false' | '';
}

/** Fields a person may filter on, and how (the kinds the filter dialog offers an input for). */
export function filterable(field: ViewField): boolean {
  return field.kind !== 'other' && field.path !== 'formVersion' && field.path !== 'deletedAt';
}

/** The condition for a field from the filter dialog's inputs; undefined when nothing was chosen. */
export function conditionOf(field: ViewField, input: FilterInput): unknown {
  const text = input.text?.trim();
  switch (field.kind) {
    case 'select':
      if (!input.values?.length) return undefined;
      return input.values.length === 1 ? input.values[0] : { in: input.values };
    case 'boolean':
      return input.flag ? input.flag === 'true' : undefined;
    case 'date':
    case 'datetime':
    case 'number':
    case 'money': {
      const range: Record<string, unknown> = {};
      const day = field.kind === 'datetime';
      if (input.from) range.gte = input.from;
      // A date-time up to a day means up to that day's end.
      if (input.to) range.lte = day ? `${input.to}T23:59:59.999Z` : input.to;
      return Object.keys(range).length ? range : undefined;
    }
    case 'code':
    case 'user':
    case 'status':
      return text ? text : undefined;
    default:
      // Encrypted fields compare whole values only.
      if (!text) return undefined;
      return field.sensitive ? text : { contains: text };
  }
}

const SYMBOLS: Record<string, string> = {
  gt: '>',
  gte: '≥',
  lt: '<',
  lte: '≤',
  ne: '≠',
};

/** A condition told back: "≥ 1,000.00", "contains taxi", "paid, unpaid". */
export function describeCondition(
  field: ViewField | undefined,
  condition: unknown,
  locale: Locale,
  words: { contains: string; exists: string; missing: string },
): string {
  const show = (v: unknown) =>
    displayValue(field, typeof v === 'string' && field?.kind === 'datetime' ? v.slice(0, 10) : v, locale);
  if (condition === null || typeof condition !== 'object' || Array.isArray(condition)) return show(condition);
  const c = condition as Record<string, unknown>;
  const parts: string[] = [];
  if ('gte' in c && 'lte' in c) parts.push(`${show(c.gte)} – ${show(c.lte)}`);
  for (const [op, value] of Object.entries(c)) {
    if ((op === 'gte' || op === 'lte') && 'gte' in c && 'lte' in c) continue;
    if (op === 'eq') parts.push(show(value));
    else if (op === 'in' || op === 'nin')
      parts.push(`${op === 'nin' ? '≠ ' : ''}${(value as unknown[]).map(show).join(', ')}`);
    else if (op === 'contains') parts.push(`${words.contains} ${String(value)}`);
    else if (op === 'exists') parts.push(value ? words.exists : words.missing);
    else parts.push(`${SYMBOLS[op] ?? op} ${show(value)}`);
  }
  return parts.join(' · ');
}
