// The MongoDB DocumentStore adapter (official driver). The port's `id` is MongoDB's `_id`; every
// conditional write is a single findOneAnd… command whose filter carries the expected revision,
// so optimistic concurrency needs no transactions (FerretDB v1 has none, and we do not assume them).
import { randomUUID } from 'node:crypto';
import { MongoClient, MongoServerError, type Db, type Document, type Filter as MongoFilter } from 'mongodb';
import {
  NotFoundError,
  RevisionConflictError,
  type Collection,
  type DocumentStore,
  type Filter,
  type FindOptions,
  type IncrementOptions,
  type IndexSpec,
  type NewDoc,
  type Page,
  type ReplaceOptions,
  type Stored,
  type UpdateChanges,
} from '#engine/ports/document-store.ts';
import { decodeCursor, encodeCursor, seekFilter } from '../query/cursor.ts';
import { matchesFilter, validateFilter } from '../query/filter.ts';
import { applyChanges, applyIncrement, checkIncrement } from '../query/apply-update.ts';
import { checkNewDocument, checkWritablePaths } from '../query/paths.ts';
import { KeyedSerializer } from './keyed-serializer.ts';
import { fromMongo, toMongoDoc, toMongoFilter, toMongoSort, type MongoDoc } from './mongo-docs.ts';
import { translate } from './driver-errors.ts';
import { GroupCommit } from './group-commit.ts';
import { sendInserts, sendReplaces, type GroupedReplace } from './grouped-writes.ts';
import { escapeKeys } from './key-escape.ts';
import { describeServer, type ServerInfo } from './server-info.ts';
import { WriteMode } from './write-mode.ts';

/** The group commits of one collection (group-commit.ts). */
interface WriteGroups {
  inserts: GroupCommit<MongoDoc, true>;
  replaces: GroupCommit<GroupedReplace, true>;
}

class MongoCollection<T extends object> implements Collection<T> {
  constructor(
    private readonly db: Db,
    readonly name: string,
    private readonly serializer: KeyedSerializer,
    /**
     * FerretDB v1 pushes only a bare `{_id}` filter down to SQLite and scans the whole table in Go
     * for anything else, so `findOneAndUpdate({_id, rev})` costs a full scan — and is not atomic
     * anyway (docs/decisions/0002). Against FerretDB on SQLite the adapter therefore reads by
     * `_id`, decides in JavaScript (the embedded store's pure update code) and writes back by
     * `_id`, serialised per document: the same guarantee, without the scans. On PostgreSQL the
     * filtered command is as cheap as the read, so the single command is used (half the trips).
     */
    private readonly mode: WriteMode,
    private readonly groups: WriteGroups,
    private readonly isFerretDb = false,
  ) {}

  /** Conditional writes of one document run one at a time in this process (see KeyedSerializer). */
  private serial<R>(id: string, task: () => Promise<R>): Promise<R> {
    return this.serializer.run(`${this.name}\u0000${id}`, task);
  }

  private get col() {
    return this.db.collection<MongoDoc>(this.name);
  }

  async insert(doc: NewDoc<T>): Promise<Stored<T>> {
    checkNewDocument(doc);
    const id = doc.id ?? randomUUID();
    const stored = toMongoDoc(id, 1, doc);
    // Inserts of this collection that meet in time go as one command (group-commit.ts); each
    // caller is answered for its own document.
    await this.groups.inserts.submit(stored);
    return fromMongo<T>(stored);
  }

  async insertMany(docs: ReadonlyArray<NewDoc<T>>): Promise<Stored<T>[]> {
    if (docs.length === 0) return [];
    const stored = docs.map((d) => {
      checkNewDocument(d);
      return toMongoDoc(d.id ?? randomUUID(), 1, d);
    });
    try {
      await this.col.insertMany(stored, { ordered: true });
    } catch (e) {
      translate(this.name, e);
    }
    return stored.map((d) => fromMongo<T>(d));
  }

  async restoreMany(docs: ReadonlyArray<Stored<T>>): Promise<void> {
    if (docs.length === 0) return;
    const stored = docs.map((d) => {
      checkNewDocument(d);
      if (typeof d.id !== 'string') throw new TypeError('a restored document needs its id');
      if (!Number.isInteger(d.rev) || d.rev < 1) throw new TypeError('rev must be an integer ≥ 1');
      return toMongoDoc(d.id, d.rev, d);
    });
    try {
      await this.col.insertMany(stored, { ordered: true });
    } catch (e) {
      translate(this.name, e);
    }
  }

  async get(id: string): Promise<Stored<T> | null> {
    const doc = await this.col.findOne({ _id: id });
    return doc ? fromMongo<T>(doc) : null;
  }

  async find(filter: Filter = {}, options: FindOptions = {}): Promise<Page<Stored<T>>> {
    validateFilter(filter);
    const sort = options.sort ?? [];
    let effective = filter;
    if (options.after) effective = { $and: [filter, seekFilter(sort, decodeCursor(sort, options.after))] };
    let cursor = this.col.find(toMongoFilter(effective)).sort(toMongoSort(sort));
    if (options.limit !== undefined) cursor = cursor.limit(options.limit + 1);
    if (options.projection) {
      const projection: Record<string, 1> = { rev: 1 };
      for (const p of options.projection) if (p !== 'id') projection[p] = 1;
      cursor = cursor.project(projection);
    }
    const docs = (await cursor.toArray()).map((d) => fromMongo<T>(d as MongoDoc));
    const hasMore = options.limit !== undefined && docs.length > options.limit;
    if (hasMore) docs.pop();
    const last = docs[docs.length - 1];
    return {
      items: docs,
      nextCursor: hasMore && last ? encodeCursor(sort, last as Record<string, unknown>) : null,
    };
  }

  async findOne(filter: Filter, options: Pick<FindOptions, 'sort'> = {}): Promise<Stored<T> | null> {
    const { items } = await this.find(filter, { ...options, limit: 1 });
    return items[0] ?? null;
  }

  async count(filter: Filter = {}): Promise<number> {
    validateFilter(filter);
    return this.col.countDocuments(toMongoFilter(filter));
  }

  async replace(
    id: string,
    expectedRev: number,
    doc: NewDoc<T>,
    options: ReplaceOptions = {},
  ): Promise<Stored<T>> {
    checkNewDocument(doc);
    if (await this.mode.readCheckWrite())
      return this.serial(id, async () =>
        this.writeBack(this.atRevision(await this.get(id), id, expectedRev), doc),
      );
    if (options.grouped) {
      const stored = toMongoDoc(id, expectedRev + 1, doc);
      return this.serial(id, async () => {
        await this.groups.replaces.submit({ expectedRev, doc: stored });
        return fromMongo<T>(stored);
      });
    }
    return this.serial(id, () => this.replaceNow(id, expectedRev, doc));
  }

  private async replaceNow(id: string, expectedRev: number, doc: NewDoc<T>): Promise<Stored<T>> {
    let after: MongoDoc | null;
    try {
      after = await this.col.findOneAndReplace(
        { _id: id, rev: expectedRev },
        toMongoDoc(id, expectedRev + 1, doc),
        { returnDocument: 'after' },
      );
    } catch (e) {
      translate(this.name, e);
    }
    if (!after) return this.missOrConflict(id, expectedRev);
    return fromMongo<T>(after);
  }

  async update(id: string, expectedRev: number, changes: UpdateChanges): Promise<Stored<T>> {
    const set: Document = {};
    for (const [path, value] of Object.entries(changes.set ?? {}))
      if (value !== undefined) set[path] = escapeKeys(value);
    checkWritablePaths([...Object.keys(set), ...(changes.unset ?? [])]);
    if (await this.mode.readCheckWrite())
      return this.serial(id, async () => {
        const current = this.atRevision(await this.get(id), id, expectedRev);
        const next = structuredClone(current) as Record<string, unknown>;
        applyChanges(next, changes);
        return this.writeBack(current, next);
      });
    set.rev = expectedRev + 1;
    const update: Document = { $set: set };
    if (changes.unset?.length) update.$unset = Object.fromEntries(changes.unset.map((p) => [p, '']));
    return this.serial(id, () => this.updateNow(id, expectedRev, update));
  }

  async updateMany(filter: Filter, changes: UpdateChanges): Promise<number> {
    validateFilter(filter);
    const set: Document = {};
    for (const [path, value] of Object.entries(changes.set ?? {}))
      if (value !== undefined) set[path] = escapeKeys(value);
    checkWritablePaths([...Object.keys(set), ...(changes.unset ?? [])]);
    if (await this.mode.readCheckWrite()) {
      // No atomic multi-document write here: each document at the revision just read.
      let changed = 0;
      for (const doc of (await this.find(filter)).items) {
        try {
          await this.update(doc.id, doc.rev, changes);
          changed++;
        } catch (e) {
          if (!(e instanceof RevisionConflictError)) throw e;
        }
      }
      return changed;
    }
    const update: Document = { $set: set, $inc: { rev: 1 } };
    if (changes.unset?.length) update.$unset = Object.fromEntries(changes.unset.map((p) => [p, '']));
    try {
      const { modifiedCount } = await this.col.updateMany(toMongoFilter(filter), update);
      return modifiedCount;
    } catch (e) {
      translate(this.name, e);
    }
  }

  private async updateNow(id: string, expectedRev: number, update: Document): Promise<Stored<T>> {
    let after: MongoDoc | null;
    try {
      after = await this.col.findOneAndUpdate({ _id: id, rev: expectedRev }, update, {
        returnDocument: 'after',
      });
    } catch (e) {
      translate(this.name, e);
    }
    if (!after) return this.missOrConflict(id, expectedRev);
    return fromMongo<T>(after);
  }

  async increment(
    id: string,
    deltas: Record<string, number>,
    options: IncrementOptions = {},
  ): Promise<Stored<T> | null> {
    if (options.where) validateFilter(options.where);
    checkIncrement(deltas, options.set);
    if (await this.mode.readCheckWrite())
      return this.serial(id, async () => {
        const current = await this.get(id);
        if (!current) throw new NotFoundError(this.name, id);
        if (options.where && !matchesFilter(current, options.where)) return null;
        const next = structuredClone(current) as Record<string, unknown>;
        applyIncrement(next, deltas);
        if (options.set) applyChanges(next, { set: options.set });
        return this.writeBack(current, next);
      });
    const update: Document = { $inc: { ...deltas, rev: 1 } };
    if (options.set && Object.keys(options.set).length)
      update.$set = Object.fromEntries(Object.entries(options.set).map(([path, v]) => [path, escapeKeys(v)]));
    const filter: Filter = options.where ? { $and: [{ id }, options.where] } : { id };
    return this.serial(id, () => this.incrementNow(id, filter, update));
  }

  private async incrementNow(id: string, filter: Filter, update: Document): Promise<Stored<T> | null> {
    let after: MongoDoc | null;
    try {
      after = await this.col.findOneAndUpdate(toMongoFilter(filter), update, { returnDocument: 'after' });
    } catch (e) {
      translate(this.name, e);
    }
    if (after) return fromMongo<T>(after);
    if ((await this.col.countDocuments({ _id: id }, { limit: 1 })) === 0)
      throw new NotFoundError(this.name, id);
    return null;
  }

  async delete(id: string, expectedRev?: number): Promise<boolean> {
    if (expectedRev !== undefined && (await this.mode.readCheckWrite()))
      return this.serial(id, async () => {
        const current = await this.get(id);
        if (!current) return false;
        this.atRevision(current, id, expectedRev);
        return (await this.col.deleteOne({ _id: id })).deletedCount === 1;
      });
    return this.serial(id, () => this.deleteNow(id, expectedRev));
  }

  /** The current document if it is at `expectedRev`; NotFound/RevisionConflict otherwise. */
  private atRevision(current: Stored<T> | null, id: string, expectedRev: number): Stored<T> {
    if (!current) throw new NotFoundError(this.name, id);
    if (current.rev !== expectedRev) throw new RevisionConflictError(this.name, id, expectedRev);
    return current;
  }

  /** Writes `next` over `current` by `_id` alone (FerretDB path; the caller holds the serializer). */
  private async writeBack(current: Stored<T>, next: object): Promise<Stored<T>> {
    const stored = toMongoDoc(current.id, current.rev + 1, next);
    try {
      await this.col.replaceOne({ _id: current.id }, stored);
    } catch (e) {
      translate(this.name, e);
    }
    return fromMongo<T>(stored);
  }

  private async deleteNow(id: string, expectedRev?: number): Promise<boolean> {
    const filter: MongoFilter<MongoDoc> =
      expectedRev === undefined ? { _id: id } : { _id: id, rev: expectedRev };
    const { deletedCount } = await this.col.deleteOne(filter);
    if (deletedCount === 1) return true;
    if (expectedRev !== undefined && (await this.col.countDocuments({ _id: id }, { limit: 1 })) > 0)
      throw new RevisionConflictError(this.name, id, expectedRev);
    return false;
  }

  async deleteMany(filter: Filter): Promise<number> {
    validateFilter(filter);
    const { deletedCount } = await this.col.deleteMany(toMongoFilter(filter));
    return deletedCount;
  }

  async ensureIndex(spec: IndexSpec): Promise<void> {
    const keys: Record<string, 1 | -1> = {};
    for (const [path, dir] of spec.fields) keys[path === 'id' ? '_id' : path] = dir;
    const name = spec.name ?? spec.fields.map(([p, d]) => `${p}_${d}`).join('_');
    try {
      await this.col.createIndex(keys, {
        name,
        ...(spec.unique ? { unique: true } : {}),
        ...(spec.sparse ? { sparse: true } : {}),
      });
    } catch (e) {
      translate(this.name, e);
    }
  }

  async listIndexes(): Promise<IndexSpec[]> {
    let found: Document[];
    try {
      found = await this.col.listIndexes().toArray();
    } catch (e) {
      // NamespaceNotFound (26): a collection that does not exist has no indexes.
      if (e instanceof MongoServerError && e.code === 26) return [];
      throw e;
    }
    return found
      .filter((index) => index.name !== '_id_')
      .map((index) => ({
        name: index.name as string,
        fields: Object.entries(index.key as Record<string, number>).map(
          ([path, dir]) => [path === '_id' ? 'id' : path, dir === -1 ? -1 : 1] as const,
        ),
        ...(index.unique ? { unique: true } : {}),
        // FerretDB v1 does not report `sparse`, and its unique indexes (SQLite's) never clash on a
        // missing field anyway: that is what `sparse` says, so a restore elsewhere keeps it.
        ...(index.sparse || (index.unique && this.isFerretDb) ? { sparse: true } : {}),
      }));
  }

  private async missOrConflict(id: string, expectedRev: number): Promise<never> {
    if ((await this.col.countDocuments({ _id: id }, { limit: 1 })) === 0)
      throw new NotFoundError(this.name, id);
    throw new RevisionConflictError(this.name, id, expectedRev);
  }
}

export interface MongoStoreOptions {
  url: string;
  /** Database name; defaults to the one in the URL, else "forma". */
  dbName?: string;
  /**
   * How conditional writes are made: 'atomic' (filtered findOneAndUpdate, for MongoDB),
   * 'read-check-write' (for FerretDB, see MongoCollection), or 'auto' (by server; the default).
   * Tests force 'atomic' against FerretDB too, so that path runs in CI.
   */
  writeStrategy?: 'auto' | 'atomic' | 'read-check-write';
  /**
   * Called with every command the driver sends (name and collection): benchmarks count the store
   * round trips of a workload with it. Off (no command monitoring) when absent.
   */
  onCommand?: (command: string, collection: string) => void;
}

export class MongoStore implements DocumentStore {
  readonly kind = 'mongodb' as const;

  private readonly serializer = new KeyedSerializer();
  /** Per collection name: the group commits its collections share. */
  private readonly groups = new Map<string, WriteGroups>();

  private constructor(
    private readonly client: MongoClient,
    private readonly db: Db,
    /** True when the server is FerretDB (whose conditional writes are atomic only per process). */
    readonly isFerretDb: boolean,
    private readonly mode: WriteMode,
    private server: ServerInfo,
  ) {}

  static async connect(options: MongoStoreOptions): Promise<MongoStore> {
    const onCommand = options.onCommand;
    const client = new MongoClient(options.url, {
      serverSelectionTimeoutMS: 10_000,
      ...(onCommand ? { monitorCommands: true } : {}),
    });
    if (onCommand)
      client.on('commandStarted', (e) => {
        const target: unknown = e.command[e.commandName];
        onCommand(e.commandName, typeof target === 'string' ? target : '');
      });
    await client.connect();
    const fromUrl = new URL(options.url).pathname.replace(/^\//, '');
    const db = client.db(options.dbName ?? (fromUrl || 'forma'));
    const strategy = options.writeStrategy ?? 'auto';
    const server = await describeServer(db);
    const isFerretDb = server.product === 'FerretDB';
    // FerretDB on PostgreSQL finds a `{_id, rev}` filter through `_id` (one command costs what a
    // read by id costs, measured), so one filtered command beats a read and a write; on SQLite
    // (and an unknown backend) it scans the collection, so read-check-write stays.
    const readCheckWrite =
      strategy === 'read-check-write' ||
      (strategy === 'auto' && isFerretDb && server.backend !== 'PostgreSQL');
    // A fresh server has no collection to tell its backend by: ask again once there is one.
    const made: { store?: MongoStore } = {};
    const probe =
      strategy === 'auto' && isFerretDb && !server.backend
        ? async () => {
            const now = await describeServer(db);
            if (!now.backend) return undefined;
            if (made.store) made.store.server = now;
            return now.backend !== 'PostgreSQL';
          }
        : null;
    made.store = new MongoStore(client, db, isFerretDb, new WriteMode(readCheckWrite, probe), server);
    return made.store;
  }

  collection<T extends object = Record<string, unknown>>(name: string): Collection<T> {
    let groups = this.groups.get(name);
    if (!groups) {
      const col = () => this.db.collection<MongoDoc>(name);
      groups = {
        inserts: new GroupCommit(sendInserts(name, col)),
        replaces: new GroupCommit(sendReplaces(name, col)),
      };
      this.groups.set(name, groups);
    }
    return new MongoCollection<T>(this.db, name, this.serializer, this.mode, groups, this.isFerretDb);
  }

  async dropCollection(name: string): Promise<void> {
    try {
      await this.db.dropCollection(name);
    } catch (e) {
      // NamespaceNotFound (26): dropping what is not there is fine.
      if (!(e instanceof MongoServerError && e.code === 26)) throw e;
    }
  }

  async listCollections(): Promise<string[]> {
    const cols = await this.db.listCollections({}, { nameOnly: true }).toArray();
    return cols.map((c) => c.name).sort();
  }

  async ping(): Promise<void> {
    await this.db.command({ ping: 1 });
  }

  async *scan(name: string): AsyncIterable<Stored<Record<string, unknown>>> {
    for await (const doc of this.db.collection<MongoDoc>(name).find({}))
      yield fromMongo<Record<string, unknown>>(doc);
  }

  /** The database (the GridFS blob store keeps file contents in it). */
  get database(): Db {
    return this.db;
  }

  /** The server and, for FerretDB, its storage backend (benchmarks print it). */
  describeServer(): Promise<ServerInfo> {
    return Promise.resolve(this.server);
  }

  /** Drops the whole database (tests and restore). */
  async dropDatabase(): Promise<void> {
    await this.db.dropDatabase();
  }

  async close(): Promise<void> {
    await this.client.close();
  }
}
