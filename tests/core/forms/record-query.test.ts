import { describe, expect, it } from 'vitest';
import { AppError } from '#engine/core/errors.ts';
import { FieldIndex } from '#engine/core/forms/field-index.ts';
import { combineFilters, planQuery, type QueryContext } from '#engine/core/forms/record-query.ts';
import { queryTokens, titleTokens } from '#engine/core/forms/search-tokens.ts';
import { at, expenseClaim } from './fixtures.ts';

const def = expenseClaim();
const ctx = (secret: string[] = []): QueryContext => ({
  fields: new FieldIndex(at(def.schema), def.sensitiveFields),
  defaultSort: { field: 'createdAt', direction: 'desc' },
  secret,
  blindIndexes: (path, value) => [`h1(${path}=${String(value)})`, `h2(${path}=${String(value)})`],
});

function problems(fn: () => unknown): string[] {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(AppError);
    expect((e as AppError).status).toBe(400);
    return (e as AppError).details.map((d) => d.path);
  }
  throw new Error('expected an error');
}

describe('record queries', () => {
  it('turns where/sort into store conditions on the right paths', () => {
    const plan = planQuery(
      {
        where: {
          'data.category': 'travel',
          'data.total': { gte: '100', lt: 2000 },
          'data.payee.city': { contains: 'shen.' },
          'data.lines.quantity': { gt: '1' },
          'data.travel': 'true',
          status: { in: ['submitted', 'approved'] },
        },
        sort: [{ field: 'data.total', direction: 'desc' }],
        limit: 20,
      },
      ctx(),
    );
    expect(plan.conditions).toEqual([
      { deleted: false },
      { 'data.category': { $eq: 'travel' } },
      { 'num.total': { $gte: 100 } },
      { 'num.total': { $lt: 2000 } },
      { 'data.payee.city': { $regex: 'shen\\.', $options: 'i' } },
      { 'data.lines.quantity': { $gt: 1 } },
      { 'data.travel': { $eq: true } },
      { status: { $in: ['submitted', 'approved'] } },
    ]);
    expect(plan.sort).toEqual([['num.total', -1]]);
    expect(plan.limit).toBe(20);
  });

  it('uses the default sort and excludes deleted records unless asked', () => {
    expect(planQuery({}, ctx()).sort).toEqual([['createdAt', -1]]);
    expect(planQuery({ deleted: 'only' }, ctx()).conditions).toEqual([{ deleted: true }]);
    expect(planQuery({ deleted: 'include' }, ctx()).conditions).toEqual([]);
  });

  it('searches sensitive fields only by equality, through every key’s blind index', () => {
    const plan = planQuery({ where: { 'data.phone': '13812345678' } }, ctx());
    expect(plan.conditions[1]).toEqual({
      'blind.phone': { $in: ['h1(phone=13812345678)', 'h2(phone=13812345678)'] },
    });
    const iban = planQuery({ where: { 'data.bankAccount': { in: ['gb82 west 1234 5698 7654 32'] } } }, ctx());
    expect(iban.conditions[1]).toEqual({
      'blind.bankAccount': {
        $in: ['h1(bankAccount=GB82WEST12345698765432)', 'h2(bankAccount=GB82WEST12345698765432)'],
      },
    });
    expect(problems(() => planQuery({ where: { 'data.salary': { gt: '1000' } } }, ctx()))).toEqual([
      '/where/data.salary/gt',
    ]);
    expect(problems(() => planQuery({ sort: [{ field: 'data.salary' }] }, ctx()))).toEqual(['/sort/0/field']);
  });

  it('refuses hidden and masked paths, unknown fields, bad values and operators — all at once', () => {
    const paths = problems(() =>
      planQuery(
        {
          where: {
            'data.phone': '13812345678',
            'data.nope': 1,
            'data.lines.quantity': { gt: 'many' },
            'data.total': { between: [1, 2] },
          },
          sort: [{ field: 'data.lines.amount' }],
          limit: 5000,
        },
        ctx(['data.phone']),
      ),
    );
    expect(paths).toEqual([
      '/where/data.phone',
      '/where/data.nope',
      '/where/data.lines.quantity/gt',
      '/where/data.total/between',
      '/sort/0/field',
      '/limit',
    ]);
  });

  it('full text: every query token must be among the title tokens', () => {
    const tokens = new Set(titleTokens('Acme Trading 深圳科技有限公司'));
    const matches = (q: string) => queryTokens(q).every((t) => tokens.has(t));
    expect(matches('acm')).toBe(true);
    expect(matches('TRADING acme')).toBe(true);
    expect(matches('科技')).toBe(true);
    expect(matches('深圳科技')).toBe(true);
    expect(matches('科')).toBe(true);
    expect(matches('技科')).toBe(false);
    expect(matches('rading')).toBe(false);
    expect(queryTokens('  ,, ')).toEqual([]);
    const plan = planQuery({ q: 'Acme 科技' }, ctx());
    expect(plan.conditions).toEqual([{ deleted: false }, { search: 'acme' }, { search: '科技' }]);
  });

  it('combines filters keeping equality keys on top for indexes', () => {
    expect(
      combineFilters([{ deleted: false }, { search: 'a' }, { search: 'b' }, { $or: [{ owner: 'u1' }] }]),
    ).toEqual({
      deleted: false,
      search: 'a',
      $and: [{ search: 'b' }, { $or: [{ owner: 'u1' }] }],
    });
  });
});
