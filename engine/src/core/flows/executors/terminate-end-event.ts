// Terminate end event: every other token of its scope is terminated, then the scope completes —
// the process instance at process level, the sub-process (which then continues) inside one.
import type { TerminateEndEventElement } from '../model.ts';
import type { Executor } from './types.ts';

export const terminateEndEvent: Executor<TerminateEndEventElement> = {
  enter(run, token) {
    for (const sibling of Object.values(run.instance.tokens)) {
      if (sibling.scope === token.scope && sibling.id !== token.id) run.terminate(sibling);
    }
    run.complete(token);
  },
};
