// The time of a one-tap entry queued on the device while the server could not be reached (pure).
// A tap sent at once carries no time: the record's creation time is when it was made (decision
// 0029). A queued tap arrives later, so the device's time is the only one there is; the entry's
// `tap.tappedAt` lets the server take it — only within a bounded window (at most `maxAgeHours`
// old, at most a few minutes ahead of the server's clock), so a phone cannot move a check-in by
// days, and always beside the time it arrived (the record's `createdAt`) for anyone to compare.
import type { ModuleEntry } from '#schemas/generated/index.ts';
import { moduleErrors } from './errors.ts';

/** How far a device's clock may run ahead of the server's. */
export const TAP_CLOCK_SKEW_MS = 5 * 60_000;
export const TAP_MAX_AGE_HOURS = 72;

export interface TapTime {
  /** The data with the tap's time written into the entry's field. */
  data: Record<string, unknown>;
  /** The record paths the server wrote for the tapper (read-only to them otherwise). */
  serverSet: string[];
}

/**
 * The submission's data with a queued tap's time written in (`tappedAt`, ISO date-time), or the
 * data as it is when no time was sent. Throws the 4xx when the entry keeps no tap time or the
 * time is outside the window.
 */
export function withTapTime(
  entry: Pick<ModuleEntry, 'tap'>,
  data: Record<string, unknown>,
  tappedAt: string | undefined,
  now: number,
): TapTime {
  if (tappedAt === undefined) return { data, serverSet: [] };
  const keep = entry.tap?.tappedAt;
  if (!keep) throw moduleErrors.tapTimeNotAccepted();
  const at = Date.parse(tappedAt);
  if (!Number.isFinite(at)) throw moduleErrors.tapTimeInvalid();
  if (at > now + TAP_CLOCK_SKEW_MS) throw moduleErrors.tapInFuture();
  const maxAgeHours = keep.maxAgeHours ?? TAP_MAX_AGE_HOURS;
  if (now - at > maxAgeHours * 3_600_000) throw moduleErrors.tapTooOld(maxAgeHours);
  return {
    // To the second, in UTC: as precise as a tap means, and one text for the same instant.
    data: {
      ...data,
      [keep.field]: new Date(Math.floor(at / 1000) * 1000).toISOString().replace('.000Z', 'Z'),
    },
    serverSet: [`data.${keep.field}`],
  };
}
