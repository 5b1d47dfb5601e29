// The FEEL context approval assignments are written in: `requester` and the org-chart functions
//   manager(user)          the nearest active manager above a user (null at the top)
//   managers(user, n)      up to n managers above a user, nearest first (fewer when the chain ends)
//   deptHead(department)   the active head of a department (or of the nearest one above it)
//   role("finance")        the active users holding a role
//   usersOf(department)    the active members of a department
// A `user` argument may be a user id or a context with an `id` (such as `requester`); a
// `department` argument a department id or a user context (its department is meant). Pure: the
// functions answer from one OrgView snapshot taken before the step.
import type { OrgView } from '../org/org-view.ts';

export interface RequesterContext {
  id: string;
  login?: string;
  displayName?: string;
  department?: string | null;
  manager?: string | null;
  roles: string[];
}

/** Names the approvals layer adds to every FEEL expression of a flow (they hide variables so named). */
export const ORG_FEEL_NAMES = ['requester', 'manager', 'managers', 'deptHead', 'role', 'usersOf'] as const;

function userIdOf(user: unknown): string | null {
  if (typeof user === 'string') return user.trim() || null;
  if (user && typeof user === 'object' && typeof (user as { id?: unknown }).id === 'string')
    return (user as { id: string }).id;
  return null;
}

function departmentOf(org: OrgView, ref: unknown): string | null {
  if (typeof ref === 'string') return ref.trim() || null;
  if (ref && typeof ref === 'object') {
    const r = ref as { department?: unknown; id?: unknown };
    if (typeof r.department === 'string') return r.department;
    if (typeof r.id === 'string') return org.user(r.id)?.department ?? null;
  }
  return null;
}

/** The requester as FEEL sees it: from the org chart, else from the start variables. */
export function requesterContext(org: OrgView, id: string, fallback?: unknown): RequesterContext {
  const u = org.user(id);
  if (u)
    return {
      id: u.id,
      login: u.login,
      displayName: u.displayName,
      department: u.department ?? null,
      manager: org.managerOf(u.id),
      roles: [...u.roles],
    };
  const f = (fallback && typeof fallback === 'object' ? fallback : {}) as Partial<RequesterContext>;
  return {
    id,
    ...(f.login ? { login: f.login } : {}),
    department: f.department ?? null,
    manager: f.manager ?? null,
    roles: Array.isArray(f.roles) ? f.roles.map(String) : [],
  };
}

/** The org-chart functions over a snapshot (plain JS functions; the flow core adapts them to FEEL). */
export function orgFunctions(org: OrgView): Record<string, (...args: never[]) => unknown> {
  return {
    manager: (user: unknown) => {
      const id = userIdOf(user);
      return id ? org.managerOf(id) : null;
    },
    managers: (user: unknown, levels: unknown) => {
      const id = userIdOf(user);
      const n = typeof levels === 'number' && Number.isFinite(levels) ? Math.max(0, Math.floor(levels)) : 1;
      return id ? org.managers(id, n) : [];
    },
    deptHead: (department: unknown) => {
      const dept = departmentOf(org, department);
      return dept ? org.deptHeadOf({ department: dept }) : null;
    },
    role: (name: unknown) => (typeof name === 'string' ? org.membersOfRole(name) : []),
    usersOf: (department: unknown) => {
      const dept = departmentOf(org, department);
      return dept ? org.membersOfDepartment(dept) : [];
    },
  };
}

/** Everything the approvals layer adds to a step's FEEL context. */
export function approvalFeelContext(
  org: OrgView,
  requesterId: string | null,
  startVariables?: Record<string, unknown>,
): Record<string, unknown> {
  return {
    ...orgFunctions(org),
    ...(requesterId ? { requester: requesterContext(org, requesterId, startVariables?.requester) } : {}),
  };
}

/** Who asked: the requester variable's id (flows started for someone), else who started the instance. */
export function requesterIdOf(instance: {
  startedBy?: string;
  variables: Record<string, unknown>;
}): string | null {
  const r = instance.variables.requester;
  const fromVars = r && typeof r === 'object' ? (r as { id?: unknown }).id : undefined;
  if (typeof fromVars === 'string' && fromVars) return fromVars;
  return instance.startedBy ?? null;
}
