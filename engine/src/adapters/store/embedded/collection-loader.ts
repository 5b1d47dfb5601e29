// Opening a collection of the embedded store from its journal, streamed so that memory never holds
// more than the live documents' ids and locations:
// 1. every line, CRC-checked, without parsing documents: which version of each id is live (its
//    location in the file), which indexes exist; a torn tail is cut off here;
// 2. only for unique indexes, which every write checks: the live versions, parsed once each.
// The other indexes are filled afterwards, in the background (embedded-collection.ts), so that a
// large collection opens in the time it takes to read its file once.
import type { IndexSpec } from '#engine/ports/document-store.ts';
import type { Doc, Entry, StoreIndex } from './entry.ts';
import { HashIndex } from './hash-index.ts';
import { readJournal } from './journal-reader.ts';
import { OrderedIndex } from './ordered-index.ts';

/** A hash index for equality, or an ordered one when the spec asks for ranges and sorts. */
export function makeIndex(spec: IndexSpec): StoreIndex {
  return spec.ordered && !spec.unique ? new OrderedIndex(spec) : new HashIndex(spec);
}

export interface Loaded {
  docs: Map<string, Entry>;
  indexes: Map<string, StoreIndex>;
  /** Lines in the journal (for the compaction heuristic). */
  lines: number;
}

export function loadCollection(file: string): Loaded {
  const docs = new Map<string, Entry>();
  const indexes = new Map<string, StoreIndex>();
  const lines = readJournal(file, { verify: true }, (op) => {
    if (op.t === 'put') {
      const at = op.at < 0 ? null : { at: op.at, bytes: op.bytes };
      const entry = docs.get(op.id);
      if (entry) {
        entry.rev = op.rev;
        entry.at = at;
        entry.text = op.text;
      } else docs.set(op.id, { id: op.id, rev: op.rev, at, ...(op.text ? { text: op.text } : {}) });
    } else if (op.t === 'del') docs.delete(op.id);
    else {
      // A later entry for the same name replaces the index (a hash index made ordered).
      const index = makeIndex(op.spec as IndexSpec);
      indexes.set(index.name, index);
    }
  });
  const unique = [...indexes.values()].filter((i) => i.unique);
  if (unique.length === 0) return { docs, indexes, lines };
  readJournal(file, { verify: false }, (op, text) => {
    if (op.t !== 'put') return;
    const entry = docs.get(op.id);
    if (!entry || entry.at === null || entry.at.at !== op.at) return; // an older version
    const doc = JSON.parse(text()) as Doc;
    for (const index of unique) index.add(entry.id, index.keysOf(doc));
  });
  // Documents from lines of another shape keep their text in memory (their `at` is null).
  for (const entry of docs.values())
    if (entry.at === null) {
      const doc = JSON.parse(entry.text as string) as Doc;
      for (const index of unique) index.add(entry.id, index.keysOf(doc));
    }
  return { docs, indexes, lines };
}
