// The quantity ledger in both run modes: entries posted once per source, party and item; the
// balance is the sum of the entries (half days exact); a floor refuses taking more than the
// balance; a bad entry is refused with every problem at its pointer; cancelling the source
// reverses its entries, the originals kept and marked.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QuantityPostings } from '#engine/services/quantities/quantity-postings.ts';
import { MODES, openPlatform, type PlatformHarness } from '../modules/support.ts';

describe.each(MODES)('quantity ledger (%s)', (mode) => {
  let h: PlatformHarness;
  beforeAll(async () => {
    h = await openPlatform(mode, { demo: false });
  });
  afterAll(() => h.close());

  const leave = (id: string, quantity: string, kind = 'leave') => ({
    book: 'test-leave',
    party: 'zheng.xin',
    item: 'annual',
    quantity,
    date: '2026-04-02',
    source: { form: 'test-leave-request', id, kind },
  });
  const balance = () =>
    h.platform.quantities.balance({ book: 'test-leave', party: 'zheng.xin', item: 'annual' });

  it('posts once per source and sums the entries exactly', async () => {
    const q = h.platform.quantities;
    const first = await q.post(leave('alloc-1', '5', 'allocation'), { by: 'test' });
    expect([first.duplicate, first.balance, first.entry.quantity, first.entry.year]).toEqual([
      false,
      '5',
      '5',
      '2026',
    ]);
    const again = await q.post(leave('alloc-1', '5', 'allocation'), { by: 'test' });
    expect([again.duplicate, again.entry.id]).toEqual([true, first.entry.id]);
    await q.post(leave('half-1', '-0.5'), { by: 'test' });
    await q.post(leave('tenth', '0.1', 'accrual'), { by: 'test' });
    await q.post(leave('tenth', '0.2', 'accrual:2'), { by: 'test' });
    expect(await balance()).toBe('4.8'); // 5 − 0.5 + 0.1 + 0.2, not 4.800000000000001
  });

  it('refuses to take more than the balance when asked for a floor, and never an addition', async () => {
    const q = h.platform.quantities;
    await expect(q.post(leave('big', '-5'), { by: 'test', floor: '0' })).rejects.toMatchObject({
      status: 422,
      code: 'QUANTITY_INSUFFICIENT',
      message: 'The balance is 4.8; 5 cannot be taken from it',
      messageZh: '余额为 4.8，不能扣减 5',
    });
    expect(await balance()).toBe('4.8');
    const taken = await q.post(leave('fits', '-4.8'), { by: 'test', floor: '0' });
    expect(taken.balance).toBe('0');
    const added = await q.post(leave('more', '1', 'allocation'), { by: 'test', floor: '0' });
    expect(added.balance).toBe('1');
  });

  it('refuses a bad entry with every problem at its pointer', async () => {
    await expect(
      h.platform.quantities.post(
        {
          book: 'Bad Book',
          party: '',
          item: 'annual',
          quantity: '0.12345',
          date: '2026-13-01',
          source: { id: '' },
        },
        { by: 'test' },
      ),
    ).rejects.toMatchObject({
      status: 422,
      code: 'QUANTITY_ENTRY_INVALID',
      details: ['/book', '/party', '/quantity', '/date', '/source/id'].map((path) =>
        expect.objectContaining({ path }),
      ),
    });
  });

  it('reverses what a cancelled source posted, once, keeping the originals', async () => {
    const postings = new QuantityPostings(h.platform.quantities);
    const source = { form: 'test-leave-request', id: 'fits' };
    const reversed = await postings.reverse(source, { date: '2026-04-10', by: 'test', reason: 'cancelled' });
    expect(reversed.map((p) => [p.kind, p.amount])).toEqual([['reversal:leave', '4.8']]);
    expect(await postings.reverse(source, { date: '2026-04-10', by: 'test', reason: 'again' })).toEqual([]);
    const listed = await postings.postings(source);
    expect(listed.map((p) => [p.kind, p.amount, !!p.reversedBy, !!p.reverses])).toEqual([
      ['leave', '-4.8', true, false],
      ['reversal:leave', '4.8', false, true],
    ]);
    expect(await balance()).toBe('5.8');
  });
});
