// Error end event: throws its error (code literal or FEEL) to the error boundary events of the
// enclosing sub-processes (bpmn-errors.ts); uncaught, an incident on the end event, as Camunda 8.
import { isExpression } from '#engine/core/feel/feel.ts';
import { throwBpmnError } from '../bpmn-errors.ts';
import type { ErrorEndEventElement } from '../model.ts';
import type { Executor } from './types.ts';

export const errorEndEvent: Executor<ErrorEndEventElement> = {
  enter(run, token, element) {
    let code: unknown = element.errorCode;
    try {
      if (isExpression(element.errorCode)) code = run.evaluate(element.errorCode, token);
    } catch (e) {
      run.raiseIncident(token, 'expression-failed', `error code: ${(e as Error).message}`, 'enter');
      return;
    }
    const scope = run.tokenOrNull(token.scope);
    if (scope && throwBpmnError(run, scope, String(code), undefined)) return;
    run.raiseIncident(
      token,
      'unhandled-error',
      `BPMN error "${String(code)}" was not caught`,
      'enter',
      String(code),
    );
  },
};
