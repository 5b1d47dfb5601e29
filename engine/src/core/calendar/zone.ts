// Time zones by their IANA names, through the runtime's own time-zone data (Intl): the offset of a
// zone at an instant, and the instant of a wall-clock time in a zone. Pure (no clock, no I/O).
//
// A wall-clock time that a zone skips (the hour lost when daylight saving time starts) moves forward
// by the length of the gap, and one that happens twice (the hour repeated when it ends) is the
// earlier of the two — what Temporal calls the "compatible" disambiguation, and what people expect:
// "09:00" on any day is the first moment the clocks there show 09:00.
import { DAY_MS } from './civil-date.ts';

const formatters = new Map<string, Intl.DateTimeFormat>();
/** Offsets by zone and quarter hour: zones change their offset on quarter-hour boundaries. */
const offsets = new Map<string, Map<number, number>>();
const QUARTER = 900_000;

function formatter(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(zone, f);
  }
  return f;
}

/** Whether the runtime knows the zone (IANA name such as 'Asia/Shanghai', or 'UTC'). */
export function isTimeZone(zone: string): boolean {
  if (typeof zone !== 'string' || zone === '') return false;
  try {
    formatter(zone);
    return true;
  } catch {
    return false;
  }
}

/** The zone's offset from UTC at an instant, in milliseconds (local = UTC + offset). */
export function offsetAt(zone: string, instant: number): number {
  const bucket = Math.floor(instant / QUARTER);
  let byBucket = offsets.get(zone);
  if (!byBucket) offsets.set(zone, (byBucket = new Map()));
  const cached = byBucket.get(bucket);
  if (cached !== undefined) return cached;
  const at = bucket * QUARTER;
  const p: Record<string, number> = {};
  for (const part of formatter(zone).formatToParts(at))
    if (part.type !== 'literal') p[part.type] = Number(part.value);
  const local = Date.UTC(p.year!, p.month! - 1, p.day!, p.hour!, p.minute!, p.second!);
  const offset = local - at;
  if (byBucket.size > 50_000) byBucket.clear();
  byBucket.set(bucket, offset);
  return offset;
}

/** The wall-clock time at an instant, as "local milliseconds" (the local date-time written as UTC). */
export function localOf(zone: string, instant: number): number {
  return instant + offsetAt(zone, instant);
}

/**
 * The instant a zone's clocks show a wall-clock time (given as local milliseconds): the earlier one
 * when the time happens twice, moved forward by the gap when it does not happen at all.
 */
export function instantOf(zone: string, local: number): number {
  // Offsets a day either side bracket any transition near this time (zones change at most once a day).
  const before = offsetAt(zone, local - DAY_MS);
  const after = offsetAt(zone, local + DAY_MS);
  const candidates = before === after ? [local - before] : [local - before, local - after];
  const valid = candidates.filter((c) => localOf(zone, c) === local);
  if (valid.length > 0) return Math.min(...valid);
  // In a gap: the offset from before the transition puts the time that much later after it.
  return local - before;
}
