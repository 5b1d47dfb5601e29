// The inbox and the rules around the actions, through the HTTP API in both run modes: who may see
// and act on a task (404 / 403 / 409 with codes), filters and counts, claiming group tasks, CC and
// comments, returning to an earlier step, per-flow auto-approve rules and the no-approver
// fallbacks, or-sign and vote.
/* eslint-disable @typescript-eslint/no-explicit-any -- replies are JSON that tests read freely */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { buildBpmn, zeebe } from '../support/bpmn-builder.ts';
import { MODES } from '../support/app-harness.ts';
import { actions, startApprovalsApp, type ApprovalsApp } from './approvals-fixtures/support.ts';

const signers = (id: string, mode: string, threshold?: string) =>
  buildBpmn({
    id,
    name: `Signers (${mode})`,
    nodes: [
      { id: 'start', type: 'startEvent', at: [0, 0] },
      {
        id: 'sign',
        type: 'userTask',
        name: 'Sign',
        at: [1, 0],
        ext:
          zeebe.assignee('=signer') +
          zeebe.headers({ approvalMode: mode, ...(threshold ? { approvalThreshold: threshold } : {}) }),
        body: zeebe.loop({ inputCollection: '=["wu.hao", "sun.li", "liu.yang"]', inputElement: 'signer' }),
      },
      { id: 'end', type: 'endEvent', at: [2, 0] },
    ],
    flows: [
      { id: 'f1', from: 'start', to: 'sign' },
      { id: 'f2', from: 'sign', to: 'end' },
    ],
  });

// A reminder every 4 hours while the task waits (a non-interrupting cycle timer → approval.remind).
const reminded = buildBpmn({
  id: 'reminded',
  name: 'Reminded approval',
  nodes: [
    { id: 'start', type: 'startEvent', at: [0, 0] },
    {
      id: 'approve',
      type: 'userTask',
      name: 'Approve',
      at: [1, 0],
      ext: zeebe.assignee('=manager(requester)') + zeebe.schedule('=now() + duration("PT8H")'),
    },
    {
      id: 'every4h',
      type: 'timerBoundary',
      name: 'Every 4 h',
      at: [1, 1],
      attachedTo: 'approve',
      attrs: 'cancelActivity="false"',
      body: zeebe.timer('timeCycle', 'R2/PT4H', 'RemindTimerDef'),
    },
    { id: 'remind', type: 'serviceTask', name: 'Remind', at: [2, 1], ext: zeebe.task('approval.remind') },
    { id: 'remindSent', type: 'endEvent', at: [3, 1] },
    { id: 'end', type: 'endEvent', at: [2, 0] },
  ],
  flows: [
    { id: 'f1', from: 'start', to: 'approve' },
    { id: 'f2', from: 'approve', to: 'end' },
    { id: 'f3', from: 'every4h', to: 'remind' },
    { id: 'f4', from: 'remind', to: 'remindSent' },
  ],
});

describe.each(MODES)('approval inbox and rules (%s mode)', (mode) => {
  let t: ApprovalsApp;
  beforeAll(async () => {
    t = await startApprovalsApp(mode, { deploy: ['expense-claim', 'leave-request', 'two-step-approval'] });
    const analyst = await t.as('zhou.jie');
    for (const [id, m, th] of [
      ['or_sign', 'any'],
      ['vote', 'vote', '60%'],
    ] as const)
      expect((await analyst.post('/api/flows', { xml: signers(id, m, th) })).status).toBe(201);
    expect((await analyst.post('/api/flows', { xml: reminded })).status).toBe(201);
  }, 120_000);
  afterAll(() => t?.close());
  afterEach(async () => {
    // Settings changed by a test apply to its flow only while it runs.
    const analyst = await t.as('zhou.jie');
    for (const pid of ['expense_claim', 'leave_request', 'two_step_approval'])
      await analyst.put(`/api/flows/${pid}/approval-settings`, {});
  });

  it('a stranger gets 404, a participant who does not hold the task 403, a done task 409', async () => {
    const claim = await t.start('zheng.xin', 'expense_claim', { amount: 90 });
    const task = await t.taskOf('wu.hao', claim.id);
    const stranger = await t.act('li.lei', task.id, 'approve');
    expect([stranger.status, stranger.body.error.code]).toEqual([404, 'APPROVAL_TASK_NOT_FOUND']);
    expect((await (await t.as('li.lei')).get(`/api/tasks/${task.id}`)).status).toBe(404);
    expect((await (await t.as('li.lei')).get(`/api/approvals/requests/${claim.id}`)).status).toBe(404);
    const requester = await t.act('zheng.xin', task.id, 'approve');
    expect([requester.status, requester.body.error.code]).toEqual([403, 'APPROVAL_NOT_YOUR_TASK']);
    expect(requester.body.error.messageZh).toMatch(/\S/);
    // The requester may look (the form and the timeline) but only comment or CC.
    const seen = (await (await t.as('zheng.xin')).get(`/api/tasks/${task.id}`)).body;
    expect(seen.actions).toEqual(['cc', 'comment']);
    expect((await (await t.as('wu.hao')).get(`/api/tasks/${task.id}`)).body.actions).toEqual(
      expect.arrayContaining(['approve', 'reject', 'return', 'transfer', 'delegate', 'addSigner']),
    );
    await t.act('wu.hao', task.id, 'approve');
    const again = await t.act('wu.hao', task.id, 'reject', { comment: 'changed my mind' });
    expect([again.status, again.body.error.code]).toEqual([409, 'APPROVAL_TASK_DONE']);
    expect(again.body.error.message).toContain('approved');
    expect((await t.act('wu.hao', 'no-such-t1', 'approve')).status).toBe(404);
    expect((await t.act('wu.hao', 'garbage', 'approve')).status).toBe(404);
    // The admin sees every task and may transfer one whose holder is away.
    const other = await t.start('zheng.xin', 'expense_claim', { amount: 91 });
    const otherTask = await t.taskOf('wu.hao', other.id);
    expect((await (await t.as('qian.admin')).get(`/api/tasks/${otherTask.id}`)).body.actions).toEqual(
      expect.arrayContaining(['transfer']),
    );
    expect((await t.act('qian.admin', otherTask.id, 'approve')).status).toBe(403);
    expect((await t.act('qian.admin', otherTask.id, 'transfer', { to: 'chen.wei' })).status).toBe(200);
  });

  it('the inbox filters by flow and text, counts, and pages', async () => {
    const a = await t.start('zheng.xin', 'expense_claim', { amount: 10 });
    const b = await t.start('zhou.jie', 'two_step_approval', { item: 'Book' });
    const wu = await t.as('wu.hao');
    const all = (await wu.get('/api/tasks')).body;
    expect(all.items.map((i: any) => i.instanceId)).toEqual(expect.arrayContaining([a.id, b.id]));
    expect(all.counts.byProcess).toMatchObject({
      expense_claim: expect.any(Number),
      two_step_approval: expect.any(Number),
    });
    expect(all.total).toBe(all.counts.open);
    const onlyTwoStep = (await wu.get('/api/tasks?processId=two_step_approval')).body.items;
    expect(onlyTwoStep.map((i: any) => i.instanceId)).toContain(b.id);
    expect(onlyTwoStep.map((i: any) => i.instanceId)).not.toContain(a.id);
    expect(onlyTwoStep.every((i: any) => i.processId === 'two_step_approval')).toBe(true);
    const byName = (await wu.get(`/api/tasks?q=${encodeURIComponent('Zhou Jie')}`)).body.items;
    expect(byName.map((i: any) => i.instanceId)).toContain(b.id);
    expect(byName.map((i: any) => i.instanceId)).not.toContain(a.id);
    expect(byName.every((i: any) => i.requester === 'zhou.jie')).toBe(true);
    const page1 = (await wu.get('/api/tasks?limit=1')).body;
    expect(page1.items).toHaveLength(1);
    if (all.total > 1) {
      const page2 = (await wu.get(`/api/tasks?limit=1&cursor=${page1.nextCursor}`)).body;
      expect(page2.items[0].id).toBe(all.items[1].id);
    }
    const counts = (await wu.get('/api/tasks/counts')).body;
    expect(counts).toMatchObject({ open: all.total, overdue: 0, returned: 0, cc: expect.any(Number) });
    const mine = (await (await t.as('zhou.jie')).get('/api/approvals/requests?active=true')).body.items;
    expect(mine[0]).toMatchObject({
      id: b.id,
      status: 'running',
      currentSteps: [
        {
          elementId: 'managerApproval',
          name: 'Manager approval',
          holders: ['wu.hao'],
          holderNames: ['吴昊 Wu Hao'],
        },
      ],
    });
  });

  it('claim and unclaim a task offered to a role', async () => {
    const claim = await t.start('zheng.xin', 'expense_claim', { amount: 6000 });
    await t.act('wu.hao', (await t.taskOf('wu.hao', claim.id)).id, 'approve');
    const task = await t.taskOf('zhao.qiang', claim.id);
    expect((await t.act('zhao.qiang', task.id, 'unclaim')).body.error.code).toBe(
      'APPROVAL_NOT_CLAIMED_BY_YOU',
    );
    expect((await t.act('zhao.qiang', task.id, 'claim')).body.result).toBe('claimed');
    const taken = await t.act('sun.li', task.id, 'claim');
    expect([taken.status, taken.body.error.code]).toEqual([409, 'APPROVAL_NOT_CLAIMABLE']);
    expect((await t.act('sun.li', task.id, 'approve')).status).toBe(403);
    expect((await t.act('zhao.qiang', task.id, 'unclaim')).body.result).toBe('unclaimed');
    expect((await t.taskOf('sun.li', claim.id)).kind).toBe('group');
    // A candidate may also decide at once (an implicit claim).
    expect((await t.act('sun.li', task.id, 'approve')).body.status).toBe('completed');
    expect(actions((await t.request('zheng.xin', claim.id)).timeline)).toEqual([
      'submitted',
      'approve',
      'claim',
      'unclaim',
      'approve',
      'completed',
    ]);
  });

  it('a requester does not decide their own request through a group they belong to', async () => {
    // sun.li (finance) claims 8,000: her manager chen.wei approves, then finance — not sun.li herself.
    const claim = await t.start('sun.li', 'expense_claim', { amount: 8000 });
    await t.act('chen.wei', (await t.taskOf('chen.wei', claim.id)).id, 'approve');
    const task = await t.taskOf('zhao.qiang', claim.id);
    const own = (await (await t.as('sun.li')).get('/api/tasks')).body.items;
    expect(own.some((i: any) => i.id === task.id)).toBe(false);
    expect((await t.act('sun.li', task.id, 'approve')).body.error.code).toBe('APPROVAL_NOT_YOUR_TASK');
    expect((await t.act('sun.li', task.id, 'claim')).body.error.code).toBe('APPROVAL_NOT_YOUR_TASK');
    expect((await (await t.as('sun.li')).get(`/api/tasks/${task.id}`)).body.actions).toEqual([
      'cc',
      'comment',
    ]);
    expect((await t.act('zhao.qiang', task.id, 'approve')).body.status).toBe('completed');
  });

  it("CC and comments: the CC'd person is told, can follow the request, and reads the discussion", async () => {
    const claim = await t.start('zheng.xin', 'expense_claim', { amount: 70 });
    const task = await t.taskOf('wu.hao', claim.id);
    const cc = await t.act('wu.hao', task.id, 'cc', { users: ['zhou.jie', 'liu.yang'], comment: 'FYI' });
    expect(cc.status, JSON.stringify(cc.body)).toBe(200);
    expect((await t.act('wu.hao', task.id, 'cc', { users: ['ghost'] })).body.error.code).toBe(
      'APPROVAL_USER_UNKNOWN',
    );
    const ccList = (await (await t.as('zhou.jie')).get('/api/approvals/cc')).body.items;
    expect(ccList[0]).toMatchObject({
      instanceId: claim.id,
      by: 'wu.hao',
      comment: 'FYI',
      request: { id: claim.id, status: 'running' },
    });
    expect((await (await t.as('zhou.jie')).get('/api/tasks/counts')).body.cc).toBeGreaterThanOrEqual(1);
    expect(
      (await t.notifications('zhou.jie')).some((n) => n.kind === 'approval.cc' && n.source?.id === claim.id),
    ).toBe(true);
    // Now a participant: zhou.jie sees the request and may comment.
    const comment = await (
      await t.as('zhou.jie')
    ).post(`/api/approvals/requests/${claim.id}/comment`, {
      comment: 'The hotel is in the policy',
      attachments: [{ name: 'policy.pdf', ref: 'files/policy.pdf' }],
    });
    expect(comment.status, JSON.stringify(comment.body)).toBe(200);
    expect(
      (await (await t.as('zheng.xin')).post(`/api/approvals/requests/${claim.id}/comment`, {})).status,
    ).toBe(400);
    const req = await t.request('zhou.jie', claim.id);
    expect(actions(req.timeline)).toEqual(['submitted', 'cc', 'comment']);
    expect(req.timeline[1]).toMatchObject({ by: 'wu.hao', users: ['zhou.jie', 'liu.yang'], comment: 'FYI' });
    expect(req.timeline[2]).toMatchObject({
      by: 'zhou.jie',
      attachments: [{ name: 'policy.pdf', ref: 'files/policy.pdf' }],
    });
    expect(
      (await t.notifications('wu.hao')).some(
        (n) => n.kind === 'approval.comment' && n.source?.id === claim.id,
      ),
    ).toBe(true);
    expect((await t.audit('approval.cc', claim.id))[0]).toMatchObject({
      actor: { userId: 'wu.hao' },
      details: { users: ['zhou.jie', 'liu.yang'] },
    });
    expect((await t.audit('approval.comment', claim.id))[0]).toMatchObject({ actor: { userId: 'zhou.jie' } });
  });

  it('return to an earlier step: the director sends it back to the manager', async () => {
    const req0 = await t.start('zheng.xin', 'two_step_approval', { item: 'Projector' });
    const mgr = await t.taskOf('wu.hao', req0.id);
    await t.act('wu.hao', mgr.id, 'approve');
    const dir = await t.taskOf('chen.wei', req0.id);
    for (const to of ['directorApproval', 'nope'])
      expect((await t.act('chen.wei', dir.id, 'return', { to, comment: 'x' })).body.error.code).toBe(
        'APPROVAL_RETURN_TARGET_INVALID',
      );
    const back = await t.act('chen.wei', dir.id, 'return', {
      to: 'managerApproval',
      comment: 'Get a second quote',
    });
    expect(back.body).toMatchObject({
      result: 'returned',
      openTasks: [expect.objectContaining({ elementId: 'managerApproval', assignee: 'wu.hao' })],
    });
    const again = await t.taskOf('wu.hao', req0.id);
    expect(again.id).not.toBe(mgr.id);
    expect(
      (await (await t.as('chen.wei')).get('/api/tasks/done')).body.items.some((i: any) => i.id === dir.id),
    ).toBe(true);
    await t.act('wu.hao', again.id, 'approve');
    await t.act('chen.wei', (await t.taskOf('chen.wei', req0.id)).id, 'approve');
    const req = await t.request('zheng.xin', req0.id);
    expect(req.status).toBe('approved');
    expect(actions(req.timeline)).toEqual([
      'submitted',
      'approve',
      'return',
      'approve',
      'approve',
      'completed',
    ]);
    expect(req.timeline[2]).toMatchObject({
      by: 'chen.wei',
      comment: 'Get a second quote',
      data: { to: 'managerApproval' },
    });
  });

  it('auto-approve: the same approver twice in a row, and the requester as approver', async () => {
    const analyst = await t.as('zhou.jie');
    await analyst.put('/api/flows/two_step_approval/approval-settings', {
      autoApprove: { sameApproverConsecutive: true },
    });
    const req0 = await t.start('zheng.xin', 'two_step_approval', { item: 'Car' });
    const mgr = await t.taskOf('wu.hao', req0.id);
    await t.act('wu.hao', mgr.id, 'transfer', { to: 'chen.wei' });
    // chen.wei approves the manager step; the director step is chen.wei's too: approved for them.
    const done = await t.act('chen.wei', mgr.id, 'approve');
    expect(done.body).toMatchObject({ status: 'completed', openTasks: [] });
    const req = await t.request('zheng.xin', req0.id);
    expect(req.status).toBe('approved');
    expect(actions(req.timeline)).toEqual(['submitted', 'transfer', 'approve', 'auto-approve', 'completed']);
    expect(req.timeline[3]).toMatchObject({
      stepName: 'Director approval',
      outcome: 'auto-approved',
      data: { reason: 'same-approver' },
    });
    expect(req.variables.approvals.directorApproval).toMatchObject({
      outcome: 'approved',
      decisions: [{ auto: 'same-approver' }],
    });
    const audit = await t.audit('approval.auto-approve');
    expect(audit.find((a) => a.details?.instanceId === req0.id)).toBeTruthy();

    await analyst.put('/api/flows/leave_request/approval-settings', {
      autoApprove: { requesterIsApprover: true },
    });
    // wu.hao heads operations: his own leave is countersigned by himself (auto) and the CEO.
    const leave = await t.start('wu.hao', 'leave_request', { days: 1 });
    expect(leave.openTasks).toEqual([expect.objectContaining({ assignee: 'chen.wei' })]);
    await t.act('chen.wei', (await t.taskOf('chen.wei', leave.id)).id, 'approve');
    const lr = await t.request('wu.hao', leave.id);
    expect(lr.status).toBe('approved');
    expect(lr.timeline.find((e: any) => e.action === 'auto-approve')).toMatchObject({
      data: { reason: 'requester-is-approver' },
    });
  });

  it('nobody to approve: auto-approve when configured, or skip the step', async () => {
    const analyst = await t.as('zhou.jie');
    await analyst.put('/api/flows/expense_claim/approval-settings', { autoApprove: { noApprover: true } });
    const auto = await t.start('chen.wei', 'expense_claim', { amount: 100 });
    expect(auto.status).toBe('completed');
    const a = await t.request('chen.wei', auto.id);
    expect(a.status).toBe('approved');
    expect(a.timeline.find((e: any) => e.action === 'auto-approve')).toMatchObject({
      data: { reason: 'no-approver' },
    });

    await analyst.put('/api/flows/expense_claim/approval-settings', { noAssigneeFallback: { type: 'skip' } });
    const skipped = await t.start('chen.wei', 'expense_claim', { amount: 100 });
    const s = await t.request('chen.wei', skipped.id);
    expect(s.status).toBe('completed');
    expect(actions(s.timeline)).toEqual(['submitted', 'skip', 'completed']);
    expect(s.variables.approvals.managerApproval).toMatchObject({ outcome: 'skipped' });
    expect((await t.audit('approval.skip')).some((x) => x.details?.instanceId === skipped.id)).toBe(true);

    // The default fallback "assign" goes to an administrator.
    await analyst.put('/api/flows/expense_claim/approval-settings', {
      noAssigneeFallback: { type: 'assign' },
    });
    const assigned = await t.start('chen.wei', 'expense_claim', { amount: 100 });
    expect(assigned.openTasks).toEqual([expect.objectContaining({ assignee: 'qian.admin' })]);
    expect((await t.act('qian.admin', assigned.openTasks[0].id, 'approve')).body.status).toBe('completed');
  });

  it('SLA reminders: a cycle timer on the task reminds its holder, in the app and by text message', async () => {
    const req0 = await t.start('zheng.xin', 'reminded', { item: 'Paper' });
    const task = await t.taskOf('wu.hao', req0.id);
    const reminders = async () =>
      (await t.notifications('wu.hao')).filter((n) => n.kind === 'task.reminder' && n.source?.id === task.id);
    t.clock.advance(4 * 3_600_000 + 1000);
    await t.sweep();
    expect(await reminders()).toHaveLength(1);
    t.clock.advance(4 * 3_600_000);
    await t.sweep();
    const both = await reminders();
    expect(both).toHaveLength(2);
    expect(both[0].title.en).toContain('is waiting for you, due 2026-03-0');
    expect(t.outbox('sms').filter((m) => m.to === '13800000009' && m.text.includes('Approve'))).toHaveLength(
      2,
    );
    // Due now (8 h): overdue, first in the inbox; the reminders changed nothing else.
    const inbox = (await (await t.as('wu.hao')).get('/api/tasks')).body;
    expect(inbox.items[0]).toMatchObject({ id: task.id, overdue: true });
    expect((await t.act('wu.hao', task.id, 'approve')).body.status).toBe('completed');
  });

  it('or-sign: the first decision settles it; vote: decided when the threshold is reached', async () => {
    const any = await t.start('zheng.xin', 'or_sign');
    expect(any.openTasks).toHaveLength(3);
    const first = await t.act('sun.li', (await t.taskOf('sun.li', any.id)).id, 'approve');
    expect(first.body).toMatchObject({ status: 'completed', openTasks: [] });
    expect((await t.request('zheng.xin', any.id)).status).toBe('approved');

    // Vote, 60% of 3 = 2 approvals: one rejection does not end it; the second approval does.
    const vote = await t.start('zheng.xin', 'vote');
    const no = await t.act('wu.hao', (await t.taskOf('wu.hao', vote.id)).id, 'reject', {
      comment: 'Too expensive',
    });
    expect(no.body).toMatchObject({ status: 'active' });
    expect(no.body.openTasks).toHaveLength(2);
    await t.act('sun.li', (await t.taskOf('sun.li', vote.id)).id, 'approve');
    const yes = await t.act('liu.yang', (await t.taskOf('liu.yang', vote.id)).id, 'approve');
    expect(yes.body).toMatchObject({ status: 'completed' });
    const v = await t.request('zheng.xin', vote.id);
    expect(v.status).toBe('approved');
    expect(v.variables.approvals.sign.decisions.map((d: any) => d.outcome)).toEqual([
      'rejected',
      'approved',
      'approved',
    ]);

    // Two rejections make 60% impossible: the vote ends as rejected.
    const lost = await t.start('zheng.xin', 'vote');
    await t.act('wu.hao', (await t.taskOf('wu.hao', lost.id)).id, 'reject', { comment: 'No' });
    const end = await t.act('sun.li', (await t.taskOf('sun.li', lost.id)).id, 'reject', { comment: 'No' });
    expect(end.body).toMatchObject({ status: 'completed', openTasks: [] });
    expect((await t.request('zheng.xin', lost.id)).status).toBe('rejected');
  });
});
