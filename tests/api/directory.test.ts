// Administering users, departments and roles through the API, and the org chart's answers.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginAs, MODES, startApp, type Client, type TestApp } from '../support/app-harness.ts';

describe.each(MODES)('directory administration (%s mode)', (mode) => {
  let t: TestApp;
  let admin: Client;
  beforeAll(async () => {
    t = await startApp(mode);
    admin = await t.client('admin');
  });
  afterAll(() => t?.close());

  it('creates a user with a one-time password that must be changed at first login', async () => {
    const res = await admin.post('/api/users', {
      login: 'New.Hire',
      displayName: '新同事 New Hire',
      department: 'operations',
      manager: 'wu.hao',
      email: 'new.hire@acme.example',
    });
    expect(res.status).toBe(201);
    expect(res.body.user).toMatchObject({
      login: 'new.hire',
      roles: ['employee'],
      active: true,
      locale: 'zh-CN',
      rev: 1,
    });
    const first = await loginAs(t.app, 'new.hire', res.body.initialPassword);
    expect((await first.get('/api/users')).body.error.code).toBe('PASSWORD_CHANGE_REQUIRED');
    const taken = await admin.post('/api/users', { login: 'NEW.HIRE', displayName: 'Twin' });
    expect(taken.status).toBe(409);
    expect(taken.body.error).toMatchObject({ code: 'LOGIN_TAKEN', details: [{ path: '/login' }] });
    const sameId = await admin.post('/api/users', {
      id: res.body.user.id,
      login: 'other.hire',
      displayName: 'Twin',
    });
    expect(sameId.status).toBe(409);
    expect(sameId.body.error).toMatchObject({ code: 'USER_EXISTS', details: [{ path: '/id' }] });
  });

  it('refuses references to nothing, reporting loops, unknown fields and wrong types', async () => {
    const refs = await admin.post('/api/users', {
      login: 'ghost',
      displayName: 'Ghost',
      department: 'nowhere',
      manager: 'nobody',
      roles: ['employee', 'wizard'],
    });
    expect(refs.status).toBe(422);
    expect(refs.body.error.details.map((d: { path: string }) => d.path)).toEqual([
      '/department',
      '/manager',
      '/roles/1',
    ]);
    const loop = await admin.patch('/api/users/chen.wei', { manager: 'wang.fang' });
    expect(loop.status).toBe(422);
    expect(loop.body.error).toMatchObject({ code: 'MANAGER_LOOP', details: [{ path: '/manager' }] });
    const unknown = await admin.post('/api/users', { login: 'x.y', displayName: 'X', salary: 1 });
    expect(unknown.body.error).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ path: '/salary' }] });
    const typed = await admin.patch('/api/users/li.lei', { active: 'false' });
    expect(typed.body.error).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ path: '/active' }] });
  });

  it('keeps at least one administrator, and nobody deactivates themselves', async () => {
    const self = await admin.post('/api/users/qian.admin/deactivate');
    expect(self.body.error.code).toBe('SELF_ACTION_NOT_ALLOWED');
    // `admin` (first-start account) is not seeded here: qian.admin is the only administrator.
    const demote = await admin.patch('/api/users/qian.admin', { roles: ['employee'] });
    expect(demote.status).toBe(409);
    expect(demote.body.error.code).toBe('LAST_ADMIN');
  });

  it('edits with optimistic concurrency: a stale revision is a 409', async () => {
    const current = (await admin.get('/api/users/li.lei')).body;
    expect((await admin.patch('/api/users/li.lei', { rev: current.rev, phone: '13912345678' })).status).toBe(
      200,
    );
    const stale = await admin.patch('/api/users/li.lei', { rev: current.rev, phone: null });
    expect(stale.status).toBe(409);
    expect(stale.body.error.code).toBe('REVISION_CONFLICT');
    const removed = await admin.patch('/api/users/li.lei', { phone: null });
    expect(removed.body.phone).toBeUndefined();
  });

  it('shows colleagues with phone numbers masked to employees, in clear to managers', async () => {
    const employee = await t.client('employee');
    const manager = await t.client('manager');
    expect((await employee.get('/api/users/chen.wei')).body.phone).toBe('138****0001');
    expect((await manager.get('/api/users/chen.wei')).body.phone).toBe('13800000001');
    const list = (await employee.get('/api/users?department=sales-east')).body.items;
    expect(list.map((u: { id: string }) => u.id)).toEqual(['li.lei', 'wang.fang', 'zhang.min']);
    expect(list.every((u: { phone?: string }) => u.phone === undefined || u.phone.includes('****'))).toBe(
      true,
    );
  });

  it('pages through users with a cursor and filters by role and text', async () => {
    const seen: string[] = [];
    let url = '/api/users?limit=3';
    for (;;) {
      const page = (await admin.get(url)).body;
      seen.push(...page.items.map((u: { login: string }) => u.login));
      if (!page.nextCursor) break;
      url = `/api/users?limit=3&cursor=${encodeURIComponent(page.nextCursor)}`;
    }
    expect(seen).toEqual([...seen].sort());
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.length).toBeGreaterThanOrEqual(11);
    const finance = (await admin.get('/api/users?role=finance')).body.items.map((u: { id: string }) => u.id);
    expect(finance).toEqual(['sun.li', 'zhao.qiang']);
    const q = (await admin.get(`/api/users?q=${encodeURIComponent('王芳')}`)).body.items;
    expect(q.map((u: { id: string }) => u.id)).toEqual(['wang.fang']);
    expect((await admin.get('/api/users?q=.*')).body.items).toEqual([]); // text, not a pattern
  });

  it('manages the department tree: no loops, no deleting a department with members', async () => {
    const created = await admin.post('/api/departments', {
      id: 'sales-south',
      name: { en: 'Sales — South China', 'zh-CN': '华南销售区' },
      parent: 'sales',
      head: 'li.lei',
    });
    expect(created.status).toBe(201);
    const twin = await admin.post('/api/departments', {
      id: 'sales-south',
      name: { en: 'Twin', 'zh-CN': '重复' },
    });
    expect([twin.status, twin.body.error]).toMatchObject([
      409,
      { code: 'DEPARTMENT_EXISTS', details: [{ path: '/id' }] },
    ]);
    expect((await admin.get('/api/departments/sales-south')).body.name.en).toBe('Sales — South China');
    const audited = await admin.get('/api/audit?action=department.create&limit=10');
    expect(audited.body.items.map((e: { resourceId: string }) => e.resourceId)).toEqual(['sales-south']);
    expect(audited.body.items[0]).toMatchObject({ actor: { userId: 'qian.admin' }, resource: 'departments' });
    const loop = await admin.patch('/api/departments/sales', { parent: 'sales-south' });
    expect(loop.body.error).toMatchObject({ code: 'DEPARTMENT_LOOP', details: [{ path: '/parent' }] });
    expect((await admin.delete('/api/departments/sales-east')).body.error.code).toBe('DEPARTMENT_NOT_EMPTY');
    const moved = await admin.patch('/api/departments/sales-south', { head: null });
    expect(moved.body.head).toBeUndefined();
    expect((await admin.delete('/api/departments/sales-south')).status).toBe(204);
    expect((await admin.get('/api/departments/sales-south')).status).toBe(404);
  });

  it('manages roles: grants checked on save, built-in roles kept, admin grants fixed', async () => {
    const bad = await admin.post('/api/roles', {
      id: 'auditor',
      name: { en: 'Auditor', 'zh-CN': '审计' },
      permissions: [
        { resource: 'audit', actions: ['read'] },
        {
          resource: 'record:*',
          actions: ['read'],
          rows: { type: 'feel', expression: 'sum(row.lines) > 100' },
        },
      ],
    });
    expect(bad.status).toBe(422);
    expect(bad.body.error).toMatchObject({
      code: 'PERMISSIONS_INVALID',
      details: [{ path: '/permissions/1/rows/expression' }],
    });
    const good = await admin.post('/api/roles', {
      id: 'auditor',
      name: { en: 'Auditor', 'zh-CN': '审计' },
      permissions: [{ resource: 'audit', actions: ['read'] }],
    });
    expect(good.status).toBe(201);
    const twin = await admin.post('/api/roles', {
      id: 'auditor',
      name: { en: 'Twin', 'zh-CN': '重复' },
      permissions: [],
    });
    expect([twin.status, twin.body.error]).toMatchObject([
      409,
      { code: 'ROLE_EXISTS', details: [{ path: '/id' }] },
    ]);
    expect((await admin.get('/api/roles/auditor')).body.permissions).toEqual([
      { resource: 'audit', actions: ['read'] },
    ]);
    const audited = await admin.get('/api/audit?action=role.create&resourceId=auditor&limit=10');
    expect(audited.body.items).toHaveLength(1);
    expect(audited.body.items[0]).toMatchObject({ actor: { userId: 'qian.admin' }, resource: 'roles' });
    await admin.patch('/api/users/zhou.jie', { roles: ['employee', 'analyst', 'auditor'] });
    const auditor = await t.client('analyst');
    expect((await auditor.get('/api/audit?limit=1')).status).toBe(200); // new grant applies at once
    expect((await auditor.get('/api/audit/verify')).status).toBe(403); // read only, not admin
    expect((await admin.delete('/api/roles/auditor')).body.error.code).toBe('ROLE_IN_USE');
    expect((await admin.delete('/api/roles/employee')).body.error.code).toBe('ROLE_BUILT_IN');
    const locked = await admin.patch('/api/roles/admin', { permissions: [] });
    expect(locked.body.error.code).toBe('ROLE_PROTECTED');
  });

  it('answers org chart questions, skipping inactive people', async () => {
    const employee = await t.client('employee');
    const names = (res: { body: { items: { id: string }[] } }) => res.body.items.map((u) => u.id);
    expect((await employee.get('/api/org/users/wang.fang/manager')).body.manager.id).toBe('zhang.min');
    expect(names(await employee.get('/api/org/users/wang.fang/managers?levels=3'))).toEqual([
      'zhang.min',
      'liu.yang',
      'chen.wei',
    ]);
    expect(names(await employee.get('/api/org/users/wang.fang/managers?levels=10'))).toHaveLength(3);
    expect((await employee.get('/api/org/users/chen.wei/manager')).body.manager).toBeNull();
    expect((await employee.get('/api/org/users/wang.fang/dept-head')).body.head.id).toBe('zhang.min');
    expect((await employee.get('/api/org/departments/finance/head')).body.head.id).toBe('sun.li');
    expect(names(await employee.get('/api/org/roles/salesperson/members'))).toEqual(['li.lei', 'wang.fang']);
    expect(names(await employee.get('/api/org/departments/sales/members'))).toEqual(['liu.yang']);
    expect(
      names(await employee.get('/api/org/departments/sales/members?includeSubDepartments=true')),
    ).toEqual(['li.lei', 'liu.yang', 'wang.fang', 'zhang.min']);
    await admin.post('/api/users/zhang.min/deactivate');
    expect((await employee.get('/api/org/users/wang.fang/manager')).body.manager.id).toBe('liu.yang');
    expect((await employee.get('/api/org/users/wang.fang/dept-head')).body.head.id).toBe('liu.yang');
    expect(names(await employee.get('/api/org/roles/sales-manager/members'))).toEqual(['liu.yang']);
    await admin.post('/api/users/zhang.min/activate');
    expect((await employee.get('/api/org/users/nobody/manager')).status).toBe(404);
  });

  it('lets a user edit their own profile but not their roles', async () => {
    const employee = await t.client('employee');
    const res = await employee.patch('/api/auth/me', { locale: 'en', phone: '13700000000' });
    expect(res.body).toMatchObject({ id: 'zheng.xin', locale: 'en', phone: '13700000000' });
    const roles = await employee.patch('/api/auth/me', { roles: ['admin'] });
    expect(roles.body.error).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ path: '/roles' }] });
  });

  it('deletes a user who manages nobody; refuses one who does', async () => {
    expect((await admin.delete('/api/users/wu.hao')).body.error.code).toBe('USER_REFERENCED');
    const temp = (await admin.post('/api/users', { login: 'temp.worker', displayName: 'Temp' })).body.user;
    expect((await admin.delete(`/api/users/${temp.id}`)).status).toBe(204);
    expect((await admin.get(`/api/users/${temp.id}`)).status).toBe(404);
    expect(await t.store.collection('credentials').get(temp.id)).toBeNull();
  });
});
