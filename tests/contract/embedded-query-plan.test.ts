// The embedded store's query planner picks the plan that reads the fewest documents: a sorted
// walk of an ordered index for a page in index order, an interval for a narrow range, a hash
// bucket for a rare value, and never an ordered index while it holds an array value.
import { describe, expect, it } from 'vitest';
import { HashIndex } from '#engine/adapters/store/embedded/hash-index.ts';
import { OrderedIndex } from '#engine/adapters/store/embedded/ordered-index.ts';
import { planQuery, type Plan } from '#engine/adapters/store/embedded/query-planner.ts';
import type { Filter, Sort } from '#engine/ports/document-store.ts';

const N = 2000;
const docs = Array.from({ length: N }, (_, i) => ({
  id: `d${i}`,
  deleted: i % 50 === 0,
  at: `2026-${String(1 + (i % 12)).padStart(2, '0')}-${String(1 + (i % 28)).padStart(2, '0')}`,
  amount: i,
  kind: i === 7 ? 'rare' : i % 2 ? 'claim' : 'order',
}));

function indexes(withArray = false) {
  const byDate = new OrderedIndex({
    fields: [
      ['deleted', 1],
      ['at', -1],
    ],
    ordered: true,
  });
  const byAmount = new OrderedIndex({
    fields: [
      ['deleted', 1],
      ['amount', 1],
    ],
    ordered: true,
  });
  const kind = new HashIndex({ fields: [['kind', 1]] });
  const all = withArray ? [...docs, { ...docs[0]!, id: 'arr', at: ['2026-01-01'] }] : docs;
  for (const index of [byDate, byAmount])
    index.addAll(all.map((d) => [d.id, index.keysOf(d as Record<string, unknown>)] as const));
  for (const d of all) kind.add(d.id, kind.keysOf(d as Record<string, unknown>));
  return { byDate, byAmount, kind };
}

function plan(filter: Filter, sort: Sort, limit?: number, withArray = false): Plan {
  const { byDate, byAmount, kind } = indexes(withArray);
  return planQuery({
    filter,
    sort,
    ...(limit !== undefined ? { limit } : {}),
    docs: N,
    hashIndexes: [kind],
    orderedIndexes: [byDate, byAmount],
  });
}

describe('embedded query planner', () => {
  it('walks an ordered index in sort order for a page, forwards or backwards', () => {
    const newest = plan({ deleted: false }, [['at', -1]], 50);
    expect(newest).toMatchObject({ kind: 'ordered', sorted: { reverse: false } });
    expect(newest.cost).toBeLessThanOrEqual(51);
    expect((newest as { index: OrderedIndex }).index.paths).toEqual(['deleted', 'at']);
    expect(plan({ deleted: false }, [['at', 1]], 50)).toMatchObject({
      kind: 'ordered',
      sorted: { reverse: true },
    });
  });

  it('reads a narrow range as an interval, a wide one through the sorted walk', () => {
    const narrow = plan({ deleted: false, amount: { $gte: 100, $lt: 110 } }, [['at', -1]], 20);
    expect(narrow).toMatchObject({ kind: 'ordered', cost: 9 }); // 100…109 less the deleted 100
    expect((narrow as { index: OrderedIndex }).index.paths).toEqual(['deleted', 'amount']);
    expect((narrow as { sorted?: unknown }).sorted).toBeUndefined();
    const wide = plan({ deleted: false, amount: { $gte: 100 } }, [['at', -1]], 20);
    expect(wide).toMatchObject({ kind: 'ordered', sorted: { reverse: false } });
    expect((wide as { index: OrderedIndex }).index.paths).toEqual(['deleted', 'at']);
    // The other conditions keep about 95 % of the documents: the walk is estimated at ~22.
    expect(wide.cost).toBeLessThan(30);
  });

  it('takes a hash bucket for a rare value, and counts common ones against the walk', () => {
    expect(plan({ deleted: false, kind: 'rare' }, [['at', -1]], 20)).toMatchObject({ kind: 'hash', cost: 1 });
    const common = plan({ deleted: false, kind: 'claim' }, [['at', -1]], 20);
    expect(common).toMatchObject({ kind: 'ordered', sorted: { reverse: false } });
    expect(common.cost).toBeGreaterThanOrEqual(42); // half the documents match: twice the page
  });

  it('merges the bounds of one field given apart (a query builder ANDs one condition per bound)', () => {
    const p = plan(
      { deleted: false, amount: { $gte: 100 }, $and: [{ amount: { $lt: 110 } }, { amount: { $lte: 500 } }] },
      [['amount', -1]],
      20,
    );
    expect(p).toMatchObject({ kind: 'ordered', sorted: { reverse: true } });
    expect((p as { interval: { count: number } }).interval.count).toBe(9);
  });

  it('reads the rarest of several equalities on one field (the words of a search)', () => {
    expect(plan({ kind: 'claim', $and: [{ kind: 'rare' }] }, [['at', -1]], 20)).toMatchObject({
      kind: 'hash',
      cost: 1,
    });
  });

  it('ranges on the sort field read the interval in order', () => {
    const p = plan({ deleted: false, amount: { $gt: 1500 } }, [['amount', -1]], 10);
    expect(p).toMatchObject({ kind: 'ordered', sorted: { reverse: true } });
    expect((p as { index: OrderedIndex }).index.paths).toEqual(['deleted', 'amount']);
    expect(p.cost).toBe(11);
  });

  it('leaves an ordered index alone while an indexed field holds an array', () => {
    const p = plan({ deleted: false }, [['at', -1]], 50, true);
    expect((p as { index?: OrderedIndex }).index?.paths).not.toEqual(['deleted', 'at']);
  });

  it('needs a sort to walk, and names ids directly', () => {
    expect(plan({ deleted: false }, [], 10)).toMatchObject({ kind: 'ordered', cost: expect.any(Number) });
    expect((plan({ deleted: false }, [], 10) as { sorted?: unknown }).sorted).toBeUndefined();
    expect(plan({ id: { $in: ['d1', 'd2'] } }, [['at', 1]], 10)).toMatchObject({ kind: 'ids', cost: 2 });
  });
});
