// Working-time functions for FEEL — forms' computed fields, rules, automation conditions and
// inputs, flow conditions and timers. Names follow FEEL's own (`date and time`, `string length`):
//
//   add working time(from, duration[, calendar])     date and time: `from` + a days-and-time duration
//                                                    of working time (a day counts 24 working hours)
//   add working hours(from, hours[, calendar])       date and time: `from` + hours of working time
//   add working days(date, days[, calendar])         date: the n-th working day after (before) `date`
//   working time between(from, to[, calendar])       days-and-time duration of working time in [from, to)
//   working hours between(from, to[, calendar])      number: the same in hours (7.5 for 7 h 30 min)
//   working days(from, to[, calendar])               number: working days from `from` to `to`, both included
//   is working day(date[, calendar])                 boolean
//   is working time(date and time[, calendar])       boolean
//   next working time(date and time[, calendar])     date and time: itself in working time, else the next start
//
// `calendar` is a calendar id; without it the functions use the calendar of the person concerned
// (the requester of a flow, the owner of a record), else the company's. Dates and times may be FEEL
// values or ISO text (form data holds text); a date and time without a zone, and a date used as an
// instant (its midnight), are read on the calendar's wall clock. Results are in the calendar's zone
// (`2026-01-05T09:00:00+08:00`). An argument of the wrong kind gives null, as FEEL's built-ins do; a
// calendar that does not exist, or none configured, is an error that says so.
import { dateAndTime, date as feelDate, duration as feelDuration } from 'feelin';
import { parseDuration } from '../flows/iso-duration.ts';
import { DAY_MS, dayOf, isoOfDay } from './civil-date.ts';
import { WORKING_TIME_FUNCTIONS } from './names.ts';
import type { WorkCalendar } from './work-calendar.ts';
import { addWorkingDays, isWorkingDay, workingDaysBetween } from './working-days.ts';
import { addWorkingTime, dayAt, isWorkingTime, nextWorkingTime, workingTimeBetween } from './working-time.ts';
import { instantOf, localOf } from './zone.ts';

/** The calendars FEEL may name, and the one to use when none is named (null: none configured). */
export interface CalendarBook {
  calendar(id: string): WorkCalendar | undefined;
}

export { WORKING_TIME_FUNCTIONS };

/** Whether FEEL text (or any JSON holding FEEL) calls a working-time function. */
export function usesWorkingTime(text: string): boolean {
  return /working (time|hours|days?)\s*(between\s*)?\(|is working (day|time)\s*\(/.test(text);
}

export class CalendarMissingError extends Error {
  constructor(readonly calendar: string | null) {
    super(
      calendar === null
        ? 'no business calendar applies: assign one to the company (Admin → Calendars) or name one'
        : `there is no business calendar "${calendar}"`,
    );
    this.name = 'CalendarMissingError';
  }
}

const ZONED = /^(\d{4}-\d{2}-\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?)?(Z|[+-]\d{2}:\d{2}|@[\w/+-]+)?$/;

/** The text of a FEEL temporal value, or the string itself. */
function textOf(value: unknown): string | null {
  if (typeof value === 'string') return value.trim();
  if (value && typeof value === 'object' && typeof (value as { iso?: unknown }).iso === 'string')
    return (value as { iso: string }).iso;
  return null;
}

/** An instant from a date and time (or a date: its midnight) on the calendar's wall clock. */
function instantArg(cal: WorkCalendar, value: unknown): number | null {
  const text = textOf(value);
  const m = text === null ? null : ZONED.exec(text);
  if (!m) return null;
  const day = dayOf(m[1]!);
  if (day === null) return null;
  const ms =
    (Number(m[2] ?? 0) * 3600 + Number(m[3] ?? 0) * 60 + Number(m[4] ?? 0)) * 1000 +
    Math.round(Number(m[5] ?? 0) * 1000);
  const local = day * DAY_MS + ms;
  const zone = m[6];
  if (!zone) return instantOf(cal.timeZone, local);
  if (zone === 'Z') return local;
  if (zone.startsWith('@')) {
    try {
      return instantOf(zone.slice(1), local);
    } catch {
      return null;
    }
  }
  const sign = zone.startsWith('-') ? -1 : 1;
  return local - sign * (Number(zone.slice(1, 3)) * 3_600_000 + Number(zone.slice(4, 6)) * 60_000);
}

/** A calendar date from a date, or the date a date and time falls on in the calendar's zone. */
function dayArg(cal: WorkCalendar, value: unknown): number | null {
  const text = textOf(value);
  if (text === null) return null;
  if (/^\d{4}-\d{2}-\d{2}$/.test(text)) return dayOf(text);
  const at = instantArg(cal, text);
  return at === null ? null : dayAt(cal, at);
}

/** Milliseconds of a days-and-time duration (a FEEL duration or ISO text); null for years/months. */
function durationArg(value: unknown): number | null {
  const text = textOf(value);
  if (text === null) return null;
  const negative = text.startsWith('-');
  const d = parseDuration(negative ? text.slice(1) : text);
  if (!d || d.years || d.months) return null;
  const ms = d.days * DAY_MS + d.ms;
  return negative ? -ms : ms;
}

const wholeNumber = (v: unknown): number | null =>
  typeof v === 'number' && Number.isSafeInteger(v) ? v : null;

/** `2026-01-05T09:00:00+08:00`: an instant on the calendar's wall clock with its offset. */
export function isoInZone(zone: string, instant: number): string {
  const local = localOf(zone, instant);
  const offset = Math.round((local - instant) / 60_000);
  const text = new Date(local)
    .toISOString()
    .slice(0, 23)
    .replace(/\.000$/, '');
  const sign = offset < 0 ? '-' : '+';
  const abs = Math.abs(offset);
  const hh = String(Math.floor(abs / 60)).padStart(2, '0');
  const mm = String(abs % 60).padStart(2, '0');
  return `${text}${sign}${hh}:${mm}`;
}

/** ISO text of a days-and-time duration in hours, minutes and seconds (`PT27H30M`). */
export function isoDuration(ms: number): string {
  const sign = ms < 0 ? '-' : '';
  let rest = Math.abs(ms);
  const h = Math.floor(rest / 3_600_000);
  rest -= h * 3_600_000;
  const m = Math.floor(rest / 60_000);
  rest -= m * 60_000;
  const s = rest / 1000;
  const parts = `${h ? `${h}H` : ''}${m ? `${m}M` : ''}${s ? `${s}S` : ''}`;
  return `${sign}PT${parts || '0S'}`;
}

const hours = (ms: number): number => Number((ms / 3_600_000).toPrecision(15));

type Fn = ((...args: never[]) => unknown) & { $args?: string[] };

function fn<F extends Fn>(names: string[], f: F): F {
  Object.defineProperty(f, '$args', { value: names, enumerable: false });
  return f;
}

/**
 * The functions over a book of calendars. `defaultCalendar` is used when a call names none (the
 * person's calendar, else the company's; null when none is assigned).
 */
export function workingTimeFunctions(
  book: CalendarBook,
  defaultCalendar: string | null,
): Record<(typeof WORKING_TIME_FUNCTIONS)[number], Fn> {
  const pick = (name: unknown): WorkCalendar => {
    const id = typeof name === 'string' && name !== '' ? name : defaultCalendar;
    const cal = id === null ? undefined : book.calendar(id);
    if (!cal) throw new CalendarMissingError(id);
    return cal;
  };
  const at = (cal: WorkCalendar, instant: number) => dateAndTime(isoInZone(cal.timeZone, instant));
  return {
    'add working time': fn(['from', 'duration', 'calendar'], (from: unknown, d: unknown, c: unknown) => {
      const cal = pick(c);
      const t = instantArg(cal, from);
      const ms = durationArg(d);
      return t === null || ms === null ? null : at(cal, addWorkingTime(cal, t, ms));
    }),
    'add working hours': fn(['from', 'hours', 'calendar'], (from: unknown, h: unknown, c: unknown) => {
      const cal = pick(c);
      const t = instantArg(cal, from);
      if (t === null || typeof h !== 'number' || !Number.isFinite(h)) return null;
      return at(cal, addWorkingTime(cal, t, Math.round(h * 3_600_000)));
    }),
    'add working days': fn(['date', 'days', 'calendar'], (d: unknown, n: unknown, c: unknown) => {
      const cal = pick(c);
      const day = dayArg(cal, d);
      const count = wholeNumber(n);
      return day === null || count === null ? null : feelDate(isoOfDay(addWorkingDays(cal, day, count)));
    }),
    'working time between': fn(['from', 'to', 'calendar'], (a: unknown, b: unknown, c: unknown) => {
      const cal = pick(c);
      const [x, y] = [instantArg(cal, a), instantArg(cal, b)];
      return x === null || y === null ? null : feelDuration(isoDuration(workingTimeBetween(cal, x, y)));
    }),
    'working hours between': fn(['from', 'to', 'calendar'], (a: unknown, b: unknown, c: unknown) => {
      const cal = pick(c);
      const [x, y] = [instantArg(cal, a), instantArg(cal, b)];
      return x === null || y === null ? null : hours(workingTimeBetween(cal, x, y));
    }),
    'working days': fn(['from', 'to', 'calendar'], (a: unknown, b: unknown, c: unknown) => {
      const cal = pick(c);
      const [x, y] = [dayArg(cal, a), dayArg(cal, b)];
      return x === null || y === null ? null : workingDaysBetween(cal, x, y);
    }),
    'is working day': fn(['date', 'calendar'], (d: unknown, c: unknown) => {
      const cal = pick(c);
      const day = dayArg(cal, d);
      return day === null ? null : isWorkingDay(cal, day);
    }),
    'is working time': fn(['at', 'calendar'], (d: unknown, c: unknown) => {
      const cal = pick(c);
      const t = instantArg(cal, d);
      return t === null ? null : isWorkingTime(cal, t);
    }),
    'next working time': fn(['at', 'calendar'], (d: unknown, c: unknown) => {
      const cal = pick(c);
      const t = instantArg(cal, d);
      return t === null ? null : at(cal, nextWorkingTime(cal, t));
    }),
  };
}
