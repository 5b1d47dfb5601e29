// ISO 8601 durations (`PT15M`, `P1DT2H`, `P2W`), apart from the timers (timers.ts) so that code the
// browser loads (the working-time FEEL functions) does not bring the cron parser with it. Pure.

const DURATION =
  /^(-)?P(?:(\d+(?:[.,]\d+)?)Y)?(?:(\d+(?:[.,]\d+)?)M)?(?:(\d+(?:[.,]\d+)?)W)?(?:(\d+(?:[.,]\d+)?)D)?(?:T(?:(\d+(?:[.,]\d+)?)H)?(?:(\d+(?:[.,]\d+)?)M)?(?:(\d+(?:[.,]\d+)?)S)?)?$/;

export interface Duration {
  years: number;
  months: number;
  /** Days, weeks included (a week is 7 days). */
  days: number;
  /** Hours, minutes and seconds in milliseconds. */
  ms: number;
}

/** Parses an ISO 8601 duration, or returns null. Negative and empty durations are rejected. */
export function parseDuration(text: string): Duration | null {
  const m = DURATION.exec(text.trim());
  if (!m || m[1] || text.trim() === 'P' || text.trim().endsWith('T')) return null;
  const n = (i: number): number => (m[i] ? Number(m[i]!.replace(',', '.')) : 0);
  if (![2, 3, 4, 5, 6, 7, 8].some((i) => m[i] !== undefined)) return null;
  return {
    years: n(2),
    months: n(3),
    days: n(4) * 7 + n(5),
    ms: Math.round(n(6) * 3_600_000 + n(7) * 60_000 + n(8) * 1000),
  };
}
