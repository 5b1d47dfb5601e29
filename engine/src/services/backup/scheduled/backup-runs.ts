// The history of scheduled (and requested) backups: one document per run in `backup_runs`, what
// the admin console lists and the health answer and metrics are computed from. A run's id is its
// idempotency key — `scheduled-<slot>` for the schedule's, the request's id for one an
// administrator asked for — so a tick delivered twice, or by two workers, runs it once.
import type { Collection } from '#engine/ports/document-store.ts';

export const BACKUP_RUNS = 'backup_runs';
/** When scheduling began (slots before it are not owed): one document, id `schedule`. */
export const BACKUP_SCHEDULE_STATE = 'backup_schedule';

export type BackupRunState = 'running' | 'verified' | 'failed';

export interface BackupRun {
  trigger: 'schedule' | 'manual';
  /** The schedule's slot this run is for (ISO), for scheduled runs. */
  slot?: string;
  /** Who asked, for requested runs. */
  requestedBy?: string;
  state: BackupRunState;
  startedAt: string;
  /** `startedAt` in ms (sorting, age). */
  startedAtMs: number;
  /** A running run not finished by then was interrupted (its process stopped). */
  leaseUntil: number;
  finishedAt?: string;
  /** The directory and the file's name in it (set once verified). */
  dir: string;
  file?: string;
  bytes?: number;
  documents?: number;
  files?: number;
  /** How long the test restore took (ms). */
  verifyMs?: number;
  /** Why it failed, in both languages. */
  reason?: string;
  reasonZh?: string;
  /** Retention removed its file. */
  pruned?: boolean;
  prunedAt?: string;
}

export type StoredRun = BackupRun & { id: string; rev: number };

export async function ensureRunIndexes(runs: Collection<BackupRun>): Promise<void> {
  await runs.ensureIndex({ fields: [['startedAtMs', -1]], ordered: true });
  await runs.ensureIndex({
    fields: [
      ['state', 1],
      ['startedAtMs', -1],
    ],
    ordered: true,
  });
}

/** A slot as part of an id (job ids and run ids take no ':'). */
export function slotKey(slot: number): string {
  return new Date(slot).toISOString().replace(/[:.]/g, '-');
}
