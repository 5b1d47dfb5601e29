// The pure parts of scheduled backups: which slot is owed when, when a backup is late, which
// verified backups retention keeps (never the newest), and the BACKUP_* settings.
import { describe, expect, it } from 'vitest';
import { backupsToPrune, isoWeek } from '#engine/core/backups/retention.ts';
import { lateness, nextSlot, slotAtOrBefore } from '#engine/core/backups/schedule.ts';
import { ConfigError } from '#engine/config.ts';
import { backupScheduleFromEnv } from '#engine/services/backup/scheduled/schedule-settings.ts';

const at = (s: string) => Date.parse(s);
const DAY = 86_400_000;

describe('backup schedule', () => {
  const cron = '0 2 * * *';
  it('finds the slot at or before a moment, and the next one', () => {
    expect(slotAtOrBefore(cron, at('2026-03-02T02:00:00Z'), 0)).toBe(at('2026-03-02T02:00:00Z'));
    expect(slotAtOrBefore(cron, at('2026-03-02T01:59:59Z'), 0)).toBe(at('2026-03-01T02:00:00Z'));
    expect(slotAtOrBefore(cron, at('2026-03-02T01:59:59Z'), at('2026-03-01T12:00:00Z'))).toBeNull();
    expect(nextSlot(cron, at('2026-03-02T02:00:00Z'))).toBe(at('2026-03-03T02:00:00Z'));
  });

  it('is late only once a slot and its grace have passed without a verified backup since', () => {
    const window = { cron, since: at('2026-03-01T00:00:00Z'), graceMs: 3_600_000 };
    // Before the first slot's grace is over: nothing owed.
    expect(lateness(window, at('2026-03-01T02:59:00Z'), null)).toEqual({ late: false, owed: null });
    expect(lateness(window, at('2026-03-01T03:00:00Z'), null)).toEqual({
      late: true,
      owed: at('2026-03-01T02:00:00Z'),
    });
    const made = at('2026-03-01T02:05:00Z');
    expect(lateness(window, at('2026-03-02T02:30:00Z'), made).late).toBe(false); // today's is in its grace
    expect(lateness(window, at('2026-03-02T03:00:01Z'), made).late).toBe(true);
  });
});

describe('backup retention', () => {
  const daily = (n: number) =>
    Array.from({ length: n }, (_, i) => ({ id: `d${i}`, createdAt: at('2026-03-02T02:00:00Z') + i * DAY }));

  it('keeps the newest N and the newest of each of the last M weeks', () => {
    // 21 days from Monday 2 March: weeks 10, 11, 12.
    const pruned = backupsToPrune(daily(21), { keepLast: 3, keepWeekly: 3 });
    const kept = daily(21)
      .map((b) => b.id)
      .filter((id) => !pruned.includes(id));
    // d20..d18 (newest three), d13 (Sunday of week 11), d6 (Sunday of week 10).
    expect(kept).toEqual(['d6', 'd13', 'd18', 'd19', 'd20']);
  });

  it('never prunes the only, or the newest, verified backup', () => {
    expect(backupsToPrune(daily(1), { keepLast: 1, keepWeekly: 0 })).toEqual([]);
    expect(backupsToPrune(daily(1), { keepLast: 0, keepWeekly: 0 })).toEqual([]);
    expect(backupsToPrune(daily(5), { keepLast: 0, keepWeekly: 0 })).toEqual(['d3', 'd2', 'd1', 'd0']);
  });

  it('counts ISO weeks from Monday, the year of their Thursday', () => {
    expect(isoWeek(at('2026-03-02T00:00:00Z'))).toBe('2026-W10');
    expect(isoWeek(at('2026-03-08T23:59:59Z'))).toBe('2026-W10');
    expect(isoWeek(at('2027-01-01T12:00:00Z'))).toBe('2026-W53');
  });
});

describe('BACKUP_* settings', () => {
  it('are off without BACKUP_DIR and take the documented defaults', () => {
    const s = backupScheduleFromEnv({});
    expect(s).toMatchObject({ dir: null, cron: '0 2 * * *', retention: { keepLast: 7, keepWeekly: 4 } });
    expect(s.graceMs).toBe(120 * 60_000);
  });

  it('refuse a schedule that is not cron and a retention that keeps nothing', () => {
    expect(() => backupScheduleFromEnv({ BACKUP_SCHEDULE: 'daily' })).toThrow(ConfigError);
    expect(() => backupScheduleFromEnv({ BACKUP_KEEP_LAST: '0' })).toThrow(/BACKUP_KEEP_LAST/);
    const s = backupScheduleFromEnv({
      BACKUP_DIR: '/mnt/nas/forma',
      BACKUP_SCHEDULE: '30 1 * * 1-5',
      BACKUP_LATE_MINUTES: '30',
    });
    expect(s).toMatchObject({ dir: '/mnt/nas/forma', cron: '30 1 * * 1-5', graceMs: 30 * 60_000 });
  });
});
