// Brute-force protection for logins that cannot be turned against the rightful user. A hard lock
// per login name (five wrong passwords from anyone lock the account for 15 minutes) lets anyone
// lock anyone out; so the guard throttles by address and login together:
//
// - per client address, at most `ipMaxAttempts` login attempts per `ipWindowMs`, whatever the
//   login (fixed windows) — one address cannot try many accounts;
// - per login name and address, after `backoffAfter` wrong passwords each further attempt from
//   that address waits, the wait doubling from `backoffBaseMs` up to `backoffMaxMs` (429
//   LOGIN_BACKOFF) — one address cannot try many passwords, and a typo costs a few seconds;
// - per login name, `maxFailures` wrong passwords from addresses the user has not signed in from
//   lock the name for `lockoutMs` — but only for such unfamiliar addresses (429 ACCOUNT_LOCKED):
//   the addresses the user signed in from during the last `knownAddressTtlMs` are not locked out,
//   so an attacker elsewhere cannot keep the user from working;
// - an administrator lifts it all at once (`unlock`; POST /api/users/{id}/unlock, audited).
//
// Everything lives in the store (`login_guards`), so it holds across API replicas. Unknown login
// names are counted too, so the answers do not reveal which names exist.
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
  /** Wrong passwords from unfamiliar addresses that lock the login name for such addresses. */
  maxFailures: number;
  lockoutMs: number;
  ipWindowMs: number;
  ipMaxAttempts: number;
  /** Wrong passwords for one login from one address before each further attempt waits. */
  backoffAfter: number;
  backoffBaseMs: number;
  backoffMaxMs: number;
  /** How long an address the user signed in from stays familiar. */
  knownAddressTtlMs: number;
}

export const DEFAULT_LOGIN_POLICY: LoginPolicy = {
  maxFailures: 5,
  lockoutMs: 15 * 60_000,
  ipWindowMs: 60_000,
  ipMaxAttempts: 30,
  backoffAfter: 3,
  backoffBaseMs: 2_000,
  backoffMaxMs: 15 * 60_000,
  knownAddressTtlMs: 90 * 24 * 3_600_000,
};

/** Familiar addresses kept per login (the most recent). */
const KNOWN_ADDRESSES = 10;

interface Guard {
  id: string;
  /** Whose counters these are (pair, login and known documents), for `unlock`. */
  login?: string;
  attempts?: number;
  failures?: number;
  lockedUntil?: number;
  blockedUntil?: number;
  /** Addresses the user signed in from, with when (known documents). */
  addresses?: { ip: string; at: number }[];
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

const ids = {
  ip: (ip: string, window: number) => `ip:${ip}:${window}`,
  login: (login: string) => `login:${login}`,
  pair: (login: string, ip: string) => `pair:${login}:${ip}`,
  known: (login: string) => `known:${login}`,
};

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
    const attempts =
      (await this.bump(ids.ip(ip, window), 'attempts', { expiresAt: windowEnd })).attempts ?? 1;
    if (attempts > this.policy.ipMaxAttempts)
      throw new TooManyRequestsError(
        'RATE_LIMITED',
        'Too many login attempts from your address; wait a moment and try again.',
        '您的登录尝试过于频繁，请稍后再试。',
        Math.max(1, Math.ceil((windowEnd - now) / 1000)),
      );
  }

  /**
   * Throws 429 LOGIN_BACKOFF while this address must wait before trying `login` again, and 429
   * ACCOUNT_LOCKED while the name is locked and the address is not one the user signs in from.
   */
  async assertMayTry(login: string, ip: string): Promise<void> {
    const now = this.clock.now();
    const pair = await this.col.get(ids.pair(login, ip));
    if (pair?.blockedUntil !== undefined && pair.blockedUntil > now)
      throw backoffError(pair.blockedUntil - now);
    const lock = await this.col.get(ids.login(login));
    if (lock?.lockedUntil !== undefined && lock.lockedUntil > now && !(await this.isFamiliar(login, ip)))
      throw lockedError(lock.lockedUntil - now);
  }

  /**
   * Counts a wrong password for `login` from `ip`: the address's back-off, and — from an address
   * the user does not sign in from — the name's lock. Returns true when that locked it now.
   */
  async recordFailure(login: string, ip: string): Promise<boolean> {
    const now = this.clock.now();
    const { backoffAfter, backoffBaseMs, backoffMaxMs } = this.policy;
    // Pair counters outlive the longest wait, so a patient attacker still backs off.
    const pair = await this.bump(ids.pair(login, ip), 'failures', {
      login,
      expiresAt: now + 2 * backoffMaxMs,
    });
    const failures = pair.failures ?? 1;
    if (failures >= backoffAfter) {
      const wait = Math.min(backoffMaxMs, backoffBaseMs * 2 ** (failures - backoffAfter));
      await this.col.update(pair.id, pair.rev, { set: { blockedUntil: now + wait } }).catch(() => undefined);
    }
    if (await this.isFamiliar(login, ip)) return false;

    const id = ids.login(login);
    const current = await this.col.get(id);
    // A lock that ran out starts the count again.
    if (current && current.expiresAt <= now) await this.col.delete(id, current.rev).catch(() => false);
    const counted = await this.bump(id, 'failures', { login, expiresAt: now + this.policy.lockoutMs });
    if ((counted.failures ?? 1) < this.policy.maxFailures) return false;
    if (counted.lockedUntil !== undefined && counted.lockedUntil > now) return false;
    const lockedUntil = now + this.policy.lockoutMs;
    await this.col
      .update(id, counted.rev, { set: { failures: 0, lockedUntil, expiresAt: lockedUntil } })
      .catch(() => undefined); // a concurrent failure locked it already
    return true;
  }

  /** A right password: the address's back-off ends and the address becomes familiar. */
  async recordSuccess(login: string, ip: string): Promise<void> {
    const now = this.clock.now();
    await this.col.delete(ids.pair(login, ip));
    // Failures from unfamiliar addresses are forgotten unless they locked the name: a success
    // from the user's own address says nothing about an attack going on elsewhere.
    const lock = await this.col.get(ids.login(login));
    if (lock && !(lock.lockedUntil !== undefined && lock.lockedUntil > now))
      await this.col.delete(lock.id, lock.rev).catch(() => false);
    await this.remember(login, ip, now);
  }

  /** Lifts the lock and every back-off of `login` (an administrator's unlock). Returns whether any was active. */
  async unlock(login: string): Promise<boolean> {
    const now = this.clock.now();
    const { items } = await this.col.find({ login, id: { $ne: ids.known(login) } });
    const active = items.some(
      (g) => (g.lockedUntil ?? 0) > now || (g.blockedUntil ?? 0) > now || (g.failures ?? 0) > 0,
    );
    for (const g of items) await this.col.delete(g.id);
    return active;
  }

  /** Whether `login` is locked for unfamiliar addresses now, and until when. */
  async lockedUntil(login: string): Promise<number | null> {
    const lock = await this.col.get(ids.login(login));
    return lock?.lockedUntil !== undefined && lock.lockedUntil > this.clock.now() ? lock.lockedUntil : null;
  }

  /** Removes expired counters, lockouts and familiar addresses. */
  async sweep(): Promise<number> {
    return this.col.deleteMany({ expiresAt: { $lte: this.clock.now() } });
  }

  private async isFamiliar(login: string, ip: string): Promise<boolean> {
    const known = await this.col.get(ids.known(login));
    const since = this.clock.now() - this.policy.knownAddressTtlMs;
    return Boolean(known?.addresses?.some((a) => a.ip === ip && a.at > since));
  }

  private async remember(login: string, ip: string, now: number): Promise<void> {
    const id = ids.known(login);
    for (let tries = 0; tries < 5; tries++) {
      const known = await this.col.get(id);
      const addresses = [{ ip, at: now }, ...(known?.addresses ?? []).filter((a) => a.ip !== ip)].slice(
        0,
        KNOWN_ADDRESSES,
      );
      const doc = { login, addresses, expiresAt: now + this.policy.knownAddressTtlMs };
      try {
        if (known) await this.col.replace(id, known.rev, doc);
        else await this.col.insert({ id, ...doc });
        return;
      } catch (e) {
        if (!(e instanceof DuplicateKeyError) && (e as { code?: string }).code !== 'REVISION_CONFLICT')
          throw e;
      }
    }
  }

  /** Adds 1 to a counter, creating its document (with `init`) when missing. */
  private async bump(
    id: string,
    field: 'attempts' | 'failures',
    init: Omit<Guard, 'id'>,
  ): Promise<Guard & { rev: number }> {
    try {
      const bumped = await this.col.increment(id, { [field]: 1 });
      if (bumped) return bumped;
    } catch (e) {
      if (!(e instanceof NotFoundError)) throw e;
    }
    try {
      return await this.col.insert({ id, ...init, [field]: 1 });
    } catch (dup) {
      if (!(dup instanceof DuplicateKeyError)) throw dup;
      const bumped = await this.col.increment(id, { [field]: 1 });
      if (!bumped) throw dup;
      return bumped;
    }
  }
}

export function lockedError(remainingMs: number): TooManyRequestsError {
  return new TooManyRequestsError(
    'ACCOUNT_LOCKED',
    'Too many wrong passwords for this account from unfamiliar addresses: it is locked there for a while. Sign in from where you usually do, or ask an administrator to unlock it.',
    '该账号在陌生地址的密码错误次数过多，已在这些地址暂时锁定。请从您常用的地址登录，或请管理员解锁。',
    Math.max(1, Math.ceil(remainingMs / 1000)),
  );
}

export function backoffError(remainingMs: number): TooManyRequestsError {
  const seconds = Math.max(1, Math.ceil(remainingMs / 1000));
  return new TooManyRequestsError(
    'LOGIN_BACKOFF',
    `Too many wrong passwords for this account from your address: wait ${seconds} s before trying again.`,
    `您的地址对该账号的密码错误次数过多，请等待 ${seconds} 秒后再试。`,
    seconds,
  );
}
