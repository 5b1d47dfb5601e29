// Report filters (pure): their FEEL values resolved once per run, then tested row by row.
import { evaluateFeel, isExpression } from '../feel/feel.ts';
import type { ReportFilter } from '#schemas/generated/index.ts';
import { compareValues, sameValue, valueAt } from './values.ts';

/** A filter whose value is resolved (FEEL evaluated); `skip` when an optional value was null. */
export interface ResolvedFilter {
  field: string;
  op: ReportFilter['op'];
  value: unknown;
}

/**
 * Resolves filter values: literals stay, '=' strings are FEEL over `context` (params, settings,
 * now(), today()). A FEEL value that is null drops the filter: an optional parameter left out.
 */
export function resolveFilters(
  filters: readonly ReportFilter[] | undefined,
  context: Record<string, unknown>,
): ResolvedFilter[] {
  const out: ResolvedFilter[] = [];
  for (const f of filters ?? []) {
    const value = isExpression(f.value) ? evaluateFeel(f.value, context) : f.value;
    if (isExpression(f.value) && (value === null || value === undefined)) continue;
    out.push({ field: f.field, op: f.op, value });
  }
  return out;
}

export function matchesFilter(row: unknown, filter: ResolvedFilter): boolean {
  const actual = valueAt(row, filter.field);
  const expected = filter.value;
  switch (filter.op) {
    case 'eq':
      return sameValue(actual, expected);
    case 'ne':
      return !sameValue(actual, expected);
    case 'in':
      return Array.isArray(expected) && expected.some((e) => sameValue(actual, e));
    case 'nin':
      return !(Array.isArray(expected) && expected.some((e) => sameValue(actual, e)));
    case 'exists':
      return (actual !== undefined && actual !== null) === (expected !== false);
    case 'startsWith':
      return typeof actual === 'string' && typeof expected === 'string' && actual.startsWith(expected);
    default: {
      if (actual === undefined || actual === null) return false;
      const c = compareValues(actual, expected);
      return filter.op === 'gt' ? c > 0 : filter.op === 'gte' ? c >= 0 : filter.op === 'lt' ? c < 0 : c <= 0;
    }
  }
}

export function matchesAll(row: unknown, filters: readonly ResolvedFilter[]): boolean {
  return filters.every((f) => matchesFilter(row, f));
}

/**
 * The part of the filters a document store can evaluate exactly (equality and `in` on text
 * values), to narrow what is read; every filter is still tested in memory afterwards.
 */
export function storeFilter(filters: readonly ResolvedFilter[], unwound?: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of filters) {
    // Paths inside an unwound array hold arrays in the store: leave them to the memory test.
    if (unwound && (f.field === unwound || f.field.startsWith(`${unwound}.`))) continue;
    if (f.op === 'eq' && typeof f.value === 'string') out[f.field] = f.value;
    else if (f.op === 'in' && Array.isArray(f.value) && f.value.every((v) => typeof v === 'string'))
      out[f.field] = { $in: f.value };
  }
  return out;
}
