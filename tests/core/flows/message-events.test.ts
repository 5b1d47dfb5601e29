// Message events in the pure core: catch event, receive task, boundary events (interrupting and
// not), message start events, with their correlation keys (FEEL) evaluated on entry and input /
// output mappings; a message is taken once per instance. Signals: caught and started like
// messages, a broadcast reaching every subscription of the instance, out of a message's reach.
import { describe, expect, it } from 'vitest';
import { buildBpmn, zeebe } from '../../support/bpmn-builder.ts';
import { signalSubscriptionName } from '#engine/core/flows/signals.ts';
import { Sim, compileXml } from './harness.ts';

const paid = zeebe.messageRoot('Msg_paid', 'payment-received', '=orderNumber');
const cancelMsg = zeebe.messageRoot('Msg_cancel', 'order-cancelled', '=orderNumber');
const remind = zeebe.messageRoot('Msg_remind', 'reminder', '=orderNumber');
const start = zeebe.messageRoot('Msg_order', 'order-placed');

const model = () =>
  compileXml(
    buildBpmn({
      id: 'msg_order',
      nodes: [
        { id: 'start', type: 'startEvent', at: [0, 0] },
        { id: 'placed', type: 'raw', tag: 'startEvent', at: [0, 2], body: zeebe.message('Msg_order') },
        {
          id: 'pay',
          type: 'raw',
          tag: 'intermediateCatchEvent',
          name: 'Payment received',
          at: [1, 0],
          body: zeebe.message('Msg_paid'),
          ext: zeebe.io([['=orderNumber', 'ref']], [['=amount', 'paidAmount']]),
        },
        {
          id: 'pack',
          type: 'raw',
          tag: 'receiveTask',
          name: 'Packed',
          at: [2, 0],
          attrs: 'messageRef="Msg_remind"',
        },
        {
          id: 'cancelled',
          type: 'raw',
          tag: 'boundaryEvent',
          at: [2, 1],
          attrs: 'attachedToRef="pack"',
          body: zeebe.message('Msg_cancel'),
        },
        {
          id: 'nudge',
          type: 'raw',
          tag: 'boundaryEvent',
          at: [2, 2],
          attrs: 'attachedToRef="pack" cancelActivity="false"',
          body: zeebe.message('Msg_paid'),
        },
        { id: 'noted', type: 'raw', tag: 'task', name: 'Note', at: [3, 2] },
        { id: 'end', type: 'endEvent', at: [3, 0] },
        { id: 'endCancelled', type: 'endEvent', at: [3, 1] },
        { id: 'endNoted', type: 'endEvent', at: [4, 2] },
      ],
      flows: [
        { id: 'f1', from: 'start', to: 'pay' },
        { id: 'f0', from: 'placed', to: 'pay' },
        { id: 'f2', from: 'pay', to: 'pack' },
        { id: 'f3', from: 'pack', to: 'end' },
        { id: 'f4', from: 'cancelled', to: 'endCancelled' },
        { id: 'f5', from: 'nudge', to: 'noted' },
        { id: 'f6', from: 'noted', to: 'endNoted' },
      ],
      extraRoots: paid + cancelMsg + remind + start,
    }),
  );

const msg = (name: string, correlationKey: string, messageId: string, variables = {}) =>
  ({ type: 'messageCorrelated', name, correlationKey, messageId, variables }) as const;

describe('message events', () => {
  it('compiles message catch, receive task, boundaries and the message start', async () => {
    const m = await model();
    expect(m.messageStarts).toEqual({ 'order-placed': 'placed' });
    expect(m.elements.pay).toMatchObject({
      type: 'messageCatchEvent',
      message: { name: 'payment-received', correlationKey: '=orderNumber' },
    });
    expect(m.elements.pack).toMatchObject({ type: 'receiveTask', boundaries: ['cancelled', 'nudge'] });
    expect(m.elements.nudge).toMatchObject({ type: 'messageBoundaryEvent', interrupting: false });
  });

  it('waits at the catch event for its name and key; mappings apply; a message counts once', async () => {
    const sim = new Sim(await model()).start({ orderNumber: 'SO-1' });
    expect(sim.effectsOf('message.subscribed')).toEqual([
      expect.objectContaining({ name: 'payment-received', correlationKey: 'SO-1', elementId: 'pay' }),
    ]);
    expect(sim.instance.messageKeys).toEqual(['payment-received\u001fSO-1']);
    // Another order's payment, or another message, changes nothing.
    expect(sim.send(msg('payment-received', 'SO-2', 'm1')).changed).toBe(false);
    expect(sim.send(msg('order-cancelled', 'SO-1', 'm2')).changed).toBe(false);
    expect(sim.send(msg('payment-received', 'SO-1', 'm3', { amount: 50, extra: 1 })).changed).toBe(true);
    // Output mapping only: paidAmount lands, the message's other variables stay local.
    expect(sim.vars).toEqual({ orderNumber: 'SO-1', paidAmount: 50 });
    expect(sim.instance.activeElementIds.sort()).toEqual(['pack']);
    // The same message again (a re-delivery) is not taken twice.
    expect(sim.send(msg('reminder', 'SO-1', 'm3')).changed).toBe(false);
    // A non-interrupting boundary fires beside the receive task and stays open.
    expect(sim.send(msg('payment-received', 'SO-1', 'm4')).changed).toBe(true);
    expect(sim.send(msg('payment-received', 'SO-1', 'm5')).changed).toBe(true);
    expect(sim.path().filter((e) => e === 'nudge')).toHaveLength(2);
    sim.send(msg('reminder', 'SO-1', 'm6', { packedBy: 'li' }));
    expect(sim.status).toBe('completed');
    expect(sim.vars.packedBy).toBe('li');
    expect(sim.instance.subscriptions).toEqual({});
  });

  it('an interrupting boundary message ends the receive task and drops its subscriptions', async () => {
    const sim = new Sim(await model()).start({ orderNumber: 7 });
    sim.send(msg('payment-received', '7', 'a'));
    expect(
      Object.values(sim.instance.subscriptions ?? {})
        .map((s) => s.name)
        .sort(),
    ).toEqual(['order-cancelled', 'payment-received', 'reminder']);
    sim.send(msg('order-cancelled', '7', 'b', { why: 'changed mind' }));
    expect(sim.status).toBe('completed');
    expect(sim.terminated()).toContain('pack');
    expect(sim.vars.why).toBe('changed mind');
    expect(sim.instance.messageKeys).toEqual([]);
  });

  it('a message start event starts at its own start event', async () => {
    const sim = new Sim(await model());
    sim.send({ type: 'start', variables: { orderNumber: 'SO-9' }, startElement: 'placed' });
    expect(sim.path()).toEqual(['placed']);
    expect(sim.instance.activeElementIds).toEqual(['pay']);
  });

  it('a correlation key that cannot be evaluated raises an incident', async () => {
    const sim = new Sim(await model()).start({});
    expect(sim.incidents().map((i) => [i.kind, i.elementId])).toEqual([['expression-failed', 'pay']]);
  });
});

const signalDef = (id: string, ref: string) =>
  `<bpmn:signalEventDefinition id="${id}_def" signalRef="${ref}" />`;
const signalModel = () =>
  compileXml(
    buildBpmn({
      id: 'signal_close',
      nodes: [
        { id: 'start', type: 'startEvent', at: [0, 0] },
        { id: 'kicked', type: 'raw', tag: 'startEvent', at: [0, 2], body: signalDef('kicked', 'Sig_kick') },
        { id: 'begin', type: 'raw', tag: 'task', at: [1, 0] },
        { id: 'split', type: 'parallelGateway', at: [1.5, 0] },
        {
          id: 'a',
          type: 'raw',
          tag: 'intermediateCatchEvent',
          at: [2, 0],
          body: signalDef('a', 'Sig_close'),
        },
        {
          id: 'b',
          type: 'raw',
          tag: 'intermediateCatchEvent',
          at: [2, 1],
          body: signalDef('b', 'Sig_close'),
        },
        { id: 'join', type: 'parallelGateway', at: [3, 0] },
        { id: 'end', type: 'endEvent', at: [4, 0] },
      ],
      flows: [
        { id: 'f1', from: 'start', to: 'begin' },
        { id: 'f0', from: 'kicked', to: 'begin' },
        { id: 'f7', from: 'begin', to: 'split' },
        { id: 'f2', from: 'split', to: 'a' },
        { id: 'f3', from: 'split', to: 'b' },
        { id: 'f4', from: 'a', to: 'join' },
        { id: 'f5', from: 'b', to: 'join' },
        { id: 'f6', from: 'join', to: 'end' },
      ],
      extraRoots: '<bpmn:signal id="Sig_close" name="close" />\n<bpmn:signal id="Sig_kick" name="kick" />\n',
    }),
  );

describe('signal events', () => {
  it('a broadcast reaches every subscription of the instance; a message of the same name does not', async () => {
    const m = await signalModel();
    expect(m.messageStarts).toEqual({ [signalSubscriptionName('kick')]: 'kicked' });
    expect(m.elements.a).toMatchObject({
      type: 'messageCatchEvent',
      message: { name: 'close', signal: true },
    });
    const sim = new Sim(m).start({});
    expect(sim.instance.messageKeys).toEqual([`${signalSubscriptionName('close')}\u001f`]);
    // A message named like the signal is not the signal.
    expect(sim.send(msg('close', '', 'm1')).changed).toBe(false);
    const signal = {
      ...msg(signalSubscriptionName('close'), '', 's1', { closedBy: 'ops' }),
      broadcast: true,
    };
    expect(sim.send(signal).changed).toBe(true);
    expect(sim.status).toBe('completed');
    expect(
      sim
        .path()
        .filter((e) => e === 'a' || e === 'b')
        .sort(),
    ).toEqual(['a', 'b']);
    expect(sim.vars).toEqual({ closedBy: 'ops' });
  });

  it('without broadcast only the oldest subscription takes it (a message’s rule)', async () => {
    const sim = new Sim(await signalModel()).start({});
    sim.send(msg(signalSubscriptionName('close'), '', 's1'));
    expect(sim.status).toBe('active');
    expect(sim.instance.activeElementIds.sort()).toEqual(['b', 'join']);
  });
});

describe('message throw events', () => {
  it('a message intermediate throw and end event with a job type run as jobs (as Camunda 8)', async () => {
    const model = await compileXml(
      buildBpmn({
        id: 'msg_throw',
        nodes: [
          { id: 'start', type: 'startEvent', at: [0, 0] },
          {
            id: 'notify',
            type: 'raw',
            tag: 'intermediateThrowEvent',
            at: [1, 0],
            body: zeebe.message('Msg_paid'),
            ext: zeebe.task('send-notice'),
          },
          { id: 'plain', type: 'raw', tag: 'intermediateThrowEvent', at: [2, 0] },
          {
            id: 'done',
            type: 'raw',
            tag: 'endEvent',
            at: [3, 0],
            body: zeebe.message('Msg_paid'),
            ext: zeebe.task('send-done'),
          },
        ],
        flows: [
          { id: 'f1', from: 'start', to: 'notify' },
          { id: 'f2', from: 'notify', to: 'plain' },
          { id: 'f3', from: 'plain', to: 'done' },
        ],
        extraRoots: paid,
      }),
    );
    expect(model.elements.notify).toMatchObject({
      type: 'serviceTask',
      jobType: 'send-notice',
      throwEvent: 'intermediate',
    });
    expect(model.elements.plain).toMatchObject({ type: 'task' });
    expect(model.elements.done).toMatchObject({
      type: 'serviceTask',
      jobType: 'send-done',
      throwEvent: 'end',
    });
    const sim = new Sim(model).start();
    sim.jobDone('notify');
    sim.jobDone('done');
    expect(sim.status).toBe('completed');
    expect(sim.path()).toEqual(['start', 'notify', 'plain', 'done']);
  });
});
