// Anchors of the audit chain (pure): "at time T the chain's entry S had hash H", sealed with the
// audit key and kept outside the store — an append-only file in another directory, the manifest of
// every backup, the administrators' e-mail. A chain whose entries all verify can still have lost
// its last entries, or been cut back and grown again; only a record of its head made elsewhere,
// earlier, shows that. The seal stops a forger from writing anchors of their own.
//
// Kinds: `head` (taken at intervals and on shutdown), `backup` (the head a backup holds), `mail`
// (sent to the administrators), `restore` (a backup was restored: the chain went back to that
// backup's head on purpose, so older anchors describe a history that was replaced).
import { canonicalJson } from '../canonical-json.ts';
import type { AuditKeys } from './audit-keys.ts';

export const ANCHOR_KINDS = ['head', 'backup', 'mail', 'restore'] as const;
export type AnchorKind = (typeof ANCHOR_KINDS)[number];

export interface AuditAnchor {
  v: 1;
  kind: AnchorKind;
  /** The sequence number of the entry anchored. */
  seq: number;
  /** That entry's hash. */
  hash: string;
  /** When the anchor was taken (ISO). */
  at: string;
  /** The audit key that sealed the anchor. */
  keyId: string;
  /** HMAC-SHA-256 (hex) of the fields above. */
  mac: string;
}

export type AnchorCheck = 'ok' | 'forged' | 'unknown-key';

const ANCHOR_SEAL_PREFIX = 'forma-audit-anchor/v1\n';

const sealed = (a: Omit<AuditAnchor, 'mac' | 'keyId'>): string =>
  ANCHOR_SEAL_PREFIX + canonicalJson({ v: a.v, kind: a.kind, seq: a.seq, hash: a.hash, at: a.at });

export function makeAnchor(
  keys: AuditKeys,
  head: { seq: number; hash: string },
  kind: AnchorKind,
  at: string,
): AuditAnchor {
  const content = { v: 1 as const, kind, seq: head.seq, hash: head.hash, at };
  return { ...content, keyId: keys.activeId, mac: keys.mac(keys.activeId, sealed(content)) as string };
}

/** Whether an anchor is one this installation's audit keys sealed. */
export function checkAnchor(keys: AuditKeys, anchor: AuditAnchor): AnchorCheck {
  if (!keys.has(anchor.keyId)) return 'unknown-key';
  return keys.verify(anchor.keyId, sealed(anchor), anchor.mac) ? 'ok' : 'forged';
}

/** Whether a parsed value has an anchor's shape (anchor files and pasted anchors are untrusted). */
export function isAnchor(value: unknown): value is AuditAnchor {
  const a = value as Partial<AuditAnchor> | null;
  return (
    typeof a === 'object' &&
    a !== null &&
    a.v === 1 &&
    ANCHOR_KINDS.includes(a.kind as AnchorKind) &&
    Number.isSafeInteger(a.seq) &&
    (a.seq as number) >= 0 &&
    typeof a.hash === 'string' &&
    typeof a.at === 'string' &&
    typeof a.keyId === 'string' &&
    typeof a.mac === 'string'
  );
}

/**
 * The anchors that describe the chain as it is now, in the order they were written: those after
 * the last restore anchor (itself included). A restore replaces the chain with a backup's, so what
 * was anchored before it no longer applies; `superseded` counts those.
 */
export function anchorsInForce(anchors: readonly AuditAnchor[]): {
  inForce: AuditAnchor[];
  superseded: number;
} {
  let last = -1;
  anchors.forEach((a, i) => {
    if (a.kind === 'restore') last = i;
  });
  return { inForce: anchors.slice(Math.max(last, 0)), superseded: Math.max(last, 0) };
}
