// The queues the platform's processors take jobs from: what queue health (Admin → Queues) and the
// metrics report on.
import { AUTOMATION_QUEUES } from './automations/automation-service.ts';
import { FLOW_QUEUES } from './flows/queues.ts';

export const PLATFORM_QUEUES: readonly string[] = [
  ...Object.values(FLOW_QUEUES),
  ...Object.values(AUTOMATION_QUEUES),
];
