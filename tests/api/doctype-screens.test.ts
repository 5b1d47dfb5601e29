// The server side of the document-type screens, through the HTTP API in both run modes: the
// document types a person may read and how their screens show them; saved views that belong to
// one person only; one lookup of a scanned code across document types under row rules; and the
// board's move of a record whose approval still runs, refused with its code in both languages
// (and let through once the approval has ended).
/* eslint-disable @typescript-eslint/no-explicit-any -- replies are JSON that tests read freely */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CUSTOMER_RESOURCE } from '#engine/services/identity/demo.ts';
import type { FormDefinition } from '#schemas/generated/index.ts';
import { MODES, startApp, type TestApp } from '../support/app-harness.ts';
import { waitFor } from '../support/wait-for.ts';

const L = (en: string, zh: string) => ({ en, 'zh-CN': zh });
const CUSTOMERS = CUSTOMER_RESOURCE.replace(/^record:/, '');

/** The demo's customer form (a CRM module would bring it), with a barcode on each customer card. */
const customerForm: FormDefinition = {
  id: CUSTOMERS,
  module: 'crm',
  name: L('Customer', '客户'),
  schema: {
    type: 'object',
    properties: {
      name: { type: 'string', minLength: 1, maxLength: 200 },
      card: { type: 'string', format: 'barcode' },
      tier: { type: 'string', enum: ['gold', 'silver'] },
      since: { type: 'string', format: 'date' },
    },
    required: ['name'],
    additionalProperties: false,
  },
  labels: {
    name: L('Name', '名称'),
    card: L('Customer card', '客户卡号'),
    tier: L('Tier', '等级'),
    since: L('Customer since', '成为客户日期'),
  },
  titleField: 'name',
};

const CLAIM = {
  title: 'Train to Suzhou',
  date: '2026-03-09',
  lines: [{ date: '2026-03-09', category: 'transport', amount: '42.00' }],
};

describe.each(MODES)('document type screens (%s mode)', (mode) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startApp(mode, { platform: { workers: true, sweepEveryMs: 0 } });
    await t.app.ready();
    const admin = await t.client('admin');
    const installed = await admin.post('/api/modules/finance/install', { enable: true, demo: true });
    expect(installed.status, JSON.stringify(installed.body)).toBe(200);
    expect((await admin.post('/api/forms', customerForm)).status).toBe(201);
    expect((await admin.post(`/api/forms/${CUSTOMERS}/publish`, {})).status).toBe(200);
    for (const [who, id, card] of [
      ['wang.fang', 'c-wang', 'CARD-0001'],
      ['li.lei', 'c-li', 'CARD-0002'],
    ] as const) {
      const created = await (
        await t.client(who)
      ).post(`/api/records/${CUSTOMERS}`, { id, data: { name: `Customer of ${who}`, card, tier: 'gold' } });
      expect(created.status, JSON.stringify(created.body)).toBe(201);
    }
  }, 180_000);
  afterAll(() => t?.close());

  it('lists the document types each person may read, by module, with their screens', async () => {
    const finance = await (await t.client('finance')).get('/api/doctypes');
    expect(finance.status).toBe(200);
    const forms = finance.body.items.map((d: any) => d.form);
    expect(forms).toEqual(expect.arrayContaining(['finance-invoice', 'finance-expense-claim']));
    const invoice = finance.body.items.find((d: any) => d.form === 'finance-invoice');
    expect(invoice).toMatchObject({
      module: 'finance',
      moduleName: { en: 'Finance', 'zh-CN': '财务' },
      name: { en: 'Invoice', 'zh-CN': '发票' },
      views: ['table', 'kanban', 'calendar'],
    });
    // Installed modules come first, then forms of no installed module (the customer form).
    expect(forms.indexOf('finance-invoice')).toBeLessThan(forms.indexOf(CUSTOMERS));

    // Invoices are finance's alone (their form says so): an employee neither lists nor opens them.
    const employee = await t.client('employee');
    const theirs = (await employee.get('/api/doctypes')).body.items.map((d: any) => d.form);
    expect(theirs).toContain('finance-expense-claim');
    expect(theirs).not.toContain('finance-invoice');
    const refused = await employee.get('/api/doctypes/finance-invoice');
    expect([refused.status, refused.body.error.code]).toEqual([404, 'DOCTYPE_NOT_FOUND']);
  });

  it('describes a document type: declared views, views made from the schema, code fields, rights', async () => {
    const invoice = (await (await t.client('finance')).get('/api/doctypes/finance-invoice')).body;
    expect(invoice.kanban).toEqual({
      groupBy: 'data.paymentStatus',
      cardFields: ['data.invoiceNumber', 'data.total', 'data.dueDate'],
    });
    expect(invoice.calendar).toEqual({ start: 'data.dueDate', title: 'data.partner' });
    expect(invoice.codeFields).toEqual(['data.invoiceNumber']);
    expect(invoice.declared).toEqual({ list: true, kanban: true, calendar: true });
    expect(invoice.rights).toEqual({ read: true, create: true, update: true, delete: false, export: true });
    const paid = invoice.fields.find((f: any) => f.path === 'data.paymentStatus');
    expect(paid).toMatchObject({ kind: 'select', options: [{ value: 'unpaid' }, { value: 'paid' }] });
    expect(paid.options[1].label['zh-CN']).not.toBe('paid');
    // A numbered, submittable document's own number and state, labelled (its list shows both).
    expect(invoice.list.columns).toEqual(expect.arrayContaining(['number', 'docstatus']));
    const own = invoice.fields.filter((f: any) => f.path === 'number' || f.path === 'docstatus');
    expect(own.map((f: any) => [f.path, f.label['zh-CN'], f.kind])).toEqual([
      ['number', '单据编号', 'text'],
      ['docstatus', '单据状态', 'select'],
    ]);
    expect(own[1].options.map((o: any) => o.label.en)).toEqual(['Draft', 'Submitted', 'Cancelled']);

    // The customer form declares no views: its board groups by its choice, its calendar by its date.
    const customers = (await (await t.client('wang.fang')).get(`/api/doctypes/${CUSTOMERS}`)).body;
    expect(customers.kanban.groupBy).toBe('data.tier');
    expect(customers.calendar).toEqual({ start: 'data.since', title: 'data.name' });
    expect(customers.list.columns.slice(0, 2)).toEqual(['data.name', 'data.card']);
    expect(customers.declared).toEqual({ list: false, kanban: false, calendar: false });
    // Not numbered, no lifecycle: no such fields.
    expect(customers.fields.some((f: any) => f.path === 'number' || f.path === 'docstatus')).toBe(false);
  });

  it("keeps saved views to their owner: one person's views are invisible to another", async () => {
    const finance = await t.client('finance');
    const admin = await t.client('admin');
    const body = {
      form: 'finance-invoice',
      name: 'Unpaid sales',
      view: 'table',
      where: { 'data.kind': 'sales', 'data.paymentStatus': 'unpaid' },
      sort: [{ field: 'data.dueDate', direction: 'asc' }],
      columns: ['data.partner', 'data.total'],
    };
    const saved = await finance.post('/api/saved-views', body);
    expect(saved.status, JSON.stringify(saved.body)).toBe(201);
    expect(saved.body).toMatchObject({ ...body, rev: 1 });
    const board = await finance.post('/api/saved-views', {
      form: 'finance-invoice',
      name: 'Board',
      view: 'kanban',
      groupBy: 'data.paymentStatus',
    });
    expect(board.status).toBe(201);
    const mine = await finance.get('/api/saved-views?form=finance-invoice');
    expect(mine.body.items.map((v: any) => v.name)).toEqual(['Board', 'Unpaid sales']);

    // The administrator reads every invoice, yet sees none of finance's views, and cannot reach them.
    expect((await admin.get('/api/saved-views?form=finance-invoice')).body.items).toEqual([]);
    const id = saved.body.id as string;
    for (const res of [
      await admin.put(`/api/saved-views/${id}`, { name: 'Mine now', view: 'table' }),
      await admin.delete(`/api/saved-views/${id}`),
    ])
      expect([res.status, res.body.error.code]).toEqual([404, 'SAVED_VIEW_NOT_FOUND']);
    // …and may use the same name for a view of their own.
    expect((await admin.post('/api/saved-views', { ...body })).status).toBe(201);

    // A second view of that name, a filter on a field the form lacks, a stale revision: refused.
    const twice = await finance.post('/api/saved-views', body);
    expect([twice.status, twice.body.error.code]).toEqual([409, 'SAVED_VIEW_EXISTS']);
    expect(twice.body.error.messageZh).toContain('Unpaid sales');
    const badField = await finance.post('/api/saved-views', {
      ...body,
      name: 'Broken',
      where: { 'data.nope': 'x' },
    });
    expect([badField.status, badField.body.error.code, badField.body.error.details[0].path]).toEqual([
      400,
      'INVALID_QUERY',
      '/where/data.nope',
    ]);
    const renamed = await finance.put(`/api/saved-views/${id}`, {
      ...body,
      form: undefined,
      name: 'Due first',
      rev: 1,
    });
    expect([renamed.status, renamed.body.name, renamed.body.rev]).toEqual([200, 'Due first', 2]);
    const stale = await finance.put(`/api/saved-views/${id}`, { name: 'Again', view: 'table', rev: 1 });
    expect([stale.status, stale.body.error.code]).toEqual([409, 'SAVED_VIEW_REVISION_CONFLICT']);
    // Someone who may not read invoices cannot keep views of them either.
    const employee = await t.client('employee');
    const noRead = await employee.post('/api/saved-views', { ...body, name: 'Sneaky' });
    expect(noRead.status).toBe(403);
    expect((await finance.delete(`/api/saved-views/${id}`)).status).toBe(204);
    expect(
      (await finance.get('/api/saved-views?form=finance-invoice')).body.items.map((v: any) => v.name),
    ).toEqual(['Board']);
  });

  it('finds a record by a scanned code across document types, under row rules', async () => {
    const finance = await t.client('finance');
    // A demo invoice number is a barcode: finance finds that invoice.
    const invoice = await finance.get('/api/lookup/code?value=10010002');
    expect(invoice.status).toBe(200);
    expect(invoice.body.items).toEqual([
      expect.objectContaining({
        form: 'finance-invoice',
        id: 'demo-inv-s-002',
        field: 'data.invoiceNumber',
        title: 'Suzhou Meida Electronics',
      }),
    ]);
    // A salesperson finds their own customer by its card, not a colleague's (404 in a list too).
    const wang = await t.client('wang.fang');
    expect((await wang.get('/api/lookup/code?value=CARD-0001')).body.items.map((m: any) => m.id)).toEqual([
      'c-wang',
    ]);
    expect((await wang.get('/api/lookup/code?value=CARD-0002')).body.items).toEqual([]);
    expect((await (await t.client('li.lei')).get('/api/lookup/code?value=CARD-0002')).body.items).toEqual([
      expect.objectContaining({ form: CUSTOMERS, id: 'c-li', fieldLabel: L('Customer card', '客户卡号') }),
    ]);
    // Their manager reads the department's customers: both cards. The invoice stays finance's.
    const manager = await t.client('zhang.min');
    expect((await manager.get('/api/lookup/code?value=CARD-0002')).body.items.map((m: any) => m.id)).toEqual([
      'c-li',
    ]);
    expect((await manager.get('/api/lookup/code?value=10010002')).body.items).toEqual([]);
    // Surrounding spaces from a scanner are ignored; an empty code is refused.
    expect((await wang.get('/api/lookup/code?value=%20CARD-0001%20')).body.items).toHaveLength(1);
    expect((await wang.get('/api/lookup/code?value=%20')).status).toBe(400);
  });

  it('refuses to move a record on the board while its approval runs, in both languages', async () => {
    const employee = await t.client('employee');
    const submitted = await employee.post('/api/catalogue/finance-expense-claim/submit', { data: CLAIM });
    expect(submitted.status, JSON.stringify(submitted.body)).toBe(201);
    const { id, rev } = submitted.body.record;
    const instanceId = submitted.body.instanceId as string;
    await waitFor(
      async () => (await t.app.services.flows.getInstance(instanceId)).openTasks.length > 0,
      20_000,
      'the manager task',
    );
    // Finance drags the claim from "unpaid" to "paid" — the board sends this patch.
    const finance = await t.client('finance');
    const moved = await finance.patch(`/api/records/finance-expense-claim/${id}`, {
      rev,
      patch: { paymentStatus: 'paid' },
    });
    expect([moved.status, moved.body.error.code]).toEqual([409, 'RECORD_LOCKED_BY_FLOW']);
    expect(moved.body.error.message).toMatch(/under approval/);
    expect(moved.body.error.messageZh).toMatch(/正在审批中/);
    // Deleting it is refused alike, and nothing changed.
    const admin = await t.client('admin');
    const deleted = await admin.delete(`/api/records/finance-expense-claim/${id}?rev=${rev}`);
    expect([deleted.status, deleted.body.error.code]).toEqual([409, 'RECORD_LOCKED_BY_FLOW']);
    const unchanged = await finance.get(`/api/records/finance-expense-claim/${id}`);
    expect([unchanged.body.rev, unchanged.body.data.paymentStatus]).toEqual([rev, 'unpaid']);

    // Once the approval is over (here: cancelled by an administrator), the move goes through.
    const cancelled = await admin.post(`/api/instances/${instanceId}/cancel`, { reason: 'test' });
    expect(cancelled.status, JSON.stringify(cancelled.body)).toBe(200);
    await waitFor(
      async () => (await finance.get(`/api/records/finance-expense-claim/${id}`)).body.status === 'cancelled',
      20_000,
      'the record to take the outcome',
    );
    const now = (await finance.get(`/api/records/finance-expense-claim/${id}`)).body;
    const after = await finance.patch(`/api/records/finance-expense-claim/${id}`, {
      rev: now.rev,
      patch: { paymentStatus: 'paid' },
    });
    expect([after.status, after.body.data?.paymentStatus], JSON.stringify(after.body)).toEqual([200, 'paid']);
  });
});
