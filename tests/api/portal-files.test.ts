// Files attached to requests (employee portal), through the HTTP API in both run modes:
// upload (base64 JSON), size and encoding limits, the bytes back unchanged across chunks; who may
// read a file — its uploader, an administrator, whoever may read the record it was attached to
// (with the file in a field they see), and the participants of a request that mentions it (a form
// field or a timeline attachment), nobody else, with the same 404 as for a missing file; pictures
// shown inline, anything else only as a download.
/* eslint-disable @typescript-eslint/no-explicit-any -- replies are JSON that tests read freely */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_FILE_BYTES } from '#engine/core/files/files.ts';
import { SESSION_COOKIE } from '#engine/http/plugins/auth.ts';
import { MODES, type TestApp, startApp } from '../support/app-harness.ts';
import { waitFor } from '../support/wait-for.ts';

const PACK = 'course-pack';
const b64 = (bytes: Buffer | string): string => Buffer.from(bytes).toString('base64');

describe.each(MODES)('files (%s mode)', (mode) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startApp(mode, { platform: { workers: true, sweepEveryMs: 0 } });
    await t.app.ready();
    const installed = await (await t.client('admin')).post('/api/modules/finance/install', { enable: true });
    expect(installed.status, JSON.stringify(installed.body)).toBe(200);
  }, 120_000);
  afterAll(() => t?.close());

  const upload = async (who: string, name: string, content: Buffer | string, contentType?: string) =>
    (await t.client(who)).post('/api/files', {
      name,
      content: b64(content),
      ...(contentType ? { contentType } : {}),
    });

  it('stores a file and gives it back unchanged to its uploader, across chunks', async () => {
    const bytes = randomBytes(1_300_000); // three chunks
    const res = await upload('employee', '发票 March.png', bytes, 'image/png');
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toMatchObject({
      name: '发票 March.png',
      contentType: 'image/png',
      size: bytes.length,
      owner: 'zheng.xin',
      ref: `file:${res.body.id}`,
    });
    expect(res.body.ref).toMatch(/^file:[A-Za-z0-9][A-Za-z0-9_-]*$/);
    const employee = await t.client('employee');
    const raw = await t.app.inject({
      method: 'GET',
      url: `/api/files/${res.body.id}`,
      headers: { cookie: `${SESSION_COOKIE}=${employee.cookie}` },
    });
    expect(raw.statusCode).toBe(200);
    expect(raw.rawPayload.equals(bytes)).toBe(true);
    expect(raw.headers['content-type']).toBe('image/png');
    expect(raw.headers['content-disposition']).toBe(
      `inline; filename="__ March.png"; filename*=UTF-8''${encodeURIComponent('发票 March.png')}`,
    );
    expect((await employee.get(`/api/files/${res.body.id}/info`)).body).toEqual(res.body);
  });

  it('serves anything but pictures and PDFs as a download of unknown type', async () => {
    const res = await upload('employee', 'page.html', '<script>alert(1)</script>', 'text/html');
    const raw = await (
      await t.client('employee')
    ).request({ method: 'GET', url: `/api/files/${res.body.id}` });
    expect(raw.headers['content-type']).toBe('application/octet-stream');
    expect(String(raw.headers['content-disposition'])).toMatch(/^attachment; filename="page.html"/);
  });

  it('refuses an empty, a non-base64 and a too large file with their codes', async () => {
    expect((await upload('employee', 'empty.txt', '')).body.error.code).toBe('FILE_EMPTY');
    const bad = await (await t.client('employee')).post('/api/files', { name: 'x', content: 'no base64!' });
    expect([bad.status, bad.body.error.code, bad.body.error.details[0].path]).toEqual([
      400,
      'FILE_CONTENT_INVALID',
      '/content',
    ]);
    const big = await upload('employee', 'big.bin', Buffer.alloc(MAX_FILE_BYTES + 3));
    expect([big.status, big.body.error.code]).toEqual([413, 'FILE_TOO_LARGE']);
    expect(big.body.error.messageZh).toMatch(/文件不能超过/);
    const noName = await (await t.client('employee')).post('/api/files', { content: 'aGk=' });
    expect([noName.status, noName.body.error.details[0].path]).toEqual([400, '/name']);
  });

  it('lets the participants of a request that mentions a file read it, and nobody else', async () => {
    const receipt = await upload('employee', 'receipt.jpg', randomBytes(2000), 'image/jpeg');
    const other = await upload('employee', 'private.pdf', randomBytes(100), 'application/pdf');
    const id = receipt.body.id as string;
    const submitted = await (
      await t.client('employee')
    ).post('/api/catalogue/finance-expense-claim/submit', {
      data: {
        title: 'Taxi to the airport',
        date: '2026-03-09',
        lines: [{ date: '2026-03-09', category: 'transport', amount: '86.00', attachment: receipt.body.ref }],
      },
    });
    expect(submitted.status, JSON.stringify(submitted.body)).toBe(201);
    const instanceId = submitted.body.instanceId as string;
    await waitFor(
      async () => (await t.app.services.flows.getInstance(instanceId)).openTasks.length > 0,
      20_000,
      'the manager task',
    );

    const manager = await t.client('manager');
    // The manager reads the claim (their department's), so its receipt without naming the request;
    // a file the request does not mention is as if it did not exist, even naming the request.
    expect((await manager.get(`/api/files/${id}/info`)).body.name).toBe('receipt.jpg');
    expect((await manager.get(`/api/files/${other.body.id}?request=${instanceId}`)).status).toBe(404);
    // The approver, through the request.
    const seen = await manager.get(`/api/files/${id}/info?request=${instanceId}`);
    expect([seen.status, seen.body.name]).toEqual([200, 'receipt.jpg']);
    expect(
      (await manager.request({ method: 'GET', url: `/api/files/${id}?request=${instanceId}` })).status,
    ).toBe(200);
    // Someone outside the request, even naming it; an administrator always.
    const outsider = await t.client('salesperson');
    expect((await outsider.get(`/api/files/${id}?request=${instanceId}`)).body.error.code).toBe(
      'FILE_NOT_FOUND',
    );
    expect((await (await t.client('admin')).get(`/api/files/${id}/info`)).status).toBe(200);

    // A file the manager attaches to the approval is the requester's to read too.
    const note = await upload('manager', 'note.pdf', randomBytes(300), 'application/pdf');
    const task = (await manager.get('/api/tasks')).body.items.find((i: any) => i.instanceId === instanceId);
    const approved = await manager.post(`/api/tasks/${task.id}/approve`, {
      comment: 'ok',
      attachments: [{ name: 'note.pdf', ref: note.body.ref }],
    });
    expect(approved.status, JSON.stringify(approved.body)).toBe(200);
    const employee = await t.client('employee');
    expect((await employee.get(`/api/files/${note.body.id}/info`)).status).toBe(404);
    expect((await employee.get(`/api/files/${note.body.id}/info?request=${instanceId}`)).body.name).toBe(
      'note.pdf',
    );
  });

  it('lets whoever may read a record read its files, in the fields they see; others get a 404', async () => {
    // A course pack: its readers named on the record (a row rule), its answer key hidden from them.
    const admin = await t.client('admin');
    const created = await admin.post('/api/forms', {
      id: PACK,
      module: 'training',
      name: { en: 'Course pack', 'zh-CN': '课程资料' },
      schema: {
        type: 'object',
        properties: {
          title: { type: 'string', minLength: 1 },
          readers: { type: 'array', items: { type: 'string' } },
          slides: { type: 'string', format: 'file-ref' },
          answerKey: { type: 'string', format: 'file-ref' },
        },
        required: ['title'],
      },
      labels: {
        title: { en: 'Title', 'zh-CN': '标题' },
        readers: { en: 'Readers', 'zh-CN': '学员' },
        slides: { en: 'Slides', 'zh-CN': '课件' },
        answerKey: { en: 'Answer key', 'zh-CN': '答案' },
      },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect((await admin.post(`/api/forms/${PACK}/publish`, {})).status).toBe(200);
    const role = (await admin.get('/api/roles/employee')).body;
    const grant = {
      resource: `record:${PACK}`,
      actions: ['read'],
      rows: { type: 'field', field: 'data.readers' },
      fields: { hidden: ['data.answerKey'] },
    };
    const granted = await admin.patch('/api/roles/employee', { permissions: [...role.permissions, grant] });
    expect(granted.status, JSON.stringify(granted.body)).toBe(200);
    const slides = await upload('admin', 'slides.pdf', '%PDF-1.4 safety', 'application/pdf');
    const key = await upload('admin', 'key.pdf', '%PDF-1.4 answers', 'application/pdf');
    const pack = await admin.post(`/api/records/${PACK}`, {
      data: { title: 'Safety', readers: ['zheng.xin'], slides: slides.body.ref, answerKey: key.body.ref },
    });
    expect(pack.status, JSON.stringify(pack.body)).toBe(201);

    const employee = await t.client('employee');
    const read = await employee.request({ method: 'GET', url: `/api/files/${slides.body.id}` });
    expect([read.status, read.body]).toEqual([200, '%PDF-1.4 safety']);
    expect((await employee.get(`/api/files/${slides.body.id}/info`)).body.name).toBe('slides.pdf');
    // The answer key is in a field hidden from them: as if it did not exist.
    const hidden = await employee.get(`/api/files/${key.body.id}/info`);
    expect([hidden.status, hidden.body.error.code]).toEqual([404, 'FILE_NOT_FOUND']);
    // Nor can they pass it on by attaching it to a claim of their own.
    const passed = await employee.post('/api/catalogue/finance-expense-claim/submit', {
      data: {
        title: 'Answer key',
        date: '2026-03-09',
        lines: [{ date: '2026-03-09', category: 'transport', amount: '1.00', attachment: key.body.ref }],
      },
    });
    expect([passed.status, passed.body.error.code]).toEqual([403, 'FILE_NOT_ATTACHABLE']);
    // Someone the row rule leaves out: the same 404 for both files.
    const outsider = await t.client('salesperson');
    for (const file of [slides, key]) {
      const res = await outsider.get(`/api/files/${file.body.id}`);
      expect([res.status, res.body.error.code]).toEqual([404, 'FILE_NOT_FOUND']);
    }
    // Made a reader, they read the slides; the slides taken off the record, nobody but admins does.
    const added = await admin.patch(`/api/records/${PACK}/${pack.body.id}`, {
      rev: pack.body.rev,
      patch: { readers: ['zheng.xin', 'wang.fang'] },
    });
    expect(added.status, JSON.stringify(added.body)).toBe(200);
    expect((await outsider.get(`/api/files/${slides.body.id}/info`)).status).toBe(200);
    const removed = await admin.patch(`/api/records/${PACK}/${pack.body.id}`, {
      rev: added.body.rev,
      patch: { slides: null },
    });
    expect(removed.status, JSON.stringify(removed.body)).toBe(200);
    expect((await outsider.get(`/api/files/${slides.body.id}/info`)).status).toBe(404);
  });

  it('answers 400 for a malformed id or request, never 500', async () => {
    const employee = await t.client('employee');
    expect((await employee.get('/api/files/..%2Fetc')).status).toBe(400);
    expect((await employee.get('/api/files/abc?request=%20bad')).status).toBe(400);
  });
});
