import { describe, expect, it } from 'vitest';
import { Sim, loadModel } from './harness.ts';

const fixture = new URL('./exclusive-gateway.bpmn', import.meta.url);

describe('exclusive gateway', () => {
  it('takes the flow whose condition holds', async () => {
    const sim = new Sim(await loadModel(fixture)).start({ amount: 9000 });
    sim.complete('manager');
    expect(sim.path()).toEqual(['start', 'byAmount', 'manager', 'merge', 'end']);
  });

  it('takes a conditional flow of a gateway with a default flow', async () => {
    const sim = new Sim(await loadModel(fixture)).start({ amount: 300, category: 'travel' });
    sim.complete('travel');
    expect(sim.path()).toEqual(['start', 'byAmount', 'byCategory', 'travel', 'merge', 'end']);
  });

  it('takes the default flow when no condition holds', async () => {
    const sim = new Sim(await loadModel(fixture)).start({ amount: 300, category: 'office' });
    expect(sim.status).toBe('completed');
    expect(sim.path()).toEqual(['start', 'byAmount', 'byCategory', 'merge', 'end']);
  });

  it('raises an incident when nothing matches and there is no default; resolving continues', async () => {
    const sim = new Sim(await loadModel(fixture)).start({});
    expect(sim.status).toBe('active');
    const [incident] = sim.incidents();
    expect(incident).toMatchObject({ kind: 'no-outgoing-flow', elementId: 'byAmount' });
    expect(incident!.message).toContain('Amount?');
    expect(sim.instance.tokens[incident!.tokenId]?.state).toBe('incident');
    sim.send({ type: 'retryIncident', incidentId: incident!.id, variables: { amount: 6000 } });
    expect(sim.tasks('manager')).toHaveLength(1);
    expect(sim.instance.incidentCount).toBe(0);
    expect(sim.instance.history.filter((h) => h.type === 'incident.resolved')).toHaveLength(1);
  });
});
