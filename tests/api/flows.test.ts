// The flow engine's HTTP API in both run modes: deploying BPMN (XML or JSON; every
// problem at once with element id and name in English and Chinese), versions with instance
// counts, instances (start, list, get, history, cancel) and incidents (list, retry, resolve with
// new variables, cancel).
/* eslint-disable @typescript-eslint/no-explicit-any -- replies are JSON that tests read freely */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildBpmn, zeebe } from '../support/bpmn-builder.ts';
import { MODES } from '../support/app-harness.ts';
import { waitFor } from '../support/wait-for.ts';
import { fixtureXml, startApprovalsApp, type ApprovalsApp } from './approvals-fixtures/support.ts';

// The test actions (test.fail) let a service task fail on purpose.
process.env.FORMA_TEST_ACTIONS = '1';

const simple = (version: string) =>
  buildBpmn({
    id: 'api_simple',
    name: `Simple ${version}`,
    nodes: [
      { id: 'start', type: 'startEvent', at: [0, 0] },
      {
        id: 'review',
        type: 'userTask',
        name: 'Review',
        at: [1, 0],
        ext: zeebe.assignee('=manager(requester)'),
      },
      { id: 'end', type: 'endEvent', at: [2, 0] },
    ],
    flows: [
      { id: 'f1', from: 'start', to: 'review' },
      { id: 'f2', from: 'review', to: 'end' },
    ],
  });

const failing = buildBpmn({
  id: 'api_failing',
  name: 'Failing service',
  nodes: [
    { id: 'start', type: 'startEvent', at: [0, 0] },
    { id: 'call', type: 'serviceTask', name: 'Call the bank', at: [1, 0], ext: zeebe.task('test.fail', 1) },
    { id: 'end', type: 'endEvent', at: [2, 0] },
  ],
  flows: [
    { id: 'f1', from: 'start', to: 'call' },
    { id: 'f2', from: 'call', to: 'end' },
  ],
});

const broken = buildBpmn({
  id: 'api_broken',
  name: 'Broken',
  nodes: [
    { id: 'start', type: 'startEvent', at: [0, 0] },
    { id: 'call', type: 'raw', tag: 'complexGateway', name: 'Sub flow', at: [1, 0] },
    { id: 'pay', type: 'serviceTask', name: 'Pay', at: [2, 0], ext: zeebe.task('no.such.action') },
    { id: 'gw', type: 'exclusiveGateway', name: 'Big?', at: [3, 0] },
    {
      id: 'sign',
      type: 'userTask',
      name: 'Sign',
      at: [4, 0],
      ext: zeebe.headers({ approvalMode: 'majority' }),
    },
    { id: 'end', type: 'endEvent', at: [5, 0] },
  ],
  flows: [
    { id: 'f1', from: 'start', to: 'call' },
    { id: 'f2', from: 'call', to: 'pay' },
    { id: 'f3', from: 'pay', to: 'gw' },
    { id: 'f4', from: 'gw', to: 'sign', condition: '=(amount > 5' },
    { id: 'f5', from: 'sign', to: 'end' },
  ],
});

describe.each(MODES)('flows API (%s mode)', (mode) => {
  let t: ApprovalsApp;
  beforeAll(async () => {
    t = await startApprovalsApp(mode, { deploy: [] });
  }, 120_000);
  afterAll(() => t?.close());

  it('deploys BPMN as XML or JSON; the same XML again is no new version, a change is', async () => {
    const analyst = await t.as('zhou.jie');
    const first = await analyst.request({
      method: 'POST',
      url: '/api/flows',
      headers: { 'content-type': 'application/xml' },
      payload: simple('v1'),
    });
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    expect(first.body).toMatchObject({
      processId: 'api_simple',
      version: 1,
      name: 'Simple v1',
      duplicate: false,
      deployedBy: 'zhou.jie',
    });
    const again = await analyst.post('/api/flows', { xml: simple('v1') });
    expect([again.status, again.body.version, again.body.duplicate]).toEqual([200, 1, true]);
    const second = await analyst.post('/api/flows', { xml: simple('v2') });
    expect([second.status, second.body.version]).toEqual([201, 2]);
    const listed = (await analyst.get('/api/flows')).body.items.find(
      (d: any) => d.processId === 'api_simple',
    );
    expect(listed).toMatchObject({ version: 2, versions: 2, name: 'Simple v2' });
    expect((await analyst.get('/api/flows/api_simple')).body.xml).toBe(simple('v2'));
    expect((await analyst.get('/api/flows/api_simple/versions/1')).body).toMatchObject({
      version: 1,
      xml: simple('v1'),
    });
    expect((await analyst.get('/api/flows/api_simple/versions/9')).body.error.code).toBe(
      'FLOW_DEFINITION_NOT_FOUND',
    );
    const plain = await analyst.request({
      method: 'POST',
      url: '/api/flows',
      headers: { 'content-type': 'text/plain' },
      payload: 'not xml',
    });
    expect([plain.status, plain.body.error.details[0].code]).toEqual([422, 'XML_INVALID']);
    const json = await analyst.request({
      method: 'POST',
      url: '/api/flows',
      headers: { 'content-type': 'image/png' },
      payload: 'x',
    });
    expect(json.status).toBe(415);
    expect((await t.audit('flow.deploy')).filter((a) => a.details?.processId === 'api_simple')).toHaveLength(
      2,
    );
  });

  it('reports every problem of a definition at once, naming each element, and deploys nothing', async () => {
    const analyst = await t.as('zhou.jie');
    const res = await analyst.request({
      method: 'POST',
      url: '/api/flows',
      headers: { 'content-type': 'text/xml' },
      payload: broken,
    });
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe('FLOW_DEFINITION_INVALID');
    const details = res.body.error.details as any[];
    const byElement = Object.fromEntries(details.map((d) => [d.elementId, d]));
    expect(byElement.call).toMatchObject({
      code: 'UNSUPPORTED_ELEMENT',
      elementName: 'Sub flow',
      path: '/elements/call',
    });
    // A type that is no platform action is a job for an external worker: not a problem.
    expect(byElement.pay).toBeUndefined();
    expect(byElement.sign).toMatchObject({ code: 'APPROVAL_HEADER_INVALID', elementName: 'Sign' });
    expect(byElement.sign.message).toContain('approvalMode');
    expect(byElement.sign.messageZh).toContain('任务头');
    expect(details.some((d) => d.elementId === 'f4' || d.message.includes('amount > 5'))).toBe(true);
    for (const d of details) {
      expect(d.message).toMatch(/\S/);
      expect(d.messageZh).toMatch(/\S/);
    }
    expect((await analyst.get('/api/flows/api_broken')).status).toBe(404);
    const checked = await analyst.post('/api/flows/validate', { xml: broken });
    expect(checked.body.ok).toBe(false);
    expect(checked.body.problems.map((p: any) => p.code)).toEqual(details.map((d) => d.code));
    expect((await analyst.post('/api/flows/validate', { xml: simple('v1') })).body).toEqual({
      ok: true,
      problems: [],
    });
    // Employees neither deploy nor look at definitions.
    expect((await (await t.as('zheng.xin')).post('/api/flows', { xml: simple('v3') })).status).toBe(403);
  });

  it('instances stay on their version; versions list their instance counts', async () => {
    const analyst = await t.as('zhou.jie');
    const admin = await t.as('qian.admin');
    // Version 2 is the latest; an explicit version 1 still starts.
    const onV1 = (
      await analyst.post('/api/instances', { processId: 'api_simple', version: 1, businessKey: 'PO-1' })
    ).body;
    const onV2 = (
      await analyst.post('/api/instances', {
        processId: 'api_simple',
        variables: { requester: { id: 'chen.wei' } },
      })
    ).body;
    expect([onV1.version, onV2.version]).toEqual([1, 2]);
    // The requester is who calls, whatever the variables claim.
    expect(onV2.variables.requester).toMatchObject({
      id: 'zhou.jie',
      department: 'operations',
      manager: 'wu.hao',
    });
    expect(onV2.openTasks).toEqual([expect.objectContaining({ assignee: 'wu.hao', name: 'Review' })]);
    const cancelled = await admin.post(`/api/instances/${onV1.id}/cancel`, { reason: 'test' });
    expect(cancelled.body.status).toBe('cancelled');
    const twice = await admin.post(`/api/instances/${onV1.id}/cancel`, {});
    expect([twice.status, twice.body.error.code]).toEqual([409, 'FLOW_INSTANCE_NOT_ACTIVE']);
    const versions = (await analyst.get('/api/flows/api_simple/versions')).body.items;
    expect(versions.map((v: any) => [v.version, v.instances])).toEqual([
      [1, { active: 0, completed: 0, cancelled: 1 }],
      [2, { active: 1, completed: 0, cancelled: 0 }],
    ]);
    const listed = (await analyst.get('/api/instances?processId=api_simple&status=cancelled')).body.items;
    expect(listed.map((i: any) => [i.id, i.businessKey])).toEqual([[onV1.id, 'PO-1']]);
    expect(
      (await analyst.get(`/api/instances?processId=api_simple&elementId=review`)).body.items.map(
        (i: any) => i.id,
      ),
    ).toEqual([onV2.id]);
    expect((await t.audit('instance.cancel', onV1.id))[0]).toMatchObject({ actor: { userId: 'qian.admin' } });
  });

  it('one instance is visible to its participants and to readers of all instances only', async () => {
    const analyst = await t.as('zhou.jie');
    const inst = (await analyst.post('/api/instances', { processId: 'api_simple' })).body;
    const asManager = await (await t.as('wu.hao')).get(`/api/instances/${inst.id}`);
    expect(asManager.status).toBe(200);
    expect(asManager.body.tokens.map((tk: any) => tk.elementId)).toEqual(['review']);
    expect((await (await t.as('li.lei')).get(`/api/instances/${inst.id}`)).status).toBe(404);
    expect((await (await t.as('li.lei')).get(`/api/instances/${inst.id}/history`)).status).toBe(404);
    const history = (await analyst.get(`/api/instances/${inst.id}/history?elementId=review`)).body.items;
    expect(history.map((h: any) => h.type)).toEqual(['element.activated']);
    expect((await (await t.as('zheng.xin')).post('/api/instances', { processId: 'api_simple' })).status).toBe(
      201,
    );
  });

  it('incidents: a failed service task is listed, retried, resolved with new variables, or cancelled', async () => {
    const analyst = await t.as('zhou.jie');
    const admin = await t.as('qian.admin');
    expect((await analyst.post('/api/flows', { xml: failing })).status).toBe(201);
    const a = (await analyst.post('/api/instances', { processId: 'api_failing' })).body;
    const b = (await analyst.post('/api/instances', { processId: 'api_failing' })).body;
    const incidentOf = async (id: string) =>
      ((await admin.get(`/api/incidents?instanceId=${id}`)).body.items as any[])[0];
    await waitFor(async () => !!(await incidentOf(a.id)) && !!(await incidentOf(b.id)), 30_000, 'incidents');
    const inc = await incidentOf(a.id);
    expect(inc).toMatchObject({
      kind: 'job-failed',
      elementId: 'call',
      processId: 'api_failing',
      instanceId: a.id,
    });
    expect(inc.message).toMatch(/failure on attempt/);
    expect((await analyst.get('/api/incidents')).status).toBe(403);

    // A retry runs the job again (it fails again: a new incident).
    const retried = await admin.post(`/api/incidents/${a.id}/${inc.id}/retry`, {});
    expect(retried.status, JSON.stringify(retried.body)).toBe(200);
    await waitFor(
      async () => {
        const next = await incidentOf(a.id);
        return !!next && next.id !== inc.id;
      },
      30_000,
      'the retried job to fail again',
    );
    const again = await incidentOf(a.id);
    // Resolving with new variables makes the action succeed.
    const resolved = await admin.post(`/api/incidents/${a.id}/${again.id}/resolve`, {
      variables: { fixed: true },
    });
    expect(resolved.status, JSON.stringify(resolved.body)).toBe(200);
    await waitFor(
      async () => (await admin.get(`/api/instances/${a.id}`)).body.status === 'completed',
      30_000,
      'completion',
    );
    const view = (await admin.get(`/api/instances/${a.id}`)).body;
    expect(view.variables).toMatchObject({ fixed: true, succeededOnAttempt: 1 });
    expect(view.incidents).toEqual([]);
    const gone = await admin.post(`/api/incidents/${a.id}/${again.id}/retry`, {});
    expect([gone.status, gone.body.error.code]).toEqual([404, 'FLOW_INCIDENT_NOT_FOUND']);

    const incB = await incidentOf(b.id);
    const cancel = await admin.post(`/api/incidents/${b.id}/${incB.id}/cancel`, { reason: 'bank closed' });
    expect(cancel.body.status).toBe('cancelled');
    expect(await incidentOf(b.id)).toBeUndefined();
    const audit = await t.audit('incident.*');
    expect(audit.map((x) => x.action)).toEqual(
      expect.arrayContaining(['incident.retry', 'incident.resolve', 'incident.cancel']),
    );
  });

  it('nobody to assign: an incident for the admins by default; after choosing a fallback, a retry assigns it', async () => {
    const analyst = await t.as('zhou.jie');
    const admin = await t.as('qian.admin');
    expect((await analyst.post('/api/flows', { xml: fixtureXml('expense-claim') })).status).toBe(201);
    // The CEO has no manager: manager(requester) is nobody.
    const claim = await t.start('chen.wei', 'expense_claim', { amount: 100 });
    expect(claim.openTasks).toEqual([]);
    const [inc] = (await admin.get(`/api/incidents?instanceId=${claim.id}`)).body.items;
    expect(inc).toMatchObject({ kind: 'assignment-failed', elementId: 'managerApproval' });
    expect(inc.message).toContain('Manager approval');
    expect(
      (await t.notifications('qian.admin')).some(
        (n) => n.kind === 'approval.no-approver' && n.source?.id === claim.id,
      ),
    ).toBe(true);
    expect((await t.request('chen.wei', claim.id)).status).toBe('incident');

    const set = await analyst.put('/api/flows/expense_claim/approval-settings', {
      noAssigneeFallback: { type: 'assign', user: 'sun.li' },
    });
    expect(set.body).toMatchObject({
      processId: 'expense_claim',
      custom: true,
      noAssigneeFallback: { type: 'assign', user: 'sun.li' },
    });
    const unknown = await analyst.put('/api/flows/expense_claim/approval-settings', {
      noAssigneeFallback: { type: 'assign', user: 'ghost' },
    });
    expect(unknown.body.error.code).toBe('APPROVAL_USER_UNKNOWN');
    await admin.post(`/api/incidents/${claim.id}/${inc.id}/retry`, {});
    const task = await t.taskOf('sun.li', claim.id);
    expect(task).toMatchObject({ elementId: 'managerApproval', assignee: 'sun.li' });
    expect((await t.audit('approval.fallback-assign', task.id))[0]).toMatchObject({
      details: { assignee: 'sun.li' },
    });
    await analyst.put('/api/flows/expense_claim/approval-settings', {});
  });
});
