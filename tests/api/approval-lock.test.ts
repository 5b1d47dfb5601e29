// The approval lock of a form that is not a business document (no lifecycle): while a record is in
// a locked status, only the lock's editable fields may change — for a person through the API and
// for the system actor alike — and a refused write stores nothing. (A submittable document such as
// finance's expense claim is locked by its lifecycle first: tests/e2e/finance-money.test.ts.)
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '#engine/services/modules/system-actor.ts';
import { MODES, startApp, type Client, type TestApp } from '../support/app-harness.ts';

const FORM = 'locked-order';

describe.each(MODES)('approvalLock on a plain form (%s mode)', (mode) => {
  let t: TestApp;
  let admin: Client;
  let id = '';

  beforeAll(async () => {
    t = await startApp(mode);
    admin = await t.client('admin');
    const created = await admin.post('/api/forms', {
      id: FORM,
      module: 'purchasing',
      name: { en: 'Order', 'zh-CN': '订单' },
      schema: {
        type: 'object',
        properties: {
          item: { type: 'string', minLength: 1 },
          amount: { type: 'string', format: 'money' },
          note: { type: 'string' },
        },
        required: ['item', 'amount'],
      },
      labels: {
        item: { en: 'Item', 'zh-CN': '物品' },
        amount: { en: 'Amount', 'zh-CN': '金额' },
        note: { en: 'Note', 'zh-CN': '备注' },
      },
      approvalLock: { statuses: ['approved'], editable: ['note'] },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const published = await admin.post(`/api/forms/${FORM}/publish`, {});
    expect(published.status, JSON.stringify(published.body)).toBe(200);
    const record = await t.app.services.records.create(
      systemActor(`record:${FORM}`, 'create', 'automation:seed'),
      FORM,
      { item: 'Laptop', amount: '8999.00' },
      { status: 'approved' },
    );
    id = record.id;
  });
  afterAll(() => t?.close());

  it('refuses a change to an approved field through the API, naming it; nothing changes', async () => {
    const before = (await admin.get(`/api/records/${FORM}/${id}`)).body;
    const res = await admin.patch(`/api/records/${FORM}/${id}`, {
      rev: before.rev,
      patch: { amount: '1.00' },
    });
    expect(res.status).toBe(409);
    expect(res.body.error).toMatchObject({
      code: 'RECORD_APPROVED_LOCKED',
      details: [expect.objectContaining({ path: '/data/amount' })],
    });
    expect((await admin.get(`/api/records/${FORM}/${id}`)).body).toMatchObject({
      rev: before.rev,
      data: { amount: '8999.00' },
    });
  });

  it('refuses the system actor too, and lets the editable field change', async () => {
    const { records } = t.app.services;
    const actor = (action: 'update') => systemActor(`record:${FORM}`, action, 'automation:x');
    const before = await records.get(systemActor(`record:${FORM}`, 'read'), FORM, id);
    await expect(
      records.update(actor('update'), FORM, id, { rev: before.rev, patch: { item: 'Phone' } }),
    ).rejects.toMatchObject({ code: 'RECORD_APPROVED_LOCKED', status: 409 });
    const noted = await records.update(actor('update'), FORM, id, {
      rev: before.rev,
      patch: { note: 'ordered' },
    });
    expect([noted.data.item, noted.data.note]).toEqual(['Laptop', 'ordered']);
  });
});
