// Purchasing end to end, in both run modes, with finance enabled: a requisition above its
// department's limit goes to the purchasing manager too; three suppliers quote (one in boxes of 12,
// one already expired) and the comparison prices them per stock unit, leaves the expired one out
// and marks the cheapest; the order is approved; a first receipt brings in part of it, a second
// beyond the over-receipt tolerance is refused with its code; invoices billing more than was
// received or at another price are refused with theirs (the three-way match), the right one is
// submitted; the receipt and the invoice post balanced vouchers that clear received-not-billed;
// the order cannot be cancelled while receipts and invoices depend on it.
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

describe.each(MODES)('purchasing: requisition to invoice (%s)', (mode) => {
  let t: TestApp;
  const ids: Record<string, string> = {};
  let order: any;

  beforeAll(async () => {
    t = await startTradeApp(mode, { finance: true });
  });
  afterAll(() => t?.close());

  it('a requisition above the department limit is approved by the manager and purchasing', async () => {
    const requester = await t.client(PEOPLE.requester);
    const data = {
      title: 'Pens for the warehouse team',
      department: 'operations',
      neededBy: '2026-06-30',
      lines: [
        { item: 'PEN-BLUE', description: 'Blue gel pen', qty: 1200, unit: 'pc', estimatedPrice: '10.00' },
      ],
    };
    const warned = await requester.post(`/api/catalogue/${P}-purchase-requisition/precheck`, { data });
    expect(warned.body.warnings.map((w: any) => w.code)).toEqual(['REQUISITION_OVER_LIMIT']);
    expect(warned.body.values.limit).toBe(10000); // operations' own limit, not the general 5000
    const submitted = await requester.post(`/api/catalogue/${P}-purchase-requisition/submit`, { data });
    expect(submitted.status, JSON.stringify(submitted.body)).toBe(201);
    expect(submitted.body.record.data.total).toBe('12000.00');
    await approve(t, submitted.body.instanceId, 'manager', 'wu.hao');
    await approve(t, submitted.body.instanceId, 'purchasingManager', PEOPLE.purchasingManager);
    const requisition = await submittedRecord(t, 'purchase-requisition', submitted.body.record.id);
    expect([requisition.status, requisition.number]).toEqual(['approved', 'PR-2026-0001']);
    ids.requisition = requisition.id;
  });

  it('quotations compared per stock unit: the expired one left out, the cheapest marked', async () => {
    const buyer = await t.client(PEOPLE.purchaser);
    for (const [key, name] of [
      ['boxes', 'Boxes Stationery Co.'],
      ['pieces', 'Piece Office Supply'],
      ['stale', 'Stale Prices Ltd.'],
    ] as const)
      ids[key] = (await create(buyer, 'supplier', { name, paymentTermsDays: 30 })).id;
    const rfq = await create(
      buyer,
      'rfq',
      {
        title: 'Blue gel pens',
        requisition: ids.requisition,
        suppliers: [ids.boxes, ids.pieces, ids.stale],
        respondBy: '2026-06-15',
        lines: [{ item: 'PEN-BLUE', qty: 1200, unit: 'pc' }],
      },
      true,
    );
    ids.rfq = rfq.id;
    const quote = (supplier: string, validUntil: string, line: Record<string, unknown>) =>
      create(
        buyer,
        'supplier-quotation',
        { rfq: rfq.id, supplier, quotedOn: '2026-06-01', validUntil, lines: [{ item: 'PEN-BLUE', ...line }] },
        true,
      );
    // 114.00 a box of 12 = 9.50 a pen; 9.80 a pen; 8.00 a pen but expired on 5 June.
    const boxes = await quote(ids.boxes!, '2026-06-30', {
      unit: 'box',
      conversion: 12,
      price: '114.00',
      leadTimeDays: 5,
    });
    expect(boxes.data.supplierName).toBe('Boxes Stationery Co.');
    expect(boxes.data.lines[0].pricePerStockUnit).toBe('9.50');
    ids.quotation = boxes.id;
    await quote(ids.pieces!, '2026-06-30', { unit: 'pc', conversion: 1, price: '9.80', leadTimeDays: 2 });
    await quote(ids.stale!, '2026-06-05', { unit: 'pc', conversion: 1, price: '8.00', leadTimeDays: 3 });

    const compared = await buyer.post(`/api/reports/${P}-quotation-comparison/run`, {
      params: { rfq: rfq.id },
    });
    expect(compared.status, JSON.stringify(compared.body)).toBe(200);
    expect(compared.body.rows.map((r: any) => [r.item, r.supplier, r.pricePerStockUnit, r.best])).toEqual([
      ['PEN-BLUE', 'Boxes Stationery Co.', '9.5000', true],
      ['PEN-BLUE', 'Piece Office Supply', '9.8000', false],
    ]);
  });

  it('the order is approved by the purchasing manager and submitted', async () => {
    const buyer = await t.client(PEOPLE.purchaser);
    const submitted = await buyer.post(`/api/catalogue/${P}-purchase-order/submit`, {
      data: {
        supplier: ids.boxes,
        quotation: ids.quotation,
        requisition: ids.requisition,
        department: 'operations',
        orderDate: '2026-06-10',
        expectedDate: '2026-06-15',
        lines: [{ item: 'PEN-BLUE', qty: 1200, unit: 'pc', conversion: 1, rate: '9.50', vatRate: '13' }],
      },
    });
    expect(submitted.status, JSON.stringify(submitted.body)).toBe(201);
    expect([submitted.body.record.data.netTotal, submitted.body.record.data.total]).toEqual([
      '11400.00',
      '12882.00',
    ]);
    await approve(t, submitted.body.instanceId, 'purchasingManager', PEOPLE.purchasingManager);
    order = await submittedRecord(t, 'purchase-order', submitted.body.record.id);
    expect([order.status, order.data.supplierName]).toEqual(['approved', 'Boxes Stationery Co.']);
  });

  it('received in part, in batches; beyond the over-receipt tolerance is refused', async () => {
    const clerk = await t.client(PEOPLE.purchaser);
    const receipt = await create(
      clerk,
      'goods-receipt',
      {
        purchaseOrder: order.id,
        receivedOn: '2026-06-12',
        warehouse: 'main',
        lines: [
          { item: 'PEN-BLUE', qty: 400, batch: 'B-2606-A', expiry: '2028-06-30', rate: '9.50' },
          { item: 'PEN-BLUE', qty: 200, batch: 'B-2606-B', expiry: '2028-09-30', rate: '9.50' },
        ],
      },
      true,
    );
    expect([receipt.docstatus, receipt.data.value]).toEqual(['submitted', '5700.00']);
    ids.receipt = receipt.id;
    // 600 received + 661 = 1261 > 1200 × 1.05 = 1260
    const over = await create(clerk, 'goods-receipt', {
      purchaseOrder: order.id,
      receivedOn: '2026-06-13',
      warehouse: 'main',
      lines: [{ item: 'PEN-BLUE', qty: 661, batch: 'B-2606-C', rate: '9.50' }],
    });
    const refused = await clerk.post(`${records('goods-receipt')}/${over.id}/submit`, { rev: over.rev });
    expect(refused.status, JSON.stringify(refused.body)).toBe(422);
    expect(refused.body.error.code).toBe('DOCUMENT_CHECK_REFUSED');
    expect(refused.body.error.details.map((d: any) => [d.code, d.path])).toEqual([
      ['RECEIPT_OVER_TOLERANCE', '/data/lines'],
    ]);
    expect(refused.body.error.details[0].message).toContain('PEN-BLUE 1261 > 1200');
    expect(refused.body.error.messageZh).toContain('超过订单数量');
    expect((await clerk.get(`${records('goods-receipt')}/${over.id}`)).body.docstatus).toBe('draft');
    await waitFor(
      async () =>
        (await clerk.get(`${records('purchase-order')}/${order.id}`)).body.data.receiptStatus === 'partial',
      20_000,
      'the order partly received',
    );
  });

  it('the invoice is matched three ways: more than received or another price is refused', async () => {
    const finance = await t.client(PEOPLE.finance);
    const invoice = (qty: number, rate: string, invoiceNumber: string) =>
      create(finance, 'purchase-invoice', {
        purchaseOrder: order.id,
        invoiceNumber,
        date: '2026-06-14',
        dueDate: '2026-07-14',
        lines: [{ item: 'PEN-BLUE', qty, rate, vatRate: '13' }],
      });
    const submit = (draft: any) =>
      finance.post(`${records('purchase-invoice')}/${draft.id}/submit`, { rev: draft.rev });
    const tooMany = await submit(await invoice(700, '9.50', '26110001'));
    expect([tooMany.status, tooMany.body.error.details.map((d: any) => d.code)]).toEqual([
      422,
      ['INVOICE_QTY_OVER_RECEIVED'],
    ]);
    const dearer = await submit(await invoice(600, '9.80', '26110002')); // 3.2 % above the order
    expect([dearer.status, dearer.body.error.details.map((d: any) => d.code)]).toEqual([
      422,
      ['INVOICE_PRICE_OFF_ORDER'],
    ]);
    const right = await submit(await invoice(600, '9.55', '26110003')); // within 2 %
    expect(right.status, JSON.stringify(right.body)).toBe(200);
    expect([right.body.data.netTotal, right.body.data.vatTotal, right.body.data.total]).toEqual([
      '5730.00',
      '744.90',
      '6474.90',
    ]);
    ids.invoice = right.body.id;
    // the same 600 billed again is more than was received
    const twice = await submit(await invoice(1, '9.50', '26110004'));
    expect(twice.body.error?.details.map((d: any) => d.code)).toEqual(['INVOICE_QTY_OVER_RECEIVED']);
  });

  it('receipt and invoice post balanced vouchers that clear received-not-billed', async () => {
    const [receipt] = await vouchersOf(t, ids.receipt!, 1);
    expect(linesOf(receipt)).toEqual([
      ['1405', '5700.00', null],
      ['2202.02', null, '5700.00'],
    ]);
    const [invoice] = await vouchersOf(t, ids.invoice!, 1);
    expect(linesOf(invoice)).toEqual([
      ['2202.02', '5730.00', null],
      ['2221.01', '744.90', null],
      ['2202', null, '6474.90'],
    ]);
  });

  it('without the inventory module the stock step waits: its run is skipped, saying why', async () => {
    const admin = await t.client('qian.admin');
    let runs: any[] = [];
    await waitFor(
      async () => {
        runs = (await admin.get(`/api/automations/${P}-receipt-stock/runs`)).body.items ?? [];
        return runs.length > 0;
      },
      20_000,
      'the receipt-stock run',
    );
    expect(runs.map((r) => [r.status, r.error])).toEqual([['skipped', 'module inventory is not enabled']]);
  });

  it('the order cannot be cancelled while its receipt and invoice depend on it', async () => {
    const manager = await t.client(PEOPLE.purchasingManager);
    const current = (await manager.get(`${records('purchase-order')}/${order.id}`)).body;
    const refused = await manager.post(`${records('purchase-order')}/${order.id}/cancel`, {
      rev: current.rev,
      reason: 'supplier too slow',
    });
    expect([refused.status, refused.body.error.code]).toEqual([409, 'DOCUMENT_HAS_DEPENDENTS']);
  });
});
