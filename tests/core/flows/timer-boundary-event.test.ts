import { describe, expect, it } from 'vitest';
import { Sim, loadModel } from './harness.ts';

const fixture = new URL('./timer-boundary-event.bpmn', import.meta.url);
const H = 3_600_000;

describe('boundary timer events', () => {
  it('non-interrupting cycle fires its repetitions while the task stays open', async () => {
    const sim = new Sim(await loadModel(fixture)).start();
    sim.advance(4 * H);
    expect(sim.path()).toContain('remind');
    expect(sim.tasks('approve')).toHaveLength(1);
    sim.advance(4 * H);
    expect(sim.path().filter((e) => e === 'remind')).toHaveLength(2);
    sim.advance(4 * H); // R2: no third reminder
    expect(sim.path().filter((e) => e === 'remind')).toHaveLength(2);
    sim.complete('approve');
    expect(sim.status).toBe('completed');
    expect(sim.instance.timers).toEqual({});
  });

  it('interrupting timer cancels the task and takes the escalation path', async () => {
    const sim = new Sim(await loadModel(fixture)).start();
    sim.advance(24 * H);
    expect(sim.tasks().map((t) => t.elementId)).toEqual(['escalate']);
    expect(sim.terminated()).toEqual(['approve']);
    expect(sim.instance.timers).toEqual({});
    sim.complete('escalate');
    expect(sim.status).toBe('completed');
  });

  it('completing the task first removes its timers', async () => {
    const sim = new Sim(await loadModel(fixture)).start();
    expect(Object.keys(sim.instance.timers)).toHaveLength(2);
    sim.complete('approve');
    expect(sim.instance.timers).toEqual({});
    expect(sim.instance.nextDueAt).toBeNull();
  });
});
