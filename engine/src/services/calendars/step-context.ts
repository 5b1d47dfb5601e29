// Business calendars inside flow steps: the working-time FEEL functions (`=add working hours(now(),
// 24)` in a timer date, a due date or a condition) and the `workingTime` hook that timers with the
// workingTime property count their durations with. The default calendar is the requester's (the
// person the instance runs for), else the company's.
//
// Only models that use working time pay for it: a model is scanned once (its compiled JSON, cached
// per model object) for a working-time function or a timer with the property; the others get the
// context they had, and no calendar is read for their steps.
import { requesterIdOf } from '#engine/core/approvals/org-functions.ts';
import {
  CalendarMissingError,
  usesWorkingTime,
  workingTimeFunctions,
} from '#engine/core/calendar/feel-functions.ts';
import { addWorkingTime } from '#engine/core/calendar/working-time.ts';
import type { ProcessModel } from '#engine/core/flows/model.ts';
import type { StepContextProvider } from '../flows/runtime.ts';
import type { CalendarService } from './calendar-service.ts';

const scanned = new WeakMap<ProcessModel, boolean>();

/** Whether a compiled process uses working time anywhere (cached per model). */
export function modelUsesWorkingTime(model: ProcessModel): boolean {
  let uses = scanned.get(model);
  if (uses === undefined) {
    const text = JSON.stringify(model);
    uses = usesWorkingTime(text) || text.includes('"workingTime"');
    scanned.set(model, uses);
  }
  return uses;
}

/** `inner`'s step context, plus working time for the models that use it. */
export function withWorkingTime(
  calendars: CalendarService,
  inner?: StepContextProvider,
): StepContextProvider {
  return async (instance, model) => {
    const base = inner ? await inner(instance, model) : {};
    if (!modelUsesWorkingTime(model)) return base;
    const lookups = await calendars.lookups();
    const chosen = lookups.choose({ user: requesterIdOf(instance) })?.calendar ?? null;
    return {
      ...base,
      feel: { ...base.feel, ...workingTimeFunctions(lookups, chosen) },
      workingTime: (from, ms, calendar) => {
        const id = calendar ?? chosen;
        const cal = id === null ? undefined : lookups.calendar(id);
        if (!cal) throw new CalendarMissingError(id);
        return addWorkingTime(cal, from, ms);
      },
    };
  };
}
