// The three attacks on the audit log — an entry edited, the last entries deleted, the chain
// re-hashed from an entry with the public hash function — and their variants, each reported with
// its kind and where; anchors taken outside the store are what reveal a truncation.
import { describe, expect, it } from 'vitest';
import { makeAnchor, type AuditAnchor } from '#engine/core/audit/anchors.ts';
import { entryHash, entryId, type AuditEntry } from '#engine/core/audit/chain.ts';
import { auditKeys, chain, verify } from './support.ts';

const keys = auditKeys('a1');
const anchorOf = (e: AuditEntry, kind: AuditAnchor['kind'] = 'head') =>
  makeAnchor(keys, e, kind, '2026-01-02T00:00:00.000Z');

/** Re-hashes entries from index `from` on with the public SHA-256, as a forger without the key can. */
function rehashFrom(entries: AuditEntry[], from: number, dropKeyId: boolean): AuditEntry[] {
  const out = entries.slice(0, from);
  for (const e of entries.slice(from)) {
    const { hash: _h, keyId, ...rest } = e;
    const content = {
      ...rest,
      ...(dropKeyId ? {} : { keyId }),
      prevHash: out.at(-1)?.hash ?? e.prevHash,
      ...(e === entries[from] ? { details: { n: 0 } } : {}),
    };
    out.push({ ...content, hash: entryHash(content) } as AuditEntry);
  }
  return out;
}

describe('audit chain tampering', () => {
  it('edit: one entry changed in place is "edited" at that entry, the rest intact', () => {
    const entries = chain(8, keys);
    entries[4] = { ...entries[4]!, details: { n: 500 } };
    expect(verify(entries, keys)).toMatchObject({
      ok: false,
      lastGoodSeq: 4,
      firstBroken: { seq: 5, id: entryId(5), reason: 'hash-mismatch' },
      problems: [{ kind: 'edited', reason: 'hash-mismatch', fromSeq: 5, toSeq: 5 }],
    });
  });

  it('edit with its hash recomputed publicly: "rewritten" at that entry, not at the next', () => {
    const entries = chain(8, keys);
    const forged = { ...entries[4]!, details: { n: 500 } };
    entries[4] = { ...forged, hash: entryHash(forged) };
    expect(verify(entries, keys).problems).toEqual([
      { kind: 'rewritten', reason: 'public-rehash', fromSeq: 5, toSeq: 5 },
    ]);
  });

  it('re-hash: the chain rewritten from an entry on with the public hash is "rewritten" from there to the end', () => {
    const entries = chain(10, keys);
    expect(verify(rehashFrom(entries, 3, false), keys)).toMatchObject({
      ok: false,
      lastGoodSeq: 3,
      problems: [{ kind: 'rewritten', reason: 'public-rehash', fromSeq: 4, toSeq: 10 }],
    });
    // Passing the rewritten entries off as ones from before the key: refused after a keyed one.
    expect(verify(rehashFrom(entries, 3, true), keys).problems).toEqual([
      { kind: 'rewritten', reason: 'unkeyed-after-keyed', fromSeq: 4, toSeq: 10 },
    ]);
    // …and rewriting the whole chain as an unkeyed one: it verifies on its own, the anchors do not.
    const all = rehashFrom(entries, 0, true);
    expect(verify(all, keys).ok).toBe(true);
    expect(verify(all, keys, [anchorOf(entries[6]!)]).problems).toEqual([
      {
        kind: 'rewritten',
        reason: 'anchor-mismatch',
        fromSeq: 1,
        toSeq: 7,
        anchor: { kind: 'head', seq: 7, at: '2026-01-02T00:00:00.000Z' },
      },
    ]);
  });

  it('truncate: deleting the last entries verifies alone, and is "truncated" against an anchor', () => {
    const entries = chain(10, keys);
    const cut = entries.slice(0, 7);
    expect(verify(cut, keys).ok).toBe(true); // what the unanchored chain could not see
    expect(verify(cut, keys, [anchorOf(entries[4]!), anchorOf(entries[9]!)])).toMatchObject({
      ok: false,
      headSeq: 7,
      lastGoodSeq: 7,
      problems: [
        {
          kind: 'truncated',
          reason: 'anchor-beyond-head',
          fromSeq: 8,
          toSeq: 10,
          anchor: { kind: 'head', seq: 10 },
        },
      ],
    });
    // Everything deleted.
    expect(verify([], keys, [anchorOf(entries[9]!)]).problems[0]).toMatchObject({
      kind: 'truncated',
      fromSeq: 1,
      toSeq: 10,
    });
  });

  it('truncate and go on: Forma appended sealed entries after the cut, the anchored entry differs', () => {
    const entries = chain(10, keys);
    const regrown = [...entries.slice(0, 6), ...chain(6, keys, { seq: 6, hash: entries[5]!.hash }, 2)];
    expect(verify(regrown, keys).ok).toBe(true);
    expect(verify(regrown, keys, [anchorOf(entries[2]!), anchorOf(entries[8]!)]).problems).toEqual([
      {
        kind: 'truncated',
        reason: 'anchor-mismatch',
        fromSeq: 4,
        toSeq: 9,
        anchor: { kind: 'head', seq: 9, at: '2026-01-02T00:00:00.000Z' },
      },
    ]);
  });

  it('delete from the middle: "deleted" with the missing range', () => {
    const entries = chain(10, keys);
    entries.splice(3, 2);
    expect(verify(entries, keys)).toMatchObject({
      lastGoodSeq: 3,
      problems: [{ kind: 'deleted', reason: 'missing-entry', fromSeq: 4, toSeq: 5 }],
    });
  });

  it('legacy entries re-hashed before the key was introduced show at the first sealed entry', () => {
    const legacy = chain(5, null);
    const sealed = chain(3, keys, { seq: 5, hash: legacy[4]!.hash });
    const forged = rehashFrom(legacy, 2, true);
    expect(verify([...forged, ...sealed], keys).problems).toEqual([
      { kind: 'rewritten', reason: 'previous-hash-mismatch', fromSeq: 5, toSeq: 5 },
    ]);
    const edited = [...legacy];
    edited[1] = { ...edited[1]!, details: { n: 9 } };
    expect(verify([...edited, ...sealed], keys).problems).toEqual([
      { kind: 'edited', reason: 'hash-mismatch', fromSeq: 2, toSeq: 2 },
    ]);
  });

  it('anchors: a forged or damaged anchor is reported, a restore supersedes the anchors before it', () => {
    const entries = chain(6, keys);
    const forged = { ...anchorOf(entries[5]!), seq: 60 };
    expect(verify(entries, keys, [forged]).problems).toEqual([
      {
        kind: 'forged-anchor',
        reason: 'anchor-seal',
        fromSeq: 60,
        toSeq: 60,
        anchor: { kind: 'head', seq: 60, at: forged.at },
      },
    ]);
    expect(verify(entries, keys, [forged]).lastGoodSeq).toBe(6);
    // A sealed anchor of another installation's key: not compared, counted.
    const foreign = makeAnchor(auditKeys('b1'), entries[5]!, 'head', forged.at);
    expect(verify(entries, keys, [foreign])).toMatchObject({ ok: true, anchors: { unverifiable: 1 } });

    // Anchors of seq 20 before a restore to a backup holding 6 entries: superseded, not a truncation.
    const before = makeAnchor(keys, { seq: 20, hash: 'f'.repeat(64) }, 'head', '2026-01-01T00:00:00.000Z');
    const restore = anchorOf(entries[5]!, 'restore');
    expect(verify(entries, keys, [before, restore])).toMatchObject({
      ok: true,
      anchors: { checked: 1, superseded: 1, latest: { kind: 'restore', seq: 6 } },
    });
    // The same anchor given by hand (a backup manifest, an e-mail) is compared whatever came after.
    expect(verify(entries, keys, [before, restore], [before]).problems[0]).toMatchObject({
      kind: 'truncated',
      fromSeq: 7,
      toSeq: 20,
    });
  });
});
