// Resubmitting a returned request with corrected data (employee portal), through the HTTP
// API in both run modes: the record takes the data, checked as on submit; the approval starts
// again with the corrected values as its variables; bad data, a request that is not (or no longer)
// returned and someone else's request are refused with their codes and change nothing; fields the
// requester may not write keep their values.
/* eslint-disable @typescript-eslint/no-explicit-any -- replies are JSON that tests read freely */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MODES, type TestApp, startApp } from '../support/app-harness.ts';
import { waitFor } from '../support/wait-for.ts';

const CLAIM = {
  title: 'Taxi to the airport',
  date: '2026-03-09',
  lines: [{ date: '2026-03-09', category: 'transport', amount: '86.00' }],
};

describe.each(MODES)('resubmitting a returned request with changes (%s mode)', (mode) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startApp(mode, { platform: { workers: true, sweepEveryMs: 0 } });
    await t.app.ready();
    const installed = await (await t.client('admin')).post('/api/modules/finance/install', { enable: true });
    expect(installed.status, JSON.stringify(installed.body)).toBe(200);
  }, 120_000);
  afterAll(() => t?.close());

  const flows = () => t.app.services.flows;
  const openTask = async (instanceId: string, elementId: string, who: string) => {
    await waitFor(
      async () => (await flows().getInstance(instanceId)).openTasks.some((x) => x.elementId === elementId),
      20_000,
      `task ${elementId}`,
    );
    const inbox = await (await t.client(who)).get('/api/tasks');
    return inbox.body.items.find((i: any) => i.instanceId === instanceId && i.elementId === elementId);
  };

  async function submitAndReturn(): Promise<{ instanceId: string; recordId: string; taskId: string }> {
    const employee = await t.client('employee');
    const submitted = await employee.post('/api/catalogue/finance-expense-claim/submit', { data: CLAIM });
    expect(submitted.status, JSON.stringify(submitted.body)).toBe(201);
    const instanceId = submitted.body.instanceId as string;
    const task = await openTask(instanceId, 'manager', 'manager');
    const returned = await (
      await t.client('manager')
    ).post(`/api/tasks/${task.id}/return`, { to: 'requester', comment: 'Add the receipt number' });
    expect(returned.status, JSON.stringify(returned.body)).toBe(200);
    const mine = (await employee.get('/api/tasks')).body.items.find((i: any) => i.instanceId === instanceId);
    expect(mine.kind).toBe('resubmit');
    return { instanceId, recordId: submitted.body.record.id, taskId: mine.id };
  }

  it('updates the record and starts the approval again with the corrected values', async () => {
    const { instanceId, recordId, taskId } = await submitAndReturn();
    const employee = await t.client('employee');
    const res = await employee.post(`/api/catalogue/requests/${instanceId}/resubmit`, {
      taskId,
      comment: 'Receipt number added; the fare was higher',
      data: { ...CLAIM, lines: [{ ...CLAIM.lines[0], amount: '120.5', invoiceRef: '33019999' }] },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.record.data).toMatchObject({
      total: '120.50',
      lines: [{ amount: '120.50', invoiceRef: '33019999' }],
    });
    const record = await employee.get(`/api/records/finance-expense-claim/${recordId}`);
    expect(record.body.data.total).toBe('120.50');
    // The approval runs again, from the manager, with the new numbers as variables.
    const again = await openTask(instanceId, 'manager', 'manager');
    expect(again.id).not.toBe(taskId);
    const instance = await flows().getInstance(instanceId);
    expect(instance.variables).toMatchObject({ total: 120.5, lines: [{ amount: 120.5 }] });
    const request = (await employee.get(`/api/approvals/requests/${instanceId}`)).body;
    expect(request.status).toBe('running');
    expect(request.timeline.map((e: any) => e.action)).toEqual(['submitted', 'return', 'resubmit']);
    expect(request.timeline[2]).toMatchObject({
      by: 'zheng.xin',
      comment: 'Receipt number added; the fare was higher',
    });
  });

  it('refuses bad data and others (nothing changes); keeps fields the requester may not write', async () => {
    const { instanceId, recordId, taskId } = await submitAndReturn();
    const employee = await t.client('employee');
    const url = `/api/catalogue/requests/${instanceId}/resubmit`;
    const bad = await employee.post(url, {
      taskId,
      data: { ...CLAIM, lines: [{ ...CLAIM.lines[0], amount: '1.234' }] },
    });
    expect([bad.status, bad.body.error.details[0].path]).toEqual([422, '/lines/0/amount']);
    // Someone else's request: as if it did not exist.
    const other = await (await t.client('salesperson')).post(url, { taskId, data: CLAIM });
    expect(other.status).toBe(404);
    // The task of another request.
    const mismatch = await employee.post(`/api/catalogue/requests/req-nothing/resubmit`, {
      taskId,
      data: CLAIM,
    });
    expect(mismatch.status).toBe(404);
    // Nothing changed: still returned, the record as submitted.
    expect((await employee.get(`/api/approvals/requests/${instanceId}`)).body.status).toBe('returned');
    const record = (await employee.get(`/api/records/finance-expense-claim/${recordId}`)).body;
    expect([record.data.total, record.data.paymentStatus]).toEqual(['86.00', 'unpaid']);

    // A field the requester may not write keeps its value (finance marks the claim paid, not them).
    const paid = await employee.post(url, { taskId, data: { ...CLAIM, paymentStatus: 'paid' } });
    expect(paid.status, JSON.stringify(paid.body)).toBe(200);
    expect(paid.body.record.data.paymentStatus).toBe('unpaid');
    // After a resubmission the task is gone: doing it again is a 409 or 404, never a second start.
    const twice = await employee.post(url, { taskId, data: CLAIM });
    expect([404, 409]).toContain(twice.status);
  });
});
