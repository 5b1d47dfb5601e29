import { describe, expect, it } from 'vitest';
import { Sim, T0, loadModel } from './harness.ts';

const fixture = new URL('./timer-catch-event.bpmn', import.meta.url);

describe('intermediate timer catch event', () => {
  it('waits for a duration, then until a date from a FEEL expression', async () => {
    const sim = new Sim(await loadModel(fixture)).start({ payday: '2026-01-10T00:00:00Z' });
    expect(sim.instance.nextDueAt).toBe(T0 + 3_600_000);
    expect(sim.effectsOf('timer.scheduled')[0]).toMatchObject({ elementId: 'wait1h', dueAt: T0 + 3_600_000 });
    sim.advance(3_599_999);
    expect(sim.path()).toEqual(['start']);
    sim.advance(1);
    expect(sim.path()).toEqual(['start', 'wait1h']);
    expect(sim.instance.nextDueAt).toBe(Date.parse('2026-01-10T00:00:00Z'));
    sim.advance(5 * 86_400_000);
    expect(sim.tasks('pay')).toHaveLength(1);
    expect(sim.instance.nextDueAt).toBeNull();
  });

  it('fires a single timer only when it is due (the delayed-job fast path)', async () => {
    const sim = new Sim(await loadModel(fixture)).start({ payday: '2026-01-10T00:00:00Z' });
    const [timer] = sim.effectsOf('timer.scheduled');
    expect(sim.send({ type: 'timerFired', timerId: timer!.timerId }).changed).toBe(false);
    sim.now += 3_600_000;
    expect(sim.send({ type: 'timerFired', timerId: timer!.timerId }).changed).toBe(true);
    // Delivered twice: the second is a no-op.
    expect(sim.send({ type: 'timerFired', timerId: timer!.timerId }).changed).toBe(false);
    expect(sim.path()).toEqual(['start', 'wait1h']);
  });

  it('raises an incident when the date expression gives no date', async () => {
    const sim = new Sim(await loadModel(fixture)).start({ payday: 'soon' });
    sim.advance(3_600_000);
    expect(sim.incidents()[0]).toMatchObject({ kind: 'expression-failed', elementId: 'waitUntil' });
  });
});
