// Processor "run service task": runs the named action of a service-task job and reports the
// result to the instance. Idempotent: a job whose token moved on (its result was applied, the task
// was interrupted, the round was superseded) does nothing; a re-run after a crash runs the action
// again with the same idempotency key. Failures are retried by the queue with backoff up to the
// task's `retries`; the last failure becomes an incident. A BpmnError is reported at once (an
// error boundary event may catch it).
import { visibleVariables } from '#engine/core/flows/variables.ts';
import { UnrecoverableJobError, type Job } from '#engine/ports/job-queue.ts';
import type { FlowService } from '#engine/services/flows/flow-service.ts';
import { FLOW_QUEUES, jobIds, type ServiceTaskJob } from '#engine/services/flows/queues.ts';
import type { StoredInstance } from '#engine/services/flows/runtime.ts';
import type { FlowEvent } from '#engine/core/flows/events.ts';
import { BpmnError, type ActionRegistry } from '../actions/registry.ts';

export function runServiceTask(flows: FlowService, actions: ActionRegistry) {
  return async (job: Job<ServiceTaskJob>): Promise<unknown> => {
    const { instanceId, tokenId, round } = job.payload;
    // A copy this process wrote (when the API that enqueued the job runs here too) saves a read;
    // a stale one runs the action as a read a moment earlier would, and its report then conflicts.
    const instance = await flows.runtime.latest(instanceId);
    const token = instance?.tokens[tokenId];
    if (
      !instance ||
      instance.status !== 'active' ||
      !token?.job ||
      token.job.round !== round ||
      token.state !== 'waiting'
    )
      return { stale: true };
    const model = await flows.definitions.model(instance.definitionKey);
    const element = model.elements[token.elementId];
    const headers = element && 'headers' in element && element.headers ? element.headers : {};
    const action = actions.get(token.job.type);
    // The instance read above is handed to the report's write (the action only reads a copy).
    let preloaded: typeof instance | undefined = instance;
    const report = (event: FlowEvent): Promise<void> => {
      const doc = preloaded;
      preloaded = undefined;
      return reportToInstance(flows, instanceId, event, doc);
    };
    if (!action) {
      await report({
        type: 'jobFailed',
        tokenId,
        round,
        message: `no action named "${token.job.type}" is registered`,
      });
      return { incident: true };
    }
    let result: Record<string, unknown> | void;
    try {
      result = await action.run({
        instanceId,
        processId: instance.processId,
        processVersion: instance.version,
        elementId: token.elementId,
        tokenId,
        idempotencyKey: jobIds.serviceTask(instanceId, tokenId, round),
        variables: structuredClone(visibleVariables(instance, tokenId)),
        headers,
        attempt: job.attemptsMade,
        attempts: job.attempts,
        store: flows.runtime.options.store,
        clock: flows.runtime.clock,
        ...(token.job.at !== undefined ? { at: token.job.at } : {}),
      });
    } catch (e) {
      if (e instanceof BpmnError) {
        await report({
          type: 'jobFailed',
          tokenId,
          round,
          message: e.message,
          errorCode: e.code,
          variables: e.variables,
        });
        return { bpmnError: e.code };
      }
      const last = e instanceof UnrecoverableJobError || job.attemptsMade + 1 >= job.attempts;
      if (!last) throw e; // the queue retries with backoff
      await report({ type: 'jobFailed', tokenId, round, message: (e as Error).message ?? String(e) });
      return { incident: true };
    }
    await report({ type: 'jobCompleted', tokenId, round, ...(result ? { variables: result } : {}) });
    return { completed: true };
  };
}

/**
 * Applies the report now; if the store is unavailable, hands it to the advance-instance queue
 * (with its own retries) so that the action is not run again just because the write failed.
 */
async function reportToInstance(
  flows: FlowService,
  instanceId: string,
  event: FlowEvent,
  preloaded?: StoredInstance,
): Promise<void> {
  try {
    await flows.runtime.apply(instanceId, event, preloaded ? { preloaded } : {});
  } catch (e) {
    if ((e as { status?: number }).status !== undefined) throw e; // an AppError: the event is wrong, not the store
    const key =
      'tokenId' in event && 'round' in event ? `${event.tokenId}-${event.round}-${event.type}` : event.type;
    await flows.runtime.options.queue.enqueue(
      FLOW_QUEUES.advance,
      { instanceId, event },
      { jobId: jobIds.advance(instanceId, key), attempts: 20, backoff: { type: 'exponential', delay: 500 } },
    );
  }
}
