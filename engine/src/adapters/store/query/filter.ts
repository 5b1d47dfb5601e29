// The filter subset of the DocumentStore port (pure): validation shared by both adapters, so that
// an operator one adapter would accept and the other would not is rejected by both, and the
// matcher the embedded adapter evaluates filters with.
import { UnsupportedFilterError, type Filter } from '#engine/ports/document-store.ts';
import { comparable, compareValues, valuesEqual } from './compare.ts';
import { resolvePath, splitPath } from './paths.ts';

const FIELD_OPERATORS = new Set([
  '$eq',
  '$ne',
  '$gt',
  '$gte',
  '$lt',
  '$lte',
  '$in',
  '$nin',
  '$exists',
  '$regex',
  '$options',
]);

function isOperatorObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const keys = Object.keys(value);
  return keys.length > 0 && keys.every((k) => k.startsWith('$'));
}

function checkPlainValue(path: string, value: unknown): void {
  if (value === undefined) throw new UnsupportedFilterError(`${path}: undefined is not a filter value`);
  if (typeof value === 'number' && !Number.isFinite(value))
    throw new UnsupportedFilterError(`${path}: ${value} is not a filter value`);
  if (typeof value === 'object' && value !== null) {
    for (const [k, v] of Object.entries(value)) {
      if (k.startsWith('$')) throw new UnsupportedFilterError(`${path}: operator ${k} inside a value`);
      checkPlainValue(`${path}.${k}`, v);
    }
  }
}

/** Throws UnsupportedFilterError unless the filter uses only the port's subset. */
export function validateFilter(filter: Filter): void {
  if (typeof filter !== 'object' || filter === null || Array.isArray(filter))
    throw new UnsupportedFilterError('a filter must be an object');
  for (const [key, value] of Object.entries(filter)) {
    if (key === '$and' || key === '$or') {
      if (!Array.isArray(value) || value.length === 0)
        throw new UnsupportedFilterError(`${key} needs a non-empty array of filters`);
      for (const sub of value) validateFilter(sub as Filter);
      continue;
    }
    if (key.startsWith('$')) throw new UnsupportedFilterError(`unsupported operator ${key}`);
    try {
      splitPath(key);
    } catch (e) {
      throw new UnsupportedFilterError((e as Error).message);
    }
    if (!isOperatorObject(value)) {
      checkPlainValue(key, value);
      continue;
    }
    for (const [op, arg] of Object.entries(value)) {
      if (!FIELD_OPERATORS.has(op)) throw new UnsupportedFilterError(`${key}: unsupported operator ${op}`);
      if (op === '$in' || op === '$nin') {
        if (!Array.isArray(arg)) throw new UnsupportedFilterError(`${key}: ${op} needs an array`);
        for (const item of arg) checkPlainValue(key, item);
      } else if (op === '$exists') {
        if (typeof arg !== 'boolean') throw new UnsupportedFilterError(`${key}: $exists needs true or false`);
      } else if (op === '$regex') {
        if (typeof arg !== 'string') throw new UnsupportedFilterError(`${key}: $regex needs a string`);
        try {
          new RegExp(arg);
        } catch {
          throw new UnsupportedFilterError(`${key}: invalid $regex`);
        }
      } else if (op === '$options') {
        if (arg !== 'i' && arg !== '') throw new UnsupportedFilterError(`${key}: $options may only be "i"`);
        if (!('$regex' in value)) throw new UnsupportedFilterError(`${key}: $options without $regex`);
      } else checkPlainValue(key, arg);
    }
  }
}

/** Equality as MongoDB applies it to one resolved value: arrays match by element or as a whole. */
function equalsQueryValue(value: unknown, query: unknown): boolean {
  if (valuesEqual(value, query)) return true;
  if (Array.isArray(value)) return value.some((item) => valuesEqual(item, query));
  return false;
}

function matchesEquality(values: unknown[], query: unknown): boolean {
  return values.some((v) => equalsQueryValue(v, query));
}

function matchesRange(values: unknown[], op: string, query: unknown): boolean {
  const test = (v: unknown): boolean => {
    if (!comparable(v, query)) return false;
    const c = compareValues(v, query);
    return op === '$gt' ? c > 0 : op === '$gte' ? c >= 0 : op === '$lt' ? c < 0 : c <= 0;
  };
  return values.some((v) => (Array.isArray(v) ? v.some(test) || test(v) : test(v)));
}

function matchesField(doc: unknown, path: string, condition: unknown): boolean {
  const values = resolvePath(doc, splitPath(path));
  if (!isOperatorObject(condition)) return matchesEquality(values, condition);
  for (const [op, arg] of Object.entries(condition)) {
    switch (op) {
      case '$eq':
        if (!matchesEquality(values, arg)) return false;
        break;
      case '$ne':
        if (matchesEquality(values, arg)) return false;
        break;
      case '$gt':
      case '$gte':
      case '$lt':
      case '$lte':
        if (!matchesRange(values, op, arg)) return false;
        break;
      case '$in':
        if (!(arg as unknown[]).some((q) => matchesEquality(values, q))) return false;
        break;
      case '$nin':
        if ((arg as unknown[]).some((q) => matchesEquality(values, q))) return false;
        break;
      case '$exists': {
        const exists = values.some((v) => v !== undefined);
        if (exists !== arg) return false;
        break;
      }
      case '$regex': {
        const re = new RegExp(arg as string, condition.$options === 'i' ? 'i' : '');
        const test = (v: unknown): boolean => typeof v === 'string' && re.test(v);
        if (!values.some((v) => (Array.isArray(v) ? v.some(test) : test(v)))) return false;
        break;
      }
      case '$options':
        break;
    }
  }
  return true;
}

/** Does `doc` match `filter`? (the filter must have passed validateFilter) */
export function matchesFilter(doc: unknown, filter: Filter): boolean {
  for (const [key, value] of Object.entries(filter)) {
    if (key === '$and') {
      if (!(value as Filter[]).every((f) => matchesFilter(doc, f))) return false;
    } else if (key === '$or') {
      if (!(value as Filter[]).some((f) => matchesFilter(doc, f))) return false;
    } else if (!matchesField(doc, key, value)) return false;
  }
  return true;
}

/**
 * Equality constraints on top-level keys of the filter (`{a: 1}`, `{a: {$eq: 1}}`, `{a: {$in: […]}}`),
 * which an index on `a` can answer. Returns the list of candidate values per path.
 */
export function equalityCandidates(filter: Filter): Map<string, unknown[]> {
  const out = new Map<string, unknown[]>();
  for (const [key, value] of Object.entries(filter)) {
    if (key.startsWith('$')) continue;
    if (!isOperatorObject(value)) {
      if (typeof value !== 'object' || value === null) out.set(key, [value]);
    } else if ('$eq' in value && (typeof value.$eq !== 'object' || value.$eq === null))
      out.set(key, [value.$eq]);
    else if (Array.isArray(value.$in) && value.$in.every((v) => typeof v !== 'object' || v === null))
      out.set(key, value.$in as unknown[]);
  }
  return out;
}
