// Reading a backup: one streaming pass that checks everything — gzip integrity, the header's
// format and version, every line's shape, unique ids per collection, each collection's count and
// SHA-256 against the manifest, the SHA-256 of the whole file, nothing after the manifest — and
// hands the documents to a visitor in batches. A foreign, damaged, truncated or newer file is
// refused with a clear message (format.ts: backupErrors) and line numbers where they help.
import { createHash, type Hash } from 'node:crypto';
import { closeSync, createReadStream, openSync, readSync } from 'node:fs';
import { createGunzip } from 'node:zlib';
import { isAnchor } from '#engine/core/audit/anchors.ts';
import { BLOB_ID } from '#engine/ports/blob-store.ts';
import type { IndexSpec, Stored } from '#engine/ports/document-store.ts';
import {
  BACKUP_FORMAT,
  BACKUP_VERSION,
  backupErrors,
  COLLECTION_NAME,
  collectKeyIds,
  isBackedUp,
  type BackupHeader,
  type BackupSummary,
  type BlobsSummary,
  type CollectionLine,
  type ManifestLine,
} from './format.ts';

export type Doc = Stored<Record<string, unknown>>;

export interface BackupVisitor {
  /** A collection starts (its documents follow). */
  collection?(line: CollectionLine): Promise<void>;
  /** The next documents of the current collection (up to `batchSize` at a time). */
  documents?(collection: string, docs: Doc[]): Promise<void>;
  batchSize?: number;
  /**
   * The contents of a file: `start`, its bytes in pieces, `end` once they were all seen — before
   * their checksum is known to be right, so a visitor that keeps them must be ready to undo
   * (readBackup throws after `end` when they are wrong).
   */
  blob?: {
    start(id: string, size: number): Promise<void>;
    bytes(piece: Buffer): Promise<void>;
    end(id: string): Promise<void>;
  };
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function validIndex(spec: unknown): spec is IndexSpec {
  if (!isObject(spec) || !Array.isArray(spec.fields) || spec.fields.length === 0) return false;
  if (spec.name !== undefined && typeof spec.name !== 'string') return false;
  if (spec.unique !== undefined && typeof spec.unique !== 'boolean') return false;
  if (spec.sparse !== undefined && typeof spec.sparse !== 'boolean') return false;
  if (spec.ordered !== undefined && typeof spec.ordered !== 'boolean') return false;
  return spec.fields.every(
    (f) =>
      Array.isArray(f) &&
      f.length === 2 &&
      typeof f[0] === 'string' &&
      f[0] !== '' &&
      (f[1] === 1 || f[1] === -1),
  );
}

/** The first bytes of a gzip stream. */
function looksGzipped(file: string): boolean {
  const fd = openSync(file, 'r');
  try {
    const magic = Buffer.alloc(2);
    return readSync(fd, magic, 0, 2, 0) === 2 && magic[0] === 0x1f && magic[1] === 0x8b;
  } finally {
    closeSync(fd);
  }
}

/** The lines of a gzip'ed text file (without their newline), with a final unterminated one. */
async function* gzipLines(file: string): AsyncGenerator<string> {
  const gunzip = createReadStream(file).pipe(createGunzip());
  let carry = Buffer.alloc(0);
  try {
    for await (const chunk of gunzip as AsyncIterable<Buffer>) {
      let buf = carry.length ? Buffer.concat([carry, chunk]) : chunk;
      let nl: number;
      while ((nl = buf.indexOf(10)) !== -1) {
        yield buf.toString('utf8', 0, nl);
        buf = buf.subarray(nl + 1);
      }
      carry = Buffer.from(buf);
    }
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? '';
    if (code === 'Z_BUF_ERROR')
      throw backupErrors.damaged('the file ends too early (truncated)', '文件提前结束（不完整）');
    if (code.startsWith('Z_')) throw backupErrors.damaged('its compressed data is corrupt', '压缩数据已损坏');
    throw e;
  }
  if (carry.length) yield carry.toString('utf8');
}

/** Reads and checks a whole backup file; calls the visitor along the way. */
export async function readBackup(file: string, visitor: BackupVisitor = {}): Promise<BackupSummary> {
  if (!looksGzipped(file)) throw backupErrors.foreign('it is not a gzip file', '不是 gzip 文件');
  const batchSize = visitor.batchSize ?? 500;
  const whole = createHash('sha256');
  const seen: { name: string; count: number; sha256: string; indexes: number }[] = [];
  const keyIds = new Set<string>();
  let header: BackupHeader | null = null;
  let manifest: ManifestLine | null = null;
  let current: { line: CollectionLine; hash: Hash; ids: Set<string>; batch: Doc[] } | null = null;
  let blob: { id: string; size: number; seen: number; hash: Hash } | null = null;
  const blobIds = new Set<string>();
  const blobs: BlobsSummary = { count: 0, bytes: 0 };
  let lineNo = 0;
  const bad = (why: string, whyZh: string) =>
    backupErrors.damaged(`line ${lineNo}: ${why}`, `第 ${lineNo} 行：${whyZh}`);

  const flush = async (): Promise<void> => {
    if (current && current.batch.length) {
      const docs = current.batch;
      current.batch = [];
      await visitor.documents?.(current.line.name, docs);
    }
  };
  const closeCollection = async (): Promise<void> => {
    if (!current) return;
    await flush();
    seen.push({
      name: current.line.name,
      count: current.ids.size,
      sha256: current.hash.digest('hex'),
      indexes: current.line.indexes.length,
    });
    current = null;
  };

  for await (const text of gzipLines(file)) {
    lineNo++;
    if (manifest) throw bad('data after the manifest', '清单之后还有数据');
    let line: unknown;
    try {
      line = JSON.parse(text);
    } catch {
      if (lineNo === 1)
        throw backupErrors.foreign('it does not start with a Forma backup header', '开头不是 Forma 备份头');
      throw bad('not valid JSON', '不是有效的 JSON');
    }
    if (!isObject(line)) throw bad('not a JSON object', '不是 JSON 对象');

    if (lineNo === 1) {
      if (line.t !== 'header' || line.format !== BACKUP_FORMAT)
        throw backupErrors.foreign('it does not start with a Forma backup header', '开头不是 Forma 备份头');
      if (!Number.isInteger(line.version) || (line.version as number) < 1)
        throw bad('the format version is not a positive integer', '格式版本不是正整数');
      if ((line.version as number) > BACKUP_VERSION) throw backupErrors.newerVersion(line.version as number);
      if (typeof line.createdAt !== 'string' || !isObject(line.source))
        throw bad('the header lacks its creation time or source', '备份头缺少创建时间或来源');
      header = line as unknown as BackupHeader;
      whole.update(`${text}\n`);
      continue;
    }

    if (line.t === 'manifest') {
      if (blob) throw bad(`the contents of file "${blob.id}" end early`, `文件“${blob.id}”的内容不完整`);
      await closeCollection();
      manifest = line as unknown as ManifestLine;
      if (manifest.sha256 !== whole.digest('hex'))
        throw backupErrors.damaged('its checksum does not match its content', '校验和与内容不符');
      continue;
    }
    whole.update(`${text}\n`);

    if (blob && line.t !== 'bytes' && line.t !== 'blob-end')
      throw bad(`the contents of file "${blob.id}" end early`, `文件“${blob.id}”的内容不完整`);

    if (line.t === 'blob' || line.t === 'bytes' || line.t === 'blob-end') {
      if ((header?.version ?? 1) < 2) throw bad('unknown line type', '未知的行类型');
      await closeCollection();
      if (line.t === 'blob') {
        const { id, size } = line;
        if (
          typeof id !== 'string' ||
          !BLOB_ID.test(id) ||
          !Number.isSafeInteger(size) ||
          (size as number) < 0
        )
          throw bad('a file without a valid id or size', '文件缺少有效的 id 或大小');
        if (blobIds.has(id)) throw bad(`file "${id}" appears twice`, `文件“${id}”重复出现`);
        blobIds.add(id);
        blob = { id, size: size as number, seen: 0, hash: createHash('sha256') };
        await visitor.blob?.start(id, size as number);
      } else if (line.t === 'bytes') {
        if (!blob || typeof line.b !== 'string')
          throw bad('file contents outside any file', '文件内容不属于任何文件');
        const piece = Buffer.from(line.b, 'base64');
        blob.seen += piece.length;
        if (blob.seen > blob.size)
          throw bad(`file "${blob.id}" is longer than it says`, `文件“${blob.id}”超出其声明的大小`);
        blob.hash.update(piece);
        await visitor.blob?.bytes(piece);
      } else {
        if (!blob) throw bad('the end of a file outside any file', '文件结束标记不属于任何文件');
        const { id, size, seen, hash } = blob;
        blob = null;
        await visitor.blob?.end(id);
        if (seen !== size || line.sha256 !== hash.digest('hex'))
          throw backupErrors.damaged(
            `the contents of file "${id}" do not match their checksum`,
            `文件“${id}”的内容与校验和不符`,
          );
        blobs.count++;
        blobs.bytes += size;
      }
      continue;
    }

    if (line.t === 'collection') {
      if (blobIds.size) throw bad('a collection after the files', '文件之后出现集合');
      await closeCollection();
      const name = line.name;
      if (typeof name !== 'string' || !COLLECTION_NAME.test(name) || !isBackedUp(name))
        throw bad('invalid collection name', '集合名称无效');
      if (seen.some((s) => s.name === name))
        throw bad(`collection "${name}" appears twice`, `集合“${name}”重复出现`);
      if (!Array.isArray(line.indexes) || !line.indexes.every(validIndex))
        throw bad(`invalid index list of "${name}"`, `“${name}”的索引列表无效`);
      current = {
        line: line as unknown as CollectionLine,
        hash: createHash('sha256'),
        ids: new Set(),
        batch: [],
      };
      await visitor.collection?.(current.line);
      continue;
    }

    if (line.t === 'doc') {
      if (!current) throw bad('a document outside any collection', '文档不属于任何集合');
      const d = line.d;
      if (!isObject(d) || typeof d.id !== 'string' || d.id === '' || '_id' in d)
        throw bad('a document without a valid id', '文档缺少有效的 id');
      if (!Number.isInteger(d.rev) || (d.rev as number) < 1)
        throw bad(`document "${d.id}" has no valid revision`, `文档“${d.id}”的版本号无效`);
      if (current.ids.has(d.id))
        throw bad(
          `document "${d.id}" appears twice in "${current.line.name}"`,
          `文档“${d.id}”在“${current.line.name}”中重复出现`,
        );
      current.ids.add(d.id);
      current.hash.update(`${text}\n`);
      collectKeyIds(text, keyIds);
      current.batch.push(d as Doc);
      if (current.batch.length >= batchSize) await flush();
      continue;
    }
    throw bad('unknown line type', '未知的行类型');
  }

  if (!header) throw backupErrors.foreign('the file is empty', '文件为空');
  if (!manifest)
    throw backupErrors.damaged(
      'the file ends before its manifest: it is incomplete (truncated)',
      '文件在清单之前结束：备份不完整',
    );
  const listed = Array.isArray(manifest.collections) ? manifest.collections : [];
  if (listed.length !== seen.length || listed.some((c, i) => c?.name !== seen[i]!.name))
    throw backupErrors.damaged(
      'the manifest lists other collections than the file holds',
      '清单所列集合与文件内容不符',
    );
  for (const [i, c] of listed.entries()) {
    const got = seen[i]!;
    if (c.count !== got.count || c.sha256 !== got.sha256)
      throw backupErrors.damaged(
        `collection "${got.name}" does not match its checksum`,
        `集合“${got.name}”与校验和不符`,
      );
  }
  const documents = seen.reduce((n, c) => n + c.count, 0);
  const ids = [...keyIds].sort();
  if (manifest.documents !== documents || JSON.stringify(manifest.keyIds) !== JSON.stringify(ids))
    throw backupErrors.damaged('the manifest does not match the documents', '清单与文档不符');
  const listedBlobs = manifest.blobs ?? { count: 0, bytes: 0 };
  if (listedBlobs.count !== blobs.count || listedBlobs.bytes !== blobs.bytes)
    throw backupErrors.damaged('the manifest does not match the files', '清单与文件不符');
  return {
    version: header.version,
    createdAt: header.createdAt,
    source: header.source,
    collections: seen.map(({ name, count, indexes }) => ({ name, count, indexes })),
    documents,
    keyIds: ids,
    blobs,
    ...(isAnchor(manifest.audit) ? { audit: manifest.audit } : {}),
  };
}
