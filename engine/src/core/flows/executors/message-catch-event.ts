// Intermediate message catch event and receive task: the token waits for a published message whose
// name and correlation key match its subscription (correlateMessage in message-events.ts); the
// message's variables are its result.
import type { MessageCatchEventElement } from '../model.ts';
import { openSubscription } from '../message-events.ts';
import type { Executor } from './types.ts';

export const messageCatchEvent: Executor<MessageCatchEventElement> = {
  enter(run, token, element) {
    // Caught already by the event-based gateway before it: complete with the message's variables.
    if (token.payload) {
      const variables = token.payload;
      delete token.payload;
      run.complete(token, Object.keys(variables).length ? { variables } : {});
      return;
    }
    openSubscription(run, token, element.id, element.message);
  },
};
