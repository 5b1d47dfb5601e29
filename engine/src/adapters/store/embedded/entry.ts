// How the embedded store holds a document: its JSON text (what the journal holds; parsed to hand a
// copy to a reader) and, once a query has needed it, the parsed object the filter matcher reads.
// A write serialises the caller's document once and keeps only the text, so writing costs one
// JSON.stringify, and the objects the store keeps are never the ones callers hold.
import type { IndexSpec, Stored } from '#engine/ports/document-store.ts';

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

/** A stored document: at least one of text and obj is present; both describe the same value. */
export interface Entry {
  id: string;
  rev: number;
  text?: string;
  obj?: Doc;
  /** Its keys per index, so that replacing it need not recompute them. */
  keys?: Map<StoreIndex, unknown>;
}

export function textOf(entry: Entry): string {
  return (entry.text ??= JSON.stringify(entry.obj));
}

/** The parsed document, kept for the matcher; never handed to callers. */
export function objOf(entry: Entry): Doc {
  return (entry.obj ??= JSON.parse(entry.text as string) as Doc);
}

/** A fresh copy for a caller. */
export function copyOut<T>(entry: Entry): Stored<T> {
  return JSON.parse(textOf(entry)) as Stored<T>;
}
