// The one real-time timer test: with the system clock, a 1-second intermediate timer fires by
// itself (the delayed-job fast path), in both run modes. The deadline is generous on purpose; it
// asserts that the timer fires, not how fast.
import { afterEach, describe, expect, it } from 'vitest';
import { systemClock } from '#engine/ports/clock.ts';
import { buildBpmn, zeebe } from '#tests/support/bpmn-builder.ts';
import { waitFor } from '#tests/support/wait-for.ts';
import { openFlows, type FlowHarness, type Mode } from './harness.ts';

const xml = buildBpmn({
  id: 'one_second',
  nodes: [
    { id: 'start', type: 'startEvent', at: [0, 0] },
    { id: 'wait', type: 'timerCatch', name: '1 s', at: [1, 0], body: zeebe.timer('timeDuration', 'PT1S') },
    { id: 'end', type: 'endEvent', at: [2, 0] },
  ],
  flows: [
    { id: 'f1', from: 'start', to: 'wait' },
    { id: 'f2', from: 'wait', to: 'end' },
  ],
});

describe.each<Mode>(['embedded', 'distributed'])('a real 1-second timer (%s)', (mode) => {
  let h: FlowHarness;
  afterEach(async () => {
    await h.close();
  });

  it('fires without anyone sweeping', async () => {
    h = await openFlows(mode, { clock: systemClock });
    await h.flows.deploy(xml);
    const started = await h.flows.startInstance('one_second');
    expect(started.status).toBe('active');
    await waitFor(
      async () => (await h.flows.getInstance(started.id)).status === 'completed',
      20_000,
      'the timer',
    );
    const done = await h.flows.getInstance(started.id);
    const fired = done.history.find((e) => e.type === 'element.completed' && e.elementId === 'wait')!;
    expect(Date.parse(fired.at) - Date.parse(done.startedAt)).toBeGreaterThanOrEqual(1000);
  });
});
