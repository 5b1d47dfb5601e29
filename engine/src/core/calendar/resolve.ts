// Which calendar a person works by (pure): their own assignment, else their department's, else
// the nearest department's up the tree, else the company's. Null when nothing is assigned at all.
// A subject without a user (or whose user has no department) may name a department instead (a
// record's department).
import type { CalendarAssignment } from '#schemas/generated/index.ts';

export interface CalendarChoice {
  calendar: string;
  /** Where it came from: the employee, a department (which one) or the company. */
  via: 'user' | 'department' | 'company';
  target?: string;
}

export interface OrgLookup {
  departmentOf(userId: string): string | undefined;
  parentOf(departmentId: string): string | undefined;
}

export const assignmentId = (scope: CalendarAssignment['scope'], target?: string): string =>
  scope === 'company' ? 'company' : `${scope}:${target}`;

export function resolveCalendar(
  assignments: ReadonlyMap<string, CalendarAssignment>,
  org: OrgLookup,
  subject: { user?: string | null; department?: string | null },
): CalendarChoice | null {
  if (subject.user) {
    const own = assignments.get(assignmentId('user', subject.user));
    if (own) return { calendar: own.calendar, via: 'user', target: subject.user };
  }
  const seen = new Set<string>();
  let dept = (subject.user ? org.departmentOf(subject.user) : undefined) ?? subject.department ?? undefined;
  while (dept && !seen.has(dept)) {
    seen.add(dept);
    const a = assignments.get(assignmentId('department', dept));
    if (a) return { calendar: a.calendar, via: 'department', target: dept };
    dept = org.parentOf(dept);
  }
  const company = assignments.get('company');
  return company ? { calendar: company.calendar, via: 'company' } : null;
}
