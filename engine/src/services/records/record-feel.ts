// FEEL functions the platform gives records' computed fields besides FEEL's own: the business
// calendars' working time, on the calendar of the record's owner. Only forms whose computed fields
// call one get them (so the calendars are read only for those).
import { usesWorkingTime } from '#engine/core/calendar/feel-functions.ts';
import type { CompiledForm } from '#engine/core/forms/compiled-form.ts';

/** Whose FEEL functions a computation gets: the record's owner and department. */
export interface FeelSubject {
  user?: string | null;
  department?: string | null;
}

/** FEEL functions besides FEEL's own for a subject (the working-time functions over their calendar). */
export type FeelFunctionsProvider = (subject: FeelSubject) => Promise<Record<string, unknown>>;

const workingTimeForms = new WeakMap<CompiledForm, boolean>();

/** Whether a form's computed fields call a working-time function (cached per compiled form). */
export function formUsesWorkingTime(form: CompiledForm): boolean {
  let uses = workingTimeForms.get(form);
  if (uses === undefined) {
    uses = form.computed.some((c) => usesWorkingTime(c.expression));
    workingTimeForms.set(form, uses);
  }
  return uses;
}
