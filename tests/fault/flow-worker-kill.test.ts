// Fault drill, distributed mode: approval-like instances run while worker processes
// (`platform/worker.ts` on BullMQ + MongoDB) are SIGKILLed at random moments and restarted.
// Every instance must end exactly once, every service-task side effect happen once (re-runs are
// detected by the idempotency key), and nothing may be left stuck. The test process plays the
// API and the users (it completes the user tasks). Size: FAULT_FLOW_INSTANCES (default 100 here;
// the full drill runs 1,000 with FAULT_FLOW_INSTANCES=1000), FAULT_FLOW_KILLS (default 4).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BullmqJobQueue } from '#engine/adapters/queue/bullmq/bullmq-queue.ts';
import { MongoStore } from '#engine/adapters/store/mongodb/mongo-store.ts';
import type { FlowService } from '#engine/services/flows/flow-service.ts';
import { deleteRedisPrefix } from '../support/redis-keys.ts';
import { mongodbUrl, redisUrl, uniqueNamespace } from '../support/services.ts';
import {
  deployedFlows,
  drive,
  kill,
  randomSequence,
  sleep,
  startChild,
  verify,
  workerEnv,
  type Child,
} from './flow-fault-support.ts';

const N = Number(process.env.FAULT_FLOW_INSTANCES ?? 100);
const KILLS = Number(process.env.FAULT_FLOW_KILLS ?? 4);
const WORKER = new URL('../../platform/worker.ts', import.meta.url).pathname;

describe('flow engine under worker SIGKILL (distributed)', () => {
  const ns = uniqueNamespace('flowkill');
  let store: MongoStore;
  let queue: BullmqJobQueue;
  let flows: FlowService;
  const workers: Child[] = [];

  const env = (): Record<string, string> => workerEnv(ns, redisUrl(), 1500);

  beforeAll(async () => {
    store = await MongoStore.connect({ url: mongodbUrl(), dbName: ns });
    queue = new BullmqJobQueue({ url: redisUrl(), prefix: ns });
    flows = await deployedFlows(store, queue);
  });

  afterAll(async () => {
    for (const w of workers) await kill(w);
    await queue.close();
    await store.dropDatabase();
    await store.close();
    await deleteRedisPrefix(redisUrl(), ns);
  });

  it(`${N} instances end exactly once while workers are killed ${KILLS} times`, async () => {
    workers.push(startChild(WORKER, env()), startChild(WORKER, env()));
    const random = randomSequence(Number(process.env.FAULT_SEED ?? 20260105));
    let done = false;
    let kills = 0;
    const isReady = (w: Child): boolean => w.output().includes('worker ready');
    const ready = async (w: Child): Promise<void> => {
      const until = Date.now() + 30_000;
      while (!isReady(w) && Date.now() < until) await sleep(50);
    };
    // Both workers take jobs before the first instance starts, and each kill picks a worker that is
    // up at that moment (not waiting for the restarted one): on a fast machine the instances would
    // otherwise all end before the second kill.
    await Promise.all(workers.map(ready));
    const chaos = (async () => {
      while (!done && kills < KILLS) {
        const until = Date.now() + 30_000;
        while (!done && !workers.some(isReady) && Date.now() < until) await sleep(50);
        await sleep(100 + random() * 600);
        if (done) break;
        const up = workers.map((w, i) => ({ w, i })).filter(({ w }) => isReady(w));
        if (up.length === 0) continue;
        const { i } = up[Math.floor(random() * up.length)]!;
        await kill(workers[i]!);
        kills++;
        workers[i] = startChild(WORKER, env());
      }
    })();
    try {
      await drive(flows, N, { deadlineMs: 400_000 });
    } catch (e) {
      console.error(workers.map((w) => w.output()).join('\n----\n'));
      throw e;
    } finally {
      done = true;
      await chaos;
    }
    expect(kills).toBeGreaterThanOrEqual(Math.min(KILLS, 2));
    const { reRuns, restartedJobs } = await verify(store, flows, N);
    console.log(
      `worker kills: ${kills}; jobs started more than once: ${restartedJobs}; re-runs that found their key done: ${reRuns}`,
    );
  }, 600_000);
});
