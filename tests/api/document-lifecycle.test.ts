// The document lifecycle through the API, in both run modes: a sales order is a draft with a
// number; submitting it needs the submit grant; once submitted only its delivery date may change
// (through the API and through an automation's record.update alike); an invoice on it is
// submitted and posts a voucher; cancelling the order is refused while the invoice depends on it,
// cancelling the invoice reverses its voucher (a new voucher, the original kept); amendments are
// numbered -1, -2 and made once; every move is in the history and the audit log.
/* eslint-disable @typescript-eslint/no-explicit-any -- replies are JSON that tests read freely */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '#engine/ports/clock.ts';
import { systemActor } from '#engine/services/modules/system-actor.ts';
import { MODES, startApp, type TestApp } from '../support/app-harness.ts';
import { createOrder, setUpDocuments } from './documents-fixtures.ts';

const ORDERS = '/api/records/sales-order';
const INVOICES = '/api/records/sales-invoice';

describe.each(MODES)('document lifecycle (%s)', (mode) => {
  let t: TestApp;
  const clock = new ManualClock(Date.parse('2026-05-11T02:00:00Z'));
  let order: any;
  let invoice: any;

  beforeAll(async () => {
    t = await startApp(mode, { platform: { clock } });
    await setUpDocuments((login) => t.client(login));
  });
  afterAll(() => t?.close());

  it('a new order is a numbered draft', async () => {
    const wang = await t.client('wang.fang');
    const res = await createOrder(wang, {
      customer: 'c-wang-1',
      note: 'Chairs for the new office',
      lines: [{ item: 'i-chair', qty: 10 }],
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    order = res.body;
    expect([order.docstatus, order.number, order.data.total]).toEqual(['draft', 'SO-2026-0001', '4500.00']);
    // A draft is edited freely.
    const edited = await wang.patch(`${ORDERS}/${order.id}`, {
      rev: order.rev,
      patch: { note: 'Chairs (10)' },
    });
    expect(edited.status).toBe(200);
    order = edited.body;
  });

  it('only who holds the submit grant submits; then the order is binding', async () => {
    const li = await t.client('li.lei');
    expect((await li.post(`${ORDERS}/${order.id}/submit`, { rev: order.rev })).status).toBe(404);
    const finance = await t.client('zhao.qiang');
    const refused = await finance.post(`${ORDERS}/${order.id}/submit`, { rev: order.rev });
    expect([refused.status, refused.body.error.code]).toEqual([403, 'FORBIDDEN']);
    const wang = await t.client('wang.fang');
    // No catalogue entry starts an approval for this form: there is none to send the draft into.
    const noApproval = await wang.post(`${ORDERS}/${order.id}/submit-for-approval`, { rev: order.rev });
    expect([noApproval.status, noApproval.body.error.code]).toEqual([409, 'DOCUMENT_NO_APPROVAL']);
    expect(noApproval.body.error.messageZh).toContain('审批');
    const submitted = await wang.post(`${ORDERS}/${order.id}/submit`, { rev: order.rev });
    expect(submitted.status, JSON.stringify(submitted.body)).toBe(200);
    order = submitted.body;
    expect([order.docstatus, order.submittedBy]).toEqual(['submitted', 'wang.fang']);
    const again = await wang.post(`${ORDERS}/${order.id}/submit`, { rev: order.rev });
    expect([again.status, again.body.error.code]).toEqual([409, 'DOCUMENT_NOT_DRAFT']);
    // The record's page offers each reader what they may do now, and names what it links to.
    const forWang = (await wang.get(`${ORDERS}/${order.id}/document`)).body;
    expect(forWang).toEqual({
      actions: ['update'],
      linkTitles: { 'customer:c-wang-1': 'Jade River Trading', 'item:i-chair': 'Office chair' },
      makes: [],
    });
    const admin = await t.client('qian.admin');
    expect((await admin.get(`${ORDERS}/${order.id}/document`)).body.actions).toEqual(['update', 'cancel']);
  });

  it('a submitted order changes only its fields allowed after submit, on every path', async () => {
    const wang = await t.client('wang.fang');
    const note = await wang.patch(`${ORDERS}/${order.id}`, { rev: order.rev, patch: { note: 'changed' } });
    expect([note.status, note.body.error.code, note.body.error.details]).toEqual([
      409,
      'DOCUMENT_SUBMITTED',
      [{ path: '/note', message: 'cannot change once submitted', messageZh: '提交后不能修改' }],
    ]);
    expect(note.body.error.messageZh).toContain('已提交');
    const date = await wang.patch(`${ORDERS}/${order.id}`, {
      rev: order.rev,
      patch: { deliveryDate: '2026-06-01' },
    });
    expect(date.status, JSON.stringify(date.body)).toBe(200);
    order = date.body;
    // An automation's record.update goes through the same service as the API.
    const records = t.app.services.records;
    await expect(
      records.update(systemActor('record:sales-order', 'update', 'automation:x'), 'sales-order', order.id, {
        rev: order.rev,
        patch: { lines: [{ item: 'i-desk', qty: 1 }] },
      }),
    ).rejects.toMatchObject({ code: 'DOCUMENT_SUBMITTED' });
    const deleted = await (await t.client('qian.admin')).delete(`${ORDERS}/${order.id}?rev=${order.rev}`);
    expect([deleted.status, deleted.body.error.code]).toEqual([409, 'DOCUMENT_DELETE_SUBMITTED']);
  });

  it('an invoice on the order is submitted and posts its voucher', async () => {
    const admin = await t.client('qian.admin');
    const created = await admin.post(INVOICES, { data: { order: order.id, amount: '4500.00' } });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body.number).toBe('SI-2605-001');
    const submitted = await admin.post(`${INVOICES}/${created.body.id}/submit`, { rev: created.body.rev });
    expect(submitted.status).toBe(200);
    invoice = submitted.body;
    // What a module's automation does on submit: post the voucher with the invoice as its source.
    await t.app.services.ledger.post(
      {
        source: { form: 'sales-invoice', id: invoice.id, kind: 'invoice' },
        date: '2026-05-11',
        memo: `Invoice ${invoice.number}`,
        lines: [
          { account: '1122', debit: '4500.00' },
          { account: '5001', credit: '4500.00' },
        ],
      },
      { by: 'automation:test' },
    );
  });

  it('cancelling the order is refused while the submitted invoice depends on it, naming it', async () => {
    const admin = await t.client('qian.admin');
    const noReason = await admin.post(`${ORDERS}/${order.id}/cancel`, { rev: order.rev, reason: ' ' });
    expect([noReason.status, noReason.body.error.code, noReason.body.error.details[0].path]).toEqual([
      422,
      'CANCEL_REASON_REQUIRED',
      '/reason',
    ]);
    const refused = await admin.post(`${ORDERS}/${order.id}/cancel`, {
      rev: order.rev,
      reason: 'wrong customer',
    });
    expect([refused.status, refused.body.error.code]).toEqual([409, 'DOCUMENT_HAS_DEPENDENTS']);
    expect(refused.body.error.message).toContain('SI-2605-001');
    expect(refused.body.error.details).toEqual([
      expect.objectContaining({ path: `/dependents/sales-invoice/${invoice.id}` }),
    ]);
    // Someone who may not open the invoice learns that there is one, not what it is.
    const wang = await t.client('wang.fang');
    const grant = (await admin.get('/api/roles/salesperson')).body.permissions;
    await admin.patch('/api/roles/salesperson', {
      permissions: grant.map((p: any) =>
        p.resource === 'record:sales-order' ? { ...p, actions: [...p.actions, 'cancel'] } : p,
      ),
    });
    const hidden = await wang.post(`${ORDERS}/${order.id}/cancel`, {
      rev: order.rev,
      reason: 'wrong customer',
    });
    expect([hidden.status, hidden.body.error.details]).toEqual([409, []]);
    expect(hidden.body.error.message).toContain('1 you may not open');
    expect(hidden.body.error.messageZh).toContain('另有 1 张您无权查看');
  });

  it('cancelling the invoice reverses its voucher: a new voucher, the original kept', async () => {
    const admin = await t.client('qian.admin');
    const cancelled = await admin.post(`${INVOICES}/${invoice.id}/cancel`, {
      rev: invoice.rev,
      reason: 'Issued against the wrong order',
      reversalDate: '2026-05-31',
    });
    expect(cancelled.status, JSON.stringify(cancelled.body)).toBe(200);
    expect([cancelled.body.docstatus, cancelled.body.cancelReason, cancelled.body.cancelledBy]).toEqual([
      'cancelled',
      'Issued against the wrong order',
      'qian.admin',
    ]);
    invoice = cancelled.body;
    const postings = (await admin.get(`${INVOICES}/${invoice.id}/postings`)).body.items;
    expect(postings.map((p: any) => [p.kind, p.date, p.amount])).toEqual([
      ['invoice', '2026-05-11', '4500.00'],
      ['reversal:invoice', '2026-05-31', '4500.00'],
    ]);
    expect(postings[0].reversedBy).toBe(postings[1].entryId);
    expect(postings[1].reverses).toBe(postings[0].entryId);
    const vouchers = (await admin.get(`/api/ledger/vouchers?sourceId=${invoice.id}`)).body.items;
    const balance = (account: string) =>
      vouchers
        .flatMap((v: any) => v.lines)
        .filter((l: any) => l.account === account)
        .reduce((s: number, l: any) => s + Number(l.balance), 0);
    expect([vouchers.length, balance('1122'), balance('5001')]).toEqual([2, 0, 0]);
    // Cancelled means frozen, and it posts nothing more.
    const frozen = await admin.patch(`${INVOICES}/${invoice.id}`, {
      rev: invoice.rev,
      patch: { amount: '1.00' },
    });
    expect([frozen.status, frozen.body.error.code]).toEqual([409, 'DOCUMENT_CANCELLED']);
  });

  it('then the order can be cancelled, and linking to it is refused', async () => {
    const admin = await t.client('qian.admin');
    const cancelled = await admin.post(`${ORDERS}/${order.id}/cancel`, {
      rev: order.rev,
      reason: 'wrong customer',
    });
    expect(cancelled.status, JSON.stringify(cancelled.body)).toBe(200);
    order = cancelled.body;
    const onCancelled = await admin.post(INVOICES, { data: { order: order.id, amount: '1.00' } });
    expect([onCancelled.status, onCancelled.body.error.code, onCancelled.body.error.details[0].path]).toEqual(
      [422, 'LINK_TARGET_CANCELLED', '/order'],
    );
  });

  it('amending makes one new draft numbered -1, then -2 from the amendment', async () => {
    const wang = await t.client('wang.fang');
    const first = await wang.post(`${ORDERS}/${order.id}/amend`, {});
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    expect([first.body.number, first.body.docstatus, first.body.amendedFrom, first.body.data.note]).toEqual([
      'SO-2026-0001-1',
      'draft',
      order.id,
      'Chairs (10)',
    ]);
    const twice = await wang.post(`${ORDERS}/${order.id}/amend`, {});
    expect([twice.status, twice.body.error.code]).toEqual([409, 'DOCUMENT_AMENDED_ALREADY']);
    expect((await wang.get(`${ORDERS}/${order.id}`)).body.amendedBy).toBe(first.body.id);
    const submitted = await wang.post(`${ORDERS}/${first.body.id}/submit`, { rev: first.body.rev });
    const cancelled = await (
      await t.client('qian.admin')
    ).post(`${ORDERS}/${first.body.id}/cancel`, {
      rev: submitted.body.rev,
      reason: 'again',
    });
    expect(cancelled.status).toBe(200);
    const second = await wang.post(`${ORDERS}/${first.body.id}/amend`, {});
    expect([second.status, second.body.number]).toEqual([201, 'SO-2026-0001-2']);
    // The series itself went on without the amendments.
    const next = await createOrder(wang, { customer: 'c-wang-2', lines: [{ item: 'i-desk', qty: 1 }] });
    expect(next.body.number).toBe('SO-2026-0002');
  });

  it('keeps every move in the history and the audit log', async () => {
    const admin = await t.client('qian.admin');
    const history = (await admin.get(`${ORDERS}/${order.id}/history`)).body.items;
    expect(history.map((h: any) => h.action)).toEqual([
      'create',
      'update',
      'submit',
      'update',
      'cancel',
      'amend',
    ]);
    expect(history[4].meta).toMatchObject({ reason: 'wrong customer' });
    const audit = await admin.get(`/api/audit?resourceId=${order.id}&limit=50`);
    const actions = audit.body.items.map((e: any) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['record.submit', 'record.cancel', 'record.amend']));
  });
});
