// Login sessions, kept in the store so that every API replica (and both run modes) sees the same
// ones, and ending them (logout, deactivation, password change) takes effect on the next request
// everywhere. The browser holds a random token in an HttpOnly cookie; the store holds only its
// SHA-256, so a copy of the sessions collection cannot be replayed as cookies.
import { createHash, randomBytes } from 'node:crypto';
import type { Clock } from '#engine/ports/clock.ts';
import type { Collection, DocumentStore } from '#engine/ports/document-store.ts';
import { SESSIONS } from './collections.ts';

export interface Session {
  id: string;
  userId: string;
  createdAt: number;
  lastSeenAt: number;
  expiresAt: number;
  /** Signed in with a one-time password: only changing it is allowed. */
  mustChangePassword?: boolean;
}

export interface SessionPolicy {
  /** Idle lifetime: a session unused this long ends. Use extends it (sliding). */
  ttlMs: number;
  /** Absolute lifetime, however active. */
  maxAgeMs: number;
}

export const DEFAULT_SESSION_POLICY: SessionPolicy = { ttlMs: 12 * 3600_000, maxAgeMs: 7 * 24 * 3600_000 };

const TOKEN = /^[A-Za-z0-9_-]{43}$/;
const tokenHash = (token: string): string => createHash('sha256').update(token).digest('hex');

export class SessionService {
  private readonly col: Collection<Session>;

  constructor(
    store: DocumentStore,
    private readonly clock: Clock,
    readonly policy: SessionPolicy = DEFAULT_SESSION_POLICY,
  ) {
    this.col = store.collection<Session>(SESSIONS);
  }

  async init(): Promise<void> {
    await this.col.ensureIndex({ fields: [['userId', 1]] });
  }

  /** Starts a session; returns the token for the cookie (shown to nobody else, stored hashed). */
  async start(userId: string, mustChangePassword = false): Promise<{ token: string; session: Session }> {
    const token = randomBytes(32).toString('base64url');
    const now = this.clock.now();
    const session = await this.col.insert({
      id: tokenHash(token),
      userId,
      createdAt: now,
      lastSeenAt: now,
      expiresAt: Math.min(now + this.policy.ttlMs, now + this.policy.maxAgeMs),
      ...(mustChangePassword ? { mustChangePassword } : {}),
    });
    return { token, session };
  }

  /** The live session of a token, extending its idle lifetime; null when unknown or expired. */
  async resolve(token: string | undefined): Promise<Session | null> {
    if (!token || !TOKEN.test(token)) return null;
    const session = await this.col.get(tokenHash(token));
    if (!session) return null;
    const now = this.clock.now();
    if (session.expiresAt <= now) {
      await this.col.delete(session.id);
      return null;
    }
    // Extend at most once a minute per session, not on every request.
    if (now - session.lastSeenAt > 60_000) {
      const expiresAt = Math.min(now + this.policy.ttlMs, session.createdAt + this.policy.maxAgeMs);
      try {
        return await this.col.update(session.id, session.rev, { set: { lastSeenAt: now, expiresAt } });
      } catch {
        return session; // a concurrent request extended it (or it just ended: the next one sees that)
      }
    }
    return session;
  }

  async clearMustChange(sessionId: string): Promise<void> {
    const session = await this.col.get(sessionId);
    if (session?.mustChangePassword)
      await this.col.update(sessionId, session.rev, { unset: ['mustChangePassword'] });
  }

  async end(sessionId: string): Promise<void> {
    await this.col.delete(sessionId);
  }

  /** Ends every session of a user (deactivation, password reset), but `keep` if given. */
  async endAllFor(userId: string, keep?: string): Promise<number> {
    return this.col.deleteMany(keep ? { userId, id: { $ne: keep } } : { userId });
  }

  async countFor(userId: string): Promise<number> {
    return this.col.count({ userId });
  }

  /** Removes expired sessions (housekeeping; expired ones are refused anyway). */
  async sweep(): Promise<number> {
    return this.col.deleteMany({ expiresAt: { $lte: this.clock.now() } });
  }
}
