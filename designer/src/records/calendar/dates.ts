// Calendar arithmetic on local dates written as ISO text (YYYY-MM-DD), the way date fields store
// them (pure). Weeks start on Monday (ISO 8601, and how calendars are printed in China).
export type CalendarMode = 'month' | 'week' | 'day';

export function parseDay(iso: string): Date {
  const [y, m, d] = iso.slice(0, 10).split('-').map(Number);
  return new Date(y!, (m ?? 1) - 1, d ?? 1);
}

export function isoDay(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

export function addDays(iso: string, n: number): string {
  const d = parseDay(iso);
  d.setDate(d.getDate() + n);
  return isoDay(d);
}

/** The Monday of the week `iso` is in. */
export function startOfWeek(iso: string): string {
  const day = (parseDay(iso).getDay() + 6) % 7; // Monday 0 … Sunday 6
  return addDays(iso, -day);
}

/** The six weeks shown for the month of `iso` (Monday to Sunday rows). */
export function monthGrid(iso: string): string[][] {
  const first = `${iso.slice(0, 7)}-01`;
  let day = startOfWeek(first);
  const weeks: string[][] = [];
  for (let w = 0; w < 6; w++) {
    const week: string[] = [];
    for (let i = 0; i < 7; i++) {
      week.push(day);
      day = addDays(day, 1);
    }
    weeks.push(week);
  }
  return weeks;
}

/** The first and last day a mode shows around `iso`. */
export function rangeOf(mode: CalendarMode, iso: string): [string, string] {
  if (mode === 'day') return [iso, iso];
  if (mode === 'week') return [startOfWeek(iso), addDays(startOfWeek(iso), 6)];
  const grid = monthGrid(iso);
  return [grid[0]![0]!, grid[5]![6]!];
}

/** The day the previous / next page of a mode shows. */
export function shift(mode: CalendarMode, iso: string, by: 1 | -1): string {
  if (mode === 'day') return addDays(iso, by);
  if (mode === 'week') return addDays(iso, 7 * by);
  const d = parseDay(`${iso.slice(0, 7)}-01`);
  d.setMonth(d.getMonth() + by);
  return isoDay(d);
}

/** Every day from `from` to `to` (inclusive), at most `max` of them. */
export function daysBetween(from: string, to: string, max = 62): string[] {
  const out: string[] = [];
  for (let d = from; d <= to && out.length < max; d = addDays(d, 1)) out.push(d);
  return out;
}
