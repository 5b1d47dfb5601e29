// One collection of the embedded store: documents in memory (a Map by id), secondary hash
// indexes, and the journal that makes every acknowledged write durable. Every operation runs to
// completion synchronously — validate, write the journal, then change memory — so concurrent
// callers in the process can never interleave inside a write, and a failed journal write changes
// nothing.
import { randomUUID } from 'node:crypto';
import {
  DuplicateKeyError,
  NotFoundError,
  RevisionConflictError,
  type Collection,
  type Filter,
  type FindOptions,
  type IncrementOptions,
  type IndexSpec,
  type NewDoc,
  type Page,
  type Sort,
  type Stored,
  type UpdateChanges,
} from '../../../ports/document-store.ts';
import { compareValues } from '../query/compare.ts';
import { decodeCursor, encodeCursor, seekFilter } from '../query/cursor.ts';
import { equalityCandidates, matchesFilter, validateFilter } from '../query/filter.ts';
import { applyChanges, applyIncrement, checkIncrement } from '../query/apply-update.ts';
import { checkNewDocument, getPath, project, splitPath } from '../query/paths.ts';
import { HashIndex, indexName, keyOf } from './hash-index.ts';
import type { Journal, JournalOp, WritableOp } from './journal.ts';
import { topK } from './top-k.ts';

type IndexKeys = ReturnType<HashIndex['keysOf']>;

// A stored document carries, under symbol keys that JSON and the filter matcher never see, its
// JSON text (written to the journal once, and parsed to hand out copies — cheaper than
// structuredClone) and its keys per index (so a later write need not recompute the old keys).
const TEXT = Symbol('json');
const KEYS = Symbol('indexKeys');

type Doc = Record<string, unknown> & {
  id: string;
  rev: number;
  [TEXT]?: string;
  [KEYS]?: Map<HashIndex, IndexKeys>;
};

function textOf(doc: Doc): string {
  return (doc[TEXT] ??= JSON.stringify(doc));
}

/** A copy for a caller: the store's objects never leave it. */
function copyOut<T>(doc: Doc): Stored<T> {
  return JSON.parse(textOf(doc)) as Stored<T>;
}

/**
 * A private deep copy of a document with the store's id and revision. It goes through JSON, so
 * what is in memory is exactly what the journal holds and a reopen restores (undefined values
 * dropped, as JSON drops them).
 */
function intake(input: object, id: string, rev: number): Doc {
  const { id: _id, rev: _rev, ...rest } = input as Record<string, unknown>;
  const text = JSON.stringify({ id, ...rest, rev });
  const doc = JSON.parse(text) as Doc;
  doc[TEXT] = text;
  return doc;
}

/** Re-serialises a document changed in place (update, increment). */
function resealed(doc: Doc): Doc {
  doc[TEXT] = JSON.stringify(doc);
  return doc;
}

export class EmbeddedCollection<T extends object> implements Collection<T> {
  private readonly docs = new Map<string, Doc>();
  private readonly indexes = new Map<string, HashIndex>();
  private linesSinceCompaction = 0;

  constructor(
    readonly name: string,
    private readonly journal: Journal,
    private readonly onClosedCheck: () => void,
  ) {}

  /** Applies replayed journal operations (at open). */
  load(ops: readonly JournalOp[]): void {
    for (const op of ops) {
      if (op.t === 'put') this.docs.set(op.d.id as string, op.d as Doc);
      else if (op.t === 'del') this.docs.delete(op.id);
      else if (op.t === 'idx') {
        const index = new HashIndex(op.spec as IndexSpec);
        this.indexes.set(index.name, index);
      }
    }
    for (const index of this.indexes.values()) {
      for (const doc of this.docs.values()) index.add(doc.id, index.keysOf(doc));
    }
    this.linesSinceCompaction = ops.length;
  }

  // ---- writes -------------------------------------------------------------------------------

  async insert(doc: NewDoc<T>): Promise<Stored<T>> {
    return this.insertNow(doc);
  }

  async insertMany(docs: ReadonlyArray<NewDoc<T>>): Promise<Stored<T>[]> {
    const out: Stored<T>[] = [];
    for (const doc of docs) out.push(this.insertNow(doc));
    return out;
  }

  async restoreMany(docs: ReadonlyArray<Stored<T>>): Promise<void> {
    for (const input of docs) {
      this.onClosedCheck();
      checkNewDocument(input);
      if (typeof input.id !== 'string') throw new TypeError('a restored document needs its id');
      if (!Number.isInteger(input.rev) || input.rev < 1) throw new TypeError('rev must be an integer ≥ 1');
      this.add(intake(input, input.id, input.rev));
    }
  }

  private insertNow(input: NewDoc<T>): Stored<T> {
    this.onClosedCheck();
    checkNewDocument(input);
    return copyOut(this.add(intake(input, input.id ?? randomUUID(), 1)));
  }

  /** Adds a new document (insert, restore): unique checks, journal, memory. */
  private add(doc: Doc): Doc {
    if (this.docs.has(doc.id)) throw new DuplicateKeyError(this.name, '_id_', doc.id);
    const keys = this.checkUnique(doc, doc.id);
    this.write([{ t: 'put', text: textOf(doc) }]);
    this.docs.set(doc.id, doc);
    this.indexAdd(doc, keys);
    return doc;
  }

  async replace(id: string, expectedRev: number, input: NewDoc<T>): Promise<Stored<T>> {
    this.onClosedCheck();
    checkNewDocument(input);
    const current = this.current(id, expectedRev);
    return this.commitChange(current, intake(input, id, current.rev + 1));
  }

  async update(id: string, expectedRev: number, changes: UpdateChanges): Promise<Stored<T>> {
    this.onClosedCheck();
    const current = this.current(id, expectedRev);
    const next = JSON.parse(textOf(current)) as Doc;
    applyChanges(next, changes);
    next.rev = current.rev + 1;
    return this.commitChange(current, resealed(next));
  }

  async increment(
    id: string,
    deltas: Record<string, number>,
    options: IncrementOptions = {},
  ): Promise<Stored<T> | null> {
    this.onClosedCheck();
    if (options.where) validateFilter(options.where);
    checkIncrement(deltas, options.set);
    const current = this.docs.get(id);
    if (!current) throw new NotFoundError(this.name, id);
    if (options.where && !matchesFilter(current, options.where)) return null;
    const next = JSON.parse(textOf(current)) as Doc;
    applyIncrement(next, deltas);
    if (options.set) applyChanges(next, { set: options.set });
    next.rev = current.rev + 1;
    return this.commitChange(current, resealed(next));
  }

  async delete(id: string, expectedRev?: number): Promise<boolean> {
    this.onClosedCheck();
    const current = this.docs.get(id);
    if (!current) return false;
    if (expectedRev !== undefined && current.rev !== expectedRev)
      throw new RevisionConflictError(this.name, id, expectedRev);
    this.removeNow([current]);
    return true;
  }

  async deleteMany(filter: Filter): Promise<number> {
    this.onClosedCheck();
    validateFilter(filter);
    const victims = [...this.candidates(filter)].filter((d) => matchesFilter(d, filter));
    if (victims.length) this.removeNow(victims);
    return victims.length;
  }

  async ensureIndex(spec: IndexSpec): Promise<void> {
    this.onClosedCheck();
    const name = indexName(spec);
    if (this.indexes.has(name)) return;
    const index = new HashIndex(spec);
    const seen = new Map<string, string>();
    const all: Array<[Doc, IndexKeys]> = [];
    for (const doc of this.docs.values()) {
      const keys = index.keysOf(doc);
      if (index.unique) {
        for (const key of keys.keys) {
          if (seen.has(key))
            throw new DuplicateKeyError(this.name, name, `existing ${doc.id} and ${seen.get(key)}`);
          seen.set(key, doc.id);
        }
      }
      all.push([doc, keys]);
    }
    this.write([{ t: 'idx', spec: { ...spec, name } }]);
    for (const [doc, keys] of all) {
      index.add(doc.id, keys);
      doc[KEYS]?.set(index, keys);
    }
    this.indexes.set(name, index);
  }

  async listIndexes(): Promise<IndexSpec[]> {
    this.onClosedCheck();
    return [...this.indexes.values()].map((index) => structuredClone({ ...index.spec, name: index.name }));
  }

  // ---- reads --------------------------------------------------------------------------------

  async get(id: string): Promise<Stored<T> | null> {
    this.onClosedCheck();
    const doc = this.docs.get(id);
    return doc ? copyOut<T>(doc) : null;
  }

  async find(filter: Filter = {}, options: FindOptions = {}): Promise<Page<Stored<T>>> {
    this.onClosedCheck();
    validateFilter(filter);
    const sort: Sort = options.sort ?? [];
    let effective = filter;
    if (options.after) effective = { $and: [filter, seekFilter(sort, decodeCursor(sort, options.after))] };
    const matches = this.scan(effective);
    const compare = comparator(sort);
    const limit = options.limit;
    let page: Doc[];
    let hasMore: boolean;
    if (limit !== undefined) {
      page = topK(matches, limit + 1, compare);
      hasMore = page.length > limit;
      if (hasMore) page.pop();
    } else {
      page = [...matches].sort(compare);
      hasMore = false;
    }
    const last = page[page.length - 1];
    const items = page.map((d) =>
      options.projection
        ? (JSON.parse(JSON.stringify(project(d, options.projection))) as Stored<T>)
        : copyOut<T>(d),
    );
    return { items, nextCursor: hasMore && last ? encodeCursor(sort, last) : null };
  }

  async findOne(filter: Filter, options: Pick<FindOptions, 'sort'> = {}): Promise<Stored<T> | null> {
    const { items } = await this.find(filter, { ...options, limit: 1 });
    return items[0] ?? null;
  }

  async count(filter: Filter = {}): Promise<number> {
    this.onClosedCheck();
    validateFilter(filter);
    if (Object.keys(filter).length === 0) return this.docs.size;
    let n = 0;
    for (const _ of this.scan(filter)) n++;
    return n;
  }

  /** Number of live documents and journal lines written since the last compaction. */
  stats(): { docs: number; lines: number } {
    return { docs: this.docs.size, lines: this.linesSinceCompaction };
  }

  compact(): void {
    const journal = this.journal;
    const indexes = [...this.indexes.values()];
    const docs = this.docs;
    journal.rewrite(
      (function* () {
        for (const index of indexes)
          yield { t: 'idx', spec: { ...index.spec, name: index.name } } as JournalOp;
        for (const d of docs.values()) yield { t: 'put', text: textOf(d) } as WritableOp;
      })(),
    );
    this.linesSinceCompaction = indexes.length + docs.size;
  }

  /** Closes the journal file (store shutdown). */
  detach(): void {
    this.journal.close();
  }

  /** Closes and deletes the journal file (drop). */
  destroy(): void {
    this.journal.remove();
  }

  // ---- internals ----------------------------------------------------------------------------

  private current(id: string, expectedRev: number): Doc {
    const current = this.docs.get(id);
    if (!current) throw new NotFoundError(this.name, id);
    if (current.rev !== expectedRev) throw new RevisionConflictError(this.name, id, expectedRev);
    return current;
  }

  private commitChange(current: Doc, next: Doc): Stored<T> {
    const newKeys = this.checkUnique(next, next.id);
    this.write([{ t: 'put', text: textOf(next) }]);
    this.indexRemove(current);
    this.docs.set(next.id, next);
    this.indexAdd(next, newKeys);
    return copyOut<T>(next);
  }

  private removeNow(victims: readonly Doc[]): void {
    this.write(victims.map((d) => ({ t: 'del', id: d.id }) as JournalOp));
    for (const doc of victims) {
      this.indexRemove(doc);
      this.docs.delete(doc.id);
    }
  }

  /** Throws DuplicateKeyError if `doc` clashes with another document; returns its keys per index. */
  private checkUnique(doc: Doc, id: string): Map<HashIndex, IndexKeys> {
    const keys = new Map<HashIndex, IndexKeys>();
    for (const index of this.indexes.values()) {
      const k = index.keysOf(doc);
      if (index.unique) {
        for (const key of k.keys) {
          const holder = index.holder(key, id);
          if (holder !== undefined)
            throw new DuplicateKeyError(this.name, index.name, `clashes with ${holder}`);
        }
      }
      keys.set(index, k);
    }
    return keys;
  }

  private indexAdd(doc: Doc, keys: Map<HashIndex, IndexKeys>): void {
    for (const [index, k] of keys) index.add(doc.id, k);
    doc[KEYS] = keys;
  }

  private indexRemove(doc: Doc): void {
    const cached = doc[KEYS];
    for (const index of this.indexes.values()) index.remove(doc.id, cached?.get(index) ?? index.keysOf(doc));
  }

  private write(ops: WritableOp[]): void {
    this.journal.append(ops);
    this.linesSinceCompaction += ops.length;
    // Compact once the journal holds more than twice the live data (and is not tiny).
    if (
      this.linesSinceCompaction > 10_000 &&
      this.linesSinceCompaction > 2 * (this.docs.size + this.indexes.size)
    )
      this.compact();
  }

  /** Documents matching the filter, using a hash index for an equality constraint when one fits. */
  private *scan(filter: Filter): Generator<Doc> {
    for (const doc of this.candidates(filter)) if (matchesFilter(doc, filter)) yield doc;
  }

  private candidates(filter: Filter): Iterable<Doc> {
    const idValues = equalityCandidates(filter).get('id');
    if (idValues)
      return idValues.map((v) => this.docs.get(String(v))).filter((d): d is Doc => d !== undefined);
    const eq = equalityCandidates(filter);
    let best: Set<string> | null = null;
    for (const index of this.indexes.values()) {
      if (!index.paths.every((p) => eq.has(p))) continue;
      // A sparse index does not hold the documents where the fields are missing, which null matches.
      if (index.sparse && index.paths.some((p) => (eq.get(p) as unknown[]).includes(null))) continue;
      const ids = new Set<string>();
      for (const combo of cartesian(index.paths.map((p) => eq.get(p) as unknown[]))) {
        index.lookup(combo.map(keyOf).join('\u0000'), ids);
      }
      if (!best || ids.size < best.size) best = ids;
    }
    if (!best) return this.docs.values();
    const docs = this.docs;
    return (function* () {
      for (const id of best) {
        const d = docs.get(id);
        if (d) yield d;
      }
    })();
  }
}

function comparator(sort: Sort): (a: Doc, b: Doc) => number {
  const keys = sort.map(([p, d]) => [splitPath(p), d] as const);
  return (a, b) => {
    for (const [segments, direction] of keys) {
      const c = compareValues(getPath(a, segments), getPath(b, segments));
      if (c !== 0) return c * direction;
    }
    return compareValues(a.id, b.id);
  };
}

function* cartesian(lists: unknown[][]): Generator<unknown[]> {
  if (lists.length === 0) {
    yield [];
    return;
  }
  const [first, ...rest] = lists as [unknown[], ...unknown[][]];
  for (const v of first) for (const tail of cartesian(rest)) yield [v, ...tail];
}
