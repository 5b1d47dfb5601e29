// Fault drill, distributed mode: Redis (our own redis-server with AOF, on a free loopback port)
// is SIGKILLed and restarted twice while approval-like instances run on a worker process. The
// queue clients reconnect; delayed and waiting jobs survive (AOF); the sweeper re-delivers
// whatever a lost dispatch left behind. Same checks as the worker-kill drill.
// Size: FAULT_FLOW_INSTANCES (default 100).
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { BullmqJobQueue } from '#engine/adapters/queue/bullmq/bullmq-queue.ts';
import { MongoStore } from '#engine/adapters/store/mongodb/mongo-store.ts';
import { systemClock } from '#engine/ports/clock.ts';
import { FlowService } from '#engine/services/flows/flow-service.ts';
import { defaultActions } from '#workers/actions/index.ts';
import { mongodbUrl, uniqueNamespace } from '../support/services.ts';
import { tempDir } from '../support/temp-dir.ts';
import { waitFor } from '../support/wait-for.ts';
import { approvalLikeXml, drive, kill, sleep, startChild, verify, type Child } from './flow-fault-support.ts';

const N = Number(process.env.FAULT_FLOW_INSTANCES ?? 100);
const WORKER = new URL('../../platform/worker.ts', import.meta.url).pathname;

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
  });
}

describe('flow engine across a Redis restart (distributed)', () => {
  const ns = uniqueNamespace('flowredis');
  const dir = tempDir('flow-redis');
  let port = 0;
  let redis: ChildProcess | null = null;
  let store: MongoStore;
  let queue: BullmqJobQueue;
  let flows: FlowService;
  let worker: Child | null = null;

  const startRedis = async (): Promise<void> => {
    redis = spawn(
      'redis-server',
      [
        '--port',
        String(port),
        '--bind',
        '127.0.0.1',
        '--dir',
        dir.dir,
        '--appendonly',
        'yes',
        '--appendfsync',
        'always',
        '--save',
        '',
      ],
      { stdio: 'ignore' },
    );
    await waitFor(
      async () => {
        const probe = new Redis({
          port,
          host: '127.0.0.1',
          lazyConnect: true,
          maxRetriesPerRequest: 0,
          retryStrategy: () => null,
        });
        probe.on('error', () => {
          // Refused while redis-server starts: the next poll tries again.
        });
        try {
          await probe.connect();
          return (await probe.ping()) === 'PONG';
        } catch {
          return false;
        } finally {
          probe.disconnect();
        }
      },
      15_000,
      'redis-server to answer',
    );
  };

  const stopRedis = async (): Promise<void> => {
    const proc = redis;
    redis = null;
    if (!proc?.pid || proc.exitCode !== null) return;
    const gone = new Promise((r) => proc.once('exit', r));
    process.kill(proc.pid, 'SIGKILL');
    await gone;
  };

  beforeAll(async () => {
    port = await freePort();
    await startRedis();
    store = await MongoStore.connect({ url: mongodbUrl(), dbName: ns });
    queue = new BullmqJobQueue({ url: `redis://127.0.0.1:${port}`, prefix: ns });
    const actions = defaultActions({ testActions: true });
    flows = await new FlowService({
      store,
      queue,
      clock: systemClock,
      knownActions: () => actions.names(),
    }).init();
    await flows.deploy(approvalLikeXml);
  });

  afterAll(async () => {
    if (worker) await kill(worker);
    await queue.close();
    await stopRedis();
    await store.dropDatabase();
    await store.close();
    dir.remove();
  });

  it(`${N} instances end exactly once across two Redis restarts`, async () => {
    worker = startChild(WORKER, {
      MONGODB_URL: mongodbUrl(),
      REDIS_URL: `redis://127.0.0.1:${port}`,
      FORMA_NAMESPACE: ns,
      FORMA_TEST_ACTIONS: '1',
      WORKER_LOCK_MS: '2000',
      WORKER_STALLED_MS: '1000',
      WORKER_CONCURRENCY: '8',
      FLOW_SWEEP_MS: '1000',
      FLOW_OUTBOX_AGE_MS: '3000',
      FLOW_RETRY_BACKOFF_MS: '50',
    });
    let done = false;
    let restarts = 0;
    const chaos = (async () => {
      while (!done && restarts < 2) {
        await sleep(2500);
        if (done) break;
        await stopRedis();
        await sleep(1000);
        await startRedis();
        restarts++;
      }
    })();
    try {
      await drive(flows, N, { deadlineMs: 400_000 });
    } catch (e) {
      console.error(worker.output());
      throw e;
    } finally {
      done = true;
      await chaos;
    }
    const { reRuns, restartedJobs } = await verify(store, flows, N);
    console.log(
      `redis restarts: ${restarts}; jobs started more than once: ${restartedJobs}; re-runs that found their key done: ${reRuns}`,
    );
  }, 600_000);
});
