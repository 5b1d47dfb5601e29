// Links between records through the API, in both run modes: a link to nothing is refused at its
// field; fetch-from fills the credit limit, the unit and the price (a price typed over it stays;
// changing the customer refreshes what the old one gave); the picker offers a salesperson only
// their own customers; deleting a linked record is refused naming what links to it; a record's
// page lists the documents linking to it, and its timeline those the reader may open; imports
// check links like any write.
/* eslint-disable @typescript-eslint/no-explicit-any -- replies are JSON that tests read freely */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MODES, startApp, type TestApp } from '../support/app-harness.ts';
import { createOrder, setUpDocuments } from './documents-fixtures.ts';

const ORDERS = '/api/records/sales-order';

describe.each(MODES)('links between documents (%s)', (mode) => {
  let t: TestApp;
  let order: any;

  beforeAll(async () => {
    t = await startApp(mode);
    await setUpDocuments((login) => t.client(login));
  });
  afterAll(() => t?.close());

  it('refuses a link to no record, at its field, in both languages', async () => {
    const wang = await t.client('wang.fang');
    const res = await createOrder(wang, {
      customer: 'c-nobody',
      lines: [
        { item: 'i-chair', qty: 1 },
        { item: 'i-ghost', qty: 1 },
      ],
    });
    expect([res.status, res.body.error.code]).toEqual([422, 'LINK_NOT_FOUND']);
    expect(res.body.error.details.map((d: any) => d.path)).toEqual(['/customer', '/lines/1/item']);
    expect(res.body.error.details[0].messageZh).toContain('没有记录');
    // Nothing was stored, and no number was used up.
    expect((await wang.get(`${ORDERS}/count`)).body.count).toBe(0);
  });

  it('fetches the credit limit, unit and price; a typed price stays', async () => {
    const wang = await t.client('wang.fang');
    const res = await createOrder(wang, {
      customer: 'c-wang-1',
      note: 'Office furniture',
      lines: [
        { item: 'i-chair', qty: 4 },
        { item: 'i-desk', qty: 2, price: '1500.00' },
      ],
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    order = res.body;
    expect(order.data.creditLimit).toBe('50000.00');
    expect(order.data.lines).toEqual([
      { item: 'i-chair', qty: 4, unit: 'pcs', price: '450.00', amount: '1800.00' },
      { item: 'i-desk', qty: 2, unit: 'pcs', price: '1500.00', amount: '3000.00' },
    ]);
    expect([order.number, order.data.total]).toEqual(['SO-2026-0001', '4800.00']);
  });

  it('takes what the new customer gives when the customer changes', async () => {
    const wang = await t.client('wang.fang');
    const res = await wang.patch(`${ORDERS}/${order.id}`, {
      rev: order.rev,
      patch: { customer: 'c-wang-2' },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.data.creditLimit).toBe('20000.00');
    order = res.body;
  });

  it('offers a salesperson only the customers they may read, searched as they type', async () => {
    const options = async (login: string, q = '') =>
      (await (await t.client(login)).get(`${ORDERS}/link-options?field=customer${q ? `&q=${q}` : ''}`)).body
        .items;
    expect((await options('wang.fang')).map((o: any) => o.id).sort()).toEqual(['c-wang-1', 'c-wang-2']);
    expect((await options('li.lei')).map((o: any) => o.id)).toEqual(['c-li-1']);
    expect((await options('qian.admin')).length).toBe(3);
    const found = await options('wang.fang', 'lake');
    expect(found).toEqual([
      { id: 'c-wang-2', title: 'Jade Lake Foods', fetched: { creditLimit: '20000.00' } },
    ]);
    const items = await options('wang.fang').then(() =>
      t.client('wang.fang').then((c) => c.get(`${ORDERS}/link-options?field=lines.item&q=desk`)),
    );
    expect(items.body.items).toEqual([
      { id: 'i-desk', title: 'Standing desk', fetched: { unit: 'pcs', price: '1800.00' } },
    ]);
    const unknown = await (await t.client('wang.fang')).get(`${ORDERS}/link-options?field=note`);
    expect([unknown.status, unknown.body.error.code]).toEqual([404, 'LINK_FIELD_UNKNOWN']);
    // Someone without read on customers may not look them up at all.
    const employee = await t.client('zheng.xin');
    expect((await employee.get(`${ORDERS}/link-options?field=customer`)).status).toBe(403);
  });

  it('accepts a link the writer cannot read: existence is checked with the system’s rights', async () => {
    const admin = await t.client('qian.admin');
    const res = await createOrder(admin, { customer: 'c-li-1', lines: [] });
    expect([res.status, res.body.data.creditLimit]).toEqual([201, '80000.00']);
  });

  it('refuses to delete a linked record, naming what links to it', async () => {
    const admin = await t.client('qian.admin');
    const customer = (await admin.get('/api/records/customer/c-wang-2')).body;
    const res = await admin.delete(`/api/records/customer/c-wang-2?rev=${customer.rev}`);
    expect([res.status, res.body.error.code]).toEqual([409, 'RECORD_LINKED']);
    expect(res.body.error.message).toContain('SO-2026-0001');
    expect(res.body.error.details).toEqual([
      expect.objectContaining({ path: `/linkedBy/sales-order/${order.id}` }),
    ]);
    // A customer nobody links to goes.
    const free = await admin.post('/api/records/customer', {
      id: 'c-free',
      data: { name: 'Nobody orders here' },
    });
    expect((await admin.delete(`/api/records/customer/c-free?rev=${free.body.rev}`)).status).toBe(200);
  });

  it('lists the documents linking to a record on its page, those the reader may open', async () => {
    const admin = await t.client('qian.admin');
    const linked = (await admin.get('/api/records/item/i-chair/linked')).body.items;
    expect(linked).toEqual([
      expect.objectContaining({
        form: 'sales-order',
        name: { en: 'Sales order', 'zh-CN': '销售订单' },
        fields: ['lines.item'],
        total: 1,
        items: [expect.objectContaining({ id: order.id, number: 'SO-2026-0001', docstatus: 'draft' })],
      }),
    ]);
    const li = await t.client('li.lei');
    const forLi = (await li.get('/api/records/customer/c-li-1/linked')).body.items;
    expect(forLi.map((g: any) => [g.form, g.total, g.items.length])).toEqual([['sales-order', 1, 0]]);
  });

  it("a record's timeline: it and the records linking to it, only those the reader may open", async () => {
    const events = async (login: string, url: string) =>
      ((await (await t.client(login)).get(url)).body.items as any[]).map((e) => [
        e.kind,
        e.form,
        e.id,
        e.self,
      ]);
    // wang.fang's order names li.lei's customer: li.lei's timeline of it leaves the order out.
    const url = '/api/records/customer/c-li-1/timeline';
    const forAdmin = await events('qian.admin', url);
    expect(forAdmin).toContainEqual(['created', 'customer', 'c-li-1', true]);
    const orders = forAdmin.filter(([, form]) => form === 'sales-order');
    expect(orders.length).toBeGreaterThan(0);
    expect(await events('li.lei', url)).toEqual([['created', 'customer', 'c-li-1', true]]);
    // Newest first, the order (created after the customer) above it.
    expect(forAdmin.at(-1)).toEqual(['created', 'customer', 'c-li-1', true]);
    const refused = await (await t.client('li.lei')).get('/api/records/customer/c-wang-1/timeline');
    expect(refused.status).toBe(404);
  });

  it('checks links and fetches values for imported rows too', async () => {
    const admin = await t.client('qian.admin');
    const csv = 'customer,note\nc-wang-1,Imported one\nc-missing,Imported two\n';
    const dry = await admin.post(`${ORDERS}/import`, {
      fileName: 'orders.csv',
      content: Buffer.from(csv).toString('base64'),
      mode: 'dry-run',
    });
    expect(dry.status, JSON.stringify(dry.body)).toBe(200);
    expect([dry.body.validRows, dry.body.invalidRows]).toEqual([1, 1]);
    expect(dry.body.problems).toEqual([expect.objectContaining({ row: 3, path: '/customer' })]);
    const done = await admin.post(`${ORDERS}/import`, {
      fileName: 'orders.csv',
      content: Buffer.from(csv).toString('base64'),
      mode: 'commit',
      policy: 'valid-rows-only',
    });
    expect([done.status, done.body.imported]).toEqual([200, 1]);
    const imported = (await admin.get(`${ORDERS}?q=imported`)).body.items;
    expect(imported.map((r: any) => [r.number, r.data.creditLimit, r.docstatus])).toEqual([
      ['SO-2026-0003', '50000.00', 'draft'],
    ]);
  });
});
