// FEEL row conditions compile to store filters that select exactly the rows FEEL itself would.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { evaluateCondition } from '#engine/core/feel/feel.ts';
import type { Principal } from '#engine/core/permissions/access.ts';
import {
  compileRowCondition,
  rowConditionFilter,
  RowConditionError,
} from '#engine/core/permissions/feel-rows.ts';
import { rowMatches } from '#engine/core/permissions/row-match.ts';
import { feelConditionArb as expr, rowArb } from './feel-arbitraries.ts';

const alice: Principal = { userId: 'alice', login: 'alice', roles: [], department: 'sales', locale: 'en' };
const filterOf = (expression: string, who: Principal = alice) =>
  rowConditionFilter(compileRowCondition(expression), who);

describe('compiling FEEL row conditions', () => {
  it('turns comparisons with literals and user values into store filters', () => {
    expect(filterOf('row.owner = user.id')).toEqual({ owner: 'alice' });
    expect(filterOf('user.id = row.owner')).toEqual({ owner: 'alice' });
    expect(filterOf('row.data.amount > 5000')).toEqual({ 'data.amount': { $gt: 5000 } });
    expect(filterOf('5000 >= row.amount')).toEqual({ amount: { $lte: 5000 } });
    expect(filterOf('row.amount <= -3.5')).toEqual({ amount: { $lte: -3.5 } });
    expect(filterOf('row.status != "closed"')).toEqual({ status: { $ne: 'closed' } });
    expect(filterOf('row.status in ["open", "new"]')).toEqual({ status: { $in: ['open', 'new'] } });
    expect(filterOf('row.archived = true')).toEqual({ archived: true });
    expect(filterOf('row.deletedAt = null')).toEqual({ deletedAt: null });
  });

  it('combines with and/or and pushes not() down to the comparisons', () => {
    expect(filterOf('row.owner = user.id and (row.amount > 10 or row.status = "open")')).toEqual({
      $and: [{ owner: 'alice' }, { $or: [{ amount: { $gt: 10 } }, { status: 'open' }] }],
    });
    expect(filterOf('not(row.status = "open" or row.amount < 5)')).toEqual({
      $and: [{ status: { $ne: 'open' } }, { amount: { $gte: 5 } }],
    });
    expect(filterOf('not(row.status in ["a"])')).toEqual({ status: { $nin: ['a'] } });
  });

  it('decides comparisons without a row path per user', () => {
    expect(filterOf('user.department = "sales" or row.owner = user.id')).toEqual({});
    expect(filterOf('user.department = "finance" or row.owner = user.id')).toEqual({ owner: 'alice' });
    expect(filterOf('user.department = "finance" and row.owner = user.id')).toEqual({ id: { $in: [] } });
  });

  it('treats a user value the user lacks as no match (never as null = null)', () => {
    const nobody: Principal = { userId: 'bob', login: 'bob', roles: [], locale: 'en' };
    expect(filterOf('row.department = user.department', nobody)).toEqual({ id: { $in: [] } });
    expect(filterOf('row.department = user.department or row.owner = user.id', nobody)).toEqual({
      owner: 'bob',
    });
  });

  it.each([
    ['count(row.lines) > 2', /only literals/],
    ['row.amount * 2 > 10', /literals/],
    ['row.a = row.b', /two row fields/],
    ['secret = 1', /row\.<field>/],
    ['other.x = 1', /only `row/],
    ['user.roles = "x"', /user values are/],
    ['row.amount > null', /null can only/],
    ['row.x between 1 and 3', /unsupported comparison/],
    ['row.amount > ', /syntax|position/],
    ['row.amount + 1', /condition/],
    ['count(row.lines)', /not\(\)/],
    ['row.x in [row.y]', /literals only/],
  ])('rejects %s', (expression, reason) => {
    expect(() => compileRowCondition(expression)).toThrow(RowConditionError);
    expect(() => compileRowCondition(expression)).toThrow(reason);
  });
});

describe('FEEL and the compiled filter agree', () => {
  it('on every generated condition, row and user', () => {
    const principal = fc.record({
      userId: fc.constantFrom('alice', 'bob'),
      department: fc.constantFrom('sales', 'finance'),
    });
    fc.assert(
      fc.property(expr, rowArb, principal, (expression, row, who) => {
        const p: Principal = { ...who, login: who.userId, roles: [], locale: 'en' };
        const user = { id: p.userId, login: p.login, department: p.department, locale: p.locale };
        const expected = evaluateCondition(expression, { row: { ...row }, user });
        const filter = rowConditionFilter(compileRowCondition(expression), p);
        expect(rowMatches(row, filter)).toBe(expected);
      }),
      { numRuns: 400 },
    );
  });
});
