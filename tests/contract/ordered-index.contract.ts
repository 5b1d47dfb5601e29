// Indexes that serve ranges and sorts (IndexSpec `ordered`), in the DocumentStore contract: a
// collection with such indexes answers every filter + sort + page walk exactly like the same data
// without indexes — ties, nulls and missing values, mixed types, descending keys, ranges of both
// bounds, equal prefixes, cursors — also after updates move documents within the order, deletes,
// and documents whose indexed field is an array (which no single place in the order can hold).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Collection, DocumentStore, Filter, IndexSpec, Sort } from '#engine/ports/document-store.ts';
import type { StoreHarness } from './document-store.contract.ts';

interface Row {
  id?: string;
  kind?: string | string[];
  deleted?: boolean;
  amount?: number | null;
  at?: string;
  owner?: { dept?: string };
  tags?: string[] | string;
}

/** A small deterministic generator (mulberry32), so a failure reproduces. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function rows(n: number, seed: number): Array<Row & { id: string }> {
  const r = random(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)] as T;
  return Array.from({ length: n }, (_, i) => {
    const row: Row & { id: string } = { id: `r${String(i).padStart(4, '0')}`, deleted: r() < 0.15 };
    if (r() < 0.9) row.kind = pick(['claim', 'order', 'leave']);
    const a = r();
    // Numbers with many ties, some null or missing. (One type per field: cursor pages of a sort
    // over mixed types are not what the contract promises.)
    if (a < 0.8) row.amount = Math.floor(r() * 20) * 50;
    else if (a < 0.9) row.amount = null;
    if (r() < 0.95)
      row.at = `2026-0${1 + Math.floor(r() * 9)}-${String(1 + Math.floor(r() * 28)).padStart(2, '0')}`;
    if (r() < 0.8) row.owner = r() < 0.9 ? { dept: pick(['sales', 'ops', 'hr']) } : {};
    return row;
  });
}

const INDEXES: IndexSpec[] = [
  {
    fields: [
      ['deleted', 1],
      ['at', -1],
    ],
    ordered: true,
  },
  {
    fields: [
      ['deleted', 1],
      ['amount', 1],
    ],
    ordered: true,
  },
  {
    fields: [
      ['kind', 1],
      ['owner.dept', 1],
      ['at', 1],
    ],
    ordered: true,
  },
  { fields: [['amount', -1]], ordered: true, name: 'amount_desc' },
];

const QUERIES: Array<[string, Filter, Sort]> = [
  ['first page, newest first', { deleted: false }, [['at', -1]]],
  ['oldest first (the index walked backwards)', { deleted: false }, [['at', 1]]],
  ['amount range, sorted by amount', { deleted: false, amount: { $gte: 100, $lt: 600 } }, [['amount', 1]]],
  ['amount range, sorted by date', { deleted: false, amount: { $gt: 300 } }, [['at', -1]]],
  ['open range from above', { amount: { $lte: 250 } }, [['amount', -1]]],
  ['a range of another type matches nothing', { amount: { $gte: '0' } }, [['amount', 1]]],
  ['range over strings', { deleted: true, at: { $lte: '2026-04-30' } }, [['at', 1]]],
  ['null and missing', { deleted: false, amount: null }, [['at', -1]]],
  ['equal prefix, then sort', { kind: 'claim', 'owner.dept': 'sales' }, [['at', 1]]],
  ['equal prefix, sort against the index', { kind: 'order', 'owner.dept': 'ops' }, [['at', -1]]],
  [
    'prefix of two keys of the sort',
    { kind: 'leave' },
    [
      ['owner.dept', 1],
      ['at', 1],
    ],
  ],
  [
    'prefix with a range on the next field',
    { kind: 'claim', 'owner.dept': { $gte: 'ops' } },
    [['owner.dept', -1]],
  ],
  ['sort only, whole collection', {}, [['amount', -1]]],
  ['filter the index cannot use', { $or: [{ kind: 'leave' }, { amount: 0 }] }, [['at', -1]]],
  [
    'range in an $and',
    { $and: [{ deleted: false }, { at: { $gte: '2026-03-01', $lt: '2026-06-01' } }] },
    [['at', -1]],
  ],
];

const PAGE = 12;
/** FerretDB answers each find in tens of milliseconds, and these walk hundreds of pages. */
const SLOW = 180_000;

async function walk(col: Collection<Row>, filter: Filter, sort: Sort): Promise<string[]> {
  const out: string[] = [];
  let after: string | undefined;
  for (let pages = 0; pages < 100; pages++) {
    const page = await col.find(filter, { sort, limit: PAGE, ...(after ? { after } : {}) });
    out.push(...page.items.map((d) => d.id));
    if (!page.nextCursor) return out;
    after = page.nextCursor;
  }
  throw new Error('more pages than documents');
}

export function orderedIndexContract(adapterName: string, open: () => Promise<StoreHarness>): void {
  describe(`DocumentStore contract, ordered indexes: ${adapterName}`, () => {
    let harness: StoreHarness;
    let store: DocumentStore;
    let plain: Collection<Row>;
    let indexed: Collection<Row>;

    beforeAll(async () => {
      harness = await open();
      store = harness.store;
      plain = store.collection<Row>('plain');
      indexed = store.collection<Row>('indexed');
      // Half the documents before the indexes exist, half after: both ways of filling them.
      const data = rows(160, 7);
      await plain.insertMany(data);
      await indexed.insertMany(data.slice(0, 80));
      for (const spec of INDEXES) await indexed.ensureIndex(spec);
      await indexed.insertMany(data.slice(80));
    });
    afterAll(async () => harness?.cleanup());

    const same = async (): Promise<void> => {
      for (const [what, filter, sort] of QUERIES) {
        const expected = await walk(plain, filter, sort);
        expect(await walk(indexed, filter, sort), what).toEqual(expected);
        expect(await indexed.count(filter), what).toBe(expected.length);
      }
    };

    it('answers every filter, sort and page like the same data without indexes', same, SLOW);

    it(
      'still does after updates move documents, deletes, and re-inserts',
      async () => {
        const r = random(11);
        for (let i = 0; i < 160; i += 3) {
          const id = `r${String(i).padStart(4, '0')}`;
          const changes = {
            set: { amount: Math.floor(r() * 20) * 50, at: `2026-0${1 + Math.floor(r() * 9)}-15` },
          };
          for (const col of [plain, indexed]) {
            const doc = await col.get(id);
            await col.update(id, doc!.rev, changes);
          }
        }
        for (const col of [plain, indexed]) {
          expect(await col.deleteMany({ kind: 'leave', deleted: true })).toBeGreaterThan(0);
          await col.delete('r0001');
          await col.insert({ id: 'r0001', kind: 'claim', amount: 100, at: '2026-05-05', deleted: false });
        }
        await same();
      },
      SLOW,
    );

    it(
      'falls back to the other plans while an indexed field holds an array',
      async () => {
        for (const col of [plain, indexed]) {
          const doc = await col.get('r0002');
          await col.update('r0002', doc!.rev, { set: { kind: ['claim', 'order'] as never } });
        }
        await same();
        for (const col of [plain, indexed]) {
          const doc = await col.get('r0002');
          await col.update('r0002', doc!.rev, { set: { kind: 'order' } });
        }
        await same();
      },
      SLOW,
    );

    it('lists an ordered index like any other, and keeps it idempotent', async () => {
      await indexed.ensureIndex(INDEXES[0] as IndexSpec);
      const names = (await indexed.listIndexes()).map((i) => i.name).sort();
      expect(names).toEqual([
        'amount_desc',
        'deleted_1_amount_1',
        'deleted_1_at_-1',
        'kind_1_owner.dept_1_at_1',
      ]);
    });
  });
}
