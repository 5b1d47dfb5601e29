// The flow-core capabilities approvals rely on: atomic batches of events, a task completion that
// ends the instance, history labels on completions, and the multi-instance completion hook.
import { describe, expect, it } from 'vitest';
import { buildBpmn, zeebe } from '#tests/support/bpmn-builder.ts';
import { Sim, compileXml } from '../flows/harness.ts';

const chainXml = buildBpmn({
  id: 'hooks_chain',
  nodes: [
    { id: 'start', type: 'startEvent', at: [0, 0] },
    { id: 'first', type: 'userTask', name: 'First', at: [1, 0], ext: zeebe.assignee('ann') },
    { id: 'second', type: 'userTask', name: 'Second', at: [2, 0], ext: zeebe.assignee('ben') },
    { id: 'end', type: 'endEvent', at: [3, 0] },
  ],
  flows: [
    { id: 'f1', from: 'start', to: 'first' },
    { id: 'f2', from: 'first', to: 'second' },
    { id: 'f3', from: 'second', to: 'end' },
  ],
});

const signXml = (sequential: boolean) =>
  buildBpmn({
    id: 'hooks_sign',
    nodes: [
      { id: 'start', type: 'startEvent', at: [0, 0] },
      {
        id: 'sign',
        type: 'userTask',
        name: 'Sign',
        at: [1, 0],
        ext: zeebe.assignee('=signer') + zeebe.headers({ approvalMode: 'all' }),
        body: zeebe.loop({ sequential, inputCollection: '=signers', inputElement: 'signer' }),
      },
      { id: 'after', type: 'userTask', name: 'After', at: [2, 0], ext: zeebe.assignee('zed') },
      { id: 'end', type: 'endEvent', at: [3, 0] },
    ],
    flows: [
      { id: 'f1', from: 'start', to: 'sign' },
      { id: 'f2', from: 'sign', to: 'after' },
      { id: 'f3', from: 'after', to: 'end' },
    ],
  });

describe('flow core hooks for approvals', () => {
  it('a completion with endInstance ends the instance as completed and records its action', async () => {
    const sim = new Sim(await compileXml(chainXml)).start({});
    const first = sim.task('first');
    sim.send({
      type: 'completeTask',
      tokenId: first.id,
      outcome: 'rejected',
      by: 'ann',
      action: 'reject',
      variables: { approval: { outcome: 'rejected' } },
      endInstance: true,
    });
    expect(sim.status).toBe('completed');
    expect(sim.tasks()).toEqual([]);
    expect(sim.vars.approval).toEqual({ outcome: 'rejected' });
    const done = sim.instance.history.find((h) => h.type === 'task.completed')!;
    expect(done).toMatchObject({ by: 'ann', outcome: 'rejected', action: 'reject', elementId: 'first' });
    expect(sim.openedTasks().map((t) => t.elementId)).toEqual(['first']);
    expect(sim.effectsOf('task.closed').map((e) => e.task.state)).toEqual(['completed']);
  });

  it('a batch applies all its events in one step, or none when one is refused', async () => {
    const sim = new Sim(await compileXml(chainXml)).start({});
    const first = sim.task('first');
    sim.send({
      type: 'batch',
      events: [
        { type: 'setVariables', variables: { marker: 1 } },
        { type: 'updateTask', tokenId: first.id, changes: { assignee: 'cy' }, action: 'transfer' },
      ],
    });
    expect(sim.vars.marker).toBe(1);
    expect(sim.task('first').task!.assignee).toBe('cy');
    const before = structuredClone(sim.instance);
    expect(() =>
      sim.send({
        type: 'batch',
        events: [
          { type: 'setVariables', variables: { marker: 2 } },
          { type: 'completeTask', tokenId: 't999' },
        ],
      }),
    ).toThrow(/no longer open/);
    expect(sim.instance).toEqual(before);
    expect(() => sim.send({ type: 'batch', events: [{ type: 'start' }] })).toThrow(/batch cannot hold/);
  });

  it('the inner-instance hook can end a sequential multi-instance early and keep counters on the body', async () => {
    const seen: Array<Record<string, unknown>> = [];
    const sim = new Sim(await compileXml(signXml(true)), {
      innerInstanceCompleted: (p) => {
        seen.push({
          inner: p.inner.outcome,
          headers: p.headers,
          body: p.body.numberOfCompletedInstances,
          approvalsBefore: p.body.approvals,
        });
        const approvals = Number(p.body.approvals ?? 0) + (p.inner.outcome === 'approved' ? 1 : 0);
        return { done: p.inner.outcome === 'rejected', variables: { approvals } };
      },
    }).start({ signers: ['a', 'b', 'c'] });
    sim.complete('sign', undefined, { outcome: 'approved' });
    expect(sim.task('sign').task!.assignee).toBe('b');
    sim.complete('sign', undefined, { outcome: 'rejected' });
    // Ended at b: c never got a task, and the flow moved on with nothing of the body left open.
    expect(sim.openedTasks().map((t) => t.assignee)).toEqual(['a', 'b', 'zed']);
    expect(sim.tasks().map((t) => [t.elementId, t.task!.assignee])).toEqual([['after', 'zed']]);
    expect(sim.status).toBe('active');
    // The counter the hook set after a's approval is on the body when b's completion comes in.
    expect(seen).toEqual([
      { inner: 'approved', headers: { approvalMode: 'all' }, body: 1, approvalsBefore: undefined },
      { inner: 'rejected', headers: { approvalMode: 'all' }, body: 2, approvalsBefore: 1 },
    ]);
  });

  it('without the hook saying done, a parallel body waits for every signer', async () => {
    const sim = new Sim(await compileXml(signXml(false)), {
      innerInstanceCompleted: () => ({ variables: { touched: true } }),
    }).start({ signers: ['a', 'b'] });
    const [a, b] = sim.tasks('sign');
    sim.complete(a!, undefined, { outcome: 'rejected' });
    // A rejection alone does not end the body: b's task is still the only open one.
    expect(sim.tasks().map((t) => [t.elementId, t.task!.assignee])).toEqual([['sign', 'b']]);
    expect(sim.instance.tokens[b!.scope!]!.vars!.touched).toBe(true);
    sim.complete(b!, undefined, { outcome: 'approved' });
    expect(sim.tasks().map((t) => [t.elementId, t.task!.assignee])).toEqual([['after', 'zed']]);
    expect(sim.openedTasks().map((t) => t.assignee)).toEqual(['a', 'b', 'zed']);
  });
});
