// The contract of an element executor: what happens when a token enters the element, when it is
// terminated from outside (boundary event, terminate end, cancellation), and when an incident on
// it is retried. Element-specific events (task completed, job done) are exported functions of the
// executor's module, called by step.ts.
import type { Token } from '../instance.ts';
import type { ElementModel } from '../model.ts';
import type { Run } from '../run.ts';

export interface Executor<E extends ElementModel = ElementModel> {
  enter(run: Run, token: Token, element: E): void;
  terminate?(run: Run, token: Token, element: E): void;
  retry?(run: Run, token: Token, element: E): void;
  /** Called when a step has no ready tokens left; returns true when it moved a token. */
  settle?(run: Run): boolean;
}
