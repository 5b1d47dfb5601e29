// Processor "fire timer": the delayed job of a scheduled timer. Firing is a no-op unless the timer
// still exists and is due by the engine's clock; the sweeper fires whatever this fast path misses.
import type { Job } from '#engine/ports/job-queue.ts';
import type { FlowService } from '#engine/services/flows/flow-service.ts';
import type { TimerJob } from '#engine/services/flows/queues.ts';

export function fireTimer(flows: FlowService) {
  return async (job: Job<TimerJob>): Promise<unknown> => {
    const { changed } = await flows.runtime.apply(job.payload.instanceId, {
      type: 'timerFired',
      timerId: job.payload.timerId,
    });
    return { fired: changed };
  };
}
