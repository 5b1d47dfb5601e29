// Fault drill, distributed mode: Redis (our own redis-server with AOF, on a free loopback port)
// is SIGKILLed and restarted twice while approval-like instances run on a worker process — once
// when a fifth of them have ended, once at three fifths, so that each crash hits work in flight.
// The queue clients reconnect; delayed and waiting jobs survive (AOF); the sweeper re-delivers
// whatever a lost dispatch left behind. Same checks as the worker-kill drill, plus proof that each
// restart happened: a different server process (pid and Redis run_id) answered afterwards, while
// instances were still active. Size: FAULT_FLOW_INSTANCES (default 100).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BullmqJobQueue } from '#engine/adapters/queue/bullmq/bullmq-queue.ts';
import { MongoStore } from '#engine/adapters/store/mongodb/mongo-store.ts';
import type { FlowService } from '#engine/services/flows/flow-service.ts';
import { PrivateRedis } from '../support/private-redis.ts';
import { mongodbUrl, uniqueNamespace } from '../support/services.ts';
import {
  deployedFlows,
  drive,
  kill,
  sleep,
  startChild,
  verify,
  workerEnv,
  type Child,
} from './flow-fault-support.ts';

const N = Number(process.env.FAULT_FLOW_INSTANCES ?? 100);
const WORKER = new URL('../../platform/worker.ts', import.meta.url).pathname;
/** Share of ended instances at which Redis is killed. */
const KILL_AT = [0.2, 0.6];

interface Restart {
  /** Instances still active when Redis was killed. */
  activeAtKill: number;
  before: { pid: number | null; runId: string };
  after: { pid: number | null; runId: string };
}

describe('flow engine across a Redis restart (distributed)', () => {
  const ns = uniqueNamespace('flowredis');
  let redis: PrivateRedis;
  let store: MongoStore;
  let queue: BullmqJobQueue;
  let flows: FlowService;
  let worker: Child | null = null;

  beforeAll(async () => {
    redis = await PrivateRedis.start();
    store = await MongoStore.connect({ url: mongodbUrl(), dbName: ns });
    queue = new BullmqJobQueue({ url: redis.url, prefix: ns });
    flows = await deployedFlows(store, queue);
  });

  afterAll(async () => {
    if (worker) await kill(worker);
    await queue?.close();
    await redis?.destroy();
    await store?.dropDatabase();
    await store?.close();
  });

  it(`${N} instances end exactly once across two Redis crashes`, async () => {
    worker = startChild(WORKER, workerEnv(ns, redis.url, 2000));
    let ended = 0;
    let done = false;
    const restarts: Restart[] = [];
    const chaos = (async () => {
      for (const share of KILL_AT) {
        while (!done && ended < N * share) await sleep(20);
        if (done) return;
        const before = { pid: redis.pid, runId: await redis.runId() };
        const activeAtKill = await flows.runtime.instances.count({
          processId: 'fault_approval',
          status: 'active',
        });
        await redis.restart(1000, 'kill');
        restarts.push({ activeAtKill, before, after: { pid: redis.pid, runId: await redis.runId() } });
      }
    })();
    try {
      await drive(flows, N, { deadlineMs: 400_000, onProgress: (n) => (ended = n) });
    } catch (e) {
      console.error(worker.output());
      throw e;
    } finally {
      done = true;
      await chaos;
    }
    // Both crashes happened, each with instances in flight, and a new server answered after each.
    expect(restarts).toHaveLength(KILL_AT.length);
    for (const r of restarts) {
      expect(r.activeAtKill).toBeGreaterThan(0);
      expect(r.after.pid).not.toBe(r.before.pid);
      expect(r.after.runId).not.toBe(r.before.runId);
    }
    expect(new Set(restarts.flatMap((r) => [r.before.runId, r.after.runId])).size).toBe(KILL_AT.length + 1);
    const { reRuns, restartedJobs } = await verify(store, flows, N);
    console.log(
      `redis restarts: ${restarts.length} (active instances at each: ${restarts.map((r) => r.activeAtKill).join(', ')}); ` +
        `jobs started more than once: ${restartedJobs}; re-runs that found their key done: ${reRuns}`,
    );
  }, 600_000);
});
