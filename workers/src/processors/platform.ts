// Every processor of the platform on one queue: the flow processors (service tasks, timers,
// advance, sweep) and the automation processors (runs, cron ticks). The composition root
// (platform/compose.ts) starts them: in `npm start`'s process in the embedded mode, in
// `npm run worker` on BullMQ in the distributed mode.
import { APPROVAL_QUEUES } from '#engine/services/approvals/index.ts';
import { BACKUP_QUEUE, BACKUP_SCHEDULER } from '#engine/services/backup/scheduled/index.ts';
import { AUTOMATION_QUEUES } from '#engine/services/automations/automation-service.ts';
import type { Services } from '#engine/services/services.ts';
import type { ActionRegistry } from '../actions/registry.ts';
import { startFlowWorkers, type FlowWorkerOptions } from './index.ts';

export interface PlatformWorkerOptions extends FlowWorkerOptions {
  /** Automation runs at once in this process (default 4). */
  automationConcurrency?: number;
}

export async function startPlatformWorkers(
  platform: Pick<Services, 'queue' | 'flows' | 'automations' | 'jobs' | 'approvals' | 'scheduledBackups'>,
  actions: ActionRegistry,
  options: PlatformWorkerOptions = {},
): Promise<void> {
  await startFlowWorkers(platform.queue, platform.flows, actions, options, platform.jobs);
  await platform.queue.process(AUTOMATION_QUEUES.run, platform.automations.handleRun, {
    concurrency: options.automationConcurrency ?? 4,
  });
  await platform.queue.process(AUTOMATION_QUEUES.schedule, platform.automations.handleSchedule);
  // One-tap approvals, sent when their undo window ends.
  await platform.queue.process(APPROVAL_QUEUES.send, platform.approvals.actions.handleSend, {
    concurrency: 4,
  });
  // Scheduled backups: the tick repeats on the queue (one worker takes each; runs are keyed by
  // their slot), and requested runs come the same way. Without BACKUP_DIR the repeat is removed.
  await platform.queue.process(BACKUP_QUEUE, platform.scheduledBackups.handle);
  const backups = platform.scheduledBackups;
  if (backups.enabled)
    await platform.queue.repeat(
      BACKUP_QUEUE,
      BACKUP_SCHEDULER,
      { everyMs: backups.settings.checkEveryMs },
      {},
    );
  else await platform.queue.removeRepeat(BACKUP_QUEUE, BACKUP_SCHEDULER);
}
