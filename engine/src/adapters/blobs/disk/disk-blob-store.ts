// The BlobStore on disk: one file per blob under a directory (DATA_DIR/blobs in the embedded mode;
// in the distributed mode a directory every replica mounts, BLOB_DIR), spread over 4 096
// subdirectories by the id's first two characters so no directory grows huge.
//
// A blob is written to a temporary file, synced, and then hard-linked under its name: the link
// fails when the name is taken (blobs are immutable), and a crash leaves either the whole blob or
// nothing under the name — the temporary file is removed on the next open.
import { createHash, randomBytes } from 'node:crypto';
import { link, mkdir, open, readdir, rm, stat, statfs, unlink, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import {
  assertBlobId,
  BlobExistsError,
  BlobTooLargeError,
  type BlobInfo,
  type BlobStore,
  type PutOptions,
  type PutResult,
} from '#engine/ports/blob-store.ts';

export interface DiskBlobStoreOptions {
  dir: string;
  /** fsync each blob before it counts as written (default true: blobs are few and large). */
  fsync?: boolean;
}

const TMP = '.tmp';
const STALE_TMP_MS = 60 * 60_000;

export class DiskBlobStore implements BlobStore {
  readonly kind = 'disk' as const;
  private ready: Promise<void> | null = null;

  constructor(private readonly options: DiskBlobStoreOptions) {}

  private init(): Promise<void> {
    this.ready ??= (async () => {
      await mkdir(join(this.options.dir, TMP), { recursive: true });
      // Temporary files of writes a crash interrupted (an hour old: no write takes that long).
      const now = Date.now();
      for (const name of await readdir(join(this.options.dir, TMP))) {
        const file = join(this.options.dir, TMP, name);
        const info = await stat(file).catch(() => null);
        if (info && now - info.mtimeMs > STALE_TMP_MS) await rm(file, { force: true });
      }
    })();
    return this.ready;
  }

  private pathOf(id: string): string {
    assertBlobId(id);
    return join(this.options.dir, id.slice(0, 2), id);
  }

  async put(
    id: string,
    content: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
    options: PutOptions = {},
  ): Promise<PutResult> {
    const target = this.pathOf(id);
    await this.init();
    const tmp = join(this.options.dir, TMP, `${id}.${randomBytes(6).toString('hex')}`);
    const hash = createHash('sha256');
    let size = 0;
    let handle: FileHandle | null = await open(tmp, 'wx', 0o600);
    try {
      for await (const chunk of content) {
        size += chunk.length;
        if (options.maxBytes !== undefined && size > options.maxBytes)
          throw new BlobTooLargeError(options.maxBytes);
        hash.update(chunk);
        await handle.write(chunk);
      }
      if (this.options.fsync ?? true) await handle.sync();
      await handle.close();
      handle = null;
      await mkdir(join(this.options.dir, id.slice(0, 2)), { recursive: true });
      try {
        await link(tmp, target);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'EEXIST') throw new BlobExistsError(id);
        throw e;
      }
      return { id, size, sha256: hash.digest('hex') };
    } finally {
      await handle?.close().catch(() => undefined);
      await unlink(tmp).catch(() => undefined);
    }
  }

  async open(id: string): Promise<AsyncIterable<Buffer> | null> {
    const file = this.pathOf(id);
    // Opened here, so a missing blob is null rather than a stream that fails later.
    const handle = await open(file, 'r').catch((e: NodeJS.ErrnoException) => {
      if (e.code === 'ENOENT') return null;
      throw e;
    });
    if (!handle) return null;
    return handle.createReadStream({ highWaterMark: 256 * 1024 }) as AsyncIterable<Buffer>;
  }

  async stat(id: string): Promise<BlobInfo | null> {
    const info = await stat(this.pathOf(id)).catch((e: NodeJS.ErrnoException) => {
      if (e.code === 'ENOENT') return null;
      throw e;
    });
    return info ? { id, size: info.size } : null;
  }

  async delete(id: string): Promise<boolean> {
    try {
      await unlink(this.pathOf(id));
      return true;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return false;
      throw e;
    }
  }

  async *list(): AsyncIterable<BlobInfo> {
    await this.init();
    for (const shard of (await readdir(this.options.dir)).sort()) {
      if (shard === TMP) continue;
      const names = await readdir(join(this.options.dir, shard)).catch(() => [] as string[]);
      for (const name of names.sort()) {
        const info = await stat(join(this.options.dir, shard, name)).catch(() => null);
        if (info?.isFile()) yield { id: name, size: info.size };
      }
    }
  }

  async freeBytes(): Promise<number | null> {
    await this.init();
    const fs = await statfs(this.options.dir);
    return fs.bavail * fs.bsize;
  }

  async ping(): Promise<void> {
    await this.init();
    await statfs(this.options.dir);
  }

  async close(): Promise<void> {}
}
