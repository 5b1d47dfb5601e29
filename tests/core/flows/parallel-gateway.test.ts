import { describe, expect, it } from 'vitest';
import { Sim, loadModel } from './harness.ts';

const fixture = new URL('./parallel-gateway.bpmn', import.meta.url);

describe('parallel gateway', () => {
  it('forks to every branch and joins only when all have arrived', async () => {
    const sim = new Sim(await loadModel(fixture)).start();
    expect(sim.tasks().map((t) => t.elementId)).toEqual(['legal', 'finance']);
    expect(sim.vars.stamp).toBe('stamped');
    // The script branch is already waiting at the join.
    expect(Object.values(sim.instance.tokens).filter((t) => t.state === 'joining')).toHaveLength(1);
    sim.complete('finance');
    expect(sim.tasks('sign')).toHaveLength(0);
    sim.complete('legal');
    expect(sim.tasks('sign')).toHaveLength(1);
    expect(Object.values(sim.instance.tokens)).toHaveLength(1);
    sim.complete('sign');
    expect(sim.status).toBe('completed');
    expect(sim.path().filter((e) => e === 'join')).toHaveLength(3);
  });

  it('joins regardless of the order the branches finish in', async () => {
    const model = await loadModel(fixture);
    for (const order of [
      ['legal', 'finance'],
      ['finance', 'legal'],
    ]) {
      const sim = new Sim(model).start();
      for (const id of order) sim.complete(id);
      expect(sim.tasks().map((t) => t.elementId)).toEqual(['sign']);
    }
  });
});
