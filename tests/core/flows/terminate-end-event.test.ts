import { describe, expect, it } from 'vitest';
import { Sim, loadModel } from './harness.ts';

const fixture = new URL('./terminate-end-event.bpmn', import.meta.url);

describe('terminate end event', () => {
  it('at process level terminates every other token and completes the instance', async () => {
    const sim = new Sim(await loadModel(fixture)).start();
    expect(sim.tasks().map((t) => t.elementId)).toEqual(['review', 'withdraw']);
    sim.complete('withdraw');
    expect(sim.status).toBe('completed');
    expect(sim.terminated()).toEqual(['review']);
    const closed = sim.effectsOf('task.closed').map((e) => [e.task.elementId, e.task.state]);
    expect(closed).toEqual([
      ['withdraw', 'completed'],
      ['review', 'cancelled'],
    ]);
  });

  it('inside a sub-process terminates only the sub-process, which then continues', async () => {
    const sim = new Sim(await loadModel(fixture)).start();
    sim.complete('review');
    // The inner terminate end event ran at once and cancelled the inner task.
    expect(sim.terminated()).toContain('subTask');
    expect(sim.path()).toEqual(expect.arrayContaining(['subKill', 'sub']));
    expect(
      sim
        .tasks()
        .map((t) => t.elementId)
        .sort(),
    ).toEqual(['after', 'withdraw']);
    sim.complete('after');
    expect(sim.status).toBe('active');
    sim.complete('withdraw');
    expect(sim.status).toBe('completed');
  });
});
