// Files people attach to requests (a receipt on an expense line) and to approval actions, kept in
// the document store — so both run modes behave alike and a backup holds them — as a metadata
// document in `files` and the bytes in base64 chunks in `file_chunks` (no document near a store's
// size limit).
//
//   store(owner, { name, contentType, content })   → the file's info; reference it as `file:<id>`
//   info(id) / read(id)                            → metadata / metadata and bytes
//   readable(viewer, id, { request })              → the info, when the viewer may have the file
//
// Who may read a file: its uploader, an administrator, and every participant of a request that
// mentions it (its form data, or an attachment in its timeline) and is where the file was first
// attached (file-bindings.ts) — the caller names that request, and the approvals service decides
// participation exactly as for the request itself. Anyone else gets the same 404 as for a file
// that does not exist.
import { createHash, randomBytes } from 'node:crypto';
import { AppError, notFound } from '#engine/core/errors.ts';
import { MAX_FILE_BYTES, mentionsFile } from '#engine/core/files/files.ts';
import type { Clock } from '#engine/ports/clock.ts';
import type { Collection, DocumentStore } from '#engine/ports/document-store.ts';

export const FILES = 'files';
export const FILE_CHUNKS = 'file_chunks';
const CHUNK_BYTES = 512 * 1024;

export interface FileDoc {
  id: string;
  name: string;
  contentType: string;
  size: number;
  sha256: string;
  owner: string;
  createdAt: string;
  chunks: number;
}

interface ChunkDoc {
  id: string;
  fileId: string;
  n: number;
  data: string;
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

const infoOf = ({ chunks: _c, ...doc }: FileDoc): FileInfo => ({ ...doc, ref: `file:${doc.id}` });

export const fileErrors = {
  notFound: (id: string) =>
    notFound('FILE_NOT_FOUND', `There is no file "${id}" you may open`, `没有您可以打开的文件“${id}”`),
  tooLarge: () =>
    new AppError(
      413,
      'FILE_TOO_LARGE',
      `A file may have at most ${MAX_FILE_BYTES / 1048576} MB`,
      `文件不能超过 ${MAX_FILE_BYTES / 1048576} MB`,
      [{ path: '/content', message: 'too large', messageZh: '文件过大' }],
    ),
  empty: () =>
    new AppError(400, 'FILE_EMPTY', 'The file is empty', '文件为空', [
      { path: '/content', message: 'no bytes', messageZh: '没有内容' },
    ]),
};

export class FileService {
  readonly files: Collection<FileDoc>;
  private readonly chunks: Collection<ChunkDoc>;

  constructor(private readonly options: { store: DocumentStore; clock: Clock }) {
    this.files = options.store.collection<FileDoc>(FILES);
    this.chunks = options.store.collection<ChunkDoc>(FILE_CHUNKS);
  }

  async init(): Promise<void> {
    await this.chunks.ensureIndex({
      fields: [
        ['fileId', 1],
        ['n', 1],
      ],
    });
  }

  async store(
    owner: string,
    input: { name: string; contentType?: string; content: Buffer },
  ): Promise<FileInfo> {
    const { content } = input;
    if (content.length === 0) throw fileErrors.empty();
    if (content.length > MAX_FILE_BYTES) throw fileErrors.tooLarge();
    const id = randomBytes(16).toString('base64url').replace(/^[-_]/, 'f');
    const count = Math.ceil(content.length / CHUNK_BYTES);
    // The chunks first: a crash in between leaves unreferenced chunks, never a file without bytes.
    await this.chunks.insertMany(
      Array.from({ length: count }, (_, n) => ({
        id: `${id}.${n}`,
        fileId: id,
        n,
        data: content.subarray(n * CHUNK_BYTES, (n + 1) * CHUNK_BYTES).toString('base64'),
      })),
    );
    const doc = await this.files.insert({
      id,
      name: input.name,
      contentType: input.contentType || 'application/octet-stream',
      size: content.length,
      sha256: createHash('sha256').update(content).digest('hex'),
      owner,
      createdAt: new Date(this.options.clock.now()).toISOString(),
      chunks: count,
    });
    return infoOf(doc);
  }

  async info(id: string): Promise<FileInfo | null> {
    const doc = await this.files.get(id);
    return doc ? infoOf(doc) : null;
  }

  /** The file's info when `viewer` may have it (see the top of this file); 404 otherwise. */
  async readable(
    viewer: FileViewer,
    id: string,
    via: { request?: string | undefined; lookup?: RequestLookup; firstAttached: FirstAttached },
  ): Promise<FileInfo> {
    const doc = await this.files.get(id);
    if (!doc) throw fileErrors.notFound(id);
    if (viewer.all || doc.owner === viewer.userId) return infoOf(doc);
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

  /** The bytes of a file (check `readable` first). */
  async content(id: string): Promise<Buffer> {
    const doc = await this.files.get(id);
    if (!doc) throw fileErrors.notFound(id);
    const { items } = await this.chunks.find({ fileId: id }, { sort: [['n', 1]] });
    if (items.length !== doc.chunks) throw fileErrors.notFound(id);
    return Buffer.concat(items.map((c) => Buffer.from(c.data, 'base64')));
  }
}
