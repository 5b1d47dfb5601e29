import { describe, expect, it } from 'vitest';
import { Sim, loadModel } from './harness.ts';

const fixture = new URL('./multi-instance.bpmn', import.meta.url);
const vars = { signers: ['ann', 'ben', 'cy'], managers: ['m1', 'm2', 'm3'] };

describe('multi-instance user tasks', () => {
  it('parallel: one task per item, all must complete (countersign), outputs in order', async () => {
    const sim = new Sim(await loadModel(fixture)).start(vars);
    const tasks = sim.tasks('countersign');
    expect(tasks.map((t) => sim.instance.tokens[t.id]!.task!.assignee)).toEqual(['ann', 'ben', 'cy']);
    expect(tasks.map((t) => t.vars)).toEqual([
      { loopCounter: 1, signer: 'ann' },
      { loopCounter: 2, signer: 'ben' },
      { loopCounter: 3, signer: 'cy' },
    ]);
    const body = sim.instance.tokens[tasks[0]!.scope!]!;
    expect(body.vars).toMatchObject({
      numberOfInstances: 3,
      numberOfActiveInstances: 3,
      numberOfCompletedInstances: 0,
    });
    sim.complete(tasks[2]!, undefined, { outcome: 'approved' });
    sim.complete(tasks[0]!, undefined, { outcome: 'approved' });
    expect(sim.tasks('chain')).toHaveLength(0);
    sim.complete(tasks[1]!, undefined, { outcome: 'approved' });
    expect(sim.vars.decisions).toEqual([
      { signer: 'ann', outcome: 'approved' },
      { signer: 'ben', outcome: 'approved' },
      { signer: 'cy', outcome: 'approved' },
    ]);
    expect(sim.tasks('chain')).toHaveLength(1);
  });

  it('parallel: the completion condition ends the body early and cancels the rest', async () => {
    const sim = new Sim(await loadModel(fixture)).start(vars);
    const tasks = sim.tasks('countersign');
    sim.complete(tasks[1]!, undefined, { outcome: 'rejected' });
    expect(sim.tasks('countersign')).toEqual([]);
    expect(sim.effectsOf('task.closed').map((e) => e.task.state)).toEqual([
      'completed',
      'cancelled',
      'cancelled',
    ]);
    expect(sim.vars.decisions).toEqual([null, { signer: 'ben', outcome: 'rejected' }, null]);
  });

  it('sequential: one item after the other, with the completion condition', async () => {
    const sim = new Sim(await loadModel(fixture)).start(vars);
    for (const t of sim.tasks('countersign')) sim.complete(t, undefined, { outcome: 'approved' });
    const first = sim.task('chain');
    expect(first.task!.assignee).toBe('m1');
    sim.complete(first, undefined, { outcome: 'approved' });
    const second = sim.task('chain');
    expect(second.task!.assignee).toBe('m2');
    expect(second.vars).toEqual({ manager: 'm2', loopCounter: 2 });
    sim.complete(second, undefined, { outcome: 'rejected' });
    expect(sim.status).toBe('completed');
    expect(sim.vars.chainResults).toEqual([1, 2, null]);
  });

  it('an empty collection completes the activity at once', async () => {
    const sim = new Sim(await loadModel(fixture)).start({ signers: [], managers: [] });
    expect(sim.status).toBe('completed');
    expect(sim.vars.decisions).toEqual([]);
  });

  it('a collection that is not a list is an incident', async () => {
    const sim = new Sim(await loadModel(fixture)).start({ signers: 'ann', managers: [] });
    expect(sim.incidents()[0]).toMatchObject({ kind: 'expression-failed', elementId: 'countersign' });
  });

  it('approvals: cancel one inner instance (withdrawn signer), add one (added signer)', async () => {
    const sim = new Sim(await loadModel(fixture)).start(vars);
    const tasks = sim.tasks('countersign');
    sim.send({ type: 'cancelInnerInstance', tokenId: tasks[2]!.id, by: 'admin' });
    expect(sim.tasks('countersign')).toHaveLength(2);
    sim.send({ type: 'addInnerInstance', tokenId: tasks[0]!.id, item: 'dee', by: 'ann' });
    const now = sim.tasks('countersign');
    expect(now.map((t) => t.task!.assignee)).toEqual(['ann', 'ben', 'dee']);
    for (const t of now) sim.complete(t, undefined, { outcome: 'approved' });
    expect(sim.tasks('chain')).toHaveLength(1);
    expect(sim.vars.decisions).toEqual([
      { signer: 'ann', outcome: 'approved' },
      { signer: 'ben', outcome: 'approved' },
      null,
      { signer: 'dee', outcome: 'approved' },
    ]);
  });

  it('approvals: a signer added to a sequential chain runs next', async () => {
    const sim = new Sim(await loadModel(fixture)).start(vars);
    for (const t of sim.tasks('countersign')) sim.complete(t, undefined, { outcome: 'approved' });
    sim.send({ type: 'addInnerInstance', tokenId: sim.task('chain').id, item: 'extra', position: 'next' });
    sim.complete('chain', undefined, { outcome: 'approved' });
    expect(sim.task('chain').task!.assignee).toBe('extra');
  });
});
