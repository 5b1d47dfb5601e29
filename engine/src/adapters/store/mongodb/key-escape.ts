// MongoDB-wire servers restrict field names: FerretDB refuses any key containing '.' or starting
// with '$', and MongoDB itself treats such keys specially. The embedded store accepts any key, and
// JSON from users (audit details of a query, flow variables, report parameters) can hold them —
// so the MongoDB adapter escapes them on the way in and restores them on the way out, and both
// adapters store the same documents. The escapes are the full-width forms of the two characters.
const DOT = '.';
const DOT_ESCAPED = '\uff0e';
const DOLLAR_ESCAPED = '\uff04';

function escapeKey(key: string): string {
  let k = key.includes(DOT) ? key.replaceAll(DOT, DOT_ESCAPED) : key;
  if (k.startsWith('$')) k = DOLLAR_ESCAPED + k.slice(1);
  return k;
}

function unescapeKey(key: string): string {
  let k = key.includes(DOT_ESCAPED) ? key.replaceAll(DOT_ESCAPED, DOT) : key;
  if (k.startsWith(DOLLAR_ESCAPED)) k = `$${k.slice(1)}`;
  return k;
}

function mapKeys(value: unknown, map: (key: string) => string): unknown {
  if (Array.isArray(value)) return value.map((v) => mapKeys(v, map));
  if (value === null || typeof value !== 'object' || value instanceof Date) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[map(k)] = mapKeys(v, map);
  return out;
}

/** A deep copy whose keys MongoDB accepts. */
export const escapeKeys = <T>(value: T): T => mapKeys(value, escapeKey) as T;

/** The inverse of escapeKeys, for documents read back. */
export const unescapeKeys = <T>(value: T): T => mapKeys(value, unescapeKey) as T;
