// Brute-force protection for logins, kept in the store so that it holds across API replicas:
// - per client address, at most `ipMaxAttempts` login attempts per `ipWindowMs` (fixed windows);
// - per login name, `maxFailures` wrong passwords in a row lock it for `lockoutMs`. Unknown login
//   names are counted too, so the answers do not reveal which names exist.
import { AppError } from '#engine/core/errors.ts';
import type { Clock } from '#engine/ports/clock.ts';
import {
  DuplicateKeyError,
  NotFoundError,
  type Collection,
  type DocumentStore,
} from '#engine/ports/document-store.ts';
import { LOGIN_GUARDS } from './collections.ts';

export interface LoginPolicy {
  maxFailures: number;
  lockoutMs: number;
  ipWindowMs: number;
  ipMaxAttempts: number;
}

export const DEFAULT_LOGIN_POLICY: LoginPolicy = {
  maxFailures: 5,
  lockoutMs: 15 * 60_000,
  ipWindowMs: 60_000,
  ipMaxAttempts: 30,
};

interface Guard {
  id: string;
  attempts?: number;
  failures?: number;
  lockedUntil?: number;
  expiresAt: number;
}

/** A 429 carrying how long to wait (the HTTP layer sends it as Retry-After). */
export class TooManyRequestsError extends AppError {
  constructor(
    code: string,
    en: string,
    zh: string,
    readonly retryAfterSeconds: number,
  ) {
    super(429, code, en, zh);
  }
}

export class LoginGuard {
  private readonly col: Collection<Guard>;

  constructor(
    store: DocumentStore,
    private readonly clock: Clock,
    readonly policy: LoginPolicy = DEFAULT_LOGIN_POLICY,
  ) {
    this.col = store.collection<Guard>(LOGIN_GUARDS);
  }

  /** Counts an attempt from `ip`; throws 429 RATE_LIMITED beyond the limit. */
  async countAttempt(ip: string): Promise<void> {
    const now = this.clock.now();
    const window = Math.floor(now / this.policy.ipWindowMs);
    const windowEnd = (window + 1) * this.policy.ipWindowMs;
    const id = `ip:${ip}:${window}`;
    let attempts: number;
    try {
      attempts = (await this.col.increment(id, { attempts: 1 }))?.attempts ?? 1;
    } catch (e) {
      if (!(e instanceof NotFoundError)) throw e;
      try {
        await this.col.insert({ id, attempts: 1, expiresAt: windowEnd });
        attempts = 1;
      } catch (dup) {
        if (!(dup instanceof DuplicateKeyError)) throw dup;
        attempts = (await this.col.increment(id, { attempts: 1 }))?.attempts ?? 1;
      }
    }
    if (attempts > this.policy.ipMaxAttempts)
      throw new TooManyRequestsError(
        'RATE_LIMITED',
        'Too many login attempts from your address; wait a moment and try again.',
        '您的登录尝试过于频繁，请稍后再试。',
        Math.max(1, Math.ceil((windowEnd - now) / 1000)),
      );
  }

  /** Throws 429 ACCOUNT_LOCKED while the login name is locked out. */
  async assertNotLocked(login: string): Promise<void> {
    const guard = await this.col.get(`login:${login}`);
    const now = this.clock.now();
    if (guard?.lockedUntil !== undefined && guard.lockedUntil > now)
      throw lockedError(guard.lockedUntil - now);
  }

  /** Counts a wrong password; locks the login name at the limit. Returns true when now locked. */
  async recordFailure(login: string): Promise<boolean> {
    const id = `login:${login}`;
    const now = this.clock.now();
    const fresh = { failures: 1, expiresAt: now + this.policy.lockoutMs };
    const current = await this.col.get(id);
    let failures: number;
    let rev: number;
    if (!current) {
      try {
        ({ rev } = await this.col.insert({ id, ...fresh }));
        failures = 1;
      } catch (e) {
        if (!(e instanceof DuplicateKeyError)) throw e;
        return this.recordFailure(login);
      }
    } else if (current.expiresAt <= now) {
      ({ rev } = await this.col.replace(id, current.rev, fresh).catch(() => current));
      failures = 1;
    } else {
      const after = await this.col.increment(id, { failures: 1 }, { set: { expiresAt: fresh.expiresAt } });
      failures = after?.failures ?? 1;
      rev = after?.rev ?? current.rev;
    }
    if (failures < this.policy.maxFailures) return false;
    const lockedUntil = now + this.policy.lockoutMs;
    await this.col
      .update(id, rev, { set: { failures: 0, lockedUntil, expiresAt: lockedUntil } })
      .catch(() => undefined); // a concurrent failure locked it already
    return true;
  }

  async recordSuccess(login: string): Promise<void> {
    await this.col.delete(`login:${login}`);
  }

  /** Removes expired counters and lockouts. */
  async sweep(): Promise<number> {
    return this.col.deleteMany({ expiresAt: { $lte: this.clock.now() } });
  }
}

export function lockedError(remainingMs: number): TooManyRequestsError {
  return new TooManyRequestsError(
    'ACCOUNT_LOCKED',
    'Too many wrong passwords: this account is locked for a while.',
    '密码错误次数过多，账号已被暂时锁定。',
    Math.max(1, Math.ceil(remainingMs / 1000)),
  );
}
