// The org chart as pure queries over a snapshot of users and departments. Approvals assign tasks
// from it (`manager(requester)`, `managers(requester, 3)`, `deptHead(…)`, roles, departments), so
// every answer skips people who cannot act: inactive users are passed over (their own manager is
// asked instead) and never listed as members. Reporting lines and the department tree may be
// edited into a loop by mistake; every walk stops at the first repeat.

export interface OrgUser {
  id: string;
  login: string;
  displayName: string;
  department?: string;
  manager?: string;
  roles: string[];
  active: boolean;
}

export interface OrgDepartment {
  id: string;
  parent?: string;
  head?: string;
}

export type DeptHeadRef = { user: string } | { department: string };

export class OrgView {
  private readonly users = new Map<string, OrgUser>();
  private readonly departments = new Map<string, OrgDepartment>();
  private readonly children = new Map<string, string[]>();

  constructor(users: Iterable<OrgUser>, departments: Iterable<OrgDepartment>) {
    for (const u of users) this.users.set(u.id, u);
    for (const d of departments) this.departments.set(d.id, d);
    for (const d of this.departments.values()) {
      if (d.parent === undefined) continue;
      const list = this.children.get(d.parent) ?? [];
      list.push(d.id);
      this.children.set(d.parent, list);
    }
  }

  /** How many users the snapshot holds (0: no directory yet). */
  get userCount(): number {
    return this.users.size;
  }

  user(id: string): OrgUser | undefined {
    return this.users.get(id);
  }

  department(id: string): OrgDepartment | undefined {
    return this.departments.get(id);
  }

  private isActive(id: string | undefined): id is string {
    return id !== undefined && this.users.get(id)?.active === true;
  }

  /** The nearest active manager above a user, or null at the top. */
  managerOf(userId: string): string | null {
    return this.managers(userId, 1)[0] ?? null;
  }

  /** Up to `levels` active managers above a user, nearest first; fewer when the chain ends. */
  managers(userId: string, levels: number): string[] {
    const out: string[] = [];
    const seen = new Set<string>([userId]);
    let cur = this.users.get(userId)?.manager;
    while (cur !== undefined && out.length < levels && !seen.has(cur)) {
      seen.add(cur);
      if (this.isActive(cur)) out.push(cur);
      cur = this.users.get(cur)?.manager;
    }
    return out;
  }

  /**
   * The active head of a department (or of a user's department); when it has none, the nearest
   * department above it that has one. Null when nobody up the tree heads it.
   */
  deptHeadOf(ref: DeptHeadRef): string | null {
    let dept = 'user' in ref ? this.users.get(ref.user)?.department : ref.department;
    const seen = new Set<string>();
    while (dept !== undefined && !seen.has(dept)) {
      seen.add(dept);
      const d = this.departments.get(dept);
      if (!d) return null;
      if (this.isActive(d.head)) return d.head;
      dept = d.parent;
    }
    return null;
  }

  /** Active users holding a role, by id. */
  membersOfRole(role: string): string[] {
    return [...this.users.values()]
      .filter((u) => u.active && u.roles.includes(role))
      .map((u) => u.id)
      .sort();
  }

  /** A department and every department below it. */
  departmentTree(departmentId: string): string[] {
    const out: string[] = [];
    const stack = [departmentId];
    const seen = new Set<string>();
    while (stack.length) {
      const id = stack.pop() as string;
      if (seen.has(id)) continue;
      seen.add(id);
      out.push(id);
      stack.push(...(this.children.get(id) ?? []));
    }
    return out;
  }

  /** Active members of a department, optionally with those of the departments below it. */
  membersOfDepartment(departmentId: string, options: { includeSubDepartments?: boolean } = {}): string[] {
    const depts = new Set(options.includeSubDepartments ? this.departmentTree(departmentId) : [departmentId]);
    return [...this.users.values()]
      .filter((u) => u.active && u.department !== undefined && depts.has(u.department))
      .map((u) => u.id)
      .sort();
  }

  /** Would making `managerId` the manager of `userId` close a reporting loop? */
  wouldCycleManager(userId: string, managerId: string): boolean {
    const seen = new Set<string>();
    for (let cur: string | undefined = managerId; cur !== undefined; cur = this.users.get(cur)?.manager) {
      if (cur === userId) return true;
      if (seen.has(cur)) return false;
      seen.add(cur);
    }
    return false;
  }

  /** Would making `parentId` the parent of `departmentId` close a loop in the tree? */
  wouldCycleDepartment(departmentId: string, parentId: string): boolean {
    const seen = new Set<string>();
    for (let cur: string | undefined = parentId; cur !== undefined; cur = this.departments.get(cur)?.parent) {
      if (cur === departmentId) return true;
      if (seen.has(cur)) return false;
      seen.add(cur);
    }
    return false;
  }
}
