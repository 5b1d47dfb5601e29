// Automations in both run modes: record and flow events become jobs with deterministic ids,
// conditions decide, actions run in order through the worker registry; a failed run is retried
// and resumes after its last finished action (a created record is not created twice); each run —
// done, skipped or failed — is in the run log; schedules run on demand; a disabled module's
// automations do not run; an automation is not triggered by its own writes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Automation, FormDefinition } from '#schemas/generated/index.ts';
import { systemActor } from '#engine/services/modules/system-actor.ts';
import type { ActionDefinition } from '#workers/actions/registry.ts';
import { buildBpmn } from '#tests/support/bpmn-builder.ts';
import { waitFor } from '#tests/support/wait-for.ts';
import { MODES, openPlatform, type PlatformHarness } from '../modules/support.ts';

const form = (id: string, properties: Record<string, unknown>): FormDefinition => ({
  id,
  module: 'test',
  name: { en: id, 'zh-CN': id },
  schema: { type: 'object', properties },
  labels: Object.fromEntries(Object.keys(properties).map((k) => [k, { en: k, 'zh-CN': k }])),
});
const ORDER = form('test-order', {
  customer: { type: 'string' },
  amount: { type: 'string', format: 'money' },
  paymentStatus: { type: 'string', enum: ['open', 'paid'] },
});
const LOG = form('test-log', { order: { type: 'string' }, amount: { type: 'string', format: 'money' } });

const calls = new Map<string, number>();
const flaky: ActionDefinition = {
  name: 'test.flaky',
  async run({ idempotencyKey, input }) {
    const n = (calls.get(idempotencyKey) ?? 0) + 1;
    calls.set(idempotencyKey, n);
    if (input?.always === true) throw new Error('the gateway is down');
    if (n === 1) throw new Error('temporary failure');
    return { attempt: n };
  },
};

const auto = (id: string, a: Omit<Automation, 'id' | 'name'>): Automation => ({
  id: `test.${id}`,
  name: { en: id, 'zh-CN': id },
  ...a,
});
const AUTOMATIONS: Automation[] = [
  auto('copy', {
    trigger: { type: 'record.created', form: 'test-order' },
    conditions: ['=record.data.amount > settings.bigAmount'],
    actions: [
      {
        action: 'record.create',
        input: { form: 'test-log', data: { order: '=record.id', amount: '=string(record.data.amount)' } },
        resultVariable: 'log',
      },
      { action: 'test.flaky', input: {} },
      {
        action: 'notify',
        input: {
          users: '=[record.owner]',
          title: { en: '="Logged " + log.id', 'zh-CN': '="已记录 " + log.id' },
        },
      },
    ],
  }),
  auto('paid', {
    trigger: { type: 'field.changed', form: 'test-order', field: 'paymentStatus' },
    conditions: ['=record.data.paymentStatus = "paid"'],
    actions: [
      {
        action: 'record.update',
        input: {
          form: 'test-order',
          id: '=record.id',
          patch: { customer: '=record.data.customer + " (paid)"' },
          status: 'closed',
        },
      },
    ],
  }),
  auto('after-review', {
    trigger: { type: 'flow.ended', process: 'test-review', outcome: 'approved' },
    actions: [
      {
        action: 'notify',
        input: {
          users: '=[flow.startedBy]',
          title: {
            en: '="Approved: " + record.data.customer',
            'zh-CN': '="已批准：" + record.data.customer',
          },
        },
      },
    ],
  }),
  auto('nightly', {
    trigger: { type: 'schedule', cron: '0 1 * * *' },
    actions: [{ action: 'notify', input: { roles: ['finance'], title: { en: 'Nightly', 'zh-CN': '夜间' } } }],
  }),
  auto('gated', {
    trigger: { type: 'schedule', cron: '0 3 * * *' },
    actions: [
      {
        action: 'notify',
        when: '=1 > 2',
        input: { roles: ['finance'], title: { en: 'Never', 'zh-CN': '从不' } },
        resultVariable: 'first',
      },
      {
        action: 'notify',
        when: '=first.skipped = true',
        input: { roles: ['finance'], title: { en: 'Gated', 'zh-CN': '条件' } },
      },
    ],
  }),
  auto('each', {
    trigger: { type: 'record.created', form: 'test-order' },
    conditions: ['=record.data.customer = "Each"'],
    actions: [
      {
        action: 'record.create',
        forEach: '=[{o: "a", amount: 1}, {o: "b", amount: 2}, {o: "c", amount: 3.5}]',
        as: 'line',
        when: '=line.o != "b"',
        input: {
          form: 'test-log',
          data: { order: '=line.o + "-" + string(index)', amount: '=string(line.amount)' },
        },
        resultVariable: 'made',
      },
      { action: 'test.flaky', forEach: '=made.results', input: {} },
    ],
  }),
  auto('broken', {
    trigger: { type: 'schedule', cron: '0 2 * * *' },
    retries: 2,
    actions: [{ action: 'test.flaky', input: { always: true } }],
  }),
];

const REVIEW = buildBpmn({
  id: 'test-review',
  nodes: [
    { id: 'start', type: 'startEvent', at: [0, 0] },
    { id: 'review', type: 'userTask', at: [1, 0], ext: '<zeebe:assignmentDefinition assignee="wu.hao" />' },
    {
      id: 'mark',
      type: 'scriptTask',
      at: [2, 0],
      ext: '<zeebe:script expression="=decision" resultVariable="outcome" />',
    },
    { id: 'end', type: 'endEvent', at: [3, 0] },
  ],
  flows: [
    { id: 'f1', from: 'start', to: 'review' },
    { id: 'f2', from: 'review', to: 'mark' },
    { id: 'f3', from: 'mark', to: 'end' },
  ],
});

describe.each(MODES)('automations (%s)', (mode) => {
  let h: PlatformHarness;
  const runOf = async (id: string) => h.platform.automations.runs.get(id);
  const finished = async (id: string) => {
    await waitFor(
      async () => ['succeeded', 'skipped', 'failed'].includes((await runOf(id))?.status ?? ''),
      20_000,
      `run ${id}`,
    );
    return (await runOf(id))!;
  };

  beforeAll(async () => {
    h = await openPlatform(mode, { actions: [flaky] });
    const { forms, automations, store, flows } = h.platform;
    for (const f of [ORDER, LOG]) await forms.publishDefinition(systemActor('forms', 'update'), f);
    await store.collection('modules').insert({
      id: 'test',
      enabled: true,
      installed: true,
      settings: { bigAmount: 100 },
      problems: [],
      name: { en: 't', 'zh-CN': 't' },
      description: { en: 't', 'zh-CN': 't' },
    });
    await automations.replaceModule('test', AUTOMATIONS, true);
    await flows.deploy(REVIEW);
  });
  afterAll(() => h.close());

  const order = (data: Record<string, unknown>, owner = 'zheng.xin') =>
    h.platform.records.create(systemActor('record:test-order', 'create'), 'test-order', data, { owner });

  it('runs the actions of a record.created automation in order; a retried run resumes after the last finished action', async () => {
    const created = await order({ customer: 'Acme', amount: '250.00', paymentStatus: 'open' });
    const run = await finished(`auto-test.copy-${created.id}-1`);
    expect(run).toMatchObject({ status: 'succeeded', attempts: 2, trigger: 'record.created' });
    expect(run.steps.map((s) => [s.action, s.status])).toEqual([
      ['record.create', 'succeeded'],
      ['test.flaky', 'succeeded'],
      ['notify', 'succeeded'],
    ]);
    const logs = (await h.platform.records.collection('test-log').find({})).items;
    expect(logs.map((l) => l.data)).toEqual([{ order: created.id, amount: '250.00' }]);
    expect(calls.get(`${run.id}-1`)).toBe(2);
    const inbox = await h.platform.notifications.list('zheng.xin');
    expect(inbox.items.map((n) => n.title.en)).toEqual([`Logged ${logs[0]!.id}`]);
  });

  it('logs a run whose conditions do not hold as skipped, with the reason', async () => {
    const small = await order({ customer: 'Tiny', amount: '5.00', paymentStatus: 'open' });
    const run = await finished(`auto-test.copy-${small.id}-1`);
    expect(run).toMatchObject({
      status: 'skipped',
      error: 'condition 1 is false: =record.data.amount > settings.bigAmount',
    });
  });

  it('reacts to a changed field once, and not to its own write', async () => {
    const o = await order({ customer: 'Beta', amount: '1.00', paymentStatus: 'open' });
    const paid = await h.platform.records.update(
      systemActor('record:test-order', 'update', 'zhao.qiang'),
      'test-order',
      o.id,
      { rev: o.rev, patch: { paymentStatus: 'paid' } },
    );
    const run = await finished(`auto-test.paid-${o.id}-${paid.rev}`);
    expect(run.status).toBe('succeeded');
    const row = await h.platform.records.collection('test-order').get(o.id);
    expect([row?.data.customer, row?.status, row?.updatedBy]).toEqual([
      'Beta (paid)',
      'closed',
      'automation:test.paid',
    ]);
    // Its own update (rev + 1) did not start another run.
    expect(await runOf(`auto-test.paid-${o.id}-${paid.rev + 1}`)).toBeNull();
  });

  it('runs on a flow that ended with the outcome it waits for, and skips the others', async () => {
    const { flows } = h.platform;
    const o = await order({ customer: 'Gamma', amount: '1.00', paymentStatus: 'open' });
    for (const [n, decision] of [
      ['1', 'approved'],
      ['2', 'rejected'],
    ] as const) {
      const instance = await flows.startInstance('test-review', {
        instanceId: `review-${mode}-${n}`,
        by: 'zheng.xin',
        variables: { record: { id: o.id, form: 'test-order' } },
      });
      await waitFor(
        async () => (await flows.getInstance(instance.id)).openTasks.length === 1,
        10_000,
        'the review task',
      );
      await flows.completeTask((await flows.getInstance(instance.id)).openTasks[0]!.id, {
        by: 'wu.hao',
        variables: { decision },
      });
    }
    expect((await finished(`auto-test.after-review-review-${mode}-1-end`)).status).toBe('succeeded');
    expect(await finished(`auto-test.after-review-review-${mode}-2-end`)).toMatchObject({
      status: 'skipped',
      error: 'the flow outcome does not match',
    });
    expect((await h.platform.notifications.list('zheng.xin')).items.map((n) => n.title.en)).toContain(
      'Approved: Gamma',
    );
  });

  it("skips an action whose 'when' does not hold; later actions see it skipped", async () => {
    const run = await h.platform.automations.runNow('test.gated');
    expect(run.status).toBe('succeeded');
    expect(run.steps.map((s) => [s.status, s.result])).toEqual([
      ['succeeded', { skipped: true }],
      ['succeeded', { notified: expect.any(Number) }],
    ]);
  });

  it('runs an action for each item of a list, each item its own key: a retry creates nothing twice', async () => {
    const o = await order({ customer: 'Each', amount: '1.00', paymentStatus: 'open' });
    const run = await finished(`auto-test.each-${o.id}-1`);
    // test.flaky fails the first call of each key: the run is retried once per item.
    expect(run, JSON.stringify(run)).toMatchObject({ status: 'succeeded', attempts: 4 });
    const [made, flakes] = run.steps.map(
      (s) =>
        s.result as { count: number; results: { created?: boolean; skipped?: boolean; attempt?: number }[] },
    );
    expect([made!.count, made!.results.map((r) => r.created ?? r.skipped)]).toEqual([3, [true, true, true]]);
    expect(flakes!.results.map((r) => r.attempt)).toEqual([4, 3, 2]);
    expect(calls.get(`${run.id}-1-2`)).toBe(2);
    const logs = (
      await h.platform.records.collection('test-log').find({ 'data.order': { $in: ['a-1', 'b-2', 'c-3'] } })
    ).items;
    expect(logs.map((l) => [l.data.order, l.data.amount]).sort()).toEqual([
      ['a-1', '1.00'],
      ['c-3', '3.50'],
    ]);
  });

  it('runs a schedule on demand; a failing one ends failed after its retries; a disabled module runs nothing', async () => {
    const { automations, store } = h.platform;
    expect(await automations.runNow('test.nightly')).toMatchObject({
      status: 'succeeded',
      trigger: 'schedule',
    });
    const broken = await automations.runNow('test.broken');
    expect(broken).toMatchObject({
      status: 'failed',
      error: 'the gateway is down',
      steps: [{ action: 'test.flaky', status: 'failed' }],
    });
    expect((await automations.listRuns('test.nightly')).items).toHaveLength(1);
    const mod = await store.collection('modules').get('test');
    await store.collection('modules').update('test', mod!.rev, { set: { enabled: false } });
    const later = await order({ customer: 'Off', amount: '900.00', paymentStatus: 'open' });
    expect(await finished(`auto-test.copy-${later.id}-1`)).toMatchObject({
      status: 'skipped',
      error: 'module test is disabled',
    });
  });
});
