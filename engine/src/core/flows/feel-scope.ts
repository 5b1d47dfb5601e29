// FEEL with an instance's variables in scope. The current time comes from the step context (so
// `now()` and `today()` follow the injectable clock), and caller-supplied values and functions
// (the requester, org-chart functions such as `manager(user)`) join the context.
//
// Speed: feelin parses an expression on every evaluation (≈150 µs) and the syntax check of
// feel.ts parses it once more. The interpreter therefore (a) checks an expression's syntax once
// per process, (b) builds now()/today() values only when an expression calls them, and (c)
// answers the most common shapes itself — a variable or dotted path (`=approver`,
// `=requester.manager`), a literal, `path <op> literal` on numbers/strings/booleans, or
// `path (+ - * /) number` — with
// FEEL's semantics (a missing variable is null; comparing with null gives null). Anything else,
// or any operand of another type, goes to feelin.
import { evaluate } from 'feelin';
import { FeelError, evaluateFeel, feelSyntaxError, stripEquals } from '../feel/feel.ts';

type Fn = ((...args: never[]) => unknown) & { $args?: string[] };

/** feelin reads a JS function's parameter names from its source; declare them so any function works. */
export function feelFunction<F extends Fn>(fn: F): F {
  if (!Array.isArray(fn.$args)) {
    const names = Array.from({ length: fn.length }, (_, i) => `p${i}`);
    Object.defineProperty(fn, '$args', { value: names, enumerable: false });
  }
  return fn;
}

/** `now()` and `today()` for a given epoch-ms; the FEEL values are built on first call. */
export function clockFunctions(now: number): Record<string, unknown> {
  let dateTime: unknown;
  let date: unknown;
  const iso = (): string => new Date(now).toISOString();
  return {
    now: feelFunction(() => (dateTime ??= evaluate(`date and time("${iso()}")`, {}).value)),
    today: feelFunction(() => (date ??= evaluate(`date("${iso().slice(0, 10)}")`, {}).value)),
  };
}

const preparedExtras = new WeakMap<object, Record<string, unknown>>();

/** Caller-supplied FEEL values with their functions annotated for feelin (cached per object). */
export function prepareExtras(extras: Record<string, unknown> | undefined): Record<string, unknown> {
  if (!extras) return {};
  let prepared = preparedExtras.get(extras);
  if (!prepared) {
    prepared = {};
    for (const [k, v] of Object.entries(extras))
      prepared[k] = typeof v === 'function' ? feelFunction(v as Fn) : v;
    preparedExtras.set(extras, prepared);
  }
  return prepared;
}

// ---- compiled fast paths ---------------------------------------------------------------------

type Compiled = (ctx: Record<string, unknown>) => unknown;
const NOT_SIMPLE = Symbol('not simple');
const KEYWORDS = new Set([
  'true',
  'false',
  'null',
  'not',
  'and',
  'or',
  'for',
  'if',
  'some',
  'every',
  'in',
  'between',
  'instance',
  'of',
  'function',
  'then',
  'else',
  'return',
  'satisfies',
]);
const PATH = /^[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*$/;
const NUMBER = /^-?\d+(?:\.\d+)?$/;
const STRING = /^"((?:[^"\\]|\\.)*)"$/;
const COMPARISON = /^(.+?)\s*(<=|>=|!=|=|<|>)\s*(.+)$/;
const ARITHMETIC = /^([A-Za-z_$][\w$.]*)\s*([-+*/])\s*(-?\d+(?:\.\d+)?)$/;

function literal(text: string): { value: unknown } | null {
  if (NUMBER.test(text)) return { value: Number(text) };
  const s = STRING.exec(text);
  if (s) return s[1]!.includes('\\') ? null : { value: s[1] };
  if (text === 'true') return { value: true };
  if (text === 'false') return { value: false };
  if (text === 'null') return { value: null };
  return null;
}

function pathGetter(text: string): Compiled | null {
  if (!PATH.test(text)) return null;
  const parts = text.split('.');
  if (parts.some((p) => KEYWORDS.has(p))) return null;
  return (ctx) => {
    let v: unknown = ctx;
    for (const p of parts) {
      if (v === null || typeof v !== 'object' || Array.isArray(v)) return null;
      v = Object.hasOwn(v, p) ? (v as Record<string, unknown>)[p] : null;
      if (v === undefined) return null;
    }
    return v;
  };
}

function scalar(v: unknown): 'number' | 'string' | 'boolean' | 'null' | null {
  if (v === null) return 'null';
  const t = typeof v;
  return t === 'number' || t === 'string' || t === 'boolean' ? t : null;
}

function compileSimple(source: string): Compiled | null {
  const text = source.trim();
  const lit = literal(text);
  if (lit) return () => lit.value;
  const path = pathGetter(text);
  if (path) {
    return (ctx) => {
      const v = path(ctx);
      // Functions, dates and other non-JSON values: let feelin decide what they are.
      if (v !== null && typeof v === 'object' && !isPlainJson(v)) return NOT_SIMPLE;
      if (typeof v === 'function') return NOT_SIMPLE;
      return typeof v === 'number' ? Number(v.toPrecision(15)) : v;
    };
  }
  const a = ARITHMETIC.exec(text);
  if (a) {
    const get = pathGetter(a[1]!);
    const k = Number(a[3]);
    const op = a[2]!;
    if (!get) return null;
    return (ctx) => {
      const v = get(ctx);
      if (v === null) return null;
      if (typeof v !== 'number') return NOT_SIMPLE;
      const r = op === '+' ? v + k : op === '-' ? v - k : op === '*' ? v * k : k === 0 ? null : v / k;
      return r === null || !Number.isFinite(r) ? null : Number(r.toPrecision(15));
    };
  }
  const m = COMPARISON.exec(text);
  if (!m) return null;
  const left = pathGetter(m[1]!.trim());
  const right = literal(m[3]!.trim());
  const op = m[2]!;
  if (!left || !right) return null;
  const r = right.value;
  const rType = scalar(r);
  return (ctx) => {
    const l = left(ctx);
    const lType = scalar(l);
    if (lType === null) return NOT_SIMPLE;
    if (op === '=' || op === '!=') {
      if (lType === 'null' || rType === 'null') return op === '=' ? l === r : l !== r;
      if (lType !== rType) return NOT_SIMPLE;
      return op === '=' ? l === r : l !== r;
    }
    if (lType === 'null' || rType === 'null') return null;
    if (lType !== rType || lType === 'boolean') return NOT_SIMPLE;
    const a = l as number | string;
    const b = r as number | string;
    return op === '<' ? a < b : op === '<=' ? a <= b : op === '>' ? a > b : a >= b;
  };
}

function isPlainJson(v: object): boolean {
  const proto = Object.getPrototypeOf(v);
  return Array.isArray(v) || proto === Object.prototype || proto === null;
}

const compiled = new Map<string, { syntax: string | null; fast: Compiled | null }>();

/** Evaluates a FEEL expression (with or without `=`): fast path when simple, feelin otherwise. */
export function evaluateExpression(expression: string, context: Record<string, unknown>): unknown {
  const source = stripEquals(expression);
  let entry = compiled.get(source);
  if (!entry) {
    entry = { syntax: feelSyntaxError(source), fast: null };
    if (!entry.syntax) entry.fast = compileSimple(source);
    if (compiled.size > 10_000) compiled.clear();
    compiled.set(source, entry);
  }
  if (entry.syntax) throw new FeelError(expression, entry.syntax);
  if (entry.fast) {
    const value = entry.fast(context);
    if (value !== NOT_SIMPLE) return value;
  }
  return evaluateFeel(source, context);
}

/** A FEEL condition: null (e.g. a missing variable) is false; any other non-boolean is an error. */
export function evaluateConditionExpression(expression: string, context: Record<string, unknown>): boolean {
  const value = evaluateExpression(expression, context);
  if (value === null || value === undefined) return false;
  if (typeof value !== 'boolean')
    throw new FeelError(expression, `condition gave ${JSON.stringify(value)}, not a boolean`);
  return value;
}
