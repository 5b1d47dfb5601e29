import { describe, expect, it } from 'vitest';
import { Sim, loadModel } from './harness.ts';

const fixture = new URL('./inclusive-gateway.bpmn', import.meta.url);

describe('inclusive gateway', () => {
  it('activates every branch whose condition holds; the join waits for all of them', async () => {
    const sim = new Sim(await loadModel(fixture)).start({ needsLegal: true, needsFinance: true });
    expect(sim.tasks().map((t) => t.elementId)).toEqual(['legal', 'finance']);
    sim.complete('finance');
    // The legal branch can still arrive (two tasks away): the join waits.
    expect(sim.tasks('done')).toHaveLength(0);
    sim.complete('legal');
    expect(sim.tasks('done')).toHaveLength(0);
    sim.complete('legal2');
    expect(sim.tasks('done')).toHaveLength(1);
    sim.complete('done');
    expect(sim.status).toBe('completed');
  });

  it('does not wait for branches that were not activated', async () => {
    const sim = new Sim(await loadModel(fixture)).start({ needsLegal: false, needsFinance: true });
    expect(sim.tasks().map((t) => t.elementId)).toEqual(['finance']);
    sim.complete('finance');
    expect(sim.tasks().map((t) => t.elementId)).toEqual(['done']);
  });

  it('takes the default flow when no condition holds', async () => {
    const sim = new Sim(await loadModel(fixture)).start({ needsLegal: false, needsFinance: false });
    expect(sim.tasks().map((t) => t.elementId)).toEqual(['ops']);
    sim.complete('ops');
    sim.complete('done');
    expect(sim.path()).toEqual(['start', 'split', 'ops', 'join', 'done', 'end']);
  });

  it('precomputes which elements can still reach each incoming flow', async () => {
    const model = await loadModel(fixture);
    expect(model.inclusiveUpstream.join).toEqual({
      f3: ['legal', 'legal2', 'split', 'start'],
      f4: ['finance', 'split', 'start'],
      f5: ['ops', 'split', 'start'],
    });
  });
});
