// Intermediate timer catch event: the token waits until the timer fires (Run.fireTimer).
import type { TimerCatchEventElement } from '../model.ts';
import type { Executor } from './types.ts';

export const timerCatchEvent: Executor<TimerCatchEventElement> = {
  enter(run, token, element) {
    run.scheduleTimer(token, element.id, element.timer);
  },
};
