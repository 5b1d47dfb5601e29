// Identity and access, wired together over the ports: one per process, built by the composition
// root (platform/compose.ts). Services of other areas take the parts they need from it.
import type { Clock } from '#engine/ports/clock.ts';
import type { DocumentStore } from '#engine/ports/document-store.ts';
import { AccessService } from '../access/access-service.ts';
import type { AuditLog } from '../audit/audit-log.ts';
import { OrgChart } from '../org/org-chart.ts';
import { ApiTokenService } from './api-tokens.ts';
import { AuthService } from './authentication.ts';
import { CredentialStore } from './credentials.ts';
import { DepartmentService } from './departments.ts';
import { DEFAULT_LOGIN_POLICY, LoginGuard, type LoginPolicy } from './login-guard.ts';
import { RoleService } from './roles.ts';
import { DEFAULT_SESSION_POLICY, SessionService, type SessionPolicy } from './sessions.ts';
import { UserService } from './users.ts';

export interface IdentityOptions {
  session?: Partial<SessionPolicy>;
  login?: Partial<LoginPolicy>;
}

export class Identity {
  readonly credentials: CredentialStore;
  readonly sessions: SessionService;
  readonly guard: LoginGuard;
  readonly users: UserService;
  readonly departments: DepartmentService;
  readonly roles: RoleService;
  readonly auth: AuthService;
  readonly org: OrgChart;
  readonly access: AccessService;
  /** Service accounts' API tokens (programs sign in with them instead of a session). */
  readonly apiTokens: ApiTokenService;

  constructor(
    readonly store: DocumentStore,
    readonly clock: Clock,
    readonly audit: AuditLog,
    options: IdentityOptions = {},
  ) {
    this.credentials = new CredentialStore(store, clock);
    this.sessions = new SessionService(store, clock, { ...DEFAULT_SESSION_POLICY, ...options.session });
    this.guard = new LoginGuard(store, clock, { ...DEFAULT_LOGIN_POLICY, ...options.login });
    this.users = new UserService(store, audit, this.credentials, this.sessions);
    this.departments = new DepartmentService(store, audit);
    this.roles = new RoleService(store, audit);
    this.auth = new AuthService(this.users, this.credentials, this.sessions, this.guard, audit);
    this.org = new OrgChart(store);
    this.access = new AccessService(store, this.roles, this.org);
    this.apiTokens = new ApiTokenService(store, clock, this.users, audit);
  }

  /** Indexes (idempotent; safe from several replicas at once). */
  async init(): Promise<void> {
    await this.users.init();
    await this.departments.init();
    await this.sessions.init();
    await this.apiTokens.init();
  }

  /** Housekeeping: expired sessions and login counters. */
  async sweep(): Promise<void> {
    await this.sessions.sweep();
    await this.guard.sweep();
  }
}
