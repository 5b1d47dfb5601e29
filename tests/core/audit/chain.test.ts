// The audit hash chain (pure): canonical hashing and the verifier's first-broken-link report.
import { describe, expect, it } from 'vitest';
import {
  canonicalJson,
  ChainVerifier,
  changedFields,
  entryHash,
  entryId,
  GENESIS_HASH,
  type AuditEntry,
} from '#engine/core/audit/chain.ts';

function chain(n: number): AuditEntry[] {
  const out: AuditEntry[] = [];
  let prev = GENESIS_HASH;
  for (let seq = 1; seq <= n; seq++) {
    const content = {
      id: entryId(seq),
      seq,
      at: `2026-01-01T00:00:0${seq}.000Z`,
      action: 'user.update',
      resource: 'users',
      outcome: 'success' as const,
      details: { n: seq },
      prevHash: prev,
    };
    const entry = { ...content, hash: entryHash(content) };
    out.push(entry);
    prev = entry.hash;
  }
  return out;
}

const verify = (entries: AuditEntry[]) => {
  const v = new ChainVerifier();
  for (const e of entries) if (!v.push(e)) break;
  return v.report();
};

describe('audit chain', () => {
  it('hashes canonical JSON: key order and the store revision do not matter', () => {
    expect(canonicalJson({ b: 1, a: [{ d: 2, c: undefined }] })).toBe('{"a":[{"d":2}],"b":1}');
    const [e] = chain(1) as [AuditEntry];
    const reordered = Object.fromEntries(Object.entries(e).reverse()) as AuditEntry;
    expect(entryHash({ ...reordered, rev: 7 } as AuditEntry)).toBe(e.hash);
  });

  it('accepts an intact chain', () => {
    expect(verify(chain(5))).toEqual({ ok: true, checked: 5, lastGoodSeq: 5 });
    expect(verify([])).toEqual({ ok: true, checked: 0, lastGoodSeq: 0 });
  });

  it('reports the first broken link: a changed, re-hashed, missing or mis-numbered entry', () => {
    const changed = chain(5);
    changed[2] = { ...changed[2]!, details: { n: 99 } };
    expect(verify(changed).firstBroken).toEqual({ seq: 3, id: entryId(3), reason: 'hash-mismatch' });

    const rehashed = chain(5);
    const forged = { ...rehashed[2]!, details: { n: 99 } };
    rehashed[2] = { ...forged, hash: entryHash(forged) };
    expect(verify(rehashed)).toMatchObject({
      lastGoodSeq: 3,
      firstBroken: { seq: 4, reason: 'previous-hash-mismatch' },
    });

    const missing = chain(5);
    missing.splice(1, 1);
    expect(verify(missing).firstBroken).toEqual({ seq: 2, id: entryId(2), reason: 'missing-entry' });

    const renamed = chain(3);
    renamed[1] = { ...renamed[1]!, id: 'x' };
    expect(verify(renamed).firstBroken?.reason).toBe('bad-id');
  });

  it('lists changed top-level fields, ignoring the revision', () => {
    expect(changedFields({ a: 1, b: { c: 1 }, rev: 1 }, { a: 1, b: { c: 2 }, d: 3, rev: 2 })).toEqual([
      'b',
      'd',
    ]);
  });
});
