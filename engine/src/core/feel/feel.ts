// FEEL (Friendly Enough Expression Language), as Camunda 8 uses it, evaluated with feelin. Pure.
// - A leading `=` marks an expression in BPMN attributes ("=amount > 5000"); `isExpression` and
//   `stripEquals` handle it.
// - feelin computes with binary floats; results are normalised to 15 significant digits so that
//   0.1 + 0.2 is 0.3, as FEEL's decimal numbers would give.
// - feelin's parser recovers from errors silently; `feelSyntaxError` finds them so that deploy-time
//   validation can reject a broken expression instead of running it.
// - Every evaluation runs under a budget (budget.ts): an expression that iterates or defines
//   functions runs instrumented, and one over budget throws FeelBudgetError — so does one that
//   is over budget on its face, which `feelSyntaxError` already reports at publish.
// - What is learnt from parsing an expression is cached per text (parsing costs more than most
//   evaluations).
import { evaluate, parseExpression, parseUnaryTests, unaryTest } from 'feelin';
import { FEEL_PLATFORM_NAMES } from '../calendar/names.ts';
import {
  DEFAULT_FEEL_BUDGET,
  feelBudgetProblem,
  instrument,
  meter,
  type FeelBudget,
  type SharedSteps,
} from './budget.ts';
import { roundingFunctions, usesRounding } from './decimal-rounding.ts';
import { FeelBudgetError, FeelError, type BudgetProblem } from './feel-error.ts';

export { FeelBudgetError, FeelError };
export type FeelContext = Record<string, unknown>;

let budget: FeelBudget = DEFAULT_FEEL_BUDGET;

/** Sets the evaluation budget of this process (benchmarks and tests; the default suits production). */
export function setFeelBudget(next: Partial<FeelBudget>): FeelBudget {
  const previous = budget;
  budget = { ...DEFAULT_FEEL_BUDGET, ...next };
  analyses.clear();
  return previous;
}

let shared: SharedSteps | null = null;

/**
 * Runs `work` with one budget for all the evaluations inside it, `times` the budget of one (a
 * record's computed fields, evaluated once per line item, must not add up to minutes).
 * Evaluation is synchronous, so no other work's evaluations can interleave.
 */
export function withSharedFeelBudget<T>(times: number, work: () => T): T {
  if (shared) return work();
  shared = { steps: 0, maxSteps: budget.maxSteps * times };
  try {
    return work();
  } finally {
    shared = null;
  }
}

type Kind = 'expression' | 'unaryTests';

interface Analysis {
  syntax: string | null;
  budget: BudgetProblem | null;
  /** The source rewritten to run under the meter, or null when it needs none. */
  instrumented: string | null;
  /** It rounds (decimal(), round half up() …): those run on its decimal value (decimal-rounding.ts). */
  rounds: boolean;
}

const analyses = new Map<string, Analysis>();

function analyse(source: string, kind: Kind): Analysis {
  const key = `${kind === 'expression' ? 'e' : 'u'}:${source}`;
  let found = analyses.get(key);
  if (!found) {
    const syntax = syntaxError(source, kind);
    const problem = syntax ? null : feelBudgetProblem(source, kind, budget);
    found = {
      syntax,
      budget: problem,
      instrumented: syntax || problem ? null : instrument(source, kind),
      rounds: usesRounding(source),
    };
    if (analyses.size > 10_000) analyses.clear();
    analyses.set(key, found);
  }
  return found;
}

const tooDeep = (why: string): BudgetProblem => ({
  en: `the expression ran out of room (${why}): it recurses too deeply or builds too large a value`,
  zh: `表达式超出了可用空间（${why}）：递归过深或生成的值过大`,
});

/** Runs feelin, metered when the expression needs it; every failure becomes a FeelError. */
function run<T>(
  expression: string,
  analysis: Analysis,
  source: string,
  context: FeelContext,
  go: (src: string, ctx: FeelContext) => T,
): T {
  if (analysis.syntax) throw new FeelError(expression, analysis.syntax);
  if (analysis.budget) throw new FeelBudgetError(expression, analysis.budget);
  try {
    if (analysis.rounds) context = { ...roundingFunctions, ...context };
    if (!analysis.instrumented) return go(source, context);
    const metered = meter(expression, Object.keys(context).length, budget, () => performance.now(), shared);
    return go(analysis.instrumented, { ...context, ...metered });
  } catch (e) {
    if (e instanceof FeelError) throw e;
    // A stack overflow (deep recursion) or an impossible string or array length.
    if (e instanceof RangeError) throw new FeelBudgetError(expression, tooDeep(e.message));
    throw new FeelError(expression, (e as Error).message);
  }
}

export function isExpression(value: unknown): value is string {
  return typeof value === 'string' && value.startsWith('=');
}

export function stripEquals(expression: string): string {
  return expression.startsWith('=') ? expression.slice(1) : expression;
}

/**
 * Position and message of the first syntax error — or why the expression is over the evaluation
 * budget on its face — or null when it may run.
 */
export function feelSyntaxError(expression: string, kind: Kind = 'expression'): string | null {
  const source = stripEquals(expression);
  if (source.trim() === '') return 'empty expression';
  const analysis = analyse(source, kind);
  return analysis.syntax ?? (analysis.budget ? `over the evaluation budget: ${analysis.budget.en}` : null);
}

function syntaxError(expression: string, kind: Kind): string | null {
  const source = expression.trim();
  if (source === '') return 'empty expression';
  let tree;
  try {
    tree =
      kind === 'expression'
        ? parseExpression(source, FEEL_PLATFORM_NAMES, undefined)
        : parseUnaryTests(source, FEEL_PLATFORM_NAMES, undefined);
  } catch (e) {
    return (e as Error).message;
  }
  let at = -1;
  tree.iterate({
    enter(node) {
      if (at === -1 && node.type.isError) at = node.from;
    },
  });
  return at === -1 ? null : `syntax error at position ${at + 1} in "${source}"`;
}

/**
 * The variables an expression reads that `context` does not hold (function names aside). FEEL reads
 * a missing variable as null, so `overBudget = true` is simply false without it; a dry run asks
 * this first to tell "false" from "not known yet".
 */
export function unknownVariables(expression: string, context: FeelContext): string[] {
  const source = stripEquals(expression).trim();
  let tree;
  try {
    tree = parseExpression(source, FEEL_PLATFORM_NAMES, undefined);
  } catch {
    return [];
  }
  const out = new Set<string>();
  tree.iterate({
    enter(node) {
      if (node.name !== 'VariableName') return;
      // The callee of a function invocation is not a variable.
      const parent = node.node.parent;
      if (parent?.name === 'FunctionInvocation' && parent.firstChild?.from === node.from) return;
      const name = source.slice(node.from, node.to).trim();
      if (!Object.hasOwn(context, name)) out.add(name);
    },
  });
  return [...out];
}

/** Evaluates a FEEL expression (with or without the leading `=`) against a context. */
export function evaluateFeel(expression: string, context: FeelContext = {}): unknown {
  const source = stripEquals(expression);
  const analysis = analyse(source, 'expression');
  return normalize(run(expression, analysis, source, context, (src, ctx) => evaluate(src, ctx).value));
}

/** Evaluates a FEEL expression expected to be a boolean; null (e.g. a missing variable) is false. */
export function evaluateCondition(expression: string, context: FeelContext = {}): boolean {
  const value = evaluateFeel(expression, context);
  if (value === null || value === undefined) return false;
  if (typeof value !== 'boolean')
    throw new FeelError(expression, `condition gave ${JSON.stringify(value)}, not a boolean`);
  return value;
}

/** FEEL unary tests ("> 5000", "[1..10]", "\"a\",\"b\"") against an input value. */
export function evaluateUnaryTests(tests: string, input: unknown, context: FeelContext = {}): boolean {
  const analysis = analyse(tests, 'unaryTests');
  return run(
    tests,
    analysis,
    tests,
    { ...context, '?': input },
    (src, ctx) => unaryTest(src, ctx).value === true,
  );
}

/** Plain JSON out of feelin's values: numbers de-noised, temporal values as ISO strings. */
export function normalizeFeelValue(value: unknown): unknown {
  return normalize(value);
}

function normalize(value: unknown): unknown {
  if (typeof value === 'number') return Number.isFinite(value) ? Number(value.toPrecision(15)) : null;
  if (Array.isArray(value)) return value.map(normalize);
  if (value && typeof value === 'object') {
    if (typeof (value as { toJSON?: unknown }).toJSON === 'function')
      return (value as { toJSON(): unknown }).toJSON();
    if ('iso' in value && typeof (value as { iso: unknown }).iso === 'string')
      return (value as { iso: string }).iso;
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, normalize(v)]));
  }
  return value;
}
