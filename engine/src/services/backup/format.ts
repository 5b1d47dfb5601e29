// The backup archive: gzip'ed JSON lines, portable between the run modes (an embedded backup
// restores into MongoDB and back) and checked end to end before anything is written.
//
//   {"t":"header","format":"forma-backup","version":1,"createdAt":…,"source":{…}}
//   {"t":"collection","name":"users","indexes":[{"name":"login_1","fields":[["login",1]],…}]}
//   {"t":"doc","d":{"id":"wang.fang","rev":3,…}}            one line per document, rev included
//   …                                                       every collection, in name order
//   {"t":"blob","id":"Xq…","size":N}                        version 2: the contents of files,
//   {"t":"bytes","b":"<base64>"}                            each in lines of at most 48 KB
//   {"t":"blob-end","sha256":"…"}                           and its SHA-256
//   {"t":"manifest","collections":[{"name","count","sha256"}],"documents":N,"keyIds":[…],
//    "blobs":{"count","bytes"},"audit":{…},"sha256":…}
//
// The manifest is the last line: per collection the number of documents and the SHA-256 of its
// document lines, the key ids of the encrypted field values (never the keys themselves), the
// number and size of the blobs, the sealed anchor of the audit chain's head the backup holds
// (core/audit/anchors.ts: a copy kept wherever the backup is kept, so a log cut short later shows
// against it), and the SHA-256 of every byte before it. A file without it is truncated; anything
// after it is damage. Version 1 files (no blobs) are still read.
import type { AuditAnchor } from '#engine/core/audit/anchors.ts';
import { AppError } from '#engine/core/errors.ts';
import type { IndexSpec, Stored } from '#engine/ports/document-store.ts';
import { SESSIONS, LOGIN_GUARDS } from '../identity/collections.ts';

export const BACKUP_FORMAT = 'forma-backup';
/** The version this code writes and the newest it reads (2: with the contents of files). */
export const BACKUP_VERSION = 2;
/** Raw bytes per `bytes` line of a blob (64 KB of base64). */
export const BLOB_LINE_BYTES = 48 * 1024;
export const BACKUP_EXTENSION = '.jsonl.gz';

export interface BackupHeader {
  t: 'header';
  format: typeof BACKUP_FORMAT;
  version: number;
  createdAt: string;
  source: { store: 'embedded' | 'mongodb'; app: string };
}

export interface CollectionLine {
  t: 'collection';
  name: string;
  indexes: IndexSpec[];
}

export interface DocLine {
  t: 'doc';
  d: Stored<Record<string, unknown>>;
}

export interface CollectionSummary {
  name: string;
  count: number;
  /** SHA-256 (hex) of the collection's document lines, newline included. */
  sha256: string;
}

export interface BlobLine {
  t: 'blob';
  id: string;
  size: number;
}

export interface BlobBytesLine {
  t: 'bytes';
  /** Base64. */
  b: string;
}

export interface BlobEndLine {
  t: 'blob-end';
  sha256: string;
}

export interface BlobsSummary {
  count: number;
  bytes: number;
}

export interface ManifestLine {
  t: 'manifest';
  collections: CollectionSummary[];
  documents: number;
  /** Ids of the field-encryption keys the encrypted values use (the keys are not in the file). */
  keyIds: string[];
  /** The contents of files (version 2). */
  blobs?: BlobsSummary;
  /** The audit chain's head in this backup, sealed (absent without an audit key). */
  audit?: AuditAnchor;
  /** SHA-256 (hex) of every byte before this line. */
  sha256: string;
}

/** What a verified archive holds. */
export interface BackupSummary {
  version: number;
  createdAt: string;
  source: BackupHeader['source'];
  collections: { name: string; count: number; indexes: number }[];
  documents: number;
  keyIds: string[];
  /** The contents of files in the archive. */
  blobs: BlobsSummary;
  /** The anchor of the audit chain's head in the backup (paste it into the audit log's verify). */
  audit?: AuditAnchor;
}

/** Where a restore waits between staging and applying (see restore.ts). */
export const RESTORE_STATE = '_restore';
/** Prefix of the collections a restore stages the backup's data in. */
export const STAGING_PREFIX = '__restore.';

/**
 * Collections a backup leaves out: sessions and login counters (a restored session would let an
 * old cookie back in), the restore's own bookkeeping, and the server's system collections.
 * A restore drops them, so everybody signs in again afterwards.
 */
export function isBackedUp(name: string): boolean {
  return (
    !isBlobStoreCollection(name) &&
    name !== SESSIONS &&
    name !== LOGIN_GUARDS &&
    name !== RESTORE_STATE &&
    !name.startsWith(STAGING_PREFIX) &&
    !name.startsWith('system.')
  );
}

/**
 * The blob store's own collections (GridFS keeps file contents in `blobs.files`/`blobs.chunks`):
 * the archive holds the contents as blobs, and a restore leaves these collections to the blob store.
 */
export function isBlobStoreCollection(name: string): boolean {
  return name.startsWith('blobs.');
}

/** Collection names the store accepts (the embedded store's rule, the stricter of the two). */
export const COLLECTION_NAME = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,119}$/;

const ENCRYPTED_KEY_ID = /"enc:v1:([A-Za-z0-9_-]{1,32}):/g;

/** Adds the key ids of the encrypted values in a JSON text to `into`. */
export function collectKeyIds(json: string, into: Set<string>): void {
  if (!json.includes('"enc:v1:')) return;
  for (const m of json.matchAll(ENCRYPTED_KEY_ID)) into.add(m[1]!);
}

export function backupFileName(createdAt: string): string {
  return `forma-backup-${createdAt.replace(/[:.]/g, '-')}${BACKUP_EXTENSION}`;
}

// ---- errors: what a user did wrong (a foreign or damaged file, a missing key, …) ---------------

export const backupErrors = {
  foreign: (why: string, whyZh: string): AppError =>
    new AppError(
      400,
      'BACKUP_NOT_FORMA',
      `This file is not a Forma backup (${why}).`,
      `此文件不是 Forma 备份（${whyZh}）。`,
      [{ path: '', message: why, messageZh: whyZh }],
    ),
  damaged: (why: string, whyZh: string): AppError =>
    new AppError(
      400,
      'BACKUP_DAMAGED',
      `The backup is damaged and was not restored: ${why}. Nothing was changed.`,
      `备份文件已损坏，未执行恢复：${whyZh}。数据未作任何更改。`,
      [{ path: '', message: why, messageZh: whyZh }],
    ),
  newerVersion: (version: number): AppError =>
    new AppError(
      400,
      'BACKUP_VERSION_UNSUPPORTED',
      `The backup has format version ${version}, made by a newer Forma; this one reads up to version ${BACKUP_VERSION}. Upgrade Forma first.`,
      `该备份的格式版本为 ${version}，由更新版本的 Forma 生成；当前版本最高只能读取 ${BACKUP_VERSION}。请先升级 Forma。`,
    ),
  keysMissing: (missing: string[], where: string, whereZh: string): AppError =>
    new AppError(
      422,
      'BACKUP_KEYS_MISSING',
      `The backup's sensitive fields are encrypted with key(s) ${missing.join(', ')}, which this installation does not have: ${where}. Nothing was changed.`,
      `备份中的敏感字段使用密钥 ${missing.join('、')} 加密，而本系统没有这些密钥：${whereZh}。数据未作任何更改。`,
      missing.map((id) => ({ path: '', message: `missing key ${id}`, messageZh: `缺少密钥 ${id}` })),
    ),
  inconsistent: (collection: string, detail: string): AppError =>
    new AppError(
      422,
      'BACKUP_INCONSISTENT',
      `The backup's collection "${collection}" cannot be restored (${detail}). Nothing was changed.`,
      `备份中的集合“${collection}”无法恢复（${detail}）。数据未作任何更改。`,
    ),
  restoreInProgress: (): AppError =>
    new AppError(
      409,
      'RESTORE_IN_PROGRESS',
      'A restore is being applied right now. Wait until it has finished.',
      '正在应用一次恢复，请等待其完成。',
    ),
  /** The upload is not a file body (a form post, JSON …). */
  notAnArchive: (): AppError =>
    new AppError(
      415,
      'BACKUP_UPLOAD_TYPE',
      'Send the backup file itself as the request body (Content-Type: application/gzip).',
      '请将备份文件本身作为请求体发送（Content-Type: application/gzip）。',
    ),
  uploadTooLarge: (limit: number): AppError =>
    new AppError(
      413,
      'BACKUP_TOO_LARGE',
      `The file is larger than ${Math.round(limit / 1048576)} MB (BACKUP_UPLOAD_LIMIT_MB).`,
      `文件超过 ${Math.round(limit / 1048576)} MB（BACKUP_UPLOAD_LIMIT_MB）。`,
    ),
  /** A restore replaces all data: the caller types the confirmation word to say they mean it. */
  notConfirmed: (word: string): AppError =>
    new AppError(
      400,
      'RESTORE_NOT_CONFIRMED',
      `A restore replaces all data: confirm it by typing ${word}.`,
      `恢复将替换全部数据：请输入 ${word} 以确认。`,
      [{ path: '/query/confirm', message: `type ${word}`, messageZh: `请输入 ${word}` }],
    ),
  /** A backup run was asked for where no second location is configured. */
  scheduleOff: (): AppError =>
    new AppError(
      409,
      'BACKUP_SCHEDULE_OFF',
      'Scheduled backups are off: set BACKUP_DIR (a directory on another disk or a mounted share) and restart Forma.',
      '定时备份未开启：请设置 BACKUP_DIR（另一块磁盘上的目录或已挂载的共享目录）并重启 Forma。',
    ),
  noPendingRestore: (): AppError =>
    new AppError(404, 'NO_PENDING_RESTORE', 'No restore is waiting.', '没有待应用的恢复。'),
};
