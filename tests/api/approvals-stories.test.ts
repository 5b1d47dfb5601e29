// Complete approval stories through the HTTP API in both run modes —
// expense claim (manager → finance over 5,000), leave request with a countersign of two
// department heads, purchase requisition with a three-level manager chain and a 24 h escalation
// (injectable clock) — each asserting the history, the outcome, the notifications and the audit.
/* eslint-disable @typescript-eslint/no-explicit-any -- replies are JSON that tests read freely */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MODES } from '../support/app-harness.ts';
import { actions, startApprovalsApp, type ApprovalsApp } from './approvals-fixtures/support.ts';

describe.each(MODES)('approval stories (%s mode)', (mode) => {
  let t: ApprovalsApp;
  beforeAll(async () => {
    t = await startApprovalsApp(mode, { deploy: ['expense-claim', 'leave-request', 'purchase-requisition'] });
  }, 120_000);
  afterAll(() => t?.close());

  it('expense claim over 5,000: the manager, then finance approve; the claimant is told', async () => {
    // zheng.xin (operations) reports to wu.hao; finance is zhao.qiang and sun.li.
    const started = await t.start('zheng.xin', 'expense_claim', { amount: 7200, purpose: 'Trade fair' });
    const mgrTask = await t.taskOf('wu.hao', started.id);
    expect(mgrTask).toMatchObject({
      name: 'Manager approval',
      kind: 'approval',
      requester: 'zheng.xin',
      overdue: false,
    });
    expect(mgrTask.dueDate).toBe('2026-03-04T09:00:00.000Z');
    expect(
      (await t.notifications('wu.hao')).some(
        (n) => n.kind === 'task.assigned' && n.link === `/inbox/${mgrTask.id}`,
      ),
    ).toBe(true);
    // …and by e-mail, in the recipient's language (the demo users read Chinese).
    expect(t.outbox('email')).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          to: 'wu.hao@acme.example',
          subject: '新待办「Manager approval」：Expense claim',
        }),
      ]),
    );

    const approved = await t.act('wu.hao', mgrTask.id, 'approve', { comment: 'OK for the fair' });
    expect(approved.status, JSON.stringify(approved.body)).toBe(200);
    expect(approved.body).toMatchObject({ result: 'approved', status: 'active' });
    expect(approved.body.openTasks).toEqual([
      expect.objectContaining({ elementId: 'financeApproval', candidateGroups: ['finance'] }),
    ]);

    // A group task: both finance people see it; one claims it, the other no longer does.
    const finTask = await t.taskOf('zhao.qiang', started.id);
    expect(finTask.kind).toBe('group');
    expect((await t.taskOf('sun.li', started.id)).id).toBe(finTask.id);
    expect(
      (await t.notifications('sun.li')).some(
        (n) => n.kind === 'task.assigned' && n.source?.id === finTask.id,
      ),
    ).toBe(true);
    expect((await t.act('zhao.qiang', finTask.id, 'claim')).status).toBe(200);
    const sunInbox = (await (await t.as('sun.li')).get('/api/tasks')).body.items;
    expect(sunInbox.some((i: any) => i.id === finTask.id)).toBe(false);
    const done = await t.act('zhao.qiang', finTask.id, 'approve', {
      comment: 'Paid next run',
      attachments: [
        { name: 'invoice.pdf', ref: 'files/inv-7200.pdf', size: 1200, contentType: 'application/pdf' },
      ],
    });
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    expect(done.body).toMatchObject({ result: 'approved', status: 'completed', openTasks: [] });

    const req = await t.request('zheng.xin', started.id);
    expect(req.status).toBe('approved');
    expect(req.variables.approval).toMatchObject({
      outcome: 'approved',
      by: 'zhao.qiang',
      elementId: 'financeApproval',
    });
    expect(req.variables.approvals.managerApproval).toMatchObject({
      outcome: 'approved',
      by: 'wu.hao',
      comment: 'OK for the fair',
    });
    expect(actions(req.timeline)).toEqual(['submitted', 'approve', 'claim', 'approve', 'completed']);
    const finApproval = req.timeline[3];
    expect(finApproval).toMatchObject({
      by: 'zhao.qiang',
      stepName: 'Finance approval',
      comment: 'Paid next run',
      outcome: 'approved',
    });
    expect(finApproval.attachments).toEqual([
      { name: 'invoice.pdf', ref: 'files/inv-7200.pdf', size: 1200, contentType: 'application/pdf' },
    ]);
    expect(
      (await t.notifications('zheng.xin')).find(
        (n) => n.source?.id === started.id && n.kind === 'request.approved',
      ),
    ).toMatchObject({
      link: `/requests/${started.id}`,
      title: { en: 'Your request Expense claim was approved', 'zh-CN': '您的申请Expense claim已通过' },
    });
    const audit = await t.audit('approval.*');
    expect(
      audit.filter((a) => a.details?.instanceId === started.id).map((a) => [a.action, a.actor?.userId]),
    ).toEqual(
      expect.arrayContaining([
        ['approval.approve', 'wu.hao'],
        ['approval.claim', 'zhao.qiang'],
        ['approval.approve', 'zhao.qiang'],
      ]),
    );
  });

  it('expense claim up to 5,000 ends with the manager; a manager rejection is routed by the model', async () => {
    const small = await t.start('zheng.xin', 'expense_claim', { amount: 800 });
    const task = await t.taskOf('wu.hao', small.id);
    expect((await t.act('wu.hao', task.id, 'approve')).body).toMatchObject({ status: 'completed' });
    expect((await t.request('zheng.xin', small.id)).status).toBe('approved');

    const refused = await t.start('zheng.xin', 'expense_claim', { amount: 9000 });
    const task2 = await t.taskOf('wu.hao', refused.id);
    const noReason = await t.act('wu.hao', task2.id, 'reject', {});
    expect(noReason.status).toBe(400);
    const rejected = await t.act('wu.hao', task2.id, 'reject', { comment: 'Not budgeted' });
    expect(rejected.body).toMatchObject({ result: 'rejected', status: 'completed' });
    const req = await t.request('zheng.xin', refused.id);
    expect(req.status).toBe('rejected');
    const history = (await (await t.as('zheng.xin')).get(`/api/instances/${refused.id}/history`)).body.items;
    // The model's gateway took the "rejected" flow (finance never got a task).
    expect(history.filter((h: any) => h.type === 'element.completed').map((h: any) => h.elementId)).toEqual([
      'submitted',
      'managerApproval',
      'managerDecision',
      'rejected',
    ]);
    expect(
      (await t.notifications('zheng.xin')).some(
        (n) => n.source?.id === refused.id && n.kind === 'request.rejected',
      ),
    ).toBe(true);
    expect(
      (await t.audit('approval.reject')).some(
        (a) => a.details?.instanceId === refused.id && a.details.comment === 'Not budgeted',
      ),
    ).toBe(true);
  });

  it('a finance rejection (no gateway after it) ends the request as rejected', async () => {
    const big = await t.start('zheng.xin', 'expense_claim', { amount: 12_000 });
    await t.act('wu.hao', (await t.taskOf('wu.hao', big.id)).id, 'approve');
    const fin = await t.taskOf('sun.li', big.id);
    const res = await t.act('sun.li', fin.id, 'reject', { comment: 'Over the travel policy' });
    expect(res.body).toMatchObject({ result: 'rejected', status: 'completed', openTasks: [] });
    const req = await t.request('zheng.xin', big.id);
    expect(req.status).toBe('rejected');
    expect(req.variables.approval).toMatchObject({
      outcome: 'rejected',
      by: 'sun.li',
      comment: 'Over the travel policy',
    });
    expect(actions(req.timeline)).toEqual(['submitted', 'approve', 'reject', 'completed']);
  });

  it('leave request: both department heads countersign in parallel', async () => {
    const leave = await t.start('zheng.xin', 'leave_request', { days: 3, from: '2026-03-10' });
    // deptHead(operations) = wu.hao, deptHead(hq) = chen.wei: two tasks at once.
    const view = (await (await t.as('zheng.xin')).get(`/api/approvals/requests/${leave.id}`)).body;
    expect(view.currentSteps.map((s: any) => s.holders).sort()).toEqual([['chen.wei'], ['wu.hao']]);
    const a = await t.taskOf('wu.hao', leave.id);
    const b = await t.taskOf('chen.wei', leave.id);
    expect((await t.act('wu.hao', a.id, 'approve', { comment: 'Fine' })).body).toMatchObject({
      status: 'active',
    });
    const last = await t.act('chen.wei', b.id, 'approve');
    expect(last.body).toMatchObject({ status: 'completed' });
    const req = await t.request('zheng.xin', leave.id);
    expect(req.status).toBe('approved');
    expect(req.variables.approvals.headsCountersign.decisions.map((d: any) => [d.by, d.outcome])).toEqual([
      ['wu.hao', 'approved'],
      ['chen.wei', 'approved'],
    ]);
    expect(actions(req.timeline)).toEqual(['submitted', 'approve', 'approve', 'completed']);
    expect(
      (await t.notifications('chen.wei')).some((n) => n.source?.id === b.id && n.kind === 'task.assigned'),
    ).toBe(true);
    expect(
      (await t.notifications('zheng.xin')).some(
        (n) => n.source?.id === leave.id && n.kind === 'request.approved',
      ),
    ).toBe(true);
    expect(
      (await t.audit('approval.approve')).filter((x) => x.details?.instanceId === leave.id),
    ).toHaveLength(2);
  });

  it('leave request: the first rejection ends the countersign and the request', async () => {
    const leave = await t.start('zheng.xin', 'leave_request', { days: 10 });
    const a = await t.taskOf('wu.hao', leave.id);
    const b = await t.taskOf('chen.wei', leave.id);
    const res = await t.act('chen.wei', b.id, 'reject', { comment: 'Quarter close' });
    expect(res.body).toMatchObject({ result: 'rejected', status: 'completed', openTasks: [] });
    // wu.hao's task was withdrawn with the request: acting on it now is a conflict.
    const late = await t.act('wu.hao', a.id, 'approve');
    expect(late.status).toBe(409);
    expect(late.body.error.code).toBe('APPROVAL_TASK_DONE');
    expect((await t.request('zheng.xin', leave.id)).status).toBe('rejected');
  });

  it('purchase requisition: three managers one after another; after 24 h the holder is escalated', async () => {
    // wang.fang → zhang.min → liu.yang → chen.wei.
    const pr = await t.start('wang.fang', 'purchase_requisition', { item: 'Laptops', amount: 30_000 });
    const first = await t.taskOf('zhang.min', pr.id);
    expect(first.dueDate).toBe('2026-03-03T09:00:00.000Z');
    t.clock.advance(25 * 3_600_000);
    // Overdue now: the inbox shows it first and counts it.
    const inbox = (await (await t.as('zhang.min')).get('/api/tasks')).body;
    expect(inbox.items[0]).toMatchObject({ id: first.id, overdue: true });
    expect(inbox.counts.overdue).toBeGreaterThanOrEqual(1);
    await t.sweep();
    // The escalation gave zhang.min's task to the next manager up.
    const escalated = await t.taskOf('liu.yang', pr.id);
    expect(escalated.id).toBe(first.id);
    expect(
      (await (await t.as('zhang.min')).get('/api/tasks')).body.items.some((i: any) => i.id === first.id),
    ).toBe(false);
    expect(
      (await t.notifications('liu.yang')).some(
        (n) => n.kind === 'task.escalated' && n.source?.id === first.id,
      ),
    ).toBe(true);
    expect(
      (await t.notifications('zhang.min')).some(
        (n) => n.kind === 'task.escalated' && n.source?.id === first.id,
      ),
    ).toBe(true);
    // Escalations also go out by text message.
    expect(t.outbox('sms').some((m) => m.to === '13800000003' && m.text.includes('Manager chain'))).toBe(
      true,
    );
    const [escalation] = await t.audit('approval.escalate', first.id);
    expect(escalation).toMatchObject({ details: { from: 'zhang.min', to: 'liu.yang', instanceId: pr.id } });
    expect(escalation.actor ?? null).toBeNull(); // the system did it
    // liu.yang signs the escalated level, then their own, then the CEO.
    await t.act('liu.yang', first.id, 'approve', { comment: 'Escalated: approved' });
    const second = await t.taskOf('liu.yang', pr.id);
    expect(second.id).not.toBe(first.id);
    await t.act('liu.yang', second.id, 'approve');
    const third = await t.taskOf('chen.wei', pr.id);
    const end = await t.act('chen.wei', third.id, 'approve');
    expect(end.body).toMatchObject({ status: 'completed' });
    const req = await t.request('wang.fang', pr.id);
    expect(req.status).toBe('approved');
    expect(actions(req.timeline)).toEqual([
      'submitted',
      'escalate',
      'approve',
      'approve',
      'approve',
      'completed',
    ]);
    expect(req.timeline[1]).toMatchObject({
      users: ['liu.yang'],
      data: { from: 'zhang.min', to: 'liu.yang', reason: 'overdue' },
    });
    expect(req.variables.approvals.managerChain.decisions.map((d: any) => d.by)).toEqual([
      'liu.yang',
      'liu.yang',
      'chen.wei',
    ]);
  });
});
