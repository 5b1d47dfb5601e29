// The org chart's pure queries: managers, heads, members — skipping inactive people, surviving loops.
import { describe, expect, it } from 'vitest';
import { OrgView, type OrgDepartment, type OrgUser } from '#engine/core/org/org-view.ts';

const u = (
  id: string,
  department: string,
  manager?: string,
  roles: string[] = [],
  active = true,
): OrgUser => ({
  id,
  login: id,
  displayName: id,
  department,
  ...(manager ? { manager } : {}),
  roles,
  active,
});

const departments: OrgDepartment[] = [
  { id: 'hq', head: 'ceo' },
  { id: 'sales', parent: 'hq', head: 'director' },
  { id: 'east', parent: 'sales', head: 'lead' },
  { id: 'east-1', parent: 'east' },
  { id: 'lab', parent: 'hq' },
];
const users: OrgUser[] = [
  u('ceo', 'hq', undefined, ['manager']),
  u('director', 'sales', 'ceo', ['manager']),
  u('lead', 'east', 'director', ['manager']),
  u('rep', 'east-1', 'lead', ['sales']),
  u('rep2', 'east-1', 'lead', ['sales'], false),
  u('scientist', 'lab', 'ceo'),
];
const view = new OrgView(users, departments);

describe('OrgView', () => {
  it('walks the manager chain up to n levels, stopping at the top', () => {
    expect(view.managerOf('rep')).toBe('lead');
    expect(view.managers('rep', 2)).toEqual(['lead', 'director']);
    expect(view.managers('rep', 10)).toEqual(['lead', 'director', 'ceo']);
    expect(view.managerOf('ceo')).toBeNull();
    expect(view.managers('nobody', 3)).toEqual([]);
  });

  it('skips inactive managers: their own manager answers', () => {
    const v = new OrgView(
      users.map((x) => (x.id === 'lead' ? { ...x, active: false } : x)),
      departments,
    );
    expect(v.managerOf('rep')).toBe('director');
    expect(v.managers('rep', 2)).toEqual(['director', 'ceo']);
    expect(v.deptHeadOf({ user: 'rep' })).toBe('director'); // east's head is inactive: sales answers
  });

  it("finds a department's head, or the nearest one above", () => {
    expect(view.deptHeadOf({ department: 'east' })).toBe('lead');
    expect(view.deptHeadOf({ department: 'east-1' })).toBe('lead');
    expect(view.deptHeadOf({ user: 'scientist' })).toBe('ceo');
    expect(view.deptHeadOf({ department: 'nowhere' })).toBeNull();
  });

  it('lists active members of a role or a department (with sub-departments on request)', () => {
    expect(view.membersOfRole('sales')).toEqual(['rep']);
    expect(view.membersOfRole('manager')).toEqual(['ceo', 'director', 'lead']);
    expect(view.membersOfDepartment('sales')).toEqual(['director']);
    expect(view.membersOfDepartment('sales', { includeSubDepartments: true })).toEqual([
      'director',
      'lead',
      'rep',
    ]);
    expect(view.departmentTree('sales').sort()).toEqual(['east', 'east-1', 'sales']);
  });

  it('survives loops in reporting lines and the tree, and tells when an edit would make one', () => {
    const loopy = new OrgView(
      [u('a', 'x', 'b'), u('b', 'x', 'c'), u('c', 'x', 'a')],
      [
        { id: 'x', parent: 'y' },
        { id: 'y', parent: 'x' },
      ],
    );
    expect(loopy.managers('a', 10)).toEqual(['b', 'c']);
    expect(loopy.deptHeadOf({ department: 'x' })).toBeNull();
    expect(loopy.departmentTree('x').sort()).toEqual(['x', 'y']);
    expect(view.wouldCycleManager('director', 'rep')).toBe(true);
    expect(view.wouldCycleManager('rep', 'scientist')).toBe(false);
    expect(view.wouldCycleDepartment('sales', 'east-1')).toBe(true);
    expect(view.wouldCycleDepartment('lab', 'east')).toBe(false);
  });
});
