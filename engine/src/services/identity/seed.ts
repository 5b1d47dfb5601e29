// What a fresh installation gets: the built-in roles, and a first administrator whose one-time
// password is printed once on the console (there is no well-known default password). Several
// replicas starting at once create exactly one: the fixed ids make the second insert a duplicate.
import type { Role } from '#schemas/generated/index.ts';
import { SYSTEM, type Actor } from '#engine/core/actor.ts';
import { recordAudit } from '../audit/record-audit.ts';
import type { Identity } from './identity.ts';
import { insertIfMissing } from './inserts.ts';
import { generatePassword, hashPassword } from './passwords.ts';
import { ADMIN_ROLE, SYSTEM_ROLES } from './system-roles.ts';

export const FIRST_ADMIN_ID = 'admin';

/** Creates the built-in roles that do not exist yet (existing ones are left as admins edited them). */
export async function ensureRoles(
  identity: Identity,
  roles: readonly Role[] = SYSTEM_ROLES,
  actor: Actor = SYSTEM,
): Promise<void> {
  for (const role of roles) {
    const created = await insertIfMissing(() => identity.roles.col.insert(structuredClone(role)));
    if (created)
      await recordAudit(identity.audit, actor, {
        action: 'role.create',
        resource: 'roles',
        resourceId: role.id,
        after: created,
      });
  }
}

/**
 * On a store without users, creates the administrator `admin` with a one-time password that must
 * be changed at first login, and returns that password (to print). Null when there were users.
 * Also repairs a start that crashed between creating the user and its password.
 */
export async function ensureFirstAdmin(
  identity: Identity,
): Promise<{ login: string; password: string } | null> {
  const users = identity.users.col;
  if ((await users.count()) === 0) {
    const created = await insertIfMissing(() =>
      users.insert({
        id: FIRST_ADMIN_ID,
        login: FIRST_ADMIN_ID,
        displayName: 'Administrator',
        roles: [ADMIN_ROLE, 'employee'],
        active: true,
        locale: 'zh-CN',
      }),
    );
    if (created)
      await recordAudit(identity.audit, SYSTEM, {
        action: 'user.create',
        resource: 'users',
        resourceId: created.id,
        after: created,
      });
  }
  const admin = await users.get(FIRST_ADMIN_ID);
  if (!admin || (await identity.credentials.get(FIRST_ADMIN_ID))) return null;
  const password = generatePassword();
  if (!(await identity.credentials.create(FIRST_ADMIN_ID, await hashPassword(password), true))) return null;
  return { login: admin.login, password };
}

/** The console text announcing the first administrator. */
export function firstAdminBanner(login: string, password: string): string {
  const line = '='.repeat(72);
  return [
    '',
    line,
    ' First start: an administrator account was created.',
    ' 首次启动：已创建管理员账号。',
    '',
    `   login / 登录名:     ${login}`,
    `   password / 密码:    ${password}`,
    '',
    ' This password is shown only now and must be changed at the first login.',
    ' 此密码仅显示这一次，首次登录后必须修改。',
    line,
    '',
  ].join('\n');
}
