// The working-days FEEL function that forms' computed fields may call: `working days(from, to)`,
// the working days from `from` to `to`, both included (negative when `to` is before `from`; null
// when either is not a date). Pure and browser-safe, so the portal and the designer's preview
// compute what the server stores.
//
// This is the one place where the platform names the function and decides how a working day is
// counted without a business calendar: Monday to Friday. Where one applies, the calendar's own
// function (core/calendar/feel-functions.ts) comes in under the same name (`functions` of
// computeFields) and takes precedence — on the server (RecordService) and in the browser alike
// (designer/src/ui/rjsf/calendar-functions.ts loads the calendars the API gives).
import type { FeelContext } from './feel.ts';

/** The FEEL name of the function (FEEL reads a name with spaces as one name). */
export const WORKING_DAYS = 'working days';

const DAY_MS = 86_400_000;
const DATE = /^(\d{4})-(\d{2})-(\d{2})/;

/** Days since 1970-01-01 of a date (or the date part of a date and time), or null. */
function dayNumber(value: unknown): number | null {
  const text =
    typeof value === 'string'
      ? value
      : value &&
          typeof value === 'object' &&
          typeof (value as { toISODate?: unknown }).toISODate === 'function'
        ? (value as { toISODate(): string }).toISODate()
        : null;
  const m = text === null ? null : DATE.exec(text);
  if (!m) return null;
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  return Number.isNaN(ms) ? null : Math.round(ms / DAY_MS);
}

/** Weekdays (Monday–Friday) from day `a` to day `b`, both included (a ≤ b). */
function weekdaysBetween(a: number, b: number): number {
  // 1970-01-01 was a Thursday: day d is a weekday when (d + 3) mod 7 < 5 (Monday = 0).
  const weekday = (d: number): number => (((d + 3) % 7) + 7) % 7;
  const total = b - a + 1;
  const full = Math.floor(total / 7);
  let count = full * 5;
  for (let d = a + full * 7; d <= b; d++) if (weekday(d) < 5) count++;
  return count;
}

/** Working days (Monday–Friday) from `from` to `to`, both included; null unless both are dates. */
export function workingDaysMonToFri(from: unknown, to: unknown): number | null {
  const a = dayNumber(from);
  const b = dayNumber(to);
  if (a === null || b === null) return null;
  return a <= b ? weekdaysBetween(a, b) : -weekdaysBetween(b, a);
}

/** feelin binds a JS function's arguments by these names (named-argument calls too). */
const withArgs = <F extends (...args: never[]) => unknown>(names: string[], f: F): F =>
  Object.defineProperty(f, '$args', { value: names, enumerable: false });

/** The functions computed fields may call besides FEEL's own, without a business calendar. */
export const DEFAULT_FORM_FUNCTIONS: FeelContext = {
  [WORKING_DAYS]: withArgs(['from', 'to'], (from: unknown, to: unknown) => workingDaysMonToFri(from, to)),
};
