// Sales end to end, in both run modes, with finance enabled: a customer with a credit limit of
// 10,000 has an order of 5,650 inside it (approved without anyone); a second order of 5,650 would
// make them owe 11,300, so it waits for the credit controller instead of being refused (the
// warning before submitting says so), who approves it; it prints as a 销售订单 (the total also in
// capital numerals); it is delivered and tracked (each status
// change on the timeline, the delivered date and the order-to-delivery days set), invoiced
// (receivables against revenue and 13 % output VAT, balanced), and a return reverses part of it.
// The order cannot be cancelled while its delivery and invoice depend on it. With the CRM installed
// beside it, the sales customer is linked to the CRM customer of the same name: the orders, invoice
// and return show on the CRM customer's timeline and set its figures, net of the return, through
// that link (a rename changes nothing); a won opportunity makes the customer's sales order once,
// as a draft its salesperson sends into the credit approval (once; rejected, it is a draft again).
/* eslint-disable @typescript-eslint/no-explicit-any -- replies are JSON that tests read freely */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MODES, type TestApp } from '../../support/app-harness.ts';
import { waitFor } from '../../support/wait-for.ts';
import {
  P,
  PEOPLE,
  approve,
  create,
  linesOf,
  records,
  startTradeApp,
  submittedRecord,
  vouchersOf,
} from './trade-app.ts';

describe.each(MODES)('sales: order to invoice with a credit check (%s)', (mode) => {
  let t: TestApp;
  let customer: any;
  let order: any;
  let delivery: any;
  let invoice: any;
  const orderData = (orderDate: string, deliveryDate: string) => ({
    customer: customer.id,
    orderDate,
    deliveryDate,
    lines: [{ item: 'PEN-BLUE', description: 'Blue gel pen', qty: 500, rate: '10.00', vatRate: '13' }],
  });

  let crmCustomer: string;
  let madeOrder: any;

  beforeAll(async () => {
    t = await startTradeApp(mode, { finance: true });
    customer = await create(await t.client(PEOPLE.sales), 'customer', {
      name: 'Hangzhou Office Mart',
      creditLimit: '10000.00',
      paymentTermsDays: 30,
    });
    // The CRM beside it: its customer of the same name (spacing and case aside) gets the figures.
    const admin = await t.client('qian.admin');
    for (const id of ['cn-calendar', 'crm'])
      expect((await admin.post(`/api/modules/${id}/install`, { enable: true })).status).toBe(200);
    const crm = await (
      await t.client(PEOPLE.sales)
    ).post('/api/records/crm-customer', { data: { name: 'hangzhou office  mart', kind: 'company' } });
    expect(crm.status, JSON.stringify(crm.body)).toBe(201);
    crmCustomer = crm.body.id;
    // …and becomes the sales customer's CRM customer (one link: the orders, invoices and returns
    // carry it from there).
    await waitFor(
      async () =>
        (await admin.get(`${records('customer')}/${customer.id}`)).body.data.crmCustomer === crmCustomer,
      20_000,
      'the sales customer linked to the CRM customer',
    );
  }, 120_000);
  afterAll(() => t?.close());

  it('an order within the credit limit is approved without anyone', async () => {
    const sales = await t.client(PEOPLE.sales);
    const submitted = await sales.post(`/api/catalogue/${P}-sales-order/submit`, {
      data: orderData('2026-06-10', '2026-06-12'),
    });
    expect(submitted.status, JSON.stringify(submitted.body)).toBe(201);
    expect([submitted.body.record.data.creditLimit, submitted.body.record.data.total]).toEqual([
      '10000.00',
      '5650.00',
    ]);
    const first = await submittedRecord(t, 'sales-order', submitted.body.record.id);
    expect(first.status).toBe('approved');
    const instance = await t.app.services.flows.getInstance(submitted.body.instanceId);
    expect(instance.openTasks).toEqual([]);
  });

  it('over the limit the order goes to credit approval, not refused; approved it is submitted', async () => {
    const sales = await t.client(PEOPLE.sales);
    const data = orderData('2026-06-08', '2026-06-11');
    const warned = await sales.post(`/api/catalogue/${P}-sales-order/precheck`, { data });
    expect(warned.body.warnings.map((w: any) => w.code)).toEqual(['OVER_CREDIT_LIMIT']);
    expect(warned.body.values).toMatchObject({
      exposure: 5650,
      exposureAfter: 11300,
      limit: 10000,
      overLimit: true,
    });
    const submitted = await sales.post(`/api/catalogue/${P}-sales-order/submit`, { data });
    expect(submitted.status, JSON.stringify(submitted.body)).toBe(201);
    await approve(t, submitted.body.instanceId, 'credit', PEOPLE.purchasingManager); // the credit controller
    order = await submittedRecord(t, 'sales-order', submitted.body.record.id);
    expect([order.status, order.number]).toEqual(['approved', 'SO-2026-0002']);
  });

  it('prints the order as a 销售订单, the total also in capital numerals', async () => {
    const sales = await t.client(PEOPLE.sales);
    const printed = await sales.get(`${records('sales-order')}/${order.id}/print`);
    expect(printed.status, JSON.stringify(printed.body)).toBe(200);
    const doc = printed.body;
    expect([doc.title['zh-CN'], doc.title.en, doc.number, doc.format.id]).toEqual([
      '销售订单',
      'Sales order',
      'SO-2026-0002',
      `${P}-sales-order-standard`,
    ]);
    const head = doc.sections[0].cells.map((c: any) => [c.label['zh-CN'], c.value['zh-CN']]);
    expect(head).toEqual(
      expect.arrayContaining([
        ['单据编号', 'SO-2026-0002'],
        ['客户', 'Hangzhou Office Mart'],
        ['订单日期', '2026-06-08'],
      ]),
    );
    const lines = doc.sections[1];
    expect(lines.head.map((h: any) => h.label['zh-CN'])).toEqual([
      '物料编码',
      '品名规格',
      '数量',
      '不含税单价',
      '税率（%）',
      '不含税金额',
      '税额',
    ]);
    expect(lines.rows.map((r: any) => r.map((c: any) => c.en))).toEqual([
      ['PEN-BLUE', 'Blue gel pen', '500', '10.00', '13%', '5,000.00', '650.00'],
    ]);
    const totals = doc.sections[2].cells;
    expect(totals.map((c: any) => [c.label['zh-CN'], c.value.en])).toEqual([
      ['金额合计', '5,000.00'],
      ['税额合计', '650.00'],
      ['价税合计', '5,650.00'],
    ]);
    expect(totals[2].inWords).toBe('伍仟陆佰伍拾元整');
    expect(doc.sections[3].labels.map((l: any) => l['zh-CN'])).toEqual(['制单', '审核', '客户确认（盖章）']);
  });

  it('delivered and tracked: each status on the timeline, the delivered date and lead time set', async () => {
    const clerk = await t.client(PEOPLE.purchaser); // also the warehouse clerk
    delivery = await create(
      clerk,
      'delivery',
      {
        salesOrder: order.id,
        shippedOn: '2026-06-09',
        warehouse: 'main',
        carrier: 'SF Express',
        trackingNumber: 'SF1234567890',
        lines: [{ item: 'PEN-BLUE', qty: 500, batch: 'B-2606-A' }],
      },
      true,
    );
    expect([delivery.data.customerName, delivery.data.orderDate]).toEqual([
      'Hangzhou Office Mart',
      '2026-06-08',
    ]);
    const url = `${records('delivery')}/${delivery.id}`;
    for (const status of ['in-transit', 'delivered']) {
      const current = (await clerk.get(url)).body;
      const moved = await clerk.patch(url, { rev: current.rev, patch: { shipmentStatus: status } });
      expect(moved.status, JSON.stringify(moved.body)).toBe(200);
      await waitFor(
        async () => ((await clerk.get(url)).body.data.timeline ?? []).some((e: any) => e.status === status),
        20_000,
        `${status} on the timeline`,
      );
    }
    delivery = (await clerk.get(url)).body;
    expect(delivery.data.timeline.map((e: any) => e.status)).toEqual(['in-transit', 'delivered']);
    expect([delivery.data.deliveredDate, delivery.data.leadDays]).toEqual(['2026-06-10', 2]);
    const lead = await (await t.client(PEOPLE.sales)).post(`/api/reports/${P}-order-to-delivery/run`, {});
    expect(lead.body.rows).toEqual([
      { month: '2026-06', averageDays: '2.0', longestDays: '2', deliveries: 1 },
    ]);
  });

  it('invoiced: receivables against revenue and 13 % output VAT, balanced', async () => {
    const sales = await t.client(PEOPLE.sales);
    invoice = await create(
      sales,
      'sales-invoice',
      {
        salesOrder: order.id,
        delivery: delivery.id,
        invoiceNumber: '26220001',
        date: '2026-06-11',
        dueDate: '2026-07-11',
        lines: [{ item: 'PEN-BLUE', qty: 500, rate: '10.00', vatRate: '13', productGroup: 'stationery' }],
        salespeople: [{ salesperson: PEOPLE.sales, share: 100 }],
      },
      true,
    );
    expect([invoice.data.customer, invoice.data.total]).toEqual([customer.id, '5650.00']);
    // The salespeople's commission waits for HR (not installed here): its run says so.
    const admin = await t.client('qian.admin');
    let runs: any[] = [];
    await waitFor(
      async () =>
        (runs = (await admin.get(`/api/automations/${P}-commission-invoice/runs`)).body.items ?? []).some(
          (r: any) => r.status !== 'running',
        ),
      20_000,
      'the commission run',
    );
    expect(runs.map((r) => [r.status, r.error])).toEqual([['skipped', 'module hr is not enabled']]);
    const [voucher] = await vouchersOf(t, invoice.id, 1);
    expect(linesOf(voucher)).toEqual([
      ['1122', '5650.00', null],
      ['5001', null, '5000.00'],
      ['2221.02', null, '650.00'],
    ]);
    // The CRM customer's figures from the submitted invoices (not from imported orders).
    let figures: any;
    await waitFor(
      async () => {
        figures = (await (await t.client('qian.admin')).get(`/api/records/crm-customer/${crmCustomer}`)).body
          .data;
        return figures.purchaseCount === 1;
      },
      20_000,
      "the CRM customer's figures",
    );
    expect([figures.purchaseCount, figures.lastPurchase, figures.lifetimeValue]).toEqual([
      1,
      '2026-06-11',
      '5650.00',
    ]);
    // The CRM customer's page shows its orders and invoice (they link to it through the sales
    // customer), dated by their business dates.
    const timeline = await (
      await t.client('qian.admin')
    ).get(`/api/records/crm-customer/${crmCustomer}/timeline`);
    expect(timeline.status).toBe(200);
    const trade = timeline.body.items.filter((e: any) => e.form.startsWith(`${P}-`));
    expect(trade.map((e: any) => [e.form, e.date ?? null])).toEqual(
      expect.arrayContaining([
        [`${P}-sales-invoice`, '2026-06-11'],
        [`${P}-sales-order`, '2026-06-10'],
        [`${P}-sales-order`, '2026-06-08'],
      ]),
    );
  });

  it('a return reverses revenue, VAT and receivables for what came back', async () => {
    const admin = await t.client('qian.admin');
    const crm = (await admin.get(`/api/records/crm-customer/${crmCustomer}`)).body;
    const renamed = await admin.patch(`/api/records/crm-customer/${crmCustomer}`, {
      rev: crm.rev,
      patch: { name: 'Hangzhou Office Mart Group' },
    });
    expect(renamed.status, JSON.stringify(renamed.body)).toBe(200);
    const finance = await t.client(PEOPLE.finance);
    const back = await create(
      finance,
      'sales-return',
      {
        salesInvoice: invoice.id,
        date: '2026-06-12',
        warehouse: 'main',
        reason: 'Wrong colour',
        lines: [{ item: 'PEN-BLUE', qty: 20, rate: '10.00', vatRate: '13', batch: 'B-2606-A' }],
      },
      true,
    );
    const [voucher] = await vouchersOf(t, back.id, 1);
    expect(linesOf(voucher)).toEqual([
      ['5001', '200.00', null],
      ['2221.02', '26.00', null],
      ['1122', null, '226.00'],
    ]);
    // The CRM customer — renamed meanwhile, so no name matches any more — gets the return netted
    // through the link: 5,650.00 invoiced − 226.00 returned (200.00 + 13 % VAT) = 5,424.00; still
    // one purchase.
    expect(back.data.crmCustomer).toBe(crmCustomer);
    let figures: any;
    await waitFor(
      async () => {
        figures = (await (await t.client('qian.admin')).get(`/api/records/crm-customer/${crmCustomer}`)).body
          .data;
        return figures.lifetimeValue !== '5650.00';
      },
      20_000,
      'the return in the figures',
    );
    expect([figures.name, figures.purchaseCount, figures.lastPurchase, figures.lifetimeValue]).toEqual([
      'Hangzhou Office Mart Group',
      1,
      '2026-06-11',
      '5424.00',
    ]);
  });

  it("a won opportunity makes the customer's sales order once, linking back to it", async () => {
    const sales = await t.client(PEOPLE.sales);
    const opp = await sales.post('/api/records/crm-opportunity', {
      data: {
        title: 'Pens for the new stores',
        customer: crmCustomer,
        stage: 'negotiation',
        value: '12000.00',
      },
    });
    expect(opp.status, JSON.stringify(opp.body)).toBe(201);
    const make = `/api/records/crm-opportunity/${opp.body.id}/make/sales-order`;
    const early = await sales.post(make, {});
    expect([early.status, early.body.error.code, early.body.error.details.map((d: any) => d.code)]).toEqual([
      422,
      'DOCUMENT_MAKE_REFUSED',
      ['OPPORTUNITY_NOT_WON'],
    ]);
    const won = await sales.patch(`/api/records/crm-opportunity/${opp.body.id}`, {
      rev: opp.body.rev,
      patch: { stage: 'won' },
    });
    expect(won.status, JSON.stringify(won.body)).toBe(200);
    const page = await sales.get(`/api/records/crm-opportunity/${opp.body.id}/document`);
    expect(page.body.makes.map((m: any) => [m.id, m.form])).toEqual([['sales-order', `${P}-sales-order`]]);
    const made = await sales.post(make, {});
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    const order = made.body.record;
    expect([
      order.docstatus,
      order.data.customer,
      order.data.crmCustomer,
      order.data.opportunity,
      order.data.orderDate,
      order.data.total,
    ]).toEqual(['draft', customer.id, crmCustomer, opp.body.id, '2026-06-10', '13560.00']);
    expect(order.data.lines).toMatchObject([
      { description: 'Pens for the new stores', qty: 1, rate: '12000.00' },
    ]);
    // Pressed again (or by someone else): the same order, not a second one.
    const again = await sales.post(make, {});
    expect([again.status, again.body.created, again.body.record.id]).toEqual([200, false, order.id]);
    madeOrder = order;
    const orders = await (await t.client('qian.admin')).get(`${records('sales-order')}?limit=100`);
    expect(orders.body.items.filter((o: any) => o.data.opportunity === opp.body.id)).toHaveLength(1);
    // A customer made in the CRM becomes a sales customer with one action, linked from the start.
    const fresh = await sales.post('/api/records/crm-customer', {
      data: { name: 'Suzhou Paper Co', kind: 'company' },
    });
    expect(fresh.status, JSON.stringify(fresh.body)).toBe(201);
    const salesCustomer = await sales.post(
      `/api/records/crm-customer/${fresh.body.id}/make/sales-customer`,
      {},
    );
    expect(salesCustomer.status, JSON.stringify(salesCustomer.body)).toBe(201);
    expect([salesCustomer.body.record.data.name, salesCustomer.body.record.data.crmCustomer]).toEqual([
      'Suzhou Paper Co',
      fresh.body.id,
    ]);
  });

  it('the salesperson sends the made draft into its credit approval once; approved, it is submitted', async () => {
    const sales = await t.client(PEOPLE.sales);
    const admin = await t.client('qian.admin');
    const url = `${records('sales-order')}/${madeOrder.id}`;
    const send = (who: any, rev: number) => who.post(`${url}/submit-for-approval`, { rev });
    // Its owner's page offers it: a draft of a form whose catalogue entry starts an approval.
    expect((await sales.get(`${url}/document`)).body.actions).toContain('submitForApproval');
    // Another salesperson reads every order (the sales role has no row rule) but sends only their
    // own; a CRM salesperson without the sales role may not open it at all.
    const other = (await admin.get('/api/users/zheng.xin')).body;
    await admin.patch('/api/users/zheng.xin', { rev: other.rev, roles: [...other.roles, 'sales'] });
    const colleague = await t.client('zheng.xin');
    expect((await colleague.get(`${url}/document`)).body.actions).not.toContain('submitForApproval');
    const notTheirs = await send(colleague, madeOrder.rev);
    expect([notTheirs.status, notTheirs.body.error.code]).toEqual([403, 'DOCUMENT_NOT_OWNER']);
    expect(notTheirs.body.error.messageZh).toContain('负责人');
    expect((await send(await t.client('li.lei'), madeOrder.rev)).status).toBe(403);

    const sent = await send(sales, madeOrder.rev);
    expect(sent.status, JSON.stringify(sent.body)).toBe(200);
    expect([sent.body.record.status, sent.body.record.docstatus, sent.body.instanceId]).toEqual([
      'submitted',
      'draft',
      `req-${madeOrder.id}`,
    ]);
    // Once: pressed again while the approval runs.
    const twice = await send(sales, sent.body.record.rev);
    expect([twice.status, twice.body.error.code]).toEqual([409, 'DOCUMENT_IN_APPROVAL']);
    expect(twice.body.error.messageZh).toContain('审批中');
    expect((await sales.get(`${url}/document`)).body.actions).not.toContain('submitForApproval');
    // Locked while in approval: not even an admin changes what the credit controller decides on.
    const locked = await admin.patch(url, {
      rev: sent.body.record.rev,
      patch: { deliveryDate: '2026-06-20' },
    });
    expect([locked.status, locked.body.error.code]).toEqual([409, 'RECORD_LOCKED_BY_FLOW']);
    // 13,560.00 on top of what the customer owes is over the 10,000.00 limit: the credit
    // controller approves it from their inbox, and the order is submitted.
    await approve(t, sent.body.instanceId, 'credit', PEOPLE.purchasingManager);
    const approved = await submittedRecord(t, 'sales-order', madeOrder.id);
    expect([approved.status, approved.docstatus, approved.submittedBy]).toEqual([
      'approved',
      'submitted',
      'system',
    ]);
    const after = await send(sales, approved.rev);
    expect([after.status, after.body.error.code]).toEqual([409, 'DOCUMENT_NOT_DRAFT']);
  });

  it('rejected, the made order is a draft again: edited and sent once more', async () => {
    const sales = await t.client(PEOPLE.sales);
    const admin = await t.client('qian.admin');
    const opp = await sales.post('/api/records/crm-opportunity', {
      data: { title: 'Desk pads', customer: crmCustomer, stage: 'won', value: '20000.00' },
    });
    expect(opp.status, JSON.stringify(opp.body)).toBe(201);
    const made = await sales.post(`/api/records/crm-opportunity/${opp.body.id}/make/sales-order`, {});
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    const url = `${records('sales-order')}/${made.body.record.id}`;
    const sent = await sales.post(`${url}/submit-for-approval`, { rev: made.body.record.rev });
    expect(sent.status, JSON.stringify(sent.body)).toBe(200);
    const flows = t.app.services.flows;
    await waitFor(
      async () => (await flows.getInstance(sent.body.instanceId)).openTasks.length > 0,
      20_000,
      'the credit approval',
    );
    const controller = await t.client(PEOPLE.purchasingManager);
    const task = (await controller.get('/api/tasks?limit=100')).body.items.find(
      (x: any) => x.instanceId === sent.body.instanceId,
    );
    const rejected = await controller.post(`/api/tasks/${task.id}/reject`, { comment: 'Too much at once' });
    expect(rejected.status, JSON.stringify(rejected.body)).toBe(200);
    let row: any;
    await waitFor(
      async () => (row = (await admin.get(url)).body).status === 'rejected',
      20_000,
      'the rejection on the order',
    );
    expect(row.docstatus).toBe('draft');
    const edited = await admin.patch(url, { rev: row.rev, patch: { deliveryDate: '2026-06-30' } });
    expect(edited.status, JSON.stringify(edited.body)).toBe(200);
    expect((await sales.get(`${url}/document`)).body.actions).toContain('submitForApproval');
    const again = await sales.post(`${url}/submit-for-approval`, { rev: edited.body.rev });
    expect(again.status, JSON.stringify(again.body)).toBe(200);
    expect(again.body.instanceId).toBe(`req-${made.body.record.id}.${edited.body.rev}`);
    expect((await flows.getInstance(again.body.instanceId)).status).toBe('active');
  });

  it('links a sales customer to its CRM customer by phone on create, or the next morning by name', async () => {
    const sales = await t.client(PEOPLE.sales);
    const admin = await t.client('qian.admin');
    const ningbo = await sales.post('/api/records/crm-customer', {
      data: { name: 'Ningbo Stationery', kind: 'company', phone: '0574-88881234' },
    });
    expect(ningbo.status, JSON.stringify(ningbo.body)).toBe(201);
    const byPhone = await create(sales, 'customer', {
      name: 'Ningbo Stationery Trading Ltd',
      phone: '0574-88881234',
      creditLimit: '5000.00',
    });
    await waitFor(
      async () =>
        (await admin.get(`${records('customer')}/${byPhone.id}`)).body.data.crmCustomer === ningbo.body.id,
      20_000,
      'linked by phone',
    );
    // One sales customer per CRM customer: a second one by the same phone stays unlinked, and
    // linking it by hand is refused.
    const second = await create(sales, 'customer', {
      name: 'Ningbo Branch',
      phone: '0574-88881234',
      creditLimit: '1.00',
    });
    const taken = await sales.patch(`${records('customer')}/${second.id}`, {
      rev: second.rev,
      patch: { crmCustomer: ningbo.body.id },
    });
    expect([taken.status, taken.body.error.code]).toEqual([409, 'RECORD_DUPLICATE']);
    // Matched by name only after a rename (the way installations matched before the link): the
    // morning run links it — and the figures of its earlier invoice come with the link.
    const wenzhou = await create(sales, 'customer', { name: 'Wenzhou Pens', creditLimit: '50000.00' });
    const crm = await sales.post('/api/records/crm-customer', {
      data: { name: 'Wenzhou Pens Co', kind: 'company' },
    });
    expect(crm.status, JSON.stringify(crm.body)).toBe(201);
    const wenzhouOrder = await create(sales, 'sales-order', {
      customer: wenzhou.id,
      orderDate: '2026-06-08',
      lines: [{ item: 'PEN-RED', qty: 3, rate: '33.33', vatRate: '13' }],
    });
    const earlier = await create(
      sales,
      'sales-invoice',
      {
        salesOrder: wenzhouOrder.id,
        invoiceNumber: '26220002',
        date: '2026-06-09',
        lines: [{ item: 'PEN-RED', qty: 3, rate: '33.33', vatRate: '13' }],
      },
      true,
    );
    expect([earlier.data.crmCustomer, earlier.data.total]).toEqual([undefined, '112.99']);
    const renamed = await sales.patch(`/api/records/crm-customer/${crm.body.id}`, {
      rev: crm.body.rev,
      patch: { name: 'wenzhou  pens' },
    });
    expect(renamed.status, JSON.stringify(renamed.body)).toBe(200);
    const started = await admin.post(`/api/automations/${P}-crm-customer-link-daily/run`, {});
    expect(started.status, JSON.stringify(started.body)).toBe(200);
    await waitFor(
      async () =>
        (await admin.get(`${records('customer')}/${wenzhou.id}`)).body.data.crmCustomer === crm.body.id,
      20_000,
      'linked by the morning run',
    );
    let figures: any;
    await waitFor(
      async () => {
        figures = (await admin.get(`/api/records/crm-customer/${crm.body.id}`)).body.data;
        return figures.purchaseCount === 1;
      },
      20_000,
      'the figures of the earlier invoice',
    );
    expect([figures.lastPurchase, figures.lifetimeValue]).toEqual(['2026-06-09', '112.99']);
    // One pen comes back: 33.33 + 4.33 VAT (4.3329) = 37.66; 112.99 − 37.66 = 75.33.
    await create(
      await t.client(PEOPLE.finance),
      'sales-return',
      {
        salesInvoice: earlier.id,
        date: '2026-06-10',
        reason: 'Leaking',
        lines: [{ item: 'PEN-RED', qty: 1, rate: '33.33', vatRate: '13' }],
      },
      true,
    );
    await waitFor(
      async () => {
        figures = (await admin.get(`/api/records/crm-customer/${crm.body.id}`)).body.data;
        return figures.lifetimeValue !== '112.99';
      },
      20_000,
      'the return in the figures',
    );
    expect([figures.purchaseCount, figures.lifetimeValue]).toEqual([1, '75.33']);
  });

  it('a salesperson without the sales role may not make an order', async () => {
    const li = await t.client('li.lei'); // a CRM salesperson, not given the module's sales role
    const own = await li.post('/api/records/crm-customer', {
      data: { name: 'Jiaxing Office', kind: 'company' },
    });
    expect(own.status, JSON.stringify(own.body)).toBe(201);
    const page = await li.get(`/api/records/crm-customer/${own.body.id}/document`);
    expect(page.body.makes).toEqual([]);
    const made = await li.post(`/api/records/crm-customer/${own.body.id}/make/sales-customer`, {});
    expect(made.status).toBe(403);
  });

  it('the order cannot be cancelled while its delivery and invoice depend on it', async () => {
    const admin = await t.client('qian.admin');
    const current = (await admin.get(`${records('sales-order')}/${order.id}`)).body;
    const refused = await (
      await t.client(PEOPLE.sales)
    ).post(`${records('sales-order')}/${order.id}/cancel`, {
      rev: current.rev,
      reason: 'customer changed mind',
    });
    expect([refused.status, refused.body.error.code]).toEqual([409, 'DOCUMENT_HAS_DEPENDENTS']);
  });
});
