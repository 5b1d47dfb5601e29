// The settings of scheduled backups, from the environment:
//
//   BACKUP_DIR              where they go: a directory on another disk or a mounted share
//                           (unset: no scheduled backups)
//   BACKUP_SCHEDULE         when, as cron in UTC (default "0 2 * * *": every day at 02:00 UTC)
//   BACKUP_KEEP_LAST        the most recent verified backups kept (default 7, at least 1)
//   BACKUP_KEEP_WEEKLY      also the newest verified backup of each of the last N weeks (default 4)
//   BACKUP_LATE_MINUTES     a backup not verified this long after its slot is late (default 120)
//   BACKUP_VERIFY_DIR       where the test restore of each backup is made (default: the OS temp dir)
//   BACKUP_CHECK_SECONDS    how often the schedule is looked at (default 60)
import { resolve } from 'node:path';
import { checkCron } from '#engine/core/backups/schedule.ts';
import type { RetentionPolicy } from '#engine/core/backups/retention.ts';
import { ConfigError } from '#engine/config.ts';

export interface BackupScheduleSettings {
  /** Absolute path of the second location; null: scheduling is off. */
  dir: string | null;
  cron: string;
  retention: RetentionPolicy;
  graceMs: number;
  /** Where test restores are made (null: the OS temp dir). */
  verifyDir: string | null;
  checkEveryMs: number;
}

export const DEFAULT_BACKUP_SCHEDULE: BackupScheduleSettings = {
  dir: null,
  cron: '0 2 * * *',
  retention: { keepLast: 7, keepWeekly: 4 },
  graceMs: 120 * 60_000,
  verifyDir: null,
  checkEveryMs: 60_000,
};

function whole(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isSafeInteger(n) || n < min)
    throw new ConfigError(`${name} must be a whole number ≥ ${min}, got "${raw}"`);
  return n;
}

export function backupScheduleFromEnv(env: NodeJS.ProcessEnv = process.env): BackupScheduleSettings {
  const d = DEFAULT_BACKUP_SCHEDULE;
  const cron = env.BACKUP_SCHEDULE?.trim() || d.cron;
  try {
    checkCron(cron);
  } catch (e) {
    throw new ConfigError(`BACKUP_SCHEDULE is not a cron schedule ("${cron}"): ${(e as Error).message}`);
  }
  return {
    dir: env.BACKUP_DIR ? resolve(env.BACKUP_DIR) : null,
    cron,
    retention: {
      keepLast: whole(env, 'BACKUP_KEEP_LAST', d.retention.keepLast, 1),
      keepWeekly: whole(env, 'BACKUP_KEEP_WEEKLY', d.retention.keepWeekly, 0),
    },
    graceMs: whole(env, 'BACKUP_LATE_MINUTES', d.graceMs / 60_000, 1) * 60_000,
    verifyDir: env.BACKUP_VERIFY_DIR ? resolve(env.BACKUP_VERIFY_DIR) : null,
    checkEveryMs: whole(env, 'BACKUP_CHECK_SECONDS', d.checkEveryMs / 1000, 1) * 1000,
  };
}
