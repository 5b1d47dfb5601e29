// Flow and step names in both languages through the HTTP API, in both run modes: finance's expense
// claim names its steps in English (`name`) and Chinese (`forma:nameZh`); a manager whose language
// is Chinese sees 经理审批 in the inbox, the task, the request and the approval chain, one whose
// language is English sees "Manager approval".
/* eslint-disable @typescript-eslint/no-explicit-any -- replies are JSON that tests read freely */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MODES, type TestApp, startApp } from '../support/app-harness.ts';
import { waitFor } from '../support/wait-for.ts';

const CLAIM = {
  title: 'Taxi to the airport',
  date: '2026-03-09',
  lines: [{ date: '2026-03-09', category: 'transport', amount: '86.00' }],
};

describe.each(MODES)('step names in the reader’s language (%s mode)', (mode) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startApp(mode, { platform: { workers: true, sweepEveryMs: 0 } });
    await t.app.ready();
    const installed = await (await t.client('admin')).post('/api/modules/finance/install', { enable: true });
    expect(installed.status, JSON.stringify(installed.body)).toBe(200);
  }, 120_000);
  afterAll(() => t?.close());

  async function managerRow(instanceId: string): Promise<any> {
    let row: any;
    await waitFor(
      async () => {
        const inbox = await (await t.client('manager')).get('/api/tasks');
        row = inbox.body.items.find((i: any) => i.instanceId === instanceId && i.elementId === 'manager');
        return row !== undefined;
      },
      20_000,
      'the manager step in the inbox',
    );
    return row;
  }

  it('shows the zh step name to a Chinese reader and the default to an English one', async () => {
    const submitted = await (
      await t.client('employee')
    ).post('/api/catalogue/finance-expense-claim/submit', { data: CLAIM });
    expect(submitted.status, JSON.stringify(submitted.body)).toBe(201);
    const instanceId = submitted.body.instanceId as string;
    const manager = await t.client('manager');

    expect((await manager.patch('/api/auth/me', { locale: 'zh-CN' })).status).toBe(200);
    const zhRow = await managerRow(instanceId);
    expect(zhRow.name).toBe('经理审批');
    expect(zhRow.processName).toBe('报销审批');
    const zhTask = (await manager.get(`/api/tasks/${zhRow.id}`)).body;
    expect(zhTask.task.name).toBe('经理审批');
    expect(zhTask.request.currentSteps[0].name).toBe('经理审批');
    const zhChain = (await manager.get(`/api/approvals/requests/${instanceId}/chain`)).body;
    expect(zhChain.steps.find((s: any) => s.elementId === 'manager').name).toBe('经理审批');

    expect((await manager.patch('/api/auth/me', { locale: 'en' })).status).toBe(200);
    const enRow = await managerRow(instanceId);
    expect(enRow.name).toBe('Manager approval');
    expect(enRow.processName).toBe('Expense claim approval');
    const enChain = (await manager.get(`/api/approvals/requests/${instanceId}/chain`)).body;
    expect(enChain.steps.find((s: any) => s.elementId === 'manager').name).toBe('Manager approval');
  });
});
