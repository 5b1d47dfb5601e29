import { describe, expect, it } from 'vitest';
import { Sim, T0, loadModel } from './harness.ts';

const fixture = new URL('./user-task.bpmn', import.meta.url);

describe('user task', () => {
  it('opens a task with assignment, form, schedule, headers and input-mapped variables', async () => {
    const sim = new Sim(await loadModel(fixture)).start(
      { amount: 100, requester: { manager: 'bob' } },
      'alice',
    );
    const [task] = sim.openedTasks();
    expect(task).toMatchObject({
      id: `inst1-${sim.task('approve').id}`,
      instanceId: 'inst1',
      processId: 'user_task',
      elementId: 'approve',
      name: 'Approve expense',
      state: 'open',
      assignee: 'bob',
      candidateGroups: ['finance', 'audit'],
      formId: 'expense-approval',
      dueDate: new Date(T0 + 2 * 86_400_000).toISOString(),
      followUpDate: '2026-01-06T09:00:00.000Z',
      headers: { kind: 'approval', sla: 'P2D' },
      requester: 'alice',
      localVariables: { amountWithTax: 113 },
      createdAt: new Date(T0).toISOString(),
    });
  });

  it('completes with variables, outcome and comment; output mappings shape the result', async () => {
    const sim = new Sim(await loadModel(fixture)).start({ amount: 100, requester: { manager: 'bob' } });
    sim.complete('approve', { approved: true }, { outcome: 'approved', by: 'bob', comment: 'fine' });
    expect(sim.status).toBe('completed');
    // With output mappings, task variables stay local; only the mapped values reach the process.
    expect(sim.vars).toEqual({
      amount: 100,
      requester: { manager: 'bob' },
      decision: { approved: true, total: 113 },
    });
    const closed = sim.effectsOf('task.closed')[0]!.task;
    expect(closed).toMatchObject({
      state: 'completed',
      outcome: 'approved',
      completedBy: 'bob',
      comment: 'fine',
    });
    expect(sim.instance.history.find((h) => h.type === 'task.completed')).toMatchObject({
      elementId: 'approve',
      by: 'bob',
      outcome: 'approved',
      comment: 'fine',
    });
  });

  it('refuses to complete a task twice', async () => {
    const sim = new Sim(await loadModel(fixture)).start({ amount: 1, requester: { manager: 'bob' } });
    const token = sim.task('approve');
    const before = sim.instance;
    const snapshot = structuredClone(before);
    sim.complete(token, { approved: false });
    expect(() => sim.send({ type: 'completeTask', tokenId: token.id })).toThrow(
      expect.objectContaining({ code: 'FLOW_TASK_NOT_OPEN', status: 409 }),
    );
    // step is pure: the instance given to it was not modified, though the one it returned moved on.
    expect(before).toEqual(snapshot);
    expect(sim.instance.tokens[token.id]).toBeUndefined();
  });

  it('lets an assignment hook assign, complete at once, or raise an incident', async () => {
    const model = await loadModel(fixture);
    const assigned = new Sim(model, {
      assignTask: (input) => ({
        kind: 'assign',
        assignee: `${input.assignee}-proxy`,
        attributes: { onBehalfOf: input.assignee },
      }),
    }).start({ amount: 1, requester: { manager: 'bob' } });
    expect(assigned.openedTasks()[0]).toMatchObject({ assignee: 'bob-proxy', onBehalfOf: 'bob' });

    const auto = new Sim(model, {
      assignTask: () => ({
        kind: 'complete',
        outcome: 'auto-approved',
        action: 'auto-approved',
        variables: { approved: true },
      }),
    }).start({ amount: 1, requester: { manager: 'bob' } });
    expect(auto.status).toBe('completed');
    expect(auto.openedTasks()).toEqual([]);
    expect(auto.instance.history.find((h) => h.type === 'task.completed')).toMatchObject({
      outcome: 'auto-approved',
      action: 'auto-approved',
    });

    const nobody = new Sim(model, {
      assignTask: () => ({ kind: 'incident', message: 'the manager chain ended' }),
    }).start({
      amount: 1,
      requester: {},
    });
    expect(nobody.incidents()[0]).toMatchObject({
      kind: 'assignment-failed',
      message: 'the manager chain ended',
    });
    expect(nobody.openedTasks()).toEqual([]);
  });

  it('updates an open task (transfer) with a history entry and an effect', async () => {
    const sim = new Sim(await loadModel(fixture)).start({ amount: 1, requester: { manager: 'bob' } });
    const token = sim.task('approve');
    sim.send({
      type: 'updateTask',
      tokenId: token.id,
      changes: { assignee: 'carol', candidateGroups: null },
      by: 'bob',
      action: 'transfer',
      comment: 'on leave',
    });
    const updated = sim.effectsOf('task.updated')[0]!.task;
    expect(updated).toMatchObject({ assignee: 'carol', state: 'open' });
    expect(updated.candidateGroups).toBeUndefined();
    expect(updated.version).toBeGreaterThan(sim.openedTasks()[0]!.version);
    expect(sim.instance.history.at(-1)).toMatchObject({
      type: 'task.updated',
      action: 'transfer',
      by: 'bob',
    });
  });
});
