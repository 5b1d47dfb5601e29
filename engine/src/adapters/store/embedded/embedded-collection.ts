// One collection of the embedded store: documents in memory (a Map by id), secondary hash
// indexes, and the journal that makes every acknowledged write durable. Every operation runs to
// completion synchronously — validate, write the journal, then change memory — so concurrent
// callers in the process can never interleave inside a write, and a failed journal write changes
// nothing.
//
// A document is held as an Entry: its JSON text (what the journal holds; parsed to hand a copy to
// a reader) and, once a query has needed it, the parsed object the filter matcher reads. A write
// serialises the caller's document once and keeps only the text, so writing costs one
// JSON.stringify, and the objects the store keeps are never the ones callers hold.
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
} from '#engine/ports/document-store.ts';
import { compareValues } from '../query/compare.ts';
import { decodeCursor, encodeCursor, seekFilter } from '../query/cursor.ts';
import { matchesFilter, validateFilter } from '../query/filter.ts';
import { applyChanges, applyIncrement, checkIncrement } from '../query/apply-update.ts';
import { checkNewDocument, getPath, project, splitPath } from '../query/paths.ts';
import { copyOut, objOf, textOf, type Doc, type Entry, type StoreIndex } from './entry.ts';
import { HashIndex, indexName } from './hash-index.ts';
import type { Journal, JournalOp, WritableOp } from './journal.ts';
import { OrderedIndex } from './ordered-index.ts';
import { planEntries, walkSorted } from './plan-reader.ts';
import { planQuery, type Plan } from './query-planner.ts';
import { topK } from './top-k.ts';

/** A hash index for equality, or an ordered one when the spec asks for ranges and sorts. */
function makeIndex(spec: IndexSpec): StoreIndex {
  return spec.ordered && !spec.unique ? new OrderedIndex(spec) : new HashIndex(spec);
}

/**
 * The document as the store will hold it: the caller's fields with the store's id and revision.
 * Shallow: nested values are still the caller's, which is fine for computing index keys and
 * serialising right now, and for returning to the caller, who owns them anyway.
 */
function withIdentity(input: object, id: string, rev: number): Doc {
  const { id: _id, rev: _rev, ...rest } = input as Record<string, unknown>;
  return { id, ...rest, rev };
}

export class EmbeddedCollection<T extends object> implements Collection<T> {
  private readonly docs = new Map<string, Entry>();
  private readonly indexes = new Map<string, StoreIndex>();
  private linesSinceCompaction = 0;

  constructor(
    readonly name: string,
    private readonly journal: Journal,
    private readonly onClosedCheck: () => void,
  ) {}

  /** Applies replayed journal operations (at open). */
  load(ops: readonly JournalOp[]): void {
    for (const op of ops) {
      if (op.t === 'put') {
        const d = op.d as Doc;
        this.docs.set(d.id, { id: d.id, rev: d.rev, obj: d });
      } else if (op.t === 'del') this.docs.delete(op.id);
      else if (op.t === 'idx') {
        // A later entry for the same name replaces the index (a hash index made ordered).
        const index = makeIndex(op.spec as IndexSpec);
        this.indexes.set(index.name, index);
      }
    }
    for (const index of this.indexes.values()) this.fill(index);
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
      this.add(withIdentity(input, input.id, input.rev));
    }
  }

  private insertNow(input: NewDoc<T>): Stored<T> {
    this.onClosedCheck();
    checkNewDocument(input);
    return this.add(withIdentity(input, input.id ?? randomUUID(), 1)) as Stored<T>;
  }

  /** Adds a new document (insert, restore): unique checks, journal, memory. */
  private add(doc: Doc): Doc {
    if (this.docs.has(doc.id)) throw new DuplicateKeyError(this.name, '_id_', doc.id);
    const keys = this.checkUnique(doc, doc.id);
    const text = JSON.stringify(doc);
    this.write([{ t: 'put', text }]);
    const entry: Entry = { id: doc.id, rev: doc.rev, text };
    this.docs.set(doc.id, entry);
    this.indexAdd(entry, keys);
    return doc;
  }

  async replace(id: string, expectedRev: number, input: NewDoc<T>): Promise<Stored<T>> {
    this.onClosedCheck();
    checkNewDocument(input);
    const current = this.current(id, expectedRev);
    return this.commitChange(current, withIdentity(input, id, current.rev + 1));
  }

  async update(id: string, expectedRev: number, changes: UpdateChanges): Promise<Stored<T>> {
    this.onClosedCheck();
    const current = this.current(id, expectedRev);
    const next = copyOut<T>(current) as unknown as Doc;
    applyChanges(next, changes);
    next.rev = current.rev + 1;
    return this.commitChange(current, next);
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
    if (options.where && !matchesFilter(objOf(current), options.where)) return null;
    const next = copyOut<T>(current) as unknown as Doc;
    applyIncrement(next, deltas);
    if (options.set) applyChanges(next, { set: options.set });
    next.rev = current.rev + 1;
    return this.commitChange(current, next);
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
    const victims = [...this.matching(this.plan(filter, []), filter)];
    if (victims.length) this.removeNow(victims);
    return victims.length;
  }

  async ensureIndex(spec: IndexSpec): Promise<void> {
    this.onClosedCheck();
    const name = indexName(spec);
    const existing = this.indexes.get(name);
    // An existing index stays, unless a hash index is now asked to serve ranges and sorts.
    if (existing && !(spec.ordered && !spec.unique && existing instanceof HashIndex)) return;
    const index = makeIndex(spec);
    if (index instanceof HashIndex && index.unique) {
      const seen = new Map<string, string>();
      for (const entry of this.docs.values()) {
        for (const key of index.keysOf(objOf(entry)).keys) {
          if (seen.has(key))
            throw new DuplicateKeyError(this.name, name, `existing ${entry.id} and ${seen.get(key)}`);
          seen.set(key, entry.id);
        }
      }
    }
    this.write([{ t: 'idx', spec: { ...spec, name } }]);
    if (existing) for (const entry of this.docs.values()) entry.keys?.delete(existing);
    this.fill(index);
    this.indexes.set(name, index);
  }

  /** Indexes every document into a new, empty index. */
  private fill(index: StoreIndex): void {
    const docs = this.docs.values();
    if (index instanceof OrderedIndex) {
      index.addAll(
        (function* () {
          for (const entry of docs) {
            const keys = index.keysOf(objOf(entry));
            entry.keys?.set(index, keys);
            yield [entry.id, keys] as const;
          }
        })(),
      );
      return;
    }
    for (const entry of docs) {
      const keys = index.keysOf(objOf(entry));
      index.add(entry.id, keys);
      entry.keys?.set(index, keys);
    }
  }

  async listIndexes(): Promise<IndexSpec[]> {
    this.onClosedCheck();
    return [...this.indexes.values()].map((index) => structuredClone({ ...index.spec, name: index.name }));
  }

  // ---- reads --------------------------------------------------------------------------------

  async get(id: string): Promise<Stored<T> | null> {
    this.onClosedCheck();
    const entry = this.docs.get(id);
    return entry ? copyOut<T>(entry) : null;
  }

  async find(filter: Filter = {}, options: FindOptions = {}): Promise<Page<Stored<T>>> {
    this.onClosedCheck();
    validateFilter(filter);
    const sort: Sort = options.sort ?? [];
    let effective = filter;
    const cursor = options.after ? decodeCursor(sort, options.after) : undefined;
    if (cursor) effective = { $and: [filter, seekFilter(sort, cursor)] };
    const limit = options.limit;
    const plan = this.plan(effective, sort, limit);
    let page: Entry[];
    let hasMore: boolean;
    if (plan.kind === 'ordered' && plan.sorted) {
      ({ page, hasMore } = walkSorted(plan, this.docs, effective, limit, cursor?.v));
    } else {
      const matches = this.matching(plan, effective);
      const compare = comparator(sort);
      if (limit !== undefined) {
        page = topK(matches, limit + 1, compare);
        hasMore = page.length > limit;
        if (hasMore) page.pop();
      } else {
        page = [...matches].sort(compare);
        hasMore = false;
      }
    }
    const last = page[page.length - 1];
    const items = page.map((entry) =>
      options.projection
        ? (JSON.parse(JSON.stringify(project(objOf(entry), options.projection))) as Stored<T>)
        : copyOut<T>(entry),
    );
    return { items, nextCursor: hasMore && last ? encodeCursor(sort, objOf(last)) : null };
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
    for (const _ of this.matching(this.plan(filter, []), filter)) n++;
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
        for (const entry of docs.values()) yield { t: 'put', text: textOf(entry) } as WritableOp;
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

  private current(id: string, expectedRev: number): Entry {
    const current = this.docs.get(id);
    if (!current) throw new NotFoundError(this.name, id);
    if (current.rev !== expectedRev) throw new RevisionConflictError(this.name, id, expectedRev);
    return current;
  }

  /** Replaces `current` by `next` (which the store does not keep: only its text). */
  private commitChange(current: Entry, next: Doc): Stored<T> {
    const newKeys = this.checkUnique(next, next.id);
    const text = JSON.stringify(next);
    this.write([{ t: 'put', text }]);
    const entry: Entry = { id: next.id, rev: next.rev, text };
    this.docs.set(next.id, entry);
    // Most writes leave most indexed values alone (an instance step rarely changes its status):
    // only indexes whose keys changed are touched.
    for (const [index, keys] of newKeys) {
      const old = current.keys?.get(index) ?? index.keysOf(objOf(current));
      if (index.sameKeys(old, keys)) continue;
      index.remove(current.id, old);
      index.add(entry.id, keys);
    }
    entry.keys = newKeys;
    return next as Stored<T>;
  }

  private removeNow(victims: readonly Entry[]): void {
    this.write(victims.map((d) => ({ t: 'del', id: d.id }) as JournalOp));
    for (const entry of victims) {
      this.indexRemove(entry);
      this.docs.delete(entry.id);
    }
  }

  /** Throws DuplicateKeyError if `doc` clashes with another document; returns its keys per index. */
  private checkUnique(doc: Doc, id: string): Map<StoreIndex, unknown> {
    const keys = new Map<StoreIndex, unknown>();
    for (const index of this.indexes.values()) {
      const k = index.keysOf(doc);
      if (index instanceof HashIndex && index.unique) {
        for (const key of (k as ReturnType<HashIndex['keysOf']>).keys) {
          const holder = index.holder(key, id);
          if (holder !== undefined)
            throw new DuplicateKeyError(this.name, index.name, `clashes with ${holder}`);
        }
      }
      keys.set(index, k);
    }
    return keys;
  }

  private indexAdd(entry: Entry, keys: Map<StoreIndex, unknown>): void {
    for (const [index, k] of keys) index.add(entry.id, k);
    entry.keys = keys;
  }

  private indexRemove(entry: Entry): void {
    for (const index of this.indexes.values())
      index.remove(entry.id, entry.keys?.get(index) ?? index.keysOf(objOf(entry)));
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

  /** The cheapest way to read the documents a filter may match (see query-planner.ts). */
  private plan(filter: Filter, sort: Sort, limit?: number): Plan {
    const hashIndexes: HashIndex[] = [];
    const orderedIndexes: OrderedIndex[] = [];
    for (const index of this.indexes.values())
      if (index instanceof OrderedIndex) orderedIndexes.push(index);
      else hashIndexes.push(index as HashIndex);
    return planQuery({
      filter,
      sort,
      ...(limit !== undefined ? { limit } : {}),
      docs: this.docs.size,
      hashIndexes,
      orderedIndexes,
    });
  }

  /** The entries a plan reads that match the filter, in no particular order. */
  private *matching(plan: Plan, filter: Filter): Generator<Entry> {
    for (const entry of planEntries(plan, this.docs)) if (matchesFilter(objOf(entry), filter)) yield entry;
  }
}

function comparator(sort: Sort): (a: Entry, b: Entry) => number {
  const keys = sort.map(([p, d]) => [splitPath(p), d] as const);
  return (a, b) => {
    for (const [segments, direction] of keys) {
      const c = compareValues(getPath(objOf(a), segments), getPath(objOf(b), segments));
      if (c !== 0) return c * direction;
    }
    return compareValues(a.id, b.id);
  };
}
