// FEEL runs under an evaluation budget (engine/src/core/feel/budget.ts): what an analyst can write
// to stall the server — a range of three million numbers, loops nested over data, runaway
// recursion, a string doubled in a loop, a backtracking regex — is refused at publish when the text
// shows it and stopped at run time otherwise, with FEEL_BUDGET_EXCEEDED in both languages; what
// ordinary expressions compute does not change.
import { evaluate } from 'feelin';
import { afterEach, describe, expect, it } from 'vitest';
import { instrument } from '#engine/core/feel/budget.ts';
import {
  evaluateFeel,
  evaluateUnaryTests,
  FeelBudgetError,
  feelSyntaxError,
  setFeelBudget,
} from '#engine/core/feel/feel.ts';

const budgetError = (expression: string, context: Record<string, unknown> = {}): FeelBudgetError => {
  try {
    evaluateFeel(expression, context);
  } catch (e) {
    expect(e).toBeInstanceOf(FeelBudgetError);
    return e as FeelBudgetError;
  }
  throw new Error(`${expression} was evaluated within the budget`);
};

afterEach(() => {
  setFeelBudget({});
});

describe('FEEL under an evaluation budget', () => {
  it('refuses at publish a range or nested literal ranges over the budget', () => {
    expect(feelSyntaxError('=count(for i in 1..3000000 return i)')).toMatch(/over the evaluation budget/);
    expect(feelSyntaxError('for i in 1..1000 return for j in 1..1000 return i * j')).toMatch(/budget/);
    expect(feelSyntaxError('for i in 1..1000, j in 1..1000 return i * j')).toMatch(/budget/);
    expect(feelSyntaxError('some i in 0..100000 satisfies i > 5')).toMatch(/budget/);
    expect(feelSyntaxError('count(for i in 1..100 return for j in 1..100 return i * j)')).toBeNull();
    expect(feelSyntaxError('sum(for l in lines return l.amount)')).toBeNull();
    // The names the run-time guard uses cannot be taken over by an expression.
    expect(feelSyntaxError('{__feel_range: function(a, b) [a]}.__feel_range(1, 2)')).toMatch(/reserved/);
  });

  it('stops the reported attacks at run time, with a stable code and a Chinese message', () => {
    const e = budgetError('count(for i in 1..3000000 return i)');
    expect(e.code).toBe('FEEL_BUDGET_EXCEEDED');
    expect(e.messageZh).toMatch(/计算步骤/);
    // Bounds from the data: nothing to see at publish, stopped while it runs.
    const nested = 'count(for i in 1..n return for j in 1..n return i * j)';
    expect(feelSyntaxError(nested)).toBeNull();
    expect(budgetError(nested, { n: 3000 }).message).toMatch(/evaluation steps/);
    expect(evaluateFeel(nested, { n: 30 })).toBe(30);
    const lines = Array.from({ length: 3000 }, (_, i) => ({ amount: i }));
    budgetError('count(for a in lines, b in lines return a.amount * b.amount)', { lines });
    budgetError('count(lines[count(lines[item.amount > 5]) > 0])', { lines });
  });

  it('stops runaway recursion, exponential recursion and values that double', () => {
    budgetError('{fib: function(n) if n < 2 then n else fib(n - 1) + fib(n - 2)}.fib(40)');
    expect(evaluateFeel('{fib: function(n) if n < 2 then n else fib(n - 1) + fib(n - 2)}.fib(10)')).toBe(55);
    expect(budgetError('{f: function(n) f(n + 1)}.f(1)').message).toMatch(/recurses too deeply/);
    const doubling = 'for i in 1..40 return if i = 1 then "x" else partial[-1] + partial[-1]';
    expect(budgetError(doubling).message).toMatch(/more than 1000000 characters/);
  });

  it('evaluates ordinary expressions exactly as feelin does', () => {
    const context = {
      lines: [
        { amount: 12.5, category: 'travel' },
        { amount: 7, category: 'meals' },
      ],
      x: [5, 6],
      name: 'Zhang Wei',
    };
    for (const expression of [
      'sum(for l in lines return l.amount)',
      'for i in 1..3, j in x return [i, j]',
      'some l in lines satisfies l.amount > 10',
      'every l in lines satisfies l.amount > 10',
      'lines[amount > 10].category',
      '[1, 2, 3][item > 1]',
      '[1, 2, 3][2]',
      '{f: function(n) n * 2}.f(21)',
      'sort(x, function(a, b) a > b)',
      'for i in -2..-4 return i',
      'for i in "a".."c" return i',
      'matches(name, "^Zhang")',
      'replace(name, "(\\\\w+) (\\\\w+)", "$2 $1")',
      'split("a;b;;c", ";")',
    ]) {
      expect(instrument(expression), expression).not.toBeNull();
      expect(evaluateFeel(expression, context), expression).toEqual(evaluate(expression, context).value);
    }
    // Nothing to meter: evaluated as written.
    expect(instrument('amount * 1.13 + fee')).toBeNull();
    expect(instrument('count(lines) + 1')).toBeNull();
    expect(evaluateFeel('count(lines) + 1', context)).toBe(3);
    expect(evaluateUnaryTests('> 5000', 6000)).toBe(true);
    expect(evaluateUnaryTests('count(for i in 1..3 return i) > 2', 1)).toBe(true);
  });

  it('ends ranges feelin would iterate forever, and runs regexes on a linear-time engine', () => {
    expect(evaluateFeel('for i in 3..1 return i')).toEqual([3, 2, 1]);
    expect(evaluateFeel('for i in 1.5..3 return i')).toBeNull();
    // Backtracking would take minutes on 40 characters; RE2 answers at once.
    expect(evaluateFeel('matches(s, "^(a+)+$")', { s: `${'a'.repeat(40)}!` })).toBe(false);
    expect(evaluateFeel('matches("aaa", "(a)\\\\1")')).toBeNull();
  });

  it('shares one budget among the evaluations of a record, and can be tightened', () => {
    setFeelBudget({ maxSteps: 100 });
    expect(feelSyntaxError('for i in 1..200 return i')).toMatch(/budget/);
    expect(evaluateFeel('count(for i in 1..n return i)', { n: 90 })).toBe(90);
    budgetError('count(for i in 1..n return i)', { n: 101 });
    // Each step costs more with a large context: feelin copies it into every iteration's scope.
    const wide = Object.fromEntries(Array.from({ length: 64 }, (_, i) => [`v${i}`, i]));
    expect(evaluateFeel('count(for i in 1..n return i)', { n: 40 })).toBe(40);
    budgetError('count(for i in 1..n return i)', { ...wide, n: 40 });
  });
});
