// Group keys of time buckets and aging ranges (pure). Dates are ISO strings ("2026-03-04" or a
// date-time); buckets use the date part as written (UTC for date-times).
const DATE = /^(\d{4})-(\d{2})-(\d{2})/;

export type Bucket = 'day' | 'week' | 'month' | 'quarter' | 'year' | 'age';

const DAY_MS = 86_400_000;

function utcDay(text: string): number | null {
  const m = DATE.exec(text);
  if (!m) return null;
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  return Number.isNaN(ms) ? null : ms;
}

/** ISO 8601 week: "2026-W02" (weeks start on Monday; week 1 holds the year's first Thursday). */
function isoWeek(dayMs: number): string {
  const d = new Date(dayMs);
  const weekday = (d.getUTCDay() + 6) % 7; // Monday 0
  const thursday = new Date(dayMs + (3 - weekday) * DAY_MS);
  const year = thursday.getUTCFullYear();
  const firstThursday = Date.UTC(year, 0, 4);
  const firstWeekday = (new Date(firstThursday).getUTCDay() + 6) % 7;
  const week1Monday = firstThursday - firstWeekday * DAY_MS;
  const week = Math.floor((thursday.getTime() - week1Monday) / (7 * DAY_MS)) + 1;
  return `${year}-W${String(week).padStart(2, '0')}`;
}

/** Labels of aging ranges [30, 60, 90]: current, 1-30, 31-60, 61-90, >90. */
export function ageLabels(ranges: readonly number[]): string[] {
  const labels = ['current'];
  let from = 1;
  for (const to of ranges) {
    labels.push(`${from}-${to}`);
    from = to + 1;
  }
  labels.push(`>${ranges[ranges.length - 1] ?? 0}`);
  return labels;
}

/**
 * The bucket key of a value, or null when it is not a date. `todayMs` (UTC midnight of today by
 * the injectable clock) is what 'age' counts from: days overdue of a due date.
 */
export function bucketKey(
  value: unknown,
  bucket: Bucket,
  options: { todayMs: number; ranges?: readonly number[] },
): string | null {
  if (typeof value !== 'string') return null;
  const day = utcDay(value);
  if (day === null) return null;
  const date = value.slice(0, 10);
  switch (bucket) {
    case 'day':
      return date;
    case 'week':
      return isoWeek(day);
    case 'month':
      return date.slice(0, 7);
    case 'quarter':
      return `${date.slice(0, 4)}-Q${Math.floor((Number(date.slice(5, 7)) - 1) / 3) + 1}`;
    case 'year':
      return date.slice(0, 4);
    case 'age': {
      const ranges = options.ranges ?? [30, 60, 90];
      const labels = ageLabels(ranges);
      const days = Math.floor((options.todayMs - day) / DAY_MS);
      if (days <= 0) return labels[0]!;
      const i = ranges.findIndex((r) => days <= r);
      return i === -1 ? labels[labels.length - 1]! : labels[i + 1]!;
    }
  }
}

/** UTC midnight of the day holding `nowMs`. */
export function startOfUtcDay(nowMs: number): number {
  return Math.floor(nowMs / DAY_MS) * DAY_MS;
}
