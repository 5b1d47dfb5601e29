// Messages and call activities through the API in both run modes: a published message continues
// the instance waiting with its correlation key (and only that one), a message published before
// the catch event is reached is correlated within its time to live, a message id publishes once,
// a message start event starts an instance, the `message.publish` action lets one flow continue
// another (a payment arriving continues the order), and a call activity runs a child process (the
// version its tag names, or the latest): the parent waits, the child's variables come back, the child's incident shows with the parent,
// cancelling the parent cancels the child.
/* eslint-disable @typescript-eslint/no-explicit-any -- replies are JSON that tests read freely */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildBpmn, zeebe } from '../support/bpmn-builder.ts';
import { MODES, startApp, type Client, type TestApp } from '../support/app-harness.ts';
import { waitFor } from '../support/wait-for.ts';

const order = buildBpmn({
  id: 'msg_order',
  nodes: [
    { id: 'start', type: 'startEvent', at: [0, 0] },
    { id: 'placed', type: 'raw', tag: 'startEvent', at: [0, 1], body: zeebe.message('Msg_placed') },
    {
      id: 'paid',
      type: 'raw',
      tag: 'intermediateCatchEvent',
      name: 'Payment received',
      at: [1, 0],
      body: zeebe.message('Msg_paid'),
    },
    { id: 'end', type: 'endEvent', at: [2, 0] },
  ],
  flows: [
    { id: 'f1', from: 'start', to: 'paid' },
    { id: 'f0', from: 'placed', to: 'paid' },
    { id: 'f2', from: 'paid', to: 'end' },
  ],
  extraRoots:
    zeebe.messageRoot('Msg_paid', 'payment-received', '=orderNumber') +
    zeebe.messageRoot('Msg_placed', 'order-placed'),
});

// A payment flow that tells the order flow, through the message.publish action.
const payment = buildBpmn({
  id: 'msg_payment',
  nodes: [
    { id: 'start', type: 'startEvent', at: [0, 0] },
    {
      id: 'tell',
      type: 'serviceTask',
      name: 'Tell the order',
      at: [1, 0],
      ext:
        zeebe.task('message.publish') +
        zeebe.headers({
          name: 'payment-received',
          correlationKey: '=order',
          variables: '={paidAmount: amount}',
        }),
    },
    { id: 'end', type: 'endEvent', at: [2, 0] },
  ],
  flows: [
    { id: 'f1', from: 'start', to: 'tell' },
    { id: 'f2', from: 'tell', to: 'end' },
  ],
});

const child = (version: string) =>
  buildBpmn({
    id: 'msg_child',
    nodes: [
      { id: 'start', type: 'startEvent', at: [0, 0] },
      { id: 'calc', type: 'scriptTask', at: [1, 0], ext: zeebe.script(`=total * ${version}`, 'charged') },
      {
        id: 'approve',
        type: 'serviceTask',
        name: 'Charge the card',
        at: [2, 0],
        ext: zeebe.task('charge-card'),
      },
      { id: 'end', type: 'endEvent', at: [3, 0] },
    ],
    flows: [
      { id: 'f1', from: 'start', to: 'calc' },
      { id: 'f2', from: 'calc', to: 'approve' },
      { id: 'f3', from: 'approve', to: 'end' },
    ],
  }).replace(
    '<bpmn:process id="msg_child" isExecutable="true">',
    `<bpmn:process id="msg_child" isExecutable="true"><bpmn:extensionElements><zeebe:versionTag value="v${version}" /></bpmn:extensionElements>`,
  );

const parent = buildBpmn({
  id: 'msg_parent',
  nodes: [
    { id: 'start', type: 'startEvent', at: [0, 0] },
    {
      id: 'call',
      type: 'raw',
      tag: 'callActivity',
      name: 'Charge',
      at: [1, 0],
      ext: zeebe.called('msg_child', { bindingType: 'versionTag', versionTag: 'v1' }),
    },
    { id: 'end', type: 'endEvent', at: [2, 0] },
  ],
  flows: [
    { id: 'f1', from: 'start', to: 'call' },
    { id: 'f2', from: 'call', to: 'end' },
  ],
});

/** The same call without a binding: Camunda's default, the child's latest version. */
const parentLatest = parent
  .replace(/msg_parent/g, 'msg_parent_latest')
  .replace(' bindingType="versionTag" versionTag="v1"', '');

describe.each(MODES)('messages and call activities (%s mode)', (mode) => {
  let t: TestApp;
  let admin: Client;
  beforeAll(async () => {
    process.env.FORMA_TEST_ACTIONS = '1';
    t = await startApp(mode, { platform: { workers: true } });
    admin = await t.client('admin');
    for (const xml of [order, payment, child('1'), child('3'), parent, parentLatest]) {
      const res = await admin.post('/api/flows', { xml });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
    }
  }, 120_000);
  afterAll(() => t?.close());

  const start = async (processId: string, variables: Record<string, unknown>) => {
    const res = await admin.post('/api/instances', { processId, variables });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body.id as string;
  };
  const get = async (id: string) => (await admin.get(`/api/instances/${id}`)).body;
  const publish = (body: Record<string, unknown>) => admin.post('/api/messages/publish', body);

  it('continues only the instance with the correlation key', async () => {
    const a = await start('msg_order', { orderNumber: 'SO-1' });
    const b = await start('msg_order', { orderNumber: 'SO-2' });
    const res = await publish({ name: 'payment-received', correlationKey: 'SO-1', variables: { paid: 10 } });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ correlated: [{ instanceId: a, processId: 'msg_order' }], started: [] });
    expect(res.body.messageKey).toMatch(/^\d+$/);
    expect((await get(a)).status).toBe('completed');
    expect((await get(a)).variables.paid).toBe(10);
    expect((await get(b)).status).toBe('active');
    // Without a time to live, a message nobody waits for is gone.
    expect((await publish({ name: 'payment-received', correlationKey: 'SO-3' })).body.correlated).toEqual([]);
    const c = await start('msg_order', { orderNumber: 'SO-3' });
    expect((await get(c)).status).toBe('active');
  });

  it('a message published before the catch is reached is correlated within its time to live', async () => {
    const res = await publish({
      name: 'payment-received',
      correlationKey: 'SO-4',
      timeToLive: 60_000,
      messageId: 'pay-4',
      variables: { paid: 44 },
    });
    expect(res.body).toMatchObject({ correlated: [], buffered: true });
    // The same message id again while buffered: refused, nothing published twice.
    const dup = await publish({
      name: 'payment-received',
      correlationKey: 'SO-4',
      timeToLive: 60_000,
      messageId: 'pay-4',
    });
    expect([dup.status, dup.body.error.code]).toEqual([409, 'MESSAGE_ALREADY_PUBLISHED']);
    const id = await start('msg_order', { orderNumber: 'SO-4' });
    await waitFor(async () => (await get(id)).status === 'completed', 10_000);
    expect((await get(id)).variables.paid).toBe(44);
    // Taken once per process: a second order with the same key waits.
    const again = await start('msg_order', { orderNumber: 'SO-4' });
    expect((await get(again)).status).toBe('active');
  });

  it('a message start event starts an instance; a payment flow continues the order (message.publish)', async () => {
    const res = await publish({
      name: 'order-placed',
      correlationKey: 'SO-5',
      variables: { orderNumber: 'SO-5' },
    });
    expect(res.body.started).toHaveLength(1);
    const orderId = res.body.started[0].instanceId;
    expect((await get(orderId)).businessKey).toBe('SO-5');
    await start('msg_payment', { order: 'SO-5', amount: 99 });
    await waitFor(async () => (await get(orderId)).status === 'completed', 15_000);
    expect((await get(orderId)).variables.paidAmount).toBe(99);
    const bad = await publish({ name: '' });
    expect(bad.status).toBe(400);
  });

  it('a call activity runs the child version its tag names, waits for it and takes back its variables', async () => {
    const id = await start('msg_parent', { total: 5 });
    const childId = `${id}.${(await get(id)).tokens.find((x: any) => x.elementId === 'call').id}`;
    await waitFor(async () => (await admin.get(`/api/instances/${childId}`)).status === 200, 10_000);
    const kid = await get(childId);
    expect([kid.processId, kid.version, kid.variables.charged]).toEqual(['msg_child', 1, 5]);
    expect((await get(id)).status).toBe('active');
    const jobs = t.platform.services.jobs;
    const [job] = await jobs.activate({ type: 'charge-card', maxJobsToActivate: 1, timeout: 10_000 });
    expect(job!.processInstanceId).toBe(childId);
    await jobs.complete(job!.jobKey, { variables: { approved: true } });
    await waitFor(async () => (await get(id)).status === 'completed', 10_000);
    expect((await get(id)).variables).toMatchObject({ total: 5, charged: 5, approved: true });
  });

  it('a call activity without a binding runs the latest version of the child', async () => {
    const id = await start('msg_parent_latest', { total: 5 });
    const childId = `${id}.${(await get(id)).tokens.find((x: any) => x.elementId === 'call').id}`;
    await waitFor(async () => (await admin.get(`/api/instances/${childId}`)).status === 200, 10_000);
    const kid = await get(childId);
    // Version 2 is the one tagged v3: it charges three times the total.
    expect([kid.processId, kid.version, kid.variables.charged]).toEqual(['msg_child', 2, 15]);
    expect((await admin.post(`/api/instances/${id}/cancel`, {})).status).toBe(200);
    await waitFor(async () => (await get(childId)).status === 'cancelled', 10_000);
  });

  it("the child's incident shows with the parent; cancelling the parent cancels the child", async () => {
    const id = await start('msg_parent', { total: 2 });
    const childId = `${id}.${(await get(id)).tokens.find((x: any) => x.elementId === 'call').id}`;
    const jobs = t.platform.services.jobs;
    const [job] = await jobs.activate({ type: 'charge-card', maxJobsToActivate: 1, timeout: 10_000 });
    expect(job!.processInstanceId).toBe(childId);
    await jobs.fail(job!.jobKey, { retries: 0, errorMessage: 'card declined' });
    const incidents = (await admin.get(`/api/incidents?instanceId=${id}`)).body.items;
    expect(incidents.map((i: any) => [i.instanceId, i.elementId, i.message])).toEqual([
      [childId, 'approve', 'card declined'],
    ]);
    expect((await admin.post(`/api/instances/${id}/cancel`, {})).status).toBe(200);
    await waitFor(async () => (await get(childId)).status === 'cancelled', 10_000);
  });
});
