// Script task: a FEEL expression (zeebe:script) evaluated with the instance variables; its value
// becomes the result variable. A failing expression raises an incident instead of crashing.
import type { ScriptTaskElement } from '../model.ts';
import type { Executor } from './types.ts';

export const scriptTask: Executor<ScriptTaskElement> = {
  enter(run, token, element) {
    let value: unknown;
    try {
      value = run.evaluate(element.expression, token);
    } catch (e) {
      run.raiseIncident(token, 'expression-failed', `script: ${(e as Error).message}`, 'enter');
      return;
    }
    run.complete(token, element.resultVariable ? { variables: { [element.resultVariable]: value } } : {});
  },
};
