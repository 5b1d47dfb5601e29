// The state of one process instance, as the pure interpreter reads and writes it. The runtime
// stores it as one document (plus the store's id/rev and the outbox); everything is plain JSON.
//
// Tokens are element instances (as in Zeebe): one per active activity, event, gateway wait,
// sub-process scope, multi-instance body and multi-instance inner instance. `scope` links a
// token to the token of its enclosing sub-process or multi-instance body.

import { instanceKeyOf } from './keys.ts';

export type InstanceStatus = 'active' | 'completed' | 'cancelled';

export type TokenState =
  /** Created within the current step, about to be entered. */
  | 'ready'
  /** Waiting for something outside the step: a user, a job, a timer, children. */
  | 'waiting'
  /** Parked at a converging gateway until the join condition holds. */
  | 'joining'
  /** Stuck on an incident until it is resolved. */
  | 'incident';

export interface UserTaskState {
  name?: string;
  assignee?: string;
  candidateUsers?: string[];
  candidateGroups?: string[];
  formId?: string;
  formKey?: string;
  externalFormReference?: string;
  /** ISO 8601. */
  dueDate?: string;
  followUpDate?: string;
  priority?: number;
  headers?: Record<string, string>;
  /** Extra attributes an assignment hook attached (e.g. onBehalfOf). */
  attributes?: Record<string, unknown>;
  createdAt: number;
  /** Instance sequence number of the last change (tasks-collection upserts compare it). */
  version: number;
}

export interface JobState {
  /** The job type as evaluated when the job was created. */
  type: string;
  /** A job for an external worker (not a platform action): kept in the jobs collection. */
  external?: boolean;
  /** Total attempts allowed per round (zeebe `retries`). */
  retries: number;
  /** Bumped when an incident is retried, so the new job gets a fresh id. */
  round: number;
  /**
   * When the token reached the task (the step's clock): what now() means in the job's headers, so
   * a job that runs late — behind a queue, after a retry or a crash — computes the times of the
   * moment it stands for, and every run of it the same ones.
   */
  at?: number;
}

export interface MultiInstanceState {
  /** The input collection as evaluated at activation (items may be added later). */
  items: unknown[];
  /** Sequential: index of the next item to start. Parallel: items.length once all started. */
  next: number;
  active: number;
  completed: number;
  terminated: number;
  /** outputElement values by loopCounter - 1. */
  outputs?: unknown[];
}

export interface Token {
  id: string;
  elementId: string;
  /** Token id of the enclosing sub-process or multi-instance body; null at process level. */
  scope: string | null;
  state: TokenState;
  enteredAt: number;
  /** The flow the token arrived on (joins count arrivals per flow). */
  via?: string;
  /** Local variables (input mappings, multi-instance element and counters, sub-process scope). */
  vars?: Record<string, unknown>;
  /** Multi-instance body. */
  mi?: MultiInstanceState;
  /** A multi-instance inner instance (its loopCounter is in vars). */
  inner?: boolean;
  task?: UserTaskState;
  job?: JobState;
  incidentId?: string;
  /** Variables handed to the element when it is entered (a caught error's variables). */
  payload?: Record<string, unknown>;
  /** A call activity: the child instance it waits for. */
  call?: { childId: string };
}

/** An open message subscription: a token waiting for a message (catch event, receive task, boundary). */
export interface Subscription {
  id: string;
  /** The catching element (catch event, receive task or boundary event). */
  elementId: string;
  /** The token that owns it: the waiting one, or the activity a boundary event is attached to. */
  tokenId: string;
  name: string;
  correlationKey: string;
}

export interface TimerState {
  id: string;
  /** The timer event element (catch or boundary). */
  elementId: string;
  /** The token waiting at the catch event, or the activity token the boundary is attached to. */
  tokenId: string;
  dueAt: number;
  /** Cycles: repetitions still to fire after this one (null: unbounded). */
  remaining?: number | null;
  /** Cycles: how to compute the next due time. */
  interval?: { kind: 'iso'; duration: string } | { kind: 'cron'; expression: string };
  /** Cycles counted in working time: the interval is working time on this calendar. */
  workingTime?: { calendar?: string };
}

export type IncidentKind =
  | 'job-failed'
  | 'unhandled-error'
  | 'no-outgoing-flow'
  | 'expression-failed'
  | 'assignment-failed'
  | 'unknown-action'
  | 'loop-limit'
  | 'call-failed';

export interface Incident {
  id: string;
  kind: IncidentKind;
  tokenId: string;
  elementId: string;
  message: string;
  createdAt: number;
  /** What a retry does: enter the element again, complete it again, or run a new job. */
  phase: 'enter' | 'complete' | 'job';
  /** For job incidents: the error code of an uncaught BPMN error, if any. */
  errorCode?: string;
}

export type HistoryType =
  | 'instance.started'
  | 'instance.completed'
  | 'instance.cancelled'
  | 'element.activated'
  | 'element.completed'
  | 'element.terminated'
  | 'task.completed'
  | 'task.updated'
  | 'incident.raised'
  | 'incident.resolved'
  | 'variables.set'
  | 'instance.modified'
  | 'note';

export interface HistoryEntry {
  /** Instance sequence number at the time (orders entries within one step). */
  seq: number;
  at: number;
  type: HistoryType;
  elementId?: string;
  tokenId?: string;
  /** Who caused it (user id), when a person did. */
  by?: string;
  outcome?: string;
  comment?: string;
  /** An approval action name or similar label ("transfer", "cc", "auto-approved"). */
  action?: string;
  data?: Record<string, unknown>;
}

export interface InstanceState {
  id: string;
  /** A numeric key (decimal string) for APIs that address instances by number (Camunda's). */
  key?: string;
  /** Started by a call activity: the caller's instance and token. */
  parent?: { instanceId: string; tokenId: string };
  /** The top of the call hierarchy (its own id when not called). */
  rootInstanceId?: string;
  /** Open message subscriptions by id. */
  subscriptions?: Record<string, Subscription>;
  /** `name\u001fcorrelationKey` of each open subscription (the store's index for correlation). */
  messageKeys?: string[];
  /** Ids of the last messages correlated (a message is correlated to an instance once). */
  correlatedMessages?: string[];
  processId: string;
  version: number;
  /** `${processId}@${version}`: the definition document's id. */
  definitionKey: string;
  status: InstanceStatus;
  variables: Record<string, unknown>;
  tokens: Record<string, Token>;
  timers: Record<string, TimerState>;
  incidents: Record<string, Incident>;
  history: HistoryEntry[];
  /** Monotonic counter for token, timer, incident and effect ids. */
  seq: number;
  startedAt: number;
  endedAt?: number;
  businessKey?: string;
  startedBy?: string;
  /** Earliest timer due time (the sweeper's index), null when no timer is pending. */
  nextDueAt: number | null;
  /** Element ids of the active tokens (for listing "current step"). */
  activeElementIds: string[];
  incidentCount: number;
}

export function newInstance(init: {
  id: string;
  processId: string;
  version: number;
  now: number;
  businessKey?: string;
  startedBy?: string;
  parent?: { instanceId: string; tokenId: string; rootInstanceId?: string };
}): InstanceState {
  return {
    id: init.id,
    key: instanceKeyOf(init.id),
    ...(init.parent
      ? {
          parent: { instanceId: init.parent.instanceId, tokenId: init.parent.tokenId },
          rootInstanceId: init.parent.rootInstanceId ?? init.parent.instanceId,
        }
      : {}),
    processId: init.processId,
    version: init.version,
    definitionKey: definitionKey(init.processId, init.version),
    status: 'active',
    variables: {},
    tokens: {},
    timers: {},
    incidents: {},
    history: [],
    seq: 0,
    startedAt: init.now,
    ...(init.businessKey ? { businessKey: init.businessKey } : {}),
    ...(init.startedBy ? { startedBy: init.startedBy } : {}),
    nextDueAt: null,
    activeElementIds: [],
    incidentCount: 0,
  };
}

/** The message index entry of a subscription. */
export const messageKeyOf = (name: string, correlationKey: string): string =>
  `${name}\u001f${correlationKey}`;

export const definitionKey = (processId: string, version: number): string => `${processId}@${version}`;

/** The user-task id of a token: self-describing, so completion needs no lookup. */
export const taskIdOf = (instanceId: string, tokenId: string): string => `${instanceId}-${tokenId}`;

/** Splits a task id back into instance and token ids (tokens ids never contain '-'). */
export function parseTaskId(taskId: string): { instanceId: string; tokenId: string } | null {
  const dash = taskId.lastIndexOf('-');
  if (dash <= 0 || dash === taskId.length - 1) return null;
  return { instanceId: taskId.slice(0, dash), tokenId: taskId.slice(dash + 1) };
}
