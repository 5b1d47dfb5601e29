// Fault drill: record events are never lost. The process that writes tickets is SIGKILLed right
// after a ticket's write and before the automation job of its event exists (KILL_AT_ENQUEUE in
// record-events-node.ts), once while tickets are entered one by one and once while an import's
// events are handed over; it is started again on the same data. Afterwards every ticket — entered
// or imported — has exactly one automation run, one notification and one side effect of the test
// action, and every notification went out by e-mail (its id once in the outbox file, at least).
//   embedded:    the child is the whole platform (store, queue, automations);
//   distributed: the child is the API (FerretDB + Redis), a worker process runs the automations and
//                the sweeps, and is SIGKILLed once too.
// Size: FAULT_RECORDS tickets one by one, FAULT_IMPORT_ROWS imported (default 300 + 200 embedded;
// 100 + 60 distributed, where FerretDB shared by the API, the worker and its sweeps is the bottleneck).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { EmbeddedStore } from '#engine/adapters/store/embedded/embedded-store.ts';
import { MongoStore } from '#engine/adapters/store/mongodb/mongo-store.ts';
import type { DocumentStore } from '#engine/ports/document-store.ts';
import { writeDeskModule } from '../support/desk-module.ts';
import { deleteRedisPrefix } from '../support/redis-keys.ts';
import { mongodbUrl, redisUrl, uniqueNamespace } from '../support/services.ts';
import { tempDir } from '../support/temp-dir.ts';
import { waitFor } from '../support/wait-for.ts';
import { kill, sleep, startChild, type Child } from './flow-fault-support.ts';

const sizes = (records: number, rows: number) => ({
  N: Number(process.env.FAULT_RECORDS ?? records),
  M: Number(process.env.FAULT_IMPORT_ROWS ?? rows),
});
const EMBEDDED = sizes(300, 200);
const DISTRIBUTED = sizes(100, 60);
const NODE = new URL('./record-events-node.ts', import.meta.url).pathname;
const WORKER = new URL('../../platform/worker.ts', import.meta.url).pathname;
const KEY = `k-drill:${Buffer.alloc(32, 7).toString('base64')}`;

/** Runs the child until it kills itself at `killAt`; returns what it said. */
async function runUntilKilled(env: Record<string, string>, killAt: number): Promise<string> {
  const child = startChild(NODE, { ...env, KILL_AT_ENQUEUE: String(killAt) });
  await child.exited;
  expect(child.proc.signalCode, child.output()).toBe('SIGKILL');
  expect(child.output()).toMatch(/killing at enqueue \d+: \S+/);
  return child.output();
}

/** Every ticket: one run, succeeded; one notification; one test-action side effect; e-mailed. */
async function verify(
  store: DocumentStore,
  outboxDir: string,
  { N, M }: { N: number; M: number },
): Promise<void> {
  const tickets = (await store.collection('records.desk-ticket').find({}, { projection: ['id'] })).items.map(
    (r) => r.id,
  );
  expect(tickets).toHaveLength(N + M);
  const runs = (
    await store
      .collection<{ status: string; event: { recordId: string } }>('automation_runs')
      .find({ automation: 'desk-welcome' })
  ).items;
  expect(runs.filter((r) => r.status === 'succeeded')).toHaveLength(N + M);
  expect(new Set(runs.map((r) => r.event.recordId))).toEqual(new Set(tickets));
  const notices = (await store.collection<{ key?: string }>('notifications').find({ kind: 'desk.created' }))
    .items;
  expect(notices).toHaveLength(N + M);
  const effects = (await store.collection<{ attempts: number }>('test_action_runs').find({})).items;
  expect(effects).toHaveLength(N + M);
  const file = join(outboxDir, 'email.jsonl');
  const mails = existsSync(file)
    ? readFileSync(file, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as { notification: string })
    : [];
  expect(new Set(mails.map((m) => m.notification)).size).toBe(N + M);
  const pending = await store.collection('records.desk-ticket').count({ outboxPending: true });
  expect(pending).toBe(0);
  console.log(
    `${N + M} tickets; e-mails ${mails.length} for ${N + M} notifications; re-run side effects ${effects.filter((e) => e.attempts > 1).length}`,
  );
}

describe('record events under SIGKILL', () => {
  const dirs: Array<{ remove(): void }> = [];
  afterAll(() => dirs.forEach((d) => d.remove()));

  it(`embedded: ${EMBEDDED.N} + ${EMBEDDED.M} tickets, each automation run exactly once across two kills`, async () => {
    const { N, M } = EMBEDDED;
    const data = tempDir('record-events-embedded');
    const modules = tempDir('record-events-modules');
    const outbox = tempDir('record-events-outbox');
    dirs.push(data, modules, outbox);
    writeDeskModule(modules.dir, { channels: ['email'], testAction: true });
    const env = {
      // The embedded mode: the distributed servers the test run may have in its environment unset.
      MONGODB_URL: '',
      REDIS_URL: '',
      DATA_DIR: data.dir,
      MODULES_DIR: modules.dir,
      NOTIFY_OUTBOX_DIR: outbox.dir,
      FORMA_TEST_ACTIONS: '1',
      ENCRYPTION_KEY: KEY,
      FLOW_SWEEP_MS: '200',
      FLOW_OUTBOX_AGE_MS: '500',
      AUTOMATION_RETRY_BACKOFF_MS: '50',
      FAULT_RECORDS: String(N),
      FAULT_IMPORT_ROWS: String(M),
      LOG_LEVEL: 'warn',
    };
    // While tickets are entered one by one …
    const first = await runUntilKilled(env, Math.ceil(N / 3));
    const created = [...first.matchAll(/created (\d+)/g)].length;
    expect(created).toBeLessThan(N);
    // … and, in the next life, while the import's events are handed over (the tickets left, the
    // event the sweeper re-delivers, then half of the import).
    const second = await runUntilKilled(env, N - created + 1 + Math.floor(M / 2));
    expect(second).not.toMatch(/killing at enqueue \d+: r-/); // an imported ticket's event
    const last = startChild(NODE, env);
    expect(await last.exited, last.output()).toBe(0);
    const store = new EmbeddedStore({ dir: join(data.dir, 'store') });
    try {
      await verify(store, outbox.dir, EMBEDDED);
    } finally {
      await store.close();
    }
  }, 600_000);

  it(`distributed: ${DISTRIBUTED.N} + ${DISTRIBUTED.M} tickets, API and worker killed, each automation run exactly once`, async () => {
    const { N, M } = DISTRIBUTED;
    const namespace = uniqueNamespace('record-events');
    const modules = tempDir('record-events-modules-d');
    const outbox = tempDir('record-events-outbox-d');
    dirs.push(modules, outbox);
    writeDeskModule(modules.dir, { channels: ['email'], testAction: true });
    const common = {
      MONGODB_URL: mongodbUrl(),
      REDIS_URL: redisUrl(),
      FORMA_NAMESPACE: namespace,
      NOTIFY_OUTBOX_DIR: outbox.dir,
      FORMA_TEST_ACTIONS: '1',
      ENCRYPTION_KEY: KEY,
      FLOW_SWEEP_MS: '300',
      FLOW_OUTBOX_AGE_MS: '1000',
      AUTOMATION_RETRY_BACKOFF_MS: '50',
      WORKER_LOCK_MS: '2000',
      WORKER_STALLED_MS: '1000',
      LOG_LEVEL: 'warn',
    };
    const api = {
      ...common,
      ROLE: 'api',
      MODULES_DIR: modules.dir,
      FAULT_RECORDS: String(N),
      FAULT_IMPORT_ROWS: String(M),
    };
    let worker: Child = startChild(WORKER, common);
    const store = await MongoStore.connect({ url: mongodbUrl(), dbName: namespace });
    try {
      await waitFor(
        () => worker.output().includes('forma worker ready'),
        60_000,
        `the worker:\n${worker.output()}`,
      );
      const first = await runUntilKilled(api, Math.ceil(N / 3));
      const created = [...first.matchAll(/created (\d+)/g)].length;
      // The worker dies too, with runs in flight, and comes back.
      await sleep(200);
      await kill(worker);
      worker = startChild(WORKER, common);
      await waitFor(
        () => worker.output().includes('forma worker ready'),
        60_000,
        `the worker:\n${worker.output()}`,
      );
      await runUntilKilled(api, N - created + Math.floor(M / 2));
      const last = startChild(NODE, api);
      expect(await last.exited, last.output()).toBe(0);
      const runs = store.collection('automation_runs');
      await waitFor(
        async () => (await runs.count({ automation: 'desk-welcome', status: 'succeeded' })) >= N + M,
        240_000,
        `every run (worker:\n${worker.output()})`,
      );
      await sleep(1500); // late duplicates, if there were any, would show now
      await verify(store, outbox.dir, DISTRIBUTED);
    } finally {
      await kill(worker);
      await (store as DocumentStore & { dropDatabase(): Promise<void> }).dropDatabase();
      await store.close();
      await deleteRedisPrefix(redisUrl(), namespace);
    }
  }, 600_000);
});
