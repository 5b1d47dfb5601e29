import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkVoucher, voucherId, type VoucherInput } from '#engine/core/ledger/voucher.ts';

const voucher = (lines: VoucherInput['lines'], extra: Partial<VoucherInput> = {}): VoucherInput => ({
  date: '2026-03-09',
  source: { form: 'claims', id: 'c-1', kind: 'approval' },
  lines,
  ...extra,
});

describe('vouchers', () => {
  it('accepts balanced lines and normalises them (decimal strings, balance = debit − credit)', () => {
    const r = checkVoucher(
      voucher([
        { account: '5602.01', debit: '4200.1', department: 'ops', category: 'travel' },
        { account: '5602.02', debit: 1300.4 },
        { account: '2241.01', credit: '5500.50', partner: 'zheng.xin' },
      ]),
    );
    if (!('voucher' in r)) throw new Error(JSON.stringify(r.problems));
    expect(r.voucher.period).toBe('2026-03');
    expect(r.voucher.book).toBe('actual');
    expect(r.voucher.totalDebit).toBe('5500.50');
    expect(r.voucher.totalCredit).toBe('5500.50');
    expect(r.voucher.lines.map((l) => [l.account, l.debit, l.credit, l.balance])).toEqual([
      ['5602.01', '4200.10', '0.00', '4200.10'],
      ['5602.02', '1300.40', '0.00', '1300.40'],
      ['2241.01', '0.00', '5500.50', '-5500.50'],
    ]);
    expect(r.voucher.lines[0]).toMatchObject({ department: 'ops', category: 'travel' });
  });

  it('rejects a voucher that is off by one cent, with both totals in the message', () => {
    const r = checkVoucher(
      voucher([
        { account: '1002', debit: '100.00' },
        { account: '3001', credit: '99.99' },
      ]),
    );
    expect('problems' in r && r.problems).toEqual([
      expect.objectContaining({
        path: '/lines',
        message: 'debits (100.00) and credits (99.99) do not balance',
      }),
    ]);
  });

  it('names every bad part of the input', () => {
    const r = checkVoucher({
      date: '2026-13-01',
      source: { id: '' },
      lines: [
        { account: 'bad account', debit: '-5' },
        { account: '1002', debit: '1.005' },
        { account: '1002', debit: '1.00', credit: '1.00' },
        { account: '1002' },
      ],
    } as VoucherInput);
    expect('problems' in r && r.problems.map((p) => p.path)).toEqual([
      '/date',
      '/source/id',
      '/lines/0/account',
      '/lines/0/debit',
      '/lines/1/debit',
      '/lines/2',
      '/lines/3',
    ]);
    expect('problems' in checkVoucher(voucher([{ account: '1002', debit: '1' }]))).toBe(true);
  });

  it('derives the same id from the same source document, another from another kind', () => {
    const a = voucherId('actual', { form: 'claims', id: 'c-1', kind: 'approval' });
    expect(voucherId('actual', { form: 'claims', id: 'c-1', kind: 'approval' })).toBe(a);
    expect(voucherId('actual', { form: 'claims', id: 'c-1', kind: 'payment' })).not.toBe(a);
    expect(voucherId('budget', { form: 'claims', id: 'c-1', kind: 'approval' })).not.toBe(a);
    expect(a).toMatch(/^v-[0-9a-f]{32}$/);
  });

  it('balances to the cent whatever the amounts (never a float error)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 10_000_000_00 }), { minLength: 1, maxLength: 30 }),
        (cents) => {
          const text = (c: number) => `${Math.floor(c / 100)}.${String(c % 100).padStart(2, '0')}`;
          const total = cents.reduce((a, b) => a + b, 0);
          const r = checkVoucher(
            voucher([
              ...cents.map((c) => ({ account: '5602.01', debit: text(c) })),
              { account: '2241.01', credit: text(total) },
            ]),
          );
          return (
            'voucher' in r && r.voucher.totalDebit === text(total) && r.voucher.totalCredit === text(total)
          );
        },
      ),
      { numRuns: 200 },
    );
  });
});
