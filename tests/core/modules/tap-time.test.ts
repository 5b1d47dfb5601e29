// A queued tap's time (core/modules/tap-time.ts): taken within the entry's window, written to
// the second in UTC into its field, refused with its code outside the window or where the entry
// keeps no tap time; no time sent leaves the data as it is.
import { describe, expect, it } from 'vitest';
import { AppError } from '#engine/core/errors.ts';
import { TAP_CLOCK_SKEW_MS, withTapTime } from '#engine/core/modules/tap-time.ts';

const NOW = Date.parse('2026-12-24T02:00:00Z');
const entry = { tap: { tappedAt: { field: 'tappedAt' } } };
const codeOf = (work: () => unknown): string | undefined => {
  try {
    work();
  } catch (e) {
    return e instanceof AppError ? `${e.status} ${e.code} ${e.details[0]?.path}` : String(e);
  }
  return undefined;
};

describe('a queued tap’s time', () => {
  it('writes an accepted time into the entry’s field, as the server set it', () => {
    expect(withTapTime(entry, { latitude: 31.2 }, '2026-12-23T08:55:00.678+08:00', NOW)).toEqual({
      data: { latitude: 31.2, tappedAt: '2026-12-23T00:55:00Z' },
      serverSet: ['data.tappedAt'],
    });
    // Exactly 72 hours old, and a device clock a little ahead: still taken.
    expect(withTapTime(entry, {}, '2026-12-21T02:00:00Z', NOW).data.tappedAt).toBe('2026-12-21T02:00:00Z');
    const ahead = new Date(NOW + TAP_CLOCK_SKEW_MS).toISOString();
    expect(withTapTime(entry, {}, ahead, NOW).data.tappedAt).toBe('2026-12-24T02:05:00Z');
  });

  it('leaves a tap sent at once as it is', () => {
    const data = { latitude: 1 };
    expect(withTapTime(entry, data, undefined, NOW)).toEqual({ data, serverSet: [] });
    expect(withTapTime({}, data, undefined, NOW)).toEqual({ data, serverSet: [] });
  });

  it('refuses a time outside the window, unreadable, or where no tap time is kept', () => {
    expect(codeOf(() => withTapTime(entry, {}, '2026-12-21T01:59:59Z', NOW))).toBe(
      '422 TAP_TOO_OLD /tappedAt',
    );
    const hours = { tap: { tappedAt: { field: 'tappedAt', maxAgeHours: 2 } } };
    expect(codeOf(() => withTapTime(hours, {}, '2026-12-23T23:59:00Z', NOW))).toBe(
      '422 TAP_TOO_OLD /tappedAt',
    );
    expect(codeOf(() => withTapTime(entry, {}, '2026-12-24T02:05:01Z', NOW))).toBe(
      '422 TAP_TIME_IN_FUTURE /tappedAt',
    );
    expect(codeOf(() => withTapTime(entry, {}, 'yesterday', NOW))).toBe('400 TAP_TIME_INVALID /tappedAt');
    expect(codeOf(() => withTapTime({ tap: {} }, {}, '2026-12-23T08:55:00Z', NOW))).toBe(
      '400 TAP_TIME_NOT_ACCEPTED /tappedAt',
    );
  });
});
