// Event-based gateways and error end events in the pure core: the gateway waits for whichever of
// its message and timer catch events happens first and drops the others; an error end event
// inside a sub-process is caught by the sub-process's error boundary event, and a job's BPMN error
// travels outwards to an enclosing sub-process's boundary; uncaught, an incident.
import { describe, expect, it } from 'vitest';
import { buildBpmn, zeebe } from '../../support/bpmn-builder.ts';
import { Sim, compileXml } from './harness.ts';

const gatewayModel = () =>
  compileXml(
    buildBpmn({
      id: 'ebg',
      nodes: [
        { id: 'start', type: 'startEvent', at: [0, 0] },
        { id: 'gw', type: 'raw', tag: 'eventBasedGateway', at: [1, 0] },
        {
          id: 'paid',
          type: 'raw',
          tag: 'intermediateCatchEvent',
          at: [2, 0],
          body: zeebe.message('Msg_paid'),
        },
        { id: 'late', type: 'timerCatch', at: [2, 1], body: zeebe.timer('timeDuration', 'PT1H') },
        { id: 'ok', type: 'endEvent', at: [3, 0] },
        { id: 'expired', type: 'endEvent', at: [3, 1] },
      ],
      flows: [
        { id: 'f1', from: 'start', to: 'gw' },
        { id: 'f2', from: 'gw', to: 'paid' },
        { id: 'f3', from: 'gw', to: 'late' },
        { id: 'f4', from: 'paid', to: 'ok' },
        { id: 'f5', from: 'late', to: 'expired' },
      ],
      extraRoots: zeebe.messageRoot('Msg_paid', 'paid', '=order'),
    }),
  );

describe('event-based gateway', () => {
  it('the message first: the timer is dropped, the message’s variables land', async () => {
    const sim = new Sim(await gatewayModel()).start({ order: 'o1' });
    expect(Object.keys(sim.instance.timers)).toHaveLength(1);
    expect(sim.instance.messageKeys).toEqual(['paid\u001fo1']);
    sim.send({
      type: 'messageCorrelated',
      name: 'paid',
      correlationKey: 'o1',
      messageId: 'm',
      variables: { amount: 3 },
    });
    expect(sim.status).toBe('completed');
    expect(sim.path()).toEqual(['start', 'gw', 'paid', 'ok']);
    expect(sim.vars.amount).toBe(3);
    expect(sim.instance.timers).toEqual({});
  });

  it('the timer first: the subscription is dropped', async () => {
    const sim = new Sim(await gatewayModel()).start({ order: 'o2' });
    sim.advance(3_600_000);
    expect(sim.path()).toEqual(['start', 'gw', 'late', 'expired']);
    expect(sim.instance.messageKeys).toEqual([]);
    expect(
      sim.send({ type: 'messageCorrelated', name: 'paid', correlationKey: 'o2', messageId: 'x' }).changed,
    ).toBe(false);
  });
});

const errorModel = (inner: 'errorEnd' | 'job') =>
  compileXml(
    buildBpmn({
      id: 'errs',
      nodes: [
        { id: 'start', type: 'startEvent', at: [0, 0] },
        {
          id: 'sub',
          type: 'subProcess',
          at: [1, 0],
          children: {
            nodes: [
              { id: 'sStart', type: 'startEvent', at: [0, 0] },
              { id: 'work', type: 'serviceTask', at: [1, 0], ext: zeebe.task('work') },
              inner === 'errorEnd'
                ? { id: 'fail', type: 'raw', tag: 'endEvent', at: [2, 0], body: zeebe.error('Err_1') }
                : { id: 'fail', type: 'endEvent', at: [2, 0] },
            ],
            flows: [
              { id: 's1', from: 'sStart', to: 'work' },
              { id: 's2', from: 'work', to: 'fail' },
            ],
          },
        },
        { id: 'caught', type: 'errorBoundary', at: [1, 1], attachedTo: 'sub', body: zeebe.error('Err_1') },
        { id: 'end', type: 'endEvent', at: [2, 0] },
        { id: 'handled', type: 'endEvent', at: [2, 1] },
      ],
      flows: [
        { id: 'f1', from: 'start', to: 'sub' },
        { id: 'f2', from: 'sub', to: 'end' },
        { id: 'f3', from: 'caught', to: 'handled' },
      ],
      extraRoots: zeebe.errorRoot('Err_1', 'OUT_OF_STOCK'),
    }),
  );

describe('BPMN errors across scopes', () => {
  it('an error end event is caught by its sub-process’s boundary event', async () => {
    const sim = new Sim(await errorModel('errorEnd')).start();
    sim.jobDone('work');
    expect(sim.status).toBe('completed');
    expect(sim.terminated()).toContain('sub');
    expect(sim.path()).toEqual(['start', 'sStart', 'work', 'caught', 'handled']);
  });

  it('a job’s BPMN error travels out to the enclosing sub-process; an unknown code is an incident', async () => {
    const sim = new Sim(await errorModel('job')).start();
    sim.jobFailed('work', 'no stock', 'OUT_OF_STOCK', { sku: 'A1' });
    expect(sim.path()).toEqual(['start', 'sStart', 'caught', 'handled']);
    expect(sim.vars.sku).toBe('A1');
    const other = new Sim(await errorModel('job')).start();
    other.jobFailed('work', 'boom', 'SOMETHING_ELSE');
    expect(other.incidents().map((i) => [i.kind, i.elementId, i.errorCode])).toEqual([
      ['unhandled-error', 'work', 'SOMETHING_ELSE'],
    ]);
  });
});
