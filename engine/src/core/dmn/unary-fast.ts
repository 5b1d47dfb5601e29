// The unary tests decision tables are mostly made of — `-`, `"a","b"`, `not("x")`, `< 5000`,
// `[1000..5000)`, `>= 10, 3` — answered without feelin, which parses a text on every call. The
// answers are feelin's (tests/core/dmn/unary-fast.test.ts compares both over a grid): a test of
// another type than the input is false, `not(…)` negates, `-` matches anything. Anything else —
// a variable in the test, `?`, a function, a date, a boolean or list input — returns NOT_SIMPLE and
// goes to feelin.
import { literalValue, splitTopLevel } from './compile-feel.ts';

export const NOT_SIMPLE = Symbol('not simple');

type Scalar = string | number | null;
type Test = (input: Scalar) => boolean;
export type FastUnary = (input: unknown) => boolean | typeof NOT_SIMPLE;

const COMPARE = /^(<=|>=|<|>)\s*(.+)$/;
const INTERVAL = /^([[\]()])\s*(.+?)\s*\.\.\s*(.+?)\s*([[\]()])$/;

const compiled = new Map<string, FastUnary | null>();

/** The fast form of a cell's unary tests, or null when feelin must answer. Cached per text. */
export function fastUnary(text: string): FastUnary | null {
  let entry = compiled.get(text);
  if (entry === undefined) {
    entry = compile(text.trim());
    if (compiled.size > 20_000) compiled.clear();
    compiled.set(text, entry);
  }
  return entry;
}

function compile(text: string): FastUnary | null {
  if (text === '' || text === '-') return () => true;
  let negate = false;
  let body = text;
  const not = /^not\s*\((.*)\)$/s.exec(text);
  if (not) {
    negate = true;
    body = not[1]!.trim();
  }
  const parts = splitTopLevel(body);
  if (!parts || parts.some((p) => p === '')) return null;
  const tests: Test[] = [];
  for (const part of parts) {
    const test = compileOne(part);
    if (!test) return null;
    tests.push(test);
  }
  return (input) => {
    if (input !== null && typeof input !== 'string' && typeof input !== 'number') return NOT_SIMPLE;
    const hit = tests.some((t) => t(input));
    return negate ? !hit : hit;
  };
}

function compileOne(part: string): Test | null {
  const literal = literalValue(part);
  if (literal !== undefined) {
    if (typeof literal === 'boolean') return null;
    return (input) => input === literal;
  }
  const cmp = COMPARE.exec(part);
  if (cmp) {
    const bound = literalValue(cmp[2]!);
    if (typeof bound !== 'number' && typeof bound !== 'string') return null;
    const op = cmp[1]!;
    return (input) => {
      if (input === null || typeof input !== typeof bound) return false;
      const a = input as number | string;
      return op === '<' ? a < bound : op === '<=' ? a <= bound : op === '>' ? a > bound : a >= bound;
    };
  }
  const iv = INTERVAL.exec(part);
  if (iv) {
    const low = literalValue(iv[2]!);
    const high = literalValue(iv[3]!);
    if (typeof low !== 'number' || typeof high !== 'number') return null;
    const lowOpen = iv[1] === '(' || iv[1] === ']';
    const highOpen = iv[4] === ')' || iv[4] === '[';
    return (input) =>
      typeof input === 'number' &&
      (lowOpen ? input > low : input >= low) &&
      (highOpen ? input < high : input <= high);
  }
  return null;
}
