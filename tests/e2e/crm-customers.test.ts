// The CRM's customers as its salespeople reach them, in both run modes, on the module's own demo
// data (modules/crm/seed): wang.fang and li.lei each see their own customers and the public
// pool's — never each other's — through every path (list pages, count, get, full-text search,
// filters naming the other's rows, CSV export, a report, the link picker of an opportunity); the
// sales manager of East China sees that region's; duplicates (same phone, same company name
// whatever its spacing and case) are refused on create and reported per row on import, with a
// code, without naming a record the writer may not see.
/* eslint-disable @typescript-eslint/no-explicit-any -- replies are JSON that tests read freely */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCsv } from '#engine/core/tabular/csv.ts';
import { ManualClock } from '#engine/ports/clock.ts';
import { MODES, startApp, type Client, type TestApp } from '../support/app-harness.ts';

interface SeedCustomer {
  id: string;
  owner: string;
  department: string;
  data: { name: string; phone: string; inPool: boolean; industry: string };
}

const SEED: SeedCustomer[] = JSON.parse(
  readFileSync(join(import.meta.dirname, '../../modules/crm/seed/demo-customers.json'), 'utf8'),
).records;
const CUSTOMERS = '/api/records/crm-customer';
const OPPORTUNITIES = '/api/records/crm-opportunity';

const sorted = (ids: string[]) => [...ids].sort();
/** What a salesperson may read: their own customers and every one in the pool. */
const visibleTo = (login: string) =>
  sorted(SEED.filter((c) => c.owner === login || c.data.inPool).map((c) => c.id));
const notVisibleTo = (login: string) => SEED.filter((c) => c.owner !== login && !c.data.inPool);

async function listAll(client: Client, query = ''): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | null = null;
  do {
    const page: any = await client.get(
      `${CUSTOMERS}?limit=100${query}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
    );
    expect(page.status, JSON.stringify(page.body)).toBe(200);
    ids.push(...page.body.items.map((r: any) => r.id));
    cursor = page.body.nextCursor ?? null;
  } while (cursor);
  return sorted(ids);
}

describe.each(MODES)('CRM customers: isolation and duplicates (%s)', (mode) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startApp(mode, {
      platform: {
        clock: new ManualClock(Date.parse('2026-12-07T02:00:00Z')),
        workers: false,
        sweepEveryMs: 0,
      },
    });
    await t.app.ready();
    const admin = await t.client('admin');
    expect((await admin.post('/api/modules/cn-calendar/install', { enable: true })).status).toBe(200);
    const installed = await admin.post('/api/modules/crm/install', { enable: true, demo: true });
    expect(installed.status, JSON.stringify(installed.body)).toBe(200);
  });
  afterAll(() => t?.close());

  it('lists, counts and gets only what each salesperson may see', async () => {
    for (const login of ['wang.fang', 'li.lei']) {
      const client = await t.client(login);
      expect(await listAll(client), login).toEqual(visibleTo(login));
      expect((await client.get(`${CUSTOMERS}/count`)).body.count).toBe(visibleTo(login).length);
      const other = notVisibleTo(login).find((c) =>
        c.owner.startsWith(login === 'wang.fang' ? 'li' : 'wang'),
      )!;
      expect((await client.get(`${CUSTOMERS}/${other.id}`)).status).toBe(404);
      const where = encodeURIComponent(JSON.stringify({ owner: other.owner }));
      const named = await listAll(client, `&where=${where}`);
      expect(named).toEqual(
        sorted(SEED.filter((c) => c.owner === other.owner && c.data.inPool).map((c) => c.id)),
      );
    }
  });

  it('finds by full text only among the visible customers', async () => {
    const wang = await t.client('wang.fang');
    const theirs = notVisibleTo('wang.fang').find((c) => c.owner === 'li.lei')!;
    const found = await listAll(wang, `&q=${encodeURIComponent(theirs.data.name)}`);
    expect(found).not.toContain(theirs.id);
    const li = await t.client('li.lei');
    expect(await listAll(li, `&q=${encodeURIComponent(theirs.data.name)}`)).toContain(theirs.id);
  });

  it('exports only the visible customers', async () => {
    for (const login of ['wang.fang', 'li.lei']) {
      const res = await (
        await t.client(login)
      ).post(`${CUSTOMERS}/export`, {
        format: 'csv',
        columns: ['id', 'owner', 'data.name'],
      });
      expect(res.status).toBe(200);
      const [, ...rows] = parseCsv(String(res.body).replace(/^\ufeff/, ''));
      expect(sorted(rows.map((r) => r[0]!))).toEqual(visibleTo(login));
    }
  });

  it('counts only the visible customers in a report', async () => {
    const run = async (login: string) =>
      (await (await t.client(login)).post('/api/reports/crm-customers-by-industry/run', { params: {} })).body;
    for (const login of ['wang.fang', 'li.lei']) {
      const report = await run(login);
      expect(report.totals.customers, login).toBe(visibleTo(login).length);
    }
    // The East China manager: the region's customers (the pool's among them), not the sales
    // director's own ones in the parent department.
    const zhang = await run('zhang.min');
    expect(zhang.totals.customers).toBe(SEED.filter((c) => c.department === 'sales-east').length);
    expect((await run('liu.yang')).totals.customers).toBe(SEED.length);
  });

  it("offers only the visible customers in an opportunity's customer picker", async () => {
    const wang = await t.client('wang.fang');
    const picker = async (q: string) =>
      (
        await wang.get(`${OPPORTUNITIES}/link-options?field=customer&q=${encodeURIComponent(q)}`)
      ).body.items.map((o: any) => o.id);
    const mine = SEED.find((c) => c.owner === 'wang.fang' && !c.data.inPool)!;
    const theirs = notVisibleTo('wang.fang').find((c) => c.owner === 'li.lei')!;
    expect(await picker(mine.data.name)).toContain(mine.id);
    expect(await picker(theirs.data.name)).not.toContain(theirs.id);
    // Nor can an opportunity be pointed at it by id (which would fetch its name): to the writer
    // it does not exist, as a record that does not (x-link readable).
    const res = await wang.post(OPPORTUNITIES, {
      data: { title: 'Poach', customer: theirs.id, stage: 'lead', value: '1000.00' },
    });
    expect([res.status, res.body.error?.code]).toEqual([422, 'LINK_NOT_FOUND']);
    expect(JSON.stringify(res.body)).not.toContain(theirs.data.name);
    const own = await wang.post(OPPORTUNITIES, {
      data: { title: 'Mine', customer: mine.id, stage: 'lead', value: '1000.00' },
    });
    expect([own.status, own.body.data?.customerName]).toEqual([201, mine.data.name]);
  });

  it('refuses a duplicate phone or company name with RECORD_DUPLICATE, naming no record', async () => {
    const wang = await t.client('wang.fang');
    const theirs = notVisibleTo('wang.fang').find((c) => c.owner === 'li.lei')!;
    const phone = await wang.post(CUSTOMERS, {
      data: { name: 'Brand new trading', kind: 'company', phone: theirs.data.phone },
    });
    expect([phone.status, phone.body.error.code]).toEqual([409, 'RECORD_DUPLICATE']);
    expect(phone.body.error.details.map((d: any) => d.path)).toEqual(['/phone']);
    expect(phone.body.error.details[0].messageZh).toBe('已存在使用此电话号码的客户');
    expect(JSON.stringify(phone.body)).not.toContain(theirs.id);
    expect(JSON.stringify(phone.body)).not.toContain('li.lei');
    const spaced = ` ${theirs.data.name.slice(0, 2)} ${theirs.data.name.slice(2)} `;
    const name = await wang.post(CUSTOMERS, {
      data: { name: spaced, kind: 'company', phone: '13611110000' },
    });
    expect([name.status, name.body.error.code]).toEqual([409, 'RECORD_DUPLICATE']);
    expect(name.body.error.details.map((d: any) => d.path)).toEqual(['/name']);
    const fresh = await wang.post(CUSTOMERS, {
      data: { name: 'Brand new trading', kind: 'company', phone: '13611110000' },
    });
    expect(fresh.status, JSON.stringify(fresh.body)).toBe(201);
    // Changing another field of a customer is not a duplicate of itself.
    const edited = await wang.patch(`${CUSTOMERS}/${fresh.body.id}`, {
      rev: fresh.body.rev,
      patch: { region: '杭州' },
    });
    expect(edited.status, JSON.stringify(edited.body)).toBe(200);
  });

  it('offers no sales documents without the purchasing and sales module, and refuses to make them', async () => {
    const wang = await t.client('wang.fang');
    const mine = SEED.find((c) => c.owner === 'wang.fang' && !c.data.inPool)!;
    const page = await wang.get(`${CUSTOMERS}/${mine.id}/document`);
    expect([page.status, page.body.makes]).toEqual([200, []]);
    const made = await wang.post(`${CUSTOMERS}/${mine.id}/make/sales-customer`, {});
    expect([made.status, made.body.error.code]).toEqual([409, 'DOCUMENT_MAKE_MODULE_DISABLED']);
    expect(made.body.error.messageZh).toContain('purchasing-sales');
    const won = await wang.post(OPPORTUNITIES, {
      data: { title: 'Off-module deal', customer: mine.id, stage: 'won', value: '100.00' },
    });
    expect(won.status, JSON.stringify(won.body)).toBe(201);
    const order = await wang.post(`${OPPORTUNITIES}/${won.body.id}/make/sales-order`, {});
    expect([order.status, order.body.error.code]).toEqual([409, 'DOCUMENT_MAKE_MODULE_DISABLED']);
    // Another salesperson's customer is not found, whatever it would make; nor is a make never declared.
    const theirs = notVisibleTo('wang.fang')[0]!;
    const hidden = await wang.post(`${CUSTOMERS}/${theirs.id}/make/sales-customer`, {});
    expect(hidden.status).toBe(404);
    const unknown = await wang.post(`${CUSTOMERS}/${mine.id}/make/invoice`, {});
    expect([unknown.status, unknown.body.error.code]).toEqual([404, 'DOCUMENT_MAKE_NOT_FOUND']);
  });

  it('reports duplicate rows of an import with their code, and imports the others', async () => {
    const li = await t.client('li.lei');
    const wangs = SEED.find((c) => c.owner === 'wang.fang' && !c.data.inPool)!;
    const csv = [
      'Name,Company or person,Phone',
      `Imported One,company,13622220001`,
      `Imported Two,company,${wangs.data.phone}`,
      `${wangs.data.name.toUpperCase()},company,13622220003`,
    ].join('\n');
    const body = { fileName: 'customers.csv', content: Buffer.from(csv).toString('base64') };
    const dry = await li.post(`${CUSTOMERS}/import`, body);
    expect(dry.status, JSON.stringify(dry.body)).toBe(200);
    expect(dry.body.problems.map((p: any) => [p.row, p.path, p.code])).toEqual([
      [3, '/phone', 'RECORD_DUPLICATE'],
      [4, '/name', 'RECORD_DUPLICATE'],
    ]);
    const commit = await li.post(`${CUSTOMERS}/import`, {
      ...body,
      mode: 'commit',
      policy: 'valid-rows-only',
    });
    expect(commit.body).toMatchObject({ status: 'committed', imported: 1 });
    expect((await li.get(`${CUSTOMERS}/count?q=Imported`)).body.count).toBe(1);
  });
});
