// FEEL with an instance's variables in scope. The current time comes from the step context (so
// `now()` and `today()` follow the injectable clock), and caller-supplied values and functions
// (the requester, org-chart functions such as `manager(user)`) join the context.
import { evaluate } from 'feelin';
import { evaluateFeel } from '../feel/feel.ts';

type Fn = ((...args: never[]) => unknown) & { $args?: string[] };

/** feelin reads a JS function's parameter names from its source; declare them so any function works. */
export function feelFunction<F extends Fn>(fn: F): F {
  if (!Array.isArray(fn.$args)) {
    const names = Array.from({ length: fn.length }, (_, i) => `p${i}`);
    Object.defineProperty(fn, '$args', { value: names, enumerable: false });
  }
  return fn;
}

const clockCache = new Map<number, Record<string, unknown>>();

/** `now()` and `today()` for a given epoch-ms, built once per distinct time. */
export function clockFunctions(now: number): Record<string, unknown> {
  let fns = clockCache.get(now);
  if (!fns) {
    const iso = new Date(now).toISOString();
    const dateTime = evaluate(`date and time("${iso}")`, {}).value;
    const date = evaluate(`date("${iso.slice(0, 10)}")`, {}).value;
    fns = { now: feelFunction(() => dateTime), today: feelFunction(() => date) };
    if (clockCache.size > 64) clockCache.clear();
    clockCache.set(now, fns);
  }
  return fns;
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

export { evaluateFeel };
