import { describe, expect, it } from 'vitest';
import { Sim, loadModel } from './harness.ts';

const fixture = new URL('./sub-process.bpmn', import.meta.url);
const order = { lines: [{ sku: 'a' }, { sku: 'b' }] };

describe('embedded sub-process', () => {
  it('runs its content in its own scope: local inputs, mapped outputs', async () => {
    const sim = new Sim(await loadModel(fixture)).start({ order });
    const inspect = sim.task('inspect');
    // The sub-process token holds the input-mapped local variable; a new variable set inside
    // (the script's result) propagates to the process scope, as in Zeebe.
    const scope = sim.instance.tokens[inspect.scope!]!;
    expect(scope.elementId).toBe('check');
    expect(scope.vars).toEqual({ lines: order.lines });
    expect(sim.vars).toEqual({ order, checked: 2 });
    sim.complete('inspect', { lines: [] });
    // Completion variables update the local `lines` (it exists in the sub-process scope).
    expect(sim.vars).toEqual({ order, checked: 2, result: 2 });
    expect(sim.path()).toEqual(['start', 'cStart', 'count', 'inspect', 'cEnd', 'check']);
    sim.complete('ship');
    expect(sim.status).toBe('completed');
  });

  it('is interrupted as a whole by a boundary timer on it', async () => {
    const sim = new Sim(await loadModel(fixture)).start({ order });
    sim.advance(2 * 86_400_000 - 1);
    expect(sim.tasks('inspect')).toHaveLength(1);
    sim.advance(1);
    expect(sim.tasks().map((t) => t.elementId)).toEqual(['escalate']);
    expect(sim.terminated()).toEqual(['inspect', 'check']);
    expect(sim.effectsOf('task.closed')[0]!.task).toMatchObject({ elementId: 'inspect', state: 'cancelled' });
    sim.complete('escalate');
    expect(sim.status).toBe('completed');
  });
});
