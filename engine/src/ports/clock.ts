// Port: Clock — the engine asks it for the time so tests can drive timers and SLAs (a 24 h
// escalation) without waiting.
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

/** A clock that moves only when told to (tests). */
export class ManualClock implements Clock {
  constructor(private current: number = Date.parse('2026-01-05T09:00:00Z')) {}

  now(): number {
    return this.current;
  }

  advance(ms: number): void {
    if (!(ms >= 0)) throw new RangeError('a clock only moves forward');
    this.current += ms;
  }

  set(epochMs: number): void {
    this.current = epochMs;
  }
}

/**
 * A clock that can be pinned to an instant and released again (Camunda's `PUT /v2/clock` and
 * `POST /v2/clock/reset`, for test and demo installations): while pinned it answers the pinned
 * instant, otherwise its base clock's time. Only composed when the clock endpoints are enabled.
 */
export class PinnableClock implements Clock {
  private pinnedAt: number | null = null;

  constructor(private readonly base: Clock = systemClock) {}

  now(): number {
    return this.pinnedAt ?? this.base.now();
  }

  /** The pinned instant, or null when the clock follows its base. */
  pinned(): number | null {
    return this.pinnedAt;
  }

  pin(epochMs: number): void {
    if (!Number.isSafeInteger(epochMs) || epochMs < 0)
      throw new RangeError('a pin is epoch milliseconds ≥ 0');
    this.pinnedAt = epochMs;
  }

  reset(): void {
    this.pinnedAt = null;
  }
}
