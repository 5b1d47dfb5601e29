// Users: the directory, reporting lines and role membership. Reads go through the caller's access
// decision (ScopedCollection: row rules, hidden and masked fields such as an employee seeing
// colleagues' phone numbers masked). Every change is audited; deactivating a user ends their
// sessions at once, on every replica, since sessions live in the store.
import type { User } from '#schemas/generated/index.ts';
import type { AppError } from '#engine/core/errors.ts';
import { conflict, notFound, unprocessable } from '#engine/core/errors.ts';
import { OrgView } from '#engine/core/org/org-view.ts';
import type { AccessDecision } from '#engine/core/permissions/access.ts';
import {
  DuplicateKeyError,
  type Collection,
  type DocumentStore,
  type Filter,
  type Page,
  type Stored,
} from '#engine/ports/document-store.ts';
import { ScopedCollection } from '../access/scoped-collection.ts';
import type { AuditLog } from '../audit/audit-log.ts';
import type { Actor } from '#engine/core/actor.ts';
import { recordAudit } from '../audit/record-audit.ts';
import { DEPARTMENTS, USERS } from './collections.ts';
import type { CredentialStore } from './credentials.ts';
import { idTaken } from './inserts.ts';
import { generatePassword, passwordProblems } from './passwords.ts';
import { checkReferences, throwIfProblems } from './references.ts';
import type { SessionService } from './sessions.ts';
import { ADMIN_ROLE } from './system-roles.ts';

export type StoredUser = Stored<User>;

export interface UserQuery {
  /** Part of the login or display name (case-insensitive). */
  q?: string;
  department?: string;
  role?: string;
  active?: boolean;
}

export interface NewUserInput {
  id?: string;
  login: string;
  displayName: string;
  email?: string;
  phone?: string;
  department?: string;
  manager?: string;
  roles?: string[];
  active?: boolean;
  locale?: User['locale'];
  /** Initial password; generated when absent. Either way it must be changed at first login. */
  password?: string;
}

/** Fields to change; null removes an optional field. `rev` makes the change conditional. */
export interface UserPatch {
  rev?: number;
  login?: string;
  displayName?: string;
  email?: string | null;
  phone?: string | null;
  department?: string | null;
  manager?: string | null;
  roles?: string[];
  active?: boolean;
  locale?: User['locale'];
}

const OPTIONAL = ['email', 'phone', 'department', 'manager'] as const;

const loginTaken = (): AppError =>
  conflict('LOGIN_TAKEN', 'This login name is already used.', '该登录名已被使用。', [
    { path: '/login', message: 'already used', messageZh: '已被使用' },
  ]);

export const userNotFound = (): AppError => notFound('USER_NOT_FOUND', 'No such user.', '用户不存在。');

const escapeRegex = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export class UserService {
  readonly col: Collection<User>;

  constructor(
    private readonly store: DocumentStore,
    private readonly audit: AuditLog,
    private readonly credentials: CredentialStore,
    private readonly sessions: SessionService,
  ) {
    this.col = store.collection<User>(USERS);
  }

  async init(): Promise<void> {
    await this.col.ensureIndex({ fields: [['login', 1]], unique: true });
    await this.col.ensureIndex({ fields: [['department', 1]] });
    await this.col.ensureIndex({ fields: [['roles', 1]] });
  }

  async list(
    decision: AccessDecision,
    query: UserQuery,
    page: { limit: number; cursor?: string },
  ): Promise<Page<StoredUser>> {
    const and: Filter[] = [];
    if (query.q) {
      const re = { $regex: escapeRegex(query.q), $options: 'i' };
      and.push({ $or: [{ login: re }, { displayName: re }] });
    }
    if (query.department) and.push({ department: query.department });
    if (query.role) and.push({ roles: query.role });
    if (query.active !== undefined) and.push({ active: query.active });
    const filter: Filter = and.length === 0 ? {} : and.length === 1 ? (and[0] as Filter) : { $and: and };
    return new ScopedCollection(this.col, decision).find(filter, {
      sort: [['login', 1]],
      limit: page.limit,
      ...(page.cursor ? { after: page.cursor } : {}),
    });
  }

  async get(decision: AccessDecision, id: string): Promise<StoredUser> {
    const user = await new ScopedCollection(this.col, decision).get(id);
    if (!user) throw userNotFound();
    return user;
  }

  findByLogin(login: string): Promise<StoredUser | null> {
    return this.col.findOne({ login: login.toLowerCase() });
  }

  async create(input: NewUserInput, actor: Actor): Promise<{ user: StoredUser; initialPassword?: string }> {
    const login = input.login.toLowerCase();
    if (input.password !== undefined) {
      const problems = passwordProblems(input.password, login, '/password');
      if (problems.length)
        throw unprocessable('PASSWORD_TOO_WEAK', 'The password is too weak.', '密码强度不够。', problems);
    }
    throwIfProblems(await checkReferences(this.store, input));
    const { password, ...fields } = input;
    const doc: Omit<User, 'id'> & { id?: string } = {
      ...fields,
      login,
      roles: input.roles ?? ['employee'],
      active: input.active ?? true,
      locale: input.locale ?? 'zh-CN',
    };
    let user: StoredUser;
    try {
      user = await this.col.insert(doc);
    } catch (e) {
      // Which unique key clashed: adapters name indexes differently, so look rather than parse.
      if (e instanceof DuplicateKeyError)
        throw (await this.findByLogin(login))
          ? loginTaken()
          : idTaken('USER_EXISTS', 'A user with this id exists.', '该用户 ID 已存在。');
      throw e;
    }
    const initialPassword = password ?? generatePassword();
    await this.credentials.set(user.id, initialPassword, true);
    await recordAudit(this.audit, actor, {
      action: 'user.create',
      resource: 'users',
      resourceId: user.id,
      after: user,
    });
    return password === undefined ? { user, initialPassword } : { user };
  }

  async update(id: string, patch: UserPatch, actor: Actor): Promise<StoredUser> {
    const current = await this.col.get(id);
    if (!current) throw userNotFound();
    const rev = patch.rev ?? current.rev;
    const set: Record<string, unknown> = {};
    const unset: string[] = [];
    for (const [key, value] of Object.entries(patch)) {
      if (key === 'rev' || value === undefined) continue;
      if (value === null) {
        if ((OPTIONAL as readonly string[]).includes(key)) unset.push(key);
      } else set[key] = key === 'login' ? (value as string).toLowerCase() : value;
    }
    throwIfProblems(
      await checkReferences(this.store, {
        department: patch.department,
        manager: patch.manager,
        roles: patch.roles,
      }),
    );
    if (typeof patch.manager === 'string') await this.assertNoManagerLoop(id, patch.manager);
    const after = { ...current, ...set } as StoredUser;
    for (const key of unset) delete (after as unknown as Record<string, unknown>)[key];
    await this.assertAdminsRemain(current, after, actor);
    let updated: StoredUser;
    try {
      updated = await this.col.update(id, rev, { set, unset });
    } catch (e) {
      if (e instanceof DuplicateKeyError) throw loginTaken();
      throw e;
    }
    if (current.active && !updated.active) await this.sessions.endAllFor(id);
    const action =
      current.active !== updated.active
        ? updated.active
          ? 'user.activate'
          : 'user.deactivate'
        : 'user.update';
    await recordAudit(this.audit, actor, {
      action,
      resource: 'users',
      resourceId: id,
      before: current,
      after: updated,
    });
    return updated;
  }

  async delete(id: string, actor: Actor): Promise<void> {
    const current = await this.col.get(id);
    if (!current) throw userNotFound();
    if (actor.principal?.userId === id)
      throw conflict('SELF_ACTION_NOT_ALLOWED', 'You cannot delete yourself.', '不能删除自己的账号。');
    const reports = await this.col.count({ manager: id });
    const heads = await this.store.collection(DEPARTMENTS).count({ head: id });
    if (reports > 0 || heads > 0)
      throw conflict(
        'USER_REFERENCED',
        'This user is still a manager or department head; reassign first, or deactivate the user instead.',
        '该用户仍是上级或部门负责人；请先调整，或改为停用该用户。',
      );
    await this.assertAdminsRemain(current, { ...current, active: false }, actor);
    await this.col.delete(id, current.rev);
    await this.sessions.endAllFor(id);
    await this.credentials.remove(id);
    await recordAudit(this.audit, actor, {
      action: 'user.delete',
      resource: 'users',
      resourceId: id,
      before: current,
    });
  }

  /** Replaces a user's password with a one-time one and ends their sessions. */
  async resetPassword(id: string, actor: Actor): Promise<string> {
    if (!(await this.col.get(id))) throw userNotFound();
    const password = generatePassword();
    await this.credentials.set(id, password, true);
    await this.sessions.endAllFor(id);
    await recordAudit(this.audit, actor, {
      action: 'user.reset-password',
      resource: 'users',
      resourceId: id,
    });
    return password;
  }

  private async assertNoManagerLoop(userId: string, managerId: string): Promise<void> {
    const users = await this.col.find({}, { projection: ['manager'] });
    const view = new OrgView(
      users.items.map((u) => ({ ...u, login: '', displayName: '', roles: [], active: true })),
      [],
    );
    if (view.wouldCycleManager(userId, managerId))
      throw unprocessable('MANAGER_LOOP', 'This would make a reporting loop.', '这将形成循环汇报关系。', [
        { path: '/manager', message: 'reporting loop', messageZh: '循环汇报' },
      ]);
  }

  /** Someone must stay able to administer: refuses to remove the last active admin, or oneself. */
  private async assertAdminsRemain(before: StoredUser, after: User, actor: Actor): Promise<void> {
    const wasAdmin = before.active && before.roles.includes(ADMIN_ROLE);
    const isAdmin = after.active && after.roles.includes(ADMIN_ROLE);
    if (actor.principal?.userId === before.id && before.active && !after.active)
      throw conflict('SELF_ACTION_NOT_ALLOWED', 'You cannot deactivate yourself.', '不能停用自己的账号。');
    if (!wasAdmin || isAdmin) return;
    const otherAdmins = await this.col.count({ roles: ADMIN_ROLE, active: true, id: { $ne: before.id } });
    if (otherAdmins === 0)
      throw conflict(
        'LAST_ADMIN',
        'At least one active administrator must remain.',
        '至少需要保留一名启用的管理员。',
      );
  }
}
