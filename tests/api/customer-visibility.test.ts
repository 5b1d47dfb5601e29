// "A salesperson sees only their own customers", through the records API in both run modes, as the
// demo company's people: the salespeople wang.fang and li.lei, the sales manager zhang.min, finance
// (zhao.qiang), an employee without a grant (zheng.xin) and an admin. Every way of reaching the
// customers keeps to the row rule of `record:customer` (demo.ts): list pages, count, get by id (404,
// not 403, for a row they may not see), full-text search, filters naming someone else's rows,
// and exports. The customers are created through the API by the people who own them.
/* eslint-disable @typescript-eslint/no-explicit-any -- replies are JSON that tests read freely */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCsv } from '#engine/core/tabular/csv.ts';
import type { DEMO_LOGINS } from '#engine/services/identity/demo.ts';
import { CUSTOMER_RESOURCE } from '#engine/services/identity/demo.ts';
import type { FormDefinition } from '#schemas/generated/index.ts';
import { MODES, startApp, type Client, type Reply, type TestApp } from '../support/app-harness.ts';

type Login = (typeof DEMO_LOGINS)[keyof typeof DEMO_LOGINS] | 'liu.yang';

interface Customer {
  id: string;
  owner: Login;
  department: string;
  name: string;
  phone: string;
}

const FORM = CUSTOMER_RESOURCE.replace(/^record:/, '');
const base = `/api/records/${FORM}`;
const L = (en: string, zh: string) => ({ en, 'zh-CN': zh });

/** Every customer of the scenario; "Jade" names span owners, so a search could leak. */
const CUSTOMERS: Customer[] = [
  {
    id: 'c-wang-1',
    owner: 'wang.fang',
    department: 'sales-east',
    name: 'Jade River Trading',
    phone: '13900000001',
  },
  {
    id: 'c-wang-2',
    owner: 'wang.fang',
    department: 'sales-east',
    name: 'Jade Lake Foods',
    phone: '13900000002',
  },
  {
    id: 'c-wang-3',
    owner: 'wang.fang',
    department: 'sales-east',
    name: 'Pearl Bay Textiles',
    phone: '13900000003',
  },
  {
    id: 'c-li-1',
    owner: 'li.lei',
    department: 'sales-east',
    name: 'Jade Hill Logistics',
    phone: '13900000004',
  },
  {
    id: 'c-li-2',
    owner: 'li.lei',
    department: 'sales-east',
    name: 'Silk Road Imports',
    phone: '13900000005',
  },
  {
    id: 'c-zhang-1',
    owner: 'zhang.min',
    department: 'sales-east',
    name: 'Jade Port Ceramics',
    phone: '13900000006',
  },
  { id: 'c-liu-1', owner: 'liu.yang', department: 'sales', name: 'Jade Tower Hotels', phone: '13900000007' },
];

const customerForm: FormDefinition = {
  id: FORM,
  module: 'crm',
  name: L('Customer', '客户'),
  schema: {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    type: 'object',
    properties: {
      name: { type: 'string', minLength: 1, maxLength: 200 },
      phone: { type: 'string', format: 'cn-mobile' },
    },
    required: ['name'],
    additionalProperties: false,
  },
  labels: { name: L('Name', '名称'), phone: L('Phone', '电话') },
  titleField: 'name',
};

const sorted = (ids: string[]) => [...ids].sort();
const idsWhere = (keep: (c: Customer) => boolean) => sorted(CUSTOMERS.filter(keep).map((c) => c.id));
const idsOf = (owner: Login) => idsWhere((c) => c.owner === owner);
const jade = (c: Customer) => c.name.startsWith('Jade');

/** Every page of a list (two rows a page, so that the cursor is followed too). */
async function listAll(client: Client, query = ''): Promise<{ status: number; rows: any[] }> {
  const rows: any[] = [];
  let cursor: string | null = null;
  do {
    const page: Reply = await client.get(
      `${base}?limit=2${query}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
    );
    if (page.status !== 200) return { status: page.status, rows };
    rows.push(...page.body.items);
    cursor = page.body.nextCursor ?? null;
  } while (cursor);
  return { status: 200, rows };
}

const ids = (rows: any[]) => sorted(rows.map((r) => r.id));

/** An export as CSV: its status, and its rows by column (id, owner, department, name, phone). */
async function exportCsv(client: Client): Promise<{ status: number; rows: string[][]; count?: string }> {
  const res = await client.post(`${base}/export`, {
    format: 'csv',
    columns: ['id', 'owner', 'department', 'data.name', 'data.phone'],
  });
  if (res.status !== 200) return { status: res.status, rows: [] };
  const [, ...rows] = parseCsv(String(res.body).replace(/^\ufeff/, ''));
  return { status: 200, rows, count: String(res.headers['x-export-rows']) };
}

describe.each(MODES)('customer visibility through the records API (%s mode)', (mode) => {
  let t: TestApp;
  const as = (login: Login) => t.client(login);

  beforeAll(async () => {
    t = await startApp(mode);
    const admin = await as('qian.admin');
    expect((await admin.post('/api/forms', customerForm)).status).toBe(201);
    expect((await admin.post(`/api/forms/${FORM}/publish`, {})).status).toBe(200);
    // The sales managers only read and export customers; for the setup they may also create some.
    const managers = (await admin.get('/api/roles/sales-manager')).body;
    const withCreate = managers.permissions.map((p: any) =>
      p.resource === CUSTOMER_RESOURCE ? { ...p, actions: [...p.actions, 'create'] } : p,
    );
    expect((await admin.patch('/api/roles/sales-manager', { permissions: withCreate })).status).toBe(200);
    for (const c of CUSTOMERS) {
      const created = await (
        await as(c.owner)
      ).post(base, { id: c.id, data: { name: c.name, phone: c.phone } });
      expect(created.status, `${c.owner} creates ${c.id}`).toBe(201);
      expect(created.body).toMatchObject({ owner: c.owner, department: c.department });
    }
    const restored = await admin.patch('/api/roles/sales-manager', { permissions: managers.permissions });
    expect(restored.status).toBe(200);
  });
  afterAll(() => t?.close());

  it('a salesperson lists, counts, searches and exports only their own customers', async () => {
    for (const login of ['wang.fang', 'li.lei'] as const) {
      const client = await as(login);
      const mine = idsOf(login);
      const list = await listAll(client, '&sort=id');
      expect([list.status, ids(list.rows)], login).toEqual([200, mine]);
      expect(list.rows.every((r) => r.owner === login && r.data.phone.length === 11)).toBe(true);
      expect((await client.get(`${base}/count`)).body, login).toEqual({ count: mine.length });
      const found = await listAll(client, '&q=jade');
      expect(ids(found.rows), `${login} searches "jade"`).toEqual(
        idsWhere((c) => c.owner === login && jade(c)),
      );
      expect((await client.get(`${base}/count?q=jade`)).body.count).toBe(found.rows.length);
      const exported = await exportCsv(client);
      expect([exported.status, exported.count], login).toEqual([200, String(mine.length)]);
      expect(sorted(exported.rows.map((r) => r[0]!))).toEqual(mine);
      expect(exported.rows.every((r) => r[1] === login)).toBe(true);
    }
  });

  it("a filter naming someone else's rows finds nothing: the row rule is added to it, not replaced", async () => {
    const wang = await as('wang.fang');
    const where = encodeURIComponent(JSON.stringify({ owner: 'li.lei' }));
    expect(await listAll(wang, `&where=${where}`)).toEqual({ status: 200, rows: [] });
    const queried = await wang.post(`${base}/query`, { where: { owner: 'li.lei' } });
    expect([queried.status, queried.body.items]).toEqual([200, []]);
    const byId = await wang.post(`${base}/query`, { where: { id: { in: ['c-li-1', 'c-wang-1'] } } });
    expect(ids(byId.body.items)).toEqual(['c-wang-1']);
  });

  it("a salesperson gets another's customer as not found (404), their own in full", async () => {
    const wang = await as('wang.fang');
    const li = await as('li.lei');
    for (const [client, id] of [
      [wang, 'c-li-1'],
      [li, 'c-wang-1'],
      [wang, 'c-liu-1'],
      [wang, 'c-nope'],
    ] as const) {
      const res = await client.get(`${base}/${id}`);
      expect([res.status, res.body.error?.code], `${client.login} gets ${id}`).toEqual([
        404,
        'RECORD_NOT_FOUND',
      ]);
      expect((await client.get(`${base}/${id}/history`)).status).toBe(404);
    }
    const own = await wang.get(`${base}/c-wang-2`);
    expect(own.status).toBe(200);
    expect(own.body).toMatchObject({
      owner: 'wang.fang',
      data: { name: 'Jade Lake Foods', phone: '13900000002' },
    });
    // Not visible means not changeable either.
    expect((await wang.patch(`${base}/c-li-1`, { rev: 1, patch: { name: 'Mine now' } })).status).toBe(404);
    expect((await li.get(`${base}/c-li-1`)).body.data.name).toBe('Jade Hill Logistics');
  });

  it('a sales manager sees their department and the ones below it, not the parent department', async () => {
    const zhang = await as('zhang.min');
    const east = idsWhere((c) => c.department === 'sales-east');
    expect(ids((await listAll(zhang)).rows)).toEqual(east);
    expect(ids((await listAll(zhang, '&q=jade')).rows)).toEqual(
      idsWhere((c) => c.department === 'sales-east' && jade(c)),
    );
    expect(sorted((await exportCsv(zhang)).rows.map((r) => r[0]!))).toEqual(east);
    expect((await zhang.get(`${base}/c-liu-1`)).status).toBe(404);
    // liu.yang heads Sales, above Sales — East China: he sees both.
    expect(ids((await listAll(await as('liu.yang'))).rows)).toEqual(sorted(CUSTOMERS.map((c) => c.id)));
  });

  it('finance reads every customer with the phone masked, and may not export', async () => {
    const finance = await as('zhao.qiang');
    const list = await listAll(finance);
    expect(ids(list.rows)).toEqual(sorted(CUSTOMERS.map((c) => c.id)));
    for (const r of list.rows) {
      expect(r.data.phone).toMatch(/^\d{3}\*{4}\d{4}$/);
      expect(r.masked).toEqual(['data.phone']);
    }
    expect((await finance.get(`${base}/c-wang-1`)).body.data.phone).toBe('139****0001');
    expect((await finance.get(`${base}/count`)).body).toEqual({ count: CUSTOMERS.length });
    const refused = await exportCsv(finance);
    expect(refused.status).toBe(403);
  });

  it('an employee without a grant is refused; an admin sees and exports everything in clear', async () => {
    const employee = await as('zheng.xin');
    expect((await employee.get(base)).status).toBe(403);
    expect((await employee.get(`${base}/c-wang-1`)).status).toBe(403);
    expect((await employee.get(`${base}/count`)).status).toBe(403);
    expect((await exportCsv(employee)).status).toBe(403);
    const all = await exportCsv(await as('qian.admin'));
    expect(all.rows.map((r) => r[4]).sort()).toEqual(CUSTOMERS.map((c) => c.phone).sort());
    expect(all.rows.map((r) => [r[0], r[1], r[2]]).sort()).toEqual(
      CUSTOMERS.map((c) => [c.id, c.owner, c.department]).sort(),
    );
  });
});
