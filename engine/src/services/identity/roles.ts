// Roles and their grants. Grants are checked before they are saved (a FEEL row rule the store
// cannot enforce is refused with the reason); every change is audited as a permission change.
// Built-in roles cannot be deleted, and the admin role's grants cannot be changed, so nobody can
// lock every administrator out.
import type { Role } from '#schemas/generated/index.ts';
import { conflict, notFound, unprocessable, type AppError } from '#engine/core/errors.ts';
import { permissionProblems } from '#engine/core/permissions/validate.ts';
import type { Collection, DocumentStore, Stored } from '#engine/ports/document-store.ts';
import { CollectionMemo, deepFreeze } from '#engine/ports/collection-memo.ts';
import type { AuditLog } from '../audit/audit-log.ts';
import type { Actor } from '#engine/core/actor.ts';
import { recordAudit } from '../audit/record-audit.ts';
import { ROLES, USERS } from './collections.ts';
import { idTaken, insertNew } from './inserts.ts';
import { ADMIN_ROLE } from './system-roles.ts';

export type StoredRole = Stored<Role>;

export interface RolePatch {
  rev?: number;
  name?: Role['name'];
  description?: Role['description'] | null;
  permissions?: Role['permissions'];
}

const roleNotFound = (): AppError => notFound('ROLE_NOT_FOUND', 'No such role.', '角色不存在。');

function assertValidPermissions(permissions: Role['permissions']): void {
  const problems = permissionProblems(permissions);
  if (problems.length)
    throw unprocessable(
      'PERMISSIONS_INVALID',
      'Some permissions cannot be enforced.',
      '部分权限规则无法执行。',
      problems,
    );
}

export class RoleService {
  readonly col: Collection<Role>;
  private readonly memo: CollectionMemo<readonly StoredRole[]>;

  constructor(
    private readonly store: DocumentStore,
    private readonly audit: AuditLog,
  ) {
    this.col = store.collection<Role>(ROLES);
    this.memo = new CollectionMemo(this.col);
  }

  async list(): Promise<StoredRole[]> {
    return (await this.col.find({}, { sort: [['id', 1]] })).items;
  }

  async get(id: string): Promise<StoredRole> {
    const role = await this.col.get(id);
    if (!role) throw roleNotFound();
    return role;
  }

  /** The roles among `ids` that exist (for resolving a principal's grants). */
  /** The roles of these ids (frozen: every request asks, so they are kept until the roles change). */
  async byIds(ids: readonly string[]): Promise<readonly StoredRole[]> {
    if (ids.length === 0) return [];
    return this.memo.get(ids.join('\u0000'), async () =>
      deepFreeze((await this.col.find({ id: { $in: [...ids] } })).items),
    );
  }

  async create(input: Omit<Role, 'system'>, actor: Actor): Promise<StoredRole> {
    assertValidPermissions(input.permissions);
    return insertNew(
      this.col,
      { ...input },
      {
        audit: this.audit,
        actor,
        action: 'role.create',
        resource: 'roles',
        taken: () => idTaken('ROLE_EXISTS', 'A role with this id exists.', '该角色 ID 已存在。'),
      },
    );
  }

  async update(id: string, patch: RolePatch, actor: Actor): Promise<StoredRole> {
    const current = await this.get(id);
    if (patch.permissions) {
      if (id === ADMIN_ROLE)
        throw conflict(
          'ROLE_PROTECTED',
          "The administrator role's permissions cannot be changed.",
          '管理员角色的权限不可修改。',
        );
      assertValidPermissions(patch.permissions);
    }
    const set: Record<string, unknown> = {};
    const unset: string[] = [];
    if (patch.name) set.name = patch.name;
    if (patch.description === null) unset.push('description');
    else if (patch.description) set.description = patch.description;
    if (patch.permissions) set.permissions = patch.permissions;
    const updated = await this.col.update(id, patch.rev ?? current.rev, { set, unset });
    await recordAudit(this.audit, actor, {
      action: patch.permissions ? 'permission.change' : 'role.update',
      resource: 'roles',
      resourceId: id,
      before: current,
      after: updated,
    });
    return updated;
  }

  async delete(id: string, actor: Actor): Promise<void> {
    const current = await this.get(id);
    if (current.system)
      throw conflict('ROLE_BUILT_IN', 'Built-in roles cannot be deleted.', '内置角色不能删除。');
    const holders = await this.store.collection(USERS).count({ roles: id });
    if (holders > 0)
      throw conflict(
        'ROLE_IN_USE',
        `${holders} user(s) still hold this role.`,
        `仍有 ${holders} 名用户拥有该角色。`,
      );
    await this.col.delete(id, current.rev);
    await recordAudit(this.audit, actor, {
      action: 'role.delete',
      resource: 'roles',
      resourceId: id,
      before: current,
    });
  }
}
