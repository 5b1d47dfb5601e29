// The demo company (`npm start -- --demo` or DEMO=1): Acme Trading / 示例贸易 (demo-company.json),
// with departments and their heads, a reporting chain four levels deep (salesperson → sales
// manager → sales director → CEO), the built-in roles plus the company's own (a salesperson who
// may see only their own customers …). Every demo user has the same password, given
// (DEMO_PASSWORD) or generated and printed once. Seeding is idempotent: what exists is left alone.
import type { Department, Role, User } from '#schemas/generated/index.ts';
import { SYSTEM } from '#engine/core/actor.ts';
import { recordAudit } from '../audit/record-audit.ts';
import company from './demo-company.json' with { type: 'json' };
import type { Identity } from './identity.ts';
import { insertIfMissing } from './inserts.ts';
import { generatePassword, hashPassword } from './passwords.ts';
import { ensureRoles } from './seed.ts';

/** The demo user acting in each role (tests log in as these). */
export const DEMO_LOGINS = company.logins;

/** The resource of the demo's customer records (the customer form a CRM module would bring). */
export const CUSTOMER_RESOURCE = 'record:customer';

export const DEMO_DEPARTMENTS: Department[] = company.departments;

export const DEMO_USERS: User[] = company.people.map((p) => ({
  id: p.id,
  login: p.id,
  displayName: p.name,
  email: `${p.id}@acme.example`,
  phone: p.phone,
  department: p.department,
  ...(p.manager ? { manager: p.manager } : {}),
  roles: p.roles,
  active: true,
  locale: 'zh-CN',
}));

/**
 * The roles the demo company's people hold besides the built-in ones. A role that exists already
 * (one a module brought, or an earlier seeding) keeps what it has and gets the demo's grants on
 * resources it has none on, whichever of the two came first.
 */
export const DEMO_ROLES = company.roles as Role[];

/** Seeds the demo company; returns the demo users' password. */
export async function seedDemo(
  identity: Identity,
  options: { password?: string } = {},
): Promise<{ password: string; created: number }> {
  const password = options.password ?? generatePassword();
  await ensureRoles(identity);
  await ensureRoles(identity, DEMO_ROLES);
  for (const role of DEMO_ROLES) {
    const current = await identity.roles.col.get(role.id);
    if (!current) continue;
    const missing = role.permissions.filter(
      (g) => !current.permissions.some((p) => p.resource === g.resource),
    );
    if (missing.length)
      await identity.roles.col.update(role.id, current.rev, {
        set: { permissions: [...current.permissions, ...missing] },
      });
  }
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
    await recordAudit(identity.audit, SYSTEM, {
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
