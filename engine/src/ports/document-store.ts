// Port 1: DocumentStore — a narrow, typed port for collections of JSON documents.
//
// Every document has a string `id` and an integer `rev` (revision) managed by the store: insert
// sets rev 1, every successful write increments it. Writes that name an expected revision are
// conditional (optimistic concurrency): a stale revision writes nothing and throws
// RevisionConflictError. Both adapters (embedded, mongodb) pass the same contract suite
// (tests/contract/document-store.contract.ts); behaviour that differs between them is a bug.

/** A document as stored: its own fields plus the store-managed id and revision. */
export type Stored<T> = T & { id: string; rev: number };

/** A new document: any `rev` given is ignored; `id` is generated when absent. */
export type NewDoc<T> = Omit<T, 'id' | 'rev'> & { id?: string };

/**
 * A Mongo-style filter, restricted to the subset both adapters implement identically:
 * equality (array fields match when any element equals), `$eq`, `$ne`, `$gt`, `$gte`, `$lt`, `$lte`,
 * `$in`, `$nin`, `$exists`, `$regex` (+ `$options: 'i'`), `$and`, `$or`, and dotted paths that
 * traverse sub-documents and arrays. Anything else is rejected with UnsupportedFilterError.
 */
export type Filter = { [pathOrOperator: string]: unknown };

export type SortDirection = 1 | -1;
/** Ordered sort keys; the store always appends `id` ascending as the final tie-breaker. */
export type Sort = ReadonlyArray<readonly [path: string, direction: SortDirection]>;

export interface FindOptions {
  sort?: Sort;
  /** Page size; without it every match is returned. */
  limit?: number;
  /** Opaque cursor from a previous page's `nextCursor`; the same filter and sort must be passed. */
  after?: string;
  /** Paths to include (`id` and `rev` always are); without it whole documents are returned. */
  projection?: readonly string[];
}

export interface Page<T> {
  items: T[];
  /** Cursor of the next page, or null when this page is the last. */
  nextCursor: string | null;
}

export interface UpdateChanges {
  /** Paths (dotted) to set. */
  set?: Record<string, unknown>;
  /** Paths (dotted) to remove. */
  unset?: readonly string[];
}

export interface IncrementOptions {
  /** The increment happens only if the document also matches this filter (e.g. `{stock: {$gte: 5}}`). */
  where?: Filter;
  /** Paths to set in the same atomic write. */
  set?: Record<string, unknown>;
}

export interface IndexSpec {
  /** Ordered index keys. */
  fields: ReadonlyArray<readonly [path: string, direction: SortDirection]>;
  unique?: boolean;
  /** Unique indexes ignore documents where all the fields are missing. */
  sparse?: boolean;
  /** Defaults to the fields joined, e.g. `form_1_owner_1`. */
  name?: string;
  /**
   * The index also serves ranges and sorts: equal values on its first fields, then a range or the
   * sort on the next ones (a list's filter and order). MongoDB's indexes always do; the embedded
   * store keeps plain indexes as hashes (equality only, cheaper) and these ordered. Not with
   * `unique`.
   */
  ordered?: boolean;
}

export interface ReplaceOptions {
  /**
   * The write may share one store command with concurrent ones (a group commit: fewer round trips
   * on a networked store). The price: when the store cannot tell which writes of the group applied,
   * each is answered RevisionConflictError although it may have been written. Only for callers that
   * then read the document and decide again, and for which writing it twice is harmless.
   */
  grouped?: boolean;
}

export interface Collection<T extends object = Record<string, unknown>> {
  readonly name: string;
  /** Inserts one document with rev 1. Throws DuplicateKeyError on an id or unique-index clash. */
  insert(doc: NewDoc<T>): Promise<Stored<T>>;
  /** Inserts in order; stops at the first failure (earlier documents stay). */
  insertMany(docs: ReadonlyArray<NewDoc<T>>): Promise<Stored<T>[]>;
  get(id: string): Promise<Stored<T> | null>;
  find(filter?: Filter, options?: FindOptions): Promise<Page<Stored<T>>>;
  findOne(filter: Filter, options?: Pick<FindOptions, 'sort'>): Promise<Stored<T> | null>;
  count(filter?: Filter): Promise<number>;
  /** Replaces the whole document if its revision is still `expectedRev`. */
  replace(id: string, expectedRev: number, doc: NewDoc<T>, options?: ReplaceOptions): Promise<Stored<T>>;
  /** Sets/unsets paths if the revision is still `expectedRev`. */
  update(id: string, expectedRev: number, changes: UpdateChanges): Promise<Stored<T>>;
  /**
   * Sets/unsets paths on every document the filter matches, each at its revision + 1, without a
   * revision check — for bulk marks of documents the caller holds by the filter itself (e.g. a
   * batch's deliveries under the caller's claim). Returns how many were changed.
   */
  updateMany(filter: Filter, changes: UpdateChanges): Promise<number>;
  /**
   * Atomically adds `deltas` to numeric paths (missing counts as 0), without a revision check but
   * only if `where` matches; returns the updated document, or null when the condition did not hold.
   * Throws NotFoundError when the document does not exist.
   */
  increment(
    id: string,
    deltas: Record<string, number>,
    options?: IncrementOptions,
  ): Promise<Stored<T> | null>;
  /** Deletes; with `expectedRev`, only at that revision. Returns false when nothing was there. */
  delete(id: string, expectedRev?: number): Promise<boolean>;
  deleteMany(filter: Filter): Promise<number>;
  /** Creates the index if absent (idempotent). Throws DuplicateKeyError if existing data violates it. */
  ensureIndex(spec: IndexSpec): Promise<void>;
  /** The secondary indexes (not the one on `id`), named, as ensureIndex took them: for backups. */
  listIndexes(): Promise<IndexSpec[]>;
  /**
   * Inserts documents exactly as given, `rev` included (restoring a backup, where a revision
   * counts: record history and flow instances refer to it). In order; stops at the first failure
   * (earlier documents stay). Throws DuplicateKeyError on an id or unique-index clash.
   */
  restoreMany(docs: ReadonlyArray<Stored<T>>): Promise<void>;
  /**
   * A number that changes with every write to the collection — only from a store that sees every
   * write (the embedded one: a single process); absent where other processes write too (MongoDB).
   * Lets a service keep what it derived from a rarely written collection until the collection
   * changes (collection-memo.ts).
   */
  changeStamp?(): number;
}

export interface DocumentStore {
  readonly kind: 'embedded' | 'mongodb';
  collection<T extends object = Record<string, unknown>>(name: string): Collection<T>;
  /** Removes a collection with its documents and indexes. */
  dropCollection(name: string): Promise<void>;
  listCollections(): Promise<string[]>;
  /**
   * Every document of a collection, streamed, in no particular order — without loading the
   * collection (for reading out one too large for memory, as a migration may need to).
   */
  scan(name: string): AsyncIterable<Stored<Record<string, unknown>>>;
  /** Round trip to the underlying storage (for health checks). */
  ping(): Promise<void>;
  close(): Promise<void>;
}

/** Base class of the typed errors the store throws; `code` is stable. */
export class StoreError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class RevisionConflictError extends StoreError {
  constructor(
    readonly collection: string,
    readonly id: string,
    readonly expectedRev: number,
  ) {
    super('REVISION_CONFLICT', `${collection}/${id}: revision ${expectedRev} is no longer current`);
  }
}

export class NotFoundError extends StoreError {
  constructor(
    readonly collection: string,
    readonly id: string,
  ) {
    super('NOT_FOUND', `${collection}/${id} does not exist`);
  }
}

export class DuplicateKeyError extends StoreError {
  constructor(
    readonly collection: string,
    readonly index: string,
    detail = '',
  ) {
    super('DUPLICATE_KEY', `${collection}: duplicate key for index ${index}${detail ? ` (${detail})` : ''}`);
  }
}

export class UnsupportedFilterError extends StoreError {
  constructor(message: string) {
    super('UNSUPPORTED_FILTER', message);
  }
}

export class InvalidCursorError extends StoreError {
  constructor() {
    super('INVALID_CURSOR', 'the pagination cursor is malformed or belongs to another sort');
  }
}
