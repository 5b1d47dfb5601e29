// The embedded DocumentStore: no server, durable on disk under a data directory (DATA_DIR).
// Each collection is a journal file `<name>.jsonl` replayed into memory when first used; see
// journal.ts for the durability guarantees and docs/decisions/0001-embedded-store.md for why
// this design rather than a library.
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  StoreError,
  type Collection,
  type DocumentStore,
  type Stored,
} from '#engine/ports/document-store.ts';
import { DocumentCache } from './document-cache.ts';
import { EmbeddedCollection } from './embedded-collection.ts';
import { scanJournal } from './journal-scan.ts';

export interface EmbeddedStoreOptions {
  /** Directory holding the journals (created if missing). */
  dir: string;
  /** fdatasync every write: survives power loss, not only a crash of the process. */
  fsync?: boolean;
  /**
   * Bytes of documents (text and parsed objects) kept in memory across collections; past it the
   * least recently read are read back from their journal when needed (EMBEDDED_CACHE_MB).
   * Default 512 MiB.
   */
  cacheBytes?: number;
}

export const DEFAULT_CACHE_BYTES = 512 * 2 ** 20;

const COLLECTION_NAME = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,119}$/;

export class DataDirLockedError extends StoreError {
  constructor(dir: string, pid: number) {
    super('DATA_DIR_LOCKED', `${dir} is in use by process ${pid}; one process per data directory`);
  }
}

export class EmbeddedStore implements DocumentStore {
  readonly kind = 'embedded' as const;
  private readonly collections = new Map<string, EmbeddedCollection<object>>();
  private closed = false;
  private readonly lockFile: string;
  private readonly cache: DocumentCache;

  constructor(private readonly options: EmbeddedStoreOptions) {
    mkdirSync(options.dir, { recursive: true });
    this.cache = new DocumentCache(options.cacheBytes ?? DEFAULT_CACHE_BYTES);
    this.lockFile = join(options.dir, 'LOCK');
    this.acquireLock();
    // A compaction interrupted by a crash leaves its temporary file behind; the journal is intact.
    for (const f of readdirSync(options.dir)) if (f.endsWith('.jsonl.compact')) rmSync(join(options.dir, f));
  }

  collection<T extends object = Record<string, unknown>>(name: string): Collection<T> {
    this.assertOpen();
    let col = this.collections.get(name);
    if (!col) {
      if (!COLLECTION_NAME.test(name)) throw new TypeError(`invalid collection name "${name}"`);
      col = new EmbeddedCollection<object>(
        name,
        this.fileOf(name),
        this.options.fsync ?? false,
        this.cache,
        () => this.assertOpen(),
      );
      this.collections.set(name, col);
    }
    return col as unknown as Collection<T>;
  }

  async dropCollection(name: string): Promise<void> {
    this.assertOpen();
    const col = this.collections.get(name);
    if (col) {
      this.collections.delete(name);
      col.destroy();
    } else rmSync(this.fileOf(name), { force: true });
  }

  async listCollections(): Promise<string[]> {
    this.assertOpen();
    const names = new Set(this.collections.keys());
    for (const f of readdirSync(this.options.dir)) if (f.endsWith('.jsonl')) names.add(f.slice(0, -6));
    return [...names].sort();
  }

  async ping(): Promise<void> {
    this.assertOpen();
  }

  async *scan(name: string): AsyncIterable<Stored<Record<string, unknown>>> {
    this.assertOpen();
    const loaded = this.collections.get(name);
    if (loaded) {
      // Page by page: parsing every document at once would hold them all in memory.
      let after: string | undefined;
      do {
        const page = await loaded.find({}, { sort: [['id', 1]], limit: 500, ...(after ? { after } : {}) });
        yield* page.items as Stored<Record<string, unknown>>[];
        after = page.nextCursor ?? undefined;
      } while (after);
      return;
    }
    // Straight from the journal: the collection is neither opened (and kept open) nor created.
    if (!COLLECTION_NAME.test(name)) throw new TypeError(`invalid collection name "${name}"`);
    yield* scanJournal(this.fileOf(name)) as AsyncIterable<Stored<Record<string, unknown>>>;
  }

  /** Resolves once the collections opened so far have filled their indexes (built in the background). */
  async indexesReady(): Promise<void> {
    await Promise.all([...this.collections.values()].map((c) => c.whenIndexed()));
  }

  /** Bytes of documents held in memory now (within `cacheBytes`). */
  get cachedBytes(): number {
    return this.cache.usedBytes;
  }

  /** Rewrites every journal as a snapshot (also done automatically as journals grow). */
  compactAll(): void {
    for (const col of this.collections.values()) col.compact();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const col of this.collections.values()) col.detach();
    this.collections.clear();
    rmSync(this.lockFile, { force: true });
  }

  private fileOf(name: string): string {
    return join(this.options.dir, `${name}.jsonl`);
  }

  private assertOpen(): void {
    if (this.closed) throw new StoreError('STORE_CLOSED', 'the store is closed');
  }

  /** One process per data directory: a second one would interleave journal writes. */
  private acquireLock(): void {
    if (existsSync(this.lockFile)) {
      const pid = Number(readFileSync(this.lockFile, 'utf8'));
      if (pid && pid !== process.pid && isAlive(pid)) throw new DataDirLockedError(this.options.dir, pid);
    }
    writeFileSync(this.lockFile, String(process.pid));
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}
