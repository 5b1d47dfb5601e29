// Record-set automations at run time (trigger `record.set`): on each cron tick, the records of a
// form its saved filter (`where`) selects go through the automation's conditions and actions, in
// batches, each record at most once per run and period.
//
//   tick ──► start: the run of the period (auto-<id>-set-<period>): created with the count, or found
//            (done: nothing to do; running: its current batch job is enqueued again)
//        ──► batch job n: the next `batchSize` records after the saved cursor (id order), a few at a
//            time; each record without a marker runs (idempotency keys from the run and the
//            record) and gets one (succeeded, skipped — a condition was false — or failed); then
//            the cursor, the batch number and the progress are saved, and batch n + 1 is enqueued
//        ──► the last batch finishes the run (failed when any record failed)
//
// A crash anywhere loses nothing and repeats nothing: a batch job that died runs again (queue
// semantics) from the saved cursor and skips the records with markers; a run whose next batch was
// never enqueued is picked up by the sweeper (`resumeStalled`: same job id, so a no-op when it
// exists); a record whose actions ran but whose marker was not written runs them again with the
// same keys, which actions honour (a notification under a key is sent once).
import type {
  Automation,
  AutomationRun,
  AutomationRunRecord,
  RecordEnvelope,
} from '#schemas/generated/index.ts';
import { periodKey, setBatchJobId, setRecordMarkId, setRunId } from '#engine/core/automations/record-set.ts';
import { evaluateCondition } from '#engine/core/feel/feel.ts';
import type { Clock } from '#engine/ports/clock.ts';
import {
  DuplicateKeyError,
  RevisionConflictError,
  type Collection,
  type Page,
  type Stored,
} from '#engine/ports/document-store.ts';
import { UnrecoverableJobError, type Job, type JobQueue } from '#engine/ports/job-queue.ts';
import { systemActor } from '../modules/system-actor.ts';
import type { RecordService } from '../records/record-service.ts';

export const SET_RUN_RECORDS = 'automation_run_records';
export const SET_BATCH_QUEUE = 'automation-set-batch';
const DEFAULT_BATCH = 500;
/**
 * Records of a batch in progress at once. A record's actions are a handful of store round trips
 * and the records are independent (each has its own marker and keys), so a few at a time keep a
 * remote store busy instead of waiting on it one record after another.
 */
const RECORDS_AT_ONCE = 8;

export interface SetBatchJob {
  automationId: string;
  runId: string;
  batch: number;
}

type AutomationDoc = Automation & { module: string };

/** A run document as a record-set run keeps it (the cursor and heartbeat are not in the API). */
export type SetRunDoc = AutomationRun & {
  /** The records API cursor after the last batch done (absent before the first). */
  cursor?: string;
  /** The batch to do next. */
  batch?: number;
  /** When the run last moved (clock ms): a run that stops moving is resumed by the sweeper. */
  heartbeatAt?: number;
};

export interface RecordSetDeps {
  runs: Collection<SetRunDoc>;
  queue: JobQueue;
  clock: Clock;
  records: RecordService;
  automation(id: string): Promise<AutomationDoc | null>;
  moduleEnabled(module: string): Promise<boolean>;
  /** The FEEL context of one record of a run. */
  context(
    automation: AutomationDoc,
    record: RecordEnvelope,
    run: SetRunDoc,
  ): Promise<Record<string, unknown>>;
  /** Runs the actions in order, with idempotency keys `<key>-<i>`. */
  act(
    automation: AutomationDoc,
    context: Record<string, unknown>,
    run: { runId: string; key: string; attempt: number; attempts: number },
  ): Promise<void>;
  retryBackoffMs: number;
  onError?: (error: unknown, context: Record<string, unknown>) => void;
}

export class RecordSetRuns {
  readonly marks: Collection<AutomationRunRecord>;

  constructor(
    private readonly deps: RecordSetDeps,
    marks: Collection<AutomationRunRecord>,
  ) {
    this.marks = marks;
  }

  async init(): Promise<void> {
    await this.marks.ensureIndex({
      fields: [
        ['run', 1],
        ['status', 1],
      ],
    });
    await this.deps.runs.ensureIndex({ fields: [['status', 1]] });
  }

  /**
   * The run of the period a tick (or a manual start, `manual`) belongs to: started, or as it is.
   * A manual start of a per-run automation is a run of its own.
   */
  async start(a: AutomationDoc, at: number): Promise<Stored<SetRunDoc>> {
    const period = periodKey(a.trigger.period ?? 'run', at);
    const runId = setRunId(a.id, period);
    const existing = await this.deps.runs.get(runId);
    if (existing) {
      if (existing.status === 'running') await this.enqueue(a, runId, existing.batch ?? 0);
      return existing;
    }
    const form = a.trigger.form!;
    const actor = systemActor(`record:${form}`, 'read', `automation:${a.id}`);
    const base: SetRunDoc = {
      id: runId,
      automation: a.id,
      module: a.module,
      trigger: 'record.set',
      status: 'running',
      attempts: 1,
      startedAt: this.iso(),
      event: { type: 'schedule', automationId: a.id, at },
      steps: [],
      period,
      progress: { total: 0, processed: 0, succeeded: 0, skipped: 0, failed: 0, batches: 0 },
      batch: 0,
      heartbeatAt: this.deps.clock.now(),
    };
    let total: number;
    try {
      total = await this.deps.records.count(actor, form, { where: a.trigger.where ?? {} });
    } catch (e) {
      // A filter the form cannot answer (a field it no longer has): the run says so.
      return this.insert({ ...base, status: 'failed', endedAt: this.iso(), error: (e as Error).message });
    }
    const run = await this.insert({ ...base, progress: { ...base.progress!, total } });
    if (run.status === 'running') await this.enqueue(a, run.id, run.batch ?? 0);
    return run;
  }

  /** Handler of the batch queue. */
  readonly handleBatch = async (job: Job<SetBatchJob>): Promise<unknown> => {
    const { runId, batch } = job.payload;
    const run = await this.deps.runs.get(runId);
    if (!run || run.status !== 'running' || (run.batch ?? 0) !== batch) return { stale: true };
    const a = await this.deps.automation(run.automation);
    if (!a || a.trigger.type !== 'record.set')
      return this.finish(run, 'skipped', 'the automation no longer exists');
    if (a.enabled === false) return this.finish(run, 'skipped', 'the automation is disabled');
    if (!(await this.deps.moduleEnabled(a.module)))
      return this.finish(run, 'skipped', `module ${a.module} is disabled`);
    for (const id of a.requiresModules ?? [])
      if (!(await this.deps.moduleEnabled(id)))
        return this.finish(run, 'skipped', `module ${id} is not enabled`);
    for (const id of a.unlessModules ?? [])
      if (await this.deps.moduleEnabled(id)) return this.finish(run, 'skipped', `module ${id} is enabled`);
    const form = a.trigger.form!;
    const actor = systemActor(`record:${form}`, 'read', `automation:${a.id}`);
    let page: { items: RecordEnvelope[]; nextCursor: string | null };
    try {
      page = await this.deps.records.list(actor, form, {
        where: a.trigger.where ?? {},
        sort: [{ field: 'id', direction: 'asc' }],
        limit: a.trigger.batchSize ?? DEFAULT_BATCH,
        ...(run.cursor ? { cursor: run.cursor } : {}),
      });
    } catch (e) {
      if ((e as { status?: number }).status === undefined) throw e; // the store: retried
      return this.finish(run, 'failed', (e as Error).message);
    }
    await this.processAll(a, run, page.items, job.attemptsMade, job.attempts);
    return this.advance(a, run, batch, page.nextCursor);
  };

  /** Enqueues again the current batch of runs that stopped moving (their process died); returns how many. */
  async resumeStalled(options: { olderThanMs?: number } = {}): Promise<number> {
    const before = this.deps.clock.now() - (options.olderThanMs ?? 30_000);
    const { items } = await this.deps.runs.find(
      { status: 'running', trigger: 'record.set' },
      { projection: ['automation', 'batch', 'heartbeatAt'] },
    );
    let resumed = 0;
    for (const run of items) {
      if ((run.heartbeatAt ?? 0) > before) continue;
      const a = await this.deps.automation(run.automation);
      if (!a) continue;
      await this.enqueue(a, run.id, run.batch ?? 0);
      resumed++;
    }
    return resumed;
  }

  /** What a run did with its records (failed ones first when asked for by status). */
  async records(
    runId: string,
    query: { status?: AutomationRunRecord['status']; limit?: number; cursor?: string } = {},
  ): Promise<Page<Stored<AutomationRunRecord>>> {
    return this.marks.find(
      { run: runId, ...(query.status ? { status: query.status } : {}) },
      {
        sort: [['recordId', 1]],
        limit: Math.min(Math.max(query.limit ?? 50, 1), 200),
        ...(query.cursor ? { after: query.cursor } : {}),
      },
    );
  }

  // ---- one record -------------------------------------------------------------------------------

  /**
   * Processes a batch's records, RECORDS_AT_ONCE at a time. A record that needs the batch retried
   * does not stop the others: they finish (and get their markers) first, then its error is thrown.
   */
  private async processAll(
    a: AutomationDoc,
    run: SetRunDoc,
    records: RecordEnvelope[],
    attempt: number,
    attempts: number,
  ): Promise<void> {
    let next = 0;
    let retry: unknown;
    const lane = async () => {
      while (next < records.length) {
        const record = records[next++]!;
        try {
          await this.process(a, run, record, attempt, attempts);
        } catch (e) {
          retry ??= e;
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(RECORDS_AT_ONCE, records.length) }, lane));
    if (retry !== undefined) throw retry;
  }

  private async process(
    a: AutomationDoc,
    run: SetRunDoc,
    record: RecordEnvelope,
    attempt: number,
    attempts: number,
  ): Promise<void> {
    const id = setRecordMarkId(run.id, record.id);
    if (await this.marks.get(id)) return; // done in this period already
    let status: AutomationRunRecord['status'] = 'succeeded';
    let error: string | undefined;
    try {
      const context = await this.deps.context(a, record, run);
      const falseAt = (a.conditions ?? []).findIndex((c) => !evaluateCondition(c, context));
      if (falseAt >= 0) {
        status = 'skipped';
        error = `condition ${falseAt + 1} is false: ${a.conditions![falseAt]}`;
      } else await this.deps.act(a, context, { runId: run.id, key: id, attempt, attempts });
    } catch (e) {
      const permanent =
        e instanceof UnrecoverableJobError ||
        (e as { name?: string }).name === 'BpmnError' ||
        (e as { name?: string }).name === 'FeelError' ||
        (e as { status?: number }).status !== undefined ||
        attempt + 1 >= attempts;
      if (!permanent) throw e; // the queue retries the batch; records with markers are skipped
      status = 'failed';
      error = (e as Error).message ?? String(e);
      this.deps.onError?.(e, { automation: a.id, runId: run.id, recordId: record.id });
    }
    try {
      await this.marks.insert({
        id,
        run: run.id,
        automation: a.id,
        recordId: record.id,
        status,
        ...(error ? { error } : {}),
        at: this.iso(),
      });
    } catch (e) {
      if (!(e instanceof DuplicateKeyError)) throw e; // another delivery of the batch marked it first
    }
  }

  // ---- the run ----------------------------------------------------------------------------------

  private async advance(a: AutomationDoc, run: Stored<SetRunDoc>, batch: number, next: string | null) {
    const progress = await this.progress(run, batch + 1);
    try {
      const saved = await this.deps.runs.update(run.id, run.rev, {
        set: {
          progress,
          batch: batch + 1,
          heartbeatAt: this.deps.clock.now(),
          ...(next ? { cursor: next } : {}),
        },
      });
      if (!next) {
        const failed = progress.failed;
        return this.finish(
          saved,
          failed ? 'failed' : 'succeeded',
          failed ? `${failed} records failed` : undefined,
        );
      }
    } catch (e) {
      if (e instanceof RevisionConflictError) return { stale: true }; // another delivery moved it on
      throw e;
    }
    await this.enqueue(a, run.id, batch + 1);
    return { batch, next: batch + 1 };
  }

  private async progress(run: SetRunDoc, batches: number): Promise<NonNullable<SetRunDoc['progress']>> {
    const count = (status: AutomationRunRecord['status']) => this.marks.count({ run: run.id, status });
    const [succeeded, skipped, failed] = await Promise.all([
      count('succeeded'),
      count('skipped'),
      count('failed'),
    ]);
    const processed = succeeded + skipped + failed;
    return {
      total: Math.max(run.progress?.total ?? 0, processed),
      processed,
      succeeded,
      skipped,
      failed,
      batches,
    };
  }

  private async enqueue(a: AutomationDoc, runId: string, batch: number): Promise<void> {
    await this.deps.queue.enqueue<SetBatchJob>(
      SET_BATCH_QUEUE,
      { automationId: a.id, runId, batch },
      {
        jobId: setBatchJobId(runId, batch),
        attempts: a.retries ?? 5,
        backoff: { type: 'exponential', delay: this.deps.retryBackoffMs },
      },
    );
  }

  private async insert(run: SetRunDoc): Promise<Stored<SetRunDoc>> {
    try {
      return await this.deps.runs.insert(run);
    } catch (e) {
      if (!(e instanceof DuplicateKeyError)) throw e;
      return (await this.deps.runs.get(run.id))!; // another process started the same period
    }
  }

  private async finish(run: Stored<SetRunDoc>, status: SetRunDoc['status'], reason?: string) {
    for (let current = run; ;) {
      try {
        await this.deps.runs.update(current.id, current.rev, {
          set: { status, endedAt: this.iso(), ...(reason ? { error: reason } : {}) },
        });
        return { status };
      } catch (e) {
        if (!(e instanceof RevisionConflictError)) throw e;
        const fresh = await this.deps.runs.get(run.id);
        if (!fresh || fresh.status !== 'running') return { status: fresh?.status ?? status };
        current = fresh;
      }
    }
  }

  private iso(): string {
    return new Date(this.deps.clock.now()).toISOString();
  }
}
