// The BullMQ JobQueue adapter of the distributed mode (Redis via ioredis). BullMQ gives the
// semantics of the port natively — job-id de-duplication, delays, retries with backoff, stalled-job
// recovery when a worker dies — and this class maps names and options.
import { randomUUID } from 'node:crypto';
import { Queue, UnrecoverableError, Worker, type ConnectionOptions, type Job as BullJob } from 'bullmq';
import {
  UnrecoverableJobError,
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

export interface BullmqQueueOptions {
  /** redis://host:port[/db] */
  url: string;
  /** Redis key prefix, so several deployments (or test runs) can share one Redis. */
  prefix?: string;
  completedRetentionMs?: number;
  /**
   * How long a worker holds a job's lock; a worker that died is noticed after at most
   * lockDuration + stalledInterval and its job runs again.
   */
  lockDurationMs?: number;
  stalledIntervalMs?: number;
}

export class BullmqJobQueue implements JobQueue {
  readonly kind = 'bullmq' as const;
  private readonly connection: ConnectionOptions;
  private readonly queues = new Map<string, Queue>();
  private readonly workers = new Map<string, Worker>();
  private readonly listeners = {
    completed: new Set<(e: JobEvent) => void>(),
    failed: new Set<(e: JobEvent) => void>(),
  };
  private readonly prefix: string;
  private readonly retentionSec: number;
  private closed = false;

  constructor(private readonly options: BullmqQueueOptions) {
    // null: commands wait for Redis to come back instead of failing (a Redis restart loses no job).
    this.connection = { url: options.url, maxRetriesPerRequest: null };
    this.prefix = options.prefix ?? 'forma';
    this.retentionSec = Math.ceil((options.completedRetentionMs ?? 3_600_000) / 1000);
  }

  private queue(name: string): Queue {
    let q = this.queues.get(name);
    if (!q) {
      q = new Queue(name, { connection: this.connection, prefix: this.prefix });
      q.on('error', () => {
        // Connection errors are retried by ioredis; callers see failures through their awaits.
      });
      this.queues.set(name, q);
    }
    return q;
  }

  async enqueue<P>(queue: string, payload: P, options: JobOptions = {}): Promise<{ id: string }> {
    const jobId = options.jobId ?? randomUUID();
    checkJobId(jobId);
    await this.queue(queue).add(queue, payload, {
      jobId,
      delay: Math.max(0, options.delay ?? 0),
      attempts: Math.max(1, options.attempts ?? 1),
      ...(options.backoff ? { backoff: options.backoff } : {}),
      removeOnComplete: { age: this.retentionSec },
      removeOnFail: false,
    });
    return { id: jobId };
  }

  async process<P>(queue: string, handler: JobHandler<P>, options: ProcessOptions = {}): Promise<void> {
    if (this.workers.has(queue)) throw new Error(`queue ${queue} already has a handler in this process`);
    const worker = new Worker(
      queue,
      async (job: BullJob) => {
        try {
          return await handler({
            id: String(job.id),
            queue,
            payload: job.data as P,
            attemptsMade: job.attemptsMade,
            attempts: job.opts.attempts ?? 1,
          });
        } catch (e) {
          if (e instanceof UnrecoverableJobError) throw new UnrecoverableError(e.message);
          throw e;
        }
      },
      {
        connection: this.connection,
        prefix: this.prefix,
        concurrency: Math.max(1, options.concurrency ?? 1),
        lockDuration: this.options.lockDurationMs ?? 30_000,
        stalledInterval: this.options.stalledIntervalMs ?? 30_000,
        // Handlers are idempotent: a job whose worker died keeps being retried rather than failed.
        maxStalledCount: 1000,
      },
    );
    worker.on('completed', (job, result) =>
      this.emit('completed', { queue, jobId: String(job.id), attemptsMade: job.attemptsMade, result }),
    );
    worker.on('failed', (job, error) => {
      if (!job) return;
      const final = error.name === 'UnrecoverableError' || job.attemptsMade >= (job.opts.attempts ?? 1);
      this.emit('failed', {
        queue,
        jobId: String(job.id),
        attemptsMade: job.attemptsMade,
        error: error.message,
        final,
      });
    });
    worker.on('error', () => {
      // Connection errors: ioredis reconnects and the worker resumes.
    });
    this.workers.set(queue, worker);
    await worker.waitUntilReady();
  }

  async repeat<P>(queue: string, schedulerId: string, spec: RepeatSpec, payload: P): Promise<void> {
    checkJobId(schedulerId);
    checkRepeatSpec(spec);
    await this.queue(queue).upsertJobScheduler(
      schedulerId,
      spec.everyMs ? { every: spec.everyMs } : { pattern: spec.cron as string, tz: 'UTC' },
      {
        name: queue,
        data: payload,
        opts: { removeOnComplete: { age: this.retentionSec }, removeOnFail: false },
      },
    );
  }

  async removeRepeat(queue: string, schedulerId: string): Promise<void> {
    await this.queue(queue).removeJobScheduler(schedulerId);
  }

  on(event: JobEventName, listener: (event: JobEvent) => void): () => void {
    this.listeners[event].add(listener);
    return () => this.listeners[event].delete(listener);
  }

  async counts(queue: string): Promise<QueueCounts> {
    const c = await this.queue(queue).getJobCounts(
      'waiting',
      'active',
      'delayed',
      'failed',
      'completed',
      'prioritized',
    );
    return {
      waiting: (c.waiting ?? 0) + (c.prioritized ?? 0),
      active: c.active ?? 0,
      delayed: c.delayed ?? 0,
      failed: c.failed ?? 0,
      completed: c.completed ?? 0,
    };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    // Workers first: close() waits for running jobs to finish.
    await Promise.all([...this.workers.values()].map((w) => w.close()));
    await Promise.all([...this.queues.values()].map((q) => q.close()));
  }

  private emit(event: JobEventName, payload: JobEvent): void {
    for (const listener of this.listeners[event]) {
      try {
        listener(payload);
      } catch {
        // A listener's failure must not affect the job.
      }
    }
  }
}
