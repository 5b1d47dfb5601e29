// The stock ledger end to end in both run modes: inventory stock entries submitted through the
// records API are posted by the module's automation with `stock.post` (valued, with their value in
// the general ledger), a back-dated receipt re-values later issues (and their cost vouchers),
// concurrent issues of the last units never take the stock below zero, cancelling reverses, and
// the ledger's value equals both the bins and the stock account.
/* eslint-disable @typescript-eslint/no-explicit-any -- replies are JSON that tests read freely */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MODES, startApp, type Client, type TestApp } from '#tests/support/app-harness.ts';

const ENTRIES = '/api/records/inventory-stock-entry';
// Without a chart (finance is not installed here: installing it costs more than this whole file).
const ACCOUNTS = { stock: '1405', offset: '5401' };

async function until<T>(what: () => Promise<T>, ok: (v: T) => boolean, ms = 15_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await what();
    if (ok(v) || Date.now() > end) return v;
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe.each(MODES)('stock ledger (%s)', (mode) => {
  let t: TestApp;
  let admin: Client;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    t = await startApp(mode, {
      platform: { workers: true, sweepEveryMs: 0, automationRetryBackoffMs: 20, flowRetryBackoffMs: 20 },
    });
    admin = await t.client('admin');
    const installed = await admin.post('/api/modules/inventory/install', { enable: true });
    expect(installed.status, JSON.stringify(installed.body)).toBe(200);
    const settings = (await admin.get('/api/modules/inventory')).body.settings;
    const configured = await admin.put('/api/modules/inventory/settings', {
      settings: { ...settings, postToLedger: true, chart: '' },
    });
    expect(configured.status, JSON.stringify(configured.body)).toBe(200);
    const make = async (form: string, key: string, data: Record<string, unknown>) => {
      const res = await admin.post(`/api/records/${form}`, { data });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      ids[key] = res.body.id;
    };
    await make('inventory-warehouse', 'A', { code: 'A', name: 'Store A', kind: 'store' });
    await make('inventory-warehouse', 'B', { code: 'B', name: 'Store B', kind: 'store' });
    await make('inventory-item', 'bolt', {
      code: 'BOLT',
      name: 'Bolt',
      group: 'materials',
      kind: 'stock',
      stockUnit: 'pcs',
      valuationMethod: 'fifo',
    });
  }, 120_000);
  afterAll(() => t?.close());

  const ledger = async (item: string) =>
    (await admin.get(`/api/stock/ledger?item=${item}`)).body.items as any[];
  const balance = async (item: string) =>
    (await admin.get(`/api/stock/balance?item=${item}`)).body.items as any[];
  const submitEntry = async (data: Record<string, unknown>) => {
    const made = await admin.post(ENTRIES, { data });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    const submitted = await admin.post(`${ENTRIES}/${made.body.id}/submit`, { rev: made.body.rev });
    expect(submitted.status, JSON.stringify(submitted.body)).toBe(200);
    return made.body.id as string;
  };
  const line = (qty: number, rate?: string) => ({ item: ids.bolt, qty, ...(rate ? { rate } : {}) });

  it('receipt → transfer → issue: stock entries move stock at their valuation', async () => {
    await submitEntry({
      purpose: 'receipt',
      postingDate: '2026-05-04',
      toWarehouse: ids.A,
      lines: [line(10, '12.00')],
    });
    await until(
      () => ledger('BOLT'),
      (e) => e.length === 1,
    );
    const transfer = await submitEntry({
      purpose: 'transfer',
      postingDate: '2026-05-05',
      fromWarehouse: ids.A,
      toWarehouse: ids.B,
      lines: [line(4)],
    });
    await until(
      () => ledger('BOLT'),
      (e) => e.length === 3,
    );
    ids.issue = await submitEntry({
      purpose: 'issue',
      postingDate: '2026-05-06',
      fromWarehouse: ids.B,
      lines: [line(3)],
    });
    const entries = await until(
      () => ledger('BOLT'),
      (e) => e.length === 4,
    );
    expect(entries.map((e) => [e.warehouse, e.qty, e.rate, e.valueChange, e.qtyAfter])).toEqual([
      ['A', '10', '12', '120.00', '10'],
      ['A', '-4', '12', '-48.00', '6'],
      ['B', '4', '12', '48.00', '4'],
      ['B', '-3', '12', '-36.00', '1'],
    ]);
    // The bin follows its entry (written right after it): wait for the issue's.
    const bins = await until(
      () => balance('BOLT'),
      (b) => b.find((x) => x.warehouse === 'B')?.qty === '1',
    );
    expect(bins.map((b) => [b.warehouse, b.qty, b.value])).toEqual([
      ['A', '6', '72.00'],
      ['B', '1', '12.00'],
    ]);
    // The automation wrote the value moved back onto the (submitted) document.
    const done = await until(
      () => admin.get(`${ENTRIES}/${transfer}`),
      (r) => r.body.data.totalValue !== undefined,
    );
    expect(done.body.data.totalValue).toBe('0.00');
    const postings = (await admin.get(`${ENTRIES}/${ids.issue}/postings`)).body.items as any[];
    expect(postings.map((p) => [p.ledger, p.kind, p.amount])).toEqual(
      expect.arrayContaining([
        ['stock-ledger', 'stock-entry', '-36.00'],
        ['general-ledger', 'stock:stock-entry', '36.00'],
      ]),
    );
  });

  it('a back-dated receipt re-values later issues, and their cost vouchers follow', async () => {
    const { stock } = t.app.services;
    const post = (id: string, postingDate: string, lines: any[]) =>
      stock.post({ source: { form: 'test', id }, postingDate, lines, accounts: ACCOUNTS }, { by: 'test' });
    const ma = { item: 'NUT', warehouse: 'A', valuationMethod: 'moving-average' };
    await post('r1', '2026-06-01', [{ ...ma, qty: '10', rate: '10' }]);
    const issued = await post('i1', '2026-06-10', [{ ...ma, qty: '-5' }]);
    expect(issued.lines[0]).toMatchObject({ rate: '10', valueChange: '-50.00' });
    await post('r0', '2026-06-05', [{ ...ma, qty: '10', rate: '13' }]);
    const entries = await ledger('NUT');
    // (10 × 10 + 10 × 13) / 20 = 11.5 at the issue
    expect(entries.map((e) => [e.source.id, e.rate, e.valueChange, e.qtyAfter, e.valueAfter])).toEqual([
      ['r1', '10', '100.00', '10', '100.00'],
      ['r0', '13', '130.00', '20', '230.00'],
      ['i1', '11.5', '-57.50', '15', '172.50'],
    ]);
    // The issue's voucher (50.00) got an adjustment of 7.50 on the same accounts.
    const vouchers = (await admin.get('/api/ledger/vouchers?sourceId=i1')).body.items as any[];
    expect(vouchers.map((v) => [v.source.kind.split(':')[0], v.totalDebit]).sort()).toEqual([
      ['stock', '50.00'],
      ['stock-revaluation', '7.50'],
    ]);
    // Posting the same source again changes nothing.
    expect((await post('i1', '2026-06-10', [{ ...ma, qty: '-5' }])).duplicate).toBe(true);
  });

  it('concurrent issues of the last units never take the stock below zero', async () => {
    const postLast = (id: string, postingDate: string, qty: string, rate?: string) =>
      t.app.services.stock.post(
        {
          source: { form: 'test', id },
          postingDate,
          lines: [{ item: 'LAST', warehouse: 'A', qty, ...(rate ? { rate } : {}) }],
        },
        { by: 'test' },
      );
    await postLast('c-in', '2026-07-01', '5', '2');
    const results = await Promise.allSettled(
      Array.from({ length: 5 }, (_, i) => postLast(`c-out-${i}`, '2026-07-02', '-2')),
    );
    const refused = results.filter((r) => r.status === 'rejected').map((r) => (r as any).reason);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(2);
    expect(refused.map((e) => e.code)).toEqual(['NEGATIVE_STOCK', 'NEGATIVE_STOCK', 'NEGATIVE_STOCK']);
    expect(refused[0].message).toMatch(/LAST in A on 2026-07-02: 1 available, 2 requested/);
    const live = (await ledger('LAST')).filter((e) => !e.reverses);
    expect(live.every((e) => Number(e.qtyAfter) >= 0)).toBe(true);
    expect((await balance('LAST'))[0]).toMatchObject({ qty: '1', value: '2.00' });
    // A refused posting may be tried again once there is stock: it posts then.
    await postLast('c-in-2', '2026-07-03', '1', '2');
    const again = results.findIndex((r) => r.status === 'rejected');
    const retried = await postLast(`c-out-${again}`, '2026-07-03', '-2');
    expect(retried.lines[0]?.qtyAfter).toBe('0');
  });

  const actionContext = () => ({
    instanceId: 'i',
    processId: 'p',
    processVersion: 0,
    elementId: 'e',
    tokenId: 't',
    idempotencyKey: 'k',
    variables: {},
    headers: {},
    attempt: 0,
    attempts: 1,
    store: t.store,
    clock: t.app.services.clock,
  });

  it('a bad line and a short issue are 4xx errors naming the line', async () => {
    const action = t.platform.actions.get('stock.post')!;
    const ctx = actionContext();
    const bad = await action
      .run({
        ...ctx,
        input: { source: { id: 'bad' }, postingDate: '2026-13-01', lines: [{ item: 'X', qty: '1' }] },
      })
      .catch((e: any) => e);
    expect(bad.code).toBe('STOCK_POSTING_INVALID');
    expect(bad.variables.errorDetails.map((d: any) => d.path).sort()).toEqual([
      '/lines/0/rate',
      '/lines/0/warehouse',
      '/postingDate',
    ]);
    const short = await action
      .run({
        ...ctx,
        input: {
          source: { id: 'short' },
          date: '2026-07-05',
          lines: [{ item: 'BOLT', warehouse: 'B', qty: -2 }],
        },
      })
      .catch((e: any) => e);
    expect([short.code, short.message]).toEqual([
      'NEGATIVE_STOCK',
      'Not enough stock of BOLT in B on 2026-07-05: 1 available, 2 requested',
    ]);
  });

  it('cancelling reverses the stock and its value; a receipt already used cannot be cancelled', async () => {
    const row = (await admin.get(`${ENTRIES}/${ids.issue}`)).body;
    const cancelled = await admin.post(`${ENTRIES}/${ids.issue}/cancel`, {
      rev: row.rev,
      reason: 'Wrong store',
    });
    expect(cancelled.status, JSON.stringify(cancelled.body)).toBe(200);
    const bins = await until(
      () => balance('BOLT'),
      (b) => b.find((x) => x.warehouse === 'B')?.qty === '4',
    );
    expect(bins.map((b) => [b.warehouse, b.qty, b.value])).toEqual([
      ['A', '6', '72.00'],
      ['B', '4', '48.00'],
    ]);
    const reversal = (await ledger('BOLT')).find((e) => e.reverses);
    expect([reversal?.qty, reversal?.valueChange]).toEqual(['3', '36.00']);
    // The first receipt's units were transferred on: taking it back would go below zero.
    const receipt = (await admin.get(`${ENTRIES}?limit=50`)).body.items.find(
      (r: any) => r.data.purpose === 'receipt',
    );
    const refused = await admin.post(`${ENTRIES}/${receipt.id}/cancel`, { rev: receipt.rev, reason: 'x' });
    expect([refused.status, refused.body.error.code]).toEqual([409, 'REVERSAL_REFUSED']);
    expect(refused.body.error.details[0].message).toMatch(
      /BOLT in A: only 6 of the 10 received is still in stock/,
    );
  });

  it('a stock count posts the difference to what it counted, at the current rate', async () => {
    const made = await admin.post('/api/records/inventory-stock-count', {
      data: { warehouse: ids.A, countDate: '2026-07-31', lines: [{ item: ids.bolt, countedQty: 5 }] },
    });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    const submitted = await admin.post(`/api/records/inventory-stock-count/${made.body.id}/submit`, {
      rev: made.body.rev,
    });
    expect(submitted.status, JSON.stringify(submitted.body)).toBe(200);
    const counted = await until(
      () => admin.get(`/api/records/inventory-stock-count/${made.body.id}`),
      (r) => r.body.data.totalValue !== undefined,
    );
    expect(counted.body.data.totalValue).toBe('-12.00');
    expect((await balance('BOLT')).map((b) => [b.warehouse, b.qty, b.value])).toEqual([
      ['A', '5', '60.00'],
      ['B', '4', '48.00'],
    ]);
  });

  it('projected qty, allocation batch by batch (partly when short) and the stock reports', async () => {
    const run = (name: string, input: Record<string, unknown>) =>
      t.platform.actions.get(name)!.run({ ...actionContext(), input }) as Promise<any>;
    await run('stock.levels', { item: 'BOLT', safetyStock: 5, reorderLevel: 10, reorderQty: 20 });
    await run('stock.plan', {
      source: { form: 'po', id: 'po-1' },
      kind: 'ordered',
      lines: [{ item: 'BOLT', warehouse: 'A', qty: 5 }],
    });
    const first = await run('stock.reserve', {
      source: { form: 'so', id: 'so-1' },
      lines: [{ item: 'BOLT', warehouse: 'A', qty: 4 }],
    });
    expect(first).toMatchObject({ short: false, lines: [{ reserved: '4', short: '0' }] });
    // Only 1 is free in A now: the second order gets it and is short by 2.
    const second = await run('stock.reserve', {
      source: { form: 'so', id: 'so-2' },
      lines: [{ item: 'BOLT', warehouse: 'A', qty: 3 }],
    });
    expect(second).toMatchObject({ short: true, lines: [{ reserved: '1', short: '2' }] });
    const a = (await balance('BOLT')).find((b) => b.warehouse === 'A');
    // 5 on hand + 5 ordered − 5 reserved
    expect([a.reserved, a.projected, a.belowSafety, a.belowReorder]).toEqual(['5', '5', false, true]);
    await run('stock.unreserve', { source: { form: 'so', id: 'so-2' } });
    expect((await balance('BOLT')).find((b) => b.warehouse === 'A')).toMatchObject({
      reserved: '4',
      projected: '6',
    });
    // Batches: in the order given (first to expire first).
    await t.app.services.stock.post(
      {
        source: { form: 'test', id: 'g-in' },
        postingDate: '2026-08-01',
        lines: [
          { item: 'GLUE', warehouse: 'A', batch: 'G1', qty: '2', rate: '1' },
          { item: 'GLUE', warehouse: 'A', batch: 'G2', qty: '3', rate: '1' },
        ],
      },
      { by: 'test' },
    );
    const glue = await run('stock.reserve', {
      source: { form: 'so', id: 'so-3' },
      lines: [{ item: 'GLUE', warehouse: 'A', qty: 4, batches: ['G2', 'G1'] }],
    });
    expect(glue.lines[0].batches).toEqual([
      { batch: 'G2', qty: '3' },
      { batch: 'G1', qty: '1' },
    ]);
    const report = await admin.post('/api/reports/inventory-stock-balance/run', { params: { item: 'BOLT' } });
    expect(report.status, JSON.stringify(report.body)).toBe(200);
    expect(report.body.rows.map((r: any) => [r.warehouse, r.qty, r.value, r.projected])).toEqual([
      ['A', '5.000', '60.00', '6.000'],
      ['B', '4.000', '48.00', '4.000'],
    ]);
    await run('stock.levels', { item: 'BOLT', safetyStock: 6 });
    const below = await admin.post('/api/reports/inventory-below-safety-stock/run', { params: {} });
    expect(below.body.rows.map((r: any) => [r.item, r.warehouse, r.short])).toEqual([
      ['BOLT', 'B', '2.000'],
      ['BOLT', 'A', '1.000'],
    ]);
  });

  it("the ledger's value equals the bins (rebuilt from the ledger) and the stock account", async () => {
    for (const item of ['BOLT', 'NUT', 'LAST', 'GLUE']) {
      for (const bin of await balance(item)) {
        const rebuilt = await admin.post('/api/stock/bins/rebuild', { item, warehouse: bin.warehouse });
        expect([rebuilt.body.qty, rebuilt.body.value]).toEqual([bin.qty, bin.value]);
        const entries = (await ledger(item)).filter((e) => e.warehouse === bin.warehouse);
        const reversed = new Set(entries.map((e) => e.reverses));
        const last = entries.filter((e) => !e.reverses && !reversed.has(e.id)).at(-1);
        expect(bin.value).toBe(last.valueAfter);
      }
    }
    const check = await admin.get('/api/stock/valuation-check?account=1405');
    // BOLT 60.00 + 48.00 (after the count), NUT 172.50 (its issue re-valued); LAST (posted without
    // accounts) is gone.
    // GLUE (5.00) was posted without accounts: the check shows it.
    expect(check.body).toEqual({ stockValue: '285.50', accountBalance: '280.50', difference: '5.00' });
  });
});
