// When a scheduled report is owed (pure: the caller passes the instant). A schedule names a period
// (day, week, month) and a wall-clock time in a zone; each period owes one delivery, named by the
// period's key ('2026-01-05' for a day, '2026-W2026-01-05' for the week starting that Monday,
// '2026-01' for a month). The key is what makes a delivery idempotent: a checker that runs twice in
// a period, or after a restart, finds the period's delivery already made.
//
// Only the current period is owed: a period that passed while nothing checked (the platform was
// down all week) is not delivered late, because a report run now would not show that period's
// figures anyway.
import { dayOf, isoOfDay, minutesOf, splitLocal, weekdayOf, DAY_MS } from '../calendar/civil-date.ts';
import { instantOf, isTimeZone, localOf } from '../calendar/zone.ts';

export interface ReportScheduleTiming {
  every: 'day' | 'week' | 'month';
  /** Wall-clock time `HH:MM` in `timeZone`. */
  at: string;
  /** For `week`: 1 = Monday … 7 = Sunday (default 1). */
  weekday?: number;
  /** For `month`: the day of the month, 1–28 (default 1), so every month has it. */
  monthDay?: number;
  /** IANA zone (default Asia/Shanghai). */
  timeZone?: string;
}

export const DEFAULT_SCHEDULE_ZONE = 'Asia/Shanghai';

/** Problems of a timing as (path, en, zh) triples; empty when it is usable. */
export function timingProblems(t: ReportScheduleTiming): Array<{ path: string; en: string; zh: string }> {
  const out: Array<{ path: string; en: string; zh: string }> = [];
  const minutes = minutesOf(t.at);
  if (minutes === null || minutes >= 1440)
    out.push({ path: '/at', en: 'a time HH:MM (00:00–23:59)', zh: '需为 HH:MM 时间（00:00–23:59）' });
  if (t.timeZone !== undefined && !isTimeZone(t.timeZone))
    out.push({ path: '/timeZone', en: 'an unknown time zone', zh: '未知时区' });
  return out;
}

/** The period an instant falls in and the instant its delivery is owed. */
export function currentPeriod(t: ReportScheduleTiming, now: number): { period: string; dueAt: number } {
  const zone = t.timeZone ?? DEFAULT_SCHEDULE_ZONE;
  const { day } = splitLocal(localOf(zone, now));
  const atMs = (minutesOf(t.at) ?? 0) * 60_000;
  let period: string;
  let dueDay: number;
  if (t.every === 'day') {
    period = isoOfDay(day);
    dueDay = day;
  } else if (t.every === 'week') {
    const monday = day - ((weekdayOf(day) + 6) % 7);
    period = `W${isoOfDay(monday)}`;
    dueDay = monday + ((t.weekday ?? 1) - 1);
  } else {
    const iso = isoOfDay(day);
    period = iso.slice(0, 7);
    dueDay = dayOf(`${period}-${String(t.monthDay ?? 1).padStart(2, '0')}`)!;
  }
  return { period, dueAt: instantOf(zone, dueDay * DAY_MS + atMs) };
}
