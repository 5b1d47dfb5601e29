// Logging in and out, sessions to users, password changes. Every attempt is audited, failures
// included; the login guard limits attempts per address, makes one address wait after repeated
// wrong passwords for a login, and locks a login name for unfamiliar addresses (login-guard.ts).
// A wrong login name and a wrong password get the same answer, equally slow.
import type { User } from '#schemas/generated/index.ts';
import { signInErrors } from '#engine/core/identity/errors.ts';
import type { AppError } from '#engine/core/errors.ts';
import type { AuditLog } from '../audit/audit-log.ts';
import type { Actor } from '#engine/core/actor.ts';
import type { Principal } from '#engine/core/permissions/access.ts';
import { recordAudit } from '../audit/record-audit.ts';
import type { CredentialStore } from './credentials.ts';
import type { LoginGuard } from './login-guard.ts';
import { passwordProblems, verifyDummy, verifyPassword } from './passwords.ts';
import type { Session, SessionService } from './sessions.ts';
import { userNotFound, type StoredUser, type UserService } from './users.ts';

export interface Authenticated {
  user: StoredUser;
  session: Session;
  /** The password is a one-time one: only changing it is allowed until then. */
  mustChangePassword: boolean;
}

export class AuthService {
  constructor(
    private readonly users: UserService,
    private readonly credentials: CredentialStore,
    private readonly sessions: SessionService,
    private readonly guard: LoginGuard,
    private readonly audit: AuditLog,
  ) {}

  async login(
    loginName: string,
    password: string,
    actor: Actor,
  ): Promise<{ token: string; user: StoredUser; mustChangePassword: boolean }> {
    const login = loginName.toLowerCase();
    const ip = actor.ip ?? 'unknown';
    const fail = async (reason: string, user: StoredUser | null, outcome: 'failure' | 'denied' = 'failure') =>
      recordAudit(
        this.audit,
        { ...actor, principal: user ? signedIn(user) : null },
        {
          action: 'auth.login',
          resource: 'sessions',
          outcome,
          details: { login, reason },
        },
      );
    if (actor.ip) {
      try {
        await this.guard.countAttempt(actor.ip);
      } catch (e) {
        await fail('rate-limited', null, 'denied');
        throw e;
      }
    }
    try {
      await this.guard.assertMayTry(login, ip);
    } catch (e) {
      await fail((e as AppError).code === 'LOGIN_BACKOFF' ? 'backoff' : 'locked', null, 'denied');
      throw e;
    }
    const user = await this.users.findByLogin(login);
    const credential = user?.active ? await this.credentials.get(user.id) : null;
    const ok = credential ? await verifyPassword(credential.hash, password) : await verifyDummy(password);
    if (!ok || !user || !credential) {
      const locked = await this.guard.recordFailure(login, ip);
      await fail(!user ? 'unknown-login' : !user.active ? 'inactive' : 'wrong-password', user);
      if (locked) await fail('locked-now', user, 'denied');
      throw signInErrors.invalidCredentials();
    }
    await this.guard.recordSuccess(login, ip);
    const { token, session } = await this.sessions.start(user.id, credential.mustChange);
    await recordAudit(
      this.audit,
      { ...actor, principal: signedIn(user) },
      {
        action: 'auth.login',
        resource: 'sessions',
        resourceId: session.id.slice(0, 12),
        details: { login },
      },
    );
    return { token, user, mustChangePassword: credential.mustChange };
  }

  /**
   * An administrator lifts the lock of a user's login name and every address's back-off (the
   * user was locked out from a new place, or an attack is over). Audited; says whether any was on.
   */
  async unlock(userId: string, actor: Actor): Promise<{ unlocked: boolean }> {
    const user = await this.users.col.get(userId);
    if (!user) throw userNotFound();
    const unlocked = await this.guard.unlock(user.login);
    await recordAudit(this.audit, actor, {
      action: 'auth.unlock',
      resource: 'users',
      resourceId: user.id,
      details: { login: user.login, wasLocked: unlocked },
    });
    return { unlocked };
  }

  /** The signed-in user of a session token, or null (unknown, expired, or user inactive). */
  async authenticate(token: string | undefined): Promise<Authenticated | null> {
    const session = await this.sessions.resolve(token);
    if (!session) return null;
    const user = await this.users.col.get(session.userId);
    if (!user || !user.active) {
      await this.sessions.end(session.id);
      return null;
    }
    return { user, session, mustChangePassword: session.mustChangePassword === true };
  }

  async logout(session: Session, actor: Actor): Promise<void> {
    await this.sessions.end(session.id);
    await recordAudit(this.audit, actor, {
      action: 'auth.logout',
      resource: 'sessions',
      resourceId: session.id.slice(0, 12),
    });
  }

  /**
   * Changes the signed-in user's password. The other sessions of the user end (a password change
   * is what one does after a leak); the current one stays, now free of the change requirement.
   */
  async changePassword(
    auth: { user: User; session: Session },
    currentPassword: string,
    newPassword: string,
    actor: Actor,
  ): Promise<void> {
    const { user, session } = auth;
    const ip = actor.ip ?? 'unknown';
    await this.guard.assertMayTry(user.login, ip);
    if (!(await this.credentials.verify(user.id, currentPassword))) {
      await this.guard.recordFailure(user.login, ip);
      await recordAudit(this.audit, actor, {
        action: 'auth.password-change',
        resource: 'users',
        resourceId: user.id,
        outcome: 'failure',
        details: { reason: 'wrong-password' },
      });
      throw signInErrors.wrongPassword();
    }
    const problems = passwordProblems(newPassword, user.login);
    if (newPassword === currentPassword)
      problems.push({
        path: '/newPassword',
        message: 'must differ from the current one',
        messageZh: '不能与当前密码相同',
      });
    if (problems.length) throw signInErrors.passwordTooWeak(problems);
    await this.credentials.set(user.id, newPassword, false);
    await this.sessions.endAllFor(user.id, session.id);
    await this.sessions.clearMustChange(session.id);
    await recordAudit(this.audit, actor, {
      action: 'auth.password-change',
      resource: 'users',
      resourceId: user.id,
    });
  }
}

/** The user signing in, as the principal their login is audited under (their grants come later). */
function signedIn(user: StoredUser): Principal {
  return { userId: user.id, login: user.login, roles: user.roles, locale: user.locale };
}
