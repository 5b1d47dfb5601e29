// External job workers over HTTP in both run modes: a service task whose type is no platform
// action becomes a job that a plain HTTP worker (tests/support/http-worker.ts, a real socket)
// activates by long polling, completes with variables, fails with retries and back-off (none
// left: an incident an admin sees and retries), or answers with a BPMN error that an error
// boundary event catches. A lock that expires is offered again; the first worker's late
// completion is then refused once the second completed it. Queue health names the types no
// worker asks for, and deploying such a type warns.
/* eslint-disable @typescript-eslint/no-explicit-any -- replies are JSON that tests read freely */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '#engine/ports/clock.ts';
import { buildBpmn, zeebe } from '../support/bpmn-builder.ts';
import { MODES, startApp, type TestApp } from '../support/app-harness.ts';
import { httpApi, runWorker, type HttpApi } from '../support/http-worker.ts';
import { waitFor } from '../support/wait-for.ts';

const order = buildBpmn({
  id: 'jobs_order',
  name: 'Order with external workers',
  nodes: [
    { id: 'start', type: 'startEvent', at: [0, 0] },
    {
      id: 'credit',
      type: 'serviceTask',
      name: 'Check credit',
      at: [1, 0],
      ext: zeebe.task('credit-check', 3) + zeebe.headers({ bureau: 'acme' }),
    },
    {
      id: 'rejected',
      type: 'errorBoundary',
      name: 'Rejected',
      at: [1, 1],
      attachedTo: 'credit',
      body: zeebe.error('Err_rejected'),
    },
    { id: 'ship', type: 'serviceTask', name: 'Ship', at: [2, 0], ext: zeebe.task('=shipper') },
    { id: 'done', type: 'endEvent', name: 'Shipped', at: [3, 0] },
    { id: 'refused', type: 'endEvent', name: 'Refused', at: [2, 1] },
  ],
  flows: [
    { id: 'f1', from: 'start', to: 'credit' },
    { id: 'f2', from: 'credit', to: 'ship' },
    { id: 'f3', from: 'ship', to: 'done' },
    { id: 'f4', from: 'rejected', to: 'refused' },
  ],
  extraRoots: zeebe.errorRoot('Err_rejected', 'CREDIT_REJECTED'),
});

const lonely = buildBpmn({
  id: 'jobs_lonely',
  nodes: [
    { id: 'start', type: 'startEvent', at: [0, 0] },
    {
      id: 'wait',
      type: 'serviceTask',
      name: 'Nobody works this',
      at: [1, 0],
      ext: zeebe.task('nobody-home'),
    },
    { id: 'end', type: 'endEvent', at: [2, 0] },
  ],
  flows: [
    { id: 'f1', from: 'start', to: 'wait' },
    { id: 'f2', from: 'wait', to: 'end' },
  ],
});

describe.each(MODES)('external job workers over HTTP (%s mode)', (mode) => {
  let t: TestApp;
  let api: HttpApi;
  const clock = new ManualClock(Date.now());
  beforeAll(async () => {
    t = await startApp(mode, { platform: { clock, sweepEveryMs: 0 } });
    api = await httpApi(t.app, (await t.client('admin')).cookie);
  }, 120_000);
  afterAll(() => t?.close());

  const start = async (variables: Record<string, unknown>) => {
    const res = await (
      await t.client('admin')
    ).post('/api/instances', { processId: 'jobs_order', variables });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body.id as string;
  };
  const instance = async (id: string) => (await (await t.client('admin')).get(`/api/instances/${id}`)).body;

  it('deploys a model with job types no worker asked for: warned, not refused', async () => {
    const res = await api.post('/api/flows', { xml: order });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.warnings.map((w: any) => [w.code, w.type, w.elementIds])).toEqual([
      ['JOB_TYPE_NO_WORKER', 'credit-check', ['credit']],
    ]);
    expect(res.body.warnings[0].messageZh).toContain('credit-check');
  });

  it('a long-polling worker is woken by a new job; variables flow in and out, FEEL job types work', async () => {
    // The activation waits before the instance exists: the job's creation wakes it.
    const waiting = api.post('/api/jobs/activate', {
      type: 'credit-check',
      worker: 'credit-1',
      maxJobsToActivate: 2,
      timeout: 60_000,
      requestTimeout: 20_000,
    });
    const id = await start({ customer: 'c-7', amount: 120, shipper: 'parcel-co' });
    const activated = await waiting;
    expect(activated.status).toBe(200);
    const [job] = activated.body.jobs;
    expect(job).toMatchObject({
      type: 'credit-check',
      elementId: 'credit',
      processDefinitionId: 'jobs_order',
      processDefinitionVersion: 1,
      customHeaders: { bureau: 'acme' },
      worker: 'credit-1',
      retries: 3,
      variables: { customer: 'c-7', amount: 120, shipper: 'parcel-co' },
    });
    expect(job.jobKey).toMatch(/^\d{23}$/);
    expect(job.processInstanceKey).toBe(job.jobKey.slice(0, 16));
    expect(job.deadline).toBe(clock.now() + 60_000);
    expect((await api.post(`/api/jobs/${job.jobKey}/complete`, { variables: { score: 710 } })).status).toBe(
      204,
    );
    // The second task's type is FEEL (=shipper); the worker fetches one variable only.
    const shipping = await api.post('/api/jobs/activate', {
      type: 'parcel-co',
      maxJobsToActivate: 1,
      timeout: 10_000,
      fetchVariable: ['score'],
      requestTimeout: 5000,
    });
    expect(shipping.body.jobs.map((j: any) => [j.elementId, j.variables])).toEqual([
      ['ship', { score: 710 }],
    ]);
    await api.post(`/api/jobs/${shipping.body.jobs[0].jobKey}/complete`, { variables: { tracking: 'T-1' } });
    const done = await instance(id);
    expect(done.status).toBe('completed');
    expect(done.variables).toMatchObject({ score: 710, tracking: 'T-1' });
    // Completing again: the job is gone (Camunda answers NOT_FOUND).
    const again = await api.post(`/api/jobs/${job.jobKey}/complete`, {});
    expect([again.status, again.body.error.code]).toEqual([404, 'JOB_NOT_FOUND']);
  });

  it.runIf(mode === 'distributed')(
    'a worker long-polling another API replica gets a job made by this one (store polling)',
    async () => {
      const replica = await t.replica();
      const other = await httpApi(replica, (await t.client('admin')).cookie);
      const waiting = other.post('/api/jobs/activate', {
        type: 'credit-check',
        maxJobsToActivate: 1,
        timeout: 10_000,
        requestTimeout: 15_000,
      });
      await new Promise((r) => setTimeout(r, 300));
      const id = await start({ shipper: 'parcel-co' });
      const began = Date.now();
      const got = await waiting;
      expect(got.body.jobs.map((j: any) => j.processInstanceId)).toEqual([id]);
      expect(Date.now() - began).toBeLessThan(5000);
      await (await t.client('admin')).post(`/api/instances/${id}/cancel`, {});
    },
  );

  it('a BPMN error thrown by a worker is caught by the error boundary event with its variables', async () => {
    const id = await start({ customer: 'c-8', shipper: 'parcel-co' });
    const worker = runWorker(api, 'credit-check', () => ({
      error: { errorCode: 'CREDIT_REJECTED', errorMessage: 'too much debt', variables: { reason: 'debt' } },
    }));
    await waitFor(async () => (await instance(id)).status === 'completed', 15_000);
    await worker.stop();
    expect(worker.handled.map((h) => h.status)).toEqual([204]);
    const done = await instance(id);
    expect(done.variables.reason).toBe('debt');
    const path = done.history.filter((h: any) => h.type === 'element.completed').map((h: any) => h.elementId);
    expect(path).toEqual(['start', 'rejected', 'refused']);
    // An error code nobody catches stops the instance on an incident (as Zeebe does).
    const id2 = await start({ customer: 'c-9', shipper: 'parcel-co' });
    const jobs = await api.post('/api/jobs/activate', {
      type: 'credit-check',
      maxJobsToActivate: 1,
      timeout: 10_000,
      requestTimeout: 5000,
    });
    const job = jobs.body.jobs[0];
    expect(job.processInstanceId).toBe(id2);
    expect((await api.post(`/api/jobs/${job.jobKey}/error`, { errorCode: 'NO_SUCH_CODE' })).status).toBe(204);
    const stuck = await instance(id2);
    expect(stuck.incidents.map((i: any) => [i.kind, i.errorCode])).toEqual([
      ['unhandled-error', 'NO_SUCH_CODE'],
    ]);
    await (await t.client('admin')).post(`/api/instances/${id2}/cancel`, {});
  });

  it('fails with retries and back-off, then an incident the admin sees and retries', async () => {
    const id = await start({ customer: 'c-10', shipper: 'parcel-co' });
    const first = (
      await api.post('/api/jobs/activate', { type: 'credit-check', maxJobsToActivate: 1, timeout: 10_000 })
    ).body.jobs[0];
    expect(first.processInstanceId).toBe(id);
    const failed = await api.post(`/api/jobs/${first.jobKey}/fail`, {
      retries: 2,
      errorMessage: 'bureau offline',
      retryBackOff: 60_000,
    });
    expect(failed.status).toBe(204);
    // Within the back-off nothing is offered; after it, the same job with 2 retries left.
    const early = await api.post('/api/jobs/activate', {
      type: 'credit-check',
      maxJobsToActivate: 1,
      timeout: 10_000,
      requestTimeout: -1,
    });
    expect(early.body.jobs).toEqual([]);
    clock.advance(61_000);
    const second = (
      await api.post('/api/jobs/activate', { type: 'credit-check', maxJobsToActivate: 1, timeout: 10_000 })
    ).body.jobs[0];
    expect([second.jobKey, second.retries]).toEqual([first.jobKey, 2]);
    // No retries left: an incident, listed among the others for administrators.
    await api.post(`/api/jobs/${second.jobKey}/fail`, { retries: 0, errorMessage: 'bureau gone' });
    const admin = await t.client('admin');
    const incidents = (await admin.get(`/api/incidents?instanceId=${id}`)).body.items;
    expect(incidents.map((i: any) => [i.kind, i.elementId, i.message])).toEqual([
      ['job-failed', 'credit', 'bureau gone'],
    ]);
    // The job waits on the incident: completing it now is the wrong state (409).
    const late = await api.post(`/api/jobs/${second.jobKey}/complete`, {});
    expect([late.status, late.body.error.code]).toEqual([409, 'JOB_NOT_ACTIVATABLE']);
    // Retrying the incident offers the job again, same key, retries renewed.
    expect((await admin.post(`/api/incidents/${id}/${incidents[0].id}/retry`, {})).status).toBe(200);
    const third = (
      await api.post('/api/jobs/activate', { type: 'credit-check', maxJobsToActivate: 1, timeout: 10_000 })
    ).body.jobs[0];
    expect([third.jobKey, third.retries]).toEqual([first.jobKey, 3]);
    await api.post(`/api/jobs/${third.jobKey}/complete`, { variables: { score: 600 } });
    expect(
      (await instance(id)).activeElementIds ?? (await instance(id)).tokens.map((x: any) => x.elementId),
    ).toEqual(['ship']);
    await admin.post(`/api/instances/${id}/cancel`, {});
  });

  it('an expired lock is offered again; the first worker’s late completion is then refused', async () => {
    const id = await start({ customer: 'c-11', shipper: 'parcel-co' });
    const slow = (
      await api.post('/api/jobs/activate', {
        type: 'credit-check',
        worker: 'slow',
        maxJobsToActivate: 1,
        timeout: 5000,
      })
    ).body.jobs[0];
    expect(slow.processInstanceId).toBe(id);
    const none = await api.post('/api/jobs/activate', {
      type: 'credit-check',
      maxJobsToActivate: 1,
      timeout: 5000,
      requestTimeout: -1,
    });
    expect(none.body.jobs).toEqual([]);
    clock.advance(6000);
    // The sweeper releases it (idempotently: twice changes nothing more).
    expect(await t.platform.services.jobs.sweep()).toBe(1);
    expect(await t.platform.services.jobs.sweep()).toBe(0);
    const fast = (
      await api.post('/api/jobs/activate', {
        type: 'credit-check',
        worker: 'fast',
        maxJobsToActivate: 1,
        timeout: 5000,
      })
    ).body.jobs[0];
    expect([fast.jobKey, fast.worker]).toEqual([slow.jobKey, 'fast']);
    expect((await api.post(`/api/jobs/${fast.jobKey}/complete`, { variables: { by: 'fast' } })).status).toBe(
      204,
    );
    const late = await api.post(`/api/jobs/${slow.jobKey}/complete`, { variables: { by: 'slow' } });
    expect([late.status, late.body.error.code]).toEqual([404, 'JOB_NOT_FOUND']);
    expect((await instance(id)).variables.by).toBe('fast');
    await (await t.client('admin')).post(`/api/instances/${id}/cancel`, {});
  });

  it('queue health names the job types no worker asks for; employees may not work jobs', async () => {
    const admin = await t.client('admin');
    expect((await admin.post('/api/flows', { xml: lonely })).body.warnings[0].type).toBe('nobody-home');
    await admin.post('/api/instances', { processId: 'jobs_lonely' });
    clock.advance(6 * 60_000);
    const health = (await admin.get('/api/admin/queues')).body;
    const byType = Object.fromEntries(health.jobTypes.map((j: any) => [j.type, j]));
    expect(byType['nobody-home']).toMatchObject({ waiting: 1, noWorker: true });
    expect(byType['nobody-home'].lastRequestAt).toBeUndefined();
    // A type whose worker asks regularly is not flagged even with a job waiting.
    const id = await start({ shipper: 'parcel-co' });
    await api.post('/api/jobs/activate', {
      type: 'credit-check',
      maxJobsToActivate: 0 + 1,
      timeout: 1,
      requestTimeout: -1,
    });
    const after = (await admin.get('/api/admin/queues')).body.jobTypes.find(
      (j: any) => j.type === 'credit-check',
    );
    expect(after.noWorker).toBe(false);
    expect(after.lastRequestAt).toBeDefined();
    await admin.post(`/api/instances/${id}/cancel`, {});
    const employee = await t.client('employee');
    const refused = await employee.post('/api/jobs/activate', {
      type: 'credit-check',
      maxJobsToActivate: 1,
      timeout: 1,
    });
    expect([refused.status, refused.body.error.code]).toEqual([403, 'FORBIDDEN']);
    const bad = await api.post('/api/jobs/activate', { type: 'credit-check', maxJobsToActivate: 1 });
    expect(bad.status).toBe(400);
  });
});
