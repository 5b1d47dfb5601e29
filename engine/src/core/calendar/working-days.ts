// Working days on a business calendar (pure; days are calendar dates as day numbers, see
// civil-date.ts). A working day is a date with at least one working period — an ordinary weekday
// with hours, or an extra working day — that is not a holiday.
//
//   workingDaysBetween(cal, a, b)  working days from a to b, BOTH INCLUDED (a leave from Monday to
//                                  Friday is 5 days; a = b counts that one day when it works);
//                                  when b is before a, the same count negated.
//   addWorkingDays(cal, day, n)    the n-th working day after `day` (n > 0; `day` itself does not
//                                  count, so Friday + 1 is Monday), before it (n < 0), or `day`
//                                  itself (n = 0).
//   dayInfo(cal, day)              what a date is, for the year view: working, off (a weekday
//                                  without hours), holiday or workday (an extra working day).
import type { LocalizedText } from '#schemas/generated/index.ts';
import { isoOfDay } from './civil-date.ts';
import { periodsOn, type WorkCalendar } from './work-calendar.ts';
import { NoWorkingTimeError } from './working-time.ts';

const SEARCH_DAYS = 36_525;

export function isWorkingDay(cal: WorkCalendar, day: number): boolean {
  return periodsOn(cal, day).length > 0;
}

export function workingDaysBetween(cal: WorkCalendar, a: number, b: number): number {
  if (!Number.isSafeInteger(a) || !Number.isSafeInteger(b)) throw new RangeError('days are whole numbers');
  if (b < a) return -workingDaysBetween(cal, b, a);
  if (b - a > SEARCH_DAYS) throw new RangeError('at most 100 years apart');
  let count = 0;
  for (let d = a; d <= b; d++) if (isWorkingDay(cal, d)) count++;
  return count;
}

export function addWorkingDays(cal: WorkCalendar, day: number, n: number): number {
  if (!Number.isSafeInteger(day) || !Number.isSafeInteger(n)) throw new RangeError('days are whole numbers');
  const step = n < 0 ? -1 : 1;
  let left = Math.abs(n);
  let d = day;
  for (let i = 0; left > 0; i++) {
    if (i > SEARCH_DAYS) throw new NoWorkingTimeError(cal.id);
    if (!cal.worksWeekly) {
      const beyond =
        step === 1
          ? cal.lastWorkday === null || d >= cal.lastWorkday
          : cal.firstWorkday === null || d <= cal.firstWorkday;
      if (beyond) throw new NoWorkingTimeError(cal.id);
    }
    d += step;
    if (isWorkingDay(cal, d)) left--;
  }
  return d;
}

export type DayKind = 'working' | 'off' | 'holiday' | 'workday';

export interface DayInfo {
  date: string;
  kind: DayKind;
  /** The holiday's or extra working day's name. */
  name?: LocalizedText;
  /** Working minutes on the wall clock. */
  minutes: number;
}

export function dayInfo(cal: WorkCalendar, day: number): DayInfo {
  const minutes = periodsOn(cal, day).reduce((sum, p) => sum + (p.to - p.from), 0);
  const extra = cal.workdays.get(day);
  const holiday = cal.holidays.get(day);
  const kind: DayKind = extra ? 'workday' : holiday ? 'holiday' : minutes > 0 ? 'working' : 'off';
  const name = extra?.name ?? holiday?.name;
  return { date: isoOfDay(day), kind, ...(name ? { name } : {}), minutes };
}
