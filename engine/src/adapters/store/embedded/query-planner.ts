// The embedded store's query planner (pure over the indexes): which documents a find reads first.
// The filter matcher always has the last word, so a plan only has to read a superset of the
// matches — the cheapest one it can find:
// - `ids`: the filter names the ids;
// - `hash`: an equality (or $in) on every field of a hash index;
// - `ordered`: an interval of an ordered index (equal values on its first fields, then a range on
//   the next). When the index's order is also the requested sort, the walk is `sorted` and stops
//   once a page is full;
// - `full`: every document.
// Costs are the documents each plan reads: the size of a hash index's buckets and the exact
// length of an interval, both known without reading a document. A sorted walk reads about
// (page size) ÷ (the share of documents the rest of the filter keeps), estimated from the other
// plans as if the conditions were independent.
import type { Filter, Sort } from '#engine/ports/document-store.ts';
import { bracket, compareValues } from '../query/compare.ts';
import type { HashIndex } from './hash-index.ts';
import { keyOf } from './hash-index.ts';
import type { Bound, Interval, IntervalSpec, OrderedIndex, Range } from './ordered-index.ts';

/** One condition an index can answer: equality with one of `values`, or a range. */
export type Constraint =
  { path: string; kind: 'eq'; values: unknown[] } | { path: string; kind: 'range'; range: Range };

export interface SortedWalk {
  reverse: boolean;
  /** The index fields [from, to) that carry the sort: items equal on them are ordered by id. */
  from: number;
  to: number;
  /** The sort keys' positions in the requested sort, for resuming after a cursor. */
  sortKeys: number[];
}

export type Plan =
  | { kind: 'ids'; ids: unknown[]; cost: number }
  | { kind: 'full'; cost: number }
  | { kind: 'hash'; index: HashIndex; keys: string[]; cost: number; covers: Set<Constraint> }
  | {
      kind: 'ordered';
      index: OrderedIndex;
      spec: IntervalSpec;
      interval: Interval;
      cost: number;
      covers: Set<Constraint>;
      sorted?: SortedWalk;
    };

export interface PlannerInput {
  filter: Filter;
  sort: Sort;
  limit?: number;
  docs: number;
  hashIndexes: Iterable<HashIndex>;
  orderedIndexes: Iterable<OrderedIndex>;
}

const isScalar = (v: unknown): boolean => typeof v !== 'object' || v === null;

/**
 * The conditions on fields at the top level of a filter and inside its `$and`s; the ranges on one
 * field merged into one (`{a: {$gte: 1}}` and `{a: {$lt: 5}}` as `1 ≤ a < 5`).
 */
export function constraintsOf(filter: Filter): Constraint[] {
  const out: Constraint[] = [];
  const ranges = new Map<string, Extract<Constraint, { kind: 'range' }>>();
  for (const c of collect(filter, [])) {
    if (c.kind === 'eq') {
      out.push(c);
      continue;
    }
    const seen = ranges.get(c.path);
    if (!seen) {
      ranges.set(c.path, c);
      out.push(c);
    } else seen.range = tighter(seen.range, c.range);
  }
  return out;
}

/** Both ranges at once; ranges of different types match nothing, so the first one is kept. */
function tighter(a: Range, b: Range): Range {
  const typeOf = (r: Range): number => bracket((r.low ?? r.high)?.value);
  if (typeOf(a) !== typeOf(b)) return a;
  const pick = (x: Bound | undefined, y: Bound | undefined, sign: 1 | -1): Bound | undefined => {
    if (!x || !y) return x ?? y;
    const c = compareValues(x.value, y.value) * sign;
    if (c !== 0) return c > 0 ? x : y;
    return x.inclusive ? y : x;
  };
  const low = pick(a.low, b.low, 1);
  const high = pick(a.high, b.high, -1);
  return { ...(low ? { low } : {}), ...(high ? { high } : {}) };
}

function collect(filter: Filter, out: Constraint[]): Constraint[] {
  for (const [key, value] of Object.entries(filter)) {
    if (key === '$and') {
      for (const sub of value as Filter[]) collect(sub, out);
      continue;
    }
    if (key.startsWith('$')) continue;
    if (isScalar(value)) {
      out.push({ path: key, kind: 'eq', values: [value] });
      continue;
    }
    if (Array.isArray(value)) continue;
    const ops = value as Record<string, unknown>;
    if (!Object.keys(ops).every((k) => k.startsWith('$'))) continue;
    if ('$eq' in ops && isScalar(ops.$eq)) out.push({ path: key, kind: 'eq', values: [ops.$eq] });
    if (Array.isArray(ops.$in) && ops.$in.every(isScalar))
      out.push({ path: key, kind: 'eq', values: ops.$in as unknown[] });
    const range: Range = {};
    for (const [op, arg] of Object.entries(ops)) {
      if (!isScalar(arg)) continue;
      if (op === '$gt' || op === '$gte') range.low = { value: arg, inclusive: op === '$gte' };
      if (op === '$lt' || op === '$lte') range.high = { value: arg, inclusive: op === '$lte' };
    }
    // A range across type brackets matches nothing; the matcher alone settles that case.
    if (range.low && range.high && bracket(range.low.value) !== bracket(range.high.value)) continue;
    if (range.low || range.high) out.push({ path: key, kind: 'range', range });
  }
  return out;
}

export function planQuery(input: PlannerInput): Plan {
  const constraints = constraintsOf(input.filter);
  const idEq = constraints.find((c) => c.path === 'id' && c.kind === 'eq');
  if (idEq && idEq.kind === 'eq') return { kind: 'ids', ids: idEq.values, cost: idEq.values.length };
  const plans: Plan[] = [];
  for (const index of input.hashIndexes) plans.push(...hashPlans(index, constraints));
  for (const index of input.orderedIndexes) {
    if (!index.usable) continue;
    const plan = orderedPlan(index, constraints, input.sort);
    if (plan) plans.push(plan);
  }
  let best: Plan = { kind: 'full', cost: input.docs };
  const n = Math.max(1, input.docs);
  for (const plan of plans) {
    if (plan.kind === 'ordered' && plan.sorted && input.limit !== undefined) {
      const keep = selectivityOfOthers(plan, plans, n);
      plan.cost = Math.min(plan.interval.count, Math.ceil((input.limit + 1) / Math.max(keep, 1 / n)));
    }
    if (plan.cost < best.cost || (plan.cost === best.cost && plan.kind === 'ordered' && plan.sorted))
      best = plan;
  }
  return best;
}

/**
 * The ways a hash index can answer: for each path an equality on it (several equalities on one
 * path — the words of a full-text search — each give a plan, and the cheapest wins).
 */
function hashPlans(index: HashIndex, constraints: readonly Constraint[]): Plan[] {
  const options: Array<Array<Extract<Constraint, { kind: 'eq' }>>> = [];
  for (const path of index.paths) {
    const eqs = constraints.filter(
      (x): x is Extract<Constraint, { kind: 'eq' }> =>
        x.path === path &&
        x.kind === 'eq' &&
        // A sparse index does not hold the documents where the fields are missing, which null matches.
        !(index.sparse && x.values.includes(null)),
    );
    if (eqs.length === 0) return [];
    options.push(eqs);
  }
  // Every choice for one-field indexes; the fewest values per field for compound ones.
  const choices =
    options.length === 1
      ? (options[0] as Array<Extract<Constraint, { kind: 'eq' }>>).map((c) => [c])
      : [options.map((eqs) => [...eqs].sort((a, b) => a.values.length - b.values.length)[0]!)];
  return choices.map((chosen) => {
    const keys: string[] = [];
    for (const combo of cartesian(chosen.map((c) => c.values))) keys.push(combo.map(keyOf).join('\u0000'));
    const cost = keys.reduce((sum, key) => sum + index.count(key), 0);
    return { kind: 'hash', index, keys, cost, covers: new Set<Constraint>(chosen) };
  });
}

function orderedPlan(index: OrderedIndex, constraints: readonly Constraint[], sort: Sort): Plan | null {
  const covers = new Set<Constraint>();
  const equal: unknown[] = [];
  let e = 0;
  for (; e < index.paths.length; e++) {
    const c = constraints.find((x) => x.path === index.paths[e] && x.kind === 'eq' && x.values.length === 1);
    if (!c || c.kind !== 'eq') break;
    equal.push(c.values[0]);
    covers.add(c);
  }
  const spec: IntervalSpec = { equal };
  if (e < index.paths.length) {
    const r = constraints.find((x) => x.path === index.paths[e] && x.kind === 'range');
    if (r && r.kind === 'range') {
      spec.range = r.range;
      covers.add(r);
    }
  }
  const sorted = sortedWalk(index, e, sort);
  if (covers.size === 0 && !sorted) return null;
  const interval = index.interval(spec);
  return {
    kind: 'ordered',
    index,
    spec,
    interval,
    cost: interval.count,
    covers,
    ...(sorted ? { sorted } : {}),
  };
}

/**
 * Whether walking the index (after `e` equal fields) yields the requested sort: the sort keys not
 * fixed by those equal fields must be the next index fields, all in the index's direction or all
 * against it. An empty remainder is no help: the order would then be the id alone.
 */
function sortedWalk(index: OrderedIndex, e: number, sort: Sort): SortedWalk | undefined {
  const fixed = new Set(index.paths.slice(0, e));
  const keys = sort.map((s, i) => [s, i] as const).filter(([[path]]) => !fixed.has(path));
  if (keys.length === 0 || e + keys.length > index.paths.length) return undefined;
  let reverse: boolean | undefined;
  for (let j = 0; j < keys.length; j++) {
    const [[path, direction]] = keys[j] as (typeof keys)[number];
    if (index.paths[e + j] !== path) return undefined;
    const against = index.directions[e + j] !== direction;
    if (reverse === undefined) reverse = against;
    else if (reverse !== against) return undefined;
  }
  return { reverse: reverse ?? false, from: e, to: e + keys.length, sortKeys: keys.map(([, i]) => i) };
}

/**
 * The share of documents that the conditions a sorted walk's interval does not cover keep, from
 * the other plans, as if the conditions were independent. A plan covering the walk's conditions
 * and more (the same equal prefix, then another field) counts relative to the walk's interval.
 */
function selectivityOfOthers(
  plan: Extract<Plan, { kind: 'ordered' }>,
  plans: readonly Plan[],
  n: number,
): number {
  const taken = new Set(plan.covers);
  let keep = 1;
  const others = plans
    .filter((p): p is Extract<Plan, { covers: Set<Constraint> }> => p !== plan && 'covers' in p)
    .sort((a, b) => a.cost - b.cost);
  for (const other of others) {
    const covers = [...other.covers];
    const fresh = covers.filter((c) => !taken.has(c));
    if (fresh.length === 0) continue;
    let share: number;
    if (fresh.length === covers.length) share = other.cost / n;
    else if (
      [...plan.covers].every((c) => other.covers.has(c)) &&
      covers.every((c) => taken.has(c) === plan.covers.has(c))
    )
      share = other.cost / Math.max(1, plan.interval.count);
    else continue;
    for (const c of fresh) taken.add(c);
    keep *= Math.min(1, share);
  }
  return keep;
}

function* cartesian(lists: unknown[][]): Generator<unknown[]> {
  if (lists.length === 0) {
    yield [];
    return;
  }
  const [first, ...rest] = lists as [unknown[], ...unknown[][]];
  for (const v of first) for (const tail of cartesian(rest)) yield [v, ...tail];
}
