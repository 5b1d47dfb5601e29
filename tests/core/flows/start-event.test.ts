import { describe, expect, it } from 'vitest';
import { Sim, loadModel } from './harness.ts';

describe('none start event', () => {
  it('starts the instance with its variables and passes the token on', async () => {
    const model = await loadModel(new URL('./start-event.bpmn', import.meta.url));
    expect(model.startEvent).toBe('start');
    expect(model.elements.start).toMatchObject({ type: 'startEvent', formId: 'expense-claim' });
    expect(model.formIds).toEqual(['expense-claim']);
    const sim = new Sim(model).start({ amount: 12 }, 'alice');
    expect(sim.status).toBe('completed');
    expect(sim.path()).toEqual(['start', 'end']);
    expect(sim.vars).toEqual({ amount: 12 });
    expect(sim.instance.history[0]).toMatchObject({ type: 'instance.started', by: 'alice' });
    expect(sim.effectsOf('instance.ended')).toHaveLength(1);
  });

  it('refuses to start twice and rejects variables that are not JSON', async () => {
    const model = await loadModel(new URL('./start-event.bpmn', import.meta.url));
    const sim = new Sim(model).start();
    expect(() => sim.send({ type: 'start' })).toThrow(
      expect.objectContaining({ code: 'FLOW_INSTANCE_EXISTS' }),
    );
    const fresh = new Sim(model);
    expect(() => fresh.send({ type: 'start', variables: { f: () => 1 } as never })).toThrow(
      expect.objectContaining({ code: 'FLOW_VARIABLES_INVALID', status: 400 }),
    );
    expect(() => fresh.send({ type: 'start', variables: [] as never })).toThrow(
      expect.objectContaining({ code: 'FLOW_VARIABLES_INVALID' }),
    );
  });
});
