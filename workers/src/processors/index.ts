// Registers the flow processors on a JobQueue: BullMQ in `npm run worker` (distributed mode), the
// in-process queue inside `npm start` (embedded mode). Same code either way.
import type { JobQueue } from '#engine/ports/job-queue.ts';
import type { FlowService } from '#engine/services/flows/flow-service.ts';
import type { JobService } from '#engine/services/jobs/job-service.ts';
import { FLOW_QUEUES } from '#engine/services/flows/queues.ts';
import type { ActionRegistry } from '../actions/registry.ts';
import { advanceInstance } from './advance-instance.ts';
import { fireTimer } from './fire-timer.ts';
import { runServiceTask } from './run-service-task.ts';

export interface FlowWorkerOptions {
  /** Service-task jobs run at once in this process (default 8). */
  concurrency?: number;
  /** Sweep period in ms (default 5,000); 0 disables the periodic sweep. */
  sweepEveryMs?: number;
  /** Outboxes older than this are re-delivered by the sweep (default 30,000 ms). */
  outboxAgeMs?: number;
}

export async function startFlowWorkers(
  queue: JobQueue,
  flows: FlowService,
  actions: ActionRegistry,
  options: FlowWorkerOptions = {},
  jobs?: JobService,
): Promise<void> {
  const concurrency = options.concurrency ?? 8;
  await queue.process(FLOW_QUEUES.serviceTask, runServiceTask(flows, actions), { concurrency });
  await queue.process(FLOW_QUEUES.timer, fireTimer(flows), { concurrency });
  await queue.process(FLOW_QUEUES.advance, advanceInstance(flows), { concurrency });
  const every = options.sweepEveryMs ?? 5000;
  if (every > 0) {
    await queue.process(FLOW_QUEUES.sweep, async () => {
      const swept = await flows.sweep(
        options.outboxAgeMs !== undefined ? { outboxAgeMs: options.outboxAgeMs } : {},
      );
      // External jobs whose worker's lock expired are offered again.
      return { ...swept, releasedJobs: jobs ? await jobs.sweep() : 0 };
    });
    await queue.repeat(FLOW_QUEUES.sweep, 'flow-sweeper', { everyMs: every }, {});
  }
}
