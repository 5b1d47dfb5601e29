// None end event: the token ends; when it was the last of its scope, the scope completes.
import type { EndEventElement } from '../model.ts';
import type { Executor } from './types.ts';

export const endEvent: Executor<EndEventElement> = {
  enter(run, token) {
    run.complete(token);
  },
};
