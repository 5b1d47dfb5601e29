// How much people may store: the largest file, a quota per user and one for everybody, and room
// the disk must keep free (environment, README). Usage is counted in `file_usage` — one document
// per user and one for the total — and a file's bytes are reserved there with a conditional
// increment *before* they are written, so concurrent uploads on any number of API replicas can
// never pass a quota between them. An upload that fails gives its reservation back.
//
//   FILE_MAX_MB          largest file (default 10)
//   FILE_QUOTA_USER_MB   what one user may store (default 1024; 0: no limit)
//   FILE_QUOTA_TOTAL_MB  what everybody together may store (default 51200; 0: no limit)
//   FILE_MIN_FREE_MB     uploads stop while the disk has less free (default 1024; blobs on disk)
import { fileErrors } from '#engine/core/files/errors.ts';
import { MAX_FILE_BYTES } from '#engine/core/files/files.ts';
import {
  DuplicateKeyError,
  NotFoundError,
  type Collection,
  type DocumentStore,
} from '#engine/ports/document-store.ts';

export const FILE_USAGE = 'file_usage';
const TOTAL = 'total';
const MB = 1024 * 1024;

export interface FileLimits {
  maxFileBytes: number;
  /** 0: no limit. */
  userQuotaBytes: number;
  /** 0: no limit. */
  totalQuotaBytes: number;
  minFreeBytes: number;
}

export function fileLimitsFromEnv(env: NodeJS.ProcessEnv = process.env): FileLimits {
  const mb = (text: string | undefined, fallback: number): number => {
    const n = Number(text);
    return Math.floor(
      (text !== undefined && text !== '' && Number.isFinite(n) && n >= 0 ? n : fallback) * MB,
    );
  };
  return {
    maxFileBytes: mb(env.FILE_MAX_MB, MAX_FILE_BYTES / MB) || MAX_FILE_BYTES,
    userQuotaBytes: mb(env.FILE_QUOTA_USER_MB, 1024),
    totalQuotaBytes: mb(env.FILE_QUOTA_TOTAL_MB, 51_200),
    minFreeBytes: mb(env.FILE_MIN_FREE_MB, 1024),
  };
}

interface UsageDoc {
  id: string;
  bytes: number;
  files: number;
}

export class FileQuota {
  readonly usage: Collection<UsageDoc>;

  constructor(
    store: DocumentStore,
    readonly limits: FileLimits,
  ) {
    this.usage = store.collection<UsageDoc>(FILE_USAGE);
  }

  /** Reserves `bytes` (one file) for `owner`; throws 413 when a quota would be passed. */
  async reserve(owner: string, bytes: number): Promise<void> {
    const { userQuotaBytes, totalQuotaBytes } = this.limits;
    if (!(await this.add(`user:${owner}`, bytes, 1, userQuotaBytes))) {
      const used = (await this.usage.get(`user:${owner}`))?.bytes ?? 0;
      throw fileErrors.quotaExceeded(userQuotaBytes, used);
    }
    if (!(await this.add(TOTAL, bytes, 1, totalQuotaBytes))) {
      await this.add(`user:${owner}`, -bytes, -1, 0);
      throw fileErrors.storageFull(totalQuotaBytes);
    }
  }

  /** Gives back (part of) a reservation: `bytes` and `files` are what to take off. */
  async release(owner: string, bytes: number, files: number): Promise<void> {
    if (bytes === 0 && files === 0) return;
    await this.add(`user:${owner}`, -bytes, -files, 0);
    await this.add(TOTAL, -bytes, -files, 0);
  }

  /** What a user stores (bytes, files). */
  async of(owner: string): Promise<{ bytes: number; files: number }> {
    const doc = await this.usage.get(`user:${owner}`);
    return { bytes: doc?.bytes ?? 0, files: doc?.files ?? 0 };
  }

  /** Recounts usage from the files themselves (after an upgrade: files stored before quotas). */
  async recount(files: AsyncIterable<{ owner: string; size: number }>): Promise<void> {
    const per = new Map<string, UsageDoc>();
    const bump = (id: string, size: number) => {
      const doc = per.get(id) ?? { id, bytes: 0, files: 0 };
      doc.bytes += size;
      doc.files += 1;
      per.set(id, doc);
    };
    for await (const f of files) {
      bump(`user:${f.owner}`, f.size);
      bump(TOTAL, f.size);
    }
    await this.usage.deleteMany({});
    for (const doc of per.values()) await this.usage.insert(doc);
  }

  /** Adds to a counter, only while it stays within `limit` (0: no limit); false when it would not. */
  private async add(id: string, bytes: number, files: number, limit: number): Promise<boolean> {
    const where = bytes > 0 && limit > 0 ? { bytes: { $lte: limit - bytes } } : undefined;
    for (let tries = 0; tries < 3; tries++) {
      try {
        const done = await this.usage.increment(id, { bytes, files }, where ? { where } : {});
        return done !== null;
      } catch (e) {
        if (!(e instanceof NotFoundError)) throw e;
      }
      if (limit > 0 && bytes > limit) return false;
      try {
        await this.usage.insert({ id, bytes: Math.max(0, bytes), files: Math.max(0, files) });
        return true;
      } catch (e) {
        if (!(e instanceof DuplicateKeyError)) throw e;
      }
    }
    return false;
  }
}
