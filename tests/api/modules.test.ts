// /api/modules and /api/catalogue through the whole HTTP pipeline in both run modes: the admin
// installs, enables, configures and disables the finance module; a broken module is listed with
// its problems (file and path) and refused; the catalogue follows; errors have their codes.
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MODES, startApp, type TestApp } from '../support/app-harness.ts';
import { tempDir } from '../support/temp-dir.ts';
import { writeFixtureModule } from '../services/modules/fixture-module.ts';

const FINANCE = join(import.meta.dirname, '..', '..', 'modules', 'finance');

describe.each(MODES)('modules API (%s)', (mode) => {
  let t: TestApp;
  const dir = tempDir('api-modules');
  beforeAll(async () => {
    cpSync(FINANCE, join(dir.dir, 'finance'), { recursive: true });
    writeFixtureModule(dir.dir, { id: 'crm' });
    const labels = join(dir.dir, 'crm', 'doctypes', 'customer', 'labels.json');
    const broken = JSON.parse(readFileSync(labels, 'utf8'));
    delete broken.fields.tier;
    writeFileSync(labels, JSON.stringify(broken));
    t = await startApp(mode, { platform: { modulesDir: dir.dir, workers: true, sweepEveryMs: 0 } });
    await t.app.ready();
  });
  afterAll(async () => {
    await t.close();
    dir.remove();
  });

  it('lists modules for admins only, a broken one with the file and path of its problems', async () => {
    const admin = await t.client('admin');
    const res = await admin.get('/api/modules');
    expect(res.status).toBe(200);
    expect(res.body.items.map((m: { id: string; status: string }) => [m.id, m.status])).toEqual([
      ['crm', 'broken'],
      ['finance', 'available'],
    ]);
    const crm = res.body.items[0];
    expect(crm.problems).toContainEqual(
      expect.objectContaining({
        file: 'crm/doctypes/customer/labels.json',
        path: '/fields/tier',
        code: 'MISSING_LABEL',
      }),
    );
    expect((await (await t.client('employee')).get('/api/modules')).body.error.code).toBe('FORBIDDEN');
    const refused = await admin.post('/api/modules/crm/install', {});
    expect([refused.status, refused.body.error.code]).toEqual([422, 'MODULE_BROKEN']);
    expect(refused.body.error.details[0].path).toBe('crm/doctypes/customer/labels.json /fields/tier');
    expect((await admin.get('/api/modules/nope')).body.error.code).toBe('MODULE_NOT_FOUND');
    expect((await admin.get('/api/modules/NOT_AN_ID')).status).toBe(400);
  });

  it('installs and enables finance; the catalogue shows each user the requests they may start', async () => {
    const admin = await t.client('admin');
    const res = await admin.post('/api/modules/finance/install', { enable: true });
    expect([res.status, res.body.status, res.body.installedVersion]).toEqual([200, 'enabled', '2.4.0']);
    expect(res.body.entries.map((e: { id: string }) => e.id)).toEqual([
      'finance-expense-claim',
      'finance-invoice',
    ]);
    expect((await admin.post('/api/modules/finance/install', {})).body.error.code).toBe('MODULE_INSTALLED');
    const entries = async (who: string) =>
      (await (await t.client(who)).get('/api/catalogue')).body.items.map((e: { id: string }) => e.id);
    expect(await entries('employee')).toEqual(['finance-expense-claim']);
    expect(await entries('finance')).toEqual(['finance-expense-claim', 'finance-invoice']);
    const submit = await (
      await t.client('employee')
    ).post('/api/catalogue/finance-invoice/submit', { data: {} });
    expect([submit.status, submit.body.error.code]).toEqual([403, 'FORBIDDEN']);
  });

  it('checks settings against the schema and keeps the revision honest', async () => {
    const admin = await t.client('admin');
    const current = (await admin.get('/api/modules/finance')).body;
    const bad = await admin.put('/api/modules/finance/settings', {
      settings: { ...current.settings, deptHeadThreshold: -1 },
    });
    expect([bad.status, bad.body.error.code, bad.body.error.details[0].path]).toEqual([
      422,
      'MODULE_SETTINGS_INVALID',
      '/settings/deptHeadThreshold',
    ]);
    const ok = await admin.put('/api/modules/finance/settings', {
      settings: { ...current.settings, deptHeadThreshold: 8000 },
      rev: current.rev,
    });
    expect([ok.status, ok.body.settings.deptHeadThreshold]).toEqual([200, 8000]);
    const stale = await admin.put('/api/modules/finance/settings', {
      settings: current.settings,
      rev: current.rev,
    });
    expect([stale.status, stale.body.error.code]).toEqual([409, 'MODULE_REVISION_CONFLICT']);
    expect((await admin.put('/api/modules/finance/settings', { settings: 'x' })).status).toBe(400);
  });

  it('disabling hides the requests and refuses submissions; enabling brings them back', async () => {
    const admin = await t.client('admin');
    const employee = await t.client('employee');
    expect((await admin.post('/api/modules/finance/disable', {})).body.status).toBe('disabled');
    expect((await employee.get('/api/catalogue')).body.items).toEqual([]);
    const refused = await employee.post('/api/catalogue/finance-expense-claim/submit', {
      data: { title: 'x' },
    });
    expect([refused.status, refused.body.error.code]).toEqual([409, 'MODULE_DISABLED']);
    expect((await (await t.client('finance')).get('/api/reports')).body.items).toEqual([]);
    expect((await admin.post('/api/modules/finance/enable', {})).body.status).toBe('enabled');
    expect((await employee.get('/api/catalogue')).body.items).toHaveLength(1);
    expect((await admin.post('/api/modules/reload', {})).body.items.map((m: { id: string }) => m.id)).toEqual(
      ['crm', 'finance'],
    );
    const docs = await t.anonymous().get('/docs/json');
    expect(Object.keys(docs.body.paths)).toEqual(
      expect.arrayContaining([
        '/api/modules/{id}/install',
        '/api/catalogue/{entry}/submit',
        '/api/reports/{id}/run',
      ]),
    );
  });
});
