// The audit log's hash chain (pure). Entry n carries the hash of entry n-1, and its own hash
// covers every field it has (but `hash`, and the store-managed `rev`), so changing, removing or
// re-ordering any stored entry breaks the chain at that point. Hashes are over canonical JSON
// (keys sorted, no whitespace), so they do not depend on how a store orders fields.
//
// Two kinds of hash: entries written since the chain is keyed carry `keyId` and their hash is an
// HMAC-SHA-256 under that audit key (audit-keys.ts) — a seal nobody without the key can redo.
// Entries written before (installations older than the keyed chain) have a plain SHA-256; they
// stay verifiable, and the first sealed entry's link to them seals them too (verify.ts).
import { createHash } from 'node:crypto';
import type { AuditEntry } from '#schemas/generated/index.ts';
import { canonicalJson, canonicalJsonWithout } from '../canonical-json.ts';
import type { AuditKeys } from './audit-keys.ts';

export { canonicalJson };

export type { AuditEntry };

export const GENESIS_HASH = '0'.repeat(64);

/** Entry ids are the sequence number zero-padded, so id order is chain order. */
export const entryId = (seq: number): string => String(seq).padStart(12, '0');

export const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

/** Digest of a document's state (for before/after): SHA-256 of its canonical JSON. */
export const digest = (value: unknown): string => sha256(canonicalJson(value));

type EntryContent = Omit<AuditEntry, 'hash'> & { hash?: string; rev?: number };

const NOT_CONTENT: ReadonlySet<string> = new Set(['hash', 'rev']);

const contentOf = (entry: EntryContent): string => canonicalJsonWithout(entry, NOT_CONTENT);

/** The public hash of an entry (the unkeyed chain): SHA-256 of everything but `hash` and `rev`. */
export function entryHash(entry: EntryContent): string {
  return sha256(contentOf(entry));
}

/** Entry seals and anchor seals are made over different prefixes, so one never passes as the other. */
const ENTRY_SEAL_PREFIX = 'forma-audit-entry/v1\n';

/** The seal of an entry under its `keyId` (undefined: no keyId, or a key this keyring lacks). */
export function entrySeal(entry: EntryContent, keys: AuditKeys): string | undefined {
  return entry.keyId === undefined ? undefined : keys.mac(entry.keyId, ENTRY_SEAL_PREFIX + contentOf(entry));
}

/** Completes an entry: sealed with the active audit key, or (no keys) hashed publicly. */
export function sealEntry(content: Omit<AuditEntry, 'hash' | 'keyId'>, keys: AuditKeys | null): AuditEntry {
  if (!keys) return { ...content, hash: entryHash(content) };
  const keyed: EntryContent = { ...content, keyId: keys.activeId };
  keyed.hash = entrySeal(keyed, keys) as string;
  return keyed as AuditEntry;
}

/** Top-level fields whose values differ between two states (the store's `rev` aside). */
export function changedFields(before: unknown, after: unknown): string[] {
  const a = (before && typeof before === 'object' ? before : {}) as Record<string, unknown>;
  const b = (after && typeof after === 'object' ? after : {}) as Record<string, unknown>;
  return [...new Set([...Object.keys(a), ...Object.keys(b)])]
    .filter((k) => k !== 'rev' && canonicalJson(a[k]) !== canonicalJson(b[k]))
    .sort();
}
