// The audit hash chain (pure): canonical hashing, sealing with the audit key, and the verifier's
// report for an intact chain, an unkeyed (legacy) chain and one that was keyed later.
import { describe, expect, it } from 'vitest';
import { AuditKeys } from '#engine/core/audit/audit-keys.ts';
import {
  canonicalJson,
  changedFields,
  entryHash,
  entrySeal,
  type AuditEntry,
} from '#engine/core/audit/chain.ts';
import { auditKeys, chain, verify } from './support.ts';

describe('audit chain', () => {
  it('hashes canonical JSON: key order and the store revision do not matter', () => {
    expect(canonicalJson({ b: 1, a: [{ d: 2, c: undefined }] })).toBe('{"a":[{"d":2}],"b":1}');
    const keys = auditKeys('a1');
    for (const k of [null, keys]) {
      const [e] = chain(1, k) as [AuditEntry];
      const reordered = Object.fromEntries(Object.entries(e).reverse()) as AuditEntry;
      const again = k
        ? entrySeal({ ...reordered, rev: 7 } as AuditEntry, k)
        : entryHash({ ...reordered, rev: 7 });
      expect(again).toBe(e.hash);
    }
  });

  it('writes the canonical text old chains were sealed over (escapes, numbers, undefined, nesting)', () => {
    // The text the first (map/filter/join) version produced for these values: seals made then
    // must still verify.
    const value = {
      'z"q': ['x\n', 1.5, -0, 1e21, NaN, null, undefined, true, { '': [] }],
      b: { y: undefined, x: '中文\u2028', a: {} },
      a: 'é',
      u: undefined,
    };
    expect(canonicalJson(value)).toBe(
      '{"a":"é","b":{"a":{},"x":"中文\u2028"},"z\\"q":["x\\n",1.5,0,1e+21,null,null,null,true,{"":[]}]}',
    );
    expect(canonicalJson(undefined)).toBe('null');
    expect(canonicalJson([undefined])).toBe('[null]');
    expect(canonicalJson('s')).toBe('"s"');
  });

  it('seals with the active key and names it; the public hash is not the seal', () => {
    const keys = auditKeys('a2', 'a1');
    const [e] = chain(1, keys) as [AuditEntry];
    expect(e.keyId).toBe('a2');
    expect(e.hash).not.toBe(entryHash(e));
    expect(entrySeal(e, auditKeys('a2'))).not.toBe(e.hash); // another key "a2" seals differently
  });

  it('accepts an intact chain, keyed or not, and a chain keyed after it began', () => {
    const keys = auditKeys('a1');
    expect(verify(chain(5, keys), keys)).toMatchObject({
      ok: true,
      checked: 5,
      headSeq: 5,
      lastGoodSeq: 5,
      keyConfigured: true,
      keyedFromSeq: 1,
      legacyEntries: 0,
      problems: [],
    });
    expect(verify([], keys)).toMatchObject({ ok: true, checked: 0, headSeq: 0, lastGoodSeq: 0 });
    expect(verify(chain(4, null), null)).toMatchObject({ ok: true, legacyEntries: 4, keyConfigured: false });

    // An installation upgraded at entry 4: the three older entries still verify by the public hash.
    const legacy = chain(3, null);
    const upgraded = [...legacy, ...chain(3, keys, { seq: 3, hash: legacy[2]!.hash })];
    expect(verify(upgraded, keys)).toMatchObject({ ok: true, keyedFromSeq: 4, legacyEntries: 3, headSeq: 6 });
  });

  it('verifies entries sealed with a retired key as long as the keyring keeps it', () => {
    const old = auditKeys('a1');
    const first = chain(2, old);
    const rotated = new AuditKeys(old.keyring.withNewActiveKey());
    const entries = [...first, ...chain(2, rotated, { seq: 2, hash: first[1]!.hash })];
    expect(entries[3]!.keyId).toBe(rotated.activeId);
    expect(verify(entries, rotated).ok).toBe(true);
    // Without the old key the first two cannot be checked: said so, not passed.
    const withoutOld = new AuditKeys(rotated.keyring.without(['a1']));
    expect(verify(entries, withoutOld).problems).toEqual([
      { kind: 'unverifiable', reason: 'unknown-key', fromSeq: 1, toSeq: 2 },
    ]);
  });

  it('lists changed top-level fields, ignoring the revision', () => {
    expect(changedFields({ a: 1, b: { c: 1 }, rev: 1 }, { a: 1, b: { c: 2 }, d: 3, rev: 2 })).toEqual([
      'b',
      'd',
    ]);
  });
});
