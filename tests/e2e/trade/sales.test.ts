// Sales end to end, in both run modes, with finance enabled: a customer with a credit limit of
// 10,000 has an order of 5,650 inside it (approved without anyone); a second order of 5,650 would
// make them owe 11,300, so it waits for the credit controller instead of being refused (the
// warning before submitting says so), who approves it; it is delivered and tracked (each status
// change on the timeline, the delivered date and the order-to-delivery days set), invoiced
// (receivables against revenue and 13 % output VAT, balanced), and a return reverses part of it.
// The order cannot be cancelled while its delivery and invoice depend on it. With the CRM installed
// beside it, the invoice sets the purchase figures of the CRM customer of the same name.
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
        (runs = (await admin.get(`/api/automations/${P}-commission-invoice/runs`)).body.items ?? []).length >
        0,
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
  });

  it('a return reverses revenue, VAT and receivables for what came back', async () => {
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
