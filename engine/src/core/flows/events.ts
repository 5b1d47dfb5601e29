// What can happen to an instance (the input of `step`) and what the step asks the outside world
// to do (its effects). Effects are recorded in the instance document's outbox in the same write as
// the new state, then dispatched; every effect is safe to deliver more than once.
import type { Incident, InstanceStatus, UserTaskState } from './instance.ts';

export type Variables = Record<string, unknown>;

export type FlowEvent =
  | {
      type: 'start';
      variables?: Variables;
      by?: string;
      /** Start at this start event (a message start event) instead of the none start event. */
      startElement?: string;
    }
  | {
      type: 'completeTask';
      tokenId: string;
      /** Result variables: propagated as Zeebe does (or local when the task has output mappings). */
      variables?: Variables;
      /** Variables set on the task's own scope only (visible to output mappings, outputElement, completionCondition). */
      localVariables?: Variables;
      outcome?: string;
      by?: string;
      comment?: string;
      data?: Record<string, unknown>;
      /** A label for the history entry (approve, reject, resolve-delegation …). */
      action?: string;
      /**
       * After completing the task, end the whole instance (as a terminate end event at process
       * level would): e.g. a rejection in a model that does not route on the outcome.
       */
      endInstance?: boolean;
    }
  | {
      type: 'updateTask';
      tokenId: string;
      changes: TaskChanges;
      by?: string;
      action?: string;
      comment?: string;
      data?: Record<string, unknown>;
    }
  | { type: 'jobCompleted'; tokenId: string; round: number; variables?: Variables }
  | {
      type: 'jobFailed';
      tokenId: string;
      round: number;
      message: string;
      /** A BPMN error thrown by the action: caught by a matching error boundary event. */
      errorCode?: string;
      variables?: Variables;
    }
  /**
   * A published message for an open subscription with this name and correlation key; ignored when
   * none is open or this message was correlated to the instance already.
   */
  | {
      type: 'messageCorrelated';
      name: string;
      correlationKey: string;
      messageId: string;
      variables?: Variables;
      /** A signal: every open subscription with the name takes it, not only the oldest. */
      broadcast?: boolean;
    }
  /** The child instance of a call activity completed with these variables. */
  | { type: 'callCompleted'; tokenId: string; childId: string; variables?: Variables }
  /** The child instance of a call activity could not be started. */
  | { type: 'callFailed'; tokenId: string; childId: string; message: string }
  /** One timer (fast path from a delayed job); ignored unless it exists and is due. */
  | { type: 'timerFired'; timerId: string }
  /** Every timer due at `now` (the sweeper). */
  | { type: 'timersDue' }
  | { type: 'cancel'; by?: string; reason?: string }
  | { type: 'setVariables'; variables: Variables; tokenId?: string; by?: string }
  | { type: 'retryIncident'; incidentId: string; variables?: Variables; by?: string }
  /** Instance modification: activate elements, then terminate tokens (by token or element id). */
  | {
      type: 'modify';
      activate?: Array<{ elementId: string; variables?: Variables }>;
      terminate?: Array<{ tokenId?: string; elementId?: string }>;
      by?: string;
      reason?: string;
    }
  /** Removes one inner instance of a multi-instance activity (e.g. a withdrawn signer). */
  | { type: 'cancelInnerInstance'; tokenId: string; by?: string; reason?: string }
  /** Adds an item to a running multi-instance body (e.g. an added signer). */
  | {
      type: 'addInnerInstance';
      /** The body token, or the token of one of its inner instances. */
      tokenId: string;
      item: unknown;
      /** Sequential bodies: run it right after the current item ('next') or last ('end', default). */
      position?: 'next' | 'end';
      by?: string;
    }
  /** Several events applied in one step, atomically: all of them or none (e.g. reassign + cancel others). */
  | { type: 'batch'; events: FlowEvent[] }
  /** A history entry with no state change (comment, CC, attachment …). */
  | {
      type: 'note';
      tokenId?: string;
      action: string;
      by?: string;
      comment?: string;
      data?: Record<string, unknown>;
    };

export interface TaskChanges {
  assignee?: string | null;
  candidateUsers?: string[] | null;
  candidateGroups?: string[] | null;
  dueDate?: string | null;
  followUpDate?: string | null;
  priority?: number | null;
  /** Merged into the task's attributes; a null value removes the attribute. */
  attributes?: Record<string, unknown>;
}

/** A user task as the tasks collection and the inbox see it (schemas/task.schema.json). */
export interface TaskView extends Omit<UserTaskState, 'attributes' | 'createdAt' | 'version'> {
  id: string;
  /** The numeric user-task key (instance key + token number, keys.ts). */
  key?: string;
  instanceId: string;
  processId: string;
  processVersion: number;
  elementId: string;
  tokenId: string;
  /** The step's Chinese name (forma:nameZh) when the task has no name of its own; `name` is the default. */
  nameZh?: string;
  state: 'open' | 'completed' | 'cancelled';
  businessKey?: string;
  requester?: string;
  /** Multi-instance inner task: the body's token and this item's 1-based loopCounter. */
  multiInstance?: { bodyTokenId: string; loopCounter: number };
  /** Input-mapped local variables (e.g. the multi-instance element). */
  localVariables?: Record<string, unknown>;
  createdAt: string;
  completedAt?: string;
  completedBy?: string;
  outcome?: string;
  comment?: string;
  /** Instance sequence number of this view; upserts keep the highest. */
  version: number;
  [attribute: string]: unknown;
}

interface EffectBase {
  /** Unique within the instance: `e${seq}`. */
  id: string;
}

export type Effect =
  | (EffectBase & { kind: 'task.opened'; task: TaskView })
  | (EffectBase & { kind: 'task.updated'; task: TaskView })
  | (EffectBase & { kind: 'task.closed'; task: TaskView })
  | (EffectBase & {
      kind: 'job.created';
      tokenId: string;
      elementId: string;
      jobType: string;
      retries: number;
      round: number;
      /** A job for an external worker: written to the jobs collection, not run by a platform action. */
      external?: boolean;
    })
  /** An external job ended: done (completed, caught, terminated) or stopped on an incident. */
  | (EffectBase & { kind: 'job.closed'; tokenId: string; round: number; state: 'done' | 'failed' })
  /** A subscription opened: a buffered message may be waiting for it. */
  | (EffectBase & { kind: 'message.subscribed'; name: string; correlationKey: string; elementId: string })
  /** A call activity starts its child instance (id `childId`, made from the caller's id and token). */
  | (EffectBase & {
      kind: 'call.started';
      tokenId: string;
      elementId: string;
      childId: string;
      processId: string;
      binding: { type: 'latest' } | { type: 'deployment' } | { type: 'versionTag'; versionTag: string };
      variables: Variables;
    })
  /** A call activity was terminated: its child is cancelled. */
  | (EffectBase & { kind: 'call.cancelled'; tokenId: string; childId: string })
  | (EffectBase & { kind: 'timer.scheduled'; timerId: string; elementId: string; dueAt: number })
  | (EffectBase & { kind: 'incident.raised'; incident: Incident })
  | (EffectBase & { kind: 'incident.resolved'; incidentId: string })
  | (EffectBase & { kind: 'instance.ended'; status: InstanceStatus; at: number });

export type EffectKind = Effect['kind'];
