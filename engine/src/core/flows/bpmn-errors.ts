// BPMN errors within a step: thrown by a job (a worker's or an action's BpmnError) or by an error
// end event, caught by the nearest error boundary event with the same code (a catch-all one when
// none has it) — on the activity itself, else on each enclosing sub-process outwards, as Camunda 8
// propagates them. The catching activity is terminated with everything inside it and the boundary
// event continues with the error's variables. Uncaught: false (the caller raises the incident).
import type { Variables } from './events.ts';
import type { Token } from './instance.ts';
import type { ErrorBoundaryEventElement } from './model.ts';
import type { Run } from './run.ts';

export function throwBpmnError(
  run: Run,
  from: Token | null,
  code: string,
  variables: Variables | undefined,
): boolean {
  const tokens = run.instance.tokens;
  let current: Token | null = from;
  while (current) {
    // Boundary events belong to the activity: a multi-instance body, not its inner instances.
    const host: Token = current.inner && current.scope ? (tokens[current.scope] ?? current) : current;
    const catching = findCatch(run, run.element(host.elementId).boundaries ?? [], code, host);
    if (catching) {
      const scope = host.scope;
      run.terminate(host);
      run.spawn(catching.id, scope, { payload: { ...variables } });
      return true;
    }
    current = host.scope ? (tokens[host.scope] ?? null) : null;
  }
  return false;
}

/** A boundary with the same error code wins over a catch-all one. */
function findCatch(
  run: Run,
  boundaryIds: readonly string[],
  code: string,
  host: Token,
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
