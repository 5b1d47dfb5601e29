// Working time on a business calendar (pure; instants are epoch milliseconds):
//
//   addWorkingTime(cal, t, d)      the earliest instant u with exactly d of working time in [t, u)
//                                  — so a duration that uses up a period ends at that period's end,
//                                  not at the start of the next; d = 0 gives t itself; a negative d
//                                  counts back (the latest u with |d| of working time in [u, t)).
//   workingTimeBetween(cal, a, b)  the working time in [a, b) (negative when b is before a).
//   nextWorkingTime(cal, t)        t when it is working time, else the start of the next period.
//   isWorkingTime(cal, t)          t lies in a period [start, end).
//
// So workingTimeBetween(t, addWorkingTime(t, d)) = d for every t and d ≥ 0, and working time is
// additive: between(a, c) = between(a, b) + between(b, c). A calendar that never works again (no
// weekday works and the extra working days are over) throws NoWorkingTimeError instead of searching
// for ever; so does a search longer than 100 years.
import { DAY_MS, splitLocal } from './civil-date.ts';
import { instantsOn, type WorkCalendar } from './work-calendar.ts';
import { localOf } from './zone.ts';

export class NoWorkingTimeError extends Error {
  constructor(readonly calendar: string) {
    super(`calendar ${calendar} has no working time in reach`);
    this.name = 'NoWorkingTimeError';
  }
}

const SEARCH_DAYS = 36_525;

/** The calendar date (day number) an instant falls on in the calendar's zone. */
export function dayAt(cal: WorkCalendar, instant: number): number {
  return splitLocal(localOf(cal.timeZone, instant)).day;
}

function assertFinite(...values: number[]): void {
  for (const v of values) if (!Number.isFinite(v)) throw new RangeError(`${v} is not a finite number`);
}

/** Working days from `day` on (forward) or back, until the calendar can work no more. */
function* days(cal: WorkCalendar, day: number, step: 1 | -1): Generator<number> {
  for (let i = 0; i < SEARCH_DAYS; i++, day += step) {
    if (!cal.worksWeekly) {
      const beyond =
        step === 1
          ? cal.lastWorkday === null || day > cal.lastWorkday
          : cal.firstWorkday === null || day < cal.firstWorkday;
      if (beyond) break;
    }
    yield day;
  }
  throw new NoWorkingTimeError(cal.id);
}

export function addWorkingTime(cal: WorkCalendar, from: number, ms: number): number {
  assertFinite(from, ms);
  if (ms === 0) return from;
  if (ms < 0) return subtractWorkingTime(cal, from, -ms);
  let remaining = ms;
  // A period of the day before may still run at `from` (periods end at 24:00 at the latest).
  for (const day of days(cal, dayAt(cal, from) - 1, 1))
    for (const [start, end] of instantsOn(cal, day)) {
      if (end <= from) continue;
      const begin = Math.max(start, from);
      if (remaining <= end - begin) return begin + remaining;
      remaining -= end - begin;
    }
  throw new NoWorkingTimeError(cal.id);
}

function subtractWorkingTime(cal: WorkCalendar, from: number, ms: number): number {
  let remaining = ms;
  for (const day of days(cal, dayAt(cal, from) + 1, -1)) {
    const periods = instantsOn(cal, day);
    for (let k = periods.length - 1; k >= 0; k--) {
      const [start, end] = periods[k]!;
      if (start >= from) continue;
      const until = Math.min(end, from);
      if (remaining <= until - start) return until - remaining;
      remaining -= until - start;
    }
  }
  throw new NoWorkingTimeError(cal.id);
}

export function workingTimeBetween(cal: WorkCalendar, a: number, b: number): number {
  assertFinite(a, b);
  if (b < a) return -workingTimeBetween(cal, b, a);
  let total = 0;
  const last = dayAt(cal, b);
  for (let day = dayAt(cal, a) - 1; day <= last; day++)
    for (const [start, end] of instantsOn(cal, day)) {
      const lo = Math.max(start, a);
      const hi = Math.min(end, b);
      if (hi > lo) total += hi - lo;
    }
  return total;
}

export function isWorkingTime(cal: WorkCalendar, t: number): boolean {
  assertFinite(t);
  const day = dayAt(cal, t);
  for (const d of [day - 1, day])
    for (const [start, end] of instantsOn(cal, d)) if (start <= t && t < end) return true;
  return false;
}

export function nextWorkingTime(cal: WorkCalendar, t: number): number {
  assertFinite(t);
  for (const day of days(cal, dayAt(cal, t) - 1, 1))
    for (const [start, end] of instantsOn(cal, day)) if (end > t) return Math.max(start, t);
  throw new NoWorkingTimeError(cal.id);
}

export { DAY_MS };
