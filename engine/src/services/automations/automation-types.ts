// The names and shapes around automations that the service, its actions and the composition root
// share: queue and collection names, what a run job carries, what the service is built from.
import type { Automation, AutomationRun } from '#schemas/generated/index.ts';
import type { ActionContext } from '#engine/ports/action.ts';
import type { Clock } from '#engine/ports/clock.ts';
import type { DocumentStore } from '#engine/ports/document-store.ts';
import type { JobQueue } from '#engine/ports/job-queue.ts';
import type { DomainEvent } from '#engine/core/automations/triggers.ts';
import type { FlowService } from '../flows/flow-service.ts';
import type { RecordService } from '../records/record-service.ts';
import { SET_BATCH_QUEUE } from './record-set-runs.ts';

export const AUTOMATIONS = 'automations';
export const AUTOMATION_RUNS = 'automation_runs';
export const AUTOMATION_QUEUES = {
  run: 'automation-run',
  schedule: 'automation-schedule',
  /** The batches of record-set runs (record-set-runs.ts). */
  setBatch: SET_BATCH_QUEUE,
} as const;

/** What an automation gives a worker action: its input evaluated, and which run it belongs to. */
export type AutomationActionContext = ActionContext & Required<Pick<ActionContext, 'input' | 'automation'>>;

export interface ActionCatalogue {
  names(): ReadonlySet<string>;
  get(
    name: string,
  ): { run(ctx: AutomationActionContext): Promise<Record<string, unknown> | void> } | undefined;
}

export interface AutomationJob {
  automationId: string;
  runId: string;
  event: DomainEvent;
}

export type AutomationDoc = Automation & { module: string; triggerKey: string };
export type RunDoc = AutomationRun;

export interface AutomationServiceOptions {
  store: DocumentStore;
  queue: JobQueue;
  clock: Clock;
  records: RecordService;
  flows: FlowService;
  actions: ActionCatalogue;
  moduleEnabled: (module: string) => Promise<boolean>;
  settings: (module: string) => Promise<Record<string, unknown>>;
  /** The working-time FEEL functions over a person's calendar (absent: none). */
  calendars?: {
    feelFunctions(subject: {
      user?: string | null;
      department?: string | null;
    }): Promise<Record<string, unknown>>;
  };
  /** Base backoff between attempts of a run (default 2 s). */
  retryBackoffMs?: number;
  onError?: (error: unknown, context: Record<string, unknown>) => void;
}
