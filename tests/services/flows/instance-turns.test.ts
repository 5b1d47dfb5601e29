// Steps of one instance within one process (distributed mode: recent-instances.ts): they take
// turns instead of conflicting, a step awaited inside a delivery of its own instance goes ahead
// (no deadlock), and delivered entries a pending job's report will clear stay for it (outbox.ts).
// Outbox entries keep task views without what the instance says, and a task effect delivered
// twice at once writes its row once (deliveries.ts).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EmbeddedStore } from '#engine/adapters/store/embedded/embedded-store.ts';
import type { Effect, TaskView } from '#engine/core/flows/events.ts';
import { newInstance } from '#engine/core/flows/instance.ts';
import { deliverTaskView, TaskRowRevisions } from '#engine/services/flows/deliveries.ts';
import { compactEffect, expandEffect, reportClears } from '#engine/services/flows/outbox.ts';
import { tempDir } from '#tests/support/temp-dir.ts';
import { RecentInstances } from '#engine/services/flows/recent-instances.ts';
import { buildBpmn, zeebe } from '#tests/support/bpmn-builder.ts';
import { openFlows, type FlowHarness, type Mode } from './harness.ts';

const task = (id: string): Effect =>
  ({ id, kind: 'incident.resolved', incidentId: 'x' }) as unknown as Effect;
const job = (id: string): Effect =>
  ({
    id,
    kind: 'job.created',
    tokenId: 't1',
    elementId: 'post',
    jobType: 'compute',
    retries: 3,
    round: 1,
  }) as Effect;
const timer = (id: string): Effect =>
  ({ id, kind: 'timer.scheduled', timerId: 'tm', dueAt: 0, tokenId: 't1' }) as unknown as Effect;

describe('entries a pending job report clears', () => {
  it('leaves older delivered entries to the job, never newer ones or enqueued work', () => {
    expect(reportClears([task('e1'), task('e2')], [job('e3')])).toBe(true);
    expect(reportClears([task('e1'), task('e4')], [job('e3')])).toBe(false);
    expect(reportClears([timer('e1')], [job('e3')])).toBe(false);
    expect(reportClears([task('e1')], [])).toBe(false);
  });
});

describe('task effects in the outbox', () => {
  const instance = newInstance({ id: 'req-7', processId: 'expense', version: 3, now: 0 });
  const view = (overrides: Partial<TaskView> = {}): TaskView => ({
    id: 'req-7-t5',
    instanceId: 'req-7',
    processId: 'expense',
    processVersion: 3,
    elementId: 'approve',
    tokenId: 't5',
    state: 'open',
    createdAt: '2026-12-07T09:00:00.000Z',
    version: 7,
    key: `${instance.key}0000005`,
    name: 'Approve',
    assignee: 'bob',
    ...overrides,
  });
  const opened = (task: TaskView): Effect => ({ id: 'e8', kind: 'task.opened', task });

  it('keeps a view without the fields the instance says, and gives the same view back', () => {
    const stored = compactEffect(opened(view()), instance);
    expect(stored).toEqual({
      id: 'e8',
      kind: 'task.opened',
      derived: true,
      task: {
        elementId: 'approve',
        tokenId: 't5',
        state: 'open',
        createdAt: '2026-12-07T09:00:00.000Z',
        version: 7,
        name: 'Approve',
        assignee: 'bob',
      },
    });
    // As it comes back from the store (a JSON round trip), expanded against the instance.
    expect(expandEffect(JSON.parse(JSON.stringify(stored)) as Effect, instance)).toEqual(opened(view()));
  });

  it('keeps any view whose fields differ from what the instance derives as it is', () => {
    for (const odd of [
      view({ key: '42' }),
      view({ processVersion: 2 }),
      view({ id: 'other-t5' }),
      { ...view(), key: undefined },
    ]) {
      const effect = opened(odd);
      expect(compactEffect(effect, instance)).toBe(effect);
      expect(expandEffect(effect, instance)).toBe(effect);
    }
    const ended = { id: 'e9', kind: 'instance.ended', status: 'completed', at: 1 } as unknown as Effect;
    expect(compactEffect(ended, instance)).toBe(ended);
  });

  it('writes a task row once when the same delivery runs twice at once', async () => {
    const tmp = tempDir('task-rows');
    const store = new EmbeddedStore({ dir: tmp.dir });
    try {
      const tasks = store.collection<TaskView>('tasks');
      const { insert, replace } = tasks;
      let writes = 0;
      tasks.insert = (row) => (writes++, insert.call(tasks, row));
      tasks.replace = (id, rev, row, options) => (writes++, replace.call(tasks, id, rev, row, options));
      const rows = new TaskRowRevisions();
      const effect = opened(view()) as Effect & { task: TaskView };
      await Promise.all([
        deliverTaskView(tasks, effect, 'req-7', rows),
        deliverTaskView(tasks, effect, 'req-7', rows),
      ]);
      expect(writes).toBe(1);
      // Another entry of the same task (its close) is a delivery of its own.
      const closed = {
        id: 'e9',
        kind: 'task.closed',
        task: view({ state: 'completed', version: 9 }),
      } as const;
      await Promise.all([
        deliverTaskView(tasks, closed, 'req-7', rows),
        deliverTaskView(tasks, closed, 'req-7', rows),
      ]);
      expect(writes).toBe(2);
      expect(await tasks.get('req-7-t5')).toMatchObject({ state: 'completed', version: 9, rev: 2 });
      // Once it ended, the same delivery again (a sweep) is a new attempt, and finds the row current.
      await deliverTaskView(tasks, closed, 'req-7', rows);
      expect(writes).toBe(2);
    } finally {
      await store.close();
      tmp.remove();
    }
  });
});

describe('RecentInstances', () => {
  it('hands out copies, and an older revision never replaces a newer one', () => {
    const recent = new RecentInstances();
    const doc = { id: 'i1', rev: 2, tokens: {} } as never;
    recent.put(doc);
    recent.put({ id: 'i1', rev: 1, tokens: {} } as never);
    const copy = recent.copy('i1')!;
    expect(copy.rev).toBe(2);
    expect(copy).not.toBe(doc);
  });

  it('runs steps of one instance one at a time, and lets a step inside its own delivery go ahead', async () => {
    const recent = new RecentInstances();
    const order: string[] = [];
    const first = await recent.turn('i1');
    const second = recent.turn('i1').then((release) => {
      order.push('second');
      release();
    });
    await new Promise((r) => setTimeout(r, 20));
    order.push('first done');
    // A delivery of i1 whose listener steps i1 while the first still holds its turn: no wait.
    const nested = await recent.delivering('i1', async () => {
      const release = await recent.turn('i1');
      release();
      return 'nested';
    });
    first();
    await second;
    expect(nested).toBe('nested');
    expect(order).toEqual(['first done', 'second']);
  });

  it('makes a step wait for the running dispatch of its instance, but not inside it', async () => {
    const recent = new RecentInstances();
    let finish!: () => void;
    const dispatch = recent.dispatching('i1', () => new Promise<void>((r) => (finish = r)));
    let waited = false;
    const outside = recent.settled('i1').then(() => (waited = true));
    await recent.delivering('i1', () => recent.settled('i1'));
    await new Promise((r) => setTimeout(r, 20));
    expect(waited).toBe(false);
    finish();
    await dispatch;
    await outside;
    expect(waited).toBe(true);
  });
});

const parallel = buildBpmn({
  id: 'turns',
  nodes: [
    { id: 'start', type: 'startEvent', at: [0, 0] },
    { id: 'fork', type: 'parallelGateway', at: [1, 0] },
    { id: 'a', type: 'userTask', name: 'A', at: [2, 0] },
    { id: 'b', type: 'userTask', name: 'B', at: [2, 1] },
    { id: 'join', type: 'parallelGateway', at: [3, 0] },
    { id: 'post', type: 'serviceTask', name: 'Post', at: [4, 0], ext: zeebe.task('compute') },
    { id: 'end', type: 'endEvent', at: [5, 0] },
  ],
  flows: [
    { id: 'f1', from: 'start', to: 'fork' },
    { id: 'f2', from: 'fork', to: 'a' },
    { id: 'f3', from: 'fork', to: 'b' },
    { id: 'f4', from: 'a', to: 'join' },
    { id: 'f5', from: 'b', to: 'join' },
    { id: 'f6', from: 'join', to: 'post' },
    { id: 'f7', from: 'post', to: 'end' },
  ],
});

describe.each(['embedded', 'distributed'] as Mode[])('steps of one instance in one process (%s)', (mode) => {
  let h: FlowHarness;
  beforeAll(async () => {
    h = await openFlows(mode);
    await h.flows.deploy(parallel);
  });
  afterAll(async () => h?.close());

  it('completes both parallel tasks from listeners (one awaited inside the delivery) and ends once', async () => {
    const ended: string[] = [];
    const offEnded = h.flows.on('instance.ended', (_e, info) => void ended.push(info.instanceId));
    const offOpened = h.flows.on('task.opened', async (effect) => {
      if (effect.kind !== 'task.opened') return;
      // Task a: awaited inside the delivery of its own instance; task b: scheduled after it. A
      // delivery may come twice (listeners are idempotent): the second completion is refused.
      const complete = () =>
        h.flows.complete(effect.task.id, { by: 'u' }).catch((e: { code?: string }) => {
          if (e.code !== 'FLOW_TASK_NOT_OPEN') throw e;
        });
      if (effect.task.elementId === 'a') await complete();
      else setImmediate(() => void complete());
    });
    try {
      await h.flows.start('turns', { instanceId: `turns-${mode}`, variables: { amount: 1 } });
      await expect.poll(() => ended, { timeout: 15_000 }).toContain(`turns-${mode}`);
      const doc = await h.flows.runtime.load(`turns-${mode}`);
      expect(doc.status).toBe('completed');
      const tasks = await h.flows.listTasks({ instanceId: `turns-${mode}` });
      expect(tasks.items.map((t) => t.state).sort()).toEqual(['completed', 'completed']);
      expect(ended.filter((id) => id === `turns-${mode}`)).toHaveLength(1);
    } finally {
      offOpened();
      offEnded();
    }
  });
});
