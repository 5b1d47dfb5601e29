// Service task: the token waits while a worker runs the named action (zeebe:taskDefinition type)
// through a `job.created` effect. The worker reports back with jobCompleted or jobFailed; the
// job's round number makes stale reports (a job re-run after its result was applied) harmless.
// A BPMN error is caught by a matching error boundary event; anything else left after the
// retries becomes an incident, and retrying it starts a new round.
import type { Variables } from '../events.ts';
import type { Token } from '../instance.ts';
import type { ErrorBoundaryEventElement, ServiceTaskElement } from '../model.ts';
import type { Run } from '../run.ts';
import type { Executor } from './types.ts';

function dispatchJob(run: Run, token: Token, element: ServiceTaskElement, round: number): void {
  token.state = 'waiting';
  token.job = { type: element.jobType, retries: element.retries, round };
  run.emit({
    kind: 'job.created',
    tokenId: token.id,
    elementId: element.id,
    jobType: element.jobType,
    retries: element.retries,
    round,
  });
}

export const serviceTask: Executor<ServiceTaskElement> = {
  enter(run, token, element) {
    dispatchJob(run, token, element, 1);
  },
  retry(run, token, element) {
    dispatchJob(run, token, element, (token.job?.round ?? 0) + 1);
  },
};

/** True when the report belongs to the job the token is waiting for now. */
export function isCurrentJob(token: Token | undefined, round: number): token is Token {
  return !!token && token.state === 'waiting' && token.job !== undefined && token.job.round === round;
}

export function jobCompleted(run: Run, token: Token, variables: Variables | undefined): void {
  run.complete(token, variables ? { variables } : {});
}

export function jobFailed(
  run: Run,
  token: Token,
  failure: { message: string; errorCode?: string; variables?: Variables },
): void {
  if (failure.errorCode === undefined) {
    run.raiseIncident(token, 'job-failed', failure.message, 'job');
    return;
  }
  // Boundary events belong to the activity: the body of a multi-instance task, else the task.
  const host = token.inner && token.scope ? run.instance.tokens[token.scope] : token;
  const element = run.element(token.elementId);
  const catching = findCatch(run, element.boundaries ?? [], failure.errorCode, host ?? null);
  if (!host || !catching) {
    run.raiseIncident(
      token,
      'unhandled-error',
      `BPMN error "${failure.errorCode}" was not caught: ${failure.message}`,
      'job',
      failure.errorCode,
    );
    return;
  }
  const scope = host.scope;
  run.terminate(host);
  run.spawn(catching.id, scope, {
    payload: { ...failure.variables },
  });
}

/** A boundary with the same error code wins over a catch-all one. */
function findCatch(
  run: Run,
  boundaryIds: readonly string[],
  code: string,
  host: Token | null,
): ErrorBoundaryEventElement | undefined {
  let catchAll: ErrorBoundaryEventElement | undefined;
  for (const id of boundaryIds) {
    const b = run.element(id);
    if (b.type !== 'errorBoundaryEvent') continue;
    if (b.errorCode === undefined) catchAll ??= b;
    else {
      let expected: unknown = b.errorCode;
      if (b.errorCode.startsWith('=')) {
        try {
          expected = run.evaluate(b.errorCode, host);
        } catch {
          continue;
        }
      }
      if (expected === code) return b;
    }
  }
  return catchAll;
}
