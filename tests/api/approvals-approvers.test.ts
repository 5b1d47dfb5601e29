// What approvers and requesters see and do, through the HTTP API in both run modes, on the finance
// module's expense claim (a form-bound request): each inbox row, request and task carries the
// request's summary (title, exact amount with its currency); a one-tap approval is held for its
// undo window (out of the inbox meanwhile), can be taken back, and is sent when the window ends;
// the requester sees the road ahead before submitting and each step's state after; per-step field
// permissions hide finance's fields from the requester and let only finance fill them in.
/* eslint-disable @typescript-eslint/no-explicit-any -- replies are JSON that tests read freely */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MODES, type TestApp, startApp } from '../support/app-harness.ts';
import { waitFor } from '../support/wait-for.ts';

const CLAIM = {
  title: 'Taxi to the airport',
  date: '2026-03-09',
  lines: [
    { date: '2026-03-09', category: 'transport', amount: '86.00' },
    { date: '2026-03-09', category: 'meals', amount: '1200.5' },
  ],
};
const UNDO_MS = 1500;

describe.each(MODES)('approvers and requesters (%s mode)', (mode) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startApp(mode, { platform: { workers: true, sweepEveryMs: 0, approvalUndoWindowMs: UNDO_MS } });
    await t.app.ready();
    const installed = await (await t.client('admin')).post('/api/modules/finance/install', { enable: true });
    expect(installed.status, JSON.stringify(installed.body)).toBe(200);
  }, 120_000);
  afterAll(() => t?.close());

  const inboxRow = async (who: string, instanceId: string, elementId: string) => {
    let row: any;
    await waitFor(
      async () => {
        const inbox = await (await t.client(who)).get('/api/tasks');
        row = inbox.body.items.find((i: any) => i.instanceId === instanceId && i.elementId === elementId);
        return row !== undefined;
      },
      20_000,
      `${elementId} in ${who}'s inbox`,
    );
    return row;
  };

  async function submit(): Promise<string> {
    const submitted = await (
      await t.client('employee')
    ).post('/api/catalogue/finance-expense-claim/submit', {
      data: CLAIM,
    });
    expect(submitted.status, JSON.stringify(submitted.body)).toBe(201);
    return submitted.body.instanceId as string;
  }

  it('shows the road ahead before submitting, and each step after', async () => {
    const employee = await t.client('employee');
    const preview = await employee.post('/api/approvals/preview', {
      processId: 'finance-expense-approval',
      variables: { ...CLAIM, total: 1286.5 },
    });
    expect(preview.status, JSON.stringify(preview.body)).toBe(200);
    const steps = preview.body.steps.map((s: any) => s.elementId);
    expect(steps[0]).toBe('manager');
    expect(steps).toContain('finance');
    expect(preview.body.steps[0].people.map((p: any) => p.userId ?? p.id)).toEqual(['wu.hao']);
    expect(preview.body.steps.find((s: any) => s.elementId === 'finance').roles).toEqual(['finance']);

    const instanceId = await submit();
    await inboxRow('manager', instanceId, 'manager');
    const chain = await employee.get(`/api/approvals/requests/${instanceId}/chain`);
    expect(chain.status, JSON.stringify(chain.body)).toBe(200);
    const manager = chain.body.steps.find((s: any) => s.elementId === 'manager');
    expect(manager.state).toBe('current');
    expect(chain.body.steps.some((s: any) => s.elementId === 'finance')).toBe(true);
    const diagram = await employee.get(`/api/approvals/requests/${instanceId}/diagram`);
    expect(diagram.status).toBe(200);
    expect(diagram.body.current).toContain('manager');
    expect(diagram.body.xml).toContain('bpmn:definitions');
    // Someone with nothing to do with the request sees neither.
    expect(
      (await (await t.client('finance')).get(`/api/approvals/requests/${instanceId}/chain`)).status,
    ).toBe(404);
  });

  it('carries the summary (title, exact amount) on inbox rows, tasks and my requests', async () => {
    const instanceId = await submit();
    const row = await inboxRow('manager', instanceId, 'manager');
    expect(row.summary.title).toBe('Taxi to the airport');
    expect(row.summary.amount).toMatchObject({ value: '1286.50', currency: 'CNY', text: '¥1,286.50' });
    const task = (await (await t.client('manager')).get(`/api/tasks/${row.id}`)).body;
    expect(task.task.summary.title).toBe('Taxi to the airport');
    expect(task.request.document.data.title).toBe('Taxi to the airport');
    expect(task.request.document.fields.paymentStatus).toBe('readonly');
    const mine = (await (await t.client('employee')).get('/api/approvals/requests')).body.items;
    expect(mine.find((r: any) => r.id === instanceId).summary.amount.value).toBe('1286.50');
    // The inbox finds a request by its title.
    const found = (await (await t.client('manager')).get('/api/tasks?q=airport')).body.items;
    expect(found.some((i: any) => i.id === row.id)).toBe(true);
    // The notice of the new task names the request by its title and amount, in both languages.
    let notice: any;
    await waitFor(
      async () => {
        const items = (await (await t.client('manager')).get('/api/notifications')).body.items;
        notice = items.find((n: any) => n.link?.includes(row.id) || n.source?.id === row.id);
        return notice !== undefined;
      },
      20_000,
      'the task notice',
    );
    for (const text of [notice.title.en, notice.title['zh-CN']]) {
      expect(text).toContain('Taxi to the airport');
      expect(text).toContain('¥1,286.50');
    }
  });

  it('holds a one-tap approval for its undo window, takes it back, then sends it', async () => {
    const instanceId = await submit();
    const row = await inboxRow('manager', instanceId, 'manager');
    const manager = await t.client('manager');
    const held = await manager.post(`/api/tasks/${row.id}/approve`, { undo: true });
    expect(held.status, JSON.stringify(held.body)).toBe(200);
    expect(held.body.result).toBe('pending');
    expect(typeof held.body.undoUntil).toBe('string');
    // Out of the inbox (and its count) meanwhile; a second tap is refused.
    expect((await manager.get('/api/tasks')).body.items.some((i: any) => i.id === row.id)).toBe(false);
    expect((await manager.post(`/api/tasks/${row.id}/approve`, { undo: true })).body.error.code).toBe(
      'APPROVAL_PENDING',
    );
    const undone = await manager.post(`/api/tasks/${row.id}/undo`, {});
    expect(undone.status, JSON.stringify(undone.body)).toBe(200);
    expect(undone.body.result).toBe('undone');
    expect((await manager.get('/api/tasks')).body.items.some((i: any) => i.id === row.id)).toBe(true);
    const again = await manager.post(`/api/tasks/${row.id}/undo`, {});
    expect(again.status).toBe(404);
    expect(again.body.error.code).toBe('APPROVAL_NOTHING_TO_UNDO');
    // Nothing reached the flow: the manager's task is still open after the window.
    await new Promise((r) => setTimeout(r, UNDO_MS + 500));
    expect((await t.app.services.flows.getInstance(instanceId)).openTasks.map((x) => x.elementId)).toEqual([
      'manager',
    ]);

    // Held again and left alone: sent when the window ends; then too late to undo.
    expect((await manager.post(`/api/tasks/${row.id}/approve`, { undo: true, comment: 'OK' })).status).toBe(
      200,
    );
    await waitFor(
      async () =>
        !(await t.app.services.flows.getInstance(instanceId)).openTasks.some(
          (x) => x.elementId === 'manager',
        ),
      20_000,
      'the held approval sent',
    );
    const late = await manager.post(`/api/tasks/${row.id}/undo`, {});
    expect([404, 409]).toContain(late.status);
    const request = (await (await t.client('employee')).get(`/api/approvals/requests/${instanceId}`)).body;
    expect(request.timeline.find((e: any) => e.action === 'approve')).toMatchObject({
      by: 'wu.hao',
      comment: 'OK',
    });
  });

  it('enforces per-step field permissions: hidden from the requester, filled in only by finance', async () => {
    const instanceId = await submit();
    const row = await inboxRow('manager', instanceId, 'manager');
    const manager = await t.client('manager');
    const refused = await manager.post(`/api/tasks/${row.id}/approve`, { data: { paymentStatus: 'paid' } });
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('APPROVAL_FIELD_NOT_EDITABLE');
    expect(refused.body.error.details[0].path).toContain('paymentStatus');
    // Nothing was written, the task is still the manager's.
    expect((await manager.get('/api/tasks')).body.items.some((i: any) => i.id === row.id)).toBe(true);
    // Sending back the value already there changes nothing and is accepted.
    const ok = await manager.post(`/api/tasks/${row.id}/approve`, { data: { title: CLAIM.title } });
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);

    // The requester does not see finance's fields, in the document nor in the variables.
    const mine = (await (await t.client('employee')).get(`/api/approvals/requests/${instanceId}`)).body;
    expect(mine.document.fields.paymentStatus).toBe('hidden');
    expect(mine.document.data).not.toHaveProperty('paymentStatus');
    expect(mine.variables).not.toHaveProperty('paymentStatus');

    // Finance (after any department-head or budget step) fills in the payment.
    const approveUntilFinance = async () => {
      for (let i = 0; i < 4; i++) {
        const open = (await t.app.services.flows.getInstance(instanceId)).openTasks;
        if (open.some((x) => x.elementId === 'finance')) return;
        const step = open[0];
        if (!step) throw new Error('no open step');
        await t.app.services.approvals.actions.approve(
          { principal: { userId: step.assignee!, login: step.assignee!, roles: [], locale: 'en' } } as any,
          step.id,
        );
      }
    };
    await waitFor(
      async () => (await t.app.services.flows.getInstance(instanceId)).openTasks.length > 0,
      20_000,
      'next step',
    );
    await approveUntilFinance();
    const fin = await inboxRow('finance', instanceId, 'finance');
    const finance = await t.client('finance');
    const finTask = (await finance.get(`/api/tasks/${fin.id}`)).body;
    expect(finTask.request.document.fields.paymentStatus).toBe('editable');
    const paid = await finance.post(`/api/tasks/${fin.id}/approve`, {
      data: { paymentStatus: 'paid', paidOn: '2026-03-12' },
    });
    expect(paid.status, JSON.stringify(paid.body)).toBe(200);
    const recordId = (await t.app.services.flows.getInstance(instanceId)).variables.record as { id: string };
    const record = await finance.get(`/api/records/finance-expense-claim/${recordId.id}`);
    expect(record.body.data).toMatchObject({ paymentStatus: 'paid', paidOn: '2026-03-12' });
  });

  it('lets an analyst set the field permissions per step; the server checks them and holds the steps to them', async () => {
    const analyst = await t.client('analyst');
    const pid = 'finance-expense-approval';
    const url = `/api/flows/${pid}/approval-settings`;
    // Without its own, the flow follows its catalogue entry's, and says so.
    const before = (await analyst.get(url)).body;
    expect(before.fieldAccess).toMatchObject({
      source: 'entry',
      permissions: { requester: { paymentStatus: 'hidden' }, manager: { paymentStatus: 'readonly' } },
    });
    // Steps and fields are checked against the deployed flow and its request form.
    for (const [fieldPermissions, path] of [
      [{ nobody: { title: 'hidden' } }, '/fieldPermissions/nobody'],
      [{ manager: { ghost: 'editable' } }, '/fieldPermissions/manager/ghost'],
    ] as const) {
      const refused = await analyst.put(url, { fieldPermissions });
      expect(refused.status, JSON.stringify(refused.body)).toBe(400);
      expect(refused.body.error.code).toBe('APPROVAL_SETTINGS_INVALID');
      expect(JSON.stringify(refused.body.error)).toContain(path);
    }
    expect((await analyst.get(url)).body.fieldAccess.source).toBe('entry');

    // The analyst lets the manager fill in the payment date, and hides the claim's date from them.
    const set = await analyst.put(url, {
      autoApprove: before.autoApprove,
      noAssigneeFallback: before.noAssigneeFallback,
      proxies: before.proxies,
      fieldPermissions: {
        ...before.fieldAccess.permissions,
        manager: { paymentStatus: 'readonly', paidOn: 'editable', date: 'hidden' },
      },
    });
    expect(set.status, JSON.stringify(set.body)).toBe(200);
    expect(set.body.fieldAccess).toMatchObject({
      source: 'flow',
      permissions: { manager: { paidOn: 'editable' } },
    });
    try {
      const instanceId = await submit();
      const row = await inboxRow('manager', instanceId, 'manager');
      const manager = await t.client('manager');
      const task = (await manager.get(`/api/tasks/${row.id}`)).body;
      expect(task.request.document.fields).toMatchObject({
        paidOn: 'editable',
        paymentStatus: 'readonly',
        date: 'hidden',
      });
      expect(task.request.document.data).not.toHaveProperty('date');
      const refused = await manager.post(`/api/tasks/${row.id}/approve`, { data: { paymentStatus: 'paid' } });
      expect(refused.body.error.code).toBe('APPROVAL_FIELD_NOT_EDITABLE');
      const ok = await manager.post(`/api/tasks/${row.id}/approve`, { data: { paidOn: '2026-03-20' } });
      expect(ok.status, JSON.stringify(ok.body)).toBe(200);
      const recordId = (await t.app.services.flows.getInstance(instanceId)).variables.record as {
        id: string;
      };
      const record = await (
        await t.client('finance')
      ).get(`/api/records/finance-expense-claim/${recordId.id}`);
      expect(record.body.data.paidOn).toBe('2026-03-20');
    } finally {
      // null gives the steps back to the catalogue entry's permissions.
      const reset = await analyst.put(url, { fieldPermissions: null });
      expect(reset.body.fieldAccess.source).toBe('entry');
    }
  });
});
