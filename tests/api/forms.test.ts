// /api/forms through the whole HTTP pipeline, in both run modes: an analyst defines, publishes
// and versions a form; the server's checks come back as located, bilingual errors.
/* eslint-disable @typescript-eslint/no-explicit-any -- replies are JSON that tests read freely */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expenseClaim } from '../core/forms/fixtures.ts';
import { MODES, startApp, type Client, type TestApp } from '../support/app-harness.ts';

process.env.ENCRYPTION_KEY ??= `k-api:${Buffer.alloc(32, 7).toString('base64')}`;

describe.each(MODES)('forms API (%s mode)', (mode) => {
  let t: TestApp;
  let analyst: Client;

  beforeAll(async () => {
    t = await startApp(mode);
    analyst = await t.client('analyst');
  });
  afterAll(() => t?.close());

  it('an analyst creates a draft, sees why it cannot be published, fixes it and publishes version 1', async () => {
    const draft = expenseClaim({ id: 'api-claim' });
    delete draft.labels!.total;
    const created = await analyst.post('/api/forms', draft);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ id: 'api-claim', status: 'draft', latestVersion: 0, draftRev: 1 });

    const check = await analyst.post('/api/forms/check', { definition: draft });
    expect(check.body.problems).toEqual([
      {
        path: '/labels/total',
        message: 'Field "total" needs a label in English and Chinese',
        messageZh: '字段“total”需要中英文标签',
      },
    ]);
    const refused = await analyst.post('/api/forms/api-claim/publish', {});
    expect(refused.status).toBe(422);
    expect(refused.body.error).toMatchObject({
      code: 'FORM_NOT_PUBLISHABLE',
      details: [{ path: '/labels/total' }],
    });
    expect(refused.body.error.messageZh).toContain('表单无法发布');

    const saved = await analyst.put('/api/forms/api-claim', {
      rev: 1,
      definition: expenseClaim({ id: 'api-claim' }),
    });
    expect(saved.status).toBe(200);
    const published = await analyst.post('/api/forms/api-claim/publish', { rev: 2 });
    expect(published.status).toBe(200);
    expect(published.body).toMatchObject({
      created: true,
      version: { form: 'api-claim', version: 1, status: 'published' },
    });
    expect(published.body.definition.schema.properties.total).toEqual({
      type: 'string',
      format: 'money',
      maximumAmount: '100000',
    });
  });

  it('versions: unchanged content is not a new version; a change is; old versions stay readable', async () => {
    expect((await analyst.post('/api/forms/api-claim/publish', {})).body.created).toBe(false);
    const current = await analyst.get('/api/forms/api-claim');
    const next = { ...current.body.definition, name: { en: 'Claim 2', 'zh-CN': '报销 2' } };
    expect(
      (await analyst.put('/api/forms/api-claim', { rev: current.body.summary.draftRev, definition: next }))
        .status,
    ).toBe(200);
    expect((await analyst.post('/api/forms/api-claim/publish', {})).body.version.version).toBe(2);
    const versions = await analyst.get('/api/forms/api-claim/versions');
    expect(versions.body.items.map((v: any) => [v.version, v.status])).toEqual([
      [2, 'published'],
      [1, 'published'],
    ]);
    expect((await analyst.get('/api/forms/api-claim/versions/1')).body.name.en).toBe('Expense claim');
    expect((await analyst.get('/api/forms/api-claim/versions/current')).body.version).toBe(2);
    const forms = await analyst.get('/api/forms?module=finance');
    expect(forms.body.items.find((f: any) => f.id === 'api-claim')).toMatchObject({
      latestVersion: 2,
      currentVersion: 2,
      hasUnpublishedChanges: false,
    });
  });

  it('renders a version for rjsf in the caller’s language', async () => {
    const zh = await analyst.get('/api/forms/api-claim/render?locale=zh-CN&version=1');
    expect(zh.status).toBe(200);
    expect(zh.body.version).toBe(1);
    expect(zh.body.schema.properties.lines.items.properties.unitPrice.title).toBe('单价');
    expect(zh.body.uiSchema.category['ui:enumNames']).toEqual({
      travel: '差旅',
      meals: '餐饮',
      office: '办公',
    });
    expect(zh.body.definition.computed).toHaveLength(2);
    const employee = await t.client('employee');
    expect((await employee.get('/api/forms/api-claim/render')).status).toBe(403);
  });

  it('deprecation stops new records of a version, and of the whole form', async () => {
    const dep = await analyst.post('/api/forms/api-claim/deprecate', { version: 2 });
    expect(dep.body).toMatchObject({ status: 'published', currentVersion: 1 });
    const all = await analyst.post('/api/forms/api-claim/deprecate', {});
    expect(all.body).toMatchObject({ status: 'deprecated', currentVersion: 0 });
    const admin = await t.client('admin');
    const record = await admin.post('/api/records/api-claim', { data: {} });
    expect([record.status, record.body.error.code]).toEqual([409, 'FORM_DEPRECATED']);
  });

  it('bad requests get 4xx with a stable code: stale draft, unknown fields, wrong ids, no rights', async () => {
    const stale = await analyst.put('/api/forms/api-claim', {
      rev: 1,
      definition: expenseClaim({ id: 'api-claim' }),
    });
    expect([stale.status, stale.body.error.code]).toEqual([409, 'FORM_REVISION_CONFLICT']);
    const mismatch = await analyst.put('/api/forms/api-claim', {
      rev: 9,
      definition: expenseClaim({ id: 'other' }),
    });
    expect([mismatch.status, mismatch.body.error.code]).toEqual([400, 'FORM_ID_MISMATCH']);
    const unknownField = await analyst.post('/api/forms', { ...expenseClaim({ id: 'x2' }), colour: 'red' });
    expect([unknownField.status, unknownField.body.error.code]).toEqual([400, 'VALIDATION_FAILED']);
    expect((await analyst.get('/api/forms/NOT%20AN%20ID')).status).toBe(400);
    expect((await analyst.get('/api/forms/nope')).body.error.code).toBe('FORM_NOT_FOUND');
    const employee = await t.client('employee');
    expect((await employee.post('/api/forms', expenseClaim({ id: 'x3' }))).status).toBe(403);
    expect((await t.anonymous().get('/api/forms')).status).toBe(401);
  });

  it('the OpenAPI document lists the form and record routes with their schemas', async () => {
    const spec = (await t.anonymous().get('/docs/json')).body;
    expect(Object.keys(spec.paths)).toEqual(
      expect.arrayContaining([
        '/api/forms',
        '/api/forms/{id}/publish',
        '/api/records/{form}',
        '/api/records/{form}/{id}/history',
        '/api/records/{form}/import',
      ]),
    );
    const create = spec.paths['/api/records/{form}'].post;
    expect(create.requestBody.content['application/json'].schema.required).toEqual(['data']);
    expect(create.responses['201'].content['application/json'].schema.title).toBe('RecordEnvelope');
  });
});
