import { describe, expect, it } from 'vitest';
import { buildBpmn, zeebe } from '#tests/support/bpmn-builder.ts';
import { Sim, compileXml, loadModel } from './harness.ts';

const fixture = new URL('./script-task.bpmn', import.meta.url);

describe('script task (FEEL)', () => {
  it('evaluates the expression and sets the result variable', async () => {
    const sim = new Sim(await loadModel(fixture)).start({
      lines: [
        { qty: 3, price: 0.1 },
        { qty: 2, price: 19.99 },
      ],
    });
    expect(sim.status).toBe('completed');
    expect(sim.vars.total).toBe(40.28);
  });

  it('raises an incident when evaluation fails, and runs again when retried with new variables', async () => {
    const model = await compileXml(
      buildBpmn({
        id: 'fx',
        nodes: [
          { id: 'start', type: 'startEvent', at: [0, 0] },
          {
            id: 'convert',
            type: 'scriptTask',
            at: [1, 0],
            ext: zeebe.script('=rate(currency) * amount', 'local'),
          },
          { id: 'end', type: 'endEvent', at: [2, 0] },
        ],
        flows: [
          { id: 'f1', from: 'start', to: 'convert' },
          { id: 'f2', from: 'convert', to: 'end' },
        ],
      }),
    );
    // A caller-supplied FEEL function (as the org-chart functions are) that fails for bad input.
    const rate = (c: string): number => {
      if (c !== 'EUR') throw new Error(`no exchange rate for ${c}`);
      return 7.8;
    };
    const sim = new Sim(model, { feel: { rate } }).start({ currency: 'XXX', amount: 10 });
    const [incident] = sim.incidents();
    expect(incident).toMatchObject({ kind: 'expression-failed', elementId: 'convert', phase: 'enter' });
    expect(incident!.message).toContain('no exchange rate for XXX');
    expect(sim.status).toBe('active');
    expect(sim.instance.incidentCount).toBe(1);
    sim.send({ type: 'retryIncident', incidentId: incident!.id, variables: { currency: 'EUR' } });
    expect(sim.incidents()).toEqual([]);
    expect(sim.status).toBe('completed');
    expect(sim.vars.local).toBe(78);
  });
});
