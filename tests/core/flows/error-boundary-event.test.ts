import { describe, expect, it } from 'vitest';
import { Sim, loadModel } from './harness.ts';

const fixture = new URL('./error-boundary-event.bpmn', import.meta.url);

describe('error boundary event on a service task', () => {
  it('catches a BPMN error by its code, with the error variables', async () => {
    const sim = new Sim(await loadModel(fixture)).start();
    sim.jobFailed('charge', 'card declined', 'CARD_DECLINED', { reason: 'insufficient funds' });
    expect(sim.terminated()).toEqual(['charge']);
    expect(sim.tasks().map((t) => t.elementId)).toEqual(['handle']);
    expect(sim.vars.declineReason).toBe('insufficient funds');
  });

  it('a catch-all boundary takes other error codes', async () => {
    const sim = new Sim(await loadModel(fixture)).start();
    sim.jobFailed('charge', 'gateway down', 'GATEWAY_DOWN');
    expect(sim.tasks().map((t) => t.elementId)).toEqual(['support']);
  });

  it('a plain failure (retries exhausted) is an incident, not a caught error', async () => {
    const sim = new Sim(await loadModel(fixture)).start();
    sim.jobFailed('charge', 'timeout');
    expect(sim.incidents()[0]).toMatchObject({ kind: 'job-failed', elementId: 'charge' });
    expect(sim.tasks()).toEqual([]);
  });
});
