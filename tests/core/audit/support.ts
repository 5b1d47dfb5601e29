// Chains of audit entries for the pure tests: sealed with test keys, or unkeyed as before.
import { AuditKeys } from '#engine/core/audit/audit-keys.ts';
import { entryId, GENESIS_HASH, sealEntry, type AuditEntry } from '#engine/core/audit/chain.ts';
import type { AuditAnchor } from '#engine/core/audit/anchors.ts';
import { ChainVerifier } from '#engine/core/audit/verify.ts';
import { generateKeyMaterial, Keyring } from '#engine/core/crypto/keyring.ts';

export function auditKeys(...ids: string[]): AuditKeys {
  const keys = ids.map((id) => ({ ...generateKeyMaterial(), id }));
  return new AuditKeys(new Keyring(keys, ids[0]!));
}

/**
 * `n` entries after `from` (a head), sealed with `keys` (null: the unkeyed chain of old); `branch`
 * goes into their details, so two chains grown from one head differ.
 */
export function chain(
  n: number,
  keys: AuditKeys | null,
  from: { seq: number; hash: string } = { seq: 0, hash: GENESIS_HASH },
  branch = 0,
): AuditEntry[] {
  const out: AuditEntry[] = [];
  let prev = from.hash;
  for (let seq = from.seq + 1; seq <= from.seq + n; seq++) {
    const entry = sealEntry(
      {
        id: entryId(seq),
        seq,
        at: new Date(Date.UTC(2026, 0, 1, 0, 0, seq)).toISOString(),
        action: 'user.update',
        resource: 'users',
        outcome: 'success',
        details: { n: seq, ...(branch ? { branch } : {}) },
        prevHash: prev,
      },
      keys,
    );
    out.push(entry);
    prev = entry.hash;
  }
  return out;
}

export const verify = (
  entries: AuditEntry[],
  keys: AuditKeys | null,
  anchors: AuditAnchor[] = [],
  extra: AuditAnchor[] = [],
) => {
  const v = new ChainVerifier(keys, anchors, extra);
  for (const e of entries) v.push(e);
  return v.report();
};
