// Port 2: JobQueue — named queues of JSON jobs processed by handlers, at least once.
//
// Both adapters (in-process for the embedded mode, BullMQ for the distributed mode) pass the same
// contract suite (tests/contract/job-queue.contract.ts). The semantics they share:
// - a job id de-duplicates: enqueuing an id that is waiting, delayed, active, or completed less
//   than `completedRetentionMs` ago (default 1 h) does nothing;
// - a handler that throws is retried `attempts - 1` times with the backoff; UnrecoverableJobError
//   fails the job at once; after the last attempt the job is kept as failed;
// - a job whose worker died mid-run (crash, SIGKILL) runs again: handlers must be idempotent;
// - delayed and waiting jobs survive a restart of the process (and of Redis, with AOF on).

export interface Backoff {
  type: 'fixed' | 'exponential';
  /** Base delay in ms: fixed waits this long; exponential waits delay × 2^(attempt-1). */
  delay: number;
}

export interface JobOptions {
  /** De-duplication key; generated when absent. Must not contain ':'. */
  jobId?: string;
  /** Milliseconds before the job may run. */
  delay?: number;
  /** Total attempts including the first (default 1). */
  attempts?: number;
  backoff?: Backoff;
}

export interface Job<P = unknown> {
  id: string;
  queue: string;
  payload: P;
  /** Attempts made before this one (0 on the first run). */
  attemptsMade: number;
  /** The attempts the job was enqueued with. */
  attempts: number;
}

export type JobHandler<P = unknown> = (job: Job<P>) => Promise<unknown>;

export interface ProcessOptions {
  /** Jobs of this queue run at most this many at a time in this process (default 1). */
  concurrency?: number;
}

export interface RepeatSpec {
  /** Run every N ms… */
  everyMs?: number;
  /** …or on a cron schedule (5 or 6 fields, UTC). */
  cron?: string;
}

export interface JobEvent {
  queue: string;
  jobId: string;
  attemptsMade: number;
  /** For 'failed': the error message; `final` is true when no retry follows. */
  error?: string;
  final?: boolean;
  result?: unknown;
}

export type JobEventName = 'completed' | 'failed';

export interface QueueCounts {
  waiting: number;
  active: number;
  delayed: number;
  failed: number;
  completed: number;
}

export interface JobQueue {
  readonly kind: 'in-process' | 'bullmq';
  enqueue<P>(queue: string, payload: P, options?: JobOptions): Promise<{ id: string }>;
  /** Starts processing a queue in this process. One handler per queue. */
  process<P>(queue: string, handler: JobHandler<P>, options?: ProcessOptions): Promise<void>;
  /** Creates or updates a repeating job: `payload` is enqueued on each tick. */
  repeat<P>(queue: string, schedulerId: string, spec: RepeatSpec, payload: P): Promise<void>;
  removeRepeat(queue: string, schedulerId: string): Promise<void>;
  /** Subscribes to outcomes of jobs run by this process's handlers; returns an unsubscribe function. */
  on(event: JobEventName, listener: (event: JobEvent) => void): () => void;
  counts(queue: string): Promise<QueueCounts>;
  /** Stops taking new jobs, waits for running ones to finish, releases connections. */
  close(): Promise<void>;
}

/** Thrown by a handler for a failure that retrying cannot fix: the job fails at once. */
export class UnrecoverableJobError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnrecoverableJobError';
  }
}

/** Delay before attempt number `attemptsMade + 1` (shared so both adapters back off alike). */
export function backoffDelay(backoff: Backoff | undefined, attemptsMade: number): number {
  if (!backoff) return 0;
  return backoff.type === 'fixed' ? backoff.delay : backoff.delay * 2 ** Math.max(0, attemptsMade - 1);
}
