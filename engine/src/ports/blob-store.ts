// Port 4: BlobStore — the bytes of files (receipts, invoices, contracts), apart from the documents.
// The document store holds what is known about a file (name, type, owner, size, checksum); the
// blob store only its bytes, streamed in and out, never whole in memory, each blob under an id of
// the caller's choosing. Blobs are immutable: a blob is written once under its id (a second `put`
// with that id fails and changes nothing) and can be deleted, never changed.
//
// Two adapters pass one contract suite (tests/contract/blob-store.contract.ts): files on disk
// under DATA_DIR (embedded mode, or a directory every replica mounts) and GridFS (distributed
// mode). No blob comes near a size limit of either: one blob is one file on disk, or chunks of
// 255 KB in GridFS, and `put` takes a size limit.

/** What a blob store knows about a blob. */
export interface BlobInfo {
  id: string;
  size: number;
}

export interface PutResult extends BlobInfo {
  /** SHA-256 (hex) of the bytes, computed while they were written. */
  sha256: string;
}

export interface PutOptions {
  /** Most bytes the blob may have: more fails with BlobTooLargeError, and nothing is kept. */
  maxBytes?: number;
}

export interface BlobStore {
  readonly kind: 'disk' | 'gridfs';
  /**
   * Writes the bytes `content` yields under `id`. Resolves when they are durable. On any failure
   * (too large, the source failing, the id taken) nothing is kept under the id.
   */
  put(
    id: string,
    content: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
    options?: PutOptions,
  ): Promise<PutResult>;
  /** The blob's bytes as they are read, or null when there is no such blob. */
  open(id: string): Promise<AsyncIterable<Buffer> | null>;
  stat(id: string): Promise<BlobInfo | null>;
  /** Returns false when there was no such blob. */
  delete(id: string): Promise<boolean>;
  /** Every blob (for backups and housekeeping), in no particular order. */
  list(): AsyncIterable<BlobInfo>;
  /** Bytes still free where the blobs are kept, when the adapter can tell (else null). */
  freeBytes(): Promise<number | null>;
  /** Round trip to the storage (health: files can be served). */
  ping(): Promise<void>;
  close(): Promise<void>;
}

/** Blob ids: safe as file names and as GridFS ids (no path separators, no leading dot). */
export const BLOB_ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,127}$/;

export class BlobStoreError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class BlobTooLargeError extends BlobStoreError {
  constructor(readonly limit: number) {
    super('BLOB_TOO_LARGE', `the blob is larger than ${limit} bytes`);
  }
}

export class BlobExistsError extends BlobStoreError {
  constructor(readonly id: string) {
    super('BLOB_EXISTS', `a blob "${id}" exists already`);
  }
}

export function assertBlobId(id: string): void {
  if (!BLOB_ID.test(id)) throw new BlobStoreError('BLOB_ID_INVALID', `"${id}" is not a valid blob id`);
}
