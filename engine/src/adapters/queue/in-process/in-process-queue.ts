// The in-process JobQueue of the embedded mode: jobs live in a DocumentStore collection (so a
// restart loses neither waiting nor delayed jobs, and a job that was running when the process
// died runs again), timers and the concurrency limit live in memory. "Active" is memory only: a
// running job stays stored as waiting/delayed until it completes or fails, which is exactly what
// a restart after a crash must find — and saves a write per job.
import { randomUUID } from 'node:crypto';
import { CronExpressionParser } from 'cron-parser';
import type { DocumentStore, Collection } from '#engine/ports/document-store.ts';
import { DuplicateKeyError, RevisionConflictError } from '#engine/ports/document-store.ts';
import {
  UnrecoverableJobError,
  backoffDelay,
  type Backoff,
  type JobEvent,
  type JobEventName,
  type JobHandler,
  type JobOptions,
  type JobQueue,
  type ProcessOptions,
  type QueueCounts,
  type RepeatSpec,
} from '#engine/ports/job-queue.ts';
import { checkJobId, checkRepeatSpec } from '../job-checks.ts';

type JobState = 'waiting' | 'delayed' | 'completed' | 'failed';

interface JobDoc {
  queue: string;
  jobId: string;
  payload: unknown;
  state: JobState;
  runAt: number;
  attempts: number;
  attemptsMade: number;
  backoff?: Backoff;
  createdAt: number;
  finishedAt?: number;
  error?: string;
}

type StoredJob = JobDoc & { id: string; rev: number };

interface SchedulerDoc {
  queue: string;
  schedulerId: string;
  everyMs?: number;
  cron?: string;
  payload: unknown;
  nextRunAt: number;
}

interface Worker {
  handler: JobHandler;
  concurrency: number;
  running: Set<Promise<void>>;
  /** Stored state of each running job, by document id (for counts). */
  active: Map<string, JobState>;
  /** Jobs known to be due at runAt, by document id. */
  pending: Map<string, number>;
  /**
   * The stored documents of pending jobs as this process wrote or read them: running one needs
   * no read (the queue's collection is written by this process only; a stale copy fails its
   * conditional write and is read again).
   */
  docs: Map<string, StoredJob>;
  timer?: NodeJS.Timeout;
}

export interface InProcessQueueOptions {
  /** How long a completed job id keeps de-duplicating (default 1 h, as the BullMQ adapter). */
  completedRetentionMs?: number;
}

/** setTimeout cannot wait longer than 2^31-1 ms; longer waits re-arm. */
const MAX_TIMER = 2 ** 31 - 1;

export class InProcessJobQueue implements JobQueue {
  readonly kind = 'in-process' as const;
  private readonly jobs: Collection<JobDoc>;
  private readonly schedulers: Collection<SchedulerDoc>;
  private readonly workers = new Map<string, Worker>();
  private readonly schedulerTimers = new Map<string, NodeJS.Timeout>();
  private readonly listeners = {
    completed: new Set<(e: JobEvent) => void>(),
    failed: new Set<(e: JobEvent) => void>(),
  };
  private readonly retentionMs: number;
  private ready: Promise<void>;
  private closing = false;
  private purgeTimer: NodeJS.Timeout;

  constructor(store: DocumentStore, options: InProcessQueueOptions = {}) {
    this.jobs = store.collection<JobDoc>('_jobs');
    this.schedulers = store.collection<SchedulerDoc>('_job_schedulers');
    this.retentionMs = options.completedRetentionMs ?? 3_600_000;
    this.ready = this.jobs.ensureIndex({
      fields: [
        ['queue', 1],
        ['state', 1],
      ],
    });
    this.purgeTimer = setInterval(() => void this.purgeCompleted(), 60_000);
    this.purgeTimer.unref();
  }

  async enqueue<P>(queue: string, payload: P, options: JobOptions = {}): Promise<{ id: string }> {
    await this.ready;
    const jobId = options.jobId ?? randomUUID();
    checkJobId(jobId);
    const id = `${queue}:${jobId}`;
    const delay = Math.max(0, options.delay ?? 0);
    const now = Date.now();
    const doc: JobDoc & { id: string } = {
      id,
      queue,
      jobId,
      payload,
      state: delay > 0 ? 'delayed' : 'waiting',
      runAt: now + delay,
      attempts: Math.max(1, options.attempts ?? 1),
      attemptsMade: 0,
      createdAt: now,
      ...(options.backoff ? { backoff: options.backoff } : {}),
    };
    // Insert first: a clash with the unique id is the (rarer) de-duplication case.
    let stored: StoredJob;
    try {
      stored = await this.jobs.insert(doc);
    } catch (e) {
      if (!(e instanceof DuplicateKeyError)) throw e;
      const existing = await this.jobs.get(id);
      const expired =
        existing?.state === 'completed' && (existing.finishedAt ?? 0) < Date.now() - this.retentionMs;
      if (!existing || !expired) return { id: jobId };
      // A completed job past its retention no longer de-duplicates: replace it.
      stored = await this.jobs.replace(id, existing.rev, doc);
    }
    this.schedule(queue, stored);
    return { id: jobId };
  }

  async process<P>(queue: string, handler: JobHandler<P>, options: ProcessOptions = {}): Promise<void> {
    await this.ready;
    if (this.workers.has(queue)) throw new Error(`queue ${queue} already has a handler in this process`);
    const worker: Worker = {
      handler: handler as JobHandler,
      concurrency: Math.max(1, options.concurrency ?? 1),
      running: new Set(),
      active: new Map(),
      pending: new Map(),
      docs: new Map(),
    };
    this.workers.set(queue, worker);
    // Jobs left behind: waiting and delayed ones, including those that were running when the
    // process died.
    let after: string | undefined;
    do {
      const page = await this.jobs.find(
        { queue, state: { $in: ['waiting', 'delayed'] } },
        { limit: 1000, ...(after ? { after } : {}) },
      );
      for (const job of page.items) {
        worker.pending.set(job.id, job.runAt);
        worker.docs.set(job.id, job);
      }
      after = page.nextCursor ?? undefined;
    } while (after);
    await this.startSchedulers(queue);
    this.pump(queue);
  }

  async repeat<P>(queue: string, schedulerId: string, spec: RepeatSpec, payload: P): Promise<void> {
    await this.ready;
    checkJobId(schedulerId);
    checkRepeatSpec(spec);
    const id = `${queue}:${schedulerId}`;
    const doc: SchedulerDoc = {
      queue,
      schedulerId,
      payload,
      nextRunAt: nextRun(spec, Date.now()),
      ...(spec.everyMs ? { everyMs: spec.everyMs } : {}),
      ...(spec.cron ? { cron: spec.cron } : {}),
    };
    const existing = await this.schedulers.get(id);
    if (existing) await this.schedulers.replace(id, existing.rev, doc);
    else await this.schedulers.insert({ id, ...doc });
    if (this.workers.has(queue)) this.armScheduler(id, doc.nextRunAt);
  }

  async removeRepeat(queue: string, schedulerId: string): Promise<void> {
    const id = `${queue}:${schedulerId}`;
    clearTimeout(this.schedulerTimers.get(id));
    this.schedulerTimers.delete(id);
    await this.schedulers.delete(id);
  }

  on(event: JobEventName, listener: (event: JobEvent) => void): () => void {
    this.listeners[event].add(listener);
    return () => this.listeners[event].delete(listener);
  }

  async counts(queue: string): Promise<QueueCounts> {
    const states: JobState[] = ['waiting', 'delayed', 'failed', 'completed'];
    const values = await Promise.all(states.map((state) => this.jobs.count({ queue, state })));
    const [waiting, delayed, failed, completed] = values as [number, number, number, number];
    const running = [...(this.workers.get(queue)?.active.values() ?? [])];
    const runningAs = (state: JobState): number => running.filter((s) => s === state).length;
    return {
      waiting: waiting - runningAs('waiting'),
      active: running.length,
      delayed: delayed - runningAs('delayed'),
      failed,
      completed,
    };
  }

  async close(): Promise<void> {
    if (this.closing) return;
    this.closing = true;
    clearInterval(this.purgeTimer);
    for (const t of this.schedulerTimers.values()) clearTimeout(t);
    this.schedulerTimers.clear();
    const running: Promise<void>[] = [];
    for (const worker of this.workers.values()) {
      clearTimeout(worker.timer);
      running.push(...worker.running);
    }
    await Promise.allSettled(running);
  }

  // ---- scheduling -----------------------------------------------------------------------------

  private schedule(queue: string, job: StoredJob): void {
    const worker = this.workers.get(queue);
    if (!worker || this.closing) return;
    worker.pending.set(job.id, job.runAt);
    worker.docs.set(job.id, job);
    this.pump(queue);
  }

  /** Starts due jobs up to the concurrency limit and arms a timer for the next one. */
  private pump(queue: string): void {
    const worker = this.workers.get(queue);
    if (!worker || this.closing) return;
    clearTimeout(worker.timer);
    worker.timer = undefined;
    const now = Date.now();
    let next = Infinity;
    const due: Array<[string, number]> = [];
    for (const [id, runAt] of worker.pending) {
      if (runAt <= now) due.push([id, runAt]);
      else next = Math.min(next, runAt);
    }
    due.sort((a, b) => a[1] - b[1]);
    for (const [id] of due) {
      if (worker.running.size >= worker.concurrency) break;
      worker.pending.delete(id);
      const run = this.run(queue, worker, id).finally(() => {
        worker.running.delete(run);
        this.pump(queue);
      });
      worker.running.add(run);
    }
    if (next !== Infinity && worker.running.size < worker.concurrency) {
      worker.timer = setTimeout(() => this.pump(queue), Math.min(MAX_TIMER, Math.max(0, next - Date.now())));
      worker.timer.unref();
    }
  }

  private async run(queue: string, worker: Worker, id: string): Promise<void> {
    const known = worker.docs.get(id);
    worker.docs.delete(id);
    // The handler gets a payload of its own, as from a read (the enqueuer may still hold its object).
    const job = known ? { ...known, payload: copyJson(known.payload) } : await this.jobs.get(id);
    if (!job || job.state === 'completed' || job.state === 'failed') return;
    worker.active.set(id, job.state);
    try {
      await this.attempt(queue, worker, job);
    } finally {
      worker.active.delete(id);
    }
  }

  private async attempt(queue: string, worker: Worker, job: StoredJob): Promise<void> {
    const id = job.id;
    const attemptsMade = job.attemptsMade;
    try {
      const result = await worker.handler({
        id: job.jobId,
        queue,
        payload: job.payload,
        attemptsMade,
        attempts: job.attempts,
      });
      await this.finish(job, { state: 'completed', finishedAt: Date.now(), attemptsMade: attemptsMade + 1 });
      this.emit('completed', { queue, jobId: job.jobId, attemptsMade: attemptsMade + 1, result });
    } catch (e) {
      const made = attemptsMade + 1;
      const message = e instanceof Error ? e.message : String(e);
      const final = e instanceof UnrecoverableJobError || made >= job.attempts;
      if (final) {
        await this.finish(job, {
          state: 'failed',
          finishedAt: Date.now(),
          attemptsMade: made,
          error: message,
        });
      } else {
        const runAt = Date.now() + backoffDelay(job.backoff, made);
        const next = await this.finish(job, { state: 'delayed', runAt, attemptsMade: made, error: message });
        worker.pending.set(id, runAt);
        worker.docs.set(id, next);
      }
      this.emit('failed', { queue, jobId: job.jobId, attemptsMade: made, error: message, final });
    }
  }

  /**
   * Writes the outcome of an attempt: the document as run with the changed fields (no read, and
   * one serialisation). If the copy was stale, the stored document is read and changed instead.
   */
  private async finish(job: StoredJob, changes: Partial<JobDoc>): Promise<StoredJob> {
    const { id, rev, ...doc } = job;
    try {
      return await this.jobs.replace(id, rev, { ...doc, ...changes });
    } catch (e) {
      if (!(e instanceof RevisionConflictError)) throw e;
      const current = await this.jobs.get(id);
      if (!current) throw e;
      return this.jobs.update(id, current.rev, { set: changes });
    }
  }

  private emit(event: JobEventName, payload: JobEvent): void {
    for (const listener of this.listeners[event]) {
      try {
        listener(payload);
      } catch {
        // A listener's failure must not fail the job.
      }
    }
  }

  // ---- repeating jobs ---------------------------------------------------------------------------

  private async startSchedulers(queue: string): Promise<void> {
    const { items } = await this.schedulers.find({ queue });
    for (const s of items) this.armScheduler(s.id, s.nextRunAt);
  }

  private armScheduler(id: string, at: number): void {
    clearTimeout(this.schedulerTimers.get(id));
    if (this.closing) return;
    const timer = setTimeout(() => void this.tick(id), Math.min(MAX_TIMER, Math.max(0, at - Date.now())));
    timer.unref();
    this.schedulerTimers.set(id, timer);
  }

  private async tick(id: string): Promise<void> {
    const s = await this.schedulers.get(id);
    if (!s || this.closing) return;
    if (s.nextRunAt > Date.now()) return this.armScheduler(id, s.nextRunAt); // a re-armed long wait
    // Ticks missed while the process was down collapse into this one, as with BullMQ.
    await this.enqueue(s.queue, s.payload, { jobId: `repeat-${s.schedulerId}-${s.nextRunAt}` });
    const nextRunAt = nextRun(s, Date.now());
    await this.schedulers.update(id, s.rev, { set: { nextRunAt } });
    this.armScheduler(id, nextRunAt);
  }

  private async purgeCompleted(): Promise<void> {
    if (this.closing) return;
    await this.jobs.deleteMany({ state: 'completed', finishedAt: { $lt: Date.now() - this.retentionMs } });
  }
}

function copyJson<V>(value: V): V {
  return value === undefined ? value : (JSON.parse(JSON.stringify(value)) as V);
}

function nextRun(spec: RepeatSpec, from: number): number {
  if (spec.everyMs) return from + spec.everyMs;
  return CronExpressionParser.parse(spec.cron as string, { currentDate: new Date(from), tz: 'UTC' })
    .next()
    .getTime();
}
