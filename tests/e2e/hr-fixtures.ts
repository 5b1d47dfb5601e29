// What the HR module's end-to-end tests share: the app with the China calendar and the HR module
// installed, the demo company's employee records (the module's demo seed, each owned by its
// employee — without the demo requests and payslips, which would slow every start), zhou.jie given
// the HR role, and the leave ledger's balance as HR reads it.
/* eslint-disable @typescript-eslint/no-explicit-any -- replies are JSON that tests read freely */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { systemActor } from '#engine/services/modules/system-actor.ts';
import type { Clock } from '#engine/ports/clock.ts';
import { startApp, type Client, type Mode, type TestApp } from '../support/app-harness.ts';
import { waitFor } from '../support/wait-for.ts';

export const HR = 'zhou.jie';
const EMPLOYEES = join(import.meta.dirname, '..', '..', 'modules', 'hr', 'seed', 'demo-employees.json');
interface SeedRecord {
  id: string;
  owner: string;
  data: Record<string, unknown>;
}

export async function startHr(mode: Mode, clock: Clock): Promise<TestApp> {
  const t = await startApp(mode, {
    platform: {
      clock,
      workers: true,
      sweepEveryMs: 0,
      flowRetryBackoffMs: 20,
      automationRetryBackoffMs: 20,
      approvalUndoWindowMs: 0,
    },
  });
  await t.app.ready();
  const admin = await t.client('admin');
  for (const id of ['cn-calendar', 'hr']) {
    const res = await admin.post(`/api/modules/${id}/install`, { enable: true });
    expect([res.status, res.body.status], JSON.stringify(res.body)).toEqual([200, 'enabled']);
  }
  const seed = JSON.parse(readFileSync(EMPLOYEES, 'utf8')) as { records: SeedRecord[] };
  const creator = systemActor('record:hr-employee', 'create', 'qian.admin');
  for (const r of seed.records)
    await t.app.services.records.create(creator, 'hr-employee', r.data, { id: r.id, owner: r.owner });
  const hr = (await admin.get(`/api/users/${HR}`)).body;
  const given = await admin.patch(`/api/users/${HR}`, { rev: hr.rev, roles: [...hr.roles, 'hr'] });
  expect(given.status, JSON.stringify(given.body)).toBe(200);
  return t;
}

/** An employee's balance of a leave type, summed from the leave ledger (HR's report). */
export async function balanceOf(t: TestApp, employee: string, leaveType: string): Promise<number> {
  const res = await (
    await t.client(HR)
  ).post('/api/reports/hr-leave-balance/run', {
    params: { party: employee, item: leaveType },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body.rows.length ? Number(res.body.rows[0].balance) : 0;
}

export async function waitForBalance(t: TestApp, employee: string, leaveType: string, expected: number) {
  await waitFor(
    async () => (await balanceOf(t, employee, leaveType)) === expected,
    20_000,
    `${employee} ${leaveType} = ${expected}`,
  );
}

/** Decides the open task `elementId` of an instance from `login`'s inbox. */
export async function decide(
  t: TestApp,
  instanceId: string,
  elementId: string,
  login: string,
  how: 'approve' | 'reject',
  processId = 'hr-leave-approval',
) {
  await waitFor(
    async () =>
      (await t.app.services.flows.getInstance(instanceId)).openTasks.some((x) => x.elementId === elementId),
    20_000,
    `${elementId} of ${instanceId}`,
  );
  const who: Client = await t.client(login);
  const inbox = await who.get(`/api/tasks?processId=${processId}`);
  const task = inbox.body.items.find((x: any) => x.instanceId === instanceId && x.elementId === elementId);
  expect(task, `${elementId} in the inbox of ${login}`).toBeDefined();
  const res = await who.post(`/api/tasks/${task.id}/${how}`, { comment: `${how} (${login})` });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
}
