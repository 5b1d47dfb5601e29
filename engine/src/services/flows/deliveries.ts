// The deliveries of outbox effects the runtime makes itself (runtime.ts dispatch): task rows in the
// tasks collection, service-task and timer jobs on the queue. Each is idempotent, since an effect
// may be delivered more than once.
import type { Effect, TaskView } from '#engine/core/flows/events.ts';
import type { Clock } from '#engine/ports/clock.ts';
import {
  DuplicateKeyError,
  NotFoundError,
  RevisionConflictError,
  type Collection,
} from '#engine/ports/document-store.ts';
import type { JobQueue } from '#engine/ports/job-queue.ts';
import { FLOW_QUEUES, jobIds, type ServiceTaskJob, type TimerJob } from './queues.ts';
import type { EffectInfo, StoredInstance } from './runtime.ts';

/**
 * The revision and view version of the task rows this process wrote last (most recent first out
 * when full): closing a task it opened needs no read first. Another writer makes an entry stale,
 * which costs a failed conditional write and the read it saved.
 */
export class TaskRowRevisions {
  private readonly known = new Map<string, { rev: number; version: number }>();
  private readonly running = new Map<string, Promise<void>>();

  constructor(private readonly capacity = 5000) {}

  get(id: string): { rev: number; version: number } | undefined {
    return this.known.get(id);
  }

  set(id: string, rev: number, version: number): void {
    this.known.delete(id);
    this.known.set(id, { rev, version });
    if (this.known.size > this.capacity) this.known.delete(this.known.keys().next().value!);
  }

  forget(id: string): void {
    this.known.delete(id);
  }

  /**
   * Runs the row write of one delivery, or joins the same delivery's write still in progress: an
   * outbox entry is delivered again while its first delivery runs when the instance's next write
   * carries it before that dispatch ended (two tasks of a fork completed back to back). Writing the
   * row twice cost a revision conflict, a read and an error object every time. Only the row write
   * is shared: it calls nothing back, so joining it cannot end up waiting for itself.
   */
  once(delivery: string, write: () => Promise<void>): Promise<void> {
    const known = this.running.get(delivery);
    if (known) return known;
    const running = write().finally(() => this.running.delete(delivery));
    this.running.set(delivery, running);
    return running;
  }
}

/** Writes a task view unless a newer one is stored (deliveries may come twice or out of order). */
export async function writeTaskView(
  tasks: Collection<TaskView>,
  view: TaskView,
  revisions?: TaskRowRevisions,
): Promise<void> {
  const remembered = view.state === 'open' ? undefined : revisions?.get(view.id);
  for (let attempt = 0; attempt < 20; attempt++) {
    const existing =
      attempt === 0 && remembered
        ? remembered
        : attempt === 0 && view.state === 'open'
          ? null
          : await tasks.get(view.id);
    if (!existing) {
      try {
        const stored = await tasks.insert(view);
        revisions?.set(view.id, stored.rev, view.version);
        return;
      } catch (e) {
        if (e instanceof DuplicateKeyError) continue;
        throw e;
      }
    }
    if ((existing.version ?? 0) >= view.version) return;
    try {
      // Grouped with other rows' writes: a write told "conflict" that did land is read back and
      // found current on the next attempt.
      const stored = await tasks.replace(view.id, existing.rev, view, { grouped: true });
      revisions?.set(view.id, stored.rev, view.version);
      return;
    } catch (e) {
      if (e instanceof NotFoundError && existing === remembered) continue;
      if (!(e instanceof RevisionConflictError)) throw e;
      revisions?.forget(view.id);
    }
  }
}

/** Delivers a task effect to the tasks collection (joining the same delivery still running). */
export function deliverTaskView(
  tasks: Collection<TaskView>,
  effect: Effect & { task: TaskView },
  instanceId: string,
  rows: TaskRowRevisions,
): Promise<void> {
  return rows.once(`${instanceId}\u0000${effect.id}`, () => writeTaskView(tasks, effect.task, rows));
}

/** Enqueues the job of a service task or a timer, with an id that makes a second enqueue a no-op. */
export async function enqueueEffect(
  effect: Effect,
  info: EffectInfo,
  deps: { queue: JobQueue; clock: Clock; retryBackoffMs: number },
): Promise<void> {
  if (effect.kind === 'job.created') {
    const payload: ServiceTaskJob = {
      instanceId: info.instanceId,
      tokenId: effect.tokenId,
      round: effect.round,
      jobType: effect.jobType,
    };
    await deps.queue.enqueue(FLOW_QUEUES.serviceTask, payload, {
      jobId: jobIds.serviceTask(info.instanceId, effect.tokenId, effect.round),
      attempts: effect.retries,
      backoff: { type: 'exponential', delay: deps.retryBackoffMs },
    });
  } else if (effect.kind === 'timer.scheduled') {
    const payload: TimerJob = { instanceId: info.instanceId, timerId: effect.timerId, dueAt: effect.dueAt };
    await deps.queue.enqueue(FLOW_QUEUES.timer, payload, {
      jobId: jobIds.timer(info.instanceId, effect.timerId),
      delay: Math.max(0, effect.dueAt - deps.clock.now()),
    });
  }
}

/** What listeners and handlers are told about the instance an effect comes from. */
export function effectInfoOf(doc: StoredInstance): EffectInfo {
  return {
    instanceId: doc.id,
    ...(doc.key ? { instanceKey: doc.key } : {}),
    processId: doc.processId,
    version: doc.version,
    ...(doc.businessKey ? { businessKey: doc.businessKey } : {}),
    ...(doc.startedBy ? { startedBy: doc.startedBy } : {}),
    ...(doc.parent ? { parent: doc.parent } : {}),
    ...(doc.rootInstanceId ? { rootInstanceId: doc.rootInstanceId } : {}),
  };
}
