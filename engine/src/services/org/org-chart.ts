// The org chart service: the pure OrgView (engine/src/core/org) over the users and departments in
// the store. Each call reads a fresh snapshot, so every API replica answers alike right after an
// edit. A caller asking many questions at once (the approvals engine resolving FEEL assignees,
// whose functions are synchronous) takes one `snapshot()` and asks it.
import { OrgView, type DeptHeadRef, type OrgDepartment, type OrgUser } from '#engine/core/org/org-view.ts';
import type { DocumentStore } from '#engine/ports/document-store.ts';
import { DEPARTMENTS, USERS } from '../identity/collections.ts';

export type { DeptHeadRef, OrgUser, OrgDepartment };
export { OrgView };

const USER_FIELDS = ['login', 'displayName', 'department', 'manager', 'roles', 'active'];

export class OrgChart {
  constructor(private readonly store: DocumentStore) {}

  async snapshot(): Promise<OrgView> {
    const [users, departments] = await Promise.all([
      this.store.collection<OrgUser>(USERS).find({}, { projection: USER_FIELDS }),
      this.store.collection<OrgDepartment>(DEPARTMENTS).find({}, { projection: ['parent', 'head'] }),
    ]);
    return new OrgView(users.items, departments.items);
  }

  /** The nearest active manager above a user (inactive ones are skipped), or null at the top. */
  async managerOf(userId: string): Promise<string | null> {
    return (await this.snapshot()).managerOf(userId);
  }

  /** Up to `levels` active managers above a user, nearest first; fewer when the chain ends. */
  async managers(userId: string, levels: number): Promise<string[]> {
    return (await this.snapshot()).managers(userId, levels);
  }

  /** Active head of `{ department }` or of `{ user }`'s department, else of the nearest one above. */
  async deptHeadOf(ref: DeptHeadRef): Promise<string | null> {
    return (await this.snapshot()).deptHeadOf(ref);
  }

  /** Active users holding a role. */
  async membersOfRole(role: string): Promise<string[]> {
    return (await this.snapshot()).membersOfRole(role);
  }

  /** Active members of a department, optionally with those of the departments below it. */
  async membersOfDepartment(
    departmentId: string,
    options: { includeSubDepartments?: boolean } = {},
  ): Promise<string[]> {
    return (await this.snapshot()).membersOfDepartment(departmentId, options);
  }
}
