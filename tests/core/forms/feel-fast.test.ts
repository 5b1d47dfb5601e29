// The compiled FEEL fast path must give exactly what feelin gives: generated expressions over
// generated contexts, compared result by result.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { evaluateFeel } from '#engine/core/feel/feel.ts';
import { compileFeel, evaluateFast } from '#engine/core/forms/feel-fast.ts';

const names = ['a', 'b', 'c', 'lines', 'item', 'missing'];
const scalar = fc.oneof(
  fc.integer({ min: -1000, max: 1000 }),
  fc.double({ min: -1e6, max: 1e6, noNaN: true, noDefaultInfinity: true }),
  fc.constantFrom(0, 0.1, 0.2, 1.005, null, 'x', 'yz', true),
);
const line = fc.record(
  { amount: scalar, quantity: scalar, unitPrice: scalar },
  { requiredKeys: [], noNullPrototype: true },
);
const context = fc.record(
  {
    a: scalar,
    b: scalar,
    c: scalar,
    lines: fc.array(line, { maxLength: 4 }),
    item: line,
  },
  { noNullPrototype: true },
);

const expression: fc.Arbitrary<string> = fc.letrec((tie) => ({
  expr: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.oneof(
      fc.constantFrom(...names),
      fc.constantFrom('lines.amount', 'item.quantity', 'item.unitPrice', 'lines.quantity', 'a.b'),
      fc.integer({ min: 0, max: 100 }).map(String),
      fc.constantFrom('0.5', '.25', '100.01'),
    ),
    fc
      .tuple(tie('expr'), fc.constantFrom('+', '-', '*', '/'), tie('expr'))
      .map(([l, op, r]) => `${l} ${op} ${r}`),
    tie('expr').map((e) => `(${e})`),
    tie('expr').map((e) => `-${e}`),
    fc
      .tuple(
        fc.constantFrom('sum', 'min', 'max', 'count', 'abs'),
        fc.array(tie('expr'), { minLength: 1, maxLength: 3 }),
      )
      .map(([f, args]) => `${f}(${args.join(', ')})`),
  ),
})).expr;

describe('compiled FEEL fast path', () => {
  it('compiles the common computed-field shapes and leaves the rest to feelin', () => {
    for (const e of [
      'item.quantity * item.unitPrice',
      '=sum(lines.amount)',
      'a + b * (c - 1) / 2',
      '-a',
      'count(lines)',
    ])
      expect(compileFeel(e)).not.toBeNull();
    for (const e of [
      'if a > 1 then 2 else 3',
      'a ** 2',
      'string length(a)',
      'lines[1].amount',
      '"x" + a',
      'date("2026-01-01")',
      'item.date',
    ])
      expect(compileFeel(e)).toBeNull();
  });

  it('gives the same results as feelin on generated expressions and contexts', () => {
    fc.assert(
      fc.property(expression, context, (expr, ctx) => {
        let expected: unknown;
        let expectedError = false;
        try {
          expected = evaluateFeel(expr, ctx);
        } catch {
          expectedError = true;
        }
        if (expectedError) {
          expect(() => evaluateFast(expr, ctx)).toThrow();
          return;
        }
        expect(evaluateFast(expr, ctx)).toEqual(expected);
      }),
      { numRuns: 3000 },
    );
  });

  it('falls back to feelin for values outside the subset', () => {
    expect(evaluateFast('a + 1', { a: true })).toBe(evaluateFeel('a + 1', { a: true }));
    expect(evaluateFast('max(a, b)', { a: 'x', b: 'y' })).toBe(evaluateFeel('max(a, b)', { a: 'x', b: 'y' }));
    expect(evaluateFast('a + b', { a: 'x', b: 'y' })).toBe('xy');
  });
});
