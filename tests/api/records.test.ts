// /api/records through the whole HTTP pipeline, in both run modes: employees submit records that
// are validated with localized errors; lists, filters, history, import and export respect row
// rules and masks; sensitive fields are unreadable in the raw store.
/* eslint-disable @typescript-eslint/no-explicit-any -- replies are JSON that tests read freely */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCsv, writeCsv } from '#engine/core/tabular/csv.ts';
import { readXlsx } from '#engine/core/tabular/xlsx.ts';
import { SESSION_COOKIE } from '#engine/http/plugins/auth.ts';
import { claimData, expenseClaim } from '../core/forms/fixtures.ts';
import { MODES, startApp, type Client, type TestApp } from '../support/app-harness.ts';

process.env.ENCRYPTION_KEY ??= `k-api:${Buffer.alloc(32, 9).toString('base64')}`;

const FORM = 'claim';
const base = `/api/records/${FORM}`;
const where = (w: unknown) => encodeURIComponent(JSON.stringify(w));

describe.each(MODES)('records API (%s mode)', (mode) => {
  let t: TestApp;
  let employee: Client; // zheng.xin
  let manager: Client; // wu.hao: an employee too, but not the owner
  let finance: Client; // zhao.qiang: reads every claim, sensitive fields in clear
  let admin: Client;
  let first: any;

  beforeAll(async () => {
    t = await startApp(mode);
    admin = await t.client('admin');
    employee = await t.client('employee');
    manager = await t.client('manager');
    finance = await t.client('finance');
    // Grants are data: employees work on their own claims, finance reads and exports all of them.
    const grant = (resource: string, actions: string[], rows?: object) => ({
      resource,
      actions,
      ...(rows ? { rows } : {}),
    });
    const roles = (await admin.get('/api/roles')).body.items as any[];
    const employeeRole = roles.find((r) => r.id === 'employee');
    const financeRole = roles.find((r) => r.id === 'finance');
    expect(
      (
        await admin.patch('/api/roles/employee', {
          permissions: [
            ...employeeRole.permissions,
            grant(`record:${FORM}`, ['read', 'create', 'update', 'delete', 'export'], { type: 'own' }),
          ],
        })
      ).status,
    ).toBe(200);
    expect(
      (
        await admin.patch('/api/roles/finance', {
          permissions: [...financeRole.permissions, grant(`record:${FORM}`, ['read', 'export'])],
        })
      ).status,
    ).toBe(200);
    const published = await admin.post(
      '/api/forms',
      expenseClaim({ id: FORM, permissions: { readSensitive: ['finance'] } }),
    );
    expect(published.status).toBe(201);
    expect((await admin.post(`/api/forms/${FORM}/publish`, {})).status).toBe(200);
  });
  afterAll(() => t?.close());

  it('an employee submits a claim: validated, computed, theirs', async () => {
    const res = await employee.post(base, {
      data: claimData({ salary: '9000', payee: { name: 'Li', city: 'Wuhan' } }),
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      rev: 1,
      form: FORM,
      formVersion: 1,
      owner: 'zheng.xin',
      status: 'active',
      title: 'Trip to Shenzhen',
    });
    expect(res.body.data).toMatchObject({ total: '241.10', phone: '13812345678', salary: '9000.00' });
    first = res.body;
  });

  it('invalid data gets 422 with every problem at its pointer, in English and Chinese', async () => {
    const res = await employee.post(base, {
      data: {
        title: '',
        category: 'taxi',
        phone: '12',
        lines: [{ date: '2026-02-30', quantity: 0, unitPrice: '1' }],
      },
    });
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe('RECORD_INVALID');
    const details = Object.fromEntries(res.body.error.details.map((d: any) => [d.path, d]));
    expect(Object.keys(details).sort()).toEqual([
      '/category',
      '/lines/0/date',
      '/lines/0/quantity',
      '/phone',
      '/title',
    ]);
    expect(details['/lines/0/quantity']).toEqual({
      path: '/lines/0/quantity',
      message: 'Lines #1 › Quantity must be at least 1',
      messageZh: '明细 #1 › 数量不能小于 1',
    });
    const notObject = await employee.post(base, { data: 'x' });
    expect([notObject.status, notObject.body.error.code]).toEqual([400, 'VALIDATION_FAILED']);
  });

  it('row rules: the owner and finance see the claim; another employee gets 404; masks per reader', async () => {
    expect((await manager.get(`${base}/${first.id}`)).status).toBe(404);
    const byFinance = await finance.get(`${base}/${first.id}`);
    expect(byFinance.body.data.phone).toBe('13812345678');
    // A grant masking the phone wins over the form's readSensitive (the row rule and field rules are data).
    expect((await manager.get(base)).body.items).toEqual([]);
    expect((await employee.get(`${base}/count`)).body.count).toBe(1);
  });

  it('lists with JSON filters, sorts, cursor pages and full text; bad queries are 400 at /query', async () => {
    for (const [title, price, city] of [
      ['Hotel Beijing', '900', 'Beijing'],
      ['Taxi 科技园', '35', 'Shenzhen'],
      ['Lunch', '50.5', 'Wuhan'],
    ])
      expect(
        (
          await employee.post(base, {
            data: claimData({
              title,
              phone: undefined,
              payee: { name: 'x', city },
              lines: [{ date: '2026-01-05', quantity: 1, unitPrice: price }],
            }),
          })
        ).status,
      ).toBe(201);
    const wuhan = await employee.get(
      `${base}?where=${where({ 'data.payee.city': 'Wuhan' })}&sort=-data.total`,
    );
    expect(wuhan.body.items.map((r: any) => r.data.total)).toEqual(['241.10', '50.50']);
    const range = await finance.get(
      `${base}?where=${where({ 'data.total': { gte: '50', lt: '500' } })}&sort=data.total`,
    );
    expect(range.body.items.map((r: any) => r.title)).toEqual(['Lunch', 'Trip to Shenzhen']);
    expect(
      (await employee.get(`${base}?q=${encodeURIComponent('科技')}`)).body.items.map((r: any) => r.title),
    ).toEqual(['Taxi 科技园']);
    const page1 = await employee.get(`${base}?limit=3&sort=data.total`);
    const page2 = await employee.get(
      `${base}?limit=3&sort=data.total&cursor=${encodeURIComponent(page1.body.nextCursor)}`,
    );
    expect([page1.body.items.length, page2.body.items.length, page2.body.nextCursor]).toEqual([3, 1, null]);
    const posted = await finance.post(`${base}/query`, { where: { 'data.phone': '13812345678' } });
    expect(posted.body.items.map((r: any) => r.id)).toEqual([first.id]);
    const badJson = await employee.get(`${base}?where=${encodeURIComponent('{nope')}`);
    expect([badJson.status, badJson.body.error.code, badJson.body.error.details[0].path]).toEqual([
      400,
      'INVALID_QUERY',
      '/query/where',
    ]);
    const unknown = await employee.get(`${base}?where=${where({ 'data.nope': 1 })}`);
    expect(unknown.body.error.details[0].path).toBe('/query/where/data.nope');
    const sortSensitive = await finance.get(`${base}?sort=data.phone`);
    expect(sortSensitive.status).toBe(400);
    expect((await employee.get(`${base}?cursor=junk`)).body.error.code).toBe('INVALID_CURSOR');
  });

  it('updates with a revision check, soft-deletes, restores, and keeps the history', async () => {
    const updated = await employee.patch(`${base}/${first.id}`, { rev: 1, patch: { phone: '13900001111' } });
    expect([updated.status, updated.body.rev, updated.body.data.phone]).toEqual([200, 2, '13900001111']);
    const stale = await employee.patch(`${base}/${first.id}`, { rev: 1, patch: { title: 'x' } });
    expect([stale.status, stale.body.error.code]).toEqual([409, 'RECORD_REVISION_CONFLICT']);
    const deleted = await employee.delete(`${base}/${first.id}?rev=2`);
    expect([deleted.status, deleted.body.deleted]).toEqual([200, true]);
    expect((await employee.get(`${base}?where=${where({ id: first.id })}`)).body.items).toEqual([]);
    const restored = await employee.post(`${base}/${first.id}/restore`, { rev: 3 });
    expect(restored.body.deleted).toBe(false);
    const history = await finance.get(`${base}/${first.id}/history`);
    expect(history.body.items.map((h: any) => [h.rev, h.action, h.by])).toEqual([
      [1, 'create', 'zheng.xin'],
      [2, 'update', 'zheng.xin'],
      [3, 'delete', 'zheng.xin'],
      [4, 'restore', 'zheng.xin'],
    ]);
    expect(history.body.items[1].changes).toEqual([
      { path: '/phone', before: '13812345678', after: '13900001111' },
    ]);
    const audit = await admin.get(`/api/audit?resource=${encodeURIComponent(`record:${FORM}`)}&limit=50`);
    expect(audit.body.items.map((e: any) => e.action)).toEqual(
      expect.arrayContaining(['record.create', 'record.update', 'record.delete', 'record.restore']),
    );
    expect(audit.body.items.some((e: any) => e.action.startsWith('http.'))).toBe(false);
  });

  it('sensitive fields are ciphertext in the raw store', async () => {
    const raw = JSON.stringify((await t.store.collection(`records.${FORM}`).find({})).items);
    expect(raw).toContain('enc:v1:k-api:');
    expect(raw).not.toContain('13900001111');
    expect(raw).not.toContain('9000.00');
  });

  it('imports a CSV: a dry run reports problems per row and column, a commit writes the valid rows', async () => {
    const csv = writeCsv([
      ['Title', '类别', 'Lines'],
      ['Imported A', '办公', JSON.stringify([{ date: '2026-01-05', quantity: 1, unitPrice: '10' }])],
      ['', 'office', '[]'],
    ]);
    const body = { fileName: 'claims.csv', content: Buffer.from(csv).toString('base64') };
    const dry = await employee.post(`${base}/import`, body);
    expect(dry.status).toBe(200);
    expect(dry.body).toMatchObject({ status: 'checked', totalRows: 2, validRows: 1, invalidRows: 1 });
    expect(dry.body.problems.map((p: any) => [p.row, p.column, p.path])).toEqual([
      [3, 'Title', '/title'],
      [3, 'Lines', '/lines'],
    ]);
    const commit = await employee.post(`${base}/import`, {
      ...body,
      mode: 'commit',
      policy: 'valid-rows-only',
      importId: 'imp-1',
    });
    expect(commit.body).toMatchObject({ id: 'imp-1', status: 'committed', imported: 1 });
    expect((await employee.get(`${base}/imports/imp-1`)).body.status).toBe('committed');
    expect((await manager.get(`${base}/imports/imp-1`)).status).toBe(404);
    const garbage = await employee.post(`${base}/import`, {
      fileName: 'x.xlsx',
      content: Buffer.from('no').toString('base64'),
    });
    expect([garbage.status, garbage.body.error.code]).toEqual([400, 'IMPORT_FILE_INVALID']);
  });

  it('exports CSV and XLSX as the exporter may read them, and audits every export', async () => {
    const mine = await employee.post(`${base}/export`, { format: 'csv', locale: 'zh-CN' });
    expect(mine.status).toBe(200);
    expect(mine.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(String(mine.headers['content-disposition'])).toMatch(
      /attachment; filename="claim-\d{4}-\d{2}-\d{2}\.csv"/,
    );
    const rows = parseCsv(String(mine.body));
    expect(rows[0]?.slice(0, 3)).toEqual(['编号', '标题', '类别']);
    expect(rows).toHaveLength(6); // header + zheng.xin's 5 claims
    // The harness decodes bodies as text; a workbook is read from the raw bytes.
    const all = await t.app.inject({
      method: 'POST',
      url: `${base}/export`,
      payload: { format: 'xlsx', query: { sort: [{ field: 'title' }] } },
      headers: { cookie: `${SESSION_COOKIE}=${finance.cookie}` },
    });
    expect(all.headers['x-export-rows']).toBe('5');
    const sheet = await readXlsx(all.rawPayload);
    expect(sheet[0]?.cells).toContain('手机号码'); // the exporter's language
    const audit = await admin.get(`/api/audit?action=record.export&limit=10`);
    expect(audit.body.items.map((e: any) => e.details.rows)).toEqual([5, 5]);
    expect((await manager.post(`${base}/export`, { format: 'csv' })).status).toBe(200); // own rows: none
  });
});
