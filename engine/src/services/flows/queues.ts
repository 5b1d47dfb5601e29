// The queues the flow engine uses and the deterministic job ids of its effects. Job ids never
// contain ':' (the JobQueue contract) and are derived from instance, token/timer and round, so a
// re-dispatched effect de-duplicates against the job already enqueued.
import type { FlowEvent } from '#engine/core/flows/events.ts';

export const FLOW_QUEUES = {
  /** Runs a service task's named action. */
  serviceTask: 'flow-service-task',
  /** Fires one timer (the fast path; the sweeper is the safety net). */
  timer: 'flow-timer',
  /** Applies an event to an instance asynchronously. */
  advance: 'flow-advance',
  /** Periodic sweep: due timers and undelivered outboxes. */
  sweep: 'flow-sweep',
} as const;

export interface ServiceTaskJob {
  instanceId: string;
  tokenId: string;
  round: number;
  jobType: string;
}

export interface TimerJob {
  instanceId: string;
  timerId: string;
  dueAt: number;
}

export interface AdvanceJob {
  instanceId: string;
  event: FlowEvent;
}

export const jobIds = {
  serviceTask: (instanceId: string, tokenId: string, round: number): string =>
    `job-${instanceId}-${tokenId}-${round}`,
  timer: (instanceId: string, timerId: string): string => `tmr-${instanceId}-${timerId}`,
  advance: (instanceId: string, key: string): string => `adv-${instanceId}-${key}`,
};
