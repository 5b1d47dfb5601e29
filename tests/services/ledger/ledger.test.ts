// The ledger and bank reconciliation in both run modes: balanced vouchers posted once per source
// document, refused when unbalanced, on an unknown account, twice for one business reference, or
// in a closed period; statement lines matched automatically (amount, date window, reference) or
// by hand, unmatched, and reported per account and period.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FormDefinition } from '#schemas/generated/index.ts';
import { systemActor } from '#engine/services/modules/system-actor.ts';
import { MODES, openPlatform, type PlatformHarness } from '../modules/support.ts';

const BANK_FORM: FormDefinition = {
  id: 'test-bank-line',
  module: 'test',
  name: { en: 'Bank line', 'zh-CN': '银行流水' },
  schema: {
    type: 'object',
    properties: {
      account: { type: 'string' },
      date: { type: 'string', format: 'date' },
      amount: { type: 'string', format: 'money' },
      reference: { type: 'string' },
    },
    required: ['account', 'date', 'amount'],
  },
  labels: {
    account: { en: 'Account', 'zh-CN': '科目' },
    date: { en: 'Date', 'zh-CN': '日期' },
    amount: { en: 'Amount', 'zh-CN': '金额' },
    reference: { en: 'Reference', 'zh-CN': '参考号' },
  },
};

const accounts = new Map([
  ['1002', { type: 'asset', cash: true, name: 'Bank' }],
  ['1122', { type: 'asset', name: 'Receivables' }],
  ['5001', { type: 'revenue', name: 'Revenue' }],
  ['9999', { type: 'expense', active: false }],
]);

describe.each(MODES)('ledger (%s)', (mode) => {
  let h: PlatformHarness;
  beforeAll(async () => {
    h = await openPlatform(mode, { demo: false });
    await h.platform.forms.publishDefinition(systemActor('forms', 'update'), BANK_FORM);
  });
  afterAll(() => h.close());

  const sale = (id: string, amount: string, date: string, ref: string) => ({
    date,
    source: { form: 'invoices', id, kind: 'settlement' },
    memo: `Receipt ${ref}`,
    lines: [
      { account: '1002', debit: amount, reference: ref },
      { account: '1122', credit: amount, reference: ref },
    ],
  });

  it('posts a balanced voucher once per source document, with account details on its lines', async () => {
    const ledger = h.platform.ledger;
    const first = await ledger.post(sale('inv-1', '1130.00', '2026-03-05', 'INV-0001'), {
      by: 'test',
      accounts,
    });
    expect(first.duplicate).toBe(false);
    expect(first.voucher.number).toBe('2026-03-0001');
    expect(first.voucher.lines[0]).toMatchObject({
      account: '1002',
      debit: '1130.00',
      cash: true,
      accountType: 'asset',
    });
    const again = await ledger.post(sale('inv-1', '1130.00', '2026-03-05', 'INV-0001'), {
      by: 'test',
      accounts,
    });
    expect(again).toMatchObject({
      duplicate: true,
      voucher: { id: first.voucher.id, number: '2026-03-0001' },
    });
    expect((await ledger.list({ sourceId: 'inv-1' })).items).toHaveLength(1);

    // One voucher as a reader sees it: within their rows, with their hidden fields removed.
    const reader = (rowFilter: Record<string, unknown>, hidden: string[] = []) => ({
      allowed: true,
      rowFilter,
      fields: { hidden, masked: [], readOnly: [] },
    });
    expect(await ledger.voucher(first.voucher.id, reader({}, ['memo']))).toMatchObject({
      id: first.voucher.id,
      number: '2026-03-0001',
    });
    expect(await ledger.voucher(first.voucher.id, reader({}, ['memo']))).not.toHaveProperty('memo');
    expect(await ledger.voucher(first.voucher.id, reader({ book: 'budget' }))).toBeNull();
  });

  it('refuses unbalanced vouchers, unknown or inactive accounts, repeated references, closed periods', async () => {
    const ledger = h.platform.ledger;
    await expect(
      ledger.post(
        {
          ...sale('inv-2', '10.00', '2026-03-06', 'X'),
          lines: [
            { account: '1002', debit: '10.00' },
            { account: '1122', credit: '9.99' },
          ],
        },
        { by: 't' },
      ),
    ).rejects.toMatchObject({
      status: 422,
      code: 'VOUCHER_INVALID',
      details: [expect.objectContaining({ path: '/lines' })],
    });
    await expect(
      ledger.post(
        {
          ...sale('inv-3', '10.00', '2026-03-06', 'X'),
          lines: [
            { account: '1002', debit: '10.00' },
            { account: '9999', credit: '10.00' },
          ],
        },
        { by: 't', accounts },
      ),
    ).rejects.toMatchObject({
      status: 422,
      code: 'ACCOUNT_UNKNOWN',
      details: [expect.objectContaining({ path: '/lines/1/account' })],
    });
    await ledger.post(
      { ...sale('inv-4', '5.00', '2026-03-06', 'R'), uniqueRef: 'sales:acme:0001' },
      { by: 't' },
    );
    await expect(
      ledger.post({ ...sale('inv-5', '5.00', '2026-03-06', 'R'), uniqueRef: 'sales:acme:0001' }, { by: 't' }),
    ).rejects.toMatchObject({
      status: 409,
      code: 'VOUCHER_DUPLICATE_REF',
    });
    await ledger.setPeriod('actual', '2026-02', 'closed', 'test');
    await expect(ledger.post(sale('inv-6', '5.00', '2026-02-27', 'R'), { by: 't' })).rejects.toMatchObject({
      status: 409,
      code: 'PERIOD_CLOSED',
    });
    await ledger.setPeriod('actual', '2026-02', 'open', 'test');
    expect((await ledger.post(sale('inv-6', '5.00', '2026-02-27', 'R'), { by: 't' })).duplicate).toBe(false);
    expect((await ledger.listPeriods()).map((p) => [p.period, p.status])).toEqual([['2026-02', 'open']]);
  });

  it('reconciles a bank statement: automatic, ambiguous, by hand, undone, reported', async () => {
    const { ledger, reconciliation, records } = h.platform;
    // Two receipts of the same amount two days apart, one with a reference on the statement.
    await ledger.post(sale('inv-7', '250.00', '2026-03-08', 'INV-0007'), { by: 't' });
    await ledger.post(sale('inv-8', '250.00', '2026-03-10', 'INV-0008'), { by: 't' });
    await ledger.post(sale('inv-9', '99.00', '2026-03-10', 'INV-0009'), { by: 't' });
    const actor = systemActor('record:test-bank-line', 'create');
    const line = (id: string, date: string, amount: string, reference?: string) =>
      records.create(
        actor,
        'test-bank-line',
        { account: '1002', date, amount, ...(reference ? { reference } : {}) },
        { id },
      );
    await line('s1', '2026-03-06', '1130.00'); // inv-1 one day after: amount + window
    await line('s2', '2026-03-09', '250.00', 'PAYMENT INV-0008'); // reference picks inv-8 over inv-7
    await line('s3', '2026-03-09', '250.00'); // inv-7 is the only one left
    await line('s4', '2026-03-20', '99.00'); // ten days late: outside the window
    await line('s5', '2026-03-21', '-12.00', 'FEE'); // nothing in the ledger

    const made = await reconciliation.autoMatch(
      { form: 'test-bank-line', account: '1002', windowDays: 3 },
      'test',
    );
    const byRecord = Object.fromEntries(made.map((m) => [m.recordId, m.voucherId]));
    const voucherOf = async (id: string) => (await ledger.list({ sourceId: id })).items[0]!.id;
    expect(byRecord).toEqual({
      s1: await voucherOf('inv-1'),
      s2: await voucherOf('inv-8'),
      s3: await voucherOf('inv-7'),
    });
    expect((await records.collection('test-bank-line').get('s2'))?.status).toBe('matched');
    // Running it again matches nothing twice.
    expect(await reconciliation.autoMatch({ form: 'test-bank-line', account: '1002' }, 'test')).toEqual([]);

    await expect(
      reconciliation.match('test-bank-line', 's4', await voucherOf('inv-1'), 1, 'u'),
    ).rejects.toMatchObject({ code: 'AMOUNT_MISMATCH' });
    await expect(
      reconciliation.match('test-bank-line', 's4', await voucherOf('inv-8'), 1, 'u'),
    ).rejects.toMatchObject({ code: 'AMOUNT_MISMATCH' });
    await expect(
      reconciliation.match('test-bank-line', 's4', await voucherOf('inv-9'), 2, 'u'),
    ).rejects.toMatchObject({ code: 'LEDGER_LINE_MISMATCH' });
    expect(
      await reconciliation.match('test-bank-line', 's4', await voucherOf('inv-9'), 1, 'u'),
    ).toMatchObject({ auto: false, amount: '99.00' });
    await expect(
      reconciliation.match('test-bank-line', 's4', await voucherOf('inv-9'), 1, 'u'),
    ).rejects.toMatchObject({ code: 'ALREADY_MATCHED' });

    const march = await reconciliation.report({ form: 'test-bank-line', account: '1002', period: '2026-03' });
    expect(march).toMatchObject({
      matchedCount: 4,
      matchedAmount: '1729.00',
      reconciled: false,
      statementTotal: '1717.00',
    });
    expect(march.unmatchedStatement.map((s) => s.recordId)).toEqual(['s5']);
    expect(march.unmatchedLedger.map((l) => l.reference)).toEqual(['R']); // the 5.00 receipts of March
    await reconciliation.unmatch('test-bank-line', 's4', 'u');
    expect((await records.collection('test-bank-line').get('s4'))?.status).toBe('unmatched');
    expect(
      (await reconciliation.unmatched({ form: 'test-bank-line', account: '1002' })).statement.map(
        (s) => s.recordId,
      ),
    ).toEqual(['s4', 's5']);
  });
});
