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
