// Ordering and equality of JSON values the way MongoDB orders BSON (pure): values of different
// types order by type bracket (missing/null < numbers < strings < objects < arrays < booleans),
// values of the same bracket by value.

/** The type bracket of a value: values of different brackets never compare equal or in a range. */
export function bracket(v: unknown): number {
  if (v === undefined || v === null) return 1;
  switch (typeof v) {
    case 'number':
      return 2;
    case 'string':
      return 3;
    case 'boolean':
      return 8;
    case 'object':
      return Array.isArray(v) ? 5 : 4;
    default:
      return 10;
  }
}

/**
 * MongoDB compares strings by their UTF-8 bytes (simple binary collation). UTF-16 code-unit order
 * agrees with that except when both differing units are at or above U+D800 (a surrogate against a
 * high BMP character), where we fall back to comparing bytes.
 */
function compareStrings(a: string, b: string): number {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const ca = a.charCodeAt(i);
    const cb = b.charCodeAt(i);
    if (ca !== cb) {
      if (ca >= 0xd800 && cb >= 0xd800) return Buffer.compare(Buffer.from(a), Buffer.from(b));
      return ca < cb ? -1 : 1;
    }
  }
  return a.length < b.length ? -1 : 1;
}

/** -1, 0 or 1. */
export function compareValues(a: unknown, b: unknown): number {
  const ba = bracket(a);
  const bb = bracket(b);
  if (ba !== bb) return ba < bb ? -1 : 1;
  switch (ba) {
    case 1:
      return 0;
    case 2:
      return (a as number) < (b as number) ? -1 : (a as number) > (b as number) ? 1 : 0;
    case 3:
      return compareStrings(a as string, b as string);
    case 8:
      return a === b ? 0 : a ? 1 : -1;
    case 5: {
      const x = a as unknown[];
      const y = b as unknown[];
      for (let i = 0; i < Math.min(x.length, y.length); i++) {
        const c = compareValues(x[i], y[i]);
        if (c !== 0) return c;
      }
      return x.length === y.length ? 0 : x.length < y.length ? -1 : 1;
    }
    case 4: {
      const x = Object.entries(a as object);
      const y = Object.entries(b as object);
      for (let i = 0; i < Math.min(x.length, y.length); i++) {
        const [kx, vx] = x[i] as [string, unknown];
        const [ky, vy] = y[i] as [string, unknown];
        const c = compareValues(vx, vy);
        if (c !== 0) return c;
        if (kx !== ky) return kx < ky ? -1 : 1;
      }
      return x.length === y.length ? 0 : x.length < y.length ? -1 : 1;
    }
    default:
      return 0;
  }
}

/** Deep equality with MongoDB's rules (object key order matters, like BSON). */
export function valuesEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if ((a === null || a === undefined) && (b === null || b === undefined)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  return compareValues(a, b) === 0;
}

/** True when both values are in the same bracket, i.e. $gt/$lt may compare them. */
export function comparable(a: unknown, b: unknown): boolean {
  return bracket(a) === bracket(b);
}
