import { describe, expect, it } from 'vitest';
import { Sim, loadModel } from './harness.ts';

describe('none end event', () => {
  it('ends one path; the instance completes when the last path ends', async () => {
    const sim = new Sim(await loadModel(new URL('./end-event.bpmn', import.meta.url))).start();
    expect(sim.tasks().map((t) => t.elementId)).toEqual(['taskA', 'taskB']);
    sim.complete('taskB');
    expect(sim.status).toBe('active');
    expect(sim.path()).toContain('endB');
    sim.complete('taskA');
    expect(sim.status).toBe('completed');
    expect(sim.instance.endedAt).toBe(sim.now);
    expect(sim.effectsOf('instance.ended')).toEqual([expect.objectContaining({ status: 'completed' })]);
    expect(sim.instance.tokens).toEqual({});
  });
});
