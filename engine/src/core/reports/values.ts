// Reading and comparing the values of report rows (pure). Amounts arrive as decimal strings
// ("1234.50") or JSON numbers; arithmetic and comparison go through big.js, never binary floats.
import Big from 'big.js';

const DECIMAL = /^-?(0|[1-9][0-9]*)(\.[0-9]+)?$/;

/** The value at a dotted path (objects only; an array along the way gives undefined). */
export function valueAt(row: unknown, path: string): unknown {
  let cur: unknown = row;
  for (const part of path.split('.')) {
    if (cur === null || typeof cur !== 'object' || Array.isArray(cur)) return undefined;
    cur = (cur as Record<string, unknown>)[part];
  }
  return cur;
}

/** A decimal for a number or decimal string; null for anything else (absent, text, boolean). */
export function toDecimal(value: unknown): Big | null {
  if (typeof value === 'number') return Number.isFinite(value) ? new Big(String(value)) : null;
  if (typeof value === 'string' && DECIMAL.test(value.trim())) return new Big(value.trim());
  return null;
}

/** "12.5" with 2 places → "12.50"; never "-0.00". */
export function decimalText(value: Big, places = 2): string {
  const s = value.round(places, Big.roundHalfUp).toFixed(places);
  return /^-0(\.0*)?$/.test(s) ? s.slice(1) : s;
}

/**
 * Orders two values: numerically when both are numbers or decimal strings, otherwise as text
 * (ISO dates and date-times sort correctly as text). null/undefined sort first.
 */
export function compareValues(a: unknown, b: unknown): number {
  const aMissing = a === null || a === undefined;
  const bMissing = b === null || b === undefined;
  if (aMissing || bMissing) return aMissing === bMissing ? 0 : aMissing ? -1 : 1;
  const x = toDecimal(a);
  const y = toDecimal(b);
  if (x && y) return x.cmp(y);
  const s = typeof a === 'string' ? a : JSON.stringify(a);
  const t = typeof b === 'string' ? b : JSON.stringify(b);
  return s < t ? -1 : s > t ? 1 : 0;
}

/** Equality as a report filter means it: 100 equals "100.00"; other values by their JSON. */
export function sameValue(a: unknown, b: unknown): boolean {
  const x = toDecimal(a);
  const y = toDecimal(b);
  if (x && y && (typeof a === 'number' || typeof b === 'number')) return x.eq(y);
  if (typeof a === 'string' && typeof b === 'string') return a === b;
  return JSON.stringify(a) === JSON.stringify(b);
}
