// The audit log's hash chain (pure). Entry n carries the hash of entry n-1, and its own hash
// covers every field it has (but `hash`, and the store-managed `rev`), so changing, removing or
// re-ordering any stored entry breaks the chain at that point. Hashes are SHA-256 over canonical
// JSON (keys sorted, no whitespace), so they do not depend on how a store orders fields.
import { createHash } from 'node:crypto';
import type { AuditEntry } from '#schemas/generated/index.ts';
import { canonicalJson } from '../canonical-json.ts';

export { canonicalJson };

export type { AuditEntry };

export const GENESIS_HASH = '0'.repeat(64);

/** Entry ids are the sequence number zero-padded, so id order is chain order. */
export const entryId = (seq: number): string => String(seq).padStart(12, '0');

export const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

/** Digest of a document's state (for before/after): SHA-256 of its canonical JSON. */
export const digest = (value: unknown): string => sha256(canonicalJson(value));

/** The hash of an entry: everything but `hash` and the store's `rev`. */
export function entryHash(entry: Omit<AuditEntry, 'hash'> & { hash?: string; rev?: number }): string {
  const { hash: _hash, rev: _rev, ...content } = entry;
  return sha256(canonicalJson(content));
}

/** Top-level fields whose values differ between two states (the store's `rev` aside). */
export function changedFields(before: unknown, after: unknown): string[] {
  const a = (before && typeof before === 'object' ? before : {}) as Record<string, unknown>;
  const b = (after && typeof after === 'object' ? after : {}) as Record<string, unknown>;
  return [...new Set([...Object.keys(a), ...Object.keys(b)])]
    .filter((k) => k !== 'rev' && canonicalJson(a[k]) !== canonicalJson(b[k]))
    .sort();
}

export type BrokenLinkReason = 'hash-mismatch' | 'previous-hash-mismatch' | 'missing-entry' | 'bad-id';

export interface ChainReport {
  ok: boolean;
  /** Entries checked (up to and including the first broken one). */
  checked: number;
  /** The last intact sequence number (0 when none). */
  lastGoodSeq: number;
  firstBroken?: { seq: number; id: string; reason: BrokenLinkReason };
}

/** Checks a chain fed entry by entry in id order; stops at the first broken link. */
export class ChainVerifier {
  private prevHash = GENESIS_HASH;
  private expectedSeq = 1;
  private checked = 0;
  private broken: ChainReport['firstBroken'];

  /** Returns false once the chain is broken (feeding more is pointless). */
  push(entry: AuditEntry & { rev?: number }): boolean {
    if (this.broken) return false;
    this.checked++;
    const fail = (reason: BrokenLinkReason, seq = entry.seq): false => {
      this.broken = { seq, id: entryId(seq), reason };
      return false;
    };
    if (entry.seq !== this.expectedSeq) return fail('missing-entry', this.expectedSeq);
    if (entry.id !== entryId(entry.seq)) return fail('bad-id');
    if (entry.prevHash !== this.prevHash) return fail('previous-hash-mismatch');
    if (entryHash(entry) !== entry.hash) return fail('hash-mismatch');
    this.prevHash = entry.hash;
    this.expectedSeq++;
    return true;
  }

  report(): ChainReport {
    return {
      ok: !this.broken,
      checked: this.checked,
      lastGoodSeq: this.expectedSeq - 1,
      ...(this.broken ? { firstBroken: this.broken } : {}),
    };
  }
}
