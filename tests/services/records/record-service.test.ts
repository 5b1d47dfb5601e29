// Records through the service, in both run modes: validation, access, queries, revisions, soft
// delete, history.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '#engine/core/errors.ts';
import type { RecordEnvelope } from '#schemas/generated/index.ts';
import { at, claimData, expenseClaim } from '#tests/core/forms/fixtures.ts';
import {
  admin,
  analyst,
  employee,
  formsActor,
  MODES,
  on,
  openStore,
  principal,
  services,
  type OpenedStore,
  type Services,
} from './support.ts';

async function failure(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
  throw new Error('expected an AppError');
}

const FORM = 'expense-claim';
const alice = employee('alice');
const bob = employee('bob');
/** Finance reads every claim and may see sensitive fields in clear (readSensitive role). */
const finance = principal(
  'fin',
  ['finance'],
  [{ resource: `record:${FORM}`, actions: ['read', 'update', 'delete'] }],
);
/** An auditor reads every claim; sensitive fields masked, the salary hidden by the grant. */
const auditor = principal(
  'aud',
  ['auditor'],
  [{ resource: `record:${FORM}`, actions: ['read'], fields: { hidden: ['data.salary'] } }],
);

describe.each(MODES)('records (%s)', (mode) => {
  let opened: OpenedStore;
  let s: Services;
  let first: RecordEnvelope;

  beforeAll(async () => {
    opened = await openStore(mode, 'records');
    s = await services(opened.store);
    await s.forms.publishDefinition(
      formsActor(analyst),
      expenseClaim({ permissions: { readSensitive: ['finance'] } }),
    );
  });
  afterAll(async () => opened.cleanup());

  it('creates a record: computed values, owner, version; the owner reads it in clear', async () => {
    first = await s.records.create(
      on(alice, FORM, 'create'),
      FORM,
      claimData({ salary: '8500', payee: { name: 'Li', city: 'Shenzhen' } }),
    );
    expect(first).toMatchObject({
      rev: 1,
      form: FORM,
      formVersion: 1,
      module: 'finance',
      owner: 'alice',
      department: 'sales',
      status: 'active',
      title: 'Trip to Shenzhen',
      deleted: false,
      createdBy: 'alice',
    });
    expect(first.data).toMatchObject({
      phone: '13812345678',
      salary: '8500.00',
      total: '241.10',
      priority: 3,
    });
    expect(first.masked).toBeUndefined();
    expect(first).not.toHaveProperty('search');
    expect(first).not.toHaveProperty('lastChange');
  });

  it('refuses invalid data with every problem, localized, at its JSON pointer', async () => {
    const e = await failure(
      s.records.create(on(alice, FORM, 'create'), FORM, {
        title: '',
        category: 'travel',
        phone: '1234',
        lines: [],
        travel: true,
      }),
    );
    expect([e.status, e.code]).toEqual([422, 'RECORD_INVALID']);
    expect(e.details.map((d) => d.path).sort()).toEqual(['/destination', '/lines', '/phone', '/title']);
    expect(e.details.find((d) => d.path === '/lines')?.messageZh).toBe('明细至少需要 1 项');
    const bad = await failure(s.records.create(on(alice, FORM, 'create'), FORM, [1]));
    expect(bad.code).toBe('RECORD_DATA_INVALID');
    // Names no field can have, wherever they are, at their escaped pointers.
    const names = await failure(
      s.records.create(on(alice, FORM, 'create'), FORM, {
        ...claimData(),
        'no such/field': 1,
        lines: [{ ...(claimData().lines as object[])[0], 'a/b~c': { ok: 1, '1x': 2 } }],
      }),
    );
    expect(names.code).toBe('RECORD_INVALID');
    const nameProblems = names.details.filter((d) => d.message.endsWith('is not a valid field name'));
    expect(nameProblems.map((d) => d.path)).toEqual(['/lines/0/a~1b~0c', '/no such~1field']);
    expect(nameProblems[0]?.messageZh).toBe('“a/b~c”不是有效的字段名');
  });

  it('masks sensitive fields for readers who may not see them, hides what the grant hides', async () => {
    const seenByFinance = await s.records.get(on(finance, FORM, 'read'), FORM, first.id);
    expect(seenByFinance.data.phone).toBe('13812345678');
    const seenByAuditor = await s.records.get(on(auditor, FORM, 'read'), FORM, first.id);
    expect(seenByAuditor.data.phone).toBe('138****5678');
    expect(seenByAuditor.data).not.toHaveProperty('salary');
    expect(seenByAuditor.masked).toEqual(['data.phone']); // the fields that hold a value
    const nothing = await failure(s.records.get(on(bob, FORM, 'read'), FORM, first.id));
    expect([nothing.status, nothing.code]).toEqual([404, 'RECORD_NOT_FOUND']);
  });

  it('finds records by a sensitive field through the blind index, for readers who may', async () => {
    const hits = await s.records.list(on(finance, FORM, 'read'), FORM, {
      where: { 'data.phone': '13812345678' },
    });
    expect(hits.items.map((r) => r.id)).toEqual([first.id]);
    const none = await s.records.list(on(finance, FORM, 'read'), FORM, {
      where: { 'data.phone': '13900000000' },
    });
    expect(none.items).toEqual([]);
    const refused = await failure(
      s.records.list(on(auditor, FORM, 'read'), FORM, { where: { 'data.phone': '13812345678' } }),
    );
    expect([refused.status, refused.details[0]?.path]).toEqual([400, '/where/data.phone']);
  });

  it('lists with filters on nested fields, money ranges and sorts, full text, and cursor pages', async () => {
    const create = (who: typeof alice, title: string, unitPrice: string, city: string) =>
      s.records.create(
        on(who, FORM, 'create'),
        FORM,
        claimData({
          title,
          phone: undefined,
          payee: { name: 'x', city },
          lines: [{ date: '2026-01-05', quantity: 1, unitPrice }],
        }),
      );
    await create(alice, 'Hotel in Beijing', '900', 'Beijing');
    await create(alice, 'Taxi 深圳科技园', '1234.50', 'Shenzhen');
    await create(bob, 'Bob lunch', '35', 'Shenzhen');
    for (let i = 0; i < 5; i++) await create(alice, `Batch ${i}`, `${10 + i}`, 'Wuhan');
    const read = on(finance, FORM, 'read');
    const city = await s.records.list(read, FORM, {
      where: { 'data.payee.city': 'Shenzhen' },
      sort: [{ field: 'data.total', direction: 'asc' }],
    });
    expect(city.items.map((r) => r.data.total)).toEqual(['35.00', '241.10', '1234.50']);
    const range = await s.records.list(read, FORM, {
      where: { 'data.total': { gte: '241.10', lt: '1000' } },
      sort: [{ field: 'data.total', direction: 'desc' }],
    });
    expect(range.items.map((r) => r.data.total)).toEqual(['900.00', '241.10']);
    expect((await s.records.list(read, FORM, { q: '科技' })).items.map((r) => r.title)).toEqual([
      'Taxi 深圳科技园',
    ]);
    expect((await s.records.list(read, FORM, { q: 'hot beij' })).items.map((r) => r.title)).toEqual([
      'Hotel in Beijing',
    ]);
    expect(
      (await s.records.list(read, FORM, { where: { 'data.lines.unitPrice': { contains: '1234' } } })).items,
    ).toHaveLength(1);
    expect(await s.records.count(read, FORM, { where: { 'data.payee.city': 'Wuhan' } })).toBe(5);
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await s.records.list(read, FORM, {
        limit: 3,
        sort: [{ field: 'data.total' }],
        ...(cursor ? { cursor } : {}),
      });
      seen.push(...page.items.map((r) => r.id));
      cursor = page.nextCursor ?? undefined;
      pages++;
    } while (cursor);
    expect(pages).toBe(3);
    expect(new Set(seen).size).toBe(9);
    const bad = await failure(s.records.list(read, FORM, { cursor: 'garbage' }));
    expect(bad.code).toBe('INVALID_CURSOR');
  });

  it('row rules apply to lists and counts: an employee sees their own records only', async () => {
    const mine = await s.records.list(on(bob, FORM, 'read'), FORM, {});
    expect(mine.items.map((r) => r.title)).toEqual(['Bob lunch']);
    expect(await s.records.count(on(bob, FORM, 'read'), FORM)).toBe(1);
  });

  it('updates with a revision check; a stale revision is a conflict', async () => {
    const updated = await s.records.update(on(alice, FORM, 'update'), FORM, first.id, {
      rev: 1,
      patch: { lines: [{ date: '2026-01-05', quantity: 3, unitPrice: '100' }] },
    });
    expect([updated.rev, updated.data.total, updated.data.phone]).toEqual([2, '300.00', '13812345678']);
    const stale = await failure(
      s.records.update(on(alice, FORM, 'update'), FORM, first.id, { rev: 1, patch: { title: 'x' } }),
    );
    expect([stale.status, stale.code]).toEqual([409, 'RECORD_REVISION_CONFLICT']);
    const notMine = await failure(
      s.records.update(on(bob, FORM, 'update'), FORM, first.id, { rev: 2, patch: { title: 'x' } }),
    );
    expect(notMine.status).toBe(404);
    first = updated;
  });

  it('keeps values the writer never saw and refuses changes to read-only fields', async () => {
    // finance reads in clear but the auditor-like grant below hides the salary and masks the title
    const clerk = principal(
      'clerk',
      ['clerk'],
      [
        {
          resource: `record:${FORM}`,
          actions: ['read', 'update'],
          fields: { hidden: ['data.salary'], readOnly: ['data.category'] },
        },
      ],
    );
    const seen = await s.records.get(on(clerk, FORM, 'update'), FORM, first.id);
    expect(seen.data.phone).toBe('138****5678');
    const updated = await s.records.update(on(clerk, FORM, 'update'), FORM, first.id, {
      rev: first.rev,
      data: { ...seen.data, title: 'Renamed' },
    });
    const clear = await s.records.get(on(finance, FORM, 'read'), FORM, first.id);
    expect(clear.data).toMatchObject({ title: 'Renamed', salary: '8500.00', phone: '13812345678' });
    const ro = await failure(
      s.records.update(on(clerk, FORM, 'update'), FORM, first.id, {
        rev: updated.rev,
        patch: { category: 'meals' },
      }),
    );
    expect([ro.status, ro.code, ro.details[0]?.path]).toEqual([403, 'FIELD_READ_ONLY', '/data/category']);
    const typedNew = await s.records.update(on(clerk, FORM, 'update'), FORM, first.id, {
      rev: updated.rev,
      patch: { phone: '13900001111' },
    });
    expect((await s.records.get(on(finance, FORM, 'read'), FORM, first.id)).data.phone).toBe('13900001111');
    first = typedNew;
  });

  it('soft-deletes and restores; deleted records leave lists unless asked for', async () => {
    const del = await s.records.delete(on(finance, FORM, 'delete'), FORM, first.id, first.rev);
    expect(del).toMatchObject({ deleted: true, deletedBy: 'fin' });
    const read = on(finance, FORM, 'read');
    expect((await s.records.list(read, FORM, { where: { id: first.id } })).items).toEqual([]);
    expect((await s.records.list(read, FORM, { deleted: 'only' })).items.map((r) => r.id)).toEqual([
      first.id,
    ]);
    const again = await failure(
      s.records.update(on(finance, FORM, 'update'), FORM, first.id, { rev: del.rev, patch: { title: 'x' } }),
    );
    expect(again.code).toBe('RECORD_DELETED');
    const back = await s.records.restore(on(finance, FORM, 'delete'), FORM, first.id, del.rev);
    expect(back.deleted).toBe(false);
    expect(back).not.toHaveProperty('deletedAt');
    first = back;
  });

  it('keeps the history of every change, shown as each reader may see it', async () => {
    const history = await s.records.history(on(finance, FORM, 'read'), FORM, first.id);
    expect(history.map((h) => [h.rev, h.action, h.by])).toEqual([
      [1, 'create', 'alice'],
      [2, 'update', 'alice'],
      [3, 'update', 'clerk'],
      [4, 'update', 'clerk'],
      [5, 'delete', 'fin'],
      [6, 'restore', 'fin'],
    ]);
    expect(history[1]?.changes).toContainEqual({ path: '/total', before: '241.10', after: '300.00' });
    expect(history[3]?.changes).toEqual([{ path: '/phone', before: '13812345678', after: '13900001111' }]);
    const masked = await s.records.history(on(auditor, FORM, 'read'), FORM, first.id);
    expect(masked[3]?.changes).toEqual([{ path: '/phone', before: '138****5678', after: '139****1111' }]);
    expect(history[0]?.changes).toEqual([]);
    expect(masked.some((h) => h.changes.some((c) => c.path === '/salary'))).toBe(false);
  });

  it('the latest change lives in the record itself and moves to the history before the next (outbox)', async () => {
    const history = opened.store.collection('record_history');
    const updated = await s.records.update(on(alice, FORM, 'update'), FORM, first.id, {
      rev: first.rev,
      patch: { title: 'Outbox' },
    });
    // Written atomically with the change: no second write that a crash could lose.
    expect(await history.get(`${first.id}:${updated.rev}`)).toBeNull();
    expect(await history.get(`${first.id}:${first.rev}`)).not.toBeNull();
    expect((await s.records.history(on(alice, FORM, 'read'), FORM, first.id)).at(-1)).toMatchObject({
      rev: updated.rev,
      action: 'update',
    });
    // A crash after the copy but before the change leaves a duplicate, never a gap: readers dedupe.
    await s.records.flushHistory((await s.records.collection(FORM).get(first.id))!.lastChange);
    const next = await s.records.update(on(alice, FORM, 'update'), FORM, first.id, {
      rev: updated.rev,
      patch: { title: 'Outbox 2' },
    });
    expect(await history.get(`${first.id}:${updated.rev}`)).not.toBeNull();
    const revs = (await s.records.history(on(alice, FORM, 'read'), FORM, first.id)).map((h) => h.rev);
    expect(revs).toEqual([...new Set(revs)]);
    expect(revs.at(-1)).toBe(next.rev);
    first = next;
  });

  it('a new version never breaks old records; upgrading validates against the new one', async () => {
    const v2 = expenseClaim({ permissions: { readSensitive: ['finance'] } });
    at(v2.schema, 'properties').costCentre = { type: 'string', minLength: 1 };
    (at(v2.schema).required as string[]).push('costCentre');
    v2.labels!.costCentre = { en: 'Cost centre', 'zh-CN': '成本中心' };
    expect((await s.forms.publishDefinition(formsActor(analyst), v2)).version.version).toBe(2);
    const old = await s.records.update(on(alice, FORM, 'update'), FORM, first.id, {
      rev: first.rev,
      patch: { title: 'Still v1' },
    });
    expect(old.formVersion).toBe(1);
    const refused = await failure(
      s.records.update(on(alice, FORM, 'update'), FORM, first.id, {
        rev: old.rev,
        patch: { title: 'v2' },
        upgrade: true,
      }),
    );
    expect(refused.details.map((d) => d.path)).toEqual(['/costCentre']);
    const upgraded = await s.records.update(on(alice, FORM, 'update'), FORM, first.id, {
      rev: old.rev,
      patch: { costCentre: 'CC-1' },
      upgrade: true,
    });
    expect(upgraded.formVersion).toBe(2);
    const fresh = await failure(s.records.create(on(alice, FORM, 'create'), FORM, claimData()));
    expect(fresh.details.map((d) => d.path)).toEqual(['/costCentre']);
  });

  it('flows set the status; form role lists restrict actions; audit records every write', async () => {
    const rec = await s.records.setStatus(on(admin, FORM, 'update'), FORM, first.id, {
      status: 'submitted',
      instanceId: 'pi-1',
    });
    expect([rec.status, rec.instanceId]).toEqual(['submitted', 'pi-1']);
    await s.forms.publishDefinition(
      formsActor(analyst),
      expenseClaim({ id: 'restricted', permissions: { create: ['finance'] } }),
    );
    const e = await failure(s.records.create(on(alice, 'restricted', 'create'), 'restricted', claimData()));
    expect([e.status, e.code]).toEqual([403, 'FORBIDDEN']);
    const actions = s.audit.entries.filter((a) => a.resource === `record:${FORM}`).map((a) => a.action);
    expect(actions).toEqual(
      expect.arrayContaining([
        'record.create',
        'record.update',
        'record.delete',
        'record.restore',
        'record.status',
      ]),
    );
    expect(JSON.stringify(s.audit.entries)).not.toContain('13812345678');
  });
});
