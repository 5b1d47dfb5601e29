import { describe, expect, it } from 'vitest';
import { checkStockPosting, postingId } from '#engine/core/stock/posting.ts';

describe('stock posting input', () => {
  it('normalises lines: decimals as text, FEEL numbers taken by their text, time of day', () => {
    const r = checkStockPosting({
      source: { form: 'inventory-stock-entry', id: 'ste-1', kind: 'stock-entry' },
      postingDate: '2026-05-04T09:30:00Z',
      lines: [
        { item: 'BOLT', warehouse: 'A', qty: 2.5, rate: '12.50', valuationMethod: 'moving-average' },
        { item: 'BOLT', warehouse: 'A', qty: '-1.000' },
        { item: 'BOLT', warehouse: 'B', qty: 1, from: 2 },
        { item: 'BOLT', warehouse: 'C', targetQty: 0 },
      ],
    });
    expect('posting' in r && r.posting).toMatchObject({
      id: postingId({ form: 'inventory-stock-entry', id: 'ste-1', kind: 'stock-entry' }),
      postingDate: '2026-05-04',
      postingTime: '09:30:00',
      allowNegative: false,
      lines: [
        { no: 1, qty: '2.5', incomingRate: '12.5', method: 'moving-average' },
        { no: 2, qty: '-1', method: 'fifo' },
        { no: 3, qty: '1', from: 2 },
        { no: 4, qty: '0', targetQty: '0' },
      ],
    });
  });

  it('reports every problem at its path', () => {
    const r = checkStockPosting({
      source: { id: '' },
      postingDate: '2026-02-30x',
      postingTime: '25:00',
      lines: [
        { item: 'A', warehouse: 'W', qty: 0 },
        { item: 'A', warehouse: 'W', qty: 3 },
        { item: 'A', qty: '-1', valuationMethod: 'lifo' },
        { item: 'A', warehouse: 'W', qty: 1, from: 2 },
        { item: 'A', warehouse: 'W', targetQty: -1 },
      ],
    });
    expect('problems' in r && r.problems.map((p) => p.path)).toEqual([
      '/source/id',
      '/postingDate',
      '/postingTime',
      '/lines/0/qty',
      '/lines/1/rate',
      '/lines/2/warehouse',
      '/lines/2/valuationMethod',
      '/lines/3/from',
      '/lines/4/targetQty',
    ]);
  });
});
