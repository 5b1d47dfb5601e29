// The task actions as stories through the HTTP API in both run modes —
// return to the requester and resubmit, transfer, delegate-and-confirm, add a signer before,
// recall, an out-of-office proxy, bulk approve — each asserting the history, the outcome, the
// notifications and the audit entries.
/* eslint-disable @typescript-eslint/no-explicit-any -- replies are JSON that tests read freely */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MODES } from '../support/app-harness.ts';
import { actions, startApprovalsApp, type ApprovalsApp } from './approvals-fixtures/support.ts';

describe.each(MODES)('approval actions (%s mode)', (mode) => {
  let t: ApprovalsApp;
  beforeAll(async () => {
    t = await startApprovalsApp(mode, { deploy: ['expense-claim', 'two-step-approval'] });
  }, 120_000);
  afterAll(() => t?.close());

  const hasNotice = async (login: string, kind: string, sourceId: string): Promise<boolean> =>
    (await t.notifications(login)).some((n) => n.kind === kind && n.source?.id === sourceId);

  it('return to the requester, who changes the claim and resubmits; the approval starts over', async () => {
    const claim = await t.start('zheng.xin', 'expense_claim', { amount: 3000, purpose: 'Taxi' });
    const task = await t.taskOf('wu.hao', claim.id);
    const noReason = await t.act('wu.hao', task.id, 'return', { to: 'requester', comment: '' });
    expect(noReason.status).toBe(400);
    const returned = await t.act('wu.hao', task.id, 'return', {
      to: 'requester',
      comment: 'Attach the receipts',
    });
    expect(returned.status, JSON.stringify(returned.body)).toBe(200);
    expect(returned.body.openTasks).toEqual([
      expect.objectContaining({ id: task.id, assignee: 'zheng.xin' }),
    ]);

    // The requester sees it returned, in the inbox and in "my requests"; the manager no longer has it.
    const resubmitTask = await t.taskOf('zheng.xin', claim.id);
    expect(resubmitTask.kind).toBe('resubmit');
    const detail = (await (await t.as('zheng.xin')).get(`/api/tasks/${task.id}`)).body;
    expect(detail.actions).toEqual(expect.arrayContaining(['resubmit', 'recall']));
    expect(detail.returned).toMatchObject({ by: 'wu.hao', comment: 'Attach the receipts' });
    expect((await t.request('zheng.xin', claim.id)).status).toBe('returned');
    expect(
      (await (await t.as('wu.hao')).get('/api/tasks')).body.items.some((i: any) => i.id === task.id),
    ).toBe(false);
    expect(await hasNotice('zheng.xin', 'request.returned', claim.id)).toBe(true);
    // Only the requester resubmits.
    expect((await t.act('wu.hao', task.id, 'resubmit')).status).toBe(403);

    const resubmitted = await t.act('zheng.xin', task.id, 'resubmit', {
      comment: 'Receipts attached',
      attachments: [{ name: 'receipts.zip', ref: 'files/r-1.zip' }],
      variables: { amount: 2800 },
    });
    expect(resubmitted.status, JSON.stringify(resubmitted.body)).toBe(200);
    const again = await t.taskOf('wu.hao', claim.id);
    expect(again.id).not.toBe(task.id);
    expect((await t.act('wu.hao', again.id, 'approve', { comment: 'Thanks' })).body).toMatchObject({
      status: 'completed',
    });

    const req = await t.request('zheng.xin', claim.id);
    expect(req.status).toBe('approved');
    expect(req.variables.amount).toBe(2800);
    expect(actions(req.timeline)).toEqual(['submitted', 'return', 'resubmit', 'approve', 'completed']);
    expect(req.timeline[1]).toMatchObject({
      by: 'wu.hao',
      comment: 'Attach the receipts',
      users: ['zheng.xin'],
    });
    expect(req.timeline[2]).toMatchObject({
      by: 'zheng.xin',
      comment: 'Receipts attached',
      attachments: [{ name: 'receipts.zip', ref: 'files/r-1.zip' }],
    });
    const audit = (await t.audit('approval.*')).filter((a) => a.details?.instanceId === claim.id);
    expect(audit.map((a) => [a.action, a.actor?.userId])).toEqual(
      expect.arrayContaining([
        ['approval.return', 'wu.hao'],
        ['approval.resubmit', 'zheng.xin'],
        ['approval.approve', 'wu.hao'],
      ]),
    );
  });

  it('transfer: the manager hands the task to a colleague, who approves', async () => {
    const req0 = await t.start('zheng.xin', 'two_step_approval', { item: 'Monitor' });
    const task = await t.taskOf('wu.hao', req0.id);
    expect((await t.act('wu.hao', task.id, 'transfer', { to: 'wu.hao' })).body.error.code).toBe(
      'APPROVAL_SELF_TARGET',
    );
    expect((await t.act('wu.hao', task.id, 'transfer', { to: 'zheng.xin' })).body.error.code).toBe(
      'APPROVAL_ACTION_NOT_ALLOWED',
    );
    expect((await t.act('wu.hao', task.id, 'transfer', { to: 'nobody.here' })).body.error.code).toBe(
      'APPROVAL_USER_UNKNOWN',
    );
    const moved = await t.act('wu.hao', task.id, 'transfer', {
      to: 'sun.li',
      comment: 'Sun Li covers IT spend',
    });
    expect(moved.body).toMatchObject({
      result: 'transferred',
      openTasks: [expect.objectContaining({ assignee: 'sun.li' })],
    });
    expect((await t.taskOf('sun.li', req0.id)).id).toBe(task.id);
    expect(
      (await (await t.as('wu.hao')).get('/api/tasks/done')).body.items.some((i: any) => i.id === task.id),
    ).toBe(true);
    expect((await t.act('wu.hao', task.id, 'approve')).body.error.code).toBe('APPROVAL_NOT_YOUR_TASK');
    expect((await t.act('sun.li', task.id, 'approve')).body).toMatchObject({ result: 'approved' });
    const director = await t.taskOf('chen.wei', req0.id);
    expect(director.name).toBe('Director approval');
    await t.act('chen.wei', director.id, 'approve');
    const req = await t.request('zheng.xin', req0.id);
    expect(req.status).toBe('approved');
    expect(actions(req.timeline)).toEqual(['submitted', 'transfer', 'approve', 'approve', 'completed']);
    expect(req.timeline[1]).toMatchObject({
      by: 'wu.hao',
      users: ['sun.li'],
      comment: 'Sun Li covers IT spend',
    });
    expect(req.timeline[2]).toMatchObject({ by: 'sun.li', stepName: 'Manager approval' });
    expect(await hasNotice('sun.li', 'task.assigned', task.id)).toBe(true);
    const [audit] = (await t.audit('approval.transfer', task.id)) as any[];
    expect(audit).toMatchObject({ actor: { userId: 'wu.hao' }, details: { from: 'wu.hao', to: 'sun.li' } });
  });

  it('delegate and confirm: the delegate acts, the task comes back to the manager to confirm', async () => {
    const req0 = await t.start('zheng.xin', 'two_step_approval', { item: 'Chair' });
    const task = await t.taskOf('wu.hao', req0.id);
    expect(
      (await t.act('wu.hao', task.id, 'delegate', { to: 'zhou.jie', comment: 'Check the specs' })).body,
    ).toMatchObject({
      result: 'delegated',
    });
    expect((await t.taskOf('zhou.jie', req0.id)).kind).toBe('delegated');
    // The manager waits for the delegate.
    const early = await t.act('wu.hao', task.id, 'approve');
    expect(early.status).toBe(409);
    expect(early.body.error.code).toBe('APPROVAL_TASK_DELEGATED');
    expect(await hasNotice('zhou.jie', 'task.assigned', task.id)).toBe(true);

    const resolved = await t.act('zhou.jie', task.id, 'approve', { comment: 'Specs fine' });
    expect(resolved.body).toMatchObject({
      result: 'resolved',
      openTasks: [expect.objectContaining({ assignee: 'wu.hao' })],
    });
    const back = (await (await t.as('wu.hao')).get(`/api/tasks/${task.id}`)).body;
    expect(back.delegation).toMatchObject({ by: 'zhou.jie', outcome: 'approved', comment: 'Specs fine' });
    expect(back.actions).toEqual(expect.arrayContaining(['approve', 'reject']));
    expect(await hasNotice('wu.hao', 'task.assigned', task.id)).toBe(true);
    expect((await t.act('wu.hao', task.id, 'approve', { comment: 'Confirmed' })).body).toMatchObject({
      result: 'approved',
    });
    expect((await t.taskOf('chen.wei', req0.id)).elementId).toBe('directorApproval');

    const req = await t.request('zheng.xin', req0.id);
    expect(actions(req.timeline)).toEqual(['submitted', 'delegate', 'delegate-resolve', 'approve']);
    expect(req.timeline[2]).toMatchObject({
      by: 'zhou.jie',
      comment: 'Specs fine',
      data: { outcome: 'approved' },
    });
    expect(req.timeline[3]).toMatchObject({
      by: 'wu.hao',
      comment: 'Confirmed',
      data: { delegation: { by: 'zhou.jie' } },
    });
    const audit = (await t.audit('approval.*')).filter((a) => a.resourceId === task.id);
    expect(audit.map((a) => [a.action, a.actor?.userId]).reverse()).toEqual([
      ['approval.delegate', 'wu.hao'],
      ['approval.delegate-resolve', 'zhou.jie'],
      ['approval.approve', 'wu.hao'],
    ]);
  });

  it('add a signer before me: the signer approves first, then the task comes back', async () => {
    const req0 = await t.start('zheng.xin', 'two_step_approval', { item: 'Server' });
    const task = await t.taskOf('wu.hao', req0.id);
    const added = await t.act('wu.hao', task.id, 'add-signer', {
      user: 'liu.yang',
      position: 'before',
      comment: 'IT view?',
    });
    expect(added.body).toMatchObject({
      result: 'signer-added-before',
      openTasks: [expect.objectContaining({ assignee: 'liu.yang' })],
    });
    expect(await hasNotice('liu.yang', 'task.assigned', task.id)).toBe(true);
    const passed = await t.act('liu.yang', task.id, 'approve', { comment: 'Fits the standard' });
    expect(passed.body).toMatchObject({
      result: 'passed-on',
      openTasks: [expect.objectContaining({ assignee: 'wu.hao' })],
    });
    expect(await hasNotice('wu.hao', 'task.assigned', task.id)).toBe(true);
    expect((await t.act('wu.hao', task.id, 'approve')).body).toMatchObject({ result: 'approved' });
    const req = await t.request('zheng.xin', req0.id);
    expect(actions(req.timeline)).toEqual(['submitted', 'add-signer-before', 'approve', 'approve']);
    expect(req.timeline[1]).toMatchObject({
      by: 'wu.hao',
      users: ['liu.yang'],
      data: { signer: 'liu.yang', position: 'before' },
    });
    expect(req.timeline[2]).toMatchObject({
      by: 'liu.yang',
      comment: 'Fits the standard',
      data: { next: 'wu.hao' },
    });
    expect(req.variables.approvals.managerApproval.decisions.map((d: any) => d.by)).toEqual([
      'liu.yang',
      'wu.hao',
    ]);
    expect((await t.audit('approval.add-signer-before', task.id))[0]).toMatchObject({
      actor: { userId: 'wu.hao' },
      details: { signer: 'liu.yang' },
    });
  });

  it('add a signer after me: my approval stands, the signer decides last', async () => {
    const req0 = await t.start('zheng.xin', 'two_step_approval', { item: 'Desk' });
    const task = await t.taskOf('wu.hao', req0.id);
    await t.act('wu.hao', task.id, 'add-signer', { user: 'sun.li', position: 'after' });
    expect((await t.act('sun.li', task.id, 'approve')).body).toMatchObject({ result: 'approved' });
    const req = await t.request('zheng.xin', req0.id);
    expect(actions(req.timeline)).toEqual(['submitted', 'add-signer-after', 'approve']);
    expect(req.variables.approvals.managerApproval.decisions.map((d: any) => [d.by, d.outcome])).toEqual([
      ['wu.hao', 'approved'],
      ['sun.li', 'approved'],
    ]);
  });

  it('recall: the requester withdraws while nobody has acted; later it is too late', async () => {
    const req0 = await t.start('zheng.xin', 'two_step_approval', { item: 'Phone' });
    const task = await t.taskOf('wu.hao', req0.id);
    const notMine = await (await t.as('wu.hao')).post(`/api/approvals/requests/${req0.id}/recall`, {});
    expect(notMine.status).toBe(403);
    expect(notMine.body.error.code).toBe('APPROVAL_NOT_YOUR_REQUEST');
    const stranger = await (await t.as('li.lei')).post(`/api/approvals/requests/${req0.id}/recall`, {});
    expect(stranger.status).toBe(404);
    const recalled = await (
      await t.as('zheng.xin')
    ).post(`/api/approvals/requests/${req0.id}/recall`, {
      comment: 'Bought it myself',
    });
    expect(recalled.status, JSON.stringify(recalled.body)).toBe(200);
    expect(recalled.body.status).toBe('cancelled');
    const req = await t.request('zheng.xin', req0.id);
    expect(req.status).toBe('withdrawn');
    expect(req.canRecall).toBe(false);
    expect(actions(req.timeline)).toEqual(['submitted', 'recall', 'cancelled']);
    expect(req.timeline[1]).toMatchObject({ by: 'zheng.xin', comment: 'Bought it myself' });
    const late = await t.act('wu.hao', task.id, 'approve');
    expect([late.status, late.body.error.code]).toEqual([409, 'APPROVAL_TASK_DONE']);
    expect(await hasNotice('wu.hao', 'request.withdrawn', req0.id)).toBe(true);
    expect((await t.audit('approval.recall', req0.id))[0]).toMatchObject({ actor: { userId: 'zheng.xin' } });

    const req1 = await t.start('zheng.xin', 'two_step_approval', { item: 'Tablet' });
    expect((await t.request('zheng.xin', req1.id)).canRecall).toBe(true);
    await t.act('wu.hao', (await t.taskOf('wu.hao', req1.id)).id, 'approve');
    expect((await t.request('zheng.xin', req1.id)).canRecall).toBe(false);
    const tooLate = await (await t.as('zheng.xin')).post(`/api/approvals/requests/${req1.id}/recall`, {});
    expect([tooLate.status, tooLate.body.error.code]).toEqual([409, 'APPROVAL_RECALL_TOO_LATE']);
  });

  it('out-of-office: the manager names a proxy; new tasks go to the proxy on their behalf', async () => {
    const wu = await t.as('wu.hao');
    const bad = await wu.put('/api/out-of-office', { proxy: 'wu.hao', from: '2026-03-01', to: '2026-03-05' });
    expect(bad.body.error.code).toBe('APPROVAL_SELF_TARGET');
    const set = await wu.put('/api/out-of-office', {
      proxy: 'zhou.jie',
      from: '2026-03-01',
      to: '2026-03-05',
      note: 'Fair',
    });
    expect(set.body).toMatchObject({
      userId: 'wu.hao',
      proxy: 'zhou.jie',
      active: true,
      to: '2026-03-06T00:00:00.000Z',
    });
    expect((await (await t.as('qian.admin')).get('/api/out-of-office/all')).body.items).toEqual([
      expect.objectContaining({ userId: 'wu.hao', proxy: 'zhou.jie' }),
    ]);

    const claim = await t.start('zheng.xin', 'expense_claim', { amount: 450 });
    const task = await t.taskOf('zhou.jie', claim.id);
    expect(task).toMatchObject({ onBehalfOf: 'wu.hao', assignee: 'zhou.jie' });
    const toProxy = (await t.notifications('zhou.jie')).find(
      (n) => n.source?.id === task.id && n.kind === 'task.assigned',
    );
    expect(toProxy.title.en).toContain('on behalf of');
    expect(await hasNotice('wu.hao', 'task.proxied', task.id)).toBe(true);
    expect((await t.act('zhou.jie', task.id, 'approve', { comment: 'For Wu Hao' })).body).toMatchObject({
      status: 'completed',
    });

    const req = await t.request('zheng.xin', claim.id);
    expect(req.timeline[1]).toMatchObject({ action: 'approve', by: 'zhou.jie', onBehalfOf: 'wu.hao' });
    expect(req.variables.approval).toMatchObject({ by: 'zhou.jie', onBehalfOf: 'wu.hao' });
    // The audit shows both: who acted, and for whom.
    expect((await t.audit('approval.approve', task.id))[0]).toMatchObject({
      actor: { userId: 'zhou.jie' },
      details: { onBehalfOf: 'wu.hao' },
    });
    expect((await t.audit('approval.proxy-assign', task.id))[0]).toMatchObject({
      details: { assignee: 'zhou.jie', onBehalfOf: 'wu.hao' },
    });
    expect((await wu.delete('/api/out-of-office')).status).toBe(204);
    expect((await wu.get('/api/out-of-office')).body).toEqual({ item: null });
    const after = await t.start('zheng.xin', 'expense_claim', { amount: 460 });
    expect((await t.taskOf('wu.hao', after.id)).onBehalfOf).toBeUndefined();
  });

  it('bulk approve: each task is checked on its own', async () => {
    const claims: any[] = [];
    for (const amount of [100, 200, 300])
      claims.push(await t.start('zheng.xin', 'expense_claim', { amount }));
    const wuTasks = (await (await t.as('wu.hao')).get('/api/tasks')).body.items.filter((i: any) =>
      claims.some((c) => c.id === i.instanceId),
    );
    expect(wuTasks).toHaveLength(3);
    await t.act('wu.hao', wuTasks[0].id, 'approve');
    const other = await t.start('wang.fang', 'expense_claim', { amount: 50 }); // zhang.min's to approve
    const otherTask = await t.taskOf('zhang.min', other.id);
    const res = await (
      await t.as('wu.hao')
    ).post('/api/tasks/bulk-approve', {
      taskIds: [...wuTasks.map((x: any) => x.id), otherTask.id, 'no-such-t9'],
      comment: 'Month-end batch',
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ approved: 2, failed: 3 });
    expect(res.body.items.map((i: any) => [i.ok, i.code ?? i.result])).toEqual([
      [false, 'APPROVAL_TASK_DONE'],
      [true, 'approved'],
      [true, 'approved'],
      [false, 'APPROVAL_TASK_NOT_FOUND'],
      [false, 'APPROVAL_TASK_NOT_FOUND'],
    ]);
    for (const c of claims) expect((await t.request('zheng.xin', c.id)).status).toBe('approved');
    expect((await t.request('wang.fang', other.id)).status).toBe('running');
    for (const task of wuTasks.slice(1)) {
      const c = { id: task.instanceId };
      const req = await t.request('zheng.xin', c.id);
      expect(req.timeline[1]).toMatchObject({ action: 'approve', by: 'wu.hao', comment: 'Month-end batch' });
      expect(await hasNotice('zheng.xin', 'request.approved', c.id)).toBe(true);
    }
    const audited = (await t.audit('approval.approve')).filter((a) =>
      claims.some((c) => c.id === a.details?.instanceId),
    );
    expect(audited).toHaveLength(3);
  });
});
