// An ordered secondary index of the embedded store (IndexSpec `ordered: true`): the documents'
// values at the index's paths kept in index order (each field ascending or descending, then the
// id ascending, the store's tie-breaker), so that the query planner can read an interval — equal
// values on the first fields, then a range on the next — and walk it in sort order, stopping as
// soon as a page is full instead of sorting every match.
//
// Values order the way MongoDB orders them (compare.ts: type brackets, then values); a missing
// value is indexed as null, which sorts and matches like it. A document whose indexed path holds
// an array, or reaches several values through arrays, cannot have one place in the order: it is
// counted apart, and while there is any such document the planner leaves the index alone (the
// filter matcher still sees everything through the other plans).
import type { IndexSpec, SortDirection } from '#engine/ports/document-store.ts';
import { bracket, compareValues } from '../query/compare.ts';
import { splitPath } from '../query/paths.ts';
import { indexName, valuesAt } from './hash-index.ts';
import { comparePositions, SortedList, type Position } from './sorted-list.ts';

/** [id, value at the first path, …, value at the last]. */
export type OrderedItem = unknown[];

/** A document's values at the index's paths, or null when some path holds several (arrays). */
export type OrderedKeys = unknown[] | null;

export interface Bound {
  value: unknown;
  inclusive: boolean;
}

export interface Range {
  low?: Bound;
  high?: Bound;
}

/** Equal values on the first fields, then maybe a range on the next one. */
export interface IntervalSpec {
  equal: readonly unknown[];
  range?: Range;
}

export interface Interval {
  from: Position;
  /** Exclusive. */
  to: Position;
  count: number;
}

export class OrderedIndex {
  readonly name: string;
  readonly unique = false;
  readonly sparse = false;
  readonly paths: string[];
  readonly directions: SortDirection[];
  private readonly segments: ReadonlyArray<readonly string[]>;
  private readonly list: SortedList<OrderedItem>;
  private readonly multikey = new Set<string>();

  constructor(readonly spec: IndexSpec) {
    this.name = indexName(spec);
    this.paths = spec.fields.map(([p]) => p);
    this.directions = spec.fields.map(([, d]) => d);
    this.segments = this.paths.map(splitPath);
    this.list = new SortedList((a, b) => this.compareItems(a, b));
  }

  /** The planner may use the index only while every document has one value per path. */
  get usable(): boolean {
    return this.multikey.size === 0;
  }

  get size(): number {
    return this.list.size + this.multikey.size;
  }

  keysOf(doc: Record<string, unknown>): OrderedKeys {
    const out: unknown[] = [];
    for (const s of this.segments) {
      const values = valuesAt(doc, s);
      if (values.length !== 1 || Array.isArray(values[0])) return null;
      out.push(values[0] ?? null);
    }
    return out;
  }

  sameKeys(a: OrderedKeys, b: OrderedKeys): boolean {
    if (a === null || b === null) return a === b;
    for (let i = 0; i < a.length; i++) if (compareValues(a[i], b[i]) !== 0) return false;
    return true;
  }

  add(id: string, keys: OrderedKeys): void {
    if (keys === null) this.multikey.add(id);
    else this.list.insert([id, ...keys]);
  }

  /** Adds many documents to an empty index at once (opening a collection, creating the index). */
  addAll(documents: Iterable<readonly [string, OrderedKeys]>): void {
    const items: OrderedItem[] = [];
    for (const [id, keys] of documents) {
      if (keys === null) this.multikey.add(id);
      else items.push([id, ...keys]);
    }
    this.list.build(items);
  }

  remove(id: string, keys: OrderedKeys): void {
    if (keys === null) this.multikey.delete(id);
    else this.list.remove([id, ...keys]);
  }

  /** Where the items matching `spec` lie, and how many there are. */
  interval(spec: IntervalSpec): Interval {
    const from = this.list.first((item) => this.relation(item, spec) >= 0);
    const to = this.list.first((item) => this.relation(item, spec) > 0);
    return { from, to, count: Math.max(0, this.list.rank(to) - this.list.rank(from)) };
  }

  /**
   * The interval narrowed to the items at or after (in walk order) those whose first fields equal
   * `prefix`: where the page after a cursor starts (its group included; the seek filter drops the
   * items up to the cursor's own).
   */
  resume(interval: Interval, prefix: readonly unknown[], reverse: boolean): Interval {
    if (!reverse) {
      const start = this.list.first((item) => this.comparePrefix(item, prefix) >= 0);
      const from = comparePositions(start, interval.from) > 0 ? start : interval.from;
      return { ...interval, from };
    }
    const stop = this.list.first((item) => this.comparePrefix(item, prefix) > 0);
    const to = comparePositions(stop, interval.to) < 0 ? stop : interval.to;
    return { ...interval, to };
  }

  /** The items of an interval, in index order. */
  items(interval: Interval): Generator<OrderedItem> {
    return this.list.forward(interval.from, interval.to);
  }

  /**
   * The interval cut into groups of items equal on the first `fields` fields, last group first;
   * each group's items stay in index order (so, when no field follows, in id order). A sort walked
   * against the index reads these, so that ties still come out in id order.
   */
  *groupsBackward(interval: Interval, fields: number): Generator<Interval> {
    let to = interval.to;
    while (comparePositions(to, interval.from) > 0) {
      const last = this.list.before(to) as OrderedItem;
      const prefix = last.slice(1, fields + 1);
      const start = this.list.first((item) => this.comparePrefix(item, prefix) >= 0);
      const from = comparePositions(start, interval.from) < 0 ? interval.from : start;
      yield { from, to, count: -1 };
      to = from;
    }
  }

  /** Whether two items hold equal values on fields [from, to). */
  sameValues(a: OrderedItem, b: OrderedItem, from: number, to: number): boolean {
    for (let f = from; f < to; f++) if (compareValues(a[f + 1], b[f + 1]) !== 0) return false;
    return true;
  }

  private compareItems(a: OrderedItem, b: OrderedItem): number {
    for (let f = 0; f < this.directions.length; f++) {
      const c = compareValues(a[f + 1], b[f + 1]);
      if (c !== 0) return this.directions[f] === 1 ? c : -c;
    }
    return compareValues(a[0], b[0]);
  }

  /** -1, 0 or 1: the item's first fields before, equal to or after `prefix`, in index order. */
  private comparePrefix(item: OrderedItem, prefix: readonly unknown[]): number {
    for (let f = 0; f < prefix.length; f++) {
      const c = compareValues(item[f + 1], prefix[f]);
      if (c !== 0) return this.directions[f] === 1 ? c : -c;
    }
    return 0;
  }

  /** -1, 0 or 1: the item before, inside or after the interval, in index order. */
  private relation(item: OrderedItem, spec: IntervalSpec): number {
    const c = this.comparePrefix(item, spec.equal);
    if (c !== 0 || !spec.range) return c;
    const f = spec.equal.length;
    const r = rangeRelation(item[f + 1], spec.range);
    return this.directions[f] === 1 ? r : -r;
  }
}

/**
 * -1, 0 or 1: a value below, inside or above a range, in value order. A range holds only values of
 * its bounds' type bracket (MongoDB's $gt/$lt never compare across types).
 */
function rangeRelation(value: unknown, range: Range): number {
  const b = bracket((range.low ?? range.high)?.value);
  const vb = bracket(value);
  if (vb !== b) return vb < b ? -1 : 1;
  if (range.low) {
    const c = compareValues(value, range.low.value);
    if (c < 0 || (c === 0 && !range.low.inclusive)) return -1;
  }
  if (range.high) {
    const c = compareValues(value, range.high.value);
    if (c > 0 || (c === 0 && !range.high.inclusive)) return 1;
  }
  return 0;
}
