// Camunda's official Node client (@camunda8/orchestration-cluster-api) against Forma's /v2 API,
// over a real socket, in both run modes: signed in with HTTP Basic as a service account holding
// an API token, it deploys a model (multipart), starts it, runs a job worker (long polling), finds
// and completes the user task, publishes the message the instance waits for — and the instance
// completes. The client checks every reply against Camunda's own schemas (CAMUNDA_SDK_VALIDATION
// res:strict), so a reply that is not in Camunda's shape fails the test. Also: a BPMN error thrown
// by a worker is caught by the boundary event; incidents and variables are searched; refusals
// come back as Camunda's problem details; a revoked token is refused; the clock is pinned and
// reset (CAMUNDA_CLOCK_ENDPOINTS) and moves a timer on; a DMN file deployed beside the model that
// calls it decides at its business rule task; a message correlated (not published) names the
// instance that took it; a signal broadcast ends a corpus model waiting for it.
/* eslint-disable @typescript-eslint/no-explicit-any -- replies are JSON that tests read freely */
import { readFileSync } from 'node:fs';
import { createCamundaClientLoose } from '@camunda8/orchestration-cluster-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildBpmn, zeebe } from '../support/bpmn-builder.ts';
import { MODES, startApp, type TestApp } from '../support/app-harness.ts';
import { waitFor } from '../support/wait-for.ts';

process.env.CAMUNDA_CLOCK_ENDPOINTS = 'true';
/** Read what is there now: the test polls itself (waitFor). */
const NOW = { consistency: { waitUpToMs: 0 } };

const order = buildBpmn({
  id: 'camunda_client_order',
  name: 'Order (Camunda client)',
  nodes: [
    { id: 'start', type: 'startEvent', at: [0, 0] },
    { id: 'charge', type: 'serviceTask', name: 'Charge card', at: [1, 0], ext: zeebe.task('charge-card', 3) },
    {
      id: 'pack',
      type: 'userTask',
      name: 'Pack the parcel',
      at: [2, 0],
      ext: '<zeebe:assignmentDefinition candidateGroups="job-worker" />',
    },
    {
      id: 'delivered',
      type: 'raw',
      tag: 'intermediateCatchEvent',
      name: 'Delivered',
      at: [3, 0],
      body: zeebe.message('Msg_delivered'),
    },
    { id: 'done', type: 'endEvent', name: 'Done', at: [4, 0] },
  ],
  flows: [
    { id: 'f1', from: 'start', to: 'charge' },
    { id: 'f2', from: 'charge', to: 'pack' },
    { id: 'f3', from: 'pack', to: 'delivered' },
    { id: 'f4', from: 'delivered', to: 'done' },
  ],
  extraRoots: zeebe.messageRoot('Msg_delivered', 'parcel-delivered', '=orderId'),
});

const refund = buildBpmn({
  id: 'camunda_client_refund',
  nodes: [
    { id: 'start', type: 'startEvent', at: [0, 0] },
    { id: 'check', type: 'serviceTask', name: 'Check refund', at: [1, 0], ext: zeebe.task('check-refund') },
    {
      id: 'refused',
      type: 'errorBoundary',
      name: 'Refused',
      at: [1, 1],
      attachedTo: 'check',
      body: zeebe.error('Err_refused'),
    },
    { id: 'wait', type: 'timerCatch', name: 'A day', at: [2, 1], body: zeebe.timer('timeDuration', 'PT24H') },
    { id: 'paid', type: 'endEvent', name: 'Paid', at: [2, 0] },
    { id: 'closed', type: 'endEvent', name: 'Closed', at: [3, 1] },
  ],
  flows: [
    { id: 'f1', from: 'start', to: 'check' },
    { id: 'f2', from: 'check', to: 'paid' },
    { id: 'f3', from: 'refused', to: 'wait' },
    { id: 'f4', from: 'wait', to: 'closed' },
  ],
  extraRoots: zeebe.errorRoot('Err_refused', 'REFUND_REFUSED'),
});

/** An invoice waiting for its payment (correlated, not published: the caller learns who took it). */
const invoice = buildBpmn({
  id: 'camunda_client_invoice',
  nodes: [
    { id: 'start', type: 'startEvent', at: [0, 0] },
    {
      id: 'paid',
      type: 'raw',
      tag: 'receiveTask',
      name: 'Paid',
      at: [1, 0],
      attrs: ' messageRef="Msg_paid"',
    },
    { id: 'closed', type: 'endEvent', at: [2, 0] },
  ],
  flows: [
    { id: 'f1', from: 'start', to: 'paid' },
    { id: 'f2', from: 'paid', to: 'closed' },
  ],
  extraRoots: zeebe.messageRoot('Msg_paid', 'invoice-paid', '=invoiceNo'),
});

/** A dinner planner: the corpus's dish-decision.dmn (unchanged) decides at a business rule task. */
const dishDmn = readFileSync(
  new URL('../fixtures/camunda/camunda-8-js-sdk/dish-decision.dmn', import.meta.url),
  'utf8',
);
const dinner = buildBpmn({
  id: 'camunda_client_dinner',
  nodes: [
    { id: 'start', type: 'startEvent', at: [0, 0] },
    {
      id: 'dish',
      type: 'raw',
      tag: 'businessRuleTask',
      name: 'Choose the dish',
      at: [1, 0],
      ext: '<zeebe:calledDecision decisionId="dish-decision" resultVariable="dish" bindingType="deployment" />',
    },
    { id: 'served', type: 'endEvent', at: [2, 0] },
  ],
  flows: [
    { id: 'f1', from: 'start', to: 'dish' },
    { id: 'f2', from: 'dish', to: 'served' },
  ],
});

describe.each(MODES)("Camunda's Node client against /v2 (%s mode)", (mode) => {
  let t: TestApp;
  let address: string;
  let token: string;
  let accountId: string;
  /** A second service account: the packing station that does the user task (not the requester). */
  let packerToken: string;
  const clients: Array<{ stop(): void }> = [];

  const camunda = (username: string, password: string) =>
    createCamundaClientLoose({
      config: {
        CAMUNDA_REST_ADDRESS: address,
        CAMUNDA_AUTH_STRATEGY: 'BASIC',
        CAMUNDA_BASIC_AUTH_USERNAME: username,
        CAMUNDA_BASIC_AUTH_PASSWORD: password,
        CAMUNDA_SDK_VALIDATION: 'res:strict',
        CAMUNDA_SDK_LOG_LEVEL: 'silent',
        CAMUNDA_SDK_HTTP_RETRY_MAX_ATTEMPTS: 1,
      } as any,
    });

  beforeAll(async () => {
    t = await startApp(mode, { platform: { workers: true, sweepEveryMs: 200 } });
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const port = (t.app.server.address() as { port: number }).port;
    address = `http://127.0.0.1:${port}`;
    const admin = await t.client('admin');
    const account = await admin.post('/api/users', {
      login: 'order-robot',
      displayName: 'Order robot',
      roles: ['job-worker', 'analyst'],
    });
    expect(account.status, JSON.stringify(account.body)).toBe(201);
    accountId = account.body.user?.id ?? account.body.id;
    const made = await admin.post(`/api/users/${accountId}/api-tokens`, { name: 'camunda client' });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    token = made.body.token;
    expect(token).toMatch(/^fma_[0-9a-f]{16}_/);
    const packer = await admin.post('/api/users', {
      login: 'packing-station',
      displayName: 'Packing',
      roles: ['job-worker'],
    });
    const packerId = packer.body.user?.id ?? packer.body.id;
    packerToken = (await admin.post(`/api/users/${packerId}/api-tokens`, { name: 'station 1' })).body.token;
  }, 120_000);
  // Closing waits for the workers' long polls to hang up, slow in the distributed mode on a busy machine.
  afterAll(async () => {
    for (const c of clients) c.stop();
    await t?.close();
  }, 120_000);

  it('deploys, starts, works the job, completes the user task, publishes the message: the instance completes', async () => {
    const client = camunda('order-robot', token);
    const topology = await client.getTopology();
    expect(topology.brokers).toHaveLength(1);

    const deployment = await client.createDeployment({
      resources: [new File([order], 'order.bpmn', { type: 'application/xml' }) as any],
    });
    expect(deployment.deployments[0]!.processDefinition).toMatchObject({
      processDefinitionId: 'camunda_client_order',
      processDefinitionVersion: 1,
      resourceName: 'order.bpmn',
    });

    const charged: string[] = [];
    const worker = client.createJobWorker({
      jobType: 'charge-card',
      maxParallelJobs: 2,
      jobTimeoutMs: 30_000,
      pollIntervalMs: 50,
      jobHandler: (job: any) => {
        charged.push(job.variables.orderId);
        return job.complete({ chargedAmount: job.variables.amount });
      },
    } as any);
    clients.push(worker);

    const started = await client.createProcessInstance({
      processDefinitionId: 'camunda_client_order',
      variables: { orderId: 'A-1001', amount: '42.50' },
    } as any);
    expect(started.processInstanceKey).toMatch(/^\d+$/);
    const instanceKey = started.processInstanceKey;

    let tasks: any[] = [];
    await waitFor(
      async () => {
        tasks = (
          await client.searchUserTasks(
            { filter: { processInstanceKey: instanceKey, state: 'CREATED' } } as any,
            NOW,
          )
        ).items;
        return tasks.length === 1;
      },
      45_000,
      'the user task after the job',
    );
    expect(charged).toEqual(['A-1001']);
    expect(tasks[0]).toMatchObject({
      elementId: 'pack',
      name: 'Pack the parcel',
      candidateGroups: ['job-worker'],
    });
    // The account that started the order is its requester and may not do its own approval step
    // (the approvals layer's rule holds on /v2 too); the packing station, a candidate, may.
    await expect(
      client.completeUserTask({ userTaskKey: tasks[0].userTaskKey, variables: { parcels: 9 } } as any),
    ).rejects.toMatchObject({ status: 403 });
    const station = camunda('packing-station', packerToken);
    await station.completeUserTask({ userTaskKey: tasks[0].userTaskKey, variables: { parcels: 2 } } as any);

    // The instance waits for the message now; publishing it with its correlation key continues it.
    await waitFor(
      async () => {
        const vars = await client.searchVariables(
          { filter: { processInstanceKey: instanceKey } } as any,
          NOW,
        );
        return vars.items.some((v: any) => v.name === 'parcels');
      },
      45_000,
      'the task’s variables',
    );
    const published = await client.publishMessage({
      name: 'parcel-delivered',
      correlationKey: 'A-1001',
      variables: { deliveredTo: 'front desk' },
      timeToLive: 60_000,
    } as any);
    expect(published.messageKey).toMatch(/^\d+$/);

    await waitFor(
      async () =>
        (await client.getProcessInstance({ processInstanceKey: instanceKey } as any, NOW)).state ===
        'COMPLETED',
      45_000,
      'the instance to complete',
    );
    const vars = await client.searchVariables({ filter: { processInstanceKey: instanceKey } } as any, NOW);
    const values = Object.fromEntries(vars.items.map((v: any) => [v.name, JSON.parse(v.value)]));
    expect(values).toMatchObject({
      orderId: 'A-1001',
      chargedAmount: '42.50',
      parcels: 2,
      deliveredTo: 'front desk',
    });
    const found = await client.searchProcessInstances(
      {
        filter: { processDefinitionId: 'camunda_client_order', state: 'COMPLETED' },
      } as any,
      NOW,
    );
    expect(found.items.map((i: any) => i.processInstanceKey)).toEqual([instanceKey]);

    // Every action is on the audit log under the service account.
    const audit = await (await t.client('admin')).get(`/api/audit?actor=${accountId}&limit=100`);
    const actions = (audit.body.items ?? []).map((e: any) => e.action);
    expect(actions).toEqual(
      expect.arrayContaining([
        'flow.deploy',
        'instance.start',
        'job.activate',
        'job.complete',
        'message.publish',
      ]),
    );
  }, 150_000);

  it("a worker's BPMN error is caught by the boundary event; failing with no retries is an incident; the pinned clock runs a day-long timer", async () => {
    const client = camunda('order-robot', token);
    await client.createDeployment({
      resources: [new File([refund], 'refund.bpmn', { type: 'application/xml' }) as any],
    });
    const worker = client.createJobWorker({
      jobType: 'check-refund',
      maxParallelJobs: 2,
      jobTimeoutMs: 30_000,
      pollIntervalMs: 50,
      jobHandler: (job: any) =>
        job.variables.bankOffline
          ? job.fail({ errorMessage: 'the bank is offline', retries: 0 })
          : job.error({ errorCode: 'REFUND_REFUSED', errorMessage: 'bought over a year ago' }),
    } as any);
    clients.push(worker);
    const refused = (
      await client.createProcessInstance({ processDefinitionId: 'camunda_client_refund' } as any)
    ).processInstanceKey;
    const stuck = (
      await client.createProcessInstance({
        processDefinitionId: 'camunda_client_refund',
        variables: { bankOffline: true },
      } as any)
    ).processInstanceKey;

    // The error went to the boundary event: the instance waits a day at the timer.
    const doc = async (key: string) => (await t.app.services.flows.runtime.instances.find({ key })).items[0]!;
    await waitFor(
      async () => (await doc(refused)).activeElementIds?.includes('wait') ?? false,
      45_000,
      'the timer',
    );
    // The other failed with no retries left: an incident, in Camunda's shape (for whoever may read
    // incidents: an administrator's token here — the job-worker role may not).
    await expect(client.searchIncidents({} as any, NOW)).rejects.toMatchObject({ status: 403 });
    const admin = await t.client('admin');
    const me = (await admin.get('/api/auth/me')).body;
    const adminToken = (await admin.post(`/api/users/${me.user?.id ?? me.id}/api-tokens`, { name: 'clock' }))
      .body.token;
    const operator = camunda(me.user?.login ?? me.login, adminToken);
    let incidents: any[] = [];
    await waitFor(
      async () => {
        incidents = (await operator.searchIncidents({ filter: { processInstanceKey: stuck } } as any, NOW))
          .items;
        return incidents.length === 1;
      },
      45_000,
      'the incident',
    );
    expect(incidents[0]).toMatchObject({
      errorType: 'JOB_NO_RETRIES',
      errorMessage: 'the bank is offline',
      elementId: 'check',
      state: 'ACTIVE',
      processInstanceKey: stuck,
    });
    expect((await client.getProcessInstance({ processInstanceKey: stuck } as any, NOW)).hasIncident).toBe(
      true,
    );

    // The job-worker account may not move the clock; an administrator may (test installations).
    await expect(client.pinClock({ timestamp: Date.now() } as any)).rejects.toMatchObject({
      status: 403,
      title: 'FORBIDDEN',
    });
    await operator.pinClock({ timestamp: Date.now() + 25 * 3600_000 } as any);
    try {
      await waitFor(
        async () =>
          (await client.getProcessInstance({ processInstanceKey: refused } as any, NOW)).state ===
          'COMPLETED',
        45_000,
        'the timer to fire under the pinned clock',
      );
    } finally {
      await operator.resetClock();
    }
    expect((await doc(refused)).activeElementIds ?? []).toEqual([]);
    const history = await t.app.services.flows.getHistory((await doc(refused)).id);
    expect(history.map((h) => h.elementId)).toContain('closed');
  }, 150_000);

  it('deploys a decision table beside the model that calls it; the business rule task decides', async () => {
    const client = camunda('order-robot', token);
    const deployment = await client.createDeployment({
      resources: [
        new File([dinner], 'dinner.bpmn', { type: 'application/xml' }) as any,
        new File([dishDmn], 'dish-decision.dmn', { type: 'application/xml' }) as any,
      ],
    });
    const items = deployment.deployments;
    expect(items.find((d: any) => d.processDefinition)?.processDefinition).toMatchObject({
      processDefinitionId: 'camunda_client_dinner',
      resourceName: 'dinner.bpmn',
    });
    const decision = items.find((d: any) => d.decisionDefinition)?.decisionDefinition;
    const drg = items.find((d: any) => d.decisionRequirements)?.decisionRequirements;
    expect(decision).toMatchObject({
      decisionDefinitionId: 'dish-decision',
      name: 'Dish Decision',
      version: 1,
      decisionRequirementsKey: drg?.decisionRequirementsKey,
    });
    expect(drg).toMatchObject({ resourceName: 'dish-decision.dmn', version: 1 });

    // FIRST hit policy: a summer party of 20 matches two rules; the first gives the dish.
    const started = await client.createProcessInstance({
      processDefinitionId: 'camunda_client_dinner',
      variables: { season: 'Summer', guestCount: 20 },
    } as any);
    await waitFor(
      async () =>
        (await client.getProcessInstance({ processInstanceKey: started.processInstanceKey } as any, NOW))
          .state === 'COMPLETED',
      45_000,
      'the dinner to be decided',
    );
    const vars = await client.searchVariables(
      { filter: { processInstanceKey: started.processInstanceKey } } as any,
      NOW,
    );
    expect(vars.items.find((v: any) => v.name === 'dish')?.value).toBe('"Light Salad and a nice Steak"');

    // A broken table is refused with its problem, and nothing of that deployment is deployed.
    const broken = dishDmn.replace('<text>&lt;= 8</text>', '<text>&lt;=</text>');
    await expect(
      client.createDeployment({
        resources: [
          new File(
            [dinner.replace('camunda_client_dinner', 'camunda_client_dinner_2')],
            'dinner2.bpmn',
          ) as any,
          new File([broken], 'dish-decision.dmn') as any,
        ],
      }),
    ).rejects.toMatchObject({ status: 422 });
    const admin = await t.client('admin');
    expect((await admin.get('/api/flows/camunda_client_dinner_2')).status).toBe(404);
  }, 60_000);

  it('correlates a message to the instance waiting for it (404 when none waits); broadcasts a signal', async () => {
    const client = camunda('order-robot', token);
    await client.createDeployment({
      resources: [new File([invoice], 'invoice.bpmn', { type: 'application/xml' }) as any],
    });
    const key = (
      await client.createProcessInstance({
        processDefinitionId: 'camunda_client_invoice',
        variables: { invoiceNo: 'INV-7' },
      } as any)
    ).processInstanceKey;
    const doc = async () => (await t.app.services.flows.runtime.instances.find({ key })).items[0]!;
    await waitFor(async () => (await doc()).activeElementIds?.includes('paid') ?? false, 45_000, 'the wait');
    const correlated = await client.correlateMessage({
      name: 'invoice-paid',
      correlationKey: 'INV-7',
      variables: { paidAmount: '99.10' },
    } as any);
    expect(correlated).toMatchObject({ processInstanceKey: key, tenantId: '<default>' });
    await waitFor(
      async () =>
        (await client.getProcessInstance({ processInstanceKey: key } as any, NOW)).state === 'COMPLETED',
      45_000,
      'the invoice to close',
    );
    expect((await doc()).variables).toMatchObject({ invoiceNo: 'INV-7', paidAmount: '99.10' });
    await expect(
      client.correlateMessage({ name: 'invoice-paid', correlationKey: 'INV-7' } as any),
    ).rejects.toMatchObject({ status: 404, title: 'NOT_FOUND' });

    // A signal (the corpus's Red-Tenant-Process.bpmn, unchanged) reaches the instance waiting for it.
    const redTenant = readFileSync(
      new URL('../fixtures/camunda/camunda-8-js-sdk/Red-Tenant-Process.bpmn', import.meta.url),
    );
    await client.createDeployment({ resources: [new File([redTenant], 'Red-Tenant-Process.bpmn') as any] });
    const red = (await client.createProcessInstance({ processDefinitionId: 'red-tenant' } as any))
      .processInstanceKey;
    const redDoc = async () => (await t.app.services.flows.runtime.instances.find({ key: red })).items[0]!;
    await waitFor(
      async () => (await redDoc()).activeElementIds?.includes('Event_0mvf9yu') ?? false,
      45_000,
      'the signal wait',
    );
    const broadcast = await client.broadcastSignal({
      signalName: 'red-tenant-signal',
      variables: { colour: 'red' },
    } as any);
    expect(broadcast.signalKey).toMatch(/^\d+$/);
    await waitFor(
      async () =>
        (await client.getProcessInstance({ processInstanceKey: red } as any, NOW)).state === 'COMPLETED',
      45_000,
      'the signal to end it',
    );
    expect((await redDoc()).variables).toMatchObject({ colour: 'red' });
  }, 60_000);

  it("refuses in Camunda's problem-detail shape: no or wrong credentials, a revoked token, an unknown key", async () => {
    const problem = async (res: Response) => ({
      status: res.status,
      type: res.headers.get('content-type'),
      body: (await res.json()) as any,
    });
    const none = await problem(await fetch(`${address}/v2/topology`));
    expect(none.status).toBe(401);
    expect(none.type).toContain('application/problem+json');
    expect(none.body).toMatchObject({ title: 'UNAUTHORIZED', status: 401, code: 'UNAUTHENTICATED' });
    expect(none.body.detailZh).toBeTruthy();
    // The token alone, as a bearer token, works too; a wrong one does not.
    const bearer = await fetch(`${address}/v2/topology`, { headers: { authorization: `Bearer ${token}` } });
    expect(bearer.status).toBe(200);
    const wrong = await problem(
      await fetch(`${address}/v2/topology`, { headers: { authorization: `Bearer ${token.slice(0, -2)}xx` } }),
    );
    expect(wrong.body).toMatchObject({ status: 401, code: 'API_TOKEN_INVALID' });
    // The right token under another account's login is refused.
    await expect(camunda('packing-station', token).getTopology()).rejects.toMatchObject({ status: 401 });

    const client = camunda('order-robot', token);
    await expect(
      client.getProcessInstance({ processInstanceKey: '4503599627370497' } as any, NOW),
    ).rejects.toMatchObject({ status: 404, title: 'NOT_FOUND' });

    // Revoked: refused from the next request on.
    const admin = await t.client('admin');
    const list = await admin.get(`/api/users/${accountId}/api-tokens`);
    expect(list.body.items.map((i: any) => i.name)).toEqual(['camunda client']);
    expect(JSON.stringify(list.body)).not.toContain(token.split('_')[2]);
    const revoked = await admin.delete(`/api/users/${accountId}/api-tokens/${list.body.items[0].id}`);
    expect(revoked.status).toBe(200);
    expect(revoked.body.revokedAt).toBeTruthy();
    await expect(client.getTopology()).rejects.toMatchObject({ status: 401 });
  }, 30_000);
});
