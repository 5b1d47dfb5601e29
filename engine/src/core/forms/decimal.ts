// Decimal arithmetic for money and percentages (big.js; never binary floats). Amounts are stored
// as strings with exactly two decimals ("1234.50"). Browser-safe: the designer uses it too.
import Big from 'big.js';

/** A plain decimal string: optional minus, digits, optional fraction (no exponent, no spaces). */
export const DECIMAL = /^-?(0|[1-9][0-9]*)(\.[0-9]+)?$/;

export function isDecimalString(value: unknown): value is string {
  return typeof value === 'string' && DECIMAL.test(value);
}

/** "12.5" → "12.50", "-0" → "0.00". The input must already be a valid money string. */
export function normalizeMoney(value: string): string {
  return fixed(new Big(value), 2);
}

/**
 * Rounds a number or decimal string half-up to `places` decimals and returns the string. A number
 * goes through its shortest decimal representation (String(0.1 + 0.2) is "0.30000000000000004",
 * rounding gives "0.30").
 */
export function roundDecimal(value: number | string, places = 2): string {
  if (typeof value === 'number' && !Number.isFinite(value)) throw new RangeError(`${value} is not a decimal`);
  return fixed(new Big(value).round(places, Big.roundHalfUp), places);
}

/** -1, 0 or 1; both sides decimal strings or numbers. */
export function compareDecimal(a: number | string, b: number | string): number {
  return new Big(a).cmp(new Big(b));
}

function fixed(value: Big, places: number): string {
  const s = value.toFixed(places);
  return /^-0(\.0*)?$/.test(s) ? s.slice(1) : s;
}
