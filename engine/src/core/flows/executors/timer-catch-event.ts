// Intermediate timer catch event: the token waits until the timer fires (fireTimer in timer-events.ts).
import type { TimerCatchEventElement } from '../model.ts';
import { scheduleTimer } from '../timer-events.ts';
import type { Executor } from './types.ts';

export const timerCatchEvent: Executor<TimerCatchEventElement> = {
  enter(run, token, element) {
    // Fired already for the event-based gateway before it.
    if (token.payload) {
      delete token.payload;
      run.complete(token);
      return;
    }
    scheduleTimer(run, token, element.id, element.timer);
  },
};
