// Which outbox entries of a flow instance are still owed a delivery, and in what order they go.
// The runtime writes effects into the instance's outbox with the state that caused them and
// delivers them afterwards (runtime.ts); these rules decide when an entry may be written off.
import type { Effect, EffectKind, FlowEvent, TaskView } from '#engine/core/flows/events.ts';
import { taskIdOf, type InstanceState } from '#engine/core/flows/instance.ts';
import { elementKeyOf } from '#engine/core/flows/keys.ts';

/**
 * Effects whose delivery writes instances (maybe this one) or hands work to another process: sent
 * only after this dispatcher's own clearing write (see FlowRuntime.dispatch).
 */
const AFTER_CLEAR: ReadonlySet<EffectKind> = new Set<EffectKind>([
  'timer.scheduled',
  'message.subscribed',
  'call.started',
  'call.cancelled',
]);
export const afterClear = (e: Effect): boolean =>
  (e.kind === 'job.created' && !e.external) || AFTER_CLEAR.has(e.kind);

/** An entry's sequence number: effect ids are `e<seq>`, increasing over the instance's life. */
export const seqOf = (e: Effect): number => Number(e.id.slice(1));

/** For a job report: the seq of that job's outbox entry (older entries are delivered), else -1. */
export function reportedJobSeq(outbox: Record<string, Effect>, event: FlowEvent): number {
  if (event.type !== 'jobCompleted' && event.type !== 'jobFailed') return -1;
  for (const e of Object.values(outbox)) {
    if (e.kind === 'job.created' && e.tokenId === event.tokenId && e.round === event.round) return seqOf(e);
  }
  return -1;
}

/**
 * Whether the delivered entries `cleared` may stay in the outbox until the report of a job in
 * `kept` (the pending platform jobs about to be enqueued): true when none of them is itself
 * enqueued work (a timer, a message subscription, a call: those must leave the outbox before the
 * job goes out) and all are older than the oldest kept job. The step applying that job's report
 * drops every entry older than the job (reportedJobSeq), so the dispatcher saves its clearing
 * write, and no write of this dispatcher can race the worker's (docs/decisions/0004). The sweeper
 * leaves them too (its clearing write raced the report in the worker-kill drill): while the job
 * waits past the sweeper's age threshold, each sweep delivers them again (idempotent) and the
 * report writes them off.
 */
export function reportClears(cleared: readonly Effect[], kept: readonly Effect[]): boolean {
  if (kept.length === 0) return false;
  const oldestJob = Math.min(...kept.map(seqOf));
  return cleared.every((e) => !afterClear(e) && seqOf(e) < oldestJob);
}

/** The token still waits for this job (same round): the job has not been consumed yet. */
export function jobPending(doc: InstanceState, e: Effect): boolean {
  if (e.kind !== 'job.created') return false;
  const token = doc.tokens[e.tokenId];
  return !!token && token.job?.round === e.round && (token.state === 'waiting' || token.state === 'incident');
}

export function outboxOf(effects: Effect[]): Record<string, Effect> {
  const out: Record<string, Effect> = {};
  for (const e of effects) out[e.id] = e;
  return out;
}

/**
 * How a task effect is kept in the outbox: without the view's fields that the instance document
 * itself says (id, instanceId, processId, processVersion, key), marked `derived` — they were a
 * sixth of an approval instance's document, written and read on every step. Only a view whose
 * fields all equal what the instance derives is shortened, so expandEffect gives back exactly the
 * view the step made; any other effect is kept as it is.
 */
export function compactEffect(effect: Effect, doc: InstanceState): Effect {
  if (effect.kind !== 'task.opened' && effect.kind !== 'task.updated' && effect.kind !== 'task.closed')
    return effect;
  const { id, instanceId, processId, processVersion, key, ...rest } = effect.task;
  if (
    id !== taskIdOf(doc.id, rest.tokenId) ||
    instanceId !== doc.id ||
    processId !== doc.processId ||
    processVersion !== doc.version ||
    key !== (doc.key === undefined ? undefined : elementKeyOf(doc.key, rest.tokenId))
  )
    return effect;
  return { ...effect, task: rest as TaskView, derived: true } as unknown as Effect;
}

/** An outbox entry as the step made it (see compactEffect). */
export function expandEffect(effect: Effect, doc: InstanceState): Effect {
  if (!(effect as { derived?: boolean }).derived || !('task' in effect)) return effect;
  const { derived: _derived, ...plain } = effect as Effect & { derived?: boolean };
  const { tokenId } = effect.task;
  const task = effect.task as Omit<TaskView, 'id' | 'instanceId' | 'processId' | 'processVersion'>;
  const view = {
    id: taskIdOf(doc.id, tokenId),
    instanceId: doc.id,
    processId: doc.processId,
    processVersion: doc.version,
    ...task,
  } as TaskView;
  if (doc.key !== undefined) view.key = elementKeyOf(doc.key, tokenId);
  return { ...plain, task: view } as Effect;
}
