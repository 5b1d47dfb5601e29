// Numeric keys. Camunda's APIs address instances, jobs and user tasks by number (a decimal string
// of at most 25 digits in /v2), while Forma's ids are text (`req-…`, UUIDs, `t12`). Each instance
// gets a 16-digit key derived from its id (FNV-1a, 64 bits, folded into [2^52, 2^53)), so a given
// id always has the same key — a retried start computes the same one — and every element instance
// (a token: its job, its user task) gets the instance key followed by the token's sequence number
// in 7 digits: 23 digits, readable back into the instance key and the token without a lookup.
// Derived keys can collide (two ids with the same 52-bit hash: about 1 in 10^5 for a million
// instances); the store's lookups by key then see both, and the job service refuses the ambiguity
// rather than guessing.

const FNV_OFFSET = 0xcbf29ce484222325n;
const FNV_PRIME = 0x100000001b3n;
const MASK_64 = (1n << 64n) - 1n;
const LOW = 1n << 52n;

export function instanceKeyOf(id: string): string {
  let hash = FNV_OFFSET;
  for (const byte of new TextEncoder().encode(id)) {
    hash ^= BigInt(byte);
    hash = (hash * FNV_PRIME) & MASK_64;
  }
  return (LOW + (hash % LOW)).toString();
}

const TOKEN_DIGITS = 7;

/** The key of an element instance (a token, and its job or user task). */
export function elementKeyOf(instanceKey: string, tokenId: string): string {
  const seq = tokenId.replace(/^\D+/, '');
  return `${instanceKey}${seq.padStart(TOKEN_DIGITS, '0')}`;
}

/** Splits an element key back into the instance key and the token id; null when it is not one. */
export function parseElementKey(key: string): { instanceKey: string; tokenId: string } | null {
  if (!/^\d{17,25}$/.test(key)) return null;
  const instanceKey = key.slice(0, 16);
  return { instanceKey, tokenId: `t${Number(key.slice(16))}` };
}

/** A numeric key for any text (definitions: `processId@version`). */
export const numericKeyOf = instanceKeyOf;
