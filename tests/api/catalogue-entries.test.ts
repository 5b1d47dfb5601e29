// /api/catalogue/entries through the whole HTTP pipeline in both run modes: an analyst publishes a
// form and its flow as a request; the employee's catalogue lists it like a module's entry, the
// precheck and submit work on it, the approval's outcome reaches the record; filed under a module it
// follows that module's enabled state; start roles decide who sees it; every bad input is a 4xx
// with its code, both languages and the field; removing it takes back only the grants it gave.
/* eslint-disable @typescript-eslint/no-explicit-any -- replies are JSON that tests read freely */
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FormDefinition } from '#schemas/generated/index.ts';
import { MODES, startApp, type Client, type TestApp } from '../support/app-harness.ts';
import { managerApprovalFlow } from '../support/bpmn-builder.ts';
import { tempDir } from '../support/temp-dir.ts';
import { waitFor } from '../support/wait-for.ts';
import { writeFixtureModule } from '../services/modules/fixture-module.ts';

const FORM = 'ops-trip';
const FLOW = 'ops-trip-approval';
const ENTRY = 'ops.trip';
const L = (en: string, zh: string) => ({ en, 'zh-CN': zh });

const tripForm = (id: string): FormDefinition => ({
  id,
  module: 'ops',
  name: L('Business trip', '出差申请'),
  schema: {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    type: 'object',
    properties: {
      destination: { type: 'string', minLength: 1 },
      days: { type: 'integer', minimum: 1 },
    },
    required: ['destination', 'days'],
    additionalProperties: false,
  },
  labels: { destination: L('Destination', '目的地'), days: L('Days', '天数') },
});

/** Start (with the form) → the requester's manager approves → end. */
const approvalFlow = (processId: string, form: string): string =>
  managerApprovalFlow(processId, form, 'Trip approval');

const ENTRY_BODY = {
  id: ENTRY,
  form: FORM,
  flow: FLOW,
  name: L('Business trip', '出差申请'),
  description: L('Ask your manager before you travel', '出差前请经理审批'),
  icon: 'travel',
};

describe.each(MODES)('catalogue entries API (%s)', (mode) => {
  let t: TestApp;
  let analyst: Client;
  const modulesDir = tempDir('api-entries');

  beforeAll(async () => {
    writeFixtureModule(modulesDir.dir, { id: 'crm' });
    t = await startApp(mode, {
      platform: { modulesDir: modulesDir.dir, workers: true, sweepEveryMs: 0, flowRetryBackoffMs: 20 },
    });
    await t.app.ready();
    analyst = await t.client('analyst');
    for (const form of [FORM, 'ops-other']) {
      expect((await analyst.post('/api/forms', tripForm(form))).status).toBe(201);
      expect((await analyst.post(`/api/forms/${form}/publish`, {})).status).toBe(200);
    }
    expect((await analyst.post('/api/forms', tripForm('ops-draft'))).status).toBe(201);
    for (const [flow, form] of [
      [FLOW, FORM],
      ['ops-other-approval', 'ops-other'],
    ] as const) {
      const deployed = await analyst.post('/api/flows', { xml: approvalFlow(flow, form) });
      expect(deployed.status, JSON.stringify(deployed.body)).toBe(201);
    }
    const crm = await (await t.client('admin')).post('/api/modules/crm/install', { enable: true });
    expect(crm.body.status).toBe('enabled');
  });
  afterAll(async () => {
    await t?.close();
    modulesDir.remove();
  });

  const catalogueOf = async (who: string): Promise<any[]> =>
    (await (await t.client(who)).get('/api/catalogue')).body.items;
  const grantsOf = async (role: string): Promise<any[]> =>
    (await (await t.client('admin')).get(`/api/roles/${role}`)).body.permissions.filter(
      (g: any) => g.resource === `record:${FORM}`,
    );

  it('refuses what cannot work, each problem at its field in both languages, and stores nothing', async () => {
    const bad = async (body: object, status = 422) => {
      const res = await analyst.post('/api/catalogue/entries', { ...ENTRY_BODY, ...body });
      expect(res.status, JSON.stringify(res.body)).toBe(status);
      return res.body.error;
    };
    expect(await bad({ form: 'no-such-form' })).toMatchObject({
      code: 'ENTRY_FORM_UNKNOWN',
      message: 'There is no form "no-such-form"',
      messageZh: '没有表单“no-such-form”',
      details: [{ path: '/form' }],
    });
    expect(await bad({ form: 'ops-draft', flow: undefined })).toMatchObject({
      code: 'ENTRY_FORM_NOT_PUBLISHED',
      details: [{ path: '/form', messageZh: '表单“ops-draft”尚未发布，请先发布' }],
    });
    expect(await bad({ flow: 'never-deployed' })).toMatchObject({
      code: 'ENTRY_FLOW_NOT_DEPLOYED',
      details: [{ path: '/flow', message: 'There is no deployed flow "never-deployed": deploy it first' }],
    });
    expect(await bad({ flow: 'ops-other-approval' })).toMatchObject({
      code: 'ENTRY_FLOW_FORM_MISMATCH',
      details: [{ path: '/flow' }],
    });
    expect(await bad({ module: 'hr' })).toMatchObject({
      code: 'ENTRY_MODULE_UNKNOWN',
      details: [{ path: '/module' }],
    });
    const several = await bad({
      form: 'no-such-form',
      flow: 'never-deployed',
      startRoles: ['employee', 'nobody'],
    });
    expect(several.code).toBe('ENTRY_FORM_UNKNOWN');
    expect(several.details.map((d: any) => d.path)).toEqual(['/form', '/flow', '/startRoles/1']);
    expect(several.messageZh).toContain('另有 2 个问题');
    expect(await bad({ id: 'crm-onboarding' }, 409)).toMatchObject({
      code: 'ENTRY_EXISTS',
      details: [{ path: '/id' }],
    });
    expect(await bad({ name: { en: 'Trip' } }, 400)).toMatchObject({
      code: 'VALIDATION_FAILED',
      details: [{ path: '/name/zh-CN', message: 'is required', messageZh: '必填' }],
    });
    expect((await bad({ id: 'Not An Id' }, 400)).details[0].path).toContain('/id');
    expect((await analyst.get('/api/catalogue/entries')).body.items).toEqual([]);
    expect(await grantsOf('employee')).toEqual([]);
  });

  it('publishes the form and flow as a request: the employee starts it and the outcome reaches the record', async () => {
    expect((await catalogueOf('employee')).map((e) => e.id)).not.toContain(ENTRY);
    const created = await analyst.post('/api/catalogue/entries', ENTRY_BODY);
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body).toMatchObject({
      ...ENTRY_BODY,
      module: 'custom',
      moduleName: { en: 'Custom requests', 'zh-CN': '自定义申请' },
      listed: true,
      rev: 1,
      createdBy: 'zhou.jie',
    });
    expect((await analyst.post('/api/catalogue/entries', ENTRY_BODY)).body.error.code).toBe('ENTRY_EXISTS');

    // In the catalogue like a module's entry; the employee may open the form and create their own
    // records of it (the grant the entry gave the employee role).
    const entry = (await catalogueOf('employee')).find((e) => e.id === ENTRY);
    expect(entry).toEqual({
      ...ENTRY_BODY,
      module: 'custom',
      moduleName: { en: 'Custom requests', 'zh-CN': '自定义申请' },
    });
    expect(await grantsOf('employee')).toEqual([
      { resource: `record:${FORM}`, actions: ['create', 'read'], rows: { type: 'own' } },
    ]);
    const employee = await t.client('employee');
    expect((await employee.get(`/api/forms/${FORM}/render`)).status).toBe(200);
    expect((await employee.post(`/api/catalogue/${ENTRY}/precheck`, { data: { days: 2 } })).body).toEqual({
      warnings: [],
      values: {},
    });
    const invalid = await employee.post(`/api/catalogue/${ENTRY}/submit`, { data: { days: 0 } });
    expect([invalid.status, invalid.body.error.details.map((d: any) => d.path)]).toEqual([
      422,
      expect.arrayContaining(['/destination', '/days']),
    ]);

    const submitted = await employee.post(`/api/catalogue/${ENTRY}/submit`, {
      data: { destination: 'Shanghai', days: 2 },
    });
    expect(submitted.status, JSON.stringify(submitted.body)).toBe(201);
    const { record, instanceId } = submitted.body;
    expect([record.form, record.status, instanceId]).toEqual([FORM, 'submitted', `req-${record.id}`]);
    // One write made the record, already linked to its instance: one revision, one history entry,
    // one audit entry.
    expect([record.rev, record.instanceId]).toEqual([1, instanceId]);
    const history = await employee.get(`/api/records/${FORM}/${record.id}/history`);
    expect(history.body.items.map((h: any) => h.action)).toEqual(['create']);
    const audited = await (await t.client('admin')).get(`/api/audit?resourceId=${record.id}`);
    expect(audited.body.items.map((e: any) => e.action)).toEqual(['record.create']);

    // The employee's manager (wu.hao) approves; the record takes the outcome.
    const manager = await t.client('manager');
    let task: any;
    await waitFor(async () => {
      task = (await manager.get('/api/tasks')).body.items.find((x: any) => x.instanceId === instanceId);
      return !!task;
    });
    expect(task.elementId).toBe('managerApproval');
    expect((await manager.post(`/api/tasks/${task.id}/approve`, {})).status).toBe(200);
    const status = async () => (await employee.get(`/api/records/${FORM}/${record.id}`)).body.status;
    await waitFor(async () => (await status()) === 'approved');
    expect(await status()).toBe('approved');
  });

  it("serves the form's validators compiled for the portal: a module cached for good, refusing what it was not made for", async () => {
    const employee = await t.client('employee');
    const url = `/api/forms/${FORM}/validators.js?version=1&locale=zh-CN&runtime=1`;
    const served = await employee.get(url);
    expect([served.status, served.headers['content-type'], served.headers['cache-control']]).toEqual([
      200,
      'text/javascript; charset=utf-8',
      'private, max-age=31536000, immutable',
    ]);
    const code = String(served.body);
    expect(code).toMatch(/^export const runtime = 1;$/m);
    // The module's own validator of the form refuses what the server refuses.
    const mod = await import(`data:text/javascript;base64,${Buffer.from(code).toString('base64')}`);
    const fns = mod.default({
      require: createRequire(import.meta.url),
      formats: {},
      keywords: {},
      regExp: RegExp,
    });
    const validate = fns[mod.full];
    expect([validate({ destination: 'Shanghai', days: 2 }), validate({ days: 0 })]).toEqual([true, false]);

    const wrong = async (query: string) =>
      (await employee.get(`/api/forms/${FORM}/validators.js?${query}`)).body;
    // Another runtime than the page's, fields no entry hides, a version that does not exist.
    expect((await wrong('version=1&runtime=2')).error.code).toBe('VALIDATION_FAILED');
    const hidden = await wrong('version=1&runtime=1&hidden=days');
    expect([hidden.error.code, hidden.error.details[0].path]).toEqual(['FORM_HIDDEN_SET_UNKNOWN', '/hidden']);
    expect(hidden.error.messageZh).toMatch(/[\u4e00-\u9fff]/);
    expect((await employee.get(`/api/forms/${FORM}/validators.js?version=9&runtime=1`)).status).toBe(404);
  });

  it('a request whose flow cannot start goes back to a draft, no longer linked to an instance', async () => {
    // Behind the API's back, the entry names a process nobody deployed.
    const entries = t.store.collection<{ flow: string }>('catalogue_entries');
    const doc = (await entries.get(ENTRY))!;
    await entries.update(ENTRY, doc.rev, { set: { flow: 'never-deployed' } });
    try {
      const employee = await t.client('employee');
      const refused = await employee.post(`/api/catalogue/${ENTRY}/submit`, {
        data: { destination: 'Xi’an', days: 3 },
      });
      expect([refused.status, refused.body.error.code]).toEqual([404, 'FLOW_DEFINITION_NOT_FOUND']);
      const { items } = await t.store
        .collection<any>(`records.${FORM}`)
        .find({ 'data.destination': 'Xi’an' });
      expect(items.map((r) => [r.status, r.instanceId])).toEqual([['draft', undefined]]);
      const history = await employee.get(`/api/records/${FORM}/${items[0].id}/history`);
      expect(history.body.items.map((h: any) => [h.action, h.meta])).toEqual([
        ['create', undefined],
        [
          'status',
          {
            status: { before: 'submitted', after: 'draft' },
            instanceId: { before: `req-${items[0].id}`, after: null },
          },
        ],
      ]);
    } finally {
      const now = (await entries.get(ENTRY))!;
      await entries.update(ENTRY, now.rev, { set: { flow: FLOW } });
    }
  });

  it('filed under a module it follows the module; start roles decide who sees it', async () => {
    const current = (await analyst.get(`/api/catalogue/entries/${ENTRY}`)).body;
    const stale = await analyst.patch(`/api/catalogue/entries/${ENTRY}`, {
      rev: current.rev + 1,
      icon: null,
    });
    expect([stale.status, stale.body.error.code]).toEqual([409, 'ENTRY_REVISION_CONFLICT']);
    const moved = await analyst.patch(`/api/catalogue/entries/${ENTRY}`, {
      rev: current.rev,
      module: 'crm',
      startRoles: ['finance'],
      icon: null,
    });
    expect(moved.status, JSON.stringify(moved.body)).toBe(200);
    expect(moved.body).toMatchObject({ module: 'crm', moduleName: { en: 'Customers (crm)' }, listed: true });
    expect(moved.body.icon).toBeUndefined();
    const badPatch = await analyst.patch(`/api/catalogue/entries/${ENTRY}`, { flow: 'never-deployed' });
    expect([badPatch.status, badPatch.body.error.details[0].path]).toEqual([422, '/flow']);

    expect((await catalogueOf('employee')).map((e) => e.id)).not.toContain(ENTRY);
    expect((await catalogueOf('finance')).find((e) => e.id === ENTRY)).toMatchObject({
      module: 'crm',
      moduleName: { en: 'Customers (crm)', 'zh-CN': '客户（crm）' },
    });
    // The grant moved with the start roles.
    expect(await grantsOf('employee')).toEqual([]);
    expect(await grantsOf('finance')).toHaveLength(1);

    const admin = await t.client('admin');
    expect((await admin.post('/api/modules/crm/disable', {})).body.status).toBe('disabled');
    expect((await catalogueOf('finance')).map((e) => e.id)).not.toContain(ENTRY);
    expect((await analyst.get('/api/catalogue/entries')).body.items[0].listed).toBe(false);
    const refused = await (
      await t.client('finance')
    ).post(`/api/catalogue/${ENTRY}/submit`, { data: { destination: 'Beijing', days: 1 } });
    expect([refused.status, refused.body.error.code]).toEqual([409, 'MODULE_DISABLED']);
    expect((await admin.post('/api/modules/crm/enable', {})).body.status).toBe('enabled');
    expect((await catalogueOf('finance')).map((e) => e.id)).toContain(ENTRY);
  });

  it('removing the entry takes it out of the catalogue and takes back only the grants it gave', async () => {
    const admin = await t.client('admin');
    // An admin's own grant for the form, equal to the one an entry would give: it stays.
    const manager = (await admin.get('/api/roles/manager')).body;
    const own = { resource: `record:${FORM}`, actions: ['create', 'read'], rows: { type: 'own' } };
    expect(
      (
        await admin.patch('/api/roles/manager', {
          rev: manager.rev,
          permissions: [...manager.permissions, own],
        })
      ).status,
    ).toBe(200);
    expect(
      (await analyst.patch(`/api/catalogue/entries/${ENTRY}`, { startRoles: ['finance', 'manager'] })).status,
    ).toBe(200);
    const removed = await analyst.delete(`/api/catalogue/entries/${ENTRY}`);
    expect(removed.status).toBe(204);
    expect((await analyst.delete(`/api/catalogue/entries/${ENTRY}`)).body.error.code).toBe('ENTRY_NOT_FOUND');
    expect((await analyst.get(`/api/catalogue/entries/${ENTRY}`)).status).toBe(404);
    expect((await catalogueOf('finance')).map((e) => e.id)).not.toContain(ENTRY);
    const gone = await (
      await t.client('finance')
    ).post(`/api/catalogue/${ENTRY}/submit`, { data: { destination: 'Beijing', days: 1 } });
    expect([gone.status, gone.body.error.code]).toEqual([404, 'ENTRY_NOT_FOUND']);
    expect(await grantsOf('finance')).toEqual([]);
    expect(await grantsOf('manager')).toEqual([own]);
    // Every change is in the audit log under the analyst's name.
    const audit = (await admin.get('/api/audit?resource=catalogue')).body.items.map((e: any) => [
      e.action,
      e.actor?.login ?? e.actor?.userId,
    ]);
    expect(audit.map((a: string[]) => a[0])).toEqual(
      expect.arrayContaining(['catalogue.entry.create', 'catalogue.entry.update', 'catalogue.entry.delete']),
    );
  });
});
