// The permission engine: grants → decisions (rows as a store filter, field restrictions).
import { describe, expect, it } from 'vitest';
import type { Grant, Principal } from '#engine/core/permissions/access.ts';
import { fieldsForRow, readOnlyViolations, readView } from '#engine/core/permissions/fields.ts';
import { maskValue } from '#engine/core/permissions/mask.ts';
import { resolveAccess, resourceMatches } from '#engine/core/permissions/resolve.ts';
import { permissionProblems } from '#engine/core/permissions/validate.ts';

const who = (grants: Grant[], extra: Partial<Principal> = {}): Principal => ({
  userId: 'wang',
  login: 'wang',
  roles: ['r'],
  department: 'sales-east',
  locale: 'zh-CN',
  grants,
  ...extra,
});
const NOTHING = { id: { $in: [] } };

describe('resolveAccess', () => {
  it('denies the anonymous, principals without grants, and actions no grant names', () => {
    expect(resolveAccess(null, 'users', 'read')).toMatchObject({ allowed: false, rowFilter: NOTHING });
    expect(resolveAccess(who([]), 'users', 'read').allowed).toBe(false);
    const p = who([{ resource: 'users', actions: ['read'] }]);
    expect(resolveAccess(p, 'users', 'read')).toMatchObject({ allowed: true, rowFilter: {} });
    expect(resolveAccess(p, 'users', 'update').allowed).toBe(false);
    expect(resolveAccess(p, 'roles', 'read').allowed).toBe(false);
  });

  it('matches resources exactly, by kind (record:*) or all (*)', () => {
    expect(resourceMatches('*', 'audit')).toBe(true);
    expect(resourceMatches('record:*', 'record:customer')).toBe(true);
    expect(resourceMatches('record:*', 'records')).toBe(false);
    expect(resourceMatches('record:customer', 'record:customer-x')).toBe(false);
  });

  it('turns row rules into filters and ORs the grants together', () => {
    const own: Grant = { resource: 'record:customer', actions: ['read'], rows: { type: 'own' } };
    const dept: Grant = { resource: 'record:*', actions: ['read'], rows: { type: 'department' } };
    const field: Grant = {
      resource: 'record:customer',
      actions: ['read'],
      rows: { type: 'field', field: 'team' },
    };
    expect(resolveAccess(who([own]), 'record:customer', 'read').rowFilter).toEqual({ owner: 'wang' });
    expect(resolveAccess(who([own, dept, field]), 'record:customer', 'read').rowFilter).toEqual({
      $or: [{ owner: 'wang' }, { department: 'sales-east' }, { team: 'wang' }],
    });
    const all: Grant = { resource: 'record:customer', actions: ['read'] };
    expect(resolveAccess(who([own, all]), 'record:customer', 'read').rowFilter).toEqual({});
  });

  it('covers sub-departments when asked, and nothing for a user without a department', () => {
    const tree: Grant = {
      resource: 'x',
      actions: ['read'],
      rows: { type: 'department', subDepartments: true },
    };
    const p = who([tree], { department: 'sales', departmentTree: ['sales', 'sales-east'] });
    expect(resolveAccess(p, 'x', 'read').rowFilter).toEqual({ department: { $in: ['sales', 'sales-east'] } });
    const homeless = who([tree], { department: undefined });
    expect(resolveAccess(homeless, 'x', 'read')).toMatchObject({ allowed: true, rowFilter: NOTHING });
  });

  it('fails closed on a FEEL rule that does not compile', () => {
    const bad: Grant = { resource: 'x', actions: ['read'], rows: { type: 'feel', expression: 'f(row.a)' } };
    expect(resolveAccess(who([bad]), 'x', 'read').rowFilter).toEqual(NOTHING);
  });
});

describe('field restrictions', () => {
  const masked: Grant = { resource: 'c', actions: ['read', 'update'], fields: { masked: ['data.phone'] } };
  const ownFull: Grant = { resource: 'c', actions: ['read', 'update'], rows: { type: 'own' } };
  const hidden: Grant = {
    resource: 'c',
    actions: ['read'],
    fields: { hidden: ['data.salary'], readOnly: ['owner'] },
  };
  const row = { id: '1', rev: 1, owner: 'li', data: { phone: '13812345678', salary: 9000, name: 'Acme' } };

  it('reads hidden fields removed and masked fields masked', () => {
    const d = resolveAccess(who([masked, hidden]), 'c', 'read');
    expect(d.fields).toEqual({
      hidden: ['data.salary'],
      masked: ['data.phone'],
      readOnly: ['data.phone', 'data.salary', 'owner'],
    });
    expect(fieldsForRow(d, row)).toEqual({ hidden: [], masked: [], readOnly: [] }); // each grant alone allows it
    const only = resolveAccess(who([hidden]), 'c', 'read');
    expect(readView(row, fieldsForRow(only, row))).toEqual({
      id: '1',
      rev: 1,
      owner: 'li',
      data: { phone: '13812345678', name: 'Acme' },
    });
  });

  it('gives each row the restrictions of the grants covering it', () => {
    const d = resolveAccess(who([masked, ownFull]), 'c', 'read');
    expect(d.fields.masked).toEqual(['data.phone']); // the safe answer for queries
    expect(readView(row, fieldsForRow(d, row)).data.phone).toBe('138****5678'); // not wang's row
    const mine = { ...row, owner: 'wang' };
    expect(readView(mine, fieldsForRow(d, mine)).data.phone).toBe('13812345678');
  });

  it('refuses changes to read-only, hidden and masked fields but not keeping them', () => {
    const d = resolveAccess(who([masked]), 'c', 'update');
    const f = fieldsForRow(d, row);
    expect(readOnlyViolations(row, { ...row, data: { ...row.data, name: 'B' } }, f)).toEqual([]);
    expect(readOnlyViolations(row, { ...row, data: { ...row.data, phone: '1' } }, f)).toEqual(['data.phone']);
    expect(readOnlyViolations(row, { ...row, data: { name: 'Acme' } }, f)).toEqual(['data.phone']);
    expect(readOnlyViolations(row, { ...row, data: { name: 'Acme' } }, f, ['data'])).toEqual([]);
  });

  it('masks values recognisably', () => {
    expect(maskValue('13812345678')).toBe('138****5678');
    expect(maskValue('alice@example.com')).toBe('a****@example.com');
    expect(maskValue('6222021')).toBe('62****21');
    expect(maskValue('123')).toBe('****');
    expect(maskValue(12345)).toBe('****');
    expect(maskValue(null)).toBe(null);
  });
});

describe('permissionProblems', () => {
  it('names the grant and reason of each rule the store cannot enforce', () => {
    expect(
      permissionProblems([
        { resource: 'a', actions: ['read'], rows: { type: 'feel', expression: 'row.a = 1' } },
        { resource: 'a', actions: ['read'], rows: { type: 'feel', expression: 'sum(row.lines) > 1' } },
        { resource: 'a', actions: ['read'], rows: { type: 'field' } },
        { resource: 'a', actions: ['read'], rows: { type: 'own', expression: 'x' } },
      ]).map((p) => p.path),
    ).toEqual([
      '/permissions/1/rows/expression',
      '/permissions/2/rows/field',
      '/permissions/3/rows/expression',
    ]);
  });
});
