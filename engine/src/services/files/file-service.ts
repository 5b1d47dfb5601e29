// Files people attach to requests (a receipt on an expense line) and to approval actions: what is
// known about a file is a document in `files` (name, type, size, SHA-256, owner); its bytes are a
// blob in the blob store (ports/blob-store.ts: files on disk, or GridFS), streamed in and out,
// never whole in memory — and never in the document store, whose journals and documents they
// would swell past what it can read back.
//
//   store(owner, { name, contentType, content })   → the file's info; reference it as `file:<id>`
//   info(id) / content(id)                         → metadata / the bytes as a stream
//   readable(viewer, id, { request })              → the info, when the viewer may have the file
//
// Uploads are limited (file-quota.ts): the largest file, a quota per user and for everybody, free
// disk space — each a 413 with its own code. Files stored the old way (base64 chunks in
// `file_chunks`) are moved into the blob store when the service starts (legacy-chunks.ts).
//
// Who may read a file: its uploader, an administrator, whoever may read the record it was first
// attached to with the file in a field they see (a course's materials: everyone the course's
// grants and row rules let read it), and every participant of a request that mentions it (its
// form data, or an attachment in its timeline) and is where the file was first attached
// (file-bindings.ts) — the caller names that request, and the approvals service decides
// participation exactly as for the request itself. Anyone else gets the same 404 as for a file
// that does not exist.
import { randomBytes } from 'node:crypto';
import { AppError } from '#engine/core/errors.ts';
import { fileErrors } from '#engine/core/files/errors.ts';
import { mentionsFile } from '#engine/core/files/files.ts';
import { BlobTooLargeError, type BlobStore } from '#engine/ports/blob-store.ts';
import type { Clock } from '#engine/ports/clock.ts';
import type { Collection, DocumentStore } from '#engine/ports/document-store.ts';
import { FileQuota, fileLimitsFromEnv, type FileLimits } from './file-quota.ts';
import { FILE_CHUNKS, legacyContent, migrateLegacyChunks } from './legacy-chunks.ts';

export const FILES = 'files';
export { FILE_CHUNKS };

export interface FileDoc {
  id: string;
  name: string;
  contentType: string;
  size: number;
  sha256: string;
  owner: string;
  createdAt: string;
  /** Files stored before the blob store: the number of chunks in `file_chunks`. */
  chunks?: number;
}

export type FileInfo = Omit<FileDoc, 'chunks'> & { ref: string };

export interface FileViewer {
  userId: string;
  /** May read every file (administrators). */
  all: boolean;
}

/** A request as the approvals service shows it to the viewer (throws 404/403: not theirs to see). */
export type RequestLookup = (instanceId: string) => Promise<unknown>;

/** Whether the request is where the file was first attached (file-bindings.ts). */
export type FirstAttached = (fileId: string, instanceId: string, request: unknown) => Promise<boolean>;

/** Whether the viewer reads the file in the record it was first attached to (file-bindings.ts). */
export type InRecord = (fileId: string) => Promise<boolean>;

const infoOf = ({ chunks: _c, ...doc }: FileDoc): FileInfo => ({ ...doc, ref: `file:${doc.id}` });

export interface FileServiceOptions {
  store: DocumentStore;
  clock: Clock;
  blobs: BlobStore;
  /** Default: from the environment (file-quota.ts). */
  limits?: Partial<FileLimits>;
  log?: { info(obj: unknown, msg: string): void; warn(obj: unknown, msg: string): void };
}

export interface NewFile {
  name: string;
  contentType?: string;
  /** The bytes, whole (a JSON upload) or as they arrive (a streamed upload). */
  content: Uint8Array | AsyncIterable<Uint8Array>;
  /** The size announced for streamed content (Content-Length), when known. */
  size?: number;
}

export class FileService {
  readonly files: Collection<FileDoc>;
  readonly quota: FileQuota;
  readonly limits: FileLimits;

  constructor(private readonly options: FileServiceOptions) {
    this.files = options.store.collection<FileDoc>(FILES);
    this.limits = { ...fileLimitsFromEnv(), ...options.limits };
    this.quota = new FileQuota(options.store, this.limits);
  }

  /** Moves files stored the old way into the blob store; counts usage if it never was. */
  async init(): Promise<void> {
    const { store, blobs } = this.options;
    const moved = await migrateLegacyChunks({
      store,
      blobs,
      files: this.files as unknown as Collection<{ id: string; sha256: string; chunks?: number }>,
      ...this.logOption(),
    });
    if (moved.migrated || moved.missing)
      this.options.log?.info(moved, 'moved files stored the old way into the blob store');
    if ((await this.quota.usage.count()) === 0 && (await this.files.count()) > 0)
      await this.quota.recount(store.scan(FILES) as AsyncIterable<{ owner: string; size: number }>);
  }

  async store(owner: string, input: NewFile): Promise<FileInfo> {
    const { blobs } = this.options;
    const max = this.limits.maxFileBytes;
    const whole = input.content instanceof Uint8Array ? input.content : null;
    const announced = whole ? whole.length : input.size;
    if (announced === 0) throw fileErrors.empty();
    if (announced !== undefined && announced > max) throw fileErrors.tooLarge(max);
    const reserved = announced ?? max;
    const free = await blobs.freeBytes();
    if (free !== null && free - reserved < this.limits.minFreeBytes) throw fileErrors.storageFull(null);
    await this.quota.reserve(owner, reserved);

    const id = randomBytes(16).toString('base64url').replace(/^[-_]/, 'f');
    let stored;
    try {
      stored = await blobs.put(id, whole ? [whole] : (input.content as AsyncIterable<Uint8Array>), {
        maxBytes: max,
      });
    } catch (e) {
      await this.quota.release(owner, reserved, 1);
      if (e instanceof BlobTooLargeError) throw fileErrors.tooLarge(max);
      throw e;
    }
    if (stored.size === 0) {
      await blobs.delete(id);
      await this.quota.release(owner, reserved, 1);
      throw fileErrors.empty();
    }
    await this.quota.release(owner, reserved - stored.size, 0);
    try {
      // The document last: a crash before it leaves a blob nobody refers to, never a file without bytes.
      return infoOf(
        await this.files.insert({
          id,
          name: input.name,
          contentType: input.contentType || 'application/octet-stream',
          size: stored.size,
          sha256: stored.sha256,
          owner,
          createdAt: new Date(this.options.clock.now()).toISOString(),
        }),
      );
    } catch (e) {
      await blobs.delete(id).catch(() => false);
      await this.quota.release(owner, stored.size, 1);
      throw e;
    }
  }

  async info(id: string): Promise<FileInfo | null> {
    const doc = await this.files.get(id);
    return doc ? infoOf(doc) : null;
  }

  /** The file's info when `viewer` may have it (see the top of this file); 404 otherwise. */
  async readable(
    viewer: FileViewer,
    id: string,
    via: {
      request?: string | undefined;
      lookup?: RequestLookup;
      firstAttached: FirstAttached;
      inRecord?: InRecord;
    },
  ): Promise<FileInfo> {
    const doc = await this.files.get(id);
    if (!doc) throw fileErrors.notFound(id);
    if (viewer.all || doc.owner === viewer.userId) return infoOf(doc);
    if (via.inRecord && (await via.inRecord(id))) return infoOf(doc);
    if (via.request && via.lookup) {
      const request = await via.lookup(via.request).catch((e: unknown) => {
        if (e instanceof AppError && (e.status === 404 || e.status === 403)) return null;
        throw e;
      });
      // Mentioned by the request is not enough (anyone can paste a file id into their own): the
      // request must be where the file was first attached.
      if (request && mentionsFile(request, id) && (await via.firstAttached(id, via.request, request)))
        return infoOf(doc);
    }
    throw fileErrors.notFound(id);
  }

  /** The bytes of a file as they are read (check `readable` first). */
  async content(id: string): Promise<AsyncIterable<Buffer>> {
    const doc = await this.files.get(id);
    if (!doc) throw fileErrors.notFound(id);
    const bytes =
      doc.chunks !== undefined
        ? await legacyContent(this.options.store, doc)
        : await this.options.blobs.open(id);
    if (!bytes) throw fileErrors.notFound(id);
    return bytes;
  }

  /** The bytes of a file, whole (small files: tests, previews). */
  async read(id: string): Promise<Buffer> {
    const parts: Buffer[] = [];
    for await (const part of await this.content(id)) parts.push(part);
    return Buffer.concat(parts);
  }

  private logOption() {
    return this.options.log ? { log: this.options.log } : {};
  }
}
