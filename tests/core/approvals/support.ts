// A small company for the pure approval tests: a CEO, a director, a team lead and two staff,
// finance, an administrator and one inactive manager.
import { OrgView, type OrgDepartment, type OrgUser } from '#engine/core/org/org-view.ts';
import type { AssignmentInput } from '#engine/core/flows/step-context.ts';
import { newInstance, type InstanceState } from '#engine/core/flows/instance.ts';

const u = (
  id: string,
  department: string,
  manager?: string,
  roles: string[] = [],
  active = true,
): OrgUser => ({
  id,
  login: id,
  displayName: id.toUpperCase(),
  department,
  ...(manager ? { manager } : {}),
  roles,
  active,
});

export const departments: OrgDepartment[] = [
  { id: 'hq', head: 'ceo' },
  { id: 'sales', parent: 'hq', head: 'director' },
  { id: 'east', parent: 'sales', head: 'lead' },
  { id: 'finance', parent: 'hq', head: 'cfo' },
  { id: 'empty', parent: 'hq' },
];

export const users: OrgUser[] = [
  u('ceo', 'hq', undefined, ['employee', 'manager']),
  u('admin', 'hq', 'ceo', ['employee', 'admin']),
  u('director', 'sales', 'ceo', ['employee', 'manager']),
  u('lead', 'east', 'director', ['employee', 'manager']),
  u('ann', 'east', 'lead', ['employee']),
  u('ben', 'east', 'lead', ['employee']),
  u('cfo', 'finance', 'ceo', ['employee', 'manager', 'finance']),
  u('clerk', 'finance', 'cfo', ['employee', 'finance']),
  u('gone', 'east', 'lead', ['employee', 'manager'], false),
  u('dan', 'east', 'gone', ['employee']),
];

export const org = (): OrgView => new OrgView(users, departments);

export const NOW = Date.parse('2026-03-02T09:00:00Z');

export function instance(over: Partial<InstanceState> = {}): InstanceState {
  return { ...newInstance({ id: 'i1', processId: 'p', version: 1, now: NOW, startedBy: 'ann' }), ...over };
}

export function input(over: Partial<AssignmentInput> = {}): AssignmentInput {
  return {
    instance: instance(),
    elementId: 'approve',
    tokenId: 't5',
    name: 'Approve',
    variables: {},
    ...over,
  };
}
