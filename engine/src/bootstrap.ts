// The one place that picks adapters: embedded store + in-process queue + blobs on disk, or
// MongoDB + BullMQ + GridFS (or blobs on a shared disk, BLOB_DIR).
// Everything else receives the ports and never knows which mode it runs in.
import { join } from 'node:path';
import { EmbeddedStore } from './adapters/store/embedded/embedded-store.ts';
import { MongoStore } from './adapters/store/mongodb/mongo-store.ts';
import { InProcessJobQueue } from './adapters/queue/in-process/in-process-queue.ts';
import { BullmqJobQueue } from './adapters/queue/bullmq/bullmq-queue.ts';
import { DiskBlobStore } from './adapters/blobs/disk/disk-blob-store.ts';
import { GridFsBlobStore } from './adapters/blobs/gridfs/gridfs-blob-store.ts';
import type { BlobStore } from './ports/blob-store.ts';
import type { PlatformConfig, RunMode } from './config.ts';
import type { DocumentStore } from './ports/document-store.ts';
import type { JobQueue } from './ports/job-queue.ts';
import { applyPendingRestore, type RestorePlan } from './services/backup/restore.ts';

export interface Adapters {
  mode: RunMode;
  store: DocumentStore;
  queue: JobQueue;
  /** The contents of files (services/files), apart from the documents. */
  blobs: BlobStore;
  /** The restore this open applied (one staged by the admin console, or one a crash interrupted). */
  restored: RestorePlan | null;
  /** Closes the queue (waiting for running jobs) and then the store. */
  close(): Promise<void>;
}

export interface AdapterOverrides {
  /** BullMQ key prefix / MongoDB database name, to isolate tests sharing one server. */
  namespace?: string;
  bullmq?: { lockDurationMs?: number; stalledIntervalMs?: number };
}

export async function openAdapters(
  config: Pick<PlatformConfig, 'mode' | 'dataDir' | 'mongodbUrl' | 'redisUrl' | 'embeddedFsync' | 'blobDir'>,
  overrides: AdapterOverrides = {},
): Promise<Adapters> {
  let store: DocumentStore;
  let queue: JobQueue;
  if (config.mode === 'distributed') {
    store = await MongoStore.connect({
      url: config.mongodbUrl as string,
      ...(overrides.namespace ? { dbName: overrides.namespace } : {}),
    });
  } else {
    store = new EmbeddedStore({ dir: join(config.dataDir, 'store'), fsync: config.embeddedFsync });
  }
  const blobs: BlobStore =
    config.mode === 'distributed' && !config.blobDir
      ? new GridFsBlobStore((store as MongoStore).database)
      : new DiskBlobStore({ dir: config.blobDir ?? join(config.dataDir, 'blobs') });
  // A restore staged by the admin console, or one a crash interrupted, is applied before anything
  // (the in-process queue included) reads the store (services/backup/restore.ts).
  let restored: RestorePlan | null;
  try {
    restored = await applyPendingRestore(store, { blobs });
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
