// How the embedded store holds a document. The journal is where documents live: an entry always
// knows where its latest version lies in its collection's journal file. Its JSON text (parsed to
// hand a copy to a reader) and, once a query has needed it, the parsed object the filter matcher
// reads are a cache, kept while the store's document budget allows (document-cache.ts) and read
// back from the file when evicted — so collections that are rarely read (history, audit) cost
// memory for their ids and indexes, not their documents. A write serialises the caller's
// document once and keeps its text, so writing costs one JSON.stringify, and the objects the
// store keeps are never the ones callers hold.
import type { IndexSpec, Sort, Stored } from '#engine/ports/document-store.ts';
import { compareValues } from '../query/compare.ts';
import { getPath, splitPath } from '../query/paths.ts';
import type { DocLocation } from './journal.ts';

export type Doc = Record<string, unknown> & { id: string; rev: number };

/** What every secondary index offers the collection (HashIndex, OrderedIndex). */
export interface StoreIndex {
  readonly name: string;
  readonly unique: boolean;
  readonly spec: IndexSpec;
  keysOf(doc: Record<string, unknown>): unknown;
  sameKeys(a: unknown, b: unknown): boolean;
  add(id: string, keys: unknown): void;
  remove(id: string, keys: unknown): void;
}

/** A stored document. Without text and obj, its document is read back from `at` in the journal. */
export interface Entry {
  id: string;
  rev: number;
  /** Where the document lies in the journal; null only for a line the store did not write itself. */
  at: DocLocation | null;
  text?: string;
  obj?: Doc;
  /** Its keys per index, so that replacing it need not recompute them. */
  keys?: Map<StoreIndex, unknown>;
  /** The background index build that has indexed this entry (embedded-collection.ts). */
  indexedBy?: number;
  /** Bookkeeping of the document cache. */
  cached?: boolean;
  used?: boolean;
  size?: number;
}

/** Where entries' documents come from when they are not in memory, and the cache keeping them. */
export interface EntrySource {
  read(at: DocLocation): string;
  /** Counts an entry's text and object against the budget (it just got one of them). */
  hold(entry: Entry): void;
}

export function textOf(entry: Entry, source: EntrySource): string {
  if (entry.text !== undefined) {
    entry.used = true;
    return entry.text;
  }
  entry.text = entry.obj ? JSON.stringify(entry.obj) : source.read(entry.at as DocLocation);
  source.hold(entry);
  return entry.text;
}

/** The parsed document, kept for the matcher; never handed to callers. */
export function objOf(entry: Entry, source: EntrySource): Doc {
  if (entry.obj !== undefined) {
    entry.used = true;
    return entry.obj;
  }
  entry.obj = JSON.parse(textOf(entry, source)) as Doc;
  source.hold(entry);
  return entry.obj;
}

/** A fresh copy for a caller. */
export function copyOut<T>(entry: Entry, source: EntrySource): Stored<T> {
  return JSON.parse(textOf(entry, source)) as Stored<T>;
}

/**
 * The document as the store will hold it: the caller's fields with the store's id (first) and
 * revision (last). Shallow: nested values are still the caller's, which is fine for computing
 * index keys and serialising right now, and for returning to the caller, who owns them anyway.
 */
export function withIdentity(input: object, id: string, rev: number): Doc {
  // A loop rather than rest/spread: this runs for every write.
  const doc = { id } as Doc;
  const fields = input as Record<string, unknown>;
  for (const key of Object.keys(fields)) if (key !== 'id' && key !== 'rev') doc[key] = fields[key];
  doc.rev = rev;
  return doc;
}

/** Orders entries by a sort (then by id), reading their parsed documents. */
export function comparator(sort: Sort, source: EntrySource): (a: Entry, b: Entry) => number {
  const keys = sort.map(([p, d]) => [splitPath(p), d] as const);
  return (a, b) => {
    for (const [segments, direction] of keys) {
      const c = compareValues(getPath(objOf(a, source), segments), getPath(objOf(b, source), segments));
      if (c !== 0) return c * direction;
    }
    return compareValues(a.id, b.id);
  };
}
