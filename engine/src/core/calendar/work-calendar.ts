// A business calendar made ready for computing (pure): which periods each calendar date works,
// and those periods as instants in the calendar's time zone. What a day works:
//   an extra working day (`workdays`)  → its own periods, else the first weekday's that has any
//   a holiday (`holidays`)             → nothing
//   any other day                      → the periods of its weekday (`weekly`)
// `calendarProblems` says, in English and Chinese with JSON pointers, why a calendar cannot be
// used: an unknown zone, a period that ends before it starts or overlaps the one before, a date
// that does not exist, a holiday range backwards, a day that is both a holiday and a working day.
import type { BusinessCalendar, CalendarHoliday, CalendarPeriod } from '#schemas/generated/index.ts';
import type { ErrorDetail } from '../errors.ts';
import { DAY_MS, dayOf, minutesOf, weekdayOf, WEEKDAYS } from './civil-date.ts';
import { instantOf, isTimeZone } from './zone.ts';

/** A working period of one day in minutes since midnight, `from` < `to` ≤ 1440. */
export interface MinutePeriod {
  from: number;
  to: number;
}

export interface WorkCalendar {
  id: string;
  timeZone: string;
  /** Periods per weekday, 0 = Sunday. */
  weekly: MinutePeriod[][];
  holidays: ReadonlyMap<number, CalendarHoliday>;
  workdays: ReadonlyMap<number, { periods: MinutePeriod[]; name?: BusinessCalendar['name'] }>;
  /** Whether any weekday works (else only the extra working days do). */
  worksWeekly: boolean;
  /** The first and last extra working day (for searches that would otherwise never end). */
  firstWorkday: number | null;
  lastWorkday: number | null;
  /** Periods as instants, by day number (filled as days are asked for). */
  readonly instants: Map<number, Array<readonly [number, number]>>;
}

const toMinutes = (periods: CalendarPeriod[] | undefined): MinutePeriod[] =>
  (periods ?? []).map((p) => ({ from: minutesOf(p.from) ?? 0, to: minutesOf(p.to) ?? 0 }));

/** Compiles a calendar (check it with `calendarProblems` first: this assumes it is valid). */
export function workCalendar(calendar: BusinessCalendar): WorkCalendar {
  const weekly = WEEKDAYS.map((d) => toMinutes(calendar.weekly[d]));
  const firstWeekday = [1, 2, 3, 4, 5, 6, 0].map((i) => weekly[i]!).find((p) => p.length > 0) ?? [];
  const holidays = new Map<number, CalendarHoliday>();
  for (const h of calendar.holidays ?? []) {
    const from = dayOf(h.from);
    const to = h.to ? dayOf(h.to) : from;
    if (from === null || to === null) continue;
    for (let d = from; d <= to; d++) holidays.set(d, h);
  }
  const workdays = new Map<number, { periods: MinutePeriod[]; name?: BusinessCalendar['name'] }>();
  for (const w of calendar.workdays ?? []) {
    const day = dayOf(w.date);
    if (day === null) continue;
    workdays.set(day, {
      periods: w.periods ? toMinutes(w.periods) : firstWeekday,
      ...(w.name ? { name: w.name } : {}),
    });
  }
  const days = [...workdays.keys()];
  return {
    id: calendar.id,
    timeZone: calendar.timeZone,
    weekly,
    holidays,
    workdays,
    worksWeekly: weekly.some((p) => p.length > 0),
    firstWorkday: days.length ? Math.min(...days) : null,
    lastWorkday: days.length ? Math.max(...days) : null,
    instants: new Map(),
  };
}

/** The periods a calendar date works, in minutes. */
export function periodsOn(cal: WorkCalendar, day: number): MinutePeriod[] {
  const extra = cal.workdays.get(day);
  if (extra) return extra.periods;
  if (cal.holidays.has(day)) return [];
  return cal.weekly[weekdayOf(day)]!;
}

/**
 * The periods a calendar date works, as instants [start, end) in ascending order. Around a
 * daylight-saving change a period is as long as the clocks make it (09:00–12:00 stays 09:00–12:00
 * on the wall; a period inside a skipped hour shrinks, and periods never overlap).
 */
export function instantsOn(cal: WorkCalendar, day: number): ReadonlyArray<readonly [number, number]> {
  const cached = cal.instants.get(day);
  if (cached) return cached;
  const out: Array<readonly [number, number]> = [];
  let floor = -Infinity;
  for (const p of periodsOn(cal, day)) {
    const start = Math.max(instantOf(cal.timeZone, day * DAY_MS + p.from * 60_000), floor);
    const end = instantOf(cal.timeZone, day * DAY_MS + p.to * 60_000);
    if (end > start) {
      out.push([start, end]);
      floor = end;
    }
  }
  if (cal.instants.size > 20_000) cal.instants.clear();
  cal.instants.set(day, out);
  return out;
}

// ---- validation -----------------------------------------------------------------------------------

function periodProblems(periods: CalendarPeriod[] | undefined, at: string): ErrorDetail[] {
  const out: ErrorDetail[] = [];
  let previousEnd = -1;
  (periods ?? []).forEach((p, i) => {
    const from = minutesOf(p.from);
    const to = minutesOf(p.to);
    const path = `${at}/${i}`;
    if (from === null || from >= 1440)
      out.push({ path: `${path}/from`, message: 'is not a time HH:MM', messageZh: '不是 HH:MM 格式的时间' });
    if (to === null)
      out.push({ path: `${path}/to`, message: 'is not a time HH:MM', messageZh: '不是 HH:MM 格式的时间' });
    if (from === null || to === null) return;
    if (to <= from)
      out.push({
        path: `${path}/to`,
        message: `ends (${p.to}) before it starts (${p.from})`,
        messageZh: `结束时间（${p.to}）早于开始时间（${p.from}）`,
      });
    else if (from < previousEnd)
      out.push({
        path: `${path}/from`,
        message: 'overlaps the period before it (list periods in order)',
        messageZh: '与前一时段重叠（时段须按顺序排列）',
      });
    previousEnd = Math.max(previousEnd, to);
  });
  return out;
}

/** Every reason the calendar cannot be used (beyond its JSON Schema), with JSON pointers. */
export function calendarProblems(calendar: BusinessCalendar): ErrorDetail[] {
  const out: ErrorDetail[] = [];
  if (!isTimeZone(calendar.timeZone))
    out.push({
      path: '/timeZone',
      message: `"${calendar.timeZone}" is not a time zone (use an IANA name such as Asia/Shanghai)`,
      messageZh: `“${calendar.timeZone}”不是有效的时区（请使用 IANA 名称，如 Asia/Shanghai）`,
    });
  for (const d of WEEKDAYS) out.push(...periodProblems(calendar.weekly?.[d], `/weekly/${d}`));
  const badDate = (path: string, value: string): void => {
    out.push({ path, message: `${value} is not a date`, messageZh: `${value} 不是有效日期` });
  };
  const holidayDays = new Set<number>();
  (calendar.holidays ?? []).forEach((h, i) => {
    const from = dayOf(h.from);
    const to = h.to === undefined ? from : dayOf(h.to);
    if (from === null) badDate(`/holidays/${i}/from`, h.from);
    if (to === null && h.to !== undefined) badDate(`/holidays/${i}/to`, h.to);
    if (from === null || to === null) return;
    if (to < from)
      out.push({
        path: `/holidays/${i}/to`,
        message: 'ends before it starts',
        messageZh: '结束日期早于开始日期',
      });
    else if (to - from > 366)
      out.push({
        path: `/holidays/${i}/to`,
        message: 'a holiday lasts at most a year',
        messageZh: '假期最长一年',
      });
    else for (let d = from; d <= to; d++) holidayDays.add(d);
  });
  const seen = new Set<number>();
  (calendar.workdays ?? []).forEach((w, i) => {
    const day = dayOf(w.date);
    if (day === null) return badDate(`/workdays/${i}/date`, w.date);
    if (holidayDays.has(day))
      out.push({
        path: `/workdays/${i}/date`,
        message: `${w.date} is also a holiday`,
        messageZh: `${w.date} 同时被设为假日`,
      });
    if (seen.has(day))
      out.push({
        path: `/workdays/${i}/date`,
        message: `${w.date} is listed twice`,
        messageZh: `${w.date} 重复列出`,
      });
    seen.add(day);
    out.push(...periodProblems(w.periods, `/workdays/${i}/periods`));
    const noHours = w.periods ? w.periods.length === 0 : !WEEKDAYS.some((d) => calendar.weekly?.[d]?.length);
    if (noHours)
      out.push({
        path: `/workdays/${i}/periods`,
        message: 'a working day needs at least one period (no weekday has hours to borrow)',
        messageZh: '工作日至少需要一个时段（没有可沿用工作时间的星期）',
      });
  });
  return out;
}
