import { describe, expect, it } from 'vitest';
import { FormCompiler } from '#engine/core/forms/compiled-form.ts';
import { at, claimData, expenseClaim } from './fixtures.ts';

const published = (over = {}) => ({ ...expenseClaim(over), version: 1 });

describe('compiled form versions', () => {
  it('compiles a published version once and serves it from the cache', () => {
    const compiler = new FormCompiler();
    const a = compiler.compile(published());
    const b = compiler.compile(published());
    expect(b).toBe(a);
    expect(compiler.compilations).toBe(1);
    compiler.compile({ ...expenseClaim(), version: 2 });
    expect(compiler.compilations).toBe(2);
    expect(compiler.cached('expense-claim', 1)).toBe(a);
  });

  it('keeps its own copy: changing the definition afterwards changes nothing', () => {
    const compiler = new FormCompiler();
    const def = published();
    const form = compiler.compile(def);
    (at(def.schema).required as string[]).push('phone');
    expect(form.check(claimData({ phone: undefined })).errors).toEqual([]);
  });

  it('prepares data: defaults, canonical values, computed line amounts and total (big.js rounding)', () => {
    const form = new FormCompiler().compile(published());
    const { data, errors } = form.check(
      claimData({
        idCard: '11010519491231002x',
        bankAccount: 'gb82 west 1234 5698 7654 32',
        payee: { name: 'Li' },
        total: '1.00',
      }),
    );
    expect(errors).toEqual([]);
    expect(data.lines).toEqual([
      { date: '2026-01-05', quantity: 2, unitPrice: '120.50', amount: '241.00' },
      { date: '2026-01-06', quantity: 1, unitPrice: '0.10', amount: '0.10' },
    ]);
    expect(data.total).toBe('241.10'); // the client's "1.00" is overwritten
    expect(data.priority).toBe(3);
    expect(data.idCard).toBe('11010519491231002X');
    expect(data.bankAccount).toBe('GB82WEST12345698765432');
  });

  it('money results never carry float noise', () => {
    const form = new FormCompiler().compile(published());
    const lines = Array.from({ length: 10 }, () => ({ date: '2026-01-05', quantity: 1, unitPrice: '0.10' }));
    expect(form.check(claimData({ lines })).data.total).toBe('1.00');
    const big = form.check(
      claimData({ lines: [{ date: '2026-01-05', quantity: 3, unitPrice: '33333.33' }] }),
    );
    expect(big.data.total).toBe('99999.99');
  });

  it('reports every invalid field with its JSON pointer, label and both languages', () => {
    const form = new FormCompiler().compile(published());
    const { errors } = form.check({
      category: 'taxi',
      phone: '12345',
      lines: [{ date: '2026-02-30', quantity: 0, unitPrice: '1.234' }],
      extra: 1,
    });
    const byPath = Object.fromEntries(errors.map((e) => [e.path, e]));
    expect(Object.keys(byPath).sort()).toEqual([
      '/category',
      '/extra',
      '/lines/0/date',
      '/lines/0/quantity',
      '/lines/0/unitPrice',
      '/phone',
      '/title',
    ]);
    expect(byPath['/title']).toEqual({
      path: '/title',
      message: 'Title is required',
      messageZh: '标题为必填项',
    });
    expect(byPath['/phone']?.message).toBe(
      'Phone must be a mainland China mobile number (11 digits starting with 1)',
    );
    expect(byPath['/phone']?.messageZh).toBe('手机号码须为中国大陆手机号码（以 1 开头的 11 位数字）');
    expect(byPath['/lines/0/quantity']?.message).toBe('Lines #1 › Quantity must be at least 1');
    expect(byPath['/lines/0/quantity']?.messageZh).toBe('明细 #1 › 数量不能小于 1');
    expect(byPath['/lines/0/date']?.messageZh).toContain('日期');
    expect(byPath['/category']?.message).toContain('"travel", "meals", "office"');
  });

  it('conditional fields: if/then and dependentRequired hold', () => {
    const form = new FormCompiler().compile(published());
    expect(form.check(claimData({ travel: false })).errors).toEqual([]);
    const travel = form.check(claimData({ travel: true })).errors;
    expect(travel).toEqual([
      { path: '/destination', message: 'Destination is required', messageZh: '目的地为必填项' },
    ]);
    expect(form.check(claimData({ travel: true, destination: 'Shenzhen' })).errors).toEqual([]);
    const dep = form.check(claimData({ bankAccount: 'GB82WEST12345698765432' })).errors;
    expect(dep.map((e) => e.path)).toEqual(['/payee']);
    expect(dep[0]?.message).toBe('Payee is required when bankAccount is filled in');
  });

  it('dependentSchemas holds too', () => {
    const def = published();
    at(def.schema).dependentSchemas = { travel: { required: ['phone'] } };
    const form = new FormCompiler().compile(def);
    expect(form.check(claimData({ travel: false, phone: undefined })).errors.map((e) => e.path)).toEqual([
      '/phone',
    ]);
  });

  it('a computed field that fails is reported at its pointer', () => {
    const form = new FormCompiler().compile(
      published({ computed: [{ field: 'total', expression: 'title' }] }),
    );
    const { errors } = form.check(claimData());
    expect(errors).toHaveLength(1);
    expect(errors[0]?.path).toBe('/total');
    expect(errors[0]?.message).toMatch(/^Total could not be computed/);
  });

  it('computed fields see the values of the ones before them, objects they create included', () => {
    const form = new FormCompiler().compile(
      published({
        computed: [
          { field: 'lines.amount', expression: 'item.quantity * item.unitPrice' },
          { field: 'total', expression: 'sum(lines.amount)' },
          // payee is missing: computing its city creates it, and the fields after see it.
          { field: 'payee.city', expression: 'string(count(lines)) + " lines, " + string(total)' },
          { field: 'salary', expression: 'total * 2' },
          { field: 'title', expression: 'if payee.city = null then "no city" else payee.city' },
          // An item's own field, after the total: each item sees the total, not its own new value.
          { field: 'lines.amount', expression: 'item.amount + total' },
        ],
      }),
    );
    const { data, errors } = form.check(claimData({ payee: undefined }));
    expect(errors).toEqual([]);
    expect(data).toMatchObject({
      lines: [{ amount: '482.10' }, { amount: '241.20' }],
      total: '241.10',
      payee: { city: '2 lines, 241.1' },
      salary: '482.20',
      title: '2 lines, 241.1',
    });
  });

  it('the maximumAmount keyword reports its limit', () => {
    const form = new FormCompiler().compile(published());
    const { errors } = form.check(
      claimData({ lines: [{ date: '2026-01-05', quantity: 2, unitPrice: '60000' }] }),
    );
    expect(errors).toEqual([
      { path: '/total', message: 'Total must be at most 100000', messageZh: '合计不能大于 100000' },
    ]);
  });
});
