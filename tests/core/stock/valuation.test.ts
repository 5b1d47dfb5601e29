import { describe, expect, it } from 'vitest';
import { availableFor, valueChain, type ChainEntry } from '#engine/core/stock/chain.ts';
import { EMPTY_STATE, value, type StockState, type ValuationMethod } from '#engine/core/stock/valuation.ts';

/** Runs movements one after another; returns every step's valuation. */
function run(method: ValuationMethod, moves: Array<[qty: string, rate?: string]>) {
  let state: StockState = EMPTY_STATE;
  return moves.map(([qty, rate]) => {
    const v = value(state, { qty, ...(rate ? { rate } : {}) }, method);
    state = v.after;
    return v;
  });
}

describe('moving average', () => {
  it('averages incoming rates and issues at the average (hand-computed)', () => {
    const [a, b, c, d] = run('moving-average', [['10', '5'], ['10', '8'], ['-5'], ['-15']]);
    expect(a!.after).toMatchObject({ qty: '10', value: '50.00', rate: '5' });
    // (10 × 5 + 10 × 8) / 20 = 6.5
    expect(b!.after).toMatchObject({ qty: '20', value: '130.00', rate: '6.5' });
    expect(c).toMatchObject({ rate: '6.5', valueChange: '-32.50', after: { qty: '15', value: '97.50' } });
    // The last units take the whole remaining value.
    expect(d).toMatchObject({ valueChange: '-97.50', after: { qty: '0', value: '0.00' } });
  });

  it('rounds value changes to the cent and keeps the value the exact sum of them', () => {
    const steps = run('moving-average', [['3', '10'], ['1', '11'], ['2', '10.01'], ['-1'], ['-5']]);
    // (30 + 11) / 4 = 10.25; (41 + 20.02) / 6 = 10.17
    expect(steps[2]!.after).toMatchObject({ qty: '6', value: '61.02', rate: '10.17' });
    expect(steps[3]!.valueChange).toBe('-10.17');
    expect(steps[4]!.valueChange).toBe('-50.85');
    const sum = steps.reduce((s, v) => s + Math.round(Number(v.valueChange) * 100), 0);
    expect(sum).toBe(0);
  });

  it('restarts at the incoming rate when the stock was below zero', () => {
    const [, , out, back] = run('moving-average', [['2', '6.5'], ['-2'], ['-3'], ['10', '7']]);
    expect(out).toMatchObject({ valueChange: '-19.50', after: { qty: '-3', value: '-19.50' } });
    // 7 units at 7, not ((−3 × 6.5) + 10 × 7) / 7
    expect(back).toMatchObject({ valueChange: '68.50', after: { qty: '7', value: '49.00', rate: '7' } });
  });
});

describe('FIFO', () => {
  it('consumes the oldest layers first (hand-computed)', () => {
    const [, , out] = run('fifo', [['10', '5'], ['10', '8'], ['-15']]);
    // 10 × 5 + 5 × 8 = 90
    expect(out).toMatchObject({
      rate: '6',
      valueChange: '-90.00',
      after: { qty: '5', value: '40.00', queue: [{ qty: '5', rate: '8' }] },
    });
  });

  it('issued short, the missing qty is a negative layer the next receipt fills first', () => {
    const [, out, back] = run('fifo', [['5', '8'], ['-7'], ['10', '9']]);
    expect(out).toMatchObject({
      valueChange: '-56.00',
      after: { qty: '-2', queue: [{ qty: '-2', rate: '8' }] },
    });
    expect(back!.after).toMatchObject({ qty: '8', value: '72.00', queue: [{ qty: '8', rate: '9' }] });
  });
});

const entry = (
  id: string,
  seq: number,
  postingDate: string,
  qty: string,
  extra: Partial<ChainEntry> = {},
) => ({
  id,
  seq,
  postingDate,
  qty,
  ...extra,
});

describe('the chain of an item in a warehouse', () => {
  it('a back-dated receipt re-values a later issue (moving average)', () => {
    const chain = [
      entry('r1', 1, '2026-06-01', '10', { incomingRate: '10' }),
      entry('i1', 2, '2026-06-10', '-5'),
    ];
    expect(valueChain(chain, 'moving-average').valued.get('i1')?.valueChange).toBe('-50.00');
    const backDated = [...chain, entry('r2', 3, '2026-06-05', '10', { incomingRate: '13' })];
    const v = valueChain(backDated, 'moving-average');
    // (100 + 130) / 20 = 11.5 at the issue
    expect(v.valued.get('i1')).toMatchObject({ rate: '11.5', valueChange: '-57.50', qtyAfter: '15' });
    expect(v.state).toMatchObject({ qty: '15', value: '172.50' });
  });

  it('a back-dated receipt becomes the oldest FIFO layer', () => {
    const chain = [
      entry('r1', 1, '2026-06-01', '10', { incomingRate: '10' }),
      entry('i1', 2, '2026-06-10', '-10'),
      entry('r0', 3, '2026-05-25', '5', { incomingRate: '20' }),
    ];
    // 5 × 20 + 5 × 10
    expect(valueChain(chain, 'fifo').valued.get('i1')?.valueChange).toBe('-150.00');
  });

  it('orders equal dates by time, then by storage order', () => {
    const chain = [
      entry('late', 1, '2026-06-01', '-1', { postingTime: '15:00:00' }),
      entry('early', 2, '2026-06-01', '1', { postingTime: '09:00:00', incomingRate: '4' }),
    ];
    expect(valueChain(chain, 'fifo').negative).toBeNull();
  });

  it('finds where a back-dated issue takes a later point below zero, and what it could take', () => {
    const chain = [
      entry('r1', 1, '2026-06-01', '5', { incomingRate: '1' }),
      entry('i1', 2, '2026-06-10', '-3'),
    ];
    const issue = entry('i2', 3, '2026-06-05', '-4');
    const v = valueChain([...chain, issue], 'fifo');
    expect(v.negative).toMatchObject({ entryId: 'i1', qtyAfter: '-2' });
    expect(availableFor([...chain, issue], issue)).toBe('2');
  });

  it('a batch cannot go below zero even when the item has stock', () => {
    const chain = [
      entry('a', 1, '2026-06-01', '5', { incomingRate: '1', batch: 'A' }),
      entry('b', 2, '2026-06-01', '5', { incomingRate: '1', batch: 'B' }),
      entry('out', 3, '2026-06-02', '-6', { batch: 'A' }),
    ];
    const v = valueChain(chain, 'fifo');
    expect(v.negative).toMatchObject({ entryId: 'out', batch: 'A', qtyAfter: '-1' });
    expect(availableFor(chain, chain[2]!)).toBe('5');
  });

  it('leaves a cancelled entry and its reversal out of the valuation', () => {
    const chain = [
      entry('r1', 1, '2026-06-01', '10', { incomingRate: '10' }),
      entry('r2', 2, '2026-06-02', '10', { incomingRate: '20', excluded: true }),
      entry('i1', 3, '2026-06-03', '-5'),
      entry('r2.r', 4, '2026-06-02', '-10', { excluded: true }),
    ];
    const v = valueChain(chain, 'moving-average');
    expect(v.valued.get('i1')?.valueChange).toBe('-50.00');
    expect(v.valued.has('r2')).toBe(false);
    expect(v.state).toMatchObject({ qty: '5', value: '50.00' });
  });
});
