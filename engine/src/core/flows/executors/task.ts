// Untyped task, manual task, none intermediate throw event: nothing to wait for — the token passes
// on (after its input and output mappings, as Camunda 8 runs them).
import type { TaskElement } from '../model.ts';
import type { Executor } from './types.ts';

export const task: Executor<TaskElement> = {
  enter(run, token) {
    run.complete(token);
  },
};
