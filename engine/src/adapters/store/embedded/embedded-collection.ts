// One collection of the embedded store: its documents' entries (a Map by id; entry.ts — the
// documents themselves are cached within the store's budget and read back from the journal),
// secondary indexes (hash or ordered), and the journal that makes every acknowledged write
// durable. Every operation runs to completion synchronously — validate, queue its journal line,
// change memory — so concurrent callers in the process can never interleave inside a write; the
// writer is acknowledged once the journal wrote the line (group commit, journal.ts), and a read
// that could see a pending line writes the pending lines first, so nothing a caller sees is
// missing from the file.
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
import { decodeCursor, encodeCursor, seekFilter } from '../query/cursor.ts';
import { matchesFilter, validateFilter } from '../query/filter.ts';
import { applyChanges, applyIncrement, checkIncrement } from '../query/apply-update.ts';
import { checkNewDocument, project } from '../query/paths.ts';
import { loadCollection, makeIndex } from './collection-loader.ts';
import type { DocumentCache } from './document-cache.ts';
import {
  comparator,
  copyOut,
  objOf,
  withIdentity,
  type Doc,
  type Entry,
  type EntrySource,
  type StoreIndex,
} from './entry.ts';
import { HashIndex, indexName } from './hash-index.ts';
import { Journal, type DocLocation, type JournalOp, type WritableOp } from './journal.ts';
import { fillInBackground, fillIndex } from './index-builder.ts';
import { OrderedIndex } from './ordered-index.ts';
import { planEntries, walkSorted } from './plan-reader.ts';
import { planQuery, type Plan } from './query-planner.ts';
import { topK } from './top-k.ts';

export class EmbeddedCollection<T extends object> implements Collection<T>, EntrySource {
  private readonly docs: Map<string, Entry>;
  private readonly indexes: Map<string, StoreIndex>;
  private readonly journal: Journal;
  /**
   * The ids in order, made the first time a query sorts by id (the audit log's newest entries,
   * a backup's pages) and kept up to date from then on; never journaled.
   */
  private idOrder: OrderedIndex | null = null;
  private linesSinceCompaction: number;
  /**
   * Indexes being filled in the background after opening (all but the unique ones, which every
   * write checks and the loader fills): the planner leaves them alone until done, and writes keep
   * them up to date only for the documents the build has already passed (`entry.indexedBy`).
   */
  private building = new Set<StoreIndex>();
  private readonly build: number;
  private built: Promise<void> = Promise.resolve();
  private static builds = 0;
  private closed = false;
  /** Counts the writes (Collection.changeStamp): every write goes through this object. */
  private changes = 0;

  /** Opens the collection from its journal file (created on the first write). */
  constructor(
    readonly name: string,
    file: string,
    fsync: boolean,
    private readonly cache: DocumentCache,
    private readonly onClosedCheck: () => void,
  ) {
    const loaded = loadCollection(file);
    this.docs = loaded.docs;
    this.indexes = loaded.indexes;
    this.linesSinceCompaction = loaded.lines;
    this.journal = new Journal(file, fsync);
    this.build = ++EmbeddedCollection.builds;
    for (const index of this.indexes.values()) if (!index.unique) this.building.add(index);
    if (this.building.size > 0 && this.docs.size > 0)
      this.built = fillInBackground(file, {
        docs: this.docs,
        pending: this.building,
        build: this.build,
        read: (at) => this.journal.read(at),
        closed: () => this.closed,
      });
    else this.building.clear();
  }

  /** Resolves once every index of the collection is filled (opening builds them in the background). */
  whenIndexed(): Promise<void> {
    return this.built;
  }

  /** Whether writes must keep `index` up to date for `entry` (not while a build has yet to reach it). */
  private maintains(index: StoreIndex, entry: Entry): boolean {
    return !this.building.has(index) || entry.indexedBy === this.build;
  }

  /** EntrySource: a document no longer in memory, read back from the journal. */
  read(at: DocLocation): string {
    return this.journal.read(at);
  }

  /** EntrySource: counts a document now in memory against the store's budget. */
  hold(entry: Entry): void {
    this.cache.hold(entry);
  }

  changeStamp(): number {
    return this.changes;
  }

  // ---- writes -------------------------------------------------------------------------------

  async insert(doc: NewDoc<T>): Promise<Stored<T>> {
    const stored = this.insertNow(doc);
    await this.journal.written;
    return stored;
  }

  async insertMany(docs: ReadonlyArray<NewDoc<T>>): Promise<Stored<T>[]> {
    const out: Stored<T>[] = [];
    try {
      for (const doc of docs) out.push(this.insertNow(doc));
    } finally {
      // The documents inserted before a failing one are in the journal when the error is told.
      if (out.length) await this.journal.written;
    }
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
    await this.journal.written;
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
    const [at] = this.journal.append([{ t: 'put', text }]);
    const entry: Entry = { id: doc.id, rev: doc.rev, at: at ?? null, text };
    this.docs.set(doc.id, entry);
    this.cache.hold(entry);
    this.indexAdd(entry, keys);
    this.idOrder?.add(doc.id, [doc.id]);
    this.wrote(1);
    return doc;
  }

  async replace(id: string, expectedRev: number, input: NewDoc<T>): Promise<Stored<T>> {
    this.onClosedCheck();
    checkNewDocument(input);
    const current = this.current(id, expectedRev);
    const stored = this.commitChange(current, withIdentity(input, id, current.rev + 1));
    await this.journal.written;
    return stored;
  }

  async update(id: string, expectedRev: number, changes: UpdateChanges): Promise<Stored<T>> {
    this.onClosedCheck();
    const current = this.current(id, expectedRev);
    const next = copyOut<T>(current, this) as unknown as Doc;
    applyChanges(next, changes);
    next.rev = current.rev + 1;
    const stored = this.commitChange(current, next);
    await this.journal.written;
    return stored;
  }

  async updateMany(filter: Filter, changes: UpdateChanges): Promise<number> {
    this.onClosedCheck();
    validateFilter(filter);
    const targets = [...this.matching(this.plan(filter, []), filter)];
    for (const current of targets) {
      const next = copyOut<T>(current, this) as unknown as Doc;
      applyChanges(next, changes);
      next.rev = current.rev + 1;
      this.commitChange(current, next);
    }
    await this.journal.written;
    return targets.length;
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
    if (options.where && !matchesFilter(objOf(current, this), options.where)) return null;
    const next = copyOut<T>(current, this) as unknown as Doc;
    applyIncrement(next, deltas);
    if (options.set) applyChanges(next, { set: options.set });
    next.rev = current.rev + 1;
    const stored = this.commitChange(current, next);
    await this.journal.written;
    return stored;
  }

  async delete(id: string, expectedRev?: number): Promise<boolean> {
    this.onClosedCheck();
    const current = this.docs.get(id);
    if (!current) return false;
    if (expectedRev !== undefined && current.rev !== expectedRev)
      throw new RevisionConflictError(this.name, id, expectedRev);
    this.removeNow([current]);
    await this.journal.written;
    return true;
  }

  async deleteMany(filter: Filter): Promise<number> {
    this.onClosedCheck();
    validateFilter(filter);
    const victims = [...this.matching(this.plan(filter, []), filter)];
    if (victims.length) this.removeNow(victims);
    await this.journal.written;
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
        for (const key of index.keysOf(objOf(entry, this)).keys) {
          if (seen.has(key))
            throw new DuplicateKeyError(this.name, name, `existing ${entry.id} and ${seen.get(key)}`);
          seen.set(key, entry.id);
        }
      }
    }
    this.journal.append([{ t: 'idx', spec: { ...spec, name } }]);
    this.wrote(1);
    if (existing) {
      this.building.delete(existing);
      for (const entry of this.docs.values()) entry.keys?.delete(existing);
    }
    fillIndex(index, this.docs.values(), this);
    this.indexes.set(name, index);
    await this.journal.written;
  }

  async listIndexes(): Promise<IndexSpec[]> {
    this.readable();
    return [...this.indexes.values()].map((index) => structuredClone({ ...index.spec, name: index.name }));
  }

  // ---- reads --------------------------------------------------------------------------------

  async get(id: string): Promise<Stored<T> | null> {
    this.onClosedCheck();
    this.journal.check();
    const entry = this.docs.get(id);
    // Only a document (or absence) that may come from a pending line waits for the write.
    if (this.journal.hasPending && (!entry || this.journal.isPending(entry.at))) this.journal.flush();
    return entry ? copyOut<T>(entry, this) : null;
  }

  async find(filter: Filter = {}, options: FindOptions = {}): Promise<Page<Stored<T>>> {
    this.readable();
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
      ({ page, hasMore } = walkSorted(plan, this.docs, this, effective, limit, cursor?.v));
    } else {
      const matches = this.matching(plan, effective);
      const compare = comparator(sort, this);
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
        ? (JSON.parse(JSON.stringify(project(objOf(entry, this), options.projection))) as Stored<T>)
        : copyOut<T>(entry, this),
    );
    return { items, nextCursor: hasMore && last ? encodeCursor(sort, objOf(last, this)) : null };
  }

  async findOne(filter: Filter, options: Pick<FindOptions, 'sort'> = {}): Promise<Stored<T> | null> {
    const { items } = await this.find(filter, { ...options, limit: 1 });
    return items[0] ?? null;
  }

  async count(filter: Filter = {}): Promise<number> {
    this.readable();
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

  /** Rewrites the journal as a snapshot: the indexes, then each live document once. */
  compact(): void {
    const indexes = [...this.indexes.values()];
    const entries = [...this.docs.values()];
    const journal = this.journal;
    // Documents not in memory are read from the old file while the new one is written.
    const locations = journal.rewrite(
      (function* () {
        for (const index of indexes)
          yield { t: 'idx', spec: { ...index.spec, name: index.name } } as JournalOp;
        for (const entry of entries) {
          const text =
            entry.text ?? (entry.obj ? JSON.stringify(entry.obj) : journal.read(entry.at as DocLocation));
          yield { t: 'put', text } as WritableOp;
        }
      })(),
    );
    entries.forEach((entry, i) => (entry.at = locations[indexes.length + i] ?? null));
    this.linesSinceCompaction = indexes.length + entries.length;
  }

  /** Closes the journal file (store shutdown). */
  detach(): void {
    this.closed = true;
    this.journal.close();
  }

  /** Closes and deletes the journal file (drop). */
  destroy(): void {
    this.closed = true;
    for (const entry of this.docs.values()) this.cache.release(entry);
    this.journal.remove();
  }

  // ---- internals ----------------------------------------------------------------------------

  /** Before a read: the store is open, and what memory holds is in the file (pending lines written). */
  private readable(): void {
    this.onClosedCheck();
    this.journal.check();
    if (this.journal.hasPending) this.journal.flush();
  }

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
    const [at] = this.journal.append([{ t: 'put', text }]);
    // Most writes leave most indexed values alone (an instance step rarely changes its status):
    // only indexes whose keys changed are touched. The old keys come from the entry before it
    // takes the new version.
    for (const [index, keys] of newKeys) {
      if (!this.maintains(index, current)) continue;
      const old = current.keys?.get(index) ?? index.keysOf(objOf(current, this));
      if (index.sameKeys(old, keys)) continue;
      index.remove(current.id, old);
      index.add(current.id, keys);
    }
    current.rev = next.rev;
    current.at = at ?? null;
    current.text = text;
    current.obj = undefined;
    current.keys = newKeys;
    this.cache.hold(current);
    this.wrote(1);
    return next as Stored<T>;
  }

  private removeNow(victims: readonly Entry[]): void {
    this.journal.append(victims.map((d) => ({ t: 'del', id: d.id }) as JournalOp));
    for (const entry of victims) {
      this.indexRemove(entry);
      this.idOrder?.remove(entry.id, [entry.id]);
      this.docs.delete(entry.id);
      this.cache.release(entry);
    }
    this.wrote(victims.length);
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
    // A new document comes last in the map: an index still being built reaches it by itself.
    for (const [index, k] of keys) if (!this.building.has(index)) index.add(entry.id, k);
    entry.keys = keys;
  }

  private indexRemove(entry: Entry): void {
    for (const index of this.indexes.values())
      if (this.maintains(index, entry))
        index.remove(entry.id, entry.keys?.get(index) ?? index.keysOf(objOf(entry, this)));
  }

  /** After a write: compacts once the journal holds more than twice the live data (and is not tiny). */
  private wrote(lines: number): void {
    this.changes++;
    this.linesSinceCompaction += lines;
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
    if (sort[0]?.[0] === 'id') {
      if (!this.idOrder) {
        this.idOrder = new OrderedIndex({ fields: [['id', 1]], name: '_id_', ordered: true });
        this.idOrder.addAll([...this.docs.keys()].map((id) => [id, [id]] as const));
      }
      orderedIndexes.push(this.idOrder);
    }
    for (const index of this.indexes.values())
      if (this.building.has(index)) continue;
      else if (index instanceof OrderedIndex) orderedIndexes.push(index);
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
    for (const entry of planEntries(plan, this.docs))
      if (matchesFilter(objOf(entry, this), filter)) yield entry;
  }
}
