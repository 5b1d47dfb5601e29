// The DocumentStore contract: one suite, run against every adapter (document-store.test.ts).
// A behaviour that differs between the adapters fails here.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  DuplicateKeyError,
  InvalidCursorError,
  NotFoundError,
  RevisionConflictError,
  UnsupportedFilterError,
  type Collection,
  type DocumentStore,
  type Filter,
  type Sort,
} from '#engine/ports/document-store.ts';

export interface StoreHarness {
  store: DocumentStore;
  cleanup: () => Promise<void>;
}

interface Item {
  id?: string;
  n?: number | null;
  s?: string;
  tags?: string[];
  owner?: { name: string; dept?: string };
  lines?: Array<{ amount: number; account: string }>;
  flag?: boolean;
}

// A small fixture whose values exercise every operator of the filter subset.
const FIXTURE: Array<Item & { id: string }> = [
  { id: 'a', n: 1, s: 'apple', tags: ['red', 'fruit'], owner: { name: 'ann', dept: 'sales' }, flag: true },
  { id: 'b', n: 2, s: 'Banana', tags: ['yellow', 'fruit'], owner: { name: 'bob', dept: 'ops' }, flag: false },
  { id: 'c', n: 3, s: 'cherry', tags: ['red'], owner: { name: 'cat' } },
  {
    id: 'd',
    n: null,
    s: 'date',
    lines: [
      { amount: 5, account: '6601' },
      { amount: 7, account: '2241' },
    ],
  },
  { id: 'e', s: 'elder', tags: [], lines: [{ amount: 9, account: '6601' }] },
  { id: 'f', n: 10, s: '苹果', owner: { name: 'fay', dept: 'sales' }, flag: true },
];

const FILTER_CASES: Array<[string, Filter, string[]]> = [
  ['empty filter', {}, ['a', 'b', 'c', 'd', 'e', 'f']],
  ['equality', { s: 'apple' }, ['a']],
  ['$eq', { n: { $eq: 2 } }, ['b']],
  ['null matches null and missing', { n: null }, ['d', 'e']],
  ['$ne', { n: { $ne: 1 } }, ['b', 'c', 'd', 'e', 'f']],
  ['$ne null', { n: { $ne: null } }, ['a', 'b', 'c', 'f']],
  ['$gt', { n: { $gt: 2 } }, ['c', 'f']],
  ['$gte', { n: { $gte: 2 } }, ['b', 'c', 'f']],
  ['$lt', { n: { $lt: 3 } }, ['a', 'b']],
  ['$lte and $gte', { n: { $gte: 2, $lte: 3 } }, ['b', 'c']],
  ['range does not cross types', { s: { $gt: 0 } }, []],
  ['string range', { s: { $gte: 'b', $lt: 'd' } }, ['c']],
  ['$in', { s: { $in: ['apple', 'date', 'zzz'] } }, ['a', 'd']],
  ['$in with null', { n: { $in: [null, 1] } }, ['a', 'd', 'e']],
  ['$nin', { s: { $nin: ['apple', 'date'] } }, ['b', 'c', 'e', 'f']],
  ['$exists true', { owner: { $exists: true } }, ['a', 'b', 'c', 'f']],
  ['$exists false', { flag: { $exists: false } }, ['c', 'd', 'e']],
  ['dotted path', { 'owner.dept': 'sales' }, ['a', 'f']],
  ['dotted missing', { 'owner.dept': { $exists: false } }, ['c', 'd', 'e']],
  ['array contains', { tags: 'red' }, ['a', 'c']],
  ['array $in', { tags: { $in: ['yellow', 'nope'] } }, ['b']],
  ['array of sub-documents', { 'lines.account': '6601' }, ['d', 'e']],
  ['array of sub-documents range', { 'lines.amount': { $gt: 6 } }, ['d', 'e']],
  ['boolean', { flag: false }, ['b']],
  ['$and', { $and: [{ tags: 'fruit' }, { n: { $gt: 1 } }] }, ['b']],
  ['$or', { $or: [{ s: 'apple' }, { 'owner.name': 'cat' }] }, ['a', 'c']],
  ['$or inside $and', { $and: [{ $or: [{ n: 1 }, { n: 10 }] }, { flag: true }] }, ['a', 'f']],
  ['$regex', { s: { $regex: '^b' } }, []],
  ['$regex case-insensitive', { s: { $regex: '^b', $options: 'i' } }, ['b']],
  ['$regex unicode', { s: { $regex: '苹' } }, ['f']],
  ['id equality', { id: 'c' }, ['c']],
  ['id $in', { id: { $in: ['a', 'e', 'zz'] } }, ['a', 'e']],
];

const ids = (docs: Array<{ id: string }>): string[] => docs.map((d) => d.id);

export function documentStoreContract(adapterName: string, open: () => Promise<StoreHarness>): void {
  describe(`DocumentStore contract: ${adapterName}`, () => {
    let harness: StoreHarness;
    let store: DocumentStore;
    let col: Collection<Item>;
    let counter = 0;

    beforeAll(async () => {
      harness = await open();
      store = harness.store;
    });
    afterAll(async () => {
      await harness?.cleanup();
    });
    beforeEach(() => {
      counter++;
      col = store.collection<Item>(`c${counter}`);
    });

    describe('insert and get', () => {
      it('assigns an id and revision 1, and returns copies', async () => {
        const doc = await col.insert({ s: 'x', owner: { name: 'n' } });
        expect(doc.id).toMatch(/.+/);
        expect(doc.rev).toBe(1);
        doc.owner!.name = 'changed';
        const again = await col.get(doc.id);
        expect(again).toEqual({ id: doc.id, rev: 1, s: 'x', owner: { name: 'n' } });
        again!.s = 'mutated';
        expect((await col.get(doc.id))!.s).toBe('x');
      });

      it('keeps a given id, ignores a given rev, returns null for a missing id', async () => {
        const doc = await col.insert({ id: 'mine', s: 'y', rev: 7 } as Item);
        expect(doc).toMatchObject({ id: 'mine', rev: 1 });
        expect(await col.get('nope')).toBeNull();
      });

      it('rejects a duplicate id with DuplicateKeyError, keeping the first', async () => {
        await col.insert({ id: 'dup', s: 'first' });
        await expect(col.insert({ id: 'dup', s: 'second' })).rejects.toBeInstanceOf(DuplicateKeyError);
        expect((await col.get('dup'))!.s).toBe('first');
      });

      it('answers each of many concurrent inserts for its own document (a clash fails alone)', async () => {
        // The MongoDB adapter sends inserts that meet in time as one command (group commit).
        const ids = Array.from({ length: 20 }, (_, i) => (i === 7 ? 'same' : i === 13 ? 'same' : `g${i}`));
        const results = await Promise.allSettled(ids.map((id, i) => col.insert({ id, n: i })));
        const failed = results.filter((r) => r.status === 'rejected');
        expect(failed).toHaveLength(1);
        expect((failed[0] as PromiseRejectedResult).reason).toBeInstanceOf(DuplicateKeyError);
        expect(await col.count()).toBe(19);
        expect((await col.get('g3'))!.n).toBe(3);
        expect([7, 13]).toContain((await col.get('same'))!.n);
      });

      it('refuses _id and empty ids', async () => {
        await expect(col.insert({ _id: 'x' } as Item)).rejects.toBeInstanceOf(TypeError);
        await expect(col.insert({ id: '' })).rejects.toBeInstanceOf(TypeError);
      });

      it('stores keys with dots and leading dollars as they are (user JSON)', async () => {
        const odd = { 'data.title': { $in: ['a', 'b'] }, nested: [{ 'x.y': 1, $z: { 'k.k': true } }] };
        const doc = await col.insert({ id: 'odd', s: 'o', details: odd } as Item);
        expect(await col.get(doc.id)).toEqual({ id: 'odd', rev: 1, s: 'o', details: odd });
        const next = await col.update('odd', 1, { set: { 'more.q': { 'a.b': '$c', $d: 1 } } });
        expect(next).toMatchObject({ more: { q: { 'a.b': '$c', $d: 1 } }, details: odd });
        expect(await col.get('odd')).toEqual(next);
        expect((await col.find({ s: 'o' })).items).toEqual([next]);
      });

      it('inserts many in order and stops at the first clash', async () => {
        await col.insert({ id: 'm2' });
        await expect(col.insertMany([{ id: 'm1' }, { id: 'm2' }, { id: 'm3' }])).rejects.toBeInstanceOf(
          DuplicateKeyError,
        );
        expect(await col.get('m1')).not.toBeNull();
        expect(await col.get('m3')).toBeNull();
      });
    });

    describe('find', () => {
      beforeEach(async () => {
        await col.insertMany(FIXTURE);
      });

      it.each(FILTER_CASES)('%s', async (_label, filter, expected) => {
        const { items, nextCursor } = await col.find(filter, { sort: [['id', 1]] });
        expect(ids(items)).toEqual(expected);
        expect(nextCursor).toBeNull();
        expect(await col.count(filter)).toBe(expected.length);
      });

      it('gives the same answers with secondary indexes in place', async () => {
        await col.ensureIndex({ fields: [['s', 1]] });
        await col.ensureIndex({ fields: [['tags', 1]] });
        await col.ensureIndex({ fields: [['lines.account', 1]] });
        await col.ensureIndex({
          fields: [
            ['owner.dept', 1],
            ['flag', 1],
          ],
        });
        await col.ensureIndex({ fields: [['n', 1]] });
        for (const [, filter, expected] of FILTER_CASES) {
          const { items } = await col.find(filter, { sort: [['id', 1]] });
          expect(ids(items), JSON.stringify(filter)).toEqual(expected);
        }
        const { items } = await col.find({ 'owner.dept': 'sales', flag: true }, { sort: [['id', 1]] });
        expect(ids(items)).toEqual(['a', 'f']);
      });

      it('rejects operators outside the subset', async () => {
        for (const bad of [
          { $where: 'true' },
          { n: { $elemMatch: { $gt: 1 } } },
          { n: { $in: 'x' } },
          { n: { $exists: 1 } },
          { s: { $regex: '(' } },
          { $or: [] },
          { 'a..b': 1 },
        ] as Filter[]) {
          await expect(col.find(bad), JSON.stringify(bad)).rejects.toBeInstanceOf(UnsupportedFilterError);
        }
      });

      it('sorts ascending and descending, nulls first ascending, with id as tie-breaker', async () => {
        const asc = await col.find({}, { sort: [['n', 1]] });
        expect(ids(asc.items)).toEqual(['d', 'e', 'a', 'b', 'c', 'f']);
        const desc = await col.find({}, { sort: [['n', -1]] });
        expect(ids(desc.items)).toEqual(['f', 'c', 'b', 'a', 'd', 'e']);
        const byDeptThenN = await col.find(
          {},
          {
            sort: [
              ['owner.dept', 1],
              ['n', -1],
            ],
          },
        );
        expect(ids(byDeptThenN.items)).toEqual(['c', 'd', 'e', 'b', 'f', 'a']);
      });

      it('orders strings by UTF-8 bytes (upper case before lower, CJK last)', async () => {
        const { items } = await col.find({}, { sort: [['s', 1]] });
        expect(items.map((d) => d.s)).toEqual(['Banana', 'apple', 'cherry', 'date', 'elder', '苹果']);
      });

      it('limits and projects', async () => {
        const { items } = await col.find(
          {},
          { sort: [['id', 1]], limit: 2, projection: ['s', 'owner.name'] },
        );
        expect(items).toEqual([
          { id: 'a', rev: 1, s: 'apple', owner: { name: 'ann' } },
          { id: 'b', rev: 1, s: 'Banana', owner: { name: 'bob' } },
        ]);
      });

      it('finds one', async () => {
        expect((await col.findOne({ tags: 'red' }, { sort: [['n', -1]] }))!.id).toBe('c');
        expect(await col.findOne({ s: 'none' })).toBeNull();
      });
    });

    describe('cursor pagination', () => {
      const sort: Sort = [
        ['group', 1],
        ['score', -1],
      ];

      async function seed(c: Collection<Record<string, unknown>>, n: number): Promise<void> {
        const docs = [];
        for (let i = 0; i < n; i++) {
          docs.push({
            id: `p${String(i).padStart(3, '0')}`,
            group: i % 3,
            score: i % 2 === 0 ? i % 5 : null,
          });
        }
        await c.insertMany(docs);
      }

      it('walks every document exactly once in sort order', async () => {
        const c = store.collection<Record<string, unknown>>(`page${counter}`);
        await seed(c, 40);
        const all = ids((await c.find({}, { sort })).items);
        const walked: string[] = [];
        let after: string | undefined;
        let pages = 0;
        do {
          const page = await c.find({}, { sort, limit: 7, ...(after ? { after } : {}) });
          walked.push(...ids(page.items));
          after = page.nextCursor ?? undefined;
          pages++;
        } while (after);
        expect(walked).toEqual(all);
        expect(pages).toBe(Math.ceil(40 / 7));
      });

      it('stays stable while documents are inserted and deleted between pages', async () => {
        const c = store.collection<Record<string, unknown>>(`page${counter}`);
        await seed(c, 30);
        const original = new Set(ids((await c.find({})).items));
        const seen: string[] = [];
        const deleted = new Set<string>();
        let after: string | undefined;
        let round = 0;
        do {
          const page = await c.find({ group: { $gte: 0 } }, { sort, limit: 5, ...(after ? { after } : {}) });
          seen.push(...ids(page.items));
          after = page.nextCursor ?? undefined;
          // Between pages: new documents on both sides of the cursor, and delete one unseen document.
          await c.insert({ id: `new-${round}-a`, group: 0, score: 100 });
          await c.insert({ id: `new-${round}-b`, group: 2, score: -1 });
          const unseen = [...original].find((id) => !seen.includes(id) && !deleted.has(id));
          if (unseen && round % 2 === 0) {
            await c.delete(unseen);
            deleted.add(unseen);
          }
          round++;
        } while (after);
        expect(new Set(seen).size).toBe(seen.length); // no duplicates
        for (const id of original) if (!deleted.has(id)) expect(seen).toContain(id);
        for (const id of deleted) expect(seen).not.toContain(id);
      });

      it('rejects a malformed cursor or one made for another sort', async () => {
        const c = store.collection<Record<string, unknown>>(`page${counter}`);
        await seed(c, 5);
        const page = await c.find({}, { sort, limit: 2 });
        await expect(c.find({}, { sort, after: 'garbage!' })).rejects.toBeInstanceOf(InvalidCursorError);
        await expect(c.find({}, { sort: [['score', 1]], after: page.nextCursor! })).rejects.toBeInstanceOf(
          InvalidCursorError,
        );
      });
    });

    describe('revision-checked writes', () => {
      it('updates paths and increments the revision', async () => {
        const doc = await col.insert({ s: 'x', n: 1, owner: { name: 'a', dept: 'd' } });
        const next = await col.update(doc.id, 1, { set: { n: 2, 'owner.name': 'b' }, unset: ['owner.dept'] });
        expect(next).toEqual({ id: doc.id, rev: 2, s: 'x', n: 2, owner: { name: 'b' } });
        expect(await col.get(doc.id)).toEqual(next);
      });

      it('rejects a stale revision and writes nothing', async () => {
        const doc = await col.insert({ s: 'x' });
        await col.update(doc.id, 1, { set: { s: 'y' } });
        await expect(col.update(doc.id, 1, { set: { s: 'z' } })).rejects.toBeInstanceOf(
          RevisionConflictError,
        );
        await expect(col.replace(doc.id, 1, { s: 'z' })).rejects.toBeInstanceOf(RevisionConflictError);
        await expect(col.delete(doc.id, 1)).rejects.toBeInstanceOf(RevisionConflictError);
        expect(await col.get(doc.id)).toEqual({ id: doc.id, rev: 2, s: 'y' });
      });

      it('reports a missing document as NotFoundError', async () => {
        await expect(col.update('ghost', 1, { set: { s: 'y' } })).rejects.toBeInstanceOf(NotFoundError);
        await expect(col.replace('ghost', 1, { s: 'y' })).rejects.toBeInstanceOf(NotFoundError);
        await expect(col.increment('ghost', { n: 1 })).rejects.toBeInstanceOf(NotFoundError);
        expect(await col.delete('ghost')).toBe(false);
      });

      it('replaces the whole document', async () => {
        const doc = await col.insert({ s: 'x', n: 1 });
        const next = await col.replace(doc.id, 1, { s: 'y' });
        expect(next).toEqual({ id: doc.id, rev: 2, s: 'y' });
      });

      it('lands concurrent grouped replaces each at its next revision; a stale one writes nothing', async () => {
        const docs = await Promise.all(Array.from({ length: 10 }, (_, i) => col.insert({ n: i })));
        const written = await Promise.all(
          docs.map((d) => col.replace(d.id, 1, { n: (d.n ?? 0) + 100 }, { grouped: true })),
        );
        expect(written.map((w) => w.rev)).toEqual(docs.map(() => 2));
        for (const d of docs) expect(await col.get(d.id)).toEqual({ id: d.id, rev: 2, n: (d.n ?? 0) + 100 });
        await expect(col.replace(docs[0]!.id, 1, { n: -1 }, { grouped: true })).rejects.toBeInstanceOf(
          RevisionConflictError,
        );
        expect((await col.get(docs[0]!.id))!.n).toBe(100);
        const results = await Promise.allSettled(
          Array.from({ length: 6 }, (_, i) => col.replace(docs[1]!.id, 2, { n: i }, { grouped: true })),
        );
        expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
        expect((await col.get(docs[1]!.id))!.rev).toBe(3);
      });

      it('refuses writes to managed or conflicting paths', async () => {
        const doc = await col.insert({ s: 'x' });
        await expect(col.update(doc.id, 1, { set: { rev: 5 } })).rejects.toBeInstanceOf(TypeError);
        await expect(col.update(doc.id, 1, { set: { id: 'other' } })).rejects.toBeInstanceOf(TypeError);
        await expect(
          col.update(doc.id, 1, { set: { owner: {} }, unset: ['owner.name'] }),
        ).rejects.toBeInstanceOf(TypeError);
        expect(await col.get(doc.id)).toEqual({ id: doc.id, rev: 1, s: 'x' });
      });

      it('lets exactly one of N concurrent updaters win each revision', async () => {
        const doc = await col.insert({ n: 0 });
        let rev = doc.rev;
        for (let round = 0; round < 5; round++) {
          const results = await Promise.allSettled(
            Array.from({ length: 12 }, (_, i) => col.update(doc.id, rev, { set: { n: round * 100 + i } })),
          );
          const won = results.filter((r) => r.status === 'fulfilled');
          const lost = results.filter((r) => r.status === 'rejected');
          expect(won).toHaveLength(1);
          for (const r of lost)
            expect((r as PromiseRejectedResult).reason).toBeInstanceOf(RevisionConflictError);
          const current = await col.get(doc.id);
          expect(current!.rev).toBe(rev + 1);
          expect(current!.n).toBe((won[0] as PromiseFulfilledResult<Item>).value.n);
          rev = current!.rev;
        }
      });

      it('updates many by filter: each matching document changed, its revision up by one', async () => {
        await col.insertMany([
          { id: 'u1', n: 1, s: 'a' },
          { id: 'u2', n: 2, s: 'a' },
          { id: 'u3', n: 3, s: 'b' },
        ]);
        await col.update('u2', 1, { set: { n: 20 } });
        expect(await col.updateMany({ s: 'a' }, { set: { flag: true }, unset: ['n'] })).toBe(2);
        expect((await col.find({}, { sort: [['id', 1]] })).items).toEqual([
          { id: 'u1', rev: 2, s: 'a', flag: true },
          { id: 'u2', rev: 3, s: 'a', flag: true },
          { id: 'u3', rev: 1, n: 3, s: 'b' },
        ]);
        expect(await col.updateMany({ s: 'none' }, { set: { flag: true } })).toBe(0);
      });

      it('deletes at a revision, and deletes many by filter', async () => {
        await col.insertMany([
          { id: 'x1', n: 1 },
          { id: 'x2', n: 2 },
          { id: 'x3', n: 3 },
        ]);
        expect(await col.delete('x1', 1)).toBe(true);
        expect(await col.get('x1')).toBeNull();
        expect(await col.deleteMany({ n: { $gte: 2 } })).toBe(2);
        expect(await col.count()).toBe(0);
      });
    });

    describe('conditional increments', () => {
      it('never lets stock go negative under concurrent decrements', async () => {
        const item = await col.insert({ id: 'sku', n: 10 });
        const results = await Promise.all(
          Array.from({ length: 25 }, () => col.increment(item.id, { n: -1 }, { where: { n: { $gte: 1 } } })),
        );
        expect(results.filter((r) => r !== null)).toHaveLength(10);
        const final = await col.get(item.id);
        expect(final!.n).toBe(0);
        expect(final!.rev).toBe(11);
      });

      it('treats a missing field as 0, sets alongside, and refuses non-numbers', async () => {
        const doc = await col.insert({ s: 'x' });
        const next = await col.increment(doc.id, { 'owner.count': 2 } as Record<string, number>, {
          set: { flag: true },
        });
        expect(next).toMatchObject({ rev: 2, flag: true, owner: { count: 2 } });
        await expect(col.increment(doc.id, { s: 1 })).rejects.toBeInstanceOf(TypeError);
        await expect(col.increment(doc.id, { n: Number.NaN })).rejects.toBeInstanceOf(TypeError);
      });
    });

    describe('indexes', () => {
      it('enforces a unique index on insert and update, writing nothing on violation', async () => {
        await col.ensureIndex({ fields: [['s', 1]], unique: true });
        await col.ensureIndex({ fields: [['s', 1]], unique: true }); // idempotent
        await col.insert({ id: 'u1', s: 'one' });
        const two = await col.insert({ id: 'u2', s: 'two' });
        await expect(col.insert({ id: 'u3', s: 'one' })).rejects.toBeInstanceOf(DuplicateKeyError);
        await expect(col.update(two.id, 1, { set: { s: 'one' } })).rejects.toBeInstanceOf(DuplicateKeyError);
        expect(await col.get('u3')).toBeNull();
        expect((await col.get('u2'))!.s).toBe('two');
        // The freed value can be taken once its holder changes.
        await col.update('u1', 1, { set: { s: 'uno' } });
        await col.update('u2', 1, { set: { s: 'one' } });
        expect(await col.count({ s: 'one' })).toBe(1);
      });

      it('enforces compound unique indexes and lets sparse ones skip missing fields', async () => {
        await col.ensureIndex({
          fields: [
            ['owner.name', 1],
            ['n', 1],
          ],
          unique: true,
          name: 'owner_n',
        });
        await col.insert({ owner: { name: 'a' }, n: 1 });
        await col.insert({ owner: { name: 'a' }, n: 2 });
        await expect(col.insert({ owner: { name: 'a' }, n: 1 })).rejects.toBeInstanceOf(DuplicateKeyError);
        const sparse = store.collection<Item>(`sparse${counter}`);
        await sparse.ensureIndex({ fields: [['s', 1]], unique: true, sparse: true });
        await sparse.insert({ n: 1 });
        await sparse.insert({ n: 2 });
        await sparse.insert({ s: 'k' });
        await expect(sparse.insert({ s: 'k' })).rejects.toBeInstanceOf(DuplicateKeyError);
        expect(await sparse.count({ s: null })).toBe(2);
      });

      it('refuses to create a unique index over duplicate data', async () => {
        await col.insertMany([{ s: 'same' }, { s: 'same' }]);
        await expect(col.ensureIndex({ fields: [['s', 1]], unique: true })).rejects.toBeInstanceOf(
          DuplicateKeyError,
        );
        await col.insert({ s: 'same' }); // no index was left behind
        expect(await col.count({ s: 'same' })).toBe(3);
      });
    });

    describe('backup support', () => {
      it('lists the secondary indexes as ensureIndex took them', async () => {
        expect(await store.collection(`noindex${counter}`).listIndexes()).toEqual([]);
        await col.ensureIndex({ fields: [['s', 1]], unique: true });
        await col.ensureIndex({
          fields: [
            ['owner.name', 1],
            ['n', -1],
          ],
          name: 'owner_n',
        });
        await col.ensureIndex({ fields: [['tags', 1]], unique: true, sparse: true, name: 'tags' });
        const byName = Object.fromEntries((await col.listIndexes()).map((i) => [i.name, i]));
        expect(Object.keys(byName).sort()).toEqual(['owner_n', 's_1', 'tags']);
        // (FerretDB reports every unique index as sparse: its unique indexes never clash on a
        // missing field.)
        expect(byName.s_1).toMatchObject({ fields: [['s', 1]], unique: true });
        expect(byName.owner_n).toEqual({
          name: 'owner_n',
          fields: [
            ['owner.name', 1],
            ['n', -1],
          ],
        });
        expect(byName.tags).toEqual({ name: 'tags', fields: [['tags', 1]], unique: true, sparse: true });
      });

      it('restores documents with their revisions; later writes continue from them', async () => {
        await col.ensureIndex({ fields: [['s', 1]], unique: true });
        await col.restoreMany([
          { id: 'r1', rev: 7, s: 'seven', owner: { name: 'ann' } },
          { id: 'r2', rev: 1, s: 'one' },
        ]);
        expect(await col.get('r1')).toEqual({ id: 'r1', rev: 7, s: 'seven', owner: { name: 'ann' } });
        expect((await col.update('r1', 7, { set: { n: 1 } })).rev).toBe(8);
        await expect(col.update('r2', 7, { set: { n: 1 } })).rejects.toBeInstanceOf(RevisionConflictError);
        // Ids and unique indexes hold as for inserts; the documents before the clash stay.
        await expect(
          col.restoreMany([
            { id: 'r3', rev: 2, s: 'three' },
            { id: 'r1', rev: 1 },
          ]),
        ).rejects.toBeInstanceOf(DuplicateKeyError);
        await expect(col.restoreMany([{ id: 'r4', rev: 3, s: 'one' }])).rejects.toBeInstanceOf(
          DuplicateKeyError,
        );
        expect(ids((await col.find({}, { sort: [['id', 1]] })).items)).toEqual(['r1', 'r2', 'r3']);
        await expect(col.restoreMany([{ id: 'r5', rev: 0 }])).rejects.toBeInstanceOf(TypeError);
      });
    });

    describe('collections', () => {
      it('lists and drops collections', async () => {
        const name = `drop${counter}`;
        const c = store.collection(name);
        await c.insert({ a: 1 });
        expect(await store.listCollections()).toContain(name);
        await store.dropCollection(name);
        expect(await store.listCollections()).not.toContain(name);
        expect(await store.collection(name).count()).toBe(0);
        await store.dropCollection('never-existed');
      });

      it('answers a ping', async () => {
        await expect(store.ping()).resolves.toBeUndefined();
      });

      it('streams every current document of a collection (scan)', async () => {
        const name = `scan${counter}`;
        const c = store.collection<{ s?: string; n?: number }>(name);
        await c.insertMany([
          { id: 'x', s: 'one' },
          { id: 'y', s: 'two' },
          { id: 'z', s: 'three' },
        ]);
        await c.update('x', 1, { set: { s: 'uno' } });
        await c.delete('y');
        const scanned = [];
        for await (const d of store.scan(name)) scanned.push(d);
        expect(scanned.sort((a, b) => a.id.localeCompare(b.id))).toEqual([
          { id: 'x', rev: 2, s: 'uno' },
          { id: 'z', rev: 1, s: 'three' },
        ]);
        for await (const _ of store.scan(`never${counter}`)) throw new Error('nothing to scan');
      });
    });
  });
}
