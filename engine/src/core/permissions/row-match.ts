// Does a row match a row filter? (pure) Row filters come from the permission engine, so only the
// operators it emits are understood: equality (an array matches by element, null matches a
// missing value), $ne, $gt/$gte/$lt/$lte (numbers with numbers, strings with strings), $in, $nin,
// $exists, $and, $or — the store's own semantics for them. Used to pick the field restrictions of
// the grants covering a row the store already returned, and to check that a written row stays in
// scope; the store itself evaluates row filters in every query.
import type { Filter } from '#engine/ports/document-store.ts';
import { jsonEqual, valuesAt } from '../doc-paths.ts';

const isOperatorObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' &&
  v !== null &&
  !Array.isArray(v) &&
  Object.keys(v).length > 0 &&
  Object.keys(v).every((k) => k.startsWith('$'));

function candidates(row: unknown, path: string): unknown[] {
  const values = valuesAt(row, path);
  // An array value matches by element as well as as a whole.
  return values.flatMap((v) => (Array.isArray(v) ? [v, ...v] : [v]));
}

function equals(row: unknown, path: string, query: unknown): boolean {
  const values = candidates(row, path);
  if (query === null) return values.length === 0 || values.some((v) => v === null);
  return values.some((v) => jsonEqual(v, query));
}

function compares(row: unknown, path: string, op: string, query: unknown): boolean {
  return candidates(row, path).some((v) => {
    if (typeof v !== typeof query || (typeof v !== 'number' && typeof v !== 'string')) return false;
    const a = v as number | string;
    const b = query as number | string;
    if (op === '$gt') return a > b;
    if (op === '$gte') return a >= b;
    if (op === '$lt') return a < b;
    return a <= b;
  });
}

function matchesCondition(row: unknown, path: string, condition: unknown): boolean {
  if (!isOperatorObject(condition)) return equals(row, path, condition);
  return Object.entries(condition).every(([op, arg]) => {
    switch (op) {
      case '$eq':
        return equals(row, path, arg);
      case '$ne':
        return !equals(row, path, arg);
      case '$gt':
      case '$gte':
      case '$lt':
      case '$lte':
        return compares(row, path, op, arg);
      case '$in':
        return (arg as unknown[]).some((q) => equals(row, path, q));
      case '$nin':
        return !(arg as unknown[]).some((q) => equals(row, path, q));
      case '$exists':
        return valuesAt(row, path).length > 0 === arg;
      default:
        // An operator the permission engine never emits: fail closed.
        return false;
    }
  });
}

export function rowMatches(row: unknown, filter: Filter): boolean {
  return Object.entries(filter).every(([key, value]) => {
    if (key === '$and') return (value as Filter[]).every((f) => rowMatches(row, f));
    if (key === '$or') return (value as Filter[]).some((f) => rowMatches(row, f));
    if (key.startsWith('$')) return false;
    return matchesCondition(row, key, value);
  });
}
