// Fault drill: scheduled work over a set of records survives SIGKILL. The desk module's record-set
// automation reminds the owner of every open ticket (FAULT_SET_RECORDS of them: 10,000 embedded,
// 600 distributed by default), in batches (500 embedded, 250 distributed); the process running it
// is SIGKILLed twice on the way (after about a third and two thirds of the reminders, a random few
// ms later) and started again. Afterwards the run is done and every ticket got exactly one reminder: one notification,
// one side effect of the test action, one entry in the run's log, its e-mail sent (by notification
// id; at least once), and the run's progress says so. Nothing here is timed: a wait gives up only
// when the work stood still for minutes, so a loaded machine makes the drill slow, not red.
//   embedded:    the child is the whole platform;
//   distributed: the API child loads and starts the run, a worker child runs it and is the one killed.
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
import { kill, randomSequence, sleep, startChild, whileMoving, type Child } from './flow-fault-support.ts';

const NODE = new URL('./record-set-node.ts', import.meta.url).pathname;
const WORKER = new URL('../../platform/worker.ts', import.meta.url).pathname;
const KEY = `k-drill:${Buffer.alloc(32, 5).toString('base64')}`;
/**
 * Batch sizes. The distributed drill is smaller: on the tests' FerretDB a busy machine manages a
 * few records a second; three batches, the kills (at 200 and 400) inside the first two.
 */
const BATCH = { embedded: 500, distributed: 250 };

/** Reminders sent so far, as the count in the store says (the drill kills by it). */
const reminders = (store: DocumentStore) =>
  store.collection('notifications').count({ kind: 'desk.reminder' });

async function verify(store: DocumentStore, outboxDir: string, n: number, batch: number): Promise<void> {
  const runs = (
    await store.collection<{ status: string; progress: Record<string, number> }>('automation_runs').find({
      automation: 'desk-sweep',
    })
  ).items;
  expect(runs).toHaveLength(1);
  expect(runs[0]).toMatchObject({
    status: 'succeeded',
    progress: {
      total: n,
      processed: n,
      succeeded: n,
      failed: 0,
      skipped: 0,
      batches: Math.ceil(n / batch),
    },
  });
  const log = (
    await store.collection<{ recordId: string; status: string }>('automation_run_records').find({})
  ).items;
  expect(log).toHaveLength(n);
  expect(log.every((e) => e.status === 'succeeded')).toBe(true);
  const notices = (await store.collection<{ key: string }>('notifications').find({ kind: 'desk.reminder' }))
    .items;
  expect(notices).toHaveLength(n);
  expect(new Set(notices.map((x) => x.key)).size).toBe(n);
  const effects = (await store.collection<{ attempts: number }>('test_action_runs').find({})).items;
  expect(effects).toHaveLength(n);
  const file = join(outboxDir, 'email.jsonl');
  const mails = existsSync(file)
    ? readFileSync(file, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as { notification: string })
    : [];
  expect(new Set(mails.map((m) => m.notification)).size).toBe(n);
  console.log(
    `${n} tickets, ${notices.length} reminders; e-mails ${mails.length}; ` +
      `actions started again after a kill: ${effects.filter((e) => e.attempts > 1).length}`,
  );
}

/** Waits until `count()` reaches `at` (false when the child ended first). */
const until = (child: Child, count: () => Promise<number>, at: number) =>
  whileMoving(child, async () => (await count()) >= at, count, `${at} reminders`);

/** The state a kill left: reminders sent so far and whether the run was still going. */
async function interrupted(store: DocumentStore): Promise<{ reminders: number; running: boolean }> {
  const run = await store
    .collection<{ status: string }>('automation_runs')
    .findOne({ automation: 'desk-sweep' });
  return { reminders: await reminders(store), running: run?.status === 'running' };
}

/**
 * The drill only means something when a kill came in the middle of the run. The kills come at a
 * third and two thirds of the reminders, so the run is nearly always still going; on a machine so
 * loaded that the second kill came after the end, the first one still has to have interrupted it.
 */
function reportKills(kills: Array<{ reminders: number; running: boolean }>, n: number): void {
  console.log(
    `kills at ${kills.map((k) => `${k.reminders}/${n}${k.running ? '' : ' (run over)'}`).join(', ')}`,
  );
  expect(kills.length, 'the run was killed').toBeGreaterThan(0);
  expect(kills[0], 'the first kill came while the run was going').toMatchObject({ running: true });
  expect(kills[0]!.reminders).toBeLessThan(n);
}

describe('a record-set run under SIGKILL', () => {
  const dirs: Array<{ remove(): void }> = [];
  afterAll(() => dirs.forEach((d) => d.remove()));
  const random = randomSequence(Number(process.env.FAULT_SEED ?? 13));

  it(`embedded: ${process.env.FAULT_SET_RECORDS ?? 10_000} tickets, each reminded exactly once across two kills`, async () => {
    const n = Number(process.env.FAULT_SET_RECORDS ?? 10_000);
    const data = tempDir('record-set-embedded');
    const modules = tempDir('record-set-modules');
    const outbox = tempDir('record-set-outbox');
    dirs.push(data, modules, outbox);
    writeDeskModule(modules.dir, { setBatchSize: BATCH.embedded, channels: ['email'], testAction: true });
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
      FLOW_OUTBOX_AGE_MS: '1000',
      FAULT_SET_RECORDS: String(n),
      LOG_LEVEL: 'warn',
    };
    const seen = (child: Child) => async () => {
      const all = [...child.output().matchAll(/reminders (\d+)/g)];
      return all.length ? Number(all[all.length - 1]![1]) : 0;
    };
    // What each kill interrupted, read from the store once the child is gone (not from its output,
    // which lags): the reminders sent and whether the run was still going.
    const kills: Array<{ reminders: number; running: boolean }> = [];
    for (const share of [1 / 3, 2 / 3]) {
      const child = startChild(NODE, env);
      if (!(await until(child, seen(child), Math.ceil(n * share)))) {
        expect(await child.exited, child.output()).toBe(0);
        break;
      }
      await sleep(random() * 30);
      await kill(child);
      expect(child.proc.signalCode, child.output()).toBe('SIGKILL');
      const store = new EmbeddedStore({ dir: join(data.dir, 'store') });
      try {
        kills.push(await interrupted(store));
      } finally {
        await store.close();
      }
    }
    const last = startChild(NODE, env);
    await whileMoving(last, async () => false, seen(last), 'the run to finish').catch(async (e) => {
      await kill(last);
      throw e;
    });
    expect(await last.exited, last.output()).toBe(0);
    expect(last.output()).toContain('run succeeded');
    reportKills(kills, n);
    const store = new EmbeddedStore({ dir: join(data.dir, 'store') });
    try {
      await verify(store, outbox.dir, n, BATCH.embedded);
    } finally {
      await store.close();
    }
  }, 1_800_000);

  it(`distributed: ${process.env.FAULT_SET_RECORDS ?? 600} tickets, the worker killed twice, each reminded exactly once`, async () => {
    const n = Number(process.env.FAULT_SET_RECORDS ?? 600);
    const namespace = uniqueNamespace('record-set');
    const modules = tempDir('record-set-modules-d');
    const outbox = tempDir('record-set-outbox-d');
    dirs.push(modules, outbox);
    writeDeskModule(modules.dir, { setBatchSize: BATCH.distributed, channels: ['email'], testAction: true });
    const common = {
      MONGODB_URL: mongodbUrl(),
      REDIS_URL: redisUrl(),
      FORMA_NAMESPACE: namespace,
      NOTIFY_OUTBOX_DIR: outbox.dir,
      FORMA_TEST_ACTIONS: '1',
      ENCRYPTION_KEY: KEY,
      FLOW_SWEEP_MS: '500',
      FLOW_OUTBOX_AGE_MS: '3000',
      WORKER_LOCK_MS: '2000',
      WORKER_STALLED_MS: '1000',
      LOG_LEVEL: 'warn',
    };
    const store = await MongoStore.connect({ url: mongodbUrl(), dbName: namespace });
    let worker: Child | null = null;
    try {
      const api = startChild(NODE, {
        ...common,
        ROLE: 'api',
        MODULES_DIR: modules.dir,
        FAULT_SET_RECORDS: String(n),
      });
      expect(await api.exited, api.output()).toBe(0);
      const kills: Array<{ reminders: number; running: boolean }> = [];
      for (const share of [1 / 3, 2 / 3]) {
        worker = startChild(WORKER, common);
        if (!(await until(worker, () => reminders(store), Math.ceil(n * share)))) break;
        await sleep(random() * 30);
        await kill(worker);
        kills.push(await interrupted(store));
      }
      worker = startChild(WORKER, common);
      const runs = store.collection<{ status: string }>('automation_runs');
      const done = async () => (await runs.findOne({ automation: 'desk-sweep' }))?.status !== 'running';
      expect(await whileMoving(worker, done, () => reminders(store), 'the run to finish')).toBe(true);
      reportKills(kills, n);
      await sleep(1500); // a late duplicate, if there were one, would show now
      await verify(store, outbox.dir, n, BATCH.distributed);
    } finally {
      if (worker) await kill(worker);
      await (store as DocumentStore & { dropDatabase(): Promise<void> }).dropDatabase();
      await store.close();
      await deleteRedisPrefix(redisUrl(), namespace);
    }
  }, 1_800_000);
});
