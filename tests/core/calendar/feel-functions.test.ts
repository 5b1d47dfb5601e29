// The working-time FEEL functions, evaluated the way forms, rules, automations and flows evaluate
// FEEL: names with spaces, FEEL values and ISO text alike, the default calendar and a named one.
import { describe, expect, it } from 'vitest';
import { evaluateFeel, FeelError } from '#engine/core/feel/feel.ts';
import { clockFunctions } from '#engine/core/flows/feel-scope.ts';
import {
  usesWorkingTime,
  workingTimeFunctions,
  type CalendarBook,
} from '#engine/core/calendar/feel-functions.ts';
import { at, china, newYork } from './support.ts';

const calendars = { 'cn-calendar-standard': china(), 'new-york': newYork() };
const book: CalendarBook = { calendar: (id) => calendars[id as keyof typeof calendars] };
const feel = (
  expr: string,
  vars: Record<string, unknown> = {},
  defaultCalendar: string | null = 'cn-calendar-standard',
) =>
  evaluateFeel(expr, {
    ...clockFunctions(at('2026-02-13T10:00:00+08:00')),
    ...workingTimeFunctions(book, defaultCalendar),
    ...vars,
  });

describe('working-time FEEL functions', () => {
  it('adds working hours and working time to now() and to form text', () => {
    expect(feel('add working hours(now(), 24)')).toBe('2026-02-25T10:00:00+08:00');
    expect(feel('add working time(now(), duration("PT24H"))')).toBe('2026-02-25T10:00:00+08:00');
    expect(feel('add working time(submitted, "P1D")', { submitted: '2026-02-13T10:00:00+08:00' })).toBe(
      '2026-02-25T10:00:00+08:00',
    );
    // A date and time without a zone is read on the calendar's wall clock.
    expect(feel('add working hours(date and time("2026-03-10T11:00:00"), 1.5)')).toBe(
      '2026-03-10T13:30:00+08:00',
    );
    expect(feel('string(add working hours(now(), 0.5))')).toBe('2026-02-13T10:30:00+08:00');
  });

  it('measures working time and counts working days (both ends included)', () => {
    expect(
      feel(
        'working hours between(date and time("2026-02-13T10:00:00+08:00"), date and time("2026-02-25T10:00:00+08:00"))',
      ),
    ).toBe(24);
    expect(
      feel('working time between(a, b)', { a: '2026-03-10T09:00:00+08:00', b: '2026-03-10T17:30:00+08:00' }),
    ).toBe('PT7H30M');
    expect(feel('working days(date("2026-02-01"), date("2026-02-28"))')).toBe(16);
    expect(
      feel('working days(leave.from, leave.to)', { leave: { from: '2026-10-08', to: '2026-10-12' } }),
    ).toBe(4);
    expect(feel('add working days(date("2026-09-30"), 1)')).toBe('2026-10-08');
    expect(feel('is working day(date("2026-10-10"))')).toBe(true);
    expect(feel('is working time(date and time("2026-10-10T12:30:00@Asia/Shanghai"))')).toBe(false);
    expect(feel('next working time(date and time("2026-10-10T12:30:00+08:00"))')).toBe(
      '2026-10-10T13:00:00+08:00',
    );
  });

  it('compares with other temporal values', () => {
    // Friday 10:00 + 9 working hours is the make-up Saturday 11:00.
    expect(feel('add working hours(now(), 9) > now() + duration("P1D")')).toBe(true);
    expect(feel('add working hours(now(), 7) < now() + duration("P1D")')).toBe(true);
  });

  it('uses a calendar named in the call', () => {
    // 17:00 Friday in New York + 2 h: Monday 10:00, after the clocks went forward on Sunday.
    expect(feel('add working hours(t, 2, "new-york")', { t: '2026-03-06T17:00:00-05:00' })).toBe(
      '2026-03-09T10:00:00-04:00',
    );
  });

  it('gives null for arguments of the wrong kind, as FEEL built-ins do', () => {
    expect(feel('add working hours("not a time", 2)')).toBeNull();
    expect(feel('add working time(now(), duration("P1M"))')).toBeNull();
    expect(feel('working days(null, date("2026-01-01"))')).toBeNull();
    expect(feel('add working days(date("2026-01-05"), 1.5)')).toBeNull();
  });

  it('says when no calendar applies or the named one does not exist', () => {
    expect(() => feel('add working hours(now(), 1)', {}, null)).toThrow(FeelError);
    expect(() => feel('add working hours(now(), 1)', {}, null)).toThrow(/assign one to the company/);
    expect(() => feel('working days(date("2026-01-01"), date("2026-01-02"), "nope")')).toThrow(
      /no business calendar "nope"/,
    );
  });

  it('tells which FEEL needs the calendars', () => {
    expect(usesWorkingTime('=add working hours(now(), 24)')).toBe(true);
    expect(usesWorkingTime('working days(a, b) > 3')).toBe(true);
    expect(usesWorkingTime('is working day(today())')).toBe(true);
    expect(usesWorkingTime('amount > 100')).toBe(false);
    expect(usesWorkingTime('"working days"')).toBe(false);
  });
});
