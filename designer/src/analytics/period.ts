// A report's period picked by name (pure): this month, last month, this quarter, last quarter,
// this year, last year — as the dates its period parameters take (report schema `period`: 'from'
// the first day, 'to' the last day, 'until' the day after). Calendar dates, no time zone: `today`
// is the reader's own date.

export const PERIODS = [
  'thisMonth',
  'lastMonth',
  'thisQuarter',
  'lastQuarter',
  'thisYear',
  'lastYear',
] as const;
export type PeriodName = (typeof PERIODS)[number];

export interface PeriodParameter {
  name: string;
  period?: 'from' | 'to' | 'until';
}

const iso = (y: number, m: number, d: number) =>
  `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;

/** First day and the day after the last of a named period around `today` (YYYY-MM-DD). */
export function periodBounds(name: PeriodName, today: string): { first: string; after: string } {
  const [y, m] = today.split('-').map(Number) as [number, number];
  const months = (start: number, count: number) => {
    // Month numbers may run below 1 or above 12: Date.UTC carries them into the year.
    const first = new Date(Date.UTC(y, start - 1, 1));
    const after = new Date(Date.UTC(y, start - 1 + count, 1));
    const text = (d: Date) => iso(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate());
    return { first: text(first), after: text(after) };
  };
  const quarter = Math.floor((m - 1) / 3) * 3 + 1;
  switch (name) {
    case 'thisMonth':
      return months(m, 1);
    case 'lastMonth':
      return months(m - 1, 1);
    case 'thisQuarter':
      return months(quarter, 3);
    case 'lastQuarter':
      return months(quarter - 3, 3);
    case 'thisYear':
      return months(1, 12);
    case 'lastYear':
      return months(-11, 12);
  }
}

/** The values a report's period parameters take for a named period (others untouched). */
export function periodValues(
  parameters: readonly PeriodParameter[],
  name: PeriodName,
  today: string,
): Record<string, string> {
  const { first, after } = periodBounds(name, today);
  const last = new Date(Date.parse(`${after}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
  const out: Record<string, string> = {};
  for (const p of parameters) {
    if (p.period === 'from') out[p.name] = first;
    else if (p.period === 'to') out[p.name] = last;
    else if (p.period === 'until') out[p.name] = after;
  }
  return out;
}
