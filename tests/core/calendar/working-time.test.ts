// Working time on business calendars: worked examples on China's 2026 calendar (holidays and make-up
// working days) and on a New York calendar across both daylight-saving changes, then properties
// that must hold for any calendar, instant and duration (fast-check).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { BusinessCalendar, CalendarPeriod } from '#schemas/generated/index.ts';
import { dayOf } from '#engine/core/calendar/civil-date.ts';
import { calendarProblems, workCalendar } from '#engine/core/calendar/work-calendar.ts';
import {
  addWorkingDays,
  dayInfo,
  isWorkingDay,
  workingDaysBetween,
} from '#engine/core/calendar/working-days.ts';
import {
  addWorkingTime,
  isWorkingTime,
  nextWorkingTime,
  NoWorkingTimeError,
  workingTimeBetween,
} from '#engine/core/calendar/working-time.ts';
import { instantOf, localOf } from '#engine/core/calendar/zone.ts';
import { at, china, chinaCalendar, HOUR, newYork } from './support.ts';

const d = (iso: string) => dayOf(iso)!;

describe('China 2026 (Asia/Shanghai, 09:00–12:00 and 13:00–18:00)', () => {
  const cal = china();

  it('is a calendar without problems', () => {
    expect(calendarProblems(chinaCalendar)).toEqual([]);
  });

  it('adds working hours across lunch, nights and weekends', () => {
    // Friday 2026-03-06 16:00 + 3 h: 2 h on Friday, 1 h on Monday morning.
    expect(addWorkingTime(cal, at('2026-03-06T16:00:00+08:00'), 3 * HOUR)).toBe(
      at('2026-03-09T10:00:00+08:00'),
    );
    // 11:00 + 2 h: one hour before lunch, one after.
    expect(addWorkingTime(cal, at('2026-03-10T11:00:00+08:00'), 2 * HOUR)).toBe(
      at('2026-03-10T14:00:00+08:00'),
    );
    // Starting in the lunch break counts from 13:00.
    expect(addWorkingTime(cal, at('2026-03-10T12:30:00+08:00'), 30 * 60_000)).toBe(
      at('2026-03-10T13:30:00+08:00'),
    );
    // Using up a period ends at its end, not at the start of the next one.
    expect(addWorkingTime(cal, at('2026-03-10T09:00:00+08:00'), 3 * HOUR)).toBe(
      at('2026-03-10T12:00:00+08:00'),
    );
    expect(addWorkingTime(cal, at('2026-03-10T09:00:00+08:00'), 8 * HOUR)).toBe(
      at('2026-03-10T18:00:00+08:00'),
    );
  });

  it('answers "within 24 working hours" over the Spring Festival and its make-up Saturdays', () => {
    // Friday 2026-02-13 10:00: 7 h left that Friday (10–12, 13–18); Saturday 14th is a make-up
    // working day (8 h); the holiday runs to Monday 23rd; Tuesday 24th (8 h); 1 h on Wednesday.
    const due = addWorkingTime(cal, at('2026-02-13T10:00:00+08:00'), 24 * HOUR);
    expect(new Date(due).toISOString()).toBe(new Date(at('2026-02-25T10:00:00+08:00')).toISOString());
    expect(workingTimeBetween(cal, at('2026-02-13T10:00:00+08:00'), due)).toBe(24 * HOUR);
  });

  it('counts working days with both ends included', () => {
    // The week of the Spring Festival holiday: nothing works from the 15th to the 23rd.
    expect(workingDaysBetween(cal, d('2026-02-15'), d('2026-02-23'))).toBe(0);
    // February 2026: 20 weekdays, 6 of them holidays (16th–20th, 23rd), plus 2 make-up Saturdays.
    expect(workingDaysBetween(cal, d('2026-02-01'), d('2026-02-28'))).toBe(20 - 6 + 2);
    expect(workingDaysBetween(cal, d('2026-03-09'), d('2026-03-09'))).toBe(1);
    expect(workingDaysBetween(cal, d('2026-03-13'), d('2026-03-09'))).toBe(-5);
    // The whole year: 261 weekdays, 19 of them holidays (New Year 2, Spring Festival 6, Qingming 1,
    // Labour Day 3, Dragon Boat 1, Mid-Autumn 1, National Day 5), 6 make-up days (4 Saturdays, 2 Sundays).
    expect(workingDaysBetween(cal, d('2026-01-01'), d('2026-12-31'))).toBe(261 - 19 + 6);
  });

  it('knows holidays, make-up days and ordinary days off', () => {
    expect(isWorkingDay(cal, d('2026-10-05'))).toBe(false); // National Day holiday (a Monday)
    expect(isWorkingDay(cal, d('2026-10-10'))).toBe(true); // make-up Saturday
    expect(isWorkingDay(cal, d('2026-10-11'))).toBe(false); // an ordinary Sunday
    expect(dayInfo(cal, d('2026-01-04'))).toEqual({
      date: '2026-01-04',
      kind: 'workday',
      name: { en: 'Make-up working day (New Year)', 'zh-CN': '元旦调休上班' },
      minutes: 480,
    });
    expect(dayInfo(cal, d('2026-05-01')).kind).toBe('holiday');
    expect(dayInfo(cal, d('2026-05-02')).kind).toBe('holiday');
    expect(dayInfo(cal, d('2026-05-10')).kind).toBe('off');
    expect(dayInfo(cal, d('2026-05-11'))).toEqual({ date: '2026-05-11', kind: 'working', minutes: 480 });
  });

  it('adds working days (the start day does not count)', () => {
    // Friday 2026-02-13 + 1 → the make-up Saturday 14th; + 2 → Tuesday 24th after the holiday.
    expect(addWorkingDays(cal, d('2026-02-13'), 1)).toBe(d('2026-02-14'));
    expect(addWorkingDays(cal, d('2026-02-13'), 2)).toBe(d('2026-02-24'));
    expect(addWorkingDays(cal, d('2026-02-24'), -2)).toBe(d('2026-02-13'));
    expect(addWorkingDays(cal, d('2026-02-15'), 0)).toBe(d('2026-02-15'));
  });

  it('finds the next working moment and says whether a moment is working time', () => {
    expect(nextWorkingTime(cal, at('2026-09-30T17:30:00+08:00'))).toBe(at('2026-09-30T17:30:00+08:00'));
    expect(nextWorkingTime(cal, at('2026-09-30T18:00:00+08:00'))).toBe(at('2026-10-08T09:00:00+08:00'));
    expect(isWorkingTime(cal, at('2026-10-10T09:00:00+08:00'))).toBe(true);
    expect(isWorkingTime(cal, at('2026-10-10T12:00:00+08:00'))).toBe(false);
  });
});

describe('New York (daylight saving time)', () => {
  const cal = newYork();

  it('keeps wall-clock hours on the days the clocks change', () => {
    // Spring forward on Sunday 2026-03-08: Friday 17:00 EST + 2 h → Monday 10:00 EDT.
    expect(addWorkingTime(cal, at('2026-03-06T17:00:00-05:00'), 2 * HOUR)).toBe(
      at('2026-03-09T10:00:00-04:00'),
    );
    // Fall back on Sunday 2026-11-01: Friday 17:00 EDT + 2 h → Monday 10:00 EST.
    expect(addWorkingTime(cal, at('2026-10-30T17:00:00-04:00'), 2 * HOUR)).toBe(
      at('2026-11-02T10:00:00-05:00'),
    );
    // A working week is 37.5 h either side of a change.
    expect(workingTimeBetween(cal, at('2026-03-02T00:00:00-05:00'), at('2026-03-14T00:00:00-04:00'))).toBe(
      75 * HOUR,
    );
  });

  it('reads a skipped wall-clock time forward and a repeated one as its first occurrence', () => {
    const local = (iso: string) => Date.parse(`${iso}Z`);
    expect(instantOf('America/New_York', local('2026-03-08T02:30:00'))).toBe(at('2026-03-08T03:30:00-04:00'));
    expect(instantOf('America/New_York', local('2026-11-01T01:30:00'))).toBe(at('2026-11-01T01:30:00-04:00'));
    expect(localOf('America/New_York', at('2026-11-01T01:30:00-05:00'))).toBe(local('2026-11-01T01:30:00'));
  });

  it('skips an observed holiday', () => {
    expect(addWorkingTime(cal, at('2026-07-02T17:00:00-04:00'), 2 * HOUR)).toBe(
      at('2026-07-06T10:00:00-04:00'),
    );
  });
});

describe('calendars that cannot work', () => {
  it('says what is wrong, field by field', () => {
    const bad: BusinessCalendar = {
      id: 'bad',
      name: { en: 'Bad', 'zh-CN': '坏' },
      timeZone: 'Mars/Olympus',
      weekly: {
        monday: [
          { from: '13:00', to: '12:00' },
          { from: '09:00', to: '10:00' },
        ],
      },
      holidays: [{ from: '2026-02-30' }, { from: '2026-03-05', to: '2026-03-01' }, { from: '2026-05-01' }],
      workdays: [{ date: '2026-05-01' }],
    };
    expect(calendarProblems(bad).map((p) => p.path)).toEqual([
      '/timeZone',
      '/weekly/monday/0/to',
      '/weekly/monday/1/from',
      '/holidays/0/from',
      '/holidays/1/to',
      '/workdays/0/date',
    ]);
  });

  it('stops a search in a calendar whose extra working days are over', () => {
    const cal = workCalendar({
      id: 'once',
      name: { en: 'Once', 'zh-CN': '一次' },
      timeZone: 'UTC',
      weekly: {},
      workdays: [{ date: '2026-01-05', periods: [{ from: '09:00', to: '10:00' }] }],
    });
    expect(addWorkingTime(cal, at('2026-01-01T00:00:00Z'), HOUR)).toBe(at('2026-01-05T10:00:00Z'));
    expect(() => addWorkingTime(cal, at('2026-01-01T00:00:00Z'), 2 * HOUR)).toThrow(NoWorkingTimeError);
    expect(() => addWorkingDays(cal, d('2026-01-05'), 1)).toThrow(NoWorkingTimeError);
  });
});

// ---- properties ------------------------------------------------------------------------------------

const ZONES = ['Asia/Shanghai', 'America/New_York', 'Europe/Berlin', 'Australia/Adelaide', 'UTC'];
const WEEK = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'] as const;
const hm = (minutes: number) =>
  minutes === 1440
    ? '24:00'
    : `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

/** Up to three ordered, non-overlapping periods of a day, on quarter hours. */
const periodsArb = fc
  .uniqueArray(fc.integer({ min: 0, max: 96 }), { minLength: 0, maxLength: 6 })
  .map((qs) => {
    const sorted = [...qs].sort((a, b) => a - b);
    const out: CalendarPeriod[] = [];
    for (let i = 0; i + 1 < sorted.length; i += 2)
      out.push({ from: hm(sorted[i]! * 15), to: hm(sorted[i + 1]! * 15) });
    return out.filter((p) => p.from !== '24:00');
  });

const dateArb = fc
  .integer({ min: 0, max: 120 })
  .map((n) => new Date(Date.UTC(2026, 1, 1) + n * 86_400_000).toISOString().slice(0, 10));

const calendarArb: fc.Arbitrary<BusinessCalendar> = fc
  .record({
    timeZone: fc.constantFrom(...ZONES),
    week: fc.tuple(...WEEK.map(() => periodsArb)),
    holidays: fc.uniqueArray(dateArb, { maxLength: 12 }),
    workdays: fc.uniqueArray(dateArb, { maxLength: 6 }),
  })
  .filter((c) => c.week.some((p) => p.length > 0))
  .map((c) => ({
    id: 'random',
    name: { en: 'Random', 'zh-CN': '随机' },
    timeZone: c.timeZone,
    weekly: Object.fromEntries(WEEK.map((w, i) => [w, c.week[i]!])),
    holidays: c.holidays.filter((h) => !c.workdays.includes(h)).map((from) => ({ from })),
    workdays: c.workdays.map((date) => ({ date })),
  }));

/** Instants from February to June 2026 (both daylight-saving changes of the northern hemisphere and the southern one). */
const instantArb = fc.integer({ min: at('2026-02-01T00:00:00Z'), max: at('2026-06-01T00:00:00Z') });
/** Up to 200 working hours, to the millisecond. */
const durationArb = fc.integer({ min: 0, max: 200 * HOUR });

describe('working-time properties (any calendar, instant and duration)', () => {
  it('generated calendars are valid', () => {
    fc.assert(fc.property(calendarArb, (c) => calendarProblems(c).length === 0));
  });

  it('adding a duration, then measuring, gives the duration back', () => {
    fc.assert(
      fc.property(calendarArb, instantArb, durationArb, (c, t, ms) => {
        const cal = workCalendar(c);
        const end = addWorkingTime(cal, t, ms);
        expect(end).toBeGreaterThanOrEqual(t);
        expect(workingTimeBetween(cal, t, end)).toBe(ms);
      }),
      { numRuns: 300 },
    );
  });

  it('counting back is the inverse of counting forward', () => {
    fc.assert(
      fc.property(calendarArb, instantArb, durationArb, (c, t, ms) => {
        const cal = workCalendar(c);
        const start = addWorkingTime(cal, t, -ms);
        expect(start).toBeLessThanOrEqual(t);
        expect(workingTimeBetween(cal, start, t)).toBe(ms);
      }),
      { numRuns: 200 },
    );
  });

  it('working time is additive, and adding in two steps is adding once', () => {
    fc.assert(
      fc.property(calendarArb, instantArb, durationArb, durationArb, (c, t, x, y) => {
        const cal = workCalendar(c);
        const [a, b] = [t, t + (x % (40 * 24 * HOUR))];
        const mid = a + Math.floor((b - a) / 3);
        expect(workingTimeBetween(cal, a, b)).toBe(
          workingTimeBetween(cal, a, mid) + workingTimeBetween(cal, mid, b),
        );
        expect(workingTimeBetween(cal, b, a) + workingTimeBetween(cal, a, b)).toBe(0);
        if (x > 0)
          expect(addWorkingTime(cal, addWorkingTime(cal, t, x), y)).toBe(addWorkingTime(cal, t, x + y));
      }),
      { numRuns: 200 },
    );
  });

  it('the end of a positive duration is working time or the end of a period', () => {
    fc.assert(
      fc.property(calendarArb, instantArb, fc.integer({ min: 1, max: 100 * HOUR }), (c, t, ms) => {
        const cal = workCalendar(c);
        const end = addWorkingTime(cal, t, ms);
        // Just before the end is working time (the duration's last millisecond was worked).
        expect(isWorkingTime(cal, end - 1)).toBe(true);
        expect(nextWorkingTime(cal, end - 1)).toBe(end - 1);
      }),
      { numRuns: 200 },
    );
  });

  it('working days are additive and agree with the days that have working time', () => {
    fc.assert(
      fc.property(
        calendarArb,
        dateArb,
        fc.integer({ min: 0, max: 60 }),
        fc.integer({ min: 0, max: 60 }),
        (c, from, x, y) => {
          const cal = workCalendar(c);
          const a = d(from);
          const [b, e] = [a + Math.min(x, y), a + Math.max(x, y)];
          if (b < e)
            expect(workingDaysBetween(cal, a, e)).toBe(
              workingDaysBetween(cal, a, b) + workingDaysBetween(cal, b + 1, e),
            );
          const n = workingDaysBetween(cal, a + 1, e);
          if (n > 0) {
            const nth = addWorkingDays(cal, a, n);
            expect(nth).toBeLessThanOrEqual(e);
            expect(isWorkingDay(cal, nth)).toBe(true);
            if (nth < e) expect(workingDaysBetween(cal, nth + 1, e)).toBe(0);
          }
          // A day has working time exactly when it is a working day (on days without clock changes).
          const hours = workingTimeBetween(
            cal,
            instantOf(c.timeZone, b * 86_400_000),
            instantOf(c.timeZone, (b + 1) * 86_400_000),
          );
          expect(hours > 0).toBe(isWorkingDay(cal, b) && dayInfo(cal, b).minutes > 0);
        },
      ),
      { numRuns: 200 },
    );
  });
});
