// The module system at run time in both run modes: a modules folder scanned (a broken module
// reported with file and path, never installable), install with everything a module brings,
// dependencies enforced on install, enable and disable, settings checked against their schema,
// the catalogue following what is enabled, a request submitted through its flow binding, and an
// upgrade that publishes new form and flow versions while a running instance finishes on its own.
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveAccess } from '#engine/core/permissions/resolve.ts';
import type { Actor } from '#engine/core/actor.ts';
import { tempDir } from '#tests/support/temp-dir.ts';
import { waitFor } from '#tests/support/wait-for.ts';
import { writeFixtureModule } from './fixture-module.ts';
import { MODES, openPlatform, type PlatformHarness } from './support.ts';

const ctx: Actor = {
  principal: { userId: 'qian.admin', login: 'qian.admin', roles: ['admin'], locale: 'en' },
};

describe.each(MODES)('module service (%s)', (mode) => {
  let h: PlatformHarness;
  const modulesDir = tempDir('modules');
  beforeAll(async () => {
    writeFixtureModule(modulesDir.dir, { id: 'crm' });
    writeFixtureModule(modulesDir.dir, { id: 'crm-plus', depends: [{ id: 'crm', version: '^1.0.0' }] });
    writeFixtureModule(modulesDir.dir, { id: 'broken' });
    writeFileSync(join(modulesDir.dir, 'broken', 'reports', 'by-tier.json'), '{ "name": ');
    h = await openPlatform(mode, { modulesDir: modulesDir.dir });
  });
  afterAll(async () => {
    await h.close();
    modulesDir.remove();
  });

  const employee = async () => {
    const principal = await h.principal('zheng.xin');
    return { principal, decision: resolveAccess(principal, 'record:crm-customer', 'create') };
  };

  it('scans the folder: available modules, and broken ones with the file and path of each problem', async () => {
    const scanned = await h.platform.modules.scan();
    expect(scanned.map((m) => [m.id, m.problems.length])).toEqual([
      ['broken', 1],
      ['crm', 0],
      ['crm-plus', 0],
    ]);
    const broken = await h.platform.modules.get('broken');
    expect(broken.status).toBe('broken');
    expect(broken.problems).toEqual([
      expect.objectContaining({ file: 'broken/reports/by-tier.json', path: '', code: 'JSON_INVALID' }),
    ]);
    await expect(h.platform.modules.install('broken', ctx)).rejects.toMatchObject({
      status: 422,
      code: 'MODULE_BROKEN',
    });
  });

  it('enforces dependencies on install, enable and disable', async () => {
    const modules = h.platform.modules;
    await expect(modules.install('crm-plus', ctx)).rejects.toMatchObject({
      status: 409,
      code: 'MODULE_DEPENDENCY_UNMET',
    });
    const crm = await modules.install('crm', ctx);
    expect([crm.status, crm.installedVersion, crm.settings]).toEqual([
      'disabled',
      '1.0.0',
      { welcomeRole: 'manager', bigRevenue: 1000 },
    ]);
    await expect(modules.install('crm-plus', ctx)).rejects.toMatchObject({ code: 'MODULE_DEPENDENCY_UNMET' });
    await modules.enable('crm', ctx);
    expect((await modules.install('crm-plus', ctx, { enable: true })).status).toBe('enabled');
    await expect(modules.disable('crm', ctx)).rejects.toMatchObject({ status: 409, code: 'MODULE_REQUIRED' });
    await modules.disable('crm-plus', ctx);
    expect((await modules.disable('crm', ctx)).status).toBe('disabled');
    await expect(modules.enable('crm-plus', ctx)).rejects.toMatchObject({ code: 'MODULE_DEPENDENCY_UNMET' });
    await expect(modules.install('crm', ctx)).rejects.toMatchObject({ code: 'MODULE_INSTALLED' });
  });

  it('installed everything the module brings: forms, flows, roles and grants, automations, reports, seeds', async () => {
    const { forms, flows, automations, reports, records } = h.platform;
    const { roles } = h.platform.identity;
    expect((await forms.latest('crm-customer')).version).toBe(1);
    expect((await flows.listVersions('crm-onboarding')).map((v) => v.version)).toEqual([1]);
    expect((await roles.get('crm-agent')).permissions).toEqual([
      { resource: 'record:crm-customer', actions: ['read', 'update'] },
    ]);
    expect((await roles.get('employee')).permissions).toEqual(
      expect.arrayContaining([
        { resource: 'record:crm-customer', actions: ['create', 'read'], rows: { type: 'own' } },
      ]),
    );
    expect((await automations.list({ module: 'crm' })).map((a) => a.id)).toEqual(['crm-welcome']);
    expect((await reports.reports.find({ module: 'crm' })).items.map((r) => r.id)).toEqual(['crm-by-tier']);
    expect((await roles.get('employee')).permissions).toContainEqual({
      resource: 'report:crm-by-tier',
      actions: ['read'],
    });
    expect(await records.collection('crm-customer').get('crm-seed-1')).toMatchObject({
      owner: 'zheng.xin',
      data: { name: 'Seed Co' },
    });
  });

  it('checks settings against the module’s schema', async () => {
    await expect(
      h.platform.modules.configure('crm', { welcomeRole: 'finance', bigRevenue: -5 }, ctx),
    ).rejects.toMatchObject({
      status: 422,
      code: 'MODULE_SETTINGS_INVALID',
      details: [expect.objectContaining({ path: '/settings/bigRevenue' })],
    });
    const view = await h.platform.modules.configure('crm', { welcomeRole: 'finance', bigRevenue: 100 }, ctx);
    expect(view.settings).toEqual({ welcomeRole: 'finance', bigRevenue: 100 });
    await expect(h.platform.modules.configure('crm', { welcomeRole: 'x' }, ctx, 1)).rejects.toMatchObject({
      code: 'MODULE_REVISION_CONFLICT',
    });
  });

  it('shows an enabled module’s requests in the catalogue, refuses a disabled one’s, keeps the data', async () => {
    const { requests, modules, records } = h.platform;
    const me = await employee();
    expect(await requests.catalogue(me.principal)).toEqual([]);
    await expect(requests.submit(me, 'crm-onboarding', { name: 'X', tier: 'gold' })).rejects.toMatchObject({
      status: 409,
      code: 'MODULE_DISABLED',
    });
    await modules.enable('crm', ctx);
    expect((await requests.catalogue(me.principal)).map((e) => [e.id, e.module])).toEqual([
      ['crm-onboarding', 'crm'],
    ]);
    // The precheck evaluates the module's named rule with the module's settings (bigRevenue 100).
    expect(
      await requests.precheck(me, 'crm-onboarding', { name: 'Delta', tier: 'gold', revenue: '50.00' }),
    ).toEqual({
      warnings: [],
      values: { amount: 50, big: false },
    });
    expect(
      (await requests.precheck(me, 'crm-onboarding', { name: 'Delta', tier: 'gold', revenue: '5000.00' }))
        .warnings,
    ).toEqual([{ code: 'BIG_CUSTOMER', message: 'A big one: 5000', messageZh: '大客户：5000' }]);
    const { record, instance } = await requests.submit(me, 'crm-onboarding', {
      name: 'Delta',
      tier: 'gold',
      revenue: '5000.00',
    });
    expect([record.status, record.instanceId, instance?.id, instance?.businessKey]).toEqual([
      'submitted',
      `req-${record.id}`,
      `req-${record.id}`,
      record.id,
    ]);
    const task = (await h.platform.flows.getInstance(instance!.id)).openTasks[0]!;
    await h.platform.flows.completeTask(task.id, { by: 'wu.hao' });
    await waitFor(
      async () => (await records.collection('crm-customer').get(record.id))?.status === 'welcomed',
      10_000,
      'the outcome on the record',
    );
    // The automation on record.created (revenue above the setting) notified the role in the settings.
    await waitFor(
      async () => (await h.platform.notifications.unreadCount('zhao.qiang')) === 1,
      10_000,
      'the welcome notification',
    );
    await modules.disable('crm', ctx);
    expect(await requests.catalogue(me.principal)).toEqual([]);
    expect(await records.collection('crm-customer').get(record.id)).toMatchObject({ status: 'welcomed' });
    await modules.enable('crm', ctx);
  });

  it('upgrades: new form and flow versions; a running instance finishes on its version', async () => {
    const { requests, modules, flows, forms } = h.platform;
    const me = await employee();
    const running = await requests.submit(me, 'crm-onboarding', { name: 'Epsilon', tier: 'silver' });
    expect(running.instance?.version).toBe(1);
    await expect(modules.upgrade('crm', ctx)).resolves.toMatchObject({ installedVersion: '1.0.0' }); // nothing new on disk
    rmSync(join(modulesDir.dir, 'crm'), { recursive: true });
    writeFixtureModule(modulesDir.dir, { id: 'crm', version: 2 });
    await modules.scan();
    expect((await modules.get('crm')).upgradeAvailable).toBe(true);
    const upgraded = await modules.upgrade('crm', ctx);
    expect([upgraded.installedVersion, upgraded.upgradeAvailable, upgraded.status]).toEqual([
      '1.1.0',
      false,
      'enabled',
    ]);
    expect((await forms.latest('crm-customer')).version).toBe(2);
    expect((await flows.listVersions('crm-onboarding')).map((v) => v.version)).toEqual([1, 2]);
    // The old instance finishes on version 1 (one task); a new one runs version 2 (two tasks).
    const old = await flows.getInstance(running.instance!.id);
    expect([old.version, old.openTasks.map((t) => t.elementId)]).toEqual([1, ['review']]);
    await flows.completeTask(old.openTasks[0]!.id, { by: 'wu.hao' });
    expect((await flows.getInstance(old.id)).status).toBe('completed');
    const fresh = await requests.submit(me, 'crm-onboarding', {
      name: 'Zeta',
      tier: 'gold',
      city: 'Hangzhou',
    });
    expect([fresh.record.formVersion, fresh.instance?.version]).toEqual([2, 2]);
    const f = await flows.getInstance(fresh.instance!.id);
    await flows.completeTask(f.openTasks[0]!.id, { by: 'wu.hao' });
    expect((await flows.getInstance(f.id)).openTasks.map((t) => t.elementId)).toEqual(['confirm']);
    // Same version, other content: refused until the version is raised.
    writeFileSync(
      join(modulesDir.dir, 'crm', 'doctypes', 'customer', 'doctype.json'),
      '{ "name": { "en": "Customer", "zh-CN": "客户" }, "titleField": "city" }',
    );
    await modules.scan();
    await expect(modules.upgrade('crm', ctx)).rejects.toMatchObject({
      status: 409,
      code: 'MODULE_VERSION_UNCHANGED',
    });
  });
});
