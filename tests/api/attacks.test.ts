// What an ordinary employee or an analyst could do to take the platform down, tried through the
// API in both run modes — each must now end in a clear 4xx while the server keeps answering:
// - an import of a workbook with far more rows than allowed, or one that unpacks to gigabytes
//   (a zip bomb): refused at the limit, before the rest is unpacked; a large legitimate dry run
//   does not stop other requests from being answered while it runs;
// - a flood of uploads: stopped by the per-user quota; the bytes live in the blob store, not in the
//   document store, and backups keep working;
// - a FEEL expression that would loop millions of times: refused at publish when it shows, stopped
//   by the evaluation budget when it depends on the data;
// - a JSON Schema pattern that backtracks: answered at once on a linear-time engine.
// (Lock-out as a denial of service: tests/api/auth.test.ts.) Figures: bench/attacks.bench.ts.
/* eslint-disable @typescript-eslint/no-explicit-any -- replies are JSON that tests read freely */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FILE_CHUNKS } from '#engine/services/files/file-service.ts';
import { claimData, expenseClaim } from '../core/forms/fixtures.ts';
import { MODES, startApp, type Client, type TestApp } from '../support/app-harness.ts';
import { buildXlsx } from '../support/xlsx-fixtures.ts';

const LIMITS = {
  IMPORT_MAX_ROWS: '40000',
  IMPORT_MAX_UNPACKED_MB: '32',
  FILE_QUOTA_USER_MB: '3',
};

describe.each(MODES)('attacks on the platform (%s mode)', (mode) => {
  let t: TestApp;
  let admin: Client;
  let employee: Client;
  const saved: Record<string, string | undefined> = {};

  const publish = async (id: string, patch: Record<string, unknown> = {}) => {
    const created = await admin.post('/api/forms', expenseClaim({ id, ...patch }));
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    return admin.post(`/api/forms/${id}/publish`, {});
  };
  const health = async () => (await t.anonymous().get('/api/health')).status;

  beforeAll(async () => {
    for (const [k, v] of Object.entries(LIMITS)) {
      saved[k] = process.env[k];
      process.env[k] = v;
    }
    t = await startApp(mode);
    admin = await t.client('admin');
    employee = await t.client('employee');
    expect((await publish('claim')).status).toBe(200);
    const roles = (await admin.get('/api/roles')).body.items as any[];
    const role = roles.find((r) => r.id === 'employee');
    const grant = { resource: 'record:claim', actions: ['read', 'create'], rows: { type: 'own' } };
    expect(
      (await admin.patch('/api/roles/employee', { permissions: [...role.permissions, grant] })).status,
    ).toBe(200);
  }, 120_000);

  afterAll(async () => {
    await t?.close();
    for (const [k, v] of Object.entries(saved))
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
  });

  const importFile = (client: Client, file: Buffer, mode_ = 'dry-run') =>
    client.post('/api/records/claim/import', {
      fileName: 'claims.xlsx',
      content: file.toString('base64'),
      mode: mode_,
    });

  it('refuses a workbook of 200 000 rows at the row limit, and a zip bomb at the unpacked-size limit', async () => {
    const huge = await buildXlsx(['title', 'category'], 200_000, (i) => [`claim ${i}`, 'travel']);
    expect(huge.length).toBeLessThan(24 * 1024 * 1024);
    const rows = await importFile(employee, huge);
    expect([rows.status, rows.body.error.code]).toEqual([413, 'IMPORT_TOO_MANY_ROWS']);
    expect(rows.body.error.messageZh).toMatch(/40000/);
    const bomb = await buildXlsx(
      ['title', 'category'],
      10,
      (i) => [`claim ${i}`, 'travel'],
      512 * 1024 * 1024,
    );
    expect(bomb.length).toBeLessThan(1024 * 1024);
    const unpacked = await importFile(employee, bomb);
    expect([unpacked.status, unpacked.body.error.code]).toEqual([413, 'IMPORT_UNPACKS_TOO_LARGE']);
    // The same file as the raw body (no base64): the same refusal.
    const raw = await employee.request({
      method: 'POST',
      url: '/api/records/claim/import/upload?fileName=claims.xlsx',
      headers: { 'content-type': 'application/octet-stream' },
      payload: bomb,
    });
    expect([raw.status, raw.body.error.code]).toEqual([413, 'IMPORT_UNPACKS_TOO_LARGE']);
    const csv = await employee.request({
      method: 'POST',
      url: '/api/records/claim/import/upload?fileName=claims.csv&mode=dry-run',
      headers: { 'content-type': 'application/octet-stream' },
      payload: Buffer.from('title,category\nTaxi,travel\n'),
    });
    expect([csv.status, csv.body.status, csv.body.totalRows]).toEqual([200, 'checked', 1]);
    expect(await health()).toBe(200);
  }, 120_000);

  it('answers other requests while a large import is checked', async () => {
    const file = await buildXlsx(['title', 'category'], 30_000, (i) => [
      `claim ${i}`,
      i % 7 ? 'travel' : 'nope',
    ]);
    let done = false;
    const running = importFile(employee, file).finally(() => {
      done = true;
    });
    const answeredDuring: number[] = [];
    while (!done) {
      const status = await health();
      if (!done) answeredDuring.push(status);
      await new Promise((r) => setTimeout(r, 20));
    }
    const report = await running;
    expect(report.status, JSON.stringify(report.body).slice(0, 300)).toBe(200);
    expect(report.body).toMatchObject({ status: 'checked', totalRows: 30_000 });
    // Health was answered, and OK, while the import ran (a blocked event loop answers none).
    expect(answeredDuring.length).toBeGreaterThanOrEqual(3);
    expect(new Set(answeredDuring)).toEqual(new Set([200]));
  }, 120_000);

  it('stops a flood of uploads at the quota; the bytes are not in the document store; backups work', async () => {
    const statuses: number[] = [];
    let refusal: any = null;
    for (let i = 0; i < 6; i++) {
      const res = await employee.request({
        method: 'POST',
        url: `/api/files/upload?name=scan-${i}.pdf&type=application%2Fpdf`,
        headers: { 'content-type': 'application/octet-stream' },
        payload: randomBytes(1024 * 1024),
      });
      statuses.push(res.status);
      if (res.status !== 201) refusal = res.body;
    }
    expect(statuses).toEqual([201, 201, 201, 413, 413, 413]);
    expect(refusal.error.code).toBe('FILE_QUOTA_EXCEEDED');
    expect(refusal.error.messageZh).toMatch(/配额/);
    expect(await t.store.listCollections()).not.toContain(FILE_CHUNKS);
    let blobs = 0;
    for await (const _ of t.adapters.blobs.list()) blobs++;
    expect(blobs).toBe(3);
    expect(await health()).toBe(200);
    const backup = await admin.request({ method: 'GET', url: '/api/admin/backup' });
    expect(backup.status).toBe(200);
  }, 120_000);

  it('refuses a FEEL loop of millions at publish, and stops one that depends on the data', async () => {
    const literal = await publish('loop1', {
      computed: [{ field: 'priority', expression: 'count(for i in 1..3000000 return i)' }],
    });
    expect(literal.status).toBeGreaterThanOrEqual(400);
    expect(literal.status).toBeLessThan(500);
    const detail = literal.body.error.details.find((d: any) => d.path === '/computed/0/expression');
    expect(detail.message).toMatch(/evaluation budget/);
    expect(detail.messageZh).toMatch(/计算预算/);

    const nested = 'count(for i in 1..priority * 1000 return for j in 1..priority * 1000 return i)';
    expect((await publish('loop2', { computed: [{ field: 'priority', expression: nested }] })).status).toBe(
      200,
    );
    const created = await admin.post('/api/records/loop2', { data: claimData({ priority: 3 }) });
    expect([created.status, created.body.error.code]).toEqual([422, 'FEEL_BUDGET_EXCEEDED']);
    expect(created.body.error.details[0].path).toBe('/priority');
    expect(created.body.error.messageZh).toMatch(/计算步骤/);
    expect(await health()).toBe(200);
  });

  it('answers a backtracking pattern at once', async () => {
    const schema = expenseClaim().schema as any;
    schema.properties.title.pattern = '^(a+)+$';
    expect((await publish('pattern', { schema })).status).toBe(200);
    // ~8 s on a backtracking engine at 31 characters, doubling with each one more: 40 here.
    const res = await admin.post('/api/records/pattern', {
      data: claimData({ title: `${'a'.repeat(40)}!` }),
    });
    expect(res.status).toBe(422);
    expect(res.body.error.details.map((d: any) => d.path)).toContain('/title');
    expect((await admin.post('/api/records/pattern', { data: claimData({ title: 'aaaa' }) })).status).toBe(
      201,
    );
  });
});
