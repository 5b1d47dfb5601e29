// ISO 8601 timers as BPMN uses them: durations (`PT15M`, `P1DT2H`, `P2W`), dates
// (`2026-01-05T09:00:00Z`) and repeating cycles (`R3/PT1H`, `R/PT10M`, `R2/2026-01-05T09:00:00Z/P1D`),
// plus cron cycles as Zeebe accepts them. Pure: the current time always comes in as an argument.
import { CronExpressionParser } from 'cron-parser';
import { parseDuration, type Duration } from './iso-duration.ts';

export { parseDuration, type Duration };

/** `from` plus a duration: calendar months and years, then days (UTC), then the time part. */
export function addDuration(from: number, d: Duration): number {
  const date = new Date(from);
  if (d.years || d.months) {
    const wholeMonths = Math.trunc(d.years * 12 + d.months);
    date.setUTCMonth(date.getUTCMonth() + wholeMonths);
  }
  return date.getTime() + d.days * 86_400_000 + d.ms;
}

/** Milliseconds of a duration counted from `from` (calendar-aware). */
export function durationMs(text: string, from: number): number | null {
  const d = parseDuration(text);
  return d ? addDuration(from, d) - from : null;
}

/** An ISO 8601 date-time with a zone (`Z` or an offset), or a date (midnight UTC). */
export function parseDate(text: string): number | null {
  const t = text.trim();
  if (!/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/.test(t)) return null;
  // A date-time without a zone is read as UTC, so the result never depends on the machine.
  const withZone = t.length > 10 && !/(Z|[+-]\d{2}:?\d{2})$/.test(t) ? `${t}Z` : t;
  const ms = Date.parse(withZone);
  return Number.isNaN(ms) ? null : ms;
}

export interface Cycle {
  /** Remaining repetitions, null for unbounded. */
  repetitions: number | null;
  /** First due time. */
  firstDueAt: number;
  /** The ISO interval (for the next due times), or a cron expression. */
  interval: { kind: 'iso'; duration: string } | { kind: 'cron'; expression: string };
}

/** Parses `R[n]/[start/]duration` or a cron expression, relative to `now`. */
export function parseCycle(text: string, now: number): Cycle | null {
  const t = text.trim();
  if (t.startsWith('R')) {
    const parts = t.split('/');
    const rep = /^R(\d*)$/.exec(parts[0] ?? '');
    if (!rep) return null;
    const repetitions = rep[1] === '' ? null : Number(rep[1]);
    if (repetitions !== null && repetitions < 1) return null;
    if (parts.length === 2) {
      const d = parseDuration(parts[1]!);
      if (!d) return null;
      return { repetitions, firstDueAt: addDuration(now, d), interval: { kind: 'iso', duration: parts[1]! } };
    }
    if (parts.length === 3) {
      const start = parseDate(parts[1]!);
      const d = parseDuration(parts[2]!);
      if (start === null || !d) return null;
      return { repetitions, firstDueAt: start, interval: { kind: 'iso', duration: parts[2]! } };
    }
    return null;
  }
  const next = nextCron(t, now);
  return next === null
    ? null
    : { repetitions: null, firstDueAt: next, interval: { kind: 'cron', expression: t } };
}

/** The due time after `previousDueAt` for a cycle's interval. */
export function nextCycleDue(interval: Cycle['interval'], previousDueAt: number): number | null {
  if (interval.kind === 'iso') {
    const d = parseDuration(interval.duration);
    return d ? addDuration(previousDueAt, d) : null;
  }
  return nextCron(interval.expression, previousDueAt);
}

function nextCron(expression: string, after: number): number | null {
  // Cron needs at least 5 fields; the ISO forms were handled above.
  if (expression.split(/\s+/).length < 5) return null;
  try {
    return CronExpressionParser.parse(expression, { currentDate: new Date(after), tz: 'UTC' })
      .next()
      .getTime();
  } catch {
    return null;
  }
}

/** A syntax check for deploy-time validation of a literal (non-FEEL) timer value. */
export function timerValueError(kind: 'duration' | 'date' | 'cycle', value: string): string | null {
  if (kind === 'duration') return parseDuration(value) ? null : 'not an ISO 8601 duration (e.g. PT15M, P1D)';
  if (kind === 'date')
    return parseDate(value) !== null ? null : 'not an ISO 8601 date-time (e.g. 2026-01-05T09:00:00Z)';
  return parseCycle(value, 0) ? null : 'not an ISO 8601 cycle (e.g. R3/PT1H) or a cron expression';
}
