// Boundary events (timer and error): entered after their trigger fired (fireTimer in
// timer-events.ts, or a caught BPMN error in service-task.ts); the token carries the trigger's
// variables as its payload and leaves at once.
import type { ErrorBoundaryEventElement, TimerBoundaryEventElement } from '../model.ts';
import type { Executor } from './types.ts';

export const boundaryEvent: Executor<TimerBoundaryEventElement | ErrorBoundaryEventElement> = {
  enter(run, token) {
    const payload = token.payload;
    delete token.payload;
    run.complete(token, payload ? { variables: payload } : {});
  },
};
