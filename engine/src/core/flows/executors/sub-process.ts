// Embedded sub-process: a scope with its own local variables (input mappings); its start event
// runs inside it, and it completes (output mappings, outgoing flows) when its last token ends.
import type { SubProcessElement } from '../model.ts';
import type { Executor } from './types.ts';

export const subProcess: Executor<SubProcessElement> = {
  enter(run, token, element) {
    run.spawn(element.startEvent, token.id);
  },
};
