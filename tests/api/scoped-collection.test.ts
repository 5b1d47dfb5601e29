// ScopedCollection over both real stores: row rules inside every query, field restrictions on
// what is read and written, and FEEL row rules selecting in the store exactly what FEEL selects.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EmbeddedStore } from '#engine/adapters/store/embedded/embedded-store.ts';
import { MongoStore } from '#engine/adapters/store/mongodb/mongo-store.ts';
import { AppError } from '#engine/core/errors.ts';
import { evaluateCondition } from '#engine/core/feel/feel.ts';
import type { Grant, Principal } from '#engine/core/permissions/access.ts';
import { resolveAccess, type Action } from '#engine/core/permissions/resolve.ts';
import { NotFoundError, type DocumentStore } from '#engine/ports/document-store.ts';
import { ScopedCollection } from '#engine/services/access/scoped-collection.ts';
import { feelConditionArb } from '../core/permissions/feel-arbitraries.ts';
import { mongodbUrl, uniqueNamespace } from '../support/services.ts';
import { tempDir } from '../support/temp-dir.ts';

const stores: [string, () => Promise<{ store: DocumentStore; cleanup: () => Promise<void> }>][] = [
  [
    'embedded',
    async () => {
      const tmp = tempDir('scoped');
      const store = new EmbeddedStore({ dir: tmp.dir });
      return { store, cleanup: async () => (await store.close(), tmp.remove()) };
    },
  ],
  [
    'mongodb',
    async () => {
      const store = await MongoStore.connect({ url: mongodbUrl(), dbName: uniqueNamespace('scoped') });
      return { store, cleanup: async () => (await store.dropDatabase(), await store.close()) };
    },
  ],
];

type Customer = {
  owner: string;
  department?: string;
  data: { name: string; phone?: string; salary?: number };
};

const principal = (userId: string, grants: Grant[], department = 'sales'): Principal => ({
  userId,
  login: userId,
  roles: [],
  department,
  locale: 'en',
  grants,
});

const expectAppError = async (work: Promise<unknown>, status: number, code: string) => {
  const error = await work.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  expect(error).toMatchObject({ status, code });
  return error as AppError;
};

describe.each(stores)('ScopedCollection (%s store)', (_name, open) => {
  let store: DocumentStore;
  let cleanup: () => Promise<void>;
  beforeAll(async () => {
    ({ store, cleanup } = await open());
    await store.collection<Customer>('customers').insertMany([
      {
        id: 'a1',
        owner: 'alice',
        department: 'sales',
        data: { name: 'A1', phone: '13811112222', salary: 1 },
      },
      {
        id: 'a2',
        owner: 'alice',
        department: 'sales',
        data: { name: 'A2', phone: '13833334444', salary: 2 },
      },
      { id: 'b1', owner: 'bob', department: 'sales', data: { name: 'B1', phone: '13855556666', salary: 3 } },
      { id: 'c1', owner: 'carol', department: 'hr', data: { name: 'C1', phone: '13877778888', salary: 4 } },
    ]);
  });
  afterAll(() => cleanup?.());

  const scoped = (who: Principal, action: Action = 'read') =>
    new ScopedCollection<Customer>(
      store.collection<Customer>('customers'),
      resolveAccess(who, 'customer', action),
    );

  const own: Grant = {
    resource: 'customer',
    actions: ['read', 'create', 'update', 'delete'],
    rows: { type: 'own' },
    fields: { readOnly: ['owner'], hidden: ['data.salary'] },
  };
  const maskedAll: Grant = {
    resource: 'customer',
    actions: ['read', 'update'],
    fields: { masked: ['data.phone'] },
  };

  it('merges the row filter into find, count and get (a row outside it is null)', async () => {
    const alice = scoped(principal('alice', [own]));
    expect((await alice.find({}, { sort: [['id', 1]] })).items.map((r) => r.id)).toEqual(['a1', 'a2']);
    expect(await alice.count()).toBe(2);
    expect(await alice.count({ 'data.name': 'B1' })).toBe(0);
    expect(await alice.get('b1')).toBeNull();
    expect(await alice.findOne({ id: 'b1' })).toBeNull();
    expect((await alice.get('a1'))?.data).toEqual({ name: 'A1', phone: '13811112222' }); // salary hidden
  });

  it('masks per row: unmasked where an unrestricted grant covers the row, masked elsewhere', async () => {
    const alice = scoped(principal('alice', [own, maskedAll]));
    const rows = (await alice.find({}, { sort: [['id', 1]] })).items;
    expect(rows.map((r) => [r.id, r.data.phone])).toEqual([
      ['a1', '13811112222'],
      ['a2', '13833334444'],
      ['b1', '138****6666'],
      ['c1', '138****8888'],
    ]);
    expect(rows.find((r) => r.id === 'b1')?.data.salary).toBe(3); // maskedAll does not hide salary
  });

  it('refuses filters and sorts on fields the caller cannot read', async () => {
    const finance = scoped(principal('fin', [maskedAll]));
    const err = await expectAppError(
      finance.find({ 'data.phone': '13811112222' }),
      403,
      'FIELD_NOT_QUERYABLE',
    );
    expect(err.details[0]?.path).toBe('/data/phone');
    await expectAppError(finance.find({}, { sort: [['data.phone', 1]] }), 403, 'FIELD_NOT_QUERYABLE');
    await expectAppError(
      finance.count({ $or: [{ 'data.phone': { $regex: '^138' } }] }),
      403,
      'FIELD_NOT_QUERYABLE',
    );
  });

  it('refuses everything without a grant', async () => {
    const nobody = scoped(principal('zed', []));
    await expectAppError(nobody.find(), 403, 'FORBIDDEN');
    await expectAppError(nobody.get('a1'), 403, 'FORBIDDEN');
    await expectAppError(nobody.insert({ owner: 'zed', data: { name: 'x' } }), 403, 'FORBIDDEN');
  });

  it('keeps writes inside the rows and away from read-only fields', async () => {
    const alice = scoped(principal('alice', [own]), 'update');
    await expectAppError(
      scoped(principal('alice', [own]), 'create').insert(
        { owner: 'bob', data: { name: 'x' } },
        { serverPaths: ['owner'] },
      ),
      403,
      'ROW_OUT_OF_SCOPE',
    );
    const ro = await expectAppError(
      scoped(principal('alice', [own]), 'create').insert({ owner: 'alice', data: { name: 'x' } }),
      403,
      'FIELD_READ_ONLY',
    );
    expect(ro.details.map((d) => d.path)).toEqual(['/owner']);
    const created = await scoped(principal('alice', [own]), 'create').insert(
      { id: 'a3', owner: 'alice', data: { name: 'A3' } },
      { serverPaths: ['owner'] },
    );
    expect(created.id).toBe('a3');
    await expect(alice.update('b1', 1, { set: { 'data.name': 'mine now' } })).rejects.toBeInstanceOf(
      NotFoundError,
    );
    expect(await alice.delete('b1')).toBe(false);
    expect(await store.collection('customers').get('b1')).not.toBeNull();
    await expectAppError(alice.update('a1', 1, { set: { owner: 'bob' } }), 403, 'FIELD_READ_ONLY');
    await expectAppError(alice.update('a1', 1, { set: { 'data.salary': 99 } }), 403, 'FIELD_READ_ONLY');
    const renamed = await alice.update('a1', 1, { set: { 'data.name': 'A1 Ltd' } });
    expect(renamed).toMatchObject({ rev: 2, data: { name: 'A1 Ltd' } });
  });

  it('replace keeps the hidden and masked values the caller never saw', async () => {
    const fin = scoped(principal('fin', [maskedAll]), 'update');
    const seen = (await fin.get('c1'))!;
    expect(seen.data.phone).toBe('138****8888');
    const { id: _id, rev, ...doc } = seen;
    await fin.replace('c1', rev, { ...doc, data: { ...doc.data, name: 'C1 Renamed' } });
    expect((await store.collection<Customer>('customers').get('c1'))?.data).toEqual({
      name: 'C1 Renamed',
      phone: '13877778888',
      salary: 4,
    });
  });

  describe('FEEL row rules select in the store what FEEL selects', () => {
    const rows: Record<string, unknown>[] = [];
    for (const status of ['open', 'closed', 'new', null, undefined])
      for (const amount of [0, 10, 5000, 5000.5, 9999, undefined])
        for (const owner of ['alice', 'bob'])
          rows.push({
            owner,
            department: amount === 10 ? 'finance' : 'sales',
            ...(status !== undefined ? { status } : {}),
            ...(amount !== undefined ? { amount } : {}),
          });
    beforeAll(async () => {
      await store
        .collection('feel_rows')
        .insertMany(rows.map((r, i) => ({ id: `r${String(i).padStart(3, '0')}`, ...r })));
    });

    it('for generated conditions and users', async () => {
      const col = store.collection<Record<string, unknown>>('feel_rows');
      const all = (await col.find()).items;
      await fc.assert(
        fc.asyncProperty(
          feelConditionArb,
          fc.constantFrom('alice', 'bob'),
          fc.constantFrom('sales', 'finance'),
          async (expression, userId, department) => {
            const who = principal(
              userId,
              [{ resource: 'r', actions: ['read'], rows: { type: 'feel', expression } }],
              department,
            );
            const scopedRows = new ScopedCollection(col, resolveAccess(who, 'r', 'read'));
            const got = (await scopedRows.find()).items.map((r) => r.id).sort();
            const user = { id: userId, login: userId, department, locale: 'en' };
            const want = all
              .filter((r) => {
                const { id: _i, rev: _r, ...row } = r;
                return evaluateCondition(expression, { row, user });
              })
              .map((r) => r.id)
              .sort();
            expect(got).toEqual(want);
          },
        ),
        { numRuns: 60 },
      );
    });
  });
});
