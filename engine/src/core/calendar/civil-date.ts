// Calendar dates without a time zone, as whole day numbers (days since 1970-01-01), and times of
// day as minutes (0–1440). Pure integer arithmetic on the proleptic Gregorian calendar, so a day
// number never depends on the machine's zone.
const DAY_MS = 86_400_000;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME = /^(\d{2}):(\d{2})$/;

/** Weekday names in the order of `Date#getUTCDay` (0 = Sunday). */
export const WEEKDAYS = [
  'sunday',
  'monday',
  'tuesday',
  'wednesday',
  'thursday',
  'friday',
  'saturday',
] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** The day number of `YYYY-MM-DD`, or null when it is not a real date (2026-02-30). */
export function dayOf(iso: string): number | null {
  const m = DATE.exec(iso);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const ms = Date.UTC(y, mo - 1, d);
  const back = new Date(ms);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d) return null;
  return Math.round(ms / DAY_MS);
}

/** `YYYY-MM-DD` of a day number. */
export function isoOfDay(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** 0 = Sunday … 6 = Saturday. */
export function weekdayOf(day: number): number {
  return (((day + 4) % 7) + 7) % 7; // 1970-01-01 was a Thursday
}

/** Minutes since midnight of `HH:MM` (24:00 is 1440), or null. */
export function minutesOf(hm: string): number | null {
  const m = TIME.exec(hm);
  if (!m) return null;
  const [h, min] = [Number(m[1]), Number(m[2])];
  if (h === 24 && min === 0) return 1440;
  return h < 24 && min < 60 ? h * 60 + min : null;
}

/** The wall-clock fields of "local milliseconds" (a local date-time written as if it were UTC). */
export function splitLocal(localMs: number): { day: number; minuteMs: number } {
  const day = Math.floor(localMs / DAY_MS);
  return { day, minuteMs: localMs - day * DAY_MS };
}

export { DAY_MS };
