// Purchasing and sales with the inventory module, in both run modes (finance only for the return
// story: it costs more than this file): a submitted goods receipt brings its batches into stock at
// the order's net price, a submitted delivery takes them out at their valuation (FIFO across
// batches), each through stock.post once per document, and the stock balance is what the ledger
// says. Planned stock: the purchase order counts as ordered until received; a sales order reserves
// batches first to expire first (partly when short, showing what is short); cancelling it releases
// the reservation and a partial delivery leaves reserved only what is still to deliver — projected
// = on hand + ordered + requested − reserved. A return comes back at its delivery's valuation and
// reverses the cost of goods sold at that value. At its reorder level an item gets one draft
// requisition (however often the hourly check runs), the purchasing manager hears of it once, and a
// report suggests the level from what was sold a day × lead time + safety stock. A requisition,
// from its draft on, counts as requested until an order made from it orders its lines; service
// items are never requested, reserved, short or moved. A batch's trace (GET /api/stock/trace) shows
// its receipt with the supplier, its deliveries with the customer, a transfer's two sides and what
// is left per warehouse.
/* eslint-disable @typescript-eslint/no-explicit-any -- replies are JSON that tests read freely */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MODES, startApp, type Client, type TestApp } from '../../support/app-harness.ts';
import { waitFor } from '../../support/wait-for.ts';
import { P, create, linesOf } from './trade-app.ts';

describe.each(MODES)('purchasing and sales move stock when inventory is enabled (%s)', (mode) => {
  let t: TestApp;
  let admin: Client;
  const ids: Record<string, string> = {};
  let delivery: any;

  beforeAll(async () => {
    t = await startApp(mode, {
      platform: { workers: true, sweepEveryMs: 0, automationRetryBackoffMs: 20, flowRetryBackoffMs: 20 },
    });
    admin = await t.client('qian.admin');
    for (const id of ['inventory', P]) {
      const installed = await admin.post(`/api/modules/${id}/install`, { enable: true });
      expect(installed.status, JSON.stringify(installed.body)).toBe(200);
    }
    ids.supplier = (await create(admin, 'supplier', { name: 'Ningbo Deli Stationery Co.' })).id;
    ids.customer = (
      await create(admin, 'customer', { name: 'Hangzhou Office Mart', creditLimit: '100000.00' })
    ).id;
  }, 120_000);
  afterAll(() => t?.close());

  const ledger = async () => (await admin.get('/api/stock/ledger?item=PEN-BLUE')).body.items as any[];
  const until = async (count: number) => {
    let entries: any[] = [];
    await waitFor(async () => (entries = await ledger()).length >= count, 20_000, `${count} stock entries`);
    return entries;
  };

  it('a goods receipt brings its batches in at the order price', async () => {
    const order = await create(
      admin,
      'purchase-order',
      {
        supplier: ids.supplier,
        orderDate: '2026-06-01',
        lines: [{ item: 'PEN-BLUE', qty: 100, unit: 'pc', conversion: 1, rate: '9.50', vatRate: '13' }],
      },
      true,
    );
    await create(
      admin,
      'goods-receipt',
      {
        purchaseOrder: order.id,
        receivedOn: '2026-06-02',
        warehouse: 'main',
        lines: [
          { item: 'PEN-BLUE', qty: 6, batch: 'B1', rate: '9.50' },
          { item: 'PEN-BLUE', qty: 4, batch: 'B2', rate: '9.50' },
        ],
      },
      true,
    );
    const entries = await until(2);
    expect(entries.map((e) => [e.warehouse, e.batch, e.qty, e.valueChange])).toEqual([
      ['main', 'B1', '6', '57.00'],
      ['main', 'B2', '4', '38.00'],
    ]);
  });

  const bin = async () =>
    ((await admin.get('/api/stock/balance?item=PEN-BLUE&warehouse=main')).body.items as any[])[0] ?? {};
  const planned = async (want: Record<string, string>) => {
    let got: any = {};
    const pick = (b: any) => Object.fromEntries(Object.keys(want).map((k) => [k, b[k]]));
    await waitFor(
      async () => JSON.stringify(pick((got = await bin()))) === JSON.stringify(want),
      20_000,
      `bin ${JSON.stringify(want)}`,
    );
    return got;
  };

  it('what is on order but not yet received counts as ordered', async () => {
    // 100 ordered, 10 received
    await planned({ qty: '10', ordered: '90', reserved: '0', projected: '100' });
  });

  it('a sales order reserves batches first to expire first, partly when short', async () => {
    const item = await admin.post('/api/records/inventory-item', {
      data: {
        code: 'PEN-BLUE',
        name: 'Blue pen',
        group: 'goods',
        kind: 'stock',
        stockUnit: 'pc',
        valuationMethod: 'fifo',
      },
    });
    expect(item.status, JSON.stringify(item.body)).toBe(201);
    for (const [code, expiry] of [
      ['B1', '2027-03-01'],
      ['B2', '2026-12-01'],
    ]) {
      const batch = await admin.post('/api/records/inventory-batch', {
        data: { code, item: item.body.id, expiry },
      });
      expect(batch.status, JSON.stringify(batch.body)).toBe(201);
    }
    const sell = (qty: number) =>
      create(
        admin,
        'sales-order',
        {
          customer: ids.customer,
          orderDate: '2026-06-03',
          lines: [{ item: 'PEN-BLUE', qty, rate: '14.00', vatRate: '13' }],
        },
        true,
      );
    const allocationOf = async (id: string) => {
      let row: any;
      await waitFor(
        async () =>
          (row = (await admin.get(`/api/records/${P}-sales-order/${id}`)).body).data.allocationStatus,
        20_000,
        `the allocation on ${id}`,
      );
      return row;
    };
    // B2 expires first although B1 came in first
    const first = await allocationOf((await sell(5)).id);
    expect([first.data.allocationStatus, first.data.shortLines]).toEqual(['allocated', []]);
    const reservations = await t.app.services.stock.plans.plans.find({ item: 'PEN-BLUE', kind: 'reserved' });
    expect(
      reservations.items
        .filter((r) => r.source.id === first.id)
        .map((r) => [r.batch, r.qty])
        .sort(),
    ).toEqual([
      ['B1', '1'],
      ['B2', '4'],
    ]);
    // only 5 are free now: the next order of 7 is allocated partly and shows what is short
    const second = await allocationOf((await sell(7)).id);
    expect([second.data.allocationStatus, second.data.shortLines]).toEqual([
      'partial',
      [{ item: 'PEN-BLUE', ordered: '7', reserved: '5', short: '2' }],
    ]);
    await planned({ reserved: '10', projected: '90' });
    for (const row of [first, second]) {
      const current = (await admin.get(`/api/records/${P}-sales-order/${row.id}`)).body;
      const cancelled = await admin.post(`/api/records/${P}-sales-order/${row.id}/cancel`, {
        rev: current.rev,
        reason: 'customer changed their mind',
      });
      expect(cancelled.status, JSON.stringify(cancelled.body)).toBe(200);
    }
    await planned({ reserved: '0', projected: '100' });
  });

  it('a delivery takes them out at their valuation, once per document', async () => {
    const order = await create(
      admin,
      'sales-order',
      {
        customer: ids.customer,
        orderDate: '2026-06-03',
        lines: [{ item: 'PEN-BLUE', qty: 6, rate: '14.00', vatRate: '13' }],
      },
      true,
    );
    delivery = await create(
      admin,
      'delivery',
      {
        salesOrder: order.id,
        shippedOn: '2026-06-04',
        warehouse: 'main',
        lines: [{ item: 'PEN-BLUE', qty: 5, batch: 'B1' }],
      },
      true,
    );
    await waitFor(
      async () =>
        (await admin.get(`/api/records/${P}-sales-order/${order.id}`)).body.data.allocationStatus ===
        'allocated',
      20_000,
      'the order allocated',
    );
    const entries = await until(3);
    // out at the valuation rate (9.50), never the selling price (14.00)
    expect(entries.slice(2).map((e) => [e.batch, e.qty, e.valueChange, e.source?.id ?? e.sourceId])).toEqual([
      ['B1', '-5', '-47.50', delivery.id],
    ]);
    // the bins (a cache of the ledger) follow their entries
    const onHand = async () =>
      ((await admin.get('/api/stock/balance?item=PEN-BLUE')).body.items as any[]).reduce(
        (s: number, b: any) => s + Number(b.qty),
        0,
      );
    await waitFor(async () => (await onHand()) === 5, 20_000, '5 pens left in the bins');
    // 5 of the 6 ordered are shipped: only the last one stays reserved (5 on hand + 90 on order − 1)
    await planned({ qty: '5', reserved: '1', projected: '94' });
    // both stock automations of the delivery ran (one posted, the cost one waits for finance)
    let runs: any[] = [];
    await waitFor(
      async () =>
        (runs = (await admin.get(`/api/automations/${P}-delivery-cost/runs`)).body.items ?? []).length > 0,
      20_000,
      'the delivery-cost run',
    );
    expect(runs.map((r) => r.error)).toEqual(['module finance is not enabled']);
  });

  it('a return comes back at the delivery valuation and reverses its cost of goods sold', async () => {
    const installed = await admin.post('/api/modules/finance/install', { enable: true });
    expect(installed.status, JSON.stringify(installed.body)).toBe(200);
    const invoice = await create(
      admin,
      'sales-invoice',
      {
        salesOrder: delivery.data.salesOrder,
        delivery: delivery.id,
        invoiceNumber: '26220009',
        date: '2026-06-05',
        lines: [{ item: 'PEN-BLUE', qty: 5, rate: '14.00', vatRate: '13' }],
      },
      true,
    );
    const back = await create(
      admin,
      'sales-return',
      {
        salesInvoice: invoice.id,
        date: '2026-06-06',
        reason: 'Wrong colour',
        lines: [{ item: 'PEN-BLUE', qty: 2, rate: '14.00', vatRate: '13', batch: 'B1' }],
      },
      true,
    );
    expect(back.data.delivery).toBe(delivery.id);
    const entries = await until(4);
    // in at the delivery's valuation (9.50), never the selling price (14.00)
    expect(entries.slice(3).map((e) => [e.batch, e.qty, e.rate, e.valueChange, e.source.id])).toEqual([
      ['B1', '2', '9.5', '19.00', back.id],
    ]);
    let vouchers: any[] = [];
    await waitFor(
      async () =>
        (vouchers = (await admin.get(`/api/ledger/vouchers?sourceId=${back.id}`)).body.items ?? []).some(
          (v: any) => v.lines.some((l: any) => l.account === '5401'),
        ),
      20_000,
      'the cost of goods returned',
    );
    const cost = vouchers.find((v: any) => v.lines.some((l: any) => l.account === '5401'));
    expect(linesOf(cost)).toEqual([
      ['1405', '19.00', null],
      ['5401', null, '19.00'],
    ]);
  }, 60_000);

  it('gross profit by region × product line: revenue net of returns against the cost the delivery posted', async () => {
    // A second customer with a region, an item with a group, received at 4.00, delivered 4 (cost
    // 16.00 by FIFO), invoiced at 7.00; then a receipt back-dated before the first at 3.00 re-values
    // the delivery (FIFO: 2 × 3.00 + 2 × 4.00 = 14.00, rate 3.50), and a return of 2 comes back at
    // that rate (7.00), not at today's.
    const customer = (
      await create(admin, 'customer', {
        name: 'Suzhou Paper Co.',
        region: 'East China',
        creditLimit: '100000.00',
      })
    ).id;
    const item = await admin.post('/api/records/inventory-item', {
      data: {
        code: 'NOTE-A5',
        name: 'A5 notebook',
        group: 'materials',
        kind: 'stock',
        stockUnit: 'pc',
        valuationMethod: 'fifo',
      },
    });
    expect(item.status, JSON.stringify(item.body)).toBe(201);
    const purchase = await create(
      admin,
      'purchase-order',
      {
        supplier: ids.supplier,
        orderDate: '2026-06-08',
        lines: [{ item: 'NOTE-A5', qty: 12, unit: 'pc', conversion: 1, rate: '4.00', vatRate: '13' }],
      },
      true,
    );
    const receive = (receivedOn: string, qty: number, rate: string) =>
      create(
        admin,
        'goods-receipt',
        {
          purchaseOrder: purchase.id,
          receivedOn,
          warehouse: 'main',
          lines: [{ item: 'NOTE-A5', qty, rate }],
        },
        true,
      );
    const notes = async (count: number) => {
      let entries: any[] = [];
      await waitFor(
        async () =>
          (entries = (await admin.get('/api/stock/ledger?item=NOTE-A5')).body.items).length >= count,
        20_000,
        `${count} notebook entries`,
      );
      return entries;
    };
    await receive('2026-06-10', 10, '4.00');
    await notes(1);
    const order = await create(
      admin,
      'sales-order',
      {
        customer,
        orderDate: '2026-06-11',
        lines: [{ item: 'NOTE-A5', qty: 4, rate: '7.00', vatRate: '13' }],
      },
      true,
    );
    const shipped = await create(
      admin,
      'delivery',
      {
        salesOrder: order.id,
        shippedOn: '2026-06-12',
        warehouse: 'main',
        lines: [{ item: 'NOTE-A5', qty: 4 }],
      },
      true,
    );
    expect((await notes(2)).find((e) => e.source.id === shipped.id).valueChange).toBe('-16.00');
    const invoice = await create(
      admin,
      'sales-invoice',
      {
        salesOrder: order.id,
        delivery: shipped.id,
        invoiceNumber: '26220010',
        date: '2026-06-13',
        lines: [{ item: 'NOTE-A5', qty: 4, rate: '7.00', vatRate: '13' }],
      },
      true,
    );
    await receive('2026-06-09', 2, '3.00');
    await waitFor(
      async () => (await notes(3)).find((e) => e.source.id === shipped.id).valueChange === '-14.00',
      20_000,
      'the delivery re-valued by the back-dated receipt',
    );
    const back = await create(
      admin,
      'sales-return',
      {
        salesInvoice: invoice.id,
        date: '2026-06-14',
        reason: 'Damaged',
        lines: [{ item: 'NOTE-A5', qty: 2, rate: '7.00', vatRate: '13' }],
      },
      true,
    );
    expect((await notes(4)).find((e) => e.source.id === back.id).valueChange).toBe('7.00');

    const run = await admin.post(`/api/reports/${P}-gross-profit/run`, {});
    expect(run.status, JSON.stringify(run.body)).toBe(200);
    expect(run.body.rows).toEqual([
      // the pens of the stories above (goods, their customer without a region): 70.00 − 28.00
      // against 47.50 − 19.00
      {
        region: null,
        productLine: 'goods',
        invoiced: '70.00',
        returned: '28.00',
        revenue: '42.00',
        cost: '28.50',
        grossProfit: '13.50',
        marginPercent: '32.1',
      },
      // 28.00 − 14.00 revenue against 14.00 − 7.00 cost (the delivery's re-valued cost, not 16.00 − 8.00)
      {
        region: 'East China',
        productLine: 'materials',
        invoiced: '28.00',
        returned: '14.00',
        revenue: '14.00',
        cost: '7.00',
        grossProfit: '7.00',
        marginPercent: '50.0',
      },
    ]);
  }, 60_000);

  it('profit built in the report builder from the gross-profit dataset equals the module report', async () => {
    const dataset = `${P}-gross-profit`;
    // The catalogue offers the report's rows as a source, its fields named in both languages.
    const sources = (await admin.get('/api/reports/sources')).body.items as any[];
    const entry = sources.find((s) => s.kind === 'dataset' && s.id === dataset);
    expect(entry.fields.find((f: any) => f.path === 'productLine').label).toEqual({
      en: 'Product line (item group)',
      'zh-CN': '产品线（物料组）',
    });
    const draft = {
      name: { en: 'Profit by region and product line', 'zh-CN': '按区域与产品线的利润' },
      source: { dataset },
      groupBy: [
        { field: 'region', as: 'region' },
        { field: 'productLine', as: 'productLine' },
      ],
      measures: [
        { op: 'sum', field: 'invoiced', as: 'invoiced' },
        { op: 'sum', field: 'returned', as: 'returned' },
        { op: 'calc', expression: 'invoiced - returned', as: 'revenue' },
        { op: 'sum', field: 'stockValue', as: 'stockValue' },
        { op: 'calc', expression: '-stockValue', as: 'cost' },
        { op: 'calc', expression: 'revenue - cost', as: 'grossProfit' },
        { op: 'calc', expression: 'grossProfit * 100 / revenue', as: 'marginPercent', places: 1 },
      ],
      sort: [{ field: 'grossProfit', direction: 'desc' }],
      chart: { type: 'stacked', x: 'region', y: ['grossProfit'], series: 'productLine' },
    };
    const module = await admin.post(`/api/reports/${dataset}/run`, {});
    const columns = ['region', 'productLine', 'invoiced', 'returned', 'revenue', 'cost', 'grossProfit'];
    const pick = (rows: any[]) =>
      rows.map((r) => Object.fromEntries([...columns, 'marginPercent'].map((c) => [c, r[c]])));
    const preview = await admin.post('/api/reports/preview', { definition: draft });
    expect(preview.status, JSON.stringify(preview.body)).toBe(200);
    expect(pick(preview.body.rows)).toEqual(pick(module.body.rows));
    // by hand, East China's materials: 28.00 − 14.00 revenue against 14.00 − 7.00 cost
    expect(pick(preview.body.rows)).toContainEqual({
      region: 'East China',
      productLine: 'materials',
      invoiced: '28.00',
      returned: '14.00',
      revenue: '14.00',
      cost: '7.00',
      grossProfit: '7.00',
      marginPercent: '50.0',
    });
    const saved = await admin.post('/api/reports/saved', {
      name: 'profit',
      definition: draft,
      roles: ['manager'],
    });
    expect(saved.status, JSON.stringify(saved.body)).toBe(201);
    const run = await admin.post('/api/reports/saved-profit/run', {});
    expect(pick(run.body.rows)).toEqual(pick(module.body.rows));

    // Bad parts are refused at their paths; an unknown dataset is not found.
    const bad = await admin.post('/api/reports/preview', {
      definition: {
        ...draft,
        lookups: [{ field: 'nowhere', form: `${P}-customer`, key: 'id', value: 'data.name', as: 'x' }],
        measures: [...draft.measures, { op: 'calc', expression: 'grossProfit - freight', as: 'net' }],
      },
    });
    expect(bad.status).toBe(422);
    expect(bad.body.error.details.map((p: any) => p.path)).toEqual(['/definition/measures/7/expression']);
    const badLookup = await admin.post('/api/reports/preview', {
      definition: {
        ...draft,
        lookups: [{ field: 'nowhere', form: `${P}-customer`, key: 'id', value: 'data.name', as: 'x' }],
      },
    });
    expect(badLookup.status).toBe(422);
    expect(badLookup.body.error.details.map((p: any) => p.path)).toEqual(['/definition/lookups/0/field']);
    const unknown = await admin.post('/api/reports/preview', {
      definition: { ...draft, source: { dataset: `${P}-nothing` } },
    });
    expect(unknown.status).toBe(404);
  }, 60_000);

  it('at the reorder level: one draft requisition per item and an alert to purchasing', async () => {
    const user = (await admin.get('/api/users/chen.wei')).body;
    const given = await admin.patch('/api/users/chen.wei', {
      rev: user.rev,
      roles: [...user.roles, 'purchasing-manager'],
    });
    expect(given.status, JSON.stringify(given.body)).toBe(200);
    const item = (await admin.get('/api/records/inventory-item?limit=5')).body.items.find(
      (r: any) => r.data.code === 'PEN-BLUE',
    );
    const set = await admin.patch(`/api/records/inventory-item/${item.id}`, {
      rev: item.rev,
      data: { ...item.data, reorderLevel: 100, reorderQty: 50, safetyStock: 4, leadTimeDays: 30 },
    });
    expect(set.status, JSON.stringify(set.body)).toBe(200);
    // 7 on hand + 90 on order − 1 reserved = 96 projected, at or below 100
    await planned({ projected: '96', belowReorder: true } as any);
    const drafts = async () =>
      ((await admin.get(`/api/records/${P}-purchase-requisition?limit=20`)).body.items as any[]).filter(
        (r) => r.data.replenishes === 'PEN-BLUE',
      );
    for (let tick = 1; tick <= 2; tick++) {
      const run = await admin.post('/api/automations/inventory-replenish/run', {});
      expect(run.status, JSON.stringify(run.body)).toBe(200);
      await waitFor(
        async () =>
          (await admin.get(`/api/automations/inventory-replenish/runs/${run.body.id}`)).body.status ===
          'succeeded',
        20_000,
        `replenishment run ${tick}`,
      );
    }
    const made = await drafts();
    expect(made.map((r) => [r.docstatus, r.data.department, r.data.lines])).toEqual([
      [
        'draft',
        'operations',
        [expect.objectContaining({ item: 'PEN-BLUE', warehouse: 'main', qty: 50, unit: 'pc' })],
      ],
    ]);
    const manager = await t.client('chen.wei');
    const alerts = ((await manager.get('/api/notifications?limit=50')).body.items as any[]).filter((n) =>
      String(n.link ?? '').endsWith(made[0].id),
    );
    expect(alerts).toHaveLength(1);
    // The draft requisition counts as requested: 96 + 50 = 146 projected, above the level now.
    await planned({ requested: '50', projected: '146', belowReorder: false } as any);
    // An order made from it moves 30 of the 50 from requested to ordered: projected stays 146.
    await create(
      admin,
      'purchase-order',
      {
        supplier: ids.supplier,
        requisition: made[0].id,
        orderDate: '2026-06-20',
        lines: [{ item: 'PEN-BLUE', qty: 30, unit: 'pc', conversion: 1, rate: '9.50', vatRate: '13' }],
      },
      true,
    );
    await planned({ ordered: '120', requested: '20', projected: '146' });
    ids.requisition = made[0].id;
  }, 60_000);

  it('suggests a reorder level: sold a day × lead time + safety stock', async () => {
    const run = await admin.post('/api/reports/inventory-suggested-reorder-level/run', {
      params: { to: '2026-06-30' },
    });
    expect(run.status, JSON.stringify(run.body)).toBe(200);
    const pen = run.body.rows.find((r: any) => r.item === 'PEN-BLUE');
    // 5 delivered − 2 returned in the 90 days = 3; 3 / 90 × 30 days + 4 = 5
    expect([pen.consumed, pen.leadTime, pen.safetyStock, pen.suggested]).toEqual([
      '3.000',
      '30',
      '4.000',
      '5.000',
    ]);
  });

  it('service items are never requested, reserved, short or moved', async () => {
    const service = await admin.post('/api/records/inventory-item', {
      data: { code: 'INSTALL', name: 'Installation', group: 'services', kind: 'service', stockUnit: 'h' },
    });
    expect(service.status, JSON.stringify(service.body)).toBe(201);
    // A requisition with a service line requests only its stock line.
    const requisition = await create(admin, 'purchase-requisition', {
      title: 'Pens and their installation',
      department: 'operations',
      neededBy: '2026-07-01',
      lines: [
        { item: 'PEN-BLUE', qty: 5, warehouse: 'main', estimatedPrice: '9.50' },
        { item: 'INSTALL', qty: 3, warehouse: 'main', estimatedPrice: '80.00' },
      ],
    });
    await planned({ requested: '25' });
    const plans = await t.app.services.stock.plans.plans.find({ 'source.id': requisition.id });
    expect(plans.items.map((p) => [p.kind, p.item, p.qty])).toEqual([['requested', 'PEN-BLUE', '5']]);
    // A sales order with a service line is allocated in full (nothing short for the service).
    const order = await create(
      admin,
      'sales-order',
      {
        customer: ids.customer,
        orderDate: '2026-06-21',
        lines: [
          { item: 'PEN-BLUE', qty: 1, rate: '14.00', vatRate: '13' },
          { item: 'INSTALL', qty: 2, rate: '90.00', vatRate: '13' },
        ],
      },
      true,
    );
    let allocated: any;
    await waitFor(
      async () =>
        (allocated = (await admin.get(`/api/records/${P}-sales-order/${order.id}`)).body).data
          .allocationStatus,
      20_000,
      'the allocation',
    );
    expect([allocated.data.allocationStatus, allocated.data.shortLines]).toEqual(['allocated', []]);
    const reserved = await t.app.services.stock.plans.plans.find({ 'source.id': order.id });
    expect(reserved.items.map((p) => [p.kind, p.item])).toEqual([['reserved', 'PEN-BLUE']]);
    // Its delivery moves the pen out and no service: the posting is not refused for want of stock.
    const shipped = await create(
      admin,
      'delivery',
      {
        salesOrder: order.id,
        shippedOn: '2026-06-22',
        warehouse: 'main',
        lines: [
          { item: 'PEN-BLUE', qty: 1, batch: 'B1' },
          { item: 'INSTALL', qty: 2 },
        ],
      },
      true,
    );
    const entries = await until(5);
    expect(entries.slice(4).map((e) => [e.qty, e.source.id])).toEqual([['-1', shipped.id]]);
    expect((await admin.get('/api/stock/ledger?item=INSTALL')).body.items).toEqual([]);
    expect((await admin.get('/api/stock/balance?item=INSTALL')).body.items).toEqual([]);
  }, 60_000);

  it("traces a batch: its receipt's supplier, deliveries to the customer, a transfer, what is left where", async () => {
    const made: Record<string, string> = {};
    for (const [code, name] of [
      ['main', 'Main store'],
      ['shop', 'Shop floor'],
    ] as const) {
      const w = await admin.post('/api/records/inventory-warehouse', { data: { code, name, kind: 'store' } });
      expect(w.status, JSON.stringify(w.body)).toBe(201);
      made[code] = w.body.id;
    }
    const item = (await admin.get('/api/records/inventory-item?limit=5')).body.items.find(
      (r: any) => r.data.code === 'PEN-BLUE',
    );
    const moved = await admin.post('/api/records/inventory-stock-entry', {
      data: {
        purpose: 'transfer',
        postingDate: '2026-06-23',
        fromWarehouse: made.main,
        toWarehouse: made.shop,
        lines: [{ item: item.id, batch: 'B1', qty: 1 }],
      },
    });
    expect(moved.status, JSON.stringify(moved.body)).toBe(201);
    const submitted = await admin.post(`/api/records/inventory-stock-entry/${moved.body.id}/submit`, {
      rev: moved.body.rev,
    });
    expect(submitted.status, JSON.stringify(submitted.body)).toBe(200);
    await until(7);
    const trace = (await admin.get('/api/stock/trace?batch=B1&item=PEN-BLUE')).body;
    const row = (m: any) => [m.postingDate, m.warehouse, m.qty, m.document, m.formName?.en];
    // B1: 6 received, 5 + 1 delivered, 2 returned, 1 moved to the shop: 1 left in each store
    expect(trace.cameIn.map(row)).toEqual([
      [
        '2026-06-02',
        'main',
        '6',
        expect.stringMatching(/^GR-2026-\d{4} Ningbo Deli Stationery Co\.$/),
        'Goods receipt',
      ],
      ['2026-06-06', 'main', '2', expect.stringMatching(/ Hangzhou Office Mart$/), 'Sales return'],
      ['2026-06-23', 'shop', '1', expect.stringMatching(/^STE-2026-/), 'Stock entry'],
    ]);
    expect(trace.wentOut.map(row)).toEqual([
      ['2026-06-04', 'main', '-5', expect.stringMatching(/ Hangzhou Office Mart$/), 'Delivery'],
      ['2026-06-22', 'main', '-1', expect.stringMatching(/ Hangzhou Office Mart$/), 'Delivery'],
      ['2026-06-23', 'main', '-1', expect.stringMatching(/^STE-2026-/), 'Stock entry'],
    ]);
    expect(trace.onHand).toEqual([
      { item: 'PEN-BLUE', warehouse: 'main', qty: '1' },
      { item: 'PEN-BLUE', warehouse: 'shop', qty: '1' },
    ]);
    // B2 never left the main store; an unknown batch has no trace; the batch code is required
    const b2 = (await admin.get('/api/stock/trace?batch=B2')).body;
    expect([b2.cameIn.length, b2.wentOut.length, b2.onHand]).toEqual([
      1,
      0,
      [{ item: 'PEN-BLUE', warehouse: 'main', qty: '4' }],
    ]);
    expect((await admin.get('/api/stock/trace?batch=NOPE')).body).toEqual({
      batch: 'NOPE',
      cameIn: [],
      wentOut: [],
      onHand: [],
    });
    const refused = await admin.get('/api/stock/trace');
    expect([refused.status, refused.body.error.code]).toEqual([400, 'VALIDATION_FAILED']);
  }, 60_000);
});
