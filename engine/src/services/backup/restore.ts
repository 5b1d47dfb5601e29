// Restoring a backup without ever leaving a half-restored store:
//
// 1. verify: read the whole file once (read-backup.ts) — a foreign, damaged, truncated or newer
//    file, or one whose encrypted values need keys this installation lacks, is refused before
//    anything is written;
// 2. stage: read it again into fresh collections `__restore.<token>.<n>`, indexes first, so a
//    problem with the data itself (a unique index it breaks) also shows before the live data is
//    touched; on any failure the staged collections are dropped;
// 3. record the plan in `_restore` (state `staged`);
// 4. apply: drop the live collections and copy each staged one in its place, marking each done
//    in the plan; then drop the plan. Applying is idempotent, so a crash in the middle is finished
//    by the next process that opens the store (platform/adapters.ts calls applyPendingRestore first).
//
// The contents of files go straight into the blob store while staging — blobs are immutable and
// their ids random, so the live files are never touched — and once the restored collections are in
// place, blobs no restored file refers to are deleted (also those of a staging that was dropped).
//
// `npm run restore` does all four with the platform stopped. The admin console stages (1-3) while
// the platform runs and the restore is applied when Forma restarts, before any service reads the
// store: running services never see their data change under them.
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import {
  RevisionConflictError,
  type DocumentStore,
  type IndexSpec,
  type Stored,
} from '#engine/ports/document-store.ts';
import { systemClock, type Clock } from '#engine/ports/clock.ts';
import type { BlobStore } from '#engine/ports/blob-store.ts';
import { PassThrough } from 'node:stream';
import { AuditLog, type AuditLogOptions } from '../audit/audit-log.ts';
import {
  backupErrors,
  isBlobStoreCollection,
  RESTORE_STATE,
  STAGING_PREFIX,
  type BackupSummary,
} from './format.ts';
import { readBackup, type BackupVisitor, type Doc } from './read-backup.ts';

/** The collection of files' metadata (services/files): a blob no document there names is garbage. */
const FILES = 'files';

const PLAN_ID = 'plan';
const PAGE = 500;
/** A process applying a restore that has not been heard of for this long is presumed dead. */
const APPLY_LEASE_MS = 5 * 60_000;

export interface RestorePlan {
  id: typeof PLAN_ID;
  state: 'staged' | 'applying';
  token: string;
  stagedAt: string;
  /** Who staged it (the admin console; absent for `npm run restore`). */
  stagedBy?: { userId: string; login: string };
  /** The backup's summary. */
  backup: BackupSummary;
  /** `indexes`: the IndexSpec list as JSON (FerretDB v1 cannot store nested arrays). */
  collections: { name: string; staging: string; indexes: string; done: boolean }[];
  /** While applying: which process, and until when its claim holds. */
  owner?: string;
  leaseUntil?: number;
}

export interface KeyCheck {
  /** Ids of the keys this installation can decrypt with; null when it has no keys at all. */
  available: readonly string[] | null;
  /** Where to get the missing keys (for the message), in both languages. */
  hint: string;
  hintZh: string;
}

export interface StageOptions {
  clock: Clock;
  keys: KeyCheck;
  /** Where the contents of files go (needed when the backup has any). */
  blobs?: BlobStore;
  stagedBy?: { userId: string; login: string };
  onProgress?: (message: string) => void;
  audit?: RestoreAudit;
}

/** The audit keys and anchor file the restore's own audit entry and anchor are made with. */
export type RestoreAudit = Pick<AuditLogOptions, 'keys' | 'anchors'>;

/** Step 1: the backup's summary, or the reason it cannot be restored here. */
export async function verifyBackup(file: string, keys: KeyCheck): Promise<BackupSummary> {
  const summary = await readBackup(file);
  const missing = summary.keyIds.filter((id) => !keys.available?.includes(id));
  if (missing.length) throw backupErrors.keysMissing(missing, keys.hint, keys.hintZh);
  return summary;
}

/** Steps 1-3: verifies and stages a backup; it is applied by applyPendingRestore. */
export async function stageRestore(
  store: DocumentStore,
  file: string,
  options: StageOptions,
): Promise<RestorePlan> {
  await verifyBackup(file, options.keys);
  const plans = store.collection<RestorePlan>(RESTORE_STATE);
  const existing = await plans.get(PLAN_ID);
  if (existing?.state === 'applying') throw backupErrors.restoreInProgress();
  // A restore staged earlier and not applied yet is replaced by this one.
  if (existing) await discardPlan(store, existing);
  await dropOrphanStaging(store);

  const token = randomBytes(6).toString('hex');
  const collections: RestorePlan['collections'] = [];
  try {
    const summary = await readBackup(file, {
      collection: async (line) => {
        const staging = `${STAGING_PREFIX}${token}.${collections.length}`;
        collections.push({ name: line.name, staging, indexes: JSON.stringify(line.indexes), done: false });
        const col = store.collection(staging);
        for (const spec of line.indexes) {
          try {
            await col.ensureIndex(spec);
          } catch (e) {
            throw backupErrors.inconsistent(line.name, `index ${spec.name ?? '?'}: ${(e as Error).message}`);
          }
        }
      },
      documents: async (name, docs) => {
        const target = collections[collections.length - 1]!;
        try {
          await store.collection(target.staging).restoreMany(docs);
        } catch (e) {
          if ((e as { code?: string }).code === 'DUPLICATE_KEY')
            throw backupErrors.inconsistent(name, (e as Error).message);
          throw e;
        }
      },
      blob: blobStager(options.blobs),
    });
    const plan: RestorePlan = {
      id: PLAN_ID,
      state: 'staged',
      token,
      stagedAt: new Date(options.clock.now()).toISOString(),
      ...(options.stagedBy ? { stagedBy: options.stagedBy } : {}),
      backup: summary,
      collections,
    };
    const { rev: _rev, ...stored } = await plans.insert(plan);
    options.onProgress?.(
      `staged ${summary.documents} document(s) in ${summary.collections.length} collection(s)`,
    );
    return stored as RestorePlan;
  } catch (e) {
    for (const c of collections) await store.dropCollection(c.staging);
    throw e;
  }
}

/** The restore waiting to be applied, if any. */
export async function pendingRestore(store: DocumentStore): Promise<RestorePlan | null> {
  if (!(await store.listCollections()).includes(RESTORE_STATE)) return null;
  const plan = await store.collection<RestorePlan>(RESTORE_STATE).get(PLAN_ID);
  if (!plan) return null;
  const { rev: _rev, ...rest } = plan;
  return rest as RestorePlan;
}

/** Drops a staged restore that has not been applied (the admin changed their mind). */
export async function cancelPendingRestore(store: DocumentStore): Promise<boolean> {
  const plan = await store.collection<RestorePlan>(RESTORE_STATE).get(PLAN_ID);
  if (!plan) return false;
  if (plan.state === 'applying') throw backupErrors.restoreInProgress();
  await discardPlan(store, plan);
  return true;
}

/**
 * Step 4: applies the staged restore, if there is one (finishing one a crash interrupted).
 * Returns the plan applied, or null. Called before anything else uses the store.
 */
export async function applyPendingRestore(
  store: DocumentStore,
  options: {
    clock?: Clock;
    blobs?: BlobStore;
    onProgress?: (message: string) => void;
    audit?: RestoreAudit;
  } = {},
): Promise<RestorePlan | null> {
  if (!(await store.listCollections()).includes(RESTORE_STATE)) return null;
  const plans = store.collection<RestorePlan>(RESTORE_STATE);
  const now = () => options.clock?.now() ?? Date.now();
  const me = `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
  let plan: Stored<RestorePlan> | null;
  // Claim the plan (one process applies it; the others wait for it to finish).
  for (;;) {
    plan = await plans.get(PLAN_ID);
    if (!plan) return null;
    const free = plan.state === 'staged' || (plan.leaseUntil ?? 0) < now();
    if (!free) {
      await new Promise((r) => setTimeout(r, 1000));
      continue;
    }
    try {
      plan = await plans.update(plan.id, plan.rev, {
        set: { state: 'applying', owner: me, leaseUntil: now() + APPLY_LEASE_MS },
      });
      break;
    } catch (e) {
      if (!(e instanceof RevisionConflictError)) throw e;
    }
  }

  const wanted = new Set(plan.collections.map((c) => c.name));
  for (const name of await store.listCollections())
    if (
      !wanted.has(name) &&
      name !== RESTORE_STATE &&
      !name.startsWith(STAGING_PREFIX) &&
      !isBlobStoreCollection(name)
    )
      await store.dropCollection(name);
  for (const [i, c] of plan.collections.entries()) {
    if (c.done) {
      await store.dropCollection(c.staging);
      continue;
    }
    await store.dropCollection(c.name);
    const live = store.collection(c.name);
    for (const spec of JSON.parse(c.indexes) as IndexSpec[]) await live.ensureIndex(spec);
    const staged = store.collection<Record<string, unknown>>(c.staging);
    let after: string | undefined;
    for (;;) {
      const page = await staged.find({}, { sort: [['id', 1]], limit: PAGE, ...(after ? { after } : {}) });
      await live.restoreMany(page.items as Doc[]);
      if (!page.nextCursor) break;
      after = page.nextCursor;
    }
    const collections = plan.collections.map((x, j) => (j === i ? { ...x, done: true } : x));
    plan = await plans.update(plan.id, plan.rev, {
      set: { collections, leaseUntil: now() + APPLY_LEASE_MS },
    });
    await store.dropCollection(c.staging);
    options.onProgress?.(`${c.name}: restored`);
  }
  if (options.blobs) {
    const removed = await dropUnreferencedBlobs(store, options.blobs);
    if (removed) options.onProgress?.(`removed ${removed} file(s) the backup does not have`);
  }
  await store.dropCollection(RESTORE_STATE);
  // The restored audit chain goes on from its own head, and says what happened; the restore
  // anchor tells verification that the anchors before it describe the history replaced.
  const audit = new AuditLog(store, options.clock ?? systemClock, options.audit ?? {});
  await audit.record({
    action: 'backup.restore',
    resource: 'backup',
    actor: plan.stagedBy ?? null,
    details: {
      backupCreatedAt: plan.backup.createdAt,
      documents: plan.backup.documents,
      stagedAt: plan.stagedAt,
    },
  });
  await audit.anchor('restore');
  const { rev: _rev, ...applied } = plan;
  return applied as RestorePlan;
}

/**
 * Writes each file of the backup into the blob store while the backup is read; a file the store
 * has already (same id and size: ids are random and blobs immutable) is skipped. Without a blob
 * store, a backup with files is refused rather than restored without them.
 */
function blobStager(blobs: BlobStore | undefined): BackupVisitor['blob'] {
  let writing: { pass: PassThrough; done: Promise<unknown> } | null = null;
  return {
    async start(id, size) {
      if (!blobs)
        throw backupErrors.inconsistent('files', 'this restore has no store for the contents of files');
      const existing = await blobs.stat(id);
      if (existing && existing.size !== size)
        throw backupErrors.inconsistent('files', `file ${id} exists with other contents`);
      if (existing) return;
      const pass = new PassThrough();
      const done = blobs.put(id, pass);
      // An early failure of the put is reported at `end` (or by `bytes`, when the pass stalls).
      done.catch(() => pass.destroy());
      writing = { pass, done };
    },
    async bytes(piece) {
      if (!writing) return;
      if (!writing.pass.write(piece))
        await new Promise<void>((resolve) => {
          writing!.pass.once('drain', resolve);
          writing!.pass.once('close', resolve);
        });
    },
    async end() {
      if (!writing) return;
      const { pass, done } = writing;
      writing = null;
      pass.end();
      await done;
    },
  };
}

/** Deletes the blobs no document of `files` names (returns how many). */
async function dropUnreferencedBlobs(store: DocumentStore, blobs: BlobStore): Promise<number> {
  // (Opening `files` would create it: a store without files keeps none.)
  const files = (await store.listCollections()).includes(FILES) ? store.collection(FILES) : null;
  let removed = 0;
  for await (const blob of blobs.list())
    if (!(await files?.get(blob.id))) {
      await blobs.delete(blob.id);
      removed++;
    }
  return removed;
}

/** Steps 1-4 at once (`npm run restore`, with the platform stopped). */
export async function restoreBackup(
  store: DocumentStore,
  file: string,
  options: StageOptions,
): Promise<RestorePlan> {
  await stageRestore(store, file, options);
  const applied = await applyPendingRestore(store, options);
  if (!applied) throw new Error('the staged restore disappeared before it was applied');
  return applied;
}

async function discardPlan(store: DocumentStore, plan: RestorePlan): Promise<void> {
  for (const c of plan.collections) await store.dropCollection(c.staging);
  await store.dropCollection(RESTORE_STATE);
}

/** Staged collections without a plan: left by a staging that died half-way. */
async function dropOrphanStaging(store: DocumentStore): Promise<void> {
  for (const name of await store.listCollections())
    if (name.startsWith(STAGING_PREFIX)) await store.dropCollection(name);
}
