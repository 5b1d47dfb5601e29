// When scheduled backups are due, and when one is late — pure functions of the cron schedule
// (UTC, like the job queue's repeats) and the current time, so the tick, the health answer and
// the metrics agree, and tests drive them with a manual clock.
import { CronExpressionParser } from 'cron-parser';

export interface ScheduleWindow {
  /** The cron schedule (5 or 6 fields, UTC). */
  cron: string;
  /** When scheduling began (slots before it are not owed). */
  since: number;
  /** How long after its slot a backup may take before it counts as late. */
  graceMs: number;
}

/** Throws with the parser's message when `cron` is not a cron schedule. */
export function checkCron(cron: string): void {
  CronExpressionParser.parse(cron, { tz: 'UTC' });
}

/** The latest slot at or before `at` (null when none since `since`). */
export function slotAtOrBefore(cron: string, at: number, since: number): number | null {
  // `prev()` is strictly before its start: start just after `at` so a slot exactly at `at` counts.
  const slot = CronExpressionParser.parse(cron, { currentDate: new Date(at + 1), tz: 'UTC' })
    .prev()
    .getTime();
  return slot >= since ? slot : null;
}

/** The first slot after `at`. */
export function nextSlot(cron: string, at: number): number {
  return CronExpressionParser.parse(cron, { currentDate: new Date(at), tz: 'UTC' })
    .next()
    .getTime();
}

/**
 * The slot whose backup must exist by now: the latest one whose grace period has passed (null
 * while none has). A verified backup made at or after it means the installation is not late.
 */
export function owedSlot(window: ScheduleWindow, now: number): number | null {
  return slotAtOrBefore(window.cron, now - window.graceMs, window.since);
}

export interface Lateness {
  late: boolean;
  /** The slot owed (see owedSlot), when one is. */
  owed: number | null;
}

/** Late when a slot is owed and the newest verified backup is older than it. */
export function lateness(window: ScheduleWindow, now: number, lastVerifiedAt: number | null): Lateness {
  const owed = owedSlot(window, now);
  return { late: owed !== null && (lastVerifiedAt === null || lastVerifiedAt < owed), owed };
}
