// Filling a collection's indexes in the background after it opened (embedded-collection.ts keeps
// them out of query plans until done, and keeps them current on writes for the documents already
// passed): a slice of documents at a time, yielding to the event loop between, first reading the
// journal file in order (each live version parsed once), then whatever that pass could not reach
// — documents written, or moved by a compaction, meanwhile — from memory or by their location.
import { objOf, type Doc, type Entry, type EntrySource, type StoreIndex } from './entry.ts';
import type { DocLocation } from './journal.ts';
import { JournalReader } from './journal-reader.ts';
import { OrderedIndex } from './ordered-index.ts';

export interface PendingIndexes {
  docs: Map<string, Entry>;
  /** The indexes to fill; cleared when done. */
  pending: Set<StoreIndex>;
  /** Marks the entries this build has indexed (`entry.indexedBy`). */
  build: number;
  read(at: DocLocation): string;
  closed(): boolean;
}

const SLICE = 2_000;
const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

export async function fillInBackground(file: string, target: PendingIndexes): Promise<void> {
  const index = (entry: Entry, doc: Doc): void => {
    for (const i of target.pending) i.add(entry.id, i.keysOf(doc));
    entry.indexedBy = target.build;
  };
  const reader = new JournalReader(file, { verify: false });
  try {
    for (let done = false; !done;) {
      await tick();
      if (target.closed()) return;
      for (let i = 0; i < SLICE; i++) {
        const op = reader.next();
        if (op === null) {
          done = true;
          break;
        }
        if (op.t !== 'put') continue;
        const entry = target.docs.get(op.id);
        if (!entry || entry.indexedBy === target.build || entry.at?.at !== op.at) continue;
        index(entry, entry.obj ?? (JSON.parse(reader.text()) as Doc));
      }
    }
  } finally {
    reader.close();
  }
  const rest = target.docs.values(); // live: it also reaches documents inserted meanwhile
  for (;;) {
    await tick();
    if (target.closed()) return;
    for (let i = 0; i < SLICE; i++) {
      const next = rest.next();
      if (next.done) {
        target.pending.clear();
        return;
      }
      const entry = next.value;
      if (entry.indexedBy === target.build) continue;
      index(entry, entry.obj ?? (JSON.parse(entry.text ?? target.read(entry.at as DocLocation)) as Doc));
    }
  }
}

/** Indexes every document into a new, empty index (ensureIndex), at once. */
export function fillIndex(index: StoreIndex, entries: Iterable<Entry>, source: EntrySource): void {
  if (index instanceof OrderedIndex) {
    const pairs: Array<readonly [string, unknown[] | null]> = [];
    for (const entry of entries) {
      const keys = index.keysOf(objOf(entry, source));
      entry.keys?.set(index, keys);
      pairs.push([entry.id, keys]);
    }
    index.addAll(pairs);
    return;
  }
  for (const entry of entries) {
    const keys = index.keysOf(objOf(entry, source));
    index.add(entry.id, keys);
    entry.keys?.set(index, keys);
  }
}
