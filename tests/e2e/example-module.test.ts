// The walkthrough of docs/modules.md stays true: its files are the files of modules/equipment, and
// the module does what the walkthrough says, in both run modes — the demo leaves it alone; an
// admin installs it; a long loan is warned about, approved by the manager and then by the keeper
// (the same rule decided both), a short one only by the manager; the borrower is told; the
// keeper's report counts the approved loans.
/* eslint-disable @typescript-eslint/no-explicit-any -- replies are JSON that tests read freely */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '#engine/ports/clock.ts';
import { installDemoModules } from '#engine/services/modules/demo.ts';
import { MODES, startApp, type Client, type TestApp } from '../support/app-harness.ts';
import { waitFor } from '../support/wait-for.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const PROCESS = 'equipment-loan-approval';

describe('docs/modules.md walkthrough', () => {
  it('shows the files of modules/equipment as they are', () => {
    const docs = readFileSync(join(ROOT, 'docs', 'modules.md'), 'utf8');
    const shown = [...docs.matchAll(/<!-- file: (\S+) -->\n+```json\n([\s\S]*?)\n```/g)];
    expect(shown.map((m) => m[1])).toEqual([
      'modules/equipment/module.json',
      'modules/equipment/doctypes/loan/doctype.json',
      'modules/equipment/doctypes/loan/schema.json',
      'modules/equipment/doctypes/loan/labels.json',
      'modules/equipment/doctypes/loan/ui.json',
      'modules/equipment/doctypes/loan/views.json',
      'modules/equipment/doctypes/loan/permissions.json',
      'modules/equipment/rules/long-loan.json',
      'modules/equipment/automations/tell-borrower.json',
      'modules/equipment/reports/loans-by-item.json',
    ]);
    for (const [, file, text] of shown)
      expect(JSON.parse(text!), file).toEqual(JSON.parse(readFileSync(join(ROOT, file!), 'utf8')));
  });
});

describe.each(MODES)('the example module, equipment (%s)', (mode) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startApp(mode, {
      platform: {
        clock: new ManualClock(Date.parse('2026-05-04T02:00:00Z')),
        workers: true,
        sweepEveryMs: 0,
        flowRetryBackoffMs: 20,
        automationRetryBackoffMs: 20,
      },
    });
    await t.app.ready();
  });
  afterAll(() => t?.close());

  const loan = (item: string, from: string, until: string) => ({
    item,
    from,
    until,
    purpose: 'Customer demo',
  });

  // The demo installs every installInDemo module with its data (finance, inventory, purchasing and
  // sales): longer than a test's default on a busy machine.
  it('is not installed by the demo, which installs finance', { timeout: 120_000 }, async () => {
    await installDemoModules(t.app.services.modules, { info: () => {}, warn: () => {} });
    const modules = (await (await t.client('admin')).get('/api/modules')).body.items;
    const status = Object.fromEntries(modules.map((m: { id: string; status: string }) => [m.id, m.status]));
    expect(status.equipment).toBe('available');
    expect(status.finance).toBe('enabled');
  });

  it('installs with its role; the keeper gets the role from an admin', async () => {
    const admin = await t.client('admin');
    const installed = await admin.post('/api/modules/equipment/install', { enable: true });
    expect([installed.status, installed.body.status]).toEqual([200, 'enabled']);
    const keeper = (await admin.get('/api/users/zhou.jie')).body;
    const given = await admin.patch('/api/users/zhou.jie', {
      rev: keeper.rev,
      roles: [...keeper.roles, 'equipment-keeper'],
    });
    expect(given.status, JSON.stringify(given.body)).toBe(200);
  });

  /** Approves the open task at `elementId` of an instance from `login`'s inbox. */
  async function decide(instanceId: string, elementId: string, login: string, how: 'approve' | 'reject') {
    const flows = t.app.services.flows;
    await waitFor(
      async () => (await flows.getInstance(instanceId)).openTasks.some((x) => x.elementId === elementId),
      20_000,
      `${elementId} of ${instanceId}`,
    );
    const who: Client = await t.client(login);
    const inbox = await who.get(`/api/tasks?processId=${PROCESS}`);
    const task = inbox.body.items.find((x: any) => x.instanceId === instanceId && x.elementId === elementId);
    expect(task, `${elementId} in the inbox of ${login}`).toBeDefined();
    const res = await who.post(`/api/tasks/${task.id}/${how}`, { comment: `${how} (${login})` });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
  }

  const statusOf = async (id: string) =>
    (await (await t.client('employee')).get(`/api/records/equipment-loan/${id}`)).body.status;

  it('warns about a long loan, which the manager and then the keeper approve', async () => {
    const employee = await t.client('employee');
    const catalogue = (await employee.get('/api/catalogue')).body.items.map((e: { id: string }) => e.id);
    expect(catalogue).toContain('equipment-loan');
    const short = await employee.post('/api/catalogue/equipment-loan/precheck', {
      data: loan('laptop', '2026-05-06', '2026-05-08'),
    });
    expect(short.body).toEqual({ warnings: [], values: { limit: 14, long: false } });
    const data = loan('camera', '2026-05-06', '2026-05-25');
    const long = await employee.post('/api/catalogue/equipment-loan/precheck', { data });
    expect(long.body.warnings).toEqual([
      {
        code: 'LONG_LOAN',
        message: 'Longer than 14 days: the equipment keeper will approve it too.',
        messageZh: '借用超过 14 天：还需设备管理员审批。',
      },
    ]);
    const submitted = await employee.post('/api/catalogue/equipment-loan/submit', { data });
    expect([submitted.status, submitted.body.record.data.days]).toEqual([201, 20]);
    const { instanceId } = submitted.body;
    await decide(instanceId, 'manager', 'wu.hao', 'approve');
    await decide(instanceId, 'keeper', 'zhou.jie', 'approve');
    await waitFor(async () => (await statusOf(submitted.body.record.id)) === 'approved', 20_000, 'approved');
    await waitFor(
      async () =>
        (await employee.get('/api/notifications')).body.items.some(
          (n: any) => n.title.en === 'Your equipment loan was approved',
        ),
      20_000,
      'the borrower told',
    );
  });

  it('a short loan needs the manager only; a rejected one is not counted', async () => {
    const employee = await t.client('employee');
    const flows = t.app.services.flows;
    const short = await employee.post('/api/catalogue/equipment-loan/submit', {
      data: loan('laptop', '2026-05-06', '2026-05-08'),
    });
    await decide(short.body.instanceId, 'manager', 'wu.hao', 'approve');
    await waitFor(async () => (await statusOf(short.body.record.id)) === 'approved', 20_000, 'approved');
    const visited = (await flows.getInstance(short.body.instanceId)).history
      .filter((h) => h.type === 'task.completed')
      .map((h) => h.elementId);
    expect(visited).toEqual(['manager']);
    const refused = await employee.post('/api/catalogue/equipment-loan/submit', {
      data: loan('projector', '2026-05-07', '2026-05-07'),
    });
    await decide(refused.body.instanceId, 'manager', 'wu.hao', 'reject');
    await waitFor(async () => (await statusOf(refused.body.record.id)) === 'rejected', 20_000, 'rejected');
  });

  it('gives the keeper the report of approved loans per item', async () => {
    const report = await (await t.client('zhou.jie')).post('/api/reports/equipment-loans-by-item/run', {});
    expect(report.status, JSON.stringify(report.body)).toBe(200);
    expect(report.body.rows).toEqual([
      { item: 'camera', loans: 1, days: '20' },
      { item: 'laptop', loans: 1, days: '3' },
    ]);
    expect(
      (await (await t.client('employee')).post('/api/reports/equipment-loans-by-item/run', {})).status,
    ).toBe(403);
  });
});
