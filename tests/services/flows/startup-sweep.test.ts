// After a crash, work whose outbox entries were never delivered resumes as soon as the processors
// start — not when the periodic sweep finds the outbox older than its age threshold (30 s). Here
// the periodic sweep is off altogether: only the sweep at start can deliver it.
import { afterEach, describe, expect, it } from 'vitest';
import { buildBpmn, zeebe } from '#tests/support/bpmn-builder.ts';
import { startFlowWorkers } from '#workers/processors/index.ts';
import { openFlows, type FlowHarness, type Mode } from './harness.ts';

const modes: Mode[] = ['embedded', 'distributed'];

const review = buildBpmn({
  id: 'review',
  nodes: [
    { id: 'start', type: 'startEvent', at: [0, 0] },
    { id: 'check', type: 'userTask', name: 'Check', at: [1, 0], ext: zeebe.assignee('=approver') },
    { id: 'end', type: 'endEvent', at: [2, 0] },
  ],
  flows: [
    { id: 'f1', from: 'start', to: 'check' },
    { id: 'f2', from: 'check', to: 'end' },
  ],
});

describe.each(modes)('startup sweep (%s)', (mode) => {
  let h: FlowHarness;
  afterEach(async () => h?.close());

  it('delivers an outbox a crash left undelivered when the processors start', async () => {
    h = await openFlows(mode, { workers: false });
    await h.flows.deploy(review);
    // The process "dies" while delivering: the state is written, the task never reaches the inbox.
    let crashing = true;
    const off = h.flows.on('task.opened', () => {
      if (crashing) throw new Error('simulated crash during dispatch');
    });
    await h.flows.startInstance('review', { variables: { approver: 'bob' }, instanceId: 'crash-1' });
    expect(Object.keys((await h.flows.runtime.instances.get('crash-1'))!.outbox)).not.toHaveLength(0);
    crashing = false;
    off();

    // The next start: processors on, the periodic sweep off (and its 30 s threshold irrelevant).
    await startFlowWorkers(h.queue, h.flows, h.actions, { sweepEveryMs: 0 });
    expect((await h.flows.runtime.instances.get('crash-1'))!.outbox).toEqual({});
    const tasks = await h.flows.runtime.tasks.find({ instanceId: 'crash-1' });
    expect(tasks.items).toEqual([expect.objectContaining({ elementId: 'check', state: 'open' })]);
  });
});
