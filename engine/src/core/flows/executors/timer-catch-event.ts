// Intermediate timer catch event: the token waits until the timer fires (fireTimer in timer-events.ts).
import type { TimerCatchEventElement } from '../model.ts';
import { scheduleTimer } from '../timer-events.ts';
import type { Executor } from './types.ts';

export const timerCatchEvent: Executor<TimerCatchEventElement> = {
  enter(run, token, element) {
    scheduleTimer(run, token, element.id, element.timer);
  },
};
