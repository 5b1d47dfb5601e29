// Reading what a query plan chose (query-planner.ts): the candidate documents of an unordered plan,
// or a page straight off an ordered index walked in the requested sort order.
import type { Filter } from '#engine/ports/document-store.ts';
import { compareValues } from '../query/compare.ts';
import { matchesFilter } from '../query/filter.ts';
import { objOf, type Entry, type EntrySource } from './entry.ts';
import type { OrderedItem } from './ordered-index.ts';
import type { Plan } from './query-planner.ts';

/** The documents a plan reads (a superset of the matches), in no particular order. */
export function* planEntries(plan: Plan, docs: ReadonlyMap<string, Entry>): Generator<Entry> {
  switch (plan.kind) {
    case 'full':
      yield* docs.values();
      return;
    case 'ids':
      for (const id of new Set(plan.ids.map(String))) {
        const entry = docs.get(id);
        if (entry) yield entry;
      }
      return;
    case 'hash': {
      const ids = new Set<string>();
      for (const key of plan.keys) plan.index.lookup(key, ids);
      for (const id of ids) {
        const entry = docs.get(id);
        if (entry) yield entry;
      }
      return;
    }
    case 'ordered':
      for (const item of plan.index.items(plan.interval)) {
        const entry = docs.get(item[0] as string);
        if (entry) yield entry;
      }
  }
}

/**
 * Up to `limit` + 1 matches in sort order from a sorted walk. Items equal on the sort fields are
 * read in id order (the store's tie-breaker): the index order itself when the sort fields are its
 * last ones and the walk goes its way; a group at a time, last group first, when it goes against
 * it; each group sorted when more index fields follow. After a cursor the walk starts at the
 * cursor's group, whose items up to the cursor's own the seek filter in `filter` drops.
 */
export function walkSorted(
  plan: Extract<Plan, { kind: 'ordered' }>,
  docs: ReadonlyMap<string, Entry>,
  source: EntrySource,
  filter: Filter,
  limit: number | undefined,
  cursorValues?: readonly unknown[],
): { page: Entry[]; hasMore: boolean } {
  const { index, sorted } = plan;
  if (!sorted) throw new Error('walkSorted needs a sorted plan');
  const interval = cursorValues
    ? index.resume(
        plan.interval,
        [...plan.spec.equal, ...sorted.sortKeys.map((i) => cursorValues[i] ?? null)],
        sorted.reverse,
      )
    : plan.interval;
  const want = limit === undefined ? Infinity : limit + 1;
  const page: Entry[] = [];
  const read = (items: Iterable<OrderedItem>): boolean => {
    for (const item of items) {
      const entry = docs.get(item[0] as string);
      if (entry && matchesFilter(objOf(entry, source), filter)) page.push(entry);
      if (page.length >= want) return false;
    }
    return true;
  };
  const trailing = sorted.to < index.paths.length;
  const byId = (items: Iterable<OrderedItem>): OrderedItem[] =>
    [...items].sort((a, b) => compareValues(a[0], b[0]));
  if (!sorted.reverse && !trailing) read(index.items(interval));
  else if (!sorted.reverse) {
    let group: OrderedItem[] = [];
    for (const item of index.items(interval)) {
      const first = group[0];
      if (first && !index.sameValues(first, item, sorted.from, sorted.to)) {
        if (!read(byId(group))) break;
        group = [];
      }
      group.push(item);
    }
    if (page.length < want) read(byId(group));
  } else
    for (const group of index.groupsBackward(interval, sorted.to)) {
      const items = index.items(group);
      if (!read(trailing ? byId(items) : items)) break;
    }
  const hasMore = limit !== undefined && page.length > limit;
  if (hasMore) page.pop();
  return { page, hasMore };
}
