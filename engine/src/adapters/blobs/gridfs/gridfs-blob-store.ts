// The BlobStore on GridFS (the mongodb driver's GridFSBucket): a blob is a document in
// `blobs.files` (its id is the blob id) and chunks of 255 KB in `blobs.chunks`, so no document
// comes near MongoDB's 16 MB limit and any API replica or worker reads what another wrote.
//
// GridFS writes the chunks first and the files document last; a write that fails half-way leaves
// chunks without a files document, which `put` removes (and which no read ever sees). FerretDB v1
// runs it correctly but scans the whole chunks table for every read, which makes it slow once many
// megabytes are stored: see docs/decisions/0011-limits-blobs-and-budgets.md (BLOB_DIR is the
// alternative there).
import { createHash } from 'node:crypto';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { GridFSBucket, MongoServerError, type Db } from 'mongodb';
import {
  assertBlobId,
  BlobExistsError,
  BlobTooLargeError,
  type BlobInfo,
  type BlobStore,
  type PutOptions,
  type PutResult,
} from '#engine/ports/blob-store.ts';

/** The bucket's name: its collections are `blobs.files` and `blobs.chunks`. */
export const GRIDFS_BUCKET = 'blobs';

interface FilesDoc {
  _id: string;
  length: number;
  metadata?: { sha256?: string };
}

export class GridFsBlobStore implements BlobStore {
  readonly kind = 'gridfs' as const;
  private readonly bucket: GridFSBucket;

  constructor(private readonly db: Db) {
    this.bucket = new GridFSBucket(db, { bucketName: GRIDFS_BUCKET });
  }

  private get files() {
    return this.db.collection<FilesDoc>(`${GRIDFS_BUCKET}.files`);
  }

  async put(
    id: string,
    content: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
    options: PutOptions = {},
  ): Promise<PutResult> {
    assertBlobId(id);
    if (await this.files.findOne({ _id: id }, { projection: { _id: 1 } })) throw new BlobExistsError(id);
    // No files document: any chunks under this id are an earlier failed upload's (a chunk write
    // still in flight when it was aborted can land after the abort's clean-up, seen on FerretDB),
    // and would make this upload's first chunk a duplicate key. Ids are the file service's UUIDs, so
    // no other upload of this id runs at the same time.
    await this.db.collection(`${GRIDFS_BUCKET}.chunks`).deleteMany({ files_id: id });
    const hash = createHash('sha256');
    let size = 0;
    async function* counted(): AsyncGenerator<Uint8Array> {
      for await (const chunk of content) {
        size += chunk.length;
        if (options.maxBytes !== undefined && size > options.maxBytes)
          throw new BlobTooLargeError(options.maxBytes);
        hash.update(chunk);
        yield chunk;
      }
    }
    const upload = this.bucket.openUploadStreamWithId(id as never, id);
    try {
      await pipeline(Readable.from(counted()), upload);
    } catch (e) {
      // Chunks already written without their files document: abort waits for the writes in
      // flight and deletes what they wrote; the sweep catches any it missed.
      await upload.abort().catch(() => undefined);
      await this.db
        .collection(`${GRIDFS_BUCKET}.chunks`)
        .deleteMany({ files_id: id })
        .catch(() => undefined);
      if (e instanceof MongoServerError && (e.code === 11000 || /UNIQUE constraint/.test(e.message)))
        throw new BlobExistsError(id);
      throw e;
    }
    const sha256 = hash.digest('hex');
    await this.files.updateOne({ _id: id }, { $set: { metadata: { sha256 } } });
    return { id, size, sha256 };
  }

  async open(id: string): Promise<AsyncIterable<Buffer> | null> {
    assertBlobId(id);
    if (!(await this.files.findOne({ _id: id }, { projection: { _id: 1 } }))) return null;
    return this.bucket.openDownloadStream(id as never) as AsyncIterable<Buffer>;
  }

  async stat(id: string): Promise<BlobInfo | null> {
    assertBlobId(id);
    const doc = await this.files.findOne({ _id: id }, { projection: { length: 1 } });
    return doc ? { id, size: doc.length } : null;
  }

  async delete(id: string): Promise<boolean> {
    assertBlobId(id);
    try {
      await this.bucket.delete(id as never);
      return true;
    } catch (e) {
      if ((e as Error).message.includes('File not found')) return false;
      throw e;
    }
  }

  async *list(): AsyncIterable<BlobInfo> {
    for await (const doc of this.files.find({}, { projection: { length: 1 }, sort: { _id: 1 } }))
      yield { id: doc._id, size: doc.length };
  }

  async freeBytes(): Promise<number | null> {
    return null;
  }

  async ping(): Promise<void> {
    await this.db.command({ ping: 1 });
  }

  async close(): Promise<void> {}
}
