// What a named action (a BPMN service task's `zeebe:taskDefinition type`, or an automation's step)
// is given when it runs. The worker process implements the actions (workers/src/actions); the
// engine only names this shape, so that automations can hand work to them without importing
// workers/.
import type { Clock } from './clock.ts';
import type { DocumentStore } from './document-store.ts';

export interface ActionContext {
  instanceId: string;
  processId: string;
  processVersion: number;
  elementId: string;
  tokenId: string;
  /** Stable for every run of this job: `${instanceId}-${tokenId}-${round}`. */
  idempotencyKey: string;
  /** The variables visible to the task (input mappings applied). */
  variables: Readonly<Record<string, unknown>>;
  /** zeebe:taskHeaders. */
  headers: Readonly<Record<string, string>>;
  /** Attempts made before this one, and the total allowed (the `retries` attribute). */
  attempt: number;
  attempts: number;
  store: DocumentStore;
  clock: Clock;
  /**
   * A service task's job: when its token reached the task. now() and today() in the headers (and
   * in the rules an action evaluates) are this moment, not the worker's, so the queue's delay and
   * re-runs do not move the times a flow computes (e.g. an SLA's pause). Unset: the clock's now.
   */
  at?: number;
  // For automations: an automation runs an action with its input already evaluated, and says
  // which automation and run it belongs to. Service tasks leave both unset (their input is the
  // task headers; see workers/src/actions/input.ts).
  input?: Record<string, unknown>;
  automation?: { id: string; module?: string; runId: string };
}
