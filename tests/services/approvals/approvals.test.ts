// The approvals services on real adapters in both run modes: actions are atomic against concurrent
// ones (exactly one of two wins, the other gets a 409 code), escalation and reminders run at least
// once without doing anything twice, and re-delivered flow effects notify and audit nothing twice.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { approvalModelProblems } from '#engine/core/approvals/settings.ts';
import type { Grant } from '#engine/core/permissions/access.ts';
import { ManualClock } from '#engine/ports/clock.ts';
import type { Effect } from '#engine/core/flows/events.ts';
import { AuditLog } from '#engine/services/audit/audit-log.ts';
import { SYSTEM, type Actor } from '#engine/core/actor.ts';
import { approvalStepContext, createApprovals, type Approvals } from '#engine/services/approvals/index.ts';
import { DEPARTMENTS, USERS } from '#engine/services/identity/collections.ts';
import { DEMO_DEPARTMENTS, DEMO_USERS } from '#engine/services/identity/demo.ts';
import { NotificationService } from '#engine/services/notifications/notification-service.ts';
import { OrgChart } from '#engine/services/org/org-chart.ts';
import { buildBpmn, zeebe } from '#tests/support/bpmn-builder.ts';
import { openFlows, type FlowHarness } from '../flows/harness.ts';

const MODES = ['embedded', 'distributed'] as const;

const chainXml = buildBpmn({
  id: 'svc_chain',
  name: 'Chain',
  nodes: [
    { id: 'start', type: 'startEvent', at: [0, 0] },
    { id: 'first', type: 'userTask', name: 'First', at: [1, 0], ext: zeebe.assignee('=manager(requester)') },
    {
      id: 'second',
      type: 'userTask',
      name: 'Second',
      at: [2, 0],
      ext: zeebe.assignee('=managers(requester, 2)[2]'),
    },
    { id: 'end', type: 'endEvent', at: [3, 0] },
  ],
  flows: [
    { id: 'f1', from: 'start', to: 'first' },
    { id: 'f2', from: 'first', to: 'second' },
    { id: 'f3', from: 'second', to: 'end' },
  ],
});

const actor = (userId: string, roles: string[] = ['employee'], grants: Grant[] = []): Actor => ({
  principal: { userId, login: userId, roles, locale: 'en', grants },
});

describe.each(MODES)('approvals services (%s mode)', (mode) => {
  let h: FlowHarness;
  let approvals: Approvals;
  let notifications: NotificationService;
  let audit: AuditLog;
  const effects: Array<{ effect: Effect; instanceId: string }> = [];

  beforeAll(async () => {
    const clock = new ManualClock(Date.parse('2026-03-02T09:00:00Z'));
    h = await openFlows(mode, {
      clock,
      workers: false,
      service: { stepContext: (inst) => stepContext(inst), checkModel: approvalModelProblems },
    });
    const stepContext = approvalStepContext({ store: h.store, clock });
    await h.store.collection(DEPARTMENTS).insertMany(DEMO_DEPARTMENTS as never);
    await h.store.collection(USERS).insertMany(DEMO_USERS as never);
    const org = new OrgChart(h.store);
    notifications = new NotificationService({ store: h.store, clock, org });
    await notifications.init();
    audit = new AuditLog(h.store, clock);
    await audit.init();
    approvals = await createApprovals({
      store: h.store,
      clock,
      flows: h.flows,
      org,
      audit,
      notifier: notifications,
    });
    h.flows.on('*', (effect, info) => {
      effects.push({ effect, instanceId: info.instanceId });
    });
    await h.flows.deploy(chainXml);
  }, 60_000);
  afterAll(async () => {
    approvals?.detach();
    await h?.close();
  });

  const start = async (requester: string) => {
    const view = await h.flows.startInstance('svc_chain', {
      by: requester,
      variables: { requester: { id: requester } },
    });
    return { id: view.id, task: view.openTasks[0]!.id };
  };

  it('two people acting on one task at once: exactly one wins, the other gets a 409 code', async () => {
    const { task } = await start('zheng.xin');
    const results = await Promise.allSettled([
      approvals.actions.approve(actor('wu.hao'), task, { comment: 'one' }),
      approvals.actions.approve(actor('wu.hao'), task, { comment: 'two' }),
      approvals.actions.transfer(
        actor('qian.admin', ['admin'], [{ resource: 'tasks', actions: ['admin'] }]),
        task,
        { to: 'sun.li' },
      ),
    ]);
    const won = results.filter((r) => r.status === 'fulfilled');
    const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    // Either the transfer went first (then both approvals are refused: not wu.hao's any more) or an
    // approval did (then the other approval and the transfer find the task done).
    expect(won.length).toBe(1);
    for (const l of lost) expect([403, 409]).toContain(l.reason.status);
    const doc = await h.flows.runtime.load(task.split('-t')[0]!);
    const decisions = doc.history.filter((e) => e.type === 'task.completed' || e.action === 'transfer');
    expect(decisions).toHaveLength(1);
  });

  it('a recall racing an approval: one of them happens, never both', async () => {
    const { id, task } = await start('zheng.xin');
    const [recall, approve] = await Promise.allSettled([
      approvals.actions.recall(actor('zheng.xin'), id),
      approvals.actions.approve(actor('wu.hao'), task),
    ]);
    expect([recall.status, approve.status].filter((s) => s === 'fulfilled')).toHaveLength(1);
    const doc = await h.flows.runtime.load(id);
    if (recall.status === 'fulfilled') {
      expect(doc.status).toBe('cancelled');
      expect((approve as PromiseRejectedResult).reason.code).toBe('APPROVAL_TASK_DONE');
    } else {
      expect(doc.history.some((e) => e.type === 'task.completed' && e.by === 'wu.hao')).toBe(true);
      expect(recall.reason.code).toBe('APPROVAL_RECALL_TOO_LATE');
    }
  });

  it('escalation runs once per timer firing, however often its job runs; a new firing goes further up', async () => {
    const { id, task } = await start('zheng.xin'); // wu.hao's task
    const first = await approvals.escalation.escalate(id, { key: 'job-a', mode: 'reassign' });
    const again = await approvals.escalation.escalate(id, { key: 'job-a', mode: 'reassign' });
    expect(first.escalated).toEqual([{ taskId: task, from: 'wu.hao', to: 'chen.wei' }]);
    expect(again.escalated).toEqual([]);
    const doc = await h.flows.runtime.load(id);
    expect(doc.tokens[task.split('-').pop()!]!.task).toMatchObject({
      assignee: 'chen.wei',
      attributes: { escalatedFrom: 'wu.hao', escalations: 1 },
    });
    expect(doc.history.filter((e) => e.action === 'escalate')).toHaveLength(1);
    const toChen = (await notifications.list('chen.wei')).items.filter(
      (n) => n.kind === 'task.escalated' && n.source?.id === task,
    );
    expect(toChen).toHaveLength(1);
    expect(
      (await audit.search({ action: 'approval.escalate', resourceId: task }, { limit: 10 })).items,
    ).toHaveLength(1);
    // chen.wei is at the top: a second firing cannot go up; the administrators are told instead.
    const top = await approvals.escalation.escalate(id, { key: 'job-b', mode: 'reassign' });
    expect(top.escalated).toEqual([{ taskId: task, from: 'chen.wei', to: null }]);
    expect(
      (await notifications.list('qian.admin')).items.some(
        (n) => n.kind === 'task.escalated' && n.source?.id === task,
      ),
    ).toBe(true);
    // Notify mode tells the holder's manager without moving the task.
    const other = await start('wang.fang'); // zhang.min's task
    const told = await approvals.escalation.escalate(other.id, { key: 'job-c', mode: 'notify' });
    expect(told.escalated).toEqual([{ taskId: other.task, from: 'zhang.min', to: 'liu.yang' }]);
    expect((await h.flows.getTask(other.task)).assignee).toBe('zhang.min');
    const reminded = await approvals.escalation.remind(other.id, { key: 'job-d' });
    await approvals.escalation.remind(other.id, { key: 'job-d' });
    expect(reminded.reminded).toEqual([other.task]);
    expect(
      (await notifications.list('zhang.min')).items.filter((n) => n.kind === 'task.reminder'),
    ).toHaveLength(1);
  });

  it('re-delivered effects notify and audit nothing twice', async () => {
    await approvals.outOfOffice.set(
      'wu.hao',
      { proxy: 'zhou.jie', from: '2026-03-01', to: '2026-03-03' },
      SYSTEM,
    );
    await approvals.settings.set('svc_chain', { autoApprove: { sameApproverConsecutive: true } });
    const { id, task } = await start('zheng.xin'); // wu.hao is away: zhou.jie on his behalf
    expect((await h.flows.getTask(task)).onBehalfOf).toBe('wu.hao');
    await approvals.actions.transfer(actor('zhou.jie'), task, { to: 'chen.wei' });
    await approvals.actions.approve(actor('chen.wei'), task); // second step is chen.wei's: auto-approved
    expect((await h.flows.runtime.load(id)).status).toBe('completed');
    const count = async () => ({
      notes: (await notifications.collection.count({})) as number,
      audit: (await audit.search({ action: 'approval.*' }, { limit: 200 })).items.length,
      proxies: (await audit.search({ action: 'approval.proxy-assign' }, { limit: 200 })).items.length,
    });
    const before = await count();
    expect(before.proxies).toBeGreaterThanOrEqual(1);
    const mine = effects.filter((e) => e.instanceId === id).map((e) => e.effect);
    expect(mine.map((e) => e.kind)).toEqual(
      expect.arrayContaining(['task.opened', 'task.closed', 'instance.ended']),
    );
    const doc = await h.flows.runtime.load(id);
    await h.flows.runtime.dispatch({ ...doc, outbox: Object.fromEntries(mine.map((e) => [e.id, e])) });
    expect(await count()).toEqual(before);
    await approvals.outOfOffice.clear('wu.hao', SYSTEM);
    await approvals.settings.set('svc_chain', {});
  });
});
