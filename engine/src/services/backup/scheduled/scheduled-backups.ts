// Scheduled backups to a second location (BACKUP_DIR: another disk or a mounted share), each one
// verified by a test restore, kept by a retention policy, with an alert when one fails or is late.
//
// One tick (`tick`, the handler of the `backup-schedule` queue) looks at the schedule against the
// platform's clock: it tells the administrators when the backup owed by now is missing, then runs
// the latest slot's backup unless it has run. The queue repeats the tick in both run modes — a
// timer of the in-process queue in the embedded mode, a BullMQ job scheduler in the distributed
// mode, where each tick goes to one worker — and the run's id is its slot, so a tick that arrives
// twice (a retry, a second worker, a restart) backs up once. Ticks missed while nothing ran
// collapse into one catch-up backup.
//
// A run writes `<name>.unverified` (itself through `.partial` and a rename: a half-written archive
// never has a backup's name), restores it into a scratch store (verify-by-restore.ts), and only
// then renames it to `<name>`: a file named like a backup in BACKUP_DIR is a verified one. A run
// that fails removes its file, records why, and alerts. Retention (core/backups/retention.ts)
// then removes what the policy no longer keeps, never the newest verified backup.
import { randomBytes } from 'node:crypto';
import {
  closeSync,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readdirSync,
  renameSync,
  rmSync,
  statSync,
} from 'node:fs';
import { join } from 'node:path';
import { backupsToPrune } from '#engine/core/backups/retention.ts';
import { lateness, nextSlot, slotAtOrBefore } from '#engine/core/backups/schedule.ts';
import { AppError } from '#engine/core/errors.ts';
import type { Clock } from '#engine/ports/clock.ts';
import { DuplicateKeyError, type Collection, type DocumentStore } from '#engine/ports/document-store.ts';
import type { Job } from '#engine/ports/job-queue.ts';
import type { BackupService } from '../backup-service.ts';
import { backupFileName } from '../format.ts';
import type { BackupAlerts } from './backup-alerts.ts';
import {
  BACKUP_RUNS,
  BACKUP_SCHEDULE_STATE,
  ensureRunIndexes,
  slotKey,
  type BackupRun,
  type StoredRun,
} from './backup-runs.ts';
import type { BackupScheduleSettings } from './schedule-settings.ts';
import { verifyByRestore } from './verify-by-restore.ts';

/** The queue the ticks (and requested runs) go through. */
export const BACKUP_QUEUE = 'backup-schedule';
/** The job scheduler repeating the tick. */
export const BACKUP_SCHEDULER = 'backup-tick';
/** A run not finished this long after it started was interrupted (its process stopped). */
const RUN_LEASE_MS = 6 * 3_600_000;
const SUFFIXES = ['.unverified.partial', '.unverified', '.partial'];

export interface TickJob {
  /** A run an administrator asked for (absent: the schedule's tick). */
  runId?: string;
  requestedBy?: string;
}

export type BackupHealth = 'off' | 'ok' | 'late' | 'failing';

export interface BackupStatus {
  state: BackupHealth;
  enabled: boolean;
  dir: string | null;
  schedule: string;
  retention: BackupScheduleSettings['retention'];
  lastVerified: { id: string; at: string; file: string; bytes: number } | null;
  /** Seconds since the newest verified backup was made. */
  ageSeconds: number | null;
  late: boolean;
  /** The slot whose backup is owed by now (late when none verified since). */
  owedSlot: string | null;
  nextSlot: string | null;
  lastRun: { id: string; state: BackupRun['state']; at: string; reason?: string; reasonZh?: string } | null;
  /** BACKUP_DIR is on the disk the data is on: not a second location (embedded mode only). */
  sameDiskAsData: boolean;
}

export interface ScheduledBackupsOptions {
  settings: BackupScheduleSettings;
  store: DocumentStore;
  clock: Clock;
  backup: BackupService;
  alerts: BackupAlerts;
  /** The embedded mode's DATA_DIR (to warn when BACKUP_DIR is on the same disk). */
  dataDir?: string;
  /**
   * Runs between writing an archive and its test restore. The platform passes none; fault drills
   * damage the file here, as a failing disk or share would.
   */
  onWritten?: (file: string) => Promise<void>;
  log?: { warn(obj: unknown, msg: string): void; info(obj: unknown, msg: string): void };
}

const iso = (ms: number): string => new Date(ms).toISOString();

export class ScheduledBackups {
  readonly runs: Collection<BackupRun>;
  private readonly state: Collection<{ since: number }>;

  constructor(private readonly options: ScheduledBackupsOptions) {
    this.runs = options.store.collection<BackupRun>(BACKUP_RUNS);
    this.state = options.store.collection<{ since: number }>(BACKUP_SCHEDULE_STATE);
  }

  get enabled(): boolean {
    return this.options.settings.dir !== null;
  }

  get settings(): BackupScheduleSettings {
    return this.options.settings;
  }

  async init(): Promise<void> {
    await ensureRunIndexes(this.runs);
    if (this.enabled) await this.since();
  }

  /** The queue's handler: a requested run, or the schedule's tick. */
  readonly handle = async (job: Job<TickJob>): Promise<unknown> => {
    const { runId, requestedBy } = job.payload ?? {};
    if (runId) return { ran: await this.runRequested(runId, requestedBy) };
    return this.tick();
  };

  /** Alerts when late, then runs the latest slot's backup unless it ran. */
  async tick(): Promise<{ ran: string | null; late: boolean }> {
    if (!this.enabled) return { ran: null, late: false };
    await this.expireInterrupted();
    const status = await this.status();
    if (status.late && status.owedSlot)
      await this.options.alerts.late(Date.parse(status.owedSlot), status.lastVerified?.at ?? null);
    const since = await this.since();
    const slot = slotAtOrBefore(this.options.settings.cron, this.options.clock.now(), since);
    if (slot === null) return { ran: null, late: status.late };
    const run = await this.claim(`scheduled-${slotKey(slot)}`, { trigger: 'schedule', slot: iso(slot) });
    if (!run) return { ran: null, late: status.late };
    await this.execute(run);
    return { ran: run.id, late: status.late };
  }

  /** A new id for a run an administrator asks for (the queue job carries it). */
  newRunId(): string {
    return `manual-${slotKey(this.options.clock.now())}-${randomBytes(3).toString('hex')}`;
  }

  /** Runs the requested backup `runId` (once, however often its job is delivered). */
  async runRequested(runId: string, requestedBy?: string): Promise<string | null> {
    if (!this.enabled) return null;
    await this.expireInterrupted();
    const run = await this.claim(runId, { trigger: 'manual', ...(requestedBy ? { requestedBy } : {}) });
    if (!run) return null;
    await this.execute(run);
    return run.id;
  }

  /** The newest runs first. */
  async history(limit = 50): Promise<StoredRun[]> {
    const { items } = await this.runs.find({}, { sort: [['startedAtMs', -1]], limit });
    return items as StoredRun[];
  }

  async status(): Promise<BackupStatus> {
    const { settings, clock } = this.options;
    const now = clock.now();
    const base = {
      enabled: this.enabled,
      dir: settings.dir,
      schedule: settings.cron,
      retention: settings.retention,
      sameDiskAsData: this.sameDisk(),
    };
    const lastVerified = await this.newestVerified();
    const last = await this.runs.findOne(
      { state: { $in: ['verified', 'failed'] } },
      { sort: [['startedAtMs', -1]] },
    );
    const lastRun = last
      ? {
          id: last.id,
          state: last.state,
          at: last.startedAt,
          ...(last.reason ? { reason: last.reason } : {}),
          ...(last.reasonZh ? { reasonZh: last.reasonZh } : {}),
        }
      : null;
    const verified = lastVerified
      ? {
          id: lastVerified.id,
          at: lastVerified.startedAt,
          file: lastVerified.file!,
          bytes: lastVerified.bytes ?? 0,
        }
      : null;
    const ageSeconds = lastVerified ? Math.max(0, Math.floor((now - lastVerified.startedAtMs) / 1000)) : null;
    if (!this.enabled)
      return {
        ...base,
        state: 'off',
        lastVerified: verified,
        ageSeconds,
        late: false,
        owedSlot: null,
        nextSlot: null,
        lastRun,
      };
    const window = { cron: settings.cron, since: await this.since(), graceMs: settings.graceMs };
    const { late, owed } = lateness(window, now, lastVerified?.startedAtMs ?? null);
    const state: BackupHealth = late ? 'late' : lastRun?.state === 'failed' ? 'failing' : 'ok';
    return {
      ...base,
      state,
      lastVerified: verified,
      ageSeconds,
      late,
      owedSlot: owed === null ? null : iso(owed),
      nextSlot: iso(nextSlot(settings.cron, now)),
      lastRun,
    };
  }

  // ---- a run -------------------------------------------------------------------------------

  /** Records the run as started; null when a run with this id exists (it ran, or runs now). */
  private async claim(
    id: string,
    what: Pick<BackupRun, 'trigger' | 'slot' | 'requestedBy'>,
  ): Promise<StoredRun | null> {
    const now = this.options.clock.now();
    try {
      return (await this.runs.insert({
        id,
        ...what,
        state: 'running',
        startedAt: iso(now),
        startedAtMs: now,
        leaseUntil: now + RUN_LEASE_MS,
        dir: this.options.settings.dir!,
      })) as StoredRun;
    } catch (e) {
      if (e instanceof DuplicateKeyError) return null;
      throw e;
    }
  }

  private async execute(run: StoredRun): Promise<void> {
    const dir = run.dir;
    const name = backupFileName(run.startedAt);
    const final = join(dir, name);
    const unverified = `${final}.unverified`;
    try {
      mkdirSync(dir, { recursive: true });
      await this.removeLeftovers(dir);
      const written = await this.options.backup.write(unverified, run.startedAt);
      syncFile(unverified);
      await this.options.onWritten?.(unverified);
      const verified = await verifyByRestore(unverified, {
        clock: this.options.clock,
        keys: this.options.backup.keys(),
        scratchDir: this.options.settings.verifyDir,
      });
      if (
        verified.summary.documents !== written.documents ||
        verified.summary.blobs.count !== written.blobs.count
      )
        throw new Error('the test restore holds other data than was written');
      renameSync(unverified, final);
      syncDir(dir);
      const bytes = statSync(final).size;
      await this.runs.update(run.id, run.rev, {
        set: {
          state: 'verified',
          finishedAt: iso(this.options.clock.now()),
          file: name,
          bytes,
          documents: written.documents,
          files: written.blobs.count,
          verifyMs: verified.ms,
        },
      });
      this.options.log?.info({ run: run.id, file: final, bytes }, 'backup written and verified');
    } catch (e) {
      await this.fail(run, e, [unverified, `${unverified}.partial`, final]);
      return;
    }
    // Only after a verified backup, and apart from it: a retention that fails keeps files, no more.
    await this.prune().catch((e) => this.options.log?.warn({ err: e }, 'backup retention failed'));
  }

  /** Records why a run failed, removes what it wrote, and alerts. */
  private async fail(run: StoredRun, e: unknown, files: string[]): Promise<void> {
    for (const f of files)
      try {
        rmSync(f, { force: true });
      } catch {
        // Not there, or the location itself is unusable (the reason recorded below).
      }
    const reason =
      e instanceof AppError
        ? { reason: e.message, reasonZh: e.messageZh }
        : { reason: (e as Error)?.message ?? String(e) };
    const current = (await this.runs.get(run.id)) as StoredRun;
    const failed = (await this.runs.update(run.id, current.rev, {
      set: { state: 'failed', finishedAt: iso(this.options.clock.now()), ...reason },
    })) as StoredRun;
    this.options.log?.warn({ run: run.id, reason: reason.reason }, 'backup failed');
    await this.options.alerts.failed(failed);
  }

  /** Removes the files of the verified backups the retention policy no longer keeps. */
  private async prune(): Promise<void> {
    const { items } = await this.runs.find({ state: 'verified', pruned: { $ne: true } });
    const verified = items.map((r) => ({ id: r.id, createdAt: r.startedAtMs }));
    for (const id of backupsToPrune(verified, this.options.settings.retention)) {
      const run = items.find((r) => r.id === id)!;
      if (run.file) rmSync(join(run.dir, run.file), { force: true });
      await this.runs.update(run.id, run.rev, {
        set: { pruned: true, prunedAt: iso(this.options.clock.now()) },
      });
    }
  }

  /** Unfinished files of runs that are not running any more (a crash, a full disk). */
  private async removeLeftovers(dir: string): Promise<void> {
    const { items } = await this.runs.find({ state: 'running' }, { projection: ['startedAt'] });
    const running = new Set(items.map((r) => backupFileName(r.startedAt)));
    for (const f of readdirSync(dir)) {
      const suffix = SUFFIXES.find((s) => f.endsWith(s));
      if (!suffix || !f.startsWith('forma-backup-')) continue;
      if (!running.has(f.slice(0, -suffix.length))) rmSync(join(dir, f), { force: true });
    }
  }

  /** Runs whose process stopped half-way are failed (and alerted), so they do not run forever. */
  private async expireInterrupted(): Promise<void> {
    const now = this.options.clock.now();
    const { items } = await this.runs.find({ state: 'running', leaseUntil: { $lt: now } });
    for (const run of items) {
      try {
        const failed = (await this.runs.update(run.id, run.rev, {
          set: {
            state: 'failed',
            finishedAt: iso(now),
            reason: 'Interrupted: the process making it stopped before it was verified.',
            reasonZh: '已中断：生成备份的进程在校验完成前停止。',
          },
        })) as StoredRun;
        await this.options.alerts.failed(failed);
      } catch {
        // Another process expired it first.
      }
    }
  }

  /** The newest verified backup whose file is still there. */
  private async newestVerified(): Promise<StoredRun | null> {
    const { items } = await this.runs.find(
      { state: 'verified', pruned: { $ne: true } },
      { sort: [['startedAtMs', -1]], limit: 20 },
    );
    return (items.find((r) => r.file && existsSync(join(r.dir, r.file))) as StoredRun | undefined) ?? null;
  }

  /** When scheduling began: recorded once, the first time it is asked. */
  private async since(): Promise<number> {
    const existing = await this.state.get('schedule');
    if (existing) return existing.since;
    try {
      return (await this.state.insert({ id: 'schedule', since: this.options.clock.now() })).since;
    } catch (e) {
      if (!(e instanceof DuplicateKeyError)) throw e;
      return (await this.state.get('schedule'))!.since;
    }
  }

  private sameDisk(): boolean {
    const { dataDir } = this.options;
    const dir = this.options.settings.dir;
    if (!dataDir || !dir) return false;
    try {
      return statSync(dataDir).dev === statSync(existsSync(dir) ? dir : join(dir, '..')).dev;
    } catch {
      return false;
    }
  }
}

/** Flushes a file to the disk (or share) before it is renamed into place. */
function syncFile(file: string): void {
  const fd = openSync(file, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Makes a rename durable; some file systems (and shares) cannot sync a directory. */
function syncDir(dir: string): void {
  try {
    syncFile(dir);
  } catch {
    // Best effort.
  }
}
