// Shared parts of the flow fault tests: the approval-like model, the flow service the test process
// drives, the worker process's settings, a driver that completes user tasks as they appear,
// child-process helpers (start, SIGKILL by pid), and the final checks.
import { spawn, type ChildProcess } from 'node:child_process';
import { expect } from 'vitest';
import type { JobQueue } from '#engine/ports/job-queue.ts';
import { systemClock } from '#engine/ports/clock.ts';
import type { DocumentStore } from '#engine/ports/document-store.ts';
import { FlowService } from '#engine/services/flows/flow-service.ts';
import { defaultActions } from '#workers/actions/index.ts';
import { buildBpmn, zeebe } from '../support/bpmn-builder.ts';
import { mongodbUrl } from '../support/services.ts';

/** start → approve (user) → record (service) → notify (service) → end; both services record idempotently. */
export const approvalLikeXml = buildBpmn({
  id: 'fault_approval',
  name: 'Fault drill approval',
  nodes: [
    { id: 'start', type: 'startEvent', at: [0, 0] },
    { id: 'approve', type: 'userTask', name: 'Approve', at: [1, 0], ext: zeebe.assignee('=approver') },
    { id: 'gw', type: 'exclusiveGateway', at: [2, 0], default: 'fRejected' },
    {
      id: 'record',
      type: 'serviceTask',
      name: 'Record',
      at: [3, 0],
      ext: zeebe.task('test.record', 5) + zeebe.headers({ sleepMs: '150' }),
    },
    { id: 'notify', type: 'serviceTask', name: 'Notify', at: [4, 0], ext: zeebe.task('test.record', 5) },
    { id: 'end', type: 'endEvent', at: [5, 0] },
    { id: 'endRejected', type: 'endEvent', at: [3, 1] },
  ],
  flows: [
    { id: 'f1', from: 'start', to: 'approve' },
    { id: 'f2', from: 'approve', to: 'gw' },
    { id: 'fApproved', from: 'gw', to: 'record', condition: '=approved' },
    { id: 'fRejected', from: 'gw', to: 'endRejected' },
    { id: 'f3', from: 'record', to: 'notify' },
    { id: 'f4', from: 'notify', to: 'end' },
  ],
});

/** The test process's flow service (the API's part: starts instances, completes tasks), model deployed. */
export async function deployedFlows(store: DocumentStore, queue: JobQueue): Promise<FlowService> {
  const actions = defaultActions({ testActions: true });
  const flows = await new FlowService({
    store,
    queue,
    clock: systemClock,
    knownActions: () => actions.names(),
  }).init();
  await flows.deploy(approvalLikeXml);
  return flows;
}

/**
 * The environment of a worker process (platform/worker.ts) on MongoDB and the given Redis: test
 * actions on, short lock and stall times and a fast sweeper, so that lost work comes back within
 * seconds rather than minutes.
 */
export function workerEnv(namespace: string, redisUrl: string, lockMs: number): Record<string, string> {
  return {
    MONGODB_URL: mongodbUrl(),
    REDIS_URL: redisUrl,
    FORMA_NAMESPACE: namespace,
    FORMA_TEST_ACTIONS: '1',
    WORKER_LOCK_MS: String(lockMs),
    WORKER_STALLED_MS: '1000',
    WORKER_CONCURRENCY: '8',
    FLOW_SWEEP_MS: '1000',
    FLOW_OUTBOX_AGE_MS: '3000',
    FLOW_RETRY_BACKOFF_MS: '50',
  };
}

export const instanceIds = (n: number): string[] => Array.from({ length: n }, (_, i) => `fault-${i}`);

/** Starts the instances (idempotent by id) and completes open tasks until all have ended. */
export async function drive(
  flows: FlowService,
  n: number,
  options: { deadlineMs: number; onProgress?: (ended: number) => void },
): Promise<void> {
  const ids = instanceIds(n);
  for (let i = 0; i < ids.length; i += 20) {
    await Promise.all(
      ids.slice(i, i + 20).map((id) =>
        flows.startInstance('fault_approval', {
          instanceId: id,
          variables: { approver: `u${id.length}` },
          by: 'requester',
        }),
      ),
    );
  }
  const deadline = Date.now() + options.deadlineMs;
  for (;;) {
    const open = await flows.listTasks({ state: 'open', processId: 'fault_approval' }, { limit: 100 });
    await Promise.all(
      open.items.map((t) =>
        flows
          .completeTask(t.id, {
            variables: { approved: true },
            outcome: 'approved',
            by: t.assignee ?? 'someone',
          })
          .catch((e: { code?: string }) => {
            if (e.code !== 'FLOW_TASK_NOT_OPEN') throw e;
          }),
      ),
    );
    const active = await flows.runtime.instances.count({ processId: 'fault_approval', status: 'active' });
    options.onProgress?.(n - active);
    if (active === 0) return;
    if (Date.now() > deadline) throw new Error(`${active} of ${n} instances still active at the deadline`);
    // Always yield to timers: on the embedded store every await above resolves at once, and a
    // loop of microtasks would starve the queue's timers (service tasks, sweeps) in this process.
    await new Promise((r) => setTimeout(r, open.items.length ? 20 : 100));
  }
}

/** Every instance ended exactly once, each handler key ran its side effect once, no task left open. */
export async function verify(
  store: DocumentStore,
  flows: FlowService,
  n: number,
): Promise<{ reRuns: number; restartedJobs: number }> {
  const ids = instanceIds(n);
  for (const id of ids) {
    const inst = await flows.runtime.instances.get(id);
    expect(inst?.status, `${id} status`).toBe('completed');
    const h = inst!.history;
    expect(
      h.filter((e) => e.type === 'instance.completed'),
      `${id} ends once`,
    ).toHaveLength(1);
    const path = h.filter((e) => e.type === 'element.completed').map((e) => e.elementId);
    expect(path, `${id} path`).toEqual(['start', 'approve', 'gw', 'record', 'notify', 'end']);
    expect(
      h.filter((e) => e.type === 'task.completed'),
      `${id} task completed once`,
    ).toHaveLength(1);
  }
  const runs = store.collection<{ instanceId: string; elementId: string; attempts: number }>(
    'test_action_runs',
  );
  const { items } = await runs.find({});
  // One side effect per (instance, element): a job that ran again found its key and did nothing.
  expect(items).toHaveLength(2 * n);
  const perInstance = new Map<string, string[]>();
  for (const r of items)
    perInstance.set(r.instanceId, [...(perInstance.get(r.instanceId) ?? []), r.elementId]);
  for (const id of ids)
    expect(perInstance.get(id)?.sort(), `${id} side effects`).toEqual(['notify', 'record']);
  const tasks = await flows.runtime.tasks.count({ processId: 'fault_approval', state: 'open' });
  expect(tasks).toBe(0);
  const starts = await store.collection<{ count: number }>('test_action_starts').find({});
  return {
    reRuns: items.reduce((sum, r) => sum + (r.attempts - 1), 0),
    restartedJobs: starts.items.filter((s) => s.count > 1).length,
  };
}

export interface Child {
  proc: ChildProcess;
  exited: Promise<number | null>;
  output: () => string;
}

/** Starts `tsx <script>` with extra environment; stdout/stderr are kept for diagnostics. */
export function startChild(script: string, env: Record<string, string>): Child {
  const proc = spawn(process.execPath, ['--import', 'tsx', script], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  proc.stdout!.on('data', (d: Buffer) => (out = (out + d.toString()).slice(-20_000)));
  proc.stderr!.on('data', (d: Buffer) => (out = (out + d.toString()).slice(-20_000)));
  const exited = new Promise<number | null>((resolve) => proc.on('exit', (code) => resolve(code)));
  return { proc, exited, output: () => out };
}

/** SIGKILL by pid (only processes this test started) and wait until it is gone. */
export async function kill(child: Child): Promise<void> {
  if (child.proc.exitCode === null && child.proc.signalCode === null && child.proc.pid) {
    process.kill(child.proc.pid, 'SIGKILL');
  }
  await child.exited;
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** A pseudo-random but reproducible sequence (so a failing run can be replayed). */
export function randomSequence(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 2 ** 32;
  };
}

/** A wait fails only when nothing moved for this long (the machine may be slow, not stuck). */
export const STALL_MS = 300_000;

/**
 * Waits until `done()`; gives up only when `progress()` stood still for STALL_MS (a loaded machine
 * makes the drill slow, never wrong). Returns false when the child ended first. Looks every
 * `everyMs` (a look that costs the store a scan competes with the work it waits for).
 */
export async function whileMoving(
  child: Child,
  done: () => Promise<boolean>,
  progress: () => Promise<number>,
  what: string,
  everyMs = 100,
): Promise<boolean> {
  let last = -1;
  let movedAt = Date.now();
  for (;;) {
    if (await done()) return true;
    if (child.proc.exitCode !== null || child.proc.signalCode !== null) return false;
    const now = await progress();
    if (now !== last) [last, movedAt] = [now, Date.now()];
    if (Date.now() - movedAt > STALL_MS)
      throw new Error(`no progress for ${STALL_MS} ms waiting for ${what} (at ${now}):\n${child.output()}`);
    await sleep(everyMs);
  }
}
