// Record-set automations (trigger `record.set`), the pure part: which period a tick belongs to, and
// the ids that make a run, its batches and its records idempotent. A run is named after its
// automation and period, so every tick of one period finds the same run — done, or to be continued
// — and a record is processed at most once per period (its marker is named after the run).
export type SetPeriod = 'run' | 'day' | 'week' | 'month';

const pad = (n: number, width = 2) => String(n).padStart(width, '0');
const DAY = 86_400_000;

/** The key of the period a tick (epoch ms, UTC like cron) belongs to: t<tick>, d…, w…, m…. */
export function periodKey(period: SetPeriod, at: number): string {
  const d = new Date(at);
  const [y, m, day] = [d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate()];
  if (period === 'day') return `d${y}-${pad(m)}-${pad(day)}`;
  if (period === 'month') return `m${y}-${pad(m)}`;
  if (period === 'week') {
    // ISO 8601: a week belongs to the year of its Thursday; week 1 holds 4 January.
    const weekday = (t: number) => (new Date(t).getUTCDay() + 6) % 7; // Monday 0
    const thursday = Date.UTC(y, m - 1, day) + (3 - weekday(at)) * DAY;
    const year = new Date(thursday).getUTCFullYear();
    const jan4 = Date.UTC(year, 0, 4);
    const firstThursday = jan4 + (3 - weekday(jan4)) * DAY;
    return `w${year}-W${pad(1 + Math.round((thursday - firstThursday) / (7 * DAY)))}`;
  }
  return `t${at}`;
}

const safe = (id: string) => id.replace(/[^A-Za-z0-9._-]/g, '_');

/** The run of a record-set automation in a period (also the prefix of its job and marker ids). */
export const setRunId = (automationId: string, period: string): string =>
  `auto-${safe(automationId)}-set-${period}`;

/** The job of a run's n-th batch (no ':' in job ids). */
export const setBatchJobId = (runId: string, batch: number): string => `${runId}-b${batch}`;

/** What a run did with one record (one per record and run, so at most once per period). */
export const setRecordMarkId = (runId: string, recordId: string): string => `${runId}-${recordId}`;
