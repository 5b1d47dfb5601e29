// JSON with object keys sorted at every level and undefined members left out: equal values give
// equal text, whatever order their keys were written in (hashes of the audit chain and of form
// definitions, equality of permission grants). The audit chain's seals are computed over this
// text, so it must never change for a given value; loops rather than map/filter/join because every
// write digests its whole record with it.
export function canonicalJson(value: unknown): string {
  return canonicalJsonWithout(value);
}

/** canonicalJson of an object without the top-level keys in `omit` (without copying it first). */
export function canonicalJsonWithout(value: unknown, omit?: ReadonlySet<string>): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      if (i > 0) out += ',';
      out += canonicalJson(item === undefined ? null : item);
    }
    return `${out}]`;
  }
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj).sort();
  let out = '{';
  let first = true;
  for (const key of keys) {
    const member = obj[key];
    if (member === undefined || omit?.has(key)) continue;
    if (!first) out += ',';
    first = false;
    out += `${JSON.stringify(key)}:${canonicalJson(member)}`;
  }
  return `${out}}`;
}
