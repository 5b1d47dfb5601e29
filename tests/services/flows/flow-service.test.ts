// FlowService end to end on real adapters, in both run modes: deploy and versions, instances
// through user tasks, service tasks on the workers, retries and incidents, timers on the injected
// clock, cancellation, concurrent completion, outbox re-delivery by the sweeper.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AppError } from '#engine/core/errors.ts';
import type { ManualClock } from '#engine/ports/clock.ts';
import { buildBpmn, zeebe, type ProcessSpec } from '#tests/support/bpmn-builder.ts';
import { waitFor } from '#tests/support/wait-for.ts';
import { startFlowWorkers } from '#workers/processors/index.ts';
import { openFlows, type FlowHarness, type Mode } from './harness.ts';

const approval = (overrides: Partial<ProcessSpec> = {}): ProcessSpec => ({
  id: 'expense',
  name: 'Expense approval',
  nodes: [
    { id: 'start', type: 'startEvent', at: [0, 0] },
    {
      id: 'approve',
      type: 'userTask',
      name: 'Approve',
      at: [1, 0],
      ext: zeebe.assignee('=approver', 'finance') + zeebe.form('expense-form'),
    },
    {
      id: 'escalate',
      type: 'timerBoundary',
      at: [1, 0],
      attachedTo: 'approve',
      body: zeebe.timer('timeDuration', 'PT24H'),
    },
    { id: 'gw', type: 'exclusiveGateway', at: [2, 0], default: 'fNo' },
    {
      id: 'post',
      type: 'serviceTask',
      name: 'Compute tax',
      at: [3, 0],
      ext: zeebe.task('compute', 2) + zeebe.headers({ tax: '=amount * 0.1' }),
    },
    { id: 'director', type: 'userTask', name: 'Director', at: [2, 1] },
    { id: 'end', type: 'endEvent', at: [4, 0] },
    { id: 'endNo', type: 'endEvent', at: [3, 1] },
    { id: 'end2', type: 'endEvent', at: [3, 2] },
  ],
  flows: [
    { id: 'f1', from: 'start', to: 'approve' },
    { id: 'f2', from: 'approve', to: 'gw' },
    { id: 'fYes', from: 'gw', to: 'post', condition: '=approved' },
    { id: 'fNo', from: 'gw', to: 'endNo' },
    { id: 'f3', from: 'post', to: 'end' },
    { id: 'f4', from: 'escalate', to: 'director' },
    { id: 'f5', from: 'director', to: 'end2' },
  ],
  ...overrides,
});

const failing = buildBpmn({
  id: 'failing',
  nodes: [
    { id: 'start', type: 'startEvent', at: [0, 0] },
    {
      id: 'flaky',
      type: 'serviceTask',
      name: 'Flaky',
      at: [1, 0],
      ext: zeebe.task('test.fail', 3) + zeebe.headers({ failTimes: '2' }),
    },
    {
      id: 'broken',
      type: 'serviceTask',
      name: 'Broken',
      at: [2, 0],
      ext: zeebe.task('test.fail', 2) + zeebe.headers({ message: 'ledger closed' }),
    },
    { id: 'end', type: 'endEvent', at: [3, 0] },
  ],
  flows: [
    { id: 'f1', from: 'start', to: 'flaky' },
    { id: 'f2', from: 'flaky', to: 'broken' },
    { id: 'f3', from: 'broken', to: 'end' },
  ],
});

const modes: Mode[] = ['embedded', 'distributed'];

describe.each(modes)('FlowService (%s)', (mode) => {
  let h: FlowHarness;
  beforeEach(async () => {
    h = await openFlows(mode, { forms: ['expense-form'] });
  });
  afterEach(async () => {
    await h.close();
  });

  const ended = (id: string) => async () => (await h.flows.getInstance(id)).status !== 'active';

  it('versions definitions; identical XML is not a new version; instances stay on theirs', async () => {
    const xmlV1 = buildBpmn(approval());
    const v1 = await h.flows.deploy(xmlV1, { by: 'analyst' });
    expect(v1).toMatchObject({ processId: 'expense', version: 1, duplicate: false, deployedBy: 'analyst' });
    expect(v1.formIds).toEqual(['expense-form']);
    expect(v1.jobTypes).toEqual(['compute']);
    expect(await h.flows.deploy(xmlV1)).toMatchObject({ version: 1, duplicate: true });
    const onV1 = await h.flows.startInstance('expense', { variables: { approver: 'bob' } });
    const v2 = await h.flows.deploy(buildBpmn(approval({ name: 'Expense approval v2' })));
    expect(v2).toMatchObject({ version: 2, name: 'Expense approval v2' });
    const onV2 = await h.flows.startInstance('expense', { variables: { approver: 'bob' } });
    expect([onV1.version, onV2.version]).toEqual([1, 2]);
    await h.flows.completeTask(onV1.openTasks[0]!.id, { variables: { approved: false } });
    expect((await h.flows.getInstance(onV1.id)).version).toBe(1);
    const versions = await h.flows.listVersions('expense');
    expect(versions.map((v) => [v.version, v.instances])).toEqual([
      [1, { active: 0, completed: 1, cancelled: 0 }],
      [2, { active: 1, completed: 0, cancelled: 0 }],
    ]);
    expect(await h.flows.listDefinitions()).toEqual([
      expect.objectContaining({ processId: 'expense', version: 2, versions: 2 }),
    ]);
    expect((await h.flows.getDefinition('expense', 1)).xml).toBe(xmlV1);
  });

  it('rejects an invalid definition with every problem at once, in English and Chinese', async () => {
    const bad = buildBpmn({
      id: 'bad',
      nodes: [
        { id: 'start', type: 'startEvent', at: [0, 0] },
        { id: 'call', type: 'raw', tag: 'complexGateway', name: 'Call other', at: [1, 0] },
        { id: 'svc', type: 'serviceTask', name: 'Pay', at: [2, 0], ext: zeebe.task('bank.pay') },
        { id: 'ask', type: 'userTask', name: 'Ask', at: [3, 0], ext: zeebe.form('no-such-form') },
        { id: 'gw', type: 'exclusiveGateway', name: 'Check', at: [4, 0] },
        { id: 'end', type: 'endEvent', at: [5, 0] },
        { id: 'end2', type: 'endEvent', at: [5, 1] },
      ],
      flows: [
        { id: 'f1', from: 'start', to: 'call' },
        { id: 'f2', from: 'call', to: 'svc' },
        { id: 'f3', from: 'svc', to: 'ask' },
        { id: 'f4', from: 'ask', to: 'gw' },
        { id: 'f5', from: 'gw', to: 'end', condition: '=amount >' },
        { id: 'f6', from: 'gw', to: 'end2' },
      ],
    });
    const error = (await h.flows.deploy(bad).catch((e: unknown) => e)) as AppError;
    expect(error).toMatchObject({ status: 422, code: 'FLOW_DEFINITION_INVALID' });
    const codes = error.details.map((d) => [
      (d as { code?: string }).code,
      (d as { elementId?: string }).elementId,
    ]);
    expect(codes).toEqual(
      expect.arrayContaining([
        ['UNSUPPORTED_ELEMENT', 'call'],
        ['FEEL_SYNTAX', 'f5'],
        ['CONDITION_MISSING', 'gw'],
        ['FORM_UNKNOWN', 'ask'],
      ]),
    );
    const call = error.details.find((d) => (d as { elementId?: string }).elementId === 'call')!;
    expect(call.message).toBe(
      'call "Call other": A complex gateway is not supported by this engine; remove it or replace it with a supported element.',
    );
    expect(call.messageZh).toContain('复杂网关');
    // A service task type that is no action is a job for an external worker, not a problem.
    expect(codes.some(([, id]) => id === 'svc')).toBe(false);
    expect(call.path).toBe('/elements/call');
    expect(await h.flows.listDefinitions()).toEqual([]);
  });

  it('runs an instance: user task in the tasks collection, service task on a worker, history', async () => {
    await h.flows.deploy(buildBpmn(approval()));
    const started = await h.flows.startInstance('expense', {
      variables: { approver: 'bob', amount: 200 },
      by: 'alice',
      businessKey: 'EXP-1',
    });
    expect(started.status).toBe('active');
    const [task] = started.openTasks;
    expect(task).toMatchObject({
      elementId: 'approve',
      assignee: 'bob',
      candidateGroups: ['finance'],
      formId: 'expense-form',
      requester: 'alice',
    });
    const stored = await h.flows.getTask(task!.id);
    expect(stored).toMatchObject({ id: task!.id, state: 'open', assignee: 'bob' });
    expect((await h.flows.listTasks({ state: 'open', assignee: 'bob' })).items.map((t) => t.id)).toEqual([
      task!.id,
    ]);
    expect(
      (await h.flows.listTasks({ state: 'open', candidateGroups: ['finance', 'hr'] })).items,
    ).toHaveLength(1);

    await h.flows.completeTask(task!.id, {
      variables: { approved: true },
      outcome: 'approved',
      by: 'bob',
      comment: 'ok',
    });
    await waitFor(ended(started.id), 15_000, 'the service task to run');
    const done = await h.flows.getInstance(started.id);
    expect(done.status).toBe('completed');
    expect(done.variables).toMatchObject({ approved: true, tax: 20 });
    expect(done.tokens).toEqual([]);
    expect(await h.flows.getTask(task!.id)).toMatchObject({
      state: 'completed',
      outcome: 'approved',
      completedBy: 'bob',
      comment: 'ok',
    });
    const path = done.history.filter((e) => e.type === 'element.completed').map((e) => e.elementId);
    expect(path).toEqual(['start', 'approve', 'gw', 'post', 'end']);
    expect(await h.flows.getHistory(started.id, { elementId: 'approve' })).toEqual([
      expect.objectContaining({ type: 'element.activated' }),
      expect.objectContaining({ type: 'task.completed', by: 'bob', outcome: 'approved' }),
      expect.objectContaining({ type: 'element.completed' }),
    ]);
    const listed = await h.flows.listInstances({
      processId: 'expense',
      status: 'completed',
      businessKey: 'EXP-1',
    });
    expect(listed.items.map((i) => i.id)).toEqual([started.id]);
  });

  it('two concurrent completions of one task: exactly one wins, the other gets a conflict', async () => {
    await h.flows.deploy(buildBpmn(approval()));
    const started = await h.flows.startInstance('expense', { variables: { approver: 'bob' } });
    const taskId = started.openTasks[0]!.id;
    const results = await Promise.allSettled([
      h.flows.completeTask(taskId, { variables: { approved: false }, by: 'bob' }),
      h.flows.completeTask(taskId, { variables: { approved: false }, by: 'carol' }),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const rejected = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(rejected.reason).toMatchObject({ status: 409, code: 'FLOW_TASK_NOT_OPEN' });
    const doc = await h.flows.getInstance(started.id);
    expect(doc.history.filter((e) => e.type === 'task.completed')).toHaveLength(1);
  });

  it('retries a failing service task with backoff, then raises an incident that can be resolved', async () => {
    await h.flows.deploy(failing);
    const started = await h.flows.startInstance('failing');
    await waitFor(
      async () => (await h.flows.listIncidents({ instanceId: started.id })).length > 0,
      15_000,
      'the incident',
    );
    const instance = await h.flows.getInstance(started.id);
    // The flaky task succeeded on its third attempt; the broken one used up its two.
    expect(instance.variables.succeededOnAttempt).toBe(3);
    const [incident] = await h.flows.listIncidents({ processId: 'failing' });
    expect(incident).toMatchObject({
      kind: 'job-failed',
      elementId: 'broken',
      message: 'ledger closed',
      instanceId: started.id,
    });
    expect((await h.flows.listInstances({ withIncidents: true })).items.map((i) => i.id)).toEqual([
      started.id,
    ]);
    await h.flows.retryIncident(started.id, incident!.id, { variables: { fixed: true }, by: 'admin' });
    await waitFor(ended(started.id), 15_000, 'completion after the fix');
    expect((await h.flows.getInstance(started.id)).status).toBe('completed');
    expect(await h.flows.listIncidents()).toEqual([]);
  });

  it('fires a 24 h boundary timer when the injected clock reaches it (sweeper)', async () => {
    const clock = h.clock as ManualClock;
    await h.flows.deploy(buildBpmn(approval()));
    const started = await h.flows.startInstance('expense', { variables: { approver: 'bob' } });
    clock.advance(23 * 3_600_000);
    expect(await h.flows.sweep()).toMatchObject({ timers: 0 });
    clock.advance(3_600_000);
    expect(await h.flows.sweep()).toMatchObject({ timers: 1 });
    const after = await h.flows.getInstance(started.id);
    expect(after.openTasks.map((t) => t.elementId)).toEqual(['director']);
    expect(await h.flows.getTask(started.openTasks[0]!.id)).toMatchObject({ state: 'cancelled' });
  });

  it('cancels an instance: open tasks are cancelled, later events are refused', async () => {
    await h.flows.deploy(buildBpmn(approval()));
    const started = await h.flows.startInstance('expense', { variables: { approver: 'bob' } });
    const cancelled = await h.flows.cancelInstance(started.id, { by: 'alice', reason: 'withdrawn' });
    expect(cancelled.status).toBe('cancelled');
    expect(await h.flows.getTask(started.openTasks[0]!.id)).toMatchObject({ state: 'cancelled' });
    await expect(h.flows.completeTask(started.openTasks[0]!.id)).rejects.toMatchObject({
      code: 'FLOW_TASK_NOT_OPEN',
    });
    await expect(h.flows.cancelInstance(started.id)).rejects.toMatchObject({
      status: 409,
      code: 'FLOW_INSTANCE_NOT_ACTIVE',
    });
  });

  it('returns to an earlier task through instance modification', async () => {
    await h.flows.deploy(buildBpmn(approval()));
    const started = await h.flows.startInstance('expense', { variables: { approver: 'bob', amount: 5 } });
    await h.flows.completeTask(started.openTasks[0]!.id, { variables: { approved: false } });
    // Completed (rejected path). A new instance: approve → director (via modification).
    const second = await h.flows.startInstance('expense', { variables: { approver: 'bob' } });
    const moved = await h.flows.modifyInstance(second.id, {
      activate: [{ elementId: 'director' }],
      terminate: [{ elementId: 'approve' }],
      by: 'admin',
      reason: 'route to director',
    });
    expect(moved.openTasks.map((t) => t.elementId)).toEqual(['director']);
    expect(moved.history.some((e) => e.type === 'instance.modified' && e.by === 'admin')).toBe(true);
    await expect(
      h.flows.modifyInstance(second.id, { activate: [{ elementId: 'nope' }] }),
    ).rejects.toMatchObject({
      status: 400,
      code: 'FLOW_ELEMENT_UNKNOWN',
    });
  });

  it('delivered effects leave the outbox and are not delivered again (cleared at once, by the next write, or soon after)', async () => {
    await h.flows.deploy(buildBpmn(approval()));
    const opened = new Map<string, number>();
    h.flows.on('task.opened', (e) => {
      if (e.kind === 'task.opened') opened.set(e.task.id, (opened.get(e.task.id) ?? 0) + 1);
    });
    const outboxOf = async (id: string) => Object.keys((await h.flows.runtime.instances.get(id))!.outbox);

    // Waiting for a person: the delivered entries leave the document without anybody sweeping
    // (the embedded mode writes them off a moment later, in a write of their own).
    const waiting = await h.flows.start('expense', { variables: { approver: 'bob' }, instanceId: 'wait-1' });
    expect(waiting.status).toBe('active');
    await waitFor(async () => (await outboxOf('wait-1')).length === 0, 15_000, 'the outbox to be cleared');

    // Moving on: what the start delivered is gone from the document the completion writes.
    await h.flows.start('expense', { variables: { approver: 'bob' }, instanceId: 'move-1' });
    const deliveredAtStart = await outboxOf('move-1');
    const [task] = (await h.flows.listTasks({ state: 'open', assignee: 'bob' })).items.filter(
      (t) => t.instanceId === 'move-1',
    );
    const done = await h.flows.complete(task!.id, { variables: { approved: false }, by: 'bob' });
    expect(done.status).toBe('completed');
    const left = await outboxOf('move-1');
    expect(left.filter((id) => deliveredAtStart.includes(id))).toEqual([]);

    // A sweep finds nothing undelivered and delivers nothing twice; afterwards every outbox is empty.
    expect(await h.flows.sweep({ outboxAgeMs: 0 })).toMatchObject({ outboxes: 0 });
    expect([...opened.values()]).toEqual([1, 1]);
    expect(await outboxOf('wait-1')).toEqual([]);
    expect(await outboxOf('move-1')).toEqual([]);
  });

  it('a sweep re-delivers an outbox left undelivered (a crash between write and dispatch)', async () => {
    await h.flows.deploy(buildBpmn(approval()));
    let failing = true;
    const off = h.flows.on('task.opened', () => {
      if (failing) throw new Error('simulated crash during dispatch');
    });
    // The state is written; the failed delivery does not fail the call, it stays in the outbox.
    const started = await h.flows.startInstance('expense', {
      variables: { approver: 'bob' },
      instanceId: 'crash-1',
    });
    expect(started.status).toBe('active');
    const raw = await h.flows.runtime.instances.get('crash-1');
    expect(Object.keys(raw!.outbox)).not.toHaveLength(0);
    const taskId = `crash-1-${Object.values(raw!.tokens).find((t) => t.task)!.id}`;
    failing = false;
    const seen: string[] = [];
    h.flows.on('task.opened', (e) => {
      if (e.kind === 'task.opened') seen.push(e.task.id);
    });
    // The stored entry leaves out what the instance says (the task's ids, process, key); the
    // re-delivered effect is the whole view again, the one the tasks collection holds.
    const entry = Object.values(raw!.outbox).find((e) => e.kind === 'task.opened') as unknown as {
      task: Record<string, unknown>;
      derived?: boolean;
    };
    expect(entry.derived).toBe(true);
    for (const field of ['id', 'instanceId', 'processId', 'processVersion', 'key'])
      expect(entry.task).not.toHaveProperty(field);
    const views: unknown[] = [];
    h.flows.on('task.opened', (e) => {
      if (e.kind === 'task.opened') views.push(e.task);
    });
    expect(await h.flows.sweep({ outboxAgeMs: 0 })).toMatchObject({ outboxes: 1 });
    expect(seen).toEqual([taskId]);
    expect((await h.flows.runtime.instances.get('crash-1'))!.outbox).toEqual({});
    expect(await h.flows.getTask(taskId)).toMatchObject({ state: 'open' });
    const { rev: _rev, ...row } = (await h.flows.runtime.tasks.get(taskId))!;
    expect(views).toEqual([row]);
    expect(row).toMatchObject({
      id: taskId,
      instanceId: 'crash-1',
      processId: 'expense',
      processVersion: 1,
      key: expect.stringMatching(/^\d{23}$/),
      assignee: 'bob',
    });
    // Idempotent start by id.
    expect((await h.flows.startInstance('expense', { instanceId: 'crash-1' })).id).toBe('crash-1');
    off();
  });

  it("a service task's now() is when its token reached the task, however late its job runs", async () => {
    // The SLA defect of the distributed mode: a job behind the queue read the clock when it ran,
    // so a pause taken at 10:00 was computed at whatever time the worker got to it.
    const late = await openFlows(mode, { workers: false });
    try {
      const clock = late.clock as ManualClock;
      clock.set(Date.parse('2026-10-08T02:00:00Z'));
      await late.flows.deploy(
        buildBpmn({
          id: 'stamp',
          nodes: [
            { id: 'start', type: 'startEvent', at: [0, 0] },
            {
              id: 'stamping',
              type: 'serviceTask',
              name: 'Stamp',
              at: [1, 0],
              ext:
                zeebe.task('compute', 2) +
                zeebe.headers({ since: '=string(now())', day: '=string(today())' }),
            },
            { id: 'end', type: 'endEvent', at: [2, 0] },
          ],
          flows: [
            { id: 'f1', from: 'start', to: 'stamping' },
            { id: 'f2', from: 'stamping', to: 'end' },
          ],
        }),
      );
      const started = await late.flows.startInstance('stamp');
      clock.set(Date.parse('2026-10-09T08:00:00Z'));
      await startFlowWorkers(late.queue, late.flows, late.actions, { concurrency: 1, sweepEveryMs: 0 });
      await waitFor(
        async () => (
          await late.flows.sweep({ outboxAgeMs: 0 }),
          (await late.flows.getInstance(started.id)).status !== 'active'
        ),
        15_000,
        'the late job',
      );
      const { variables } = await late.flows.getInstance(started.id);
      expect([variables.since, variables.day]).toEqual(['2026-10-08T02:00:00Z', '2026-10-08']);
    } finally {
      await late.close();
    }
  });
});
