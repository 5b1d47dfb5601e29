// Who approves what amount is a DMN table, not gateways (finance's decision
// finance-expense-route), in both run modes: the route of each claim is the table's result — the
// department head above the module's threshold, the head office for sales claims above 20,000,
// the budget approver when over budget — then finance, and each step goes to its approver. An
// analyst who deploys a changed table changes the route of the next claims; the flow is not
// redeployed and claims already under way keep their route.
/* eslint-disable @typescript-eslint/no-explicit-any -- replies are JSON that tests read freely */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '#engine/ports/clock.ts';
import { MODES, startApp, type TestApp } from '../support/app-harness.ts';
import { waitFor } from '../support/wait-for.ts';

const TABLE = readFileSync(
  join(import.meta.dirname, '../../modules/finance/decisions/expense-route.dmn'),
  'utf8',
);

const claim = (amount: string) => ({
  title: 'Trade fair booth',
  date: '2026-03-09',
  lines: [{ date: '2026-03-09', category: 'office', amount }],
});

describe.each(MODES)('an approval route decided by a DMN table (%s)', (mode) => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startApp(mode, {
      platform: {
        clock: new ManualClock(Date.parse('2026-03-10T02:00:00Z')),
        workers: true,
        sweepEveryMs: 0,
        flowRetryBackoffMs: 20,
        automationRetryBackoffMs: 20,
      },
    });
    await t.app.ready();
    expect(
      (await (await t.client('admin')).post('/api/modules/finance/install', { enable: true })).status,
    ).toBe(200);
  });
  afterAll(() => t.close());

  /** Submits a claim as `login` and waits for its route (the table ran before the first task). */
  async function submit(login: string, amount: string): Promise<{ id: string; route: any[] }> {
    const res = await (
      await t.client(login)
    ).post('/api/catalogue/finance-expense-claim/submit', {
      data: claim(amount),
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const flows = t.app.services.flows;
    await waitFor(
      async () => (await flows.getInstance(res.body.instanceId)).openTasks.length > 0,
      20_000,
      'the first task',
    );
    const instance = await flows.getInstance(res.body.instanceId);
    return { id: instance.id, route: instance.variables.route as any[] };
  }

  /** Approves the instance's open task from the inbox of whoever holds it; returns who that was. */
  async function approveNext(id: string): Promise<{ elementId: string; by: string; step?: string }> {
    const flows = t.app.services.flows;
    const task = (await flows.getInstance(id)).openTasks[0]!;
    const holder = (task.assignee as string | undefined) ?? 'zhao.qiang'; // role finance: zhao.qiang
    const client = await t.client(holder);
    const mine = (await client.get('/api/tasks?processId=finance-expense-approval')).body.items.find(
      (x: any) => x.instanceId === id,
    );
    expect(mine, `${task.elementId} of ${id} in the inbox of ${holder}`).toBeDefined();
    expect((await client.post(`/api/tasks/${mine.id}/approve`, {})).status).toBe(200);
    await waitFor(
      async () => {
        const i = await flows.getInstance(id);
        return i.status !== 'active' || i.openTasks[0]?.id !== task.id;
      },
      20_000,
      `${task.elementId} done`,
    );
    const step = (task.localVariables?.step as { level?: string } | undefined)?.level;
    return { elementId: task.elementId, by: holder, ...(step ? { step } : {}) };
  }

  it('a large sales claim goes to the salesperson’s manager, the department head, the head office and finance', async () => {
    // wang.fang (sales-east): manager zhang.min, who also heads sales-east; head office: chen.wei.
    const { id, route } = await submit('salesperson', '25000.00');
    expect(route).toEqual([
      { level: 'deptHead', department: 'sales-east', group: null },
      { level: 'headOffice', department: 'hq', group: null },
    ]);
    const steps = [];
    while ((await t.app.services.flows.getInstance(id)).status === 'active')
      steps.push(await approveNext(id));
    // zhang.min approves as manager; the department-head step is hers again (same approver:
    // auto-approved, or hers to approve).
    expect(steps.filter((s) => s.step !== 'deptHead')).toEqual([
      { elementId: 'manager', by: 'zhang.min' },
      { elementId: 'levels', by: 'chen.wei', step: 'headOffice' },
      { elementId: 'finance', by: 'zhao.qiang' },
    ]);
    expect((await t.app.services.flows.getInstance(id)).variables.outcome).toBe('approved');
  });

  it('a small claim within budget: the manager, then finance only', async () => {
    const { id, route } = await submit('employee', '120.00');
    // No rule matches (the table's result is null, as in Camunda): no step between the manager
    // and finance, the routed step passes at once.
    expect(route).toBeNull();
    expect((await approveNext(id)).by).toBe('wu.hao');
    expect(await approveNext(id)).toEqual({ elementId: 'finance', by: 'zhao.qiang' });
    expect((await t.app.services.flows.getInstance(id)).status).toBe('completed');
  });

  it('an analyst changes the table: the next claims follow it, the flow stays as it was', async () => {
    const before = await submit('salesperson', '25000.00');
    const analyst = await t.client('analyst');
    const flowVersion = (await analyst.get('/api/flows/finance-expense-approval')).body.version;
    // The head office now only sees sales claims above 50,000.
    const changed = TABLE.replace('<text>&gt; 20000</text>', '<text>&gt; 50000</text>');
    const deployed = await analyst.post('/api/decisions', { xml: changed });
    expect(deployed.status, JSON.stringify(deployed.body)).toBe(201);
    expect(deployed.body.decisions[0]).toMatchObject({ decisionId: 'finance-expense-route', version: 2 });
    const after = await submit('salesperson', '25000.00');
    expect(after.route.map((s) => s.level)).toEqual(['deptHead']);
    expect(before.route.map((s) => s.level)).toEqual(['deptHead', 'headOffice']);
    expect((await analyst.get('/api/flows/finance-expense-approval')).body.version).toBe(flowVersion);
  });
});
