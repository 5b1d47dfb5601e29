// A secondary index of the embedded store: an in-memory hash from the indexed values to the ids
// of the documents holding them. Single-field indexes are multikey (an array value indexes each
// element), like MongoDB's; missing values index as null.
import type { IndexSpec } from '#engine/ports/document-store.ts';
import { getPath, resolvePath, splitPath } from '../query/paths.ts';

export function indexName(spec: IndexSpec): string {
  return spec.name ?? spec.fields.map(([p, d]) => `${p}_${d}`).join('_');
}

/** A canonical string for a scalar or JSON value; type-tagged so 1 and "1" differ. */
export function keyOf(value: unknown): string {
  if (value === undefined || value === null) return 'z';
  switch (typeof value) {
    case 'number':
      return `n${value}`;
    case 'string':
      return `s${value}`;
    case 'boolean':
      return value ? 'bt' : 'bf';
    default:
      return `j${JSON.stringify(value)}`;
  }
}

/** Whether two key sets of one document are the same (then an update need not re-index it). */
export function sameKeys(
  a: { keys: readonly string[]; exact: boolean },
  b: { keys: readonly string[]; exact: boolean },
): boolean {
  if (a.exact !== b.exact || a.keys.length !== b.keys.length) return false;
  for (let i = 0; i < a.keys.length; i++) if (a.keys[i] !== b.keys[i]) return false;
  return true;
}

/**
 * resolvePath's answer, computed without its allocations in the common case: a path through plain
 * objects to a value that is not an array. Arrays anywhere take the general path (traversal,
 * numeric segments, multikey).
 */
export function valuesAt(doc: unknown, segments: readonly string[]): unknown[] {
  let cur = doc;
  for (const key of segments) {
    if (Array.isArray(cur)) return resolvePath(doc, segments);
    if (typeof cur !== 'object' || cur === null) return [undefined];
    cur = (cur as Record<string, unknown>)[key];
  }
  return Array.isArray(cur) ? resolvePath(doc, segments) : [cur];
}

/**
 * Index keys are exact for scalar values. Documents whose indexed paths reach arrays or several
 * values (traversing arrays of sub-documents) get element keys for a single-field index
 * (multikey); for a compound index they are kept in `inexact` and always returned as candidates,
 * so a lookup is a superset of the matches and the filter matcher has the last word.
 */
export class HashIndex {
  readonly name: string;
  readonly unique: boolean;
  readonly sparse: boolean;
  readonly paths: string[];
  private readonly segments: ReadonlyArray<readonly string[]>;
  /** Key → the one id holding it, or a set when several do (most keys have one: no set for them). */
  private readonly entries = new Map<string, string | Set<string>>();
  private readonly inexact = new Set<string>();

  constructor(readonly spec: IndexSpec) {
    this.name = indexName(spec);
    this.unique = spec.unique ?? false;
    this.sparse = spec.sparse ?? false;
    this.paths = spec.fields.map(([p]) => p);
    this.segments = this.paths.map(splitPath);
  }

  /**
   * The keys of a document. Unique indexes key the whole value at each path (an array clashes
   * only with an equal array, as in MongoDB's unique check on the full tuple); the returned flag
   * says whether equality lookups can rely on the keys.
   */
  keysOf(doc: Record<string, unknown>): { keys: string[]; exact: boolean } {
    // Nearly every write: plain paths to values that are not arrays, one key, no allocation but it.
    const fast = this.plainKey(doc);
    if (fast !== undefined) return { keys: [fast], exact: true };
    const resolved = this.segments.map((s) => valuesAt(doc, s));
    if (this.sparse && resolved.every((vs) => vs.every((v) => v === undefined)))
      return { keys: [], exact: true };
    const scalar = resolved.every((vs) => vs.length === 1 && !Array.isArray(vs[0]));
    if (this.unique || (!scalar && resolved.length > 1)) {
      const whole = this.segments.map((s) => getPath(doc, s));
      return { keys: [whole.map(keyOf).join('\u0000')], exact: scalar };
    }
    if (scalar) return { keys: [resolved.map((vs) => keyOf(vs[0])).join('\u0000')], exact: true };
    const keys = new Set<string>();
    for (const v of resolved[0] as unknown[]) {
      if (Array.isArray(v)) {
        for (const item of v) keys.add(keyOf(item));
        if (v.length === 0) keys.add(keyOf(undefined));
      } else keys.add(keyOf(v));
    }
    return { keys: [...keys], exact: true };
  }

  /**
   * The one key of a document whose indexed paths run through plain objects to values that are
   * not arrays (what the general path below computes for it), or undefined for any other document.
   */
  private plainKey(doc: Record<string, unknown>): string | undefined {
    let key: string | undefined;
    let present = false;
    for (const segments of this.segments) {
      let cur: unknown = doc;
      for (const segment of segments) {
        if (typeof cur !== 'object' || cur === null) {
          cur = undefined;
          break;
        }
        if (Array.isArray(cur)) return undefined;
        cur = (cur as Record<string, unknown>)[segment];
      }
      if (Array.isArray(cur)) return undefined;
      if (cur !== undefined) present = true;
      key = key === undefined ? keyOf(cur) : `${key}\u0000${keyOf(cur)}`;
    }
    // A sparse index leaves out documents without any of its fields (the general path says so).
    return this.sparse && !present ? undefined : key;
  }

  /** The id holding `key` other than `exceptId` (for unique checks). */
  holder(key: string, exceptId: string): string | undefined {
    const ids = this.entries.get(key);
    if (ids === undefined) return undefined;
    if (typeof ids === 'string') return ids === exceptId ? undefined : ids;
    for (const id of ids) if (id !== exceptId) return id;
    return undefined;
  }

  add(id: string, { keys, exact }: { keys: readonly string[]; exact: boolean }): void {
    if (!exact) this.inexact.add(id);
    for (const key of keys) {
      const ids = this.entries.get(key);
      if (ids === undefined) this.entries.set(key, id);
      else if (typeof ids === 'string') {
        if (ids !== id) this.entries.set(key, new Set([ids, id]));
      } else ids.add(id);
    }
  }

  remove(id: string, { keys }: { keys: readonly string[] }): void {
    this.inexact.delete(id);
    for (const key of keys) {
      const ids = this.entries.get(key);
      if (ids === undefined) continue;
      if (typeof ids === 'string') {
        if (ids === id) this.entries.delete(key);
        continue;
      }
      ids.delete(id);
      if (ids.size === 1) this.entries.set(key, ids.values().next().value as string);
    }
  }

  sameKeys(
    a: { keys: readonly string[]; exact: boolean },
    b: { keys: readonly string[]; exact: boolean },
  ): boolean {
    return sameKeys(a, b);
  }

  /** How many ids a lookup of `key` returns (for the query planner). */
  count(key: string): number {
    const ids = this.entries.get(key);
    return (ids === undefined ? 0 : typeof ids === 'string' ? 1 : ids.size) + this.inexact.size;
  }

  /** Ids that may hold `key`: the exact holders plus the documents the index cannot key exactly. */
  lookup(key: string, into: Set<string>): void {
    const ids = this.entries.get(key);
    if (typeof ids === 'string') into.add(ids);
    else if (ids) for (const id of ids) into.add(id);
    for (const id of this.inexact) into.add(id);
  }
}
