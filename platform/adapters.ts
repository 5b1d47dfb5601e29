// The one place that picks adapters: embedded store + in-process queue + blobs on disk, or
// MongoDB + BullMQ + GridFS (or blobs on a shared disk, BLOB_DIR).
// Everything else receives the ports and never knows which mode it runs in. Part of the
// composition root (compose.ts); the backup and restore commands open the store through it too.
import { join } from 'node:path';
import { EmbeddedStore } from '#engine/adapters/store/embedded/embedded-store.ts';
import { MongoStore } from '#engine/adapters/store/mongodb/mongo-store.ts';
import { InProcessJobQueue } from '#engine/adapters/queue/in-process/in-process-queue.ts';
import { BullmqJobQueue } from '#engine/adapters/queue/bullmq/bullmq-queue.ts';
import { DiskBlobStore } from '#engine/adapters/blobs/disk/disk-blob-store.ts';
import { GridFsBlobStore } from '#engine/adapters/blobs/gridfs/gridfs-blob-store.ts';
import type { BlobStore } from '#engine/ports/blob-store.ts';
import type { PlatformConfig, RunMode } from '#engine/config.ts';
import type { DocumentStore } from '#engine/ports/document-store.ts';
import type { JobQueue } from '#engine/ports/job-queue.ts';
import { auditSealFromEnv } from '#engine/services/audit/seal-from-env.ts';
import { applyPendingRestore, type RestoreAudit, type RestorePlan } from '#engine/services/backup/restore.ts';

export interface Adapters {
  mode: RunMode;
  store: DocumentStore;
  queue: JobQueue;
  /** The contents of files (services/files), apart from the documents. */
  blobs: BlobStore;
  /** The restore this open applied (one staged by the admin console, or one a crash interrupted). */
  restored: RestorePlan | null;
  /** Closes the queue (waiting for running jobs), then the blob store, then the store. */
  close(): Promise<void>;
}

export interface AdapterOverrides {
  /** BullMQ key prefix / MongoDB database name (FORMA_NAMESPACE): installations sharing servers. */
  namespace?: string;
  bullmq?: { lockDurationMs?: number; stalledIntervalMs?: number };
  /**
   * The audit keys and anchor file a restore applied on opening records itself with (default:
   * the environment's, as every process of the installation has them).
   */
  audit?: RestoreAudit;
}

/** The adapter settings among the platform's settings (settings.ts). */
export function adapterOverrides(settings: {
  namespace?: string;
  bullmq?: AdapterOverrides['bullmq'];
}): AdapterOverrides {
  return {
    ...(settings.namespace ? { namespace: settings.namespace } : {}),
    ...(settings.bullmq && Object.keys(settings.bullmq).length ? { bullmq: settings.bullmq } : {}),
  };
}

/** What opening the adapters needs from the configuration: the run mode and where the data is. */
export type StoreConfig = Pick<
  PlatformConfig,
  'mode' | 'dataDir' | 'mongodbUrl' | 'redisUrl' | 'embeddedFsync' | 'embeddedCacheMb' | 'blobDir'
>;

export async function openAdapters(config: StoreConfig, overrides: AdapterOverrides = {}): Promise<Adapters> {
  let store: DocumentStore;
  let queue: JobQueue;
  if (config.mode === 'distributed') {
    store = await MongoStore.connect({
      url: config.mongodbUrl as string,
      ...(overrides.namespace ? { dbName: overrides.namespace } : {}),
    });
  } else {
    store = new EmbeddedStore({
      dir: join(config.dataDir, 'store'),
      fsync: config.embeddedFsync,
      ...(config.embeddedCacheMb ? { cacheBytes: config.embeddedCacheMb * 2 ** 20 } : {}),
    });
  }
  const blobs: BlobStore =
    config.mode === 'distributed' && !config.blobDir
      ? new GridFsBlobStore((store as MongoStore).database)
      : new DiskBlobStore({ dir: config.blobDir ?? join(config.dataDir, 'blobs') });
  // A restore staged by the admin console, or one a crash interrupted, is applied before anything
  // (the in-process queue included) reads the store (services/backup/restore.ts).
  let restored: RestorePlan | null;
  try {
    restored = await applyPendingRestore(store, {
      blobs,
      audit: overrides.audit ?? auditSealFromEnv(config),
    });
  } catch (e) {
    await store.close();
    throw e;
  }
  if (config.mode === 'distributed') {
    queue = new BullmqJobQueue({
      url: config.redisUrl as string,
      ...(overrides.namespace ? { prefix: overrides.namespace } : {}),
      ...overrides.bullmq,
    });
  } else queue = new InProcessJobQueue(store);
  return {
    mode: config.mode,
    store,
    queue,
    blobs,
    restored,
    async close() {
      await queue.close();
      await blobs.close();
      await store.close();
    },
  };
}
