// None start event: the token passes straight on.
import type { StartEventElement } from '../model.ts';
import type { Executor } from './types.ts';

export const startEvent: Executor<StartEventElement> = {
  enter(run, token) {
    run.complete(token);
  },
};
