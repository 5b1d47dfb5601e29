// A compiled fast path for the FEEL expressions computed fields use most — arithmetic over
// numbers and field paths, and sum/count/min/max/abs over lists — so that importing 10 000 rows
// does not parse the same expression 10 000 times (feelin parses on every evaluation, ~0.3 ms).
//
// It is an optimisation, never a second semantics: anything outside the subset compiles to null
// and runs through feelin (core/feel/feel.ts), and at run time any value the subset does not
// handle (a boolean, a date, a string in arithmetic) throws Fallback, so that evaluation goes to
// feelin too. tests/core/forms/feel-fast.test.ts checks, on generated expressions and contexts,
// that both give the same results. Browser-safe.
import { evaluateFeel, stripEquals, type FeelContext } from '../feel/feel.ts';

type Fn = (ctx: FeelContext) => unknown;

/** Thrown at run time when a value is outside the subset: the caller evaluates with feelin. */
export class Fallback extends Error {}

const KEYWORDS = new Set([
  'true',
  'false',
  'null',
  'and',
  'or',
  'not',
  'if',
  'then',
  'else',
  'for',
  'in',
  'return',
  'some',
  'every',
  'satisfies',
  'between',
  'instance',
  'of',
  'function',
  'string',
  'number',
  'date',
  'time',
  'duration',
]);
const FUNCTIONS = new Set(['sum', 'count', 'min', 'max', 'abs']);

type Token = { t: 'num'; v: number } | { t: 'name'; v: string } | { t: 'op'; v: string };

function tokenize(source: string): Token[] | null {
  const out: Token[] = [];
  let i = 0;
  while (i < source.length) {
    const ch = source[i] as string;
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    const num = /^(?:[0-9]+(?:\.[0-9]+)?|\.[0-9]+)/.exec(source.slice(i));
    if (num) {
      out.push({ t: 'num', v: Number(num[0]) });
      i += num[0].length;
      // "1.5.2" or "2abc" are not numbers we understand
      if (/^[A-Za-z_.]/.test(source.slice(i))) return null;
      continue;
    }
    const name = /^[A-Za-z_][A-Za-z0-9_]*/.exec(source.slice(i));
    if (name) {
      out.push({ t: 'name', v: name[0] });
      i += name[0].length;
      continue;
    }
    if ('+-*/(),.'.includes(ch)) {
      if (ch === '*' && source[i + 1] === '*') return null; // exponent: leave it to feelin
      out.push({ t: 'op', v: ch });
      i++;
      continue;
    }
    return null;
  }
  return out;
}

/** A compiled expression, or null when it is outside the subset. */
export function compileFeel(expression: string): Fn | null {
  const tokens = tokenize(stripEquals(expression));
  if (!tokens || tokens.length === 0) return null;
  let pos = 0;
  const peek = (): Token | undefined => tokens[pos];
  const isOp = (v: string): boolean => {
    const t = peek();
    return t !== undefined && t.t === 'op' && t.v === v;
  };
  class Unsupported extends Error {}
  const expect = (v: string): void => {
    if (!isOp(v)) throw new Unsupported();
    pos++;
  };

  const additive = (): Fn => {
    let left = multiplicative();
    while (isOp('+') || isOp('-')) {
      const op = (tokens[pos++] as Token).v as string;
      const l = left;
      const r = multiplicative();
      left = op === '+' ? (c) => add(l(c), r(c)) : (c) => arith(l(c), r(c), (a, b) => a - b);
    }
    return left;
  };
  const multiplicative = (): Fn => {
    let left = unary();
    while (isOp('*') || isOp('/')) {
      const op = (tokens[pos++] as Token).v as string;
      const l = left;
      const r = unary();
      left =
        op === '*'
          ? (c) => arith(l(c), r(c), (a, b) => a * b)
          : (c) => arith(l(c), r(c), (a, b) => (b === 0 ? null : a / b));
    }
    return left;
  };
  const unary = (): Fn => {
    if (isOp('-')) {
      pos++;
      if (isOp('-')) throw new Unsupported(); // "--" is not FEEL; let feelin say so
      const inner = unary();
      return (c) => {
        const v = inner(c);
        if (v === null || v === undefined) return null;
        if (typeof v !== 'number') throw new Fallback();
        return -v;
      };
    }
    return postfix();
  };
  const postfix = (): Fn => {
    let fn = primary();
    while (isOp('.')) {
      pos++;
      const t = tokens[pos++];
      if (!t || t.t !== 'name' || KEYWORDS.has(t.v)) throw new Unsupported();
      const base = fn;
      const key = t.v;
      fn = (c) => member(base(c), key);
    }
    return fn;
  };
  const primary = (): Fn => {
    const t = tokens[pos++];
    if (!t) throw new Unsupported();
    if (t.t === 'num') {
      const v = t.v;
      return () => v;
    }
    if (t.t === 'op') {
      if (t.v !== '(') throw new Unsupported();
      const inner = additive();
      expect(')');
      return inner;
    }
    if (KEYWORDS.has(t.v)) throw new Unsupported();
    if (isOp('(')) {
      if (!FUNCTIONS.has(t.v)) throw new Unsupported();
      pos++;
      const args: Fn[] = [additive()];
      while (isOp(',')) {
        pos++;
        args.push(additive());
      }
      expect(')');
      return call(t.v, args);
    }
    const name = t.v;
    return (c) => {
      const v = c[name];
      return v === undefined ? null : v;
    };
  };

  try {
    const fn = additive();
    if (pos !== tokens.length) return null;
    return fn;
  } catch (e) {
    if (e instanceof Unsupported) return null;
    throw e;
  }
}

function member(value: unknown, key: string): unknown {
  if (Array.isArray(value)) return value.map((v) => member(v, key));
  if (value === null || value === undefined) return null;
  if (typeof value === 'object') {
    const v = (value as Record<string, unknown>)[key];
    return v === undefined ? null : v;
  }
  if (typeof value === 'number') return null;
  throw new Fallback(); // strings and booleans: feelin knows their properties, if any
}

function add(a: unknown, b: unknown): unknown {
  if (typeof a === 'string' && typeof b === 'string') return a + b;
  return arith(a, b, (x, y) => x + y);
}

function arith(a: unknown, b: unknown, op: (a: number, b: number) => number | null): unknown {
  if (typeof a === 'number' && typeof b === 'number') return op(a, b);
  if (a === null || a === undefined || b === null || b === undefined) {
    // null with anything is null — unless the other side is a value FEEL might combine oddly
    const other = a === null || a === undefined ? b : a;
    if (other === null || other === undefined || typeof other === 'number' || typeof other === 'string')
      return null;
  }
  throw new Fallback();
}

function listOf(args: unknown[]): unknown[] {
  if (args.length === 1) return Array.isArray(args[0]) ? args[0] : [args[0]];
  return args;
}

function call(name: string, argFns: Fn[]): Fn {
  return (c) => {
    const args = argFns.map((f) => f(c));
    switch (name) {
      case 'count':
        if (args.length !== 1 || args[0] === null) throw new Fallback();
        return Array.isArray(args[0]) ? args[0].length : 1;
      case 'abs': {
        if (args.length !== 1) throw new Fallback();
        const v = args[0];
        if (v === null) return null;
        if (typeof v !== 'number') throw new Fallback();
        return Math.abs(v);
      }
      default: {
        const list = listOf(args);
        if (list.length === 0) return null;
        if (list.some((v) => v === null)) return null;
        if (!list.every((v) => typeof v === 'number')) throw new Fallback();
        const nums = list as number[];
        if (name === 'sum') return nums.reduce((s, v) => s + v, 0);
        return name === 'min' ? Math.min(...nums) : Math.max(...nums);
      }
    }
  };
}

/** Same normalisation as core/feel/feel.ts (numbers to 15 significant digits). */
function normalize(value: unknown): unknown {
  if (typeof value === 'number') return Number.isFinite(value) ? Number(value.toPrecision(15)) : null;
  if (Array.isArray(value)) return value.map(normalize);
  if (value !== null && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, normalize(v)]));
  return value;
}

const compiled = new Map<string, Fn | null>();

/** Evaluates a FEEL expression: compiled when it can be, feelin otherwise. */
export function evaluateFast(expression: string, context: FeelContext): unknown {
  let fn = compiled.get(expression);
  if (fn === undefined) {
    fn = compileFeel(expression);
    if (compiled.size > 5000) compiled.clear();
    compiled.set(expression, fn);
  }
  if (fn) {
    try {
      return normalize(fn(context));
    } catch (e) {
      if (!(e instanceof Fallback)) throw e;
    }
  }
  return evaluateFeel(expression, context);
}
