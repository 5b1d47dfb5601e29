// Service task: the token waits while its job runs — a platform action (run by the platform's
// workers) or a job for an external worker (zeebe:taskDefinition type that is not an action; kept
// in the jobs collection until a worker activates and completes it) — through a `job.created`
// effect. The job type may be FEEL (`=…`), evaluated on entry. The report comes back as
// jobCompleted or jobFailed; the job's round number makes stale reports (a job re-run after its
// result was applied) harmless. A BPMN error is caught by a matching error boundary event;
// anything else left after the retries becomes an incident, and retrying it starts a new round.
// An external job's end (done or stopped on an incident) is announced with `job.closed`.
import { isExpression } from '#engine/core/feel/feel.ts';
import type { Variables } from '../events.ts';
import type { Token } from '../instance.ts';
import { throwBpmnError } from '../bpmn-errors.ts';
import type { ServiceTaskElement } from '../model.ts';
import type { Run } from '../run.ts';
import type { Executor } from './types.ts';

function dispatchJob(run: Run, token: Token, element: ServiceTaskElement, round: number): void {
  let type = element.jobType;
  if (isExpression(type)) {
    let value: unknown;
    try {
      value = run.evaluate(type, token);
    } catch (e) {
      run.raiseIncident(token, 'expression-failed', `job type: ${(e as Error).message}`, 'enter');
      return;
    }
    if (typeof value !== 'string' || value.trim() === '') {
      run.raiseIncident(
        token,
        'expression-failed',
        `job type ${element.jobType} gave ${JSON.stringify(value)}, not a name`,
        'enter',
      );
      return;
    }
    type = value.trim();
  }
  const external = run.ctx.isExternalJob?.(type) === true;
  token.state = 'waiting';
  token.job = { type, retries: element.retries, round, at: run.ctx.now, ...(external ? { external } : {}) };
  run.emit({
    kind: 'job.created',
    tokenId: token.id,
    elementId: element.id,
    jobType: type,
    retries: element.retries,
    round,
    ...(external ? { external } : {}),
  });
}

/** An external job stopped (done or on an incident): its entry in the jobs collection follows. */
function closeJob(run: Run, token: Token, state: 'done' | 'failed'): void {
  if (token.job?.external) run.emit({ kind: 'job.closed', tokenId: token.id, round: token.job.round, state });
}

export const serviceTask: Executor<ServiceTaskElement> = {
  enter(run, token, element) {
    dispatchJob(run, token, element, 1);
  },
  retry(run, token, element) {
    dispatchJob(run, token, element, (token.job?.round ?? 0) + 1);
  },
  terminate(run, token) {
    closeJob(run, token, 'done');
  },
};

/** True when the report belongs to the job the token is waiting for now. */
export function isCurrentJob(token: Token | undefined, round: number): token is Token {
  return !!token && token.state === 'waiting' && token.job !== undefined && token.job.round === round;
}

export function jobCompleted(run: Run, token: Token, variables: Variables | undefined): void {
  closeJob(run, token, 'done');
  run.complete(token, variables ? { variables } : {});
}

export function jobFailed(
  run: Run,
  token: Token,
  failure: { message: string; errorCode?: string; variables?: Variables },
): void {
  if (failure.errorCode === undefined) {
    closeJob(run, token, 'failed');
    run.raiseIncident(token, 'job-failed', failure.message, 'job');
    return;
  }
  if (throwBpmnError(run, token, failure.errorCode, failure.variables)) return;
  closeJob(run, token, 'failed');
  run.raiseIncident(
    token,
    'unhandled-error',
    `BPMN error "${failure.errorCode}" was not caught: ${failure.message}`,
    'job',
    failure.errorCode,
  );
}
