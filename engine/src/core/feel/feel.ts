// FEEL (Friendly Enough Expression Language), as Camunda 8 uses it, evaluated with feelin. Pure.
// - A leading `=` marks an expression in BPMN attributes ("=amount > 5000"); `isExpression` and
//   `stripEquals` handle it.
// - feelin computes with binary floats; results are normalised to 15 significant digits so that
//   0.1 + 0.2 is 0.3, as FEEL's decimal numbers would give.
// - feelin's parser recovers from errors silently; `feelSyntaxError` finds them so that deploy-time
//   validation can reject a broken expression instead of running it.
import { evaluate, parseExpression, parseUnaryTests, unaryTest } from 'feelin';
import { WORKING_TIME_FUNCTIONS } from '../calendar/names.ts';

export type FeelContext = Record<string, unknown>;

export class FeelError extends Error {
  constructor(
    readonly expression: string,
    message: string,
  ) {
    super(message);
    this.name = 'FeelError';
  }
}

export function isExpression(value: unknown): value is string {
  return typeof value === 'string' && value.startsWith('=');
}

export function stripEquals(expression: string): string {
  return expression.startsWith('=') ? expression.slice(1) : expression;
}

/**
 * Names the platform puts into FEEL contexts that the parser must know to read them: names with
 * spaces (and keywords in them, like `between`) are one name only when the parser knows them.
 */
const PLATFORM_NAMES: Record<string, null> = Object.fromEntries(WORKING_TIME_FUNCTIONS.map((n) => [n, null]));

/** Position and message of the first syntax error, or null when the expression parses. */
export function feelSyntaxError(
  expression: string,
  kind: 'expression' | 'unaryTests' = 'expression',
): string | null {
  const source = stripEquals(expression).trim();
  if (source === '') return 'empty expression';
  let tree;
  try {
    tree =
      kind === 'expression'
        ? parseExpression(source, PLATFORM_NAMES, undefined)
        : parseUnaryTests(source, PLATFORM_NAMES, undefined);
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

/** Evaluates a FEEL expression (with or without the leading `=`) against a context. */
export function evaluateFeel(expression: string, context: FeelContext = {}): unknown {
  const source = stripEquals(expression);
  const syntax = feelSyntaxError(source);
  if (syntax) throw new FeelError(expression, syntax);
  let result: { value: unknown };
  try {
    result = evaluate(source, context);
  } catch (e) {
    throw new FeelError(expression, (e as Error).message);
  }
  return normalize(result.value);
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
  const syntax = feelSyntaxError(tests, 'unaryTests');
  if (syntax) throw new FeelError(tests, syntax);
  try {
    return unaryTest(tests, { ...context, '?': input }).value === true;
  } catch (e) {
    throw new FeelError(tests, (e as Error).message);
  }
}

/** Plain JSON out of feelin's values: numbers de-noised, temporal values as ISO strings. */
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
