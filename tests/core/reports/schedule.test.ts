// When a scheduled report is owed: the period an instant falls in (in the schedule's zone) and the
// instant that period's delivery is due.
import { describe, expect, it } from 'vitest';
import { currentPeriod, timingProblems } from '#engine/core/reports/schedule.ts';

const at = (iso: string) => Date.parse(iso);

describe('report schedule periods', () => {
  it('a day in Beijing time: the period is the local date, due at the local time', () => {
    // 2026-01-05 17:30 UTC is already 01:30 on the 6th in Shanghai.
    expect(currentPeriod({ every: 'day', at: '08:00' }, at('2026-01-05T17:30:00Z'))).toEqual({
      period: '2026-01-06',
      dueAt: at('2026-01-06T00:00:00Z'),
    });
    expect(currentPeriod({ every: 'day', at: '08:00', timeZone: 'UTC' }, at('2026-01-05T17:30:00Z'))).toEqual(
      {
        period: '2026-01-05',
        dueAt: at('2026-01-05T08:00:00Z'),
      },
    );
  });

  it('a week starts on Monday and is due on its weekday; a month on its day', () => {
    // Sunday 2026-01-11 (Shanghai): the week from Monday the 5th, due Friday the 9th at 09:00.
    expect(currentPeriod({ every: 'week', at: '09:00', weekday: 5 }, at('2026-01-11T03:00:00Z'))).toEqual({
      period: 'W2026-01-05',
      dueAt: at('2026-01-09T01:00:00Z'),
    });
    expect(currentPeriod({ every: 'month', at: '07:30', monthDay: 28 }, at('2026-02-03T00:00:00Z'))).toEqual({
      period: '2026-02',
      dueAt: at('2026-02-27T23:30:00Z'),
    });
  });

  it('names a bad time and an unknown zone at their paths', () => {
    expect(timingProblems({ every: 'day', at: '24:00', timeZone: 'Mars/Base' }).map((p) => p.path)).toEqual([
      '/at',
      '/timeZone',
    ]);
    expect(timingProblems({ every: 'day', at: '23:59' })).toEqual([]);
  });
});
