// FEEL's rounding functions round the decimal a number stands for, not its binary float: money
// rounded to the fen in FEEL (payslips, taxes) gives what a person computing by hand gets.
import { describe, expect, it } from 'vitest';
import { evaluateFeel } from '#engine/core/feel/feel.ts';

describe('FEEL rounding on decimals', () => {
  it.each([
    ['round half up(1.005, 2)', 1.01], // the float 1.005 is 1.00499999…: feelin alone gives 1
    ['round half up(-1.005, 2)', -1.01],
    ['round half up(150.61725, 2)', 150.62],
    ['round half up(30123.45 * 0.005, 2)', 150.62],
    ['round half down(0.125, 2)', 0.12],
    ['round half down(0.1251, 2)', 0.13],
    ['decimal(0.125, 2)', 0.12],
    ['decimal(0.135, 2)', 0.14],
    ['decimal(2.675, 2)', 2.68], // the float is 2.67499999…
    ['round up(1.001, 2)', 1.01],
    ['round down(-1.009, 2)', -1],
    ['decimal(1 / 3, 4)', 0.3333],
  ])('%s = %s', (expression, expected) => {
    expect(evaluateFeel(expression)).toBe(expected);
  });

  it('gives null for what is not a number and a whole scale', () => {
    expect(evaluateFeel('decimal("1.5", 0)')).toBeNull();
    expect(evaluateFeel('round half up(1.5, 0.5)')).toBeNull();
    expect(evaluateFeel('decimal(x, 2)', { x: null })).toBeNull();
  });

  it('leaves a variable of the same name to the expression that defines it', () => {
    expect(evaluateFeel('decimal', { decimal: 7 })).toBe(7);
  });
});
