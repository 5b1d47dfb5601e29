// Processor "advance instance": applies an event to an instance asynchronously (a service-task
// report whose write failed, or any event a feature posts). Events are idempotent by state: one
// that no longer applies changes nothing. An event the instance rejects (AppError) is dropped.
import { UnrecoverableJobError, type Job } from '#engine/ports/job-queue.ts';
import type { FlowService } from '#engine/services/flows/flow-service.ts';
import type { AdvanceJob } from '#engine/services/flows/queues.ts';

export function advanceInstance(flows: FlowService) {
  return async (job: Job<AdvanceJob>): Promise<unknown> => {
    try {
      const { changed } = await flows.runtime.apply(job.payload.instanceId, job.payload.event);
      return { changed };
    } catch (e) {
      if ((e as { status?: number }).status !== undefined)
        throw new UnrecoverableJobError((e as Error).message);
      throw e;
    }
  };
}
