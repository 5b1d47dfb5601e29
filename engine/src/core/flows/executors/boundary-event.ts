// Boundary events (timer, error, message): entered after their trigger fired (fireTimer in
// timer-events.ts, a caught BPMN error in service-task.ts, a correlated message in
// message-events.ts); the token carries the trigger's variables as its payload and leaves at once.
import type {
  ErrorBoundaryEventElement,
  MessageBoundaryEventElement,
  TimerBoundaryEventElement,
} from '../model.ts';
import type { Executor } from './types.ts';

export const boundaryEvent: Executor<
  TimerBoundaryEventElement | ErrorBoundaryEventElement | MessageBoundaryEventElement
> = {
  enter(run, token) {
    const payload = token.payload;
    delete token.payload;
    run.complete(token, payload ? { variables: payload } : {});
  },
};
