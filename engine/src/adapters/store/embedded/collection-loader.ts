// Opening a collection of the embedded store from its journal, in two passes over the file so that
// memory never holds more than the live documents' ids and index keys plus what the document
// budget allows:
// 1. every line, CRC-checked, without parsing documents: which version of each id is live (its
//    location in the file), which indexes exist; a torn tail is cut off here;
// 2. only when there are indexes to fill or room in the budget: the live versions, parsed once
//    each for their index keys, their text kept while the budget has room.
import type { IndexSpec } from '#engine/ports/document-store.ts';
import type { DocumentCache } from './document-cache.ts';
import type { Doc, Entry, StoreIndex } from './entry.ts';
import { HashIndex } from './hash-index.ts';
import { readJournal } from './journal-reader.ts';
import { OrderedIndex, type OrderedKeys } from './ordered-index.ts';

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

export function loadCollection(file: string, cache: DocumentCache): Loaded {
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
  if (indexes.size === 0 && !cache.hasRoom()) return { docs, indexes, lines };

  const ordered = [...indexes.values()].filter((i): i is OrderedIndex => i instanceof OrderedIndex);
  const orderedKeys = ordered.map(() => [] as Array<readonly [string, OrderedKeys]>);
  const hashed = [...indexes.values()].filter((i) => !(i instanceof OrderedIndex));
  const indexDoc = (entry: Entry, doc: Doc): void => {
    for (const index of hashed) index.add(entry.id, index.keysOf(doc));
    ordered.forEach((index, i) => orderedKeys[i]?.push([entry.id, index.keysOf(doc)]));
  };
  const inMemory: Entry[] = [];
  readJournal(file, { verify: false }, (op, text) => {
    if (op.t !== 'put') return;
    const entry = docs.get(op.id);
    if (!entry) return;
    if (entry.at === null) {
      if (op.at < 0) inMemory.push(entry); // indexed below, from the text it keeps
      return;
    }
    if (entry.at.at !== op.at) return; // an older version of the document
    const keep = cache.hasRoom();
    if (indexes.size === 0 && !keep) return;
    const json = text();
    if (indexes.size > 0) indexDoc(entry, JSON.parse(json) as Doc);
    if (keep) {
      entry.text = json;
      cache.hold(entry);
    }
  });
  for (const entry of new Set(inMemory)) indexDoc(entry, JSON.parse(entry.text as string) as Doc);
  ordered.forEach((index, i) => index.addAll(orderedKeys[i] ?? []));
  return { docs, indexes, lines };
}
