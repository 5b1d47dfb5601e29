// Writing a backup: every collection of the store (except sessions and login counters, see
// format.ts) with its indexes and documents, streamed through the DocumentStore port (`scan`: no
// collection is loaded whole, however large), then the contents of files streamed from the blob
// store — so the same code backs up the embedded store and a MongoDB database, and a backup of
// any size passes through a small buffer.
//
// Consistency: each document is read whole, collection after collection. While the platform runs,
// documents written during the backup may or may not be in it (like mongodump without an oplog);
// that is safe for Forma's data because every flow instance carries its own outbox and every job
// is idempotent. For an exact point in time, back up with no writers (`npm run backup` with the
// API and workers stopped).
import { createHash, type Hash } from 'node:crypto';
import { createWriteStream, renameSync, rmSync } from 'node:fs';
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import type { AuditAnchor } from '#engine/core/audit/anchors.ts';
import type { BlobStore } from '#engine/ports/blob-store.ts';
import type { DocumentStore } from '#engine/ports/document-store.ts';
import { AUDIT, type AuditHead } from '../audit/audit-log.ts';
import {
  BACKUP_FORMAT,
  BACKUP_VERSION,
  BLOB_LINE_BYTES,
  collectKeyIds,
  isBackedUp,
  type BackupHeader,
  type BackupSummary,
  type BlobsSummary,
  type CollectionLine,
  type CollectionSummary,
  type ManifestLine,
} from './format.ts';

const APP_VERSION = '0.1.0';

export interface BackupOptions {
  /** ISO time written into the header (default: now). */
  createdAt?: string;
  /** Where the contents of files are (without it, the archive holds none). */
  blobs?: BlobStore;
  onProgress?: (message: string) => void;
  /** Seals the audit chain's head as the backup holds it, for the manifest (AuditLog.anchor). */
  anchorAudit?: (head: AuditHead) => Promise<AuditAnchor | null>;
}

/** Streams a backup of `store` into `out` (gzip'ed); resolves when `out` has everything. */
export async function writeBackup(
  store: DocumentStore,
  out: Writable,
  options: BackupOptions = {},
): Promise<BackupSummary> {
  const gzip = createGzip({ level: 6 });
  gzip.pipe(out);
  const whole = createHash('sha256');
  let part: Hash | null = null;
  // Backpressure: wait when gzip's buffer is full, so a large store never sits in memory.
  const emit = async (line: string): Promise<void> => {
    const bytes = `${line}\n`;
    whole.update(bytes);
    part?.update(bytes);
    if (!gzip.write(bytes)) await once(gzip, 'drain');
  };

  const header: BackupHeader = {
    t: 'header',
    format: BACKUP_FORMAT,
    version: BACKUP_VERSION,
    createdAt: options.createdAt ?? new Date().toISOString(),
    source: { store: store.kind, app: APP_VERSION },
  };
  await emit(JSON.stringify(header));

  const names = (await store.listCollections()).filter(isBackedUp).sort();
  const summaries: CollectionSummary[] = [];
  const indexCounts: number[] = [];
  const keyIds = new Set<string>();
  let documents = 0;
  let auditHead: AuditHead | null = null;
  for (const name of names) {
    const indexes = await store.collection(name).listIndexes();
    const start: CollectionLine = { t: 'collection', name, indexes };
    await emit(JSON.stringify(start));
    part = createHash('sha256');
    let count = 0;
    for await (const d of store.scan(name)) {
      const line = JSON.stringify({ t: 'doc', d });
      collectKeyIds(line, keyIds);
      await emit(line);
      count++;
      // The head is the highest entry whatever order the scan yields them in.
      if (name === AUDIT && (!auditHead || (d.seq as number) > auditHead.seq))
        auditHead = { seq: d.seq as number, hash: d.hash as string };
    }
    summaries.push({ name, count, sha256: part.digest('hex') });
    indexCounts.push(indexes.length);
    part = null;
    documents += count;
    options.onProgress?.(`${name}: ${count} document(s)`);
  }

  const blobs: BlobsSummary = { count: 0, bytes: 0 };
  if (options.blobs) {
    for await (const info of options.blobs.list()) {
      const content = await options.blobs.open(info.id);
      if (!content) continue; // deleted meanwhile
      await emit(JSON.stringify({ t: 'blob', id: info.id, size: info.size }));
      const hash = createHash('sha256');
      let size = 0;
      let pending: Buffer = Buffer.alloc(0);
      const line = async (bytes: Buffer) => emit(JSON.stringify({ t: 'bytes', b: bytes.toString('base64') }));
      for await (const chunk of content) {
        hash.update(chunk);
        size += chunk.length;
        pending = pending.length ? Buffer.concat([pending, chunk]) : chunk;
        while (pending.length >= BLOB_LINE_BYTES) {
          await line(pending.subarray(0, BLOB_LINE_BYTES));
          pending = pending.subarray(BLOB_LINE_BYTES);
        }
      }
      if (pending.length) await line(pending);
      if (size !== info.size) throw new Error(`blob ${info.id} changed while it was backed up`);
      await emit(JSON.stringify({ t: 'blob-end', sha256: hash.digest('hex') }));
      blobs.count++;
      blobs.bytes += size;
    }
    options.onProgress?.(`files: ${blobs.count} (${blobs.bytes} bytes)`);
  }

  const audit = auditHead && options.anchorAudit ? await options.anchorAudit(auditHead) : null;
  const manifest: ManifestLine = {
    t: 'manifest',
    collections: summaries,
    documents,
    keyIds: [...keyIds].sort(),
    blobs,
    ...(audit ? { audit } : {}),
    sha256: whole.digest('hex'),
  };
  gzip.end(`${JSON.stringify(manifest)}\n`);
  await finished(out);
  return {
    version: header.version,
    createdAt: header.createdAt,
    source: header.source,
    collections: summaries.map((s, i) => ({ name: s.name, count: s.count, indexes: indexCounts[i]! })),
    documents,
    keyIds: manifest.keyIds,
    blobs,
    ...(audit ? { audit } : {}),
  };
}

/**
 * Writes a backup to `file`: into `file.partial` first, renamed when complete, so a backup that
 * failed half-way never lies around under the name of a good one.
 */
export async function writeBackupFile(
  store: DocumentStore,
  file: string,
  options: BackupOptions = {},
): Promise<BackupSummary> {
  const partial = `${file}.partial`;
  const out = createWriteStream(partial, { mode: 0o600 });
  try {
    const summary = await writeBackup(store, out, options);
    renameSync(partial, file);
    return summary;
  } catch (e) {
    out.destroy();
    rmSync(partial, { force: true });
    throw e;
  }
}
