// Files stored before the blob store: their bytes were base64 chunks of 512 KB in the document
// collection `file_chunks` — whose embedded journal passed 2 GiB after 127 uploads of 10 MB, and
// then could not be read back at all (ERR_FS_FILE_TOO_LARGE), taking every file request and
// backup with it. At start, `migrateLegacyChunks` moves them into the blob store:
//
// 1. the chunks are streamed out of the store (DocumentStore.scan: never loading the collection)
//    into a temporary directory, one small file per chunk;
// 2. each file's chunks are joined, in order, into its blob, checked against the file's SHA-256,
//    and the file's document loses its `chunks` count (it is now an ordinary file);
// 3. `file_chunks` is dropped.
//
// A crash in between is harmless: the next start does it again, skipping what is done. A file
// whose chunks are incomplete keeps its document (and answers 404) and is reported.
import { createReadStream } from 'node:fs';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BLOB_ID, type BlobStore } from '#engine/ports/blob-store.ts';
import type { Collection, DocumentStore } from '#engine/ports/document-store.ts';

export const FILE_CHUNKS = 'file_chunks';

interface LegacyFile {
  id: string;
  sha256: string;
  chunks?: number;
}

interface ChunkDoc {
  id: string;
  fileId: string;
  n: number;
  data: string;
}

export interface MigrationOptions {
  store: DocumentStore;
  blobs: BlobStore;
  files: Collection<LegacyFile>;
  /** Where chunks wait to be joined (default: the OS temporary directory). */
  tmpDir?: string;
  log?: { info(obj: unknown, msg: string): void; warn(obj: unknown, msg: string): void };
}

export async function migrateLegacyChunks(
  options: MigrationOptions,
): Promise<{ migrated: number; missing: number }> {
  const { store, blobs, files, log } = options;
  if (!(await store.listCollections()).includes(FILE_CHUNKS)) return { migrated: 0, missing: 0 };
  log?.info({}, 'moving files stored in the document store into the blob store');
  const dir = await mkdtemp(join(options.tmpDir ?? tmpdir(), 'forma-file-migration-'));
  let migrated = 0;
  let missing = 0;
  try {
    for await (const doc of store.scan(FILE_CHUNKS)) {
      const chunk = doc as unknown as ChunkDoc;
      if (!BLOB_ID.test(chunk.fileId) || !Number.isInteger(chunk.n) || chunk.n < 0) continue;
      await mkdir(join(dir, chunk.fileId), { recursive: true });
      await writeFile(join(dir, chunk.fileId, String(chunk.n)), Buffer.from(chunk.data, 'base64'));
    }
    for (;;) {
      const { items } = await files.find(
        { chunks: { $exists: true }, failedMigration: { $exists: false } },
        { limit: 100 },
      );
      if (items.length === 0) break;
      for (const file of items) {
        if (await moveOne(file, dir, blobs)) {
          await files.update(file.id, file.rev, { unset: ['chunks'] });
          migrated++;
        } else {
          await files.update(file.id, file.rev, { set: { failedMigration: true } });
          log?.warn(
            { fileId: file.id },
            'a file stored the old way could not be moved: its chunks are incomplete or do not match its checksum',
          );
          missing++;
        }
      }
    }
    await store.dropCollection(FILE_CHUNKS);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  return { migrated, missing };
}

/** Joins one file's chunks into its blob; false when they are incomplete or wrong. */
async function moveOne(file: LegacyFile, dir: string, blobs: BlobStore): Promise<boolean> {
  if (await blobs.stat(file.id)) return true; // moved before a crash, its document not yet updated
  const parts = await readdir(join(dir, file.id)).catch(() => [] as string[]);
  const count = file.chunks ?? 0;
  if (parts.length !== count || count === 0) return false;
  async function* joined(): AsyncGenerator<Buffer> {
    for (let n = 0; n < count; n++)
      for await (const piece of createReadStream(join(dir, file.id, String(n))) as AsyncIterable<Buffer>)
        yield piece;
  }
  const stored = await blobs.put(file.id, joined());
  if (stored.sha256 !== file.sha256) {
    await blobs.delete(file.id);
    return false;
  }
  return true;
}

/**
 * The bytes of a file not moved yet (its chunks incomplete, or the move still to come), read
 * from `file_chunks` one chunk at a time; null when they are not all there.
 */
export async function legacyContent(
  store: DocumentStore,
  file: LegacyFile,
): Promise<AsyncIterable<Buffer> | null> {
  if (!(await store.listCollections()).includes(FILE_CHUNKS)) return null;
  const chunks = store.collection<ChunkDoc>(FILE_CHUNKS);
  const count = file.chunks ?? 0;
  for (let n = 0; n < count; n++) if (!(await chunks.get(`${file.id}.${n}`))) return null;
  return (async function* () {
    for (let n = 0; n < count; n++) {
      const chunk = await chunks.get(`${file.id}.${n}`);
      if (chunk) yield Buffer.from(chunk.data, 'base64');
    }
  })();
}
