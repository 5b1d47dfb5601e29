// The demo company (`npm start -- --demo` or DEMO=1): Acme Trading / 示例贸易, with departments and
// their heads, a reporting chain four levels deep (salesperson → sales manager → sales director →
// CEO), the built-in roles plus a salesperson who may see only their own customers. Every demo
// user has the same password, given (DEMO_PASSWORD) or generated and printed once. Seeding is
// idempotent: what exists is left alone.
import type { Department, Role, User } from '#schemas/generated/index.ts';
import { auditIn, SYSTEM } from '../audit/context.ts';
import type { Identity } from './identity.ts';
import { insertIfMissing } from './inserts.ts';
import { generatePassword, hashPassword } from './passwords.ts';
import { ensureRoles } from './seed.ts';

/** The demo user acting in each role (tests log in as these). */
export const DEMO_LOGINS = {
  employee: 'zheng.xin',
  manager: 'wu.hao',
  finance: 'zhao.qiang',
  analyst: 'zhou.jie',
  admin: 'qian.admin',
  salesperson: 'wang.fang',
  otherSalesperson: 'li.lei',
  salesManager: 'zhang.min',
  ceo: 'chen.wei',
} as const;

/** The resource of the demo's customer records (the CRM module's customer form). */
export const CUSTOMER_RESOURCE = 'record:customer';

export const DEMO_DEPARTMENTS: Department[] = [
  { id: 'hq', name: { en: 'Head office', 'zh-CN': '总部' }, head: 'chen.wei' },
  { id: 'sales', name: { en: 'Sales', 'zh-CN': '销售部' }, parent: 'hq', head: 'liu.yang' },
  {
    id: 'sales-east',
    name: { en: 'Sales — East China', 'zh-CN': '华东销售区' },
    parent: 'sales',
    head: 'zhang.min',
  },
  { id: 'finance', name: { en: 'Finance', 'zh-CN': '财务部' }, parent: 'hq', head: 'sun.li' },
  { id: 'operations', name: { en: 'Operations', 'zh-CN': '运营部' }, parent: 'hq', head: 'wu.hao' },
];

const person = (
  id: string,
  displayName: string,
  department: string,
  manager: string | undefined,
  roles: string[],
  phone: string,
): User => ({
  id,
  login: id,
  displayName,
  email: `${id}@acme.example`,
  phone,
  department,
  ...(manager ? { manager } : {}),
  roles,
  active: true,
  locale: 'zh-CN',
});

export const DEMO_USERS: User[] = [
  person('chen.wei', '陈伟 Chen Wei', 'hq', undefined, ['employee', 'manager'], '13800000001'),
  person('qian.admin', '钱进 Qian Jin', 'hq', 'chen.wei', ['employee', 'admin'], '13800000002'),
  person(
    'liu.yang',
    '刘洋 Liu Yang',
    'sales',
    'chen.wei',
    ['employee', 'manager', 'sales-manager'],
    '13800000003',
  ),
  person(
    'zhang.min',
    '张敏 Zhang Min',
    'sales-east',
    'liu.yang',
    ['employee', 'manager', 'sales-manager'],
    '13800000004',
  ),
  person(
    'wang.fang',
    '王芳 Wang Fang',
    'sales-east',
    'zhang.min',
    ['employee', 'salesperson'],
    '13800000005',
  ),
  person('li.lei', '李雷 Li Lei', 'sales-east', 'zhang.min', ['employee', 'salesperson'], '13800000006'),
  person('sun.li', '孙丽 Sun Li', 'finance', 'chen.wei', ['employee', 'manager', 'finance'], '13800000007'),
  person('zhao.qiang', '赵强 Zhao Qiang', 'finance', 'sun.li', ['employee', 'finance'], '13800000008'),
  person('wu.hao', '吴昊 Wu Hao', 'operations', 'chen.wei', ['employee', 'manager'], '13800000009'),
  person('zhou.jie', '周杰 Zhou Jie', 'operations', 'wu.hao', ['employee', 'analyst'], '13800000010'),
  person('zheng.xin', '郑欣 Zheng Xin', 'operations', 'wu.hao', ['employee'], '13800000011'),
];

const customerActions: Role['permissions'][number]['actions'] = ['read', 'create', 'update', 'export'];

export const DEMO_ROLES: Role[] = [
  {
    id: 'salesperson',
    name: { en: 'Salesperson', 'zh-CN': '销售员' },
    description: { en: 'Sees and edits only their own customers.', 'zh-CN': '只能查看和编辑自己的客户。' },
    permissions: [
      {
        resource: CUSTOMER_RESOURCE,
        actions: customerActions,
        rows: { type: 'own' },
        fields: { readOnly: ['owner'] },
      },
    ],
  },
  {
    id: 'sales-manager',
    name: { en: 'Sales manager', 'zh-CN': '销售经理' },
    description: {
      en: 'Sees the customers of their department and the ones below it.',
      'zh-CN': '可查看本部门及下级部门的客户。',
    },
    permissions: [
      {
        resource: CUSTOMER_RESOURCE,
        actions: ['read', 'export'],
        rows: { type: 'department', subDepartments: true },
      },
    ],
  },
];

/** The finance role also reads every customer, with the phone number masked. */
const FINANCE_CUSTOMER_GRANT: Role['permissions'][number] = {
  resource: CUSTOMER_RESOURCE,
  actions: ['read'],
  fields: { masked: ['data.phone'] },
};

/** Seeds the demo company; returns the demo users' password. */
export async function seedDemo(
  identity: Identity,
  options: { password?: string } = {},
): Promise<{ password: string; created: number }> {
  const password = options.password ?? generatePassword();
  await ensureRoles(identity);
  await ensureRoles(identity, DEMO_ROLES);
  const finance = await identity.roles.col.get('finance');
  if (finance && !finance.permissions.some((p) => p.resource === CUSTOMER_RESOURCE))
    await identity.roles.col.update('finance', finance.rev, {
      set: { permissions: [...finance.permissions, FINANCE_CUSTOMER_GRANT] },
    });
  // Departments first without heads (the heads do not exist yet), then users, then the heads.
  for (const { head: _head, ...d } of DEMO_DEPARTMENTS) {
    // Parents come before children in the list, so a parent always exists when referenced.
    await insertIfMissing(() => identity.departments.col.insert(d));
  }
  const hash = await hashPassword(password); // one hash for all: same password, same cost once
  let created = 0;
  for (const user of DEMO_USERS) {
    const inserted = await insertIfMissing(() => identity.users.col.insert(user));
    if (!inserted) continue;
    created++;
    await identity.credentials.create(user.id, hash, false);
    await auditIn(identity.audit, SYSTEM, {
      action: 'user.create',
      resource: 'users',
      resourceId: user.id,
      after: inserted,
    });
  }
  for (const d of DEMO_DEPARTMENTS) {
    const current = await identity.departments.col.get(d.id);
    if (current && !current.head && d.head)
      await identity.departments.col.update(d.id, current.rev, { set: { head: d.head } });
  }
  return { password, created };
}

/** The console text listing the demo logins; a password the operator chose is not echoed. */
export function demoBanner(password: string | null): string {
  const rows = Object.entries(DEMO_LOGINS).map(([role, login]) => `   ${role.padEnd(18)} ${login}`);
  const shown = password ?? '(the DEMO_PASSWORD you set / 您设置的 DEMO_PASSWORD)';
  return ['', ' Demo company seeded. 已创建演示公司。', ...rows, `   password / 密码:   ${shown}`, ''].join(
    '\n',
  );
}
