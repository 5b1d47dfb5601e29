// What a step runs with besides the model and the instance: the time, extra FEEL context, and the
// hooks through which a layer above the core (approvals) decides who gets a task and when a
// multi-instance activity is done. The core calls them; it never knows what they consult.
import type { Variables } from './events.ts';
import type { InstanceState } from './instance.ts';

/** What an assignment hook sees: the task as modelled, with FEEL already evaluated. */
export interface AssignmentInput {
  instance: Readonly<InstanceState>;
  elementId: string;
  tokenId: string;
  name?: string;
  assignee?: string;
  candidateUsers?: string[];
  candidateGroups?: string[];
  headers?: Record<string, string>;
  /** The variables visible to the task. */
  variables: Readonly<Variables>;
  /** Multi-instance inner task: the body token and loopCounter. */
  multiInstance?: { bodyTokenId: string; loopCounter: number };
}

export type AssignmentDecision =
  /** Create the task for these people (values replace the modelled ones when given). */
  | {
      kind: 'assign';
      assignee?: string;
      candidateUsers?: string[];
      candidateGroups?: string[];
      attributes?: Record<string, unknown>;
    }
  /** Do not wait for anyone: complete the task at once (auto-approve, skip). */
  | {
      kind: 'complete';
      outcome?: string;
      variables?: Variables;
      localVariables?: Variables;
      by?: string;
      comment?: string;
      action?: string;
      /** Facts for the history entry (e.g. why it was auto-approved). */
      data?: Record<string, unknown>;
    }
  /** Nobody can take it: raise an incident for an admin. */
  | { kind: 'incident'; message: string };

export type AssignTaskHook = (input: AssignmentInput) => AssignmentDecision;

/** What a multi-instance hook sees after an inner instance completed (before the completion condition). */
export interface InnerInstanceCompleted {
  instance: Readonly<InstanceState>;
  elementId: string;
  bodyTokenId: string;
  /** The completed inner instance's local variables (loopCounter, inputElement, outcome …). */
  inner: Readonly<Variables>;
  /** The body's local variables (counters and whatever the hook kept there). */
  body: Readonly<Variables>;
  headers?: Record<string, string>;
}

/**
 * Completion rules beyond the modelled completionCondition (approvals: a rejection ends a
 * countersign, a vote ends when decided). `variables` are set on the body (visible to the
 * completion condition); `done` completes the body now.
 */
export type InnerInstanceHook = (
  progress: InnerInstanceCompleted,
) => { done?: boolean; variables?: Variables } | void;

export interface StepContext {
  /** The current time (epoch ms), from the injectable clock. */
  now: number;
  /** Extra FEEL context: values (requester …) and functions (manager(user) …). */
  feel?: Record<string, unknown>;
  /** Decides who gets each user task (approvals plug in org-chart rules, proxies, auto-approve). */
  assignTask?: AssignTaskHook;
  /** Called when an inner instance of a multi-instance activity completed (see InnerInstanceHook). */
  innerInstanceCompleted?: InnerInstanceHook;
  /**
   * Whether a job type is for an external worker (not a platform action). Without it every job
   * is the platform's (the core's own tests, the benchmark).
   */
  isExternalJob?: (type: string) => boolean;
  /** Elements entered in one step before a loop is declared runaway (default 10,000). */
  maxActivations?: number;
}
