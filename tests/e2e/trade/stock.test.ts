// Purchasing and sales with the inventory module, in both run modes (finance left out: it costs
// more than this file): a submitted goods receipt brings its batches into stock at the order's net
// price, a submitted delivery takes them out at their valuation (FIFO across batches), each
// through stock.post once per document, and the stock balance is what the ledger says.
/* eslint-disable @typescript-eslint/no-explicit-any -- replies are JSON that tests read freely */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MODES, startApp, type Client, type TestApp } from '../../support/app-harness.ts';
import { waitFor } from '../../support/wait-for.ts';
import { P, create } from './trade-app.ts';

describe.each(MODES)('purchasing and sales move stock when inventory is enabled (%s)', (mode) => {
  let t: TestApp;
  let admin: Client;
  const ids: Record<string, string> = {};

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

  it('a delivery takes them out at their valuation, once per document', async () => {
    const order = await create(
      admin,
      'sales-order',
      {
        customer: ids.customer,
        orderDate: '2026-06-03',
        lines: [{ item: 'PEN-BLUE', qty: 5, rate: '14.00', vatRate: '13' }],
      },
      true,
    );
    const delivery = await create(
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
});
