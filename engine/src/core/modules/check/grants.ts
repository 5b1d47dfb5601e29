// The grants a module declares, wherever it declares them (a document type's permissions.json, a
// report's or dashboard's `roles`, a role of module.json), checked together: each names a role that
// is built in, declared by the module or by a module it depends on, and is a valid permission.
import type { Permission } from '#schemas/generated/index.ts';
import { permissionProblems } from '../../permissions/validate.ts';
import type { ModuleCheck } from './context.ts';

export function checkGrants(
  check: ModuleCheck,
  moduleRoles: ReadonlySet<string>,
): Record<string, Permission[]> {
  const byRole: Record<string, Permission[]> = {};
  for (const { role, grant, file, path } of check.grants) {
    if (!moduleRoles.has(role) && !check.lookups.knownRoles.has(role))
      check.add(
        file,
        path,
        'UNKNOWN_ROLE',
        `role "${role}" is neither built in nor declared in module.json (roles)`,
        `角色“${role}”既非内置角色，也未在 module.json（roles）中声明`,
      );
    for (const p of permissionProblems([grant], ''))
      check.add(
        file,
        `${path}${p.path.replace(/^\/0/, '')}`,
        'PERMISSION_INVALID',
        p.message,
        p.messageZh ?? p.message,
      );
    (byRole[role] ??= []).push(grant);
  }
  return byRole;
}
