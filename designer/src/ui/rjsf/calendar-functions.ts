// The business calendar's working-time FEEL functions for computed fields in the browser, so a
// leave form shows the working days the server will store: around 国庆 or a make-up working
// Saturday (调休) the count is the calendar's, not Monday to Friday. The same pure code as the
// server's (engine/src/core/calendar): the calendars as the API gives them, compiled here, with
// the one that applies to the person as the default — as RecordService does for the record's
// owner. Nothing applies (no calendar assigned) → no functions, so the forms' own Monday-to-Friday
// `working days` counts, as on the server.
//
// Loaded only for forms whose computed fields call a working-time function, and kept for a few
// minutes per person (calendars change rarely; the server's figure wins anyway). When the
// calendars cannot be read (offline) the form falls back to Monday to Friday rather than failing.
import type { BusinessCalendar } from '#schemas/generated/index.ts';
import { usesWorkingTime, workingTimeFunctions } from '#engine/core/calendar/feel-functions.ts';
import { calendarProblems, workCalendar, type WorkCalendar } from '#engine/core/calendar/work-calendar.ts';
import type { CompiledForm } from '#engine/core/forms/compiled-form-core.ts';
import { api } from '../../api/client.ts';

type Functions = Record<string, unknown>;

const KEEP_MS = 5 * 60_000;
const kept = new Map<string, { at: number; functions: Promise<Functions> }>();

/** The working-time functions over `calendars` with `chosen` as the default (none: no functions). */
export function calendarFunctions(calendars: readonly BusinessCalendar[], chosen: string | null): Functions {
  if (chosen === null) return {};
  const compiled = new Map<string, WorkCalendar>();
  // As the server: a calendar it cannot use is left out (a call naming it then says so).
  for (const c of calendars) if (calendarProblems(c).length === 0) compiled.set(c.id, workCalendar(c));
  return workingTimeFunctions({ calendar: (id) => compiled.get(id) }, chosen);
}

/** Whether the form's computed fields call a working-time function. */
export function formUsesWorkingTime(form: Pick<CompiledForm, 'computed'>): boolean {
  return form.computed.some((c) => usesWorkingTime(c.expression));
}

/**
 * The functions `form`'s computed fields get for `user` (default: whoever is signed in — the
 * requester of a new request, the analyst in a preview); {} when the form needs none.
 */
export function formCalendarFunctions(
  form: Pick<CompiledForm, 'computed'>,
  user?: string,
): Promise<Functions> {
  if (!formUsesWorkingTime(form)) return Promise.resolve({});
  const key = user ?? '';
  const hit = kept.get(key);
  if (hit && Date.now() - hit.at < KEEP_MS) return hit.functions;
  const functions = Promise.all([
    api.get('/api/calendars'),
    api.get('/api/calendars/resolve', { query: user ? { user } : {} }),
  ]).then(
    ([list, { choice }]) => calendarFunctions(list.items, choice?.calendar ?? null),
    (e: unknown) => {
      kept.delete(key);
      console.warn('Business calendars unavailable; counting Monday to Friday:', e);
      return {};
    },
  );
  kept.set(key, { at: Date.now(), functions });
  return functions;
}
