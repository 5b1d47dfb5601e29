// Access control at run time: builds the principal of a signed-in user (the grants of their roles,
// their department tree) and hands out decisions and scoped collections for it. Role definitions
// are read on every request, so a permission change applies at once on every API replica.
import type { User } from '#schemas/generated/index.ts';
import type { AccessDecision, Principal } from '#engine/core/permissions/access.ts';
import { resolveAccess, type Action } from '#engine/core/permissions/resolve.ts';
import type { DocumentStore } from '#engine/ports/document-store.ts';
import type { OrgChart } from '../org/org-chart.ts';
import type { RoleService } from '../identity/roles.ts';
import { ScopedCollection } from './scoped-collection.ts';

export class AccessService {
  constructor(
    private readonly store: DocumentStore,
    private readonly roles: RoleService,
    private readonly org: OrgChart,
  ) {}

  async principalFor(user: User): Promise<Principal> {
    const roles = await this.roles.byIds(user.roles);
    const grants = roles.flatMap((r) => r.permissions);
    const principal: Principal = {
      userId: user.id,
      login: user.login,
      roles: user.roles,
      locale: user.locale,
      displayName: user.displayName,
      grants,
      ...(user.department ? { department: user.department } : {}),
      ...(user.manager ? { manager: user.manager } : {}),
    };
    // The department tree costs a read of the departments: only when a grant needs it.
    if (user.department && grants.some((g) => g.rows?.type === 'department' && g.rows.subDepartments))
      principal.departmentTree = (await this.org.snapshot()).departmentTree(user.department);
    return principal;
  }

  decide(principal: Principal | null, resource: string, action: Action): AccessDecision {
    return resolveAccess(principal, resource, action);
  }

  /** A collection of the store seen through the principal's rights for one action on a resource. */
  scoped<T extends object = Record<string, unknown>>(
    principal: Principal | null,
    collection: string,
    resource: string,
    action: Action,
  ): ScopedCollection<T> {
    return new ScopedCollection<T>(
      this.store.collection<T>(collection),
      resolveAccess(principal, resource, action),
    );
  }
}
