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
  await sweepAtStart(flows);
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

/** Pages of the startup sweep (500 instances each) before the periodic sweep takes over. */
const START_SWEEP_PAGES = 20;

/**
 * At start, delivers at once whatever a crash left in the outboxes (and fires timers that fell due
 * meanwhile), however recent, instead of leaving it for the periodic sweep's age threshold (30 s).
 * Every delivery is idempotent, so work another live process is delivering right now is not done
 * twice. A failure here (the store not answering yet) is left to the periodic sweep.
 */
async function sweepAtStart(flows: FlowService): Promise<void> {
  try {
    for (let page = 0; page < START_SWEEP_PAGES; page++) {
      const { timers, outboxes } = await flows.sweep({ outboxAgeMs: 0 });
      if (timers + outboxes < 500) return;
    }
  } catch {
    // The periodic sweep tries again.
  }
}
