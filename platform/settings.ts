// The platform's settings from the environment, read the same way by every process that composes
// the platform (`npm start`, `npm run worker`, the scripts): a worker runs with exactly the
// channels, retries and tuning of the API it serves. The run mode itself comes from
// engine/src/config.ts; the HTTP layer's own settings from engine/src/http/http-config.ts.
import { ConfigError } from '#engine/config.ts';
import {
  backupScheduleFromEnv,
  type BackupScheduleSettings,
} from '#engine/services/backup/scheduled/schedule-settings.ts';
import { fileLimitsFromEnv, type FileLimits } from '#engine/services/files/file-quota.ts';
import { importLimitsFromEnv, type ImportLimits } from '#engine/services/records/import-rows.ts';
import { exportAlertConfigFromEnv, type ExportAlertConfig } from '#engine/services/records/export-alerts.ts';
import type { PlatformWorkerOptions } from '#workers/processors/platform.ts';

export interface PlatformSettings {
  /** FORMA_NAMESPACE: the MongoDB database and BullMQ key prefix (installations sharing servers). */
  namespace?: string;
  /** NOTIFY_OUTBOX_DIR: where the e-mail and SMS channels write (JSON lines) until a gateway is plugged in. */
  outboxDir?: string;
  /** PUBLIC_URL: where people reach the web app (links sent to customers: a public action's page). */
  publicUrl?: string;
  /** FORMA_TEST_ACTIONS=1: also register the test actions (fault drills, end-to-end tests). */
  testActions: boolean;
  /** FLOW_RETRY_BACKOFF_MS: first wait before a failed service task is retried. */
  flowRetryBackoffMs?: number;
  /** AUTOMATION_RETRY_BACKOFF_MS: first wait before a failed automation run is retried. */
  automationRetryBackoffMs?: number;
  /** APPROVAL_UNDO_SECONDS: how long a one-tap approval can be undone (0: sent at once; default 5). */
  approvalUndoWindowMs?: number;
  /** EXPORT_ALERT_ROWS, EXPORT_ALERT_WINDOW_MINUTES: the abnormal-export alert. */
  exportAlert: ExportAlertConfig;
  /**
   * The flow and automation processors: WORKER_CONCURRENCY (service-task jobs at once),
   * FLOW_SWEEP_MS (sweep period; 0: none), FLOW_OUTBOX_AGE_MS (outboxes the sweep re-delivers).
   */
  workers: PlatformWorkerOptions;
  /** BullMQ job locks: WORKER_LOCK_MS (lock duration), WORKER_STALLED_MS (stalled-job check). */
  bullmq: { lockDurationMs?: number; stalledIntervalMs?: number };
  /** FILE_MAX_MB, FILE_QUOTA_USER_MB, FILE_QUOTA_TOTAL_MB, FILE_MIN_FREE_MB: what may be stored. */
  fileLimits: FileLimits;
  /** IMPORT_MAX_ROWS, IMPORT_MAX_UNPACKED_MB: what an import file may hold. */
  importLimits: ImportLimits;
  /**
   * External jobs: JOB_POLL_MS (how often a long-polling activation looks at the store),
   * JOB_WORKER_ABSENT_MINUTES (jobs waiting this long with no worker asking: "no worker").
   */
  jobs: { pollMs?: number; workerAbsentMs?: number };
  /**
   * Scheduled backups: BACKUP_DIR (the second location; unset: off), BACKUP_SCHEDULE (cron, UTC),
   * BACKUP_KEEP_LAST, BACKUP_KEEP_WEEKLY, BACKUP_LATE_MINUTES, BACKUP_VERIFY_DIR, BACKUP_CHECK_SECONDS.
   */
  backups?: BackupScheduleSettings;
  /**
   * CAMUNDA_CLOCK_ENDPOINTS=true: serve Camunda's clock endpoints (PUT /v2/clock, POST
   * /v2/clock/reset) and compose a clock they can pin — test and demo installations only.
   */
  camundaClockEndpoints?: boolean;
}

/** A whole number of milliseconds (or jobs) ≥ 0, or undefined when the variable is unset. */
function count(env: NodeJS.ProcessEnv, name: string): number | undefined {
  const value = env[name];
  if (value === undefined || value === '') return undefined;
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < 0)
    throw new ConfigError(`${name} must be a whole number ≥ 0, got "${value}"`);
  return n;
}

/** A switch: true / 1 on, false / 0 / unset off; anything else is a mistake worth stopping for. */
function flag(env: NodeJS.ProcessEnv, name: string): boolean | undefined {
  const value = env[name]?.trim().toLowerCase();
  if (value === undefined || value === '') return undefined;
  if (value === 'true' || value === '1') return true;
  if (value === 'false' || value === '0') return false;
  throw new ConfigError(`${name} must be true or false, got "${env[name]}"`);
}

/** A count of `unit` milliseconds (seconds, minutes), or undefined when unset. */
const inUnits = (n: number | undefined, unit: number): number | undefined =>
  n === undefined ? undefined : n * unit;

/** Only the settings that are set: unset ones keep the services' defaults. */
function defined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

export function settingsFromEnv(env: NodeJS.ProcessEnv = process.env): PlatformSettings {
  const concurrency = count(env, 'WORKER_CONCURRENCY');
  if (concurrency === 0) throw new ConfigError('WORKER_CONCURRENCY must be at least 1');
  return defined({
    namespace: env.FORMA_NAMESPACE || undefined,
    outboxDir: env.NOTIFY_OUTBOX_DIR || undefined,
    publicUrl: env.PUBLIC_URL || undefined,
    testActions: env.FORMA_TEST_ACTIONS === '1',
    flowRetryBackoffMs: count(env, 'FLOW_RETRY_BACKOFF_MS'),
    automationRetryBackoffMs: count(env, 'AUTOMATION_RETRY_BACKOFF_MS'),
    approvalUndoWindowMs: inUnits(count(env, 'APPROVAL_UNDO_SECONDS'), 1000),
    exportAlert: exportAlertConfigFromEnv(env),
    workers: defined({
      concurrency,
      sweepEveryMs: count(env, 'FLOW_SWEEP_MS'),
      outboxAgeMs: count(env, 'FLOW_OUTBOX_AGE_MS'),
    }),
    jobs: defined({
      pollMs: count(env, 'JOB_POLL_MS') || undefined,
      workerAbsentMs: inUnits(count(env, 'JOB_WORKER_ABSENT_MINUTES'), 60_000),
    }),
    bullmq: defined({
      lockDurationMs: count(env, 'WORKER_LOCK_MS') || undefined,
      stalledIntervalMs: count(env, 'WORKER_STALLED_MS') || undefined,
    }),
    fileLimits: fileLimitsFromEnv(env),
    importLimits: importLimitsFromEnv(env),
    backups: backupScheduleFromEnv(env),
    camundaClockEndpoints: flag(env, 'CAMUNDA_CLOCK_ENDPOINTS'),
  });
}
