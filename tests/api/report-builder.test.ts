// The report builder through HTTP in both run modes: a report made from parts (no JSON file) gives
// the figures computed by hand, over form records and over the general ledger (time buckets); it
// is saved in versions, shared with a role, exported into a module; the row rules of each reader
// hold in its runs, its drill-down and its XLSX export; bad definitions are refused at their paths.
// Its owner schedules it by e-mail to readers of it: delivered once per period, also after a restart.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '#engine/ports/clock.ts';
import { SESSION_COOKIE } from '#engine/http/plugins/auth.ts';
import { readXlsx } from '#engine/core/tabular/xlsx.ts';
import { MODES, startApp, type TestApp } from '../support/app-harness.ts';
import { CUSTOMERS, customerForm, ITEMS, itemForm, orderForm } from './documents-fixtures.ts';

const L = (en: string, zh: string) => ({ en, 'zh-CN': zh });

/** Credit limits by owner: two levels are not needed here, the row rules are the point. */
const creditByOwner = {
  name: L('Credit by salesperson', '按销售员统计信用额度'),
  source: { form: 'customer' },
  groupBy: [{ field: 'owner', as: 'owner' }],
  measures: [
    { op: 'count', as: 'customers', label: L('Customers', '客户数') },
    { op: 'sum', field: 'data.creditLimit', as: 'credit', label: L('Credit limit', '信用额度') },
  ],
  chart: { type: 'bar', x: 'owner', y: ['credit'] },
};

describe.each(MODES)('report builder API (%s)', (mode) => {
  let t: TestApp;
  // 2026-01-05 09:00 UTC is 17:00 in Shanghai, a Monday.
  const clock = new ManualClock(Date.parse('2026-01-05T09:00:00Z'));
  const outboxDir = mkdtempSync(join(tmpdir(), 'forma-report-mail-'));
  beforeAll(async () => {
    t = await startApp(mode, { platform: { clock, outboxDir } });
    await t.app.ready();
    // The demo's customers (row rules: a salesperson reads their own, a sales manager the
    // department's), created by their owners.
    const admin = await t.client('qian.admin');
    expect((await admin.post('/api/forms', customerForm)).status).toBe(201);
    expect((await admin.post('/api/forms/customer/publish', {})).status).toBe(200);
    const role = (await admin.get('/api/roles/salesperson')).body;
    const permissions = role.permissions.map((p: { resource: string; actions: string[] }) =>
      p.resource === 'record:customer' ? { ...p, actions: [...new Set([...p.actions, 'create'])] } : p,
    );
    expect((await admin.patch('/api/roles/salesperson', { permissions })).status).toBe(200);
    for (const c of CUSTOMERS) {
      const res = await (
        await t.client(c.owner)
      ).post('/api/records/customer', {
        id: c.id,
        data: { name: c.name, creditLimit: c.creditLimit },
      });
      expect(res.status).toBe(201);
    }
    // Vouchers of two months, posted as a module's automation would.
    const post = (id: string, date: string, amount: string) =>
      t.app.services.ledger.post(
        {
          source: { kind: 'test', id },
          date,
          lines: [
            { account: '1122', debit: amount },
            { account: '5001', credit: amount },
          ],
        },
        { by: 'automation:test' },
      );
    await post('v1', '2026-03-02', '100.10');
    await post('v2', '2026-03-28', '200.20');
    await post('v3', '2026-04-01', '0.30');
  }, 60_000);
  afterAll(async () => {
    await t.close();
    rmSync(outboxDir, { recursive: true, force: true });
  });

  it('a report made in the builder equals the hand-computed figures, and only the reader’s rows count', async () => {
    const manager = await t.client('zhang.min'); // sales manager: every customer of sales-east
    const preview = await manager.post('/api/reports/preview', { definition: creditByOwner });
    expect(preview.status, JSON.stringify(preview.body)).toBe(200);
    expect(preview.body.rows).toEqual([
      { owner: 'li.lei', customers: 1, credit: '80000.00' },
      { owner: 'wang.fang', customers: 2, credit: '70000.00' },
    ]);
    expect(preview.body.totals).toEqual({ customers: 3, credit: '150000.00' });

    const saved = await manager.post('/api/reports/saved', {
      name: 'credit-by-owner',
      definition: creditByOwner,
      roles: ['salesperson'],
    });
    expect(saved.status, JSON.stringify(saved.body)).toBe(201);
    expect(saved.body).toMatchObject({
      id: 'saved-credit-by-owner',
      saved: { version: 1, owner: 'zhang.min' },
    });

    // Shared with salespeople: each one's run holds their own customers only.
    const wang = await t.client('wang.fang');
    const listed = (await wang.get('/api/reports')).body.items.map((r: { id: string }) => r.id);
    expect(listed).toContain('saved-credit-by-owner');
    const mine = await wang.post('/api/reports/saved-credit-by-owner/run', {});
    expect([mine.body.rows, mine.body.totals]).toEqual([
      [{ owner: 'wang.fang', customers: 2, credit: '70000.00' }],
      { customers: 2, credit: '70000.00' },
    ]);
    const li = await t.client('li.lei');
    expect((await li.post('/api/reports/saved-credit-by-owner/run', {})).body.totals).toEqual({
      customers: 1,
      credit: '80000.00',
    });
    // Not shared with employees.
    const employee = await t.client('zheng.xin');
    expect((await employee.post('/api/reports/saved-credit-by-owner/run', {})).status).toBe(403);
  });

  it('calculated measures: exact decimals over the others; bad formulas are 422 at their paths', async () => {
    const manager = await t.client('zhang.min');
    const calc = (expression: string) => ({
      ...creditByOwner,
      measures: [...creditByOwner.measures, { op: 'calc', expression, as: 'perCustomer' }],
    });
    const preview = await manager.post('/api/reports/preview', { definition: calc('credit / customers') });
    expect(preview.status, JSON.stringify(preview.body)).toBe(200);
    expect(preview.body.rows.map((r: { perCustomer: string }) => r.perCustomer)).toEqual([
      '80000.00',
      '35000.00',
    ]);
    // Dividing by zero gives no figure rather than an error.
    const zero = await manager.post('/api/reports/preview', {
      definition: calc('credit / (customers - customers)'),
    });
    expect(zero.body.rows.map((r: { perCustomer: unknown }) => r.perCustomer)).toEqual([null, null]);
    for (const expression of ['credit / orders', 'credit +', 'credit % 2']) {
      const res = await manager.post('/api/reports/preview', { definition: calc(expression) });
      expect([res.status, res.body.error?.code, res.body.error?.details?.[0]?.path]).toEqual([
        422,
        'REPORT_DEFINITION_INVALID',
        '/definition/measures/2/expression',
      ]);
      expect(res.body.error.details[0].messageZh).toBeTruthy();
    }
    // A report that offers no dataset is no source to build on.
    const notDataset = await manager.post('/api/reports/preview', {
      definition: { ...creditByOwner, source: { dataset: 'saved-credit-by-owner' } },
    });
    expect([notDataset.status, notDataset.body.error?.code]).toEqual([404, 'REPORT_SOURCE_UNKNOWN']);
  });

  it('drill-down and export keep to the reader’s rows', async () => {
    const wang = await t.client('wang.fang');
    const own = await wang.post('/api/reports/saved-credit-by-owner/drill', {
      group: { owner: 'wang.fang' },
      measure: 'credit',
    });
    expect(own.status, JSON.stringify(own.body)).toBe(200);
    expect(own.body.total).toBe(2);
    expect(own.body.rows.map((r: { link: string }) => r.link).sort()).toEqual([
      '/records/customer/c-wang-1',
      '/records/customer/c-wang-2',
    ]);
    expect(own.body.rows.find((r: { id: string }) => r.id === 'c-wang-1').values).toEqual({
      owner: 'wang.fang',
      credit: '50000.00',
    });
    // Another salesperson's figure: asking for it shows nothing of theirs.
    const other = await wang.post('/api/reports/saved-credit-by-owner/drill', { group: { owner: 'li.lei' } });
    expect([other.body.total, other.body.rows]).toEqual([0, []]);
    const manager = await t.client('zhang.min');
    expect(
      (await manager.post('/api/reports/saved-credit-by-owner/drill', { group: { owner: 'li.lei' } })).body
        .total,
    ).toBe(1);
    const unknown = await wang.post('/api/reports/saved-credit-by-owner/drill', { group: { region: 'x' } });
    expect([unknown.status, unknown.body.error.code, unknown.body.error.details[0].path]).toEqual([
      400,
      'REPORT_DRILL_COLUMN_UNKNOWN',
      '/group/region',
    ]);

    // The harness decodes bodies as text; a workbook is read from the raw bytes.
    const file = await t.app.inject({
      method: 'POST',
      url: '/api/reports/saved-credit-by-owner/export',
      payload: { locale: 'zh-CN' },
      headers: { cookie: `${SESSION_COOKIE}=${wang.cookie}` },
    });
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-type']).toContain('spreadsheetml');
    const sheet = await readXlsx(file.rawPayload);
    expect(sheet.map((r) => r.cells)).toEqual([
      ['owner', '客户数', '信用额度'],
      ['wang.fang', 2, 70000],
      ['合计', 2, 70000],
    ]);
  });

  it('saves versions, refuses a stale save, and exports the report into a module file', async () => {
    const manager = await t.client('zhang.min');
    const v2 = await manager.put('/api/reports/saved/saved-credit-by-owner', {
      version: 1,
      definition: { ...creditByOwner, limit: 1 },
      roles: ['salesperson', 'manager'],
    });
    expect([v2.status, v2.body.saved.version]).toEqual([200, 2]);
    const stale = await manager.put('/api/reports/saved/saved-credit-by-owner', {
      version: 1,
      definition: creditByOwner,
    });
    expect([stale.status, stale.body.error.code, stale.body.error.details[0].path]).toEqual([
      409,
      'REPORT_VERSION_CONFLICT',
      '/version',
    ]);
    const versions = await manager.get('/api/reports/saved-credit-by-owner/versions');
    expect(versions.body.items.map((v: { version: number }) => v.version)).toEqual([2, 1]);
    const exported = await manager.get('/api/reports/saved-credit-by-owner/module-file');
    expect(exported.body.file).toBe('reports/credit-by-owner.json');
    expect(exported.body.content).toMatchObject({ readers: ['salesperson', 'manager'], limit: 1 });
    expect(exported.body.content).not.toHaveProperty('id');
    // Someone else's report: only its owner (or an admin) changes it.
    const wu = await t.client('wu.hao');
    const foreign = await wu.put('/api/reports/saved/saved-credit-by-owner', {
      version: 2,
      definition: creditByOwner,
    });
    expect(foreign.status).toBe(403);
  });

  it('groups the general ledger by month bucket and account, as computed by hand', async () => {
    const admin = await t.client('qian.admin');
    const res = await admin.post('/api/reports/preview', {
      definition: {
        name: L('Receivables by month', '按月应收'),
        source: { collection: 'ledger', unwind: 'lines' },
        filters: [{ field: 'lines.account', op: 'eq', value: '1122' }],
        groupBy: [
          { field: 'date', bucket: 'month', as: 'month', label: L('Date (month)', '日期（月）') },
          { field: 'lines.account', as: 'account' },
        ],
        measures: [
          { op: 'sum', field: 'lines.debit', as: 'debit' },
          { op: 'count', as: 'lines' },
        ],
      },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    // 100.10 + 200.20 in March, 0.30 in April: exact decimals, no binary float drift.
    expect(res.body.rows).toEqual([
      { month: '2026-03', account: '1122', debit: '300.30', lines: 2 },
      { month: '2026-04', account: '1122', debit: '0.30', lines: 1 },
    ]);
    expect(res.body.totals).toEqual({ debit: '300.60', lines: 3 });
    // A group column carries its label (the builder names it after the field), the others their name.
    expect(res.body.columns.slice(0, 2)).toEqual([
      { name: 'month', kind: 'group', label: L('Date (month)', '日期（月）') },
      { name: 'account', kind: 'group' },
    ]);
    const sources = await admin.get('/api/reports/sources');
    const ids = sources.body.items.map((s: { id: string }) => s.id);
    expect(ids).toEqual(expect.arrayContaining(['ledger', 'customer']));
    // A salesperson builds nothing (no grant) and sees no ledger.
    const wang = await t.client('wang.fang');
    expect((await wang.post('/api/reports/preview', { definition: creditByOwner })).status).toBe(403);
  });

  it('joins linked records (lookups): order lines by customer × item as computed by hand; bad lookups are 422 at their paths', async () => {
    const admin = await t.client('qian.admin');
    for (const form of [itemForm, orderForm]) {
      expect((await admin.post('/api/forms', form)).status).toBe(201);
      expect((await admin.post(`/api/forms/${form.id}/publish`, {})).status).toBe(200);
    }
    for (const item of ITEMS)
      expect(
        (await admin.post('/api/records/item', { id: item.id, data: { name: item.name, price: item.price } }))
          .status,
      ).toBe(201);
    const order = (customer: string, lines: Array<[string, number]>) =>
      admin.post('/api/records/sales-order', {
        data: { customer, lines: lines.map(([item, qty]) => ({ item, qty })) },
      });
    expect(
      (
        await order('c-wang-1', [
          ['i-chair', 2],
          ['i-desk', 1],
        ])
      ).status,
    ).toBe(201);
    expect((await order('c-li-1', [['i-chair', 4]])).status).toBe(201);

    // The catalogue offers the order's lines as a source of their own, their links named.
    const sources = (await admin.get('/api/reports/sources')).body.items;
    const lines = sources.find((s: { id: string; unwind?: string }) => s.id === 'sales-order' && s.unwind);
    expect(lines).toMatchObject({
      kind: 'form',
      unwind: 'data.lines',
      name: L('Sales order · Lines', '销售订单 · 明细'),
    });
    const fieldOf = (path: string) => lines.fields.find((f: { path: string }) => f.path === path);
    expect(fieldOf('data.lines.item')).toMatchObject({
      link: { form: 'item', key: 'id' },
      label: L('Item', '物料'),
    });
    expect(fieldOf('data.customer')).toMatchObject({ link: { form: 'customer', key: 'id' } });
    expect(fieldOf('data.lines.amount')).toMatchObject({ type: 'number' });

    const byCustomerAndItem = {
      name: L('Ordered by customer and item', '按客户与物料的订货'),
      source: { form: 'sales-order', unwind: 'data.lines' },
      lookups: [
        { field: 'data.customer', form: 'customer', key: 'id', value: 'data.name', as: 'customer_name' },
        { field: 'data.lines.item', form: 'item', key: 'id', value: 'data.name', as: 'item_name' },
      ],
      groupBy: [
        { field: 'customer_name', as: 'customer' },
        { field: 'item_name', as: 'item' },
      ],
      measures: [{ op: 'sum', field: 'data.lines.amount', as: 'amount' }],
    };
    const run = await admin.post('/api/reports/preview', { definition: byCustomerAndItem });
    expect(run.status, JSON.stringify(run.body)).toBe(200);
    // 2 × 450.00 and 1 × 1800.00 for Jade River; 4 × 450.00 for Jade Hill.
    const key = (r: { customer: string; item: string }) => `${r.customer}/${r.item}`;
    expect([...run.body.rows].sort((a, b) => key(a).localeCompare(key(b)))).toEqual([
      { customer: 'Jade Hill Logistics', item: 'Office chair', amount: '1800.00' },
      { customer: 'Jade River Trading', item: 'Office chair', amount: '900.00' },
      { customer: 'Jade River Trading', item: 'Standing desk', amount: '1800.00' },
    ]);
    expect(run.body.totals).toEqual({ amount: '4500.00' });

    // A bad lookup is refused at its path (en and zh-CN), saved or previewed.
    const refused = async (lookup: Record<string, string>, path: string, client = admin) => {
      const res = await client.post('/api/reports/saved', {
        name: 'bad-lookup',
        definition: { ...byCustomerAndItem, lookups: [{ ...byCustomerAndItem.lookups[0], ...lookup }] },
      });
      expect([res.status, res.body.error?.code, res.body.error?.details?.[0]?.path]).toEqual([
        422,
        'REPORT_DEFINITION_INVALID',
        path,
      ]);
      return res.body.error;
    };
    const noForm = await refused({ form: 'nope' }, '/definition/lookups/0/form');
    expect(noForm.messageZh).toContain('没有表单');
    await refused({ value: 'data.region' }, '/definition/lookups/0/value');
    await refused({ key: 'data.nothing' }, '/definition/lookups/0/key');
    await refused({ field: 'data.nowhere' }, '/definition/lookups/0/field');
    await refused({ as: 'data' }, '/definition/lookups/0/as'); // would replace the record's data
    // A later lookup's name is not there yet for an earlier one.
    await refused({ field: 'item_name' }, '/definition/lookups/0/field');
    // A form its maker may not read (the sales manager reads customers, not items).
    const manager = await t.client('zhang.min');
    const hidden = await manager.post('/api/reports/preview', {
      definition: {
        ...creditByOwner,
        lookups: [{ field: 'data.name', form: 'item', key: 'data.name', value: 'data.price', as: 'price' }],
      },
    });
    expect([hidden.status, hidden.body.error?.details?.[0]?.path]).toEqual([
      422,
      '/definition/lookups/0/form',
    ]);
    expect(hidden.body.error.message).toContain('may not read');
    expect((await admin.get('/api/reports/saved-bad-lookup')).status).toBe(404);
  });

  it('alerts on a builder-made report run as its owner and link to the report', async () => {
    const manager = await t.client('zhang.min');
    const alerting = {
      ...creditByOwner,
      alerts: [
        {
          id: 'credit-high',
          measure: 'credit',
          op: 'gt',
          value: '100000',
          notifyRole: 'sales-manager',
          message: L('Credit limits total {value}', '信用额度合计 {value}'),
        },
      ],
    };
    const saved = await manager.post('/api/reports/saved', { name: 'credit-alert', definition: alerting });
    expect(saved.status, JSON.stringify(saved.body)).toBe(201);
    // Checked as the owner (every sales-east customer: 150000.00 > 100000): fires once.
    const fired = await t.app.services.reports.checkSavedAlerts();
    expect(fired).toEqual([{ report: 'saved-credit-alert', alert: 'credit-high', value: '150000.00' }]);
    expect(await t.app.services.reports.checkSavedAlerts()).toEqual([]);
    const inbox = await manager.get('/api/notifications?limit=20');
    const note = inbox.body.items.find((n: { title: { en: string } }) =>
      n.title.en.includes('Credit limits'),
    );
    expect(note).toMatchObject({
      title: { en: 'Credit limits total 150000.00', 'zh-CN': '信用额度合计 150000.00' },
      link: '/reports/saved-credit-alert',
    });
  });

  it('refuses bad definitions at their paths and keeps what was saved', async () => {
    const manager = await t.client('zhang.min');
    const noField = await manager.post('/api/reports/saved', {
      name: 'broken',
      definition: { ...creditByOwner, measures: [{ op: 'sum', as: 'x' }] },
    });
    expect([noField.status, noField.body.error.code, noField.body.error.details[0].path]).toEqual([
      422,
      'REPORT_DEFINITION_INVALID',
      '/definition/measures/0/field',
    ]);
    expect(noField.body.error.messageZh).toContain('需要字段');
    const noForm = await manager.post('/api/reports/preview', {
      definition: { ...creditByOwner, source: { form: 'nope' } },
    });
    expect(noForm.status).toBe(404);
    const noSource = await manager.post('/api/reports/preview', {
      definition: { ...creditByOwner, source: { collection: 'stock' } },
    });
    expect([noSource.status, noSource.body.error.code]).toEqual([404, 'REPORT_SOURCE_UNKNOWN']);
    const shape = await manager.post('/api/reports/saved', {
      name: 'x',
      definition: { name: creditByOwner.name },
    });
    expect([shape.status, shape.body.error.code]).toEqual([400, 'VALIDATION_FAILED']);
    const taken = await manager.post('/api/reports/saved', {
      name: 'credit-by-owner',
      definition: creditByOwner,
    });
    expect([taken.status, taken.body.error.code]).toEqual([409, 'REPORT_EXISTS']);
    const still = await manager.post('/api/reports/saved-credit-by-owner/run', {});
    expect(still.body.rows).toHaveLength(1); // version 2 (limit 1) is intact
  });

  it('e-mails a scheduled report to its readers once per period, also after a restart', async () => {
    const manager = await t.client('zhang.min');
    const url = '/api/reports/saved/saved-credit-by-owner/schedule';
    // Recipients must be readers: a role it is not shared with, a user who may not run it.
    const bad = await manager.put(url, {
      every: 'day',
      at: '25:00',
      recipients: { roles: ['employee'], users: ['zheng.xin'] },
    });
    expect([bad.status, bad.body.error.code]).toEqual([422, 'REPORT_SCHEDULE_INVALID']);
    expect(bad.body.error.details.map((d: { path: string }) => d.path)).toEqual([
      '/at',
      '/recipients/roles/0',
      '/recipients/users/0',
    ]);
    expect(
      (await (await t.client('wang.fang')).put(url, { every: 'day', at: '08:00', recipients: {} })).status,
    ).toBe(403);
    const set = await manager.put(url, {
      every: 'day',
      at: '18:00',
      recipients: { roles: ['salesperson'], users: ['zhang.min'] },
    });
    expect(set.status, JSON.stringify(set.body)).toBe(200);
    expect((await manager.get(url)).body.schedule).toMatchObject({ every: 'day', at: '18:00' });

    const schedules = () => t.app.services.reports.schedules;
    // 17:00 in Shanghai: today's 18:00 is not owed yet.
    expect(await schedules().deliverDue()).toEqual([]);
    clock.advance(61 * 60_000);
    const first = await schedules().deliverDue();
    expect(first.map((d) => [d.report, d.period])).toEqual([['saved-credit-by-owner', '2026-01-05']]);
    expect(first[0]!.notified).toEqual(expect.arrayContaining(['zhang.min', 'wang.fang', 'li.lei']));
    expect(await schedules().deliverDue()).toEqual([]);
    // The embedded store re-opened from its files (the distributed store is the same FerretDB, so its
    // restart — ~6 s of this file's budget — proves nothing more).
    if (mode === 'embedded') await t.restart();
    expect(await t.app.services.reports.schedules.deliverDue()).toEqual([]);

    // The e-mail links the workbook of the owner's run (every sales-east customer).
    const mails = readFileSync(join(outboxDir, 'email.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { to: string; text: string });
    const toWang = mails.filter((m) => m.to === 'wang.fang@acme.example' && m.text.includes('deliveries'));
    expect(toWang).toHaveLength(1);
    const file = /\/api\/reports\/\S+\/xlsx\?locale=[a-zA-Z-]+/.exec(toWang[0]!.text)![0];
    expect(file).toContain('/api/reports/saved-credit-by-owner/deliveries/2026-01-05/xlsx');
    const wang = await t.client('wang.fang');
    const download = await t.app.inject({
      method: 'GET',
      url: file,
      headers: { cookie: `${SESSION_COOKIE}=${wang.cookie}` },
    });
    expect(download.statusCode).toBe(200);
    expect((await readXlsx(download.rawPayload)).at(-1)!.cells).toEqual([
      file.endsWith('zh-CN') ? '合计' : 'Total',
      3,
      150000,
    ]);
    const employee = await t.client('zheng.xin');
    expect((await employee.get(file)).status).toBe(403);

    // The next day owes the next period, once.
    clock.advance(24 * 3600_000);
    const next = await t.app.services.reports.schedules.deliverDue();
    expect(next.map((d) => d.period)).toEqual(['2026-01-06']);
    expect(await t.app.services.reports.schedules.deliverDue()).toEqual([]);
  });
});
