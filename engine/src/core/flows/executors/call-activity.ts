// Call activity: starts a child instance of another process (by id, literal or FEEL; the latest
// version, the one deployed with the caller, or a version tag) and waits for it. The child starts
// with the caller's visible variables (or, with propagateAllParentVariables="false", only the
// input mappings); on completion its variables come back as the call's result (unless
// propagateAllChildVariables="false"), through the output mappings when there are any.
// Terminating the call cancels the child. The child's id is the caller's id and token, so a
// re-delivered start is recognised.
import { isExpression } from '#engine/core/feel/feel.ts';
import type { Variables } from '../events.ts';
import type { Token } from '../instance.ts';
import type { CallActivityElement } from '../model.ts';
import type { Run } from '../run.ts';
import type { Executor } from './types.ts';

export const childIdOf = (instanceId: string, tokenId: string): string => `${instanceId}.${tokenId}`;

export const callActivity: Executor<CallActivityElement> = {
  enter(run, token, element) {
    let processId: unknown = element.processId;
    try {
      if (isExpression(element.processId)) processId = run.evaluate(element.processId, token);
    } catch (e) {
      run.raiseIncident(token, 'expression-failed', `called process: ${(e as Error).message}`, 'enter');
      return;
    }
    if (typeof processId !== 'string' || processId.trim() === '') {
      run.raiseIncident(
        token,
        'expression-failed',
        `called process ${element.processId} gave ${JSON.stringify(processId)}, not a process id`,
        'enter',
      );
      return;
    }
    const childId = childIdOf(run.instance.id, token.id);
    token.call = { childId };
    const variables: Variables = element.propagateAllParentVariables
      ? run.visibleVariables(token)
      : { ...token.vars };
    run.emit({
      kind: 'call.started',
      tokenId: token.id,
      elementId: element.id,
      childId,
      processId: processId.trim(),
      binding: element.binding,
      variables,
    });
  },
  terminate(run, token) {
    if (token.call) run.emit({ kind: 'call.cancelled', tokenId: token.id, childId: token.call.childId });
  },
};

/** The child completed: its variables are the call's result. */
export function callCompleted(
  run: Run,
  token: Token,
  element: CallActivityElement,
  variables: Variables | undefined,
): void {
  delete token.call;
  run.complete(token, element.propagateAllChildVariables && variables ? { variables } : {});
}
