// A worker process killed with SIGKILL in the middle of jobs, three times: every job still
// completes, and its (idempotent) effect is applied exactly once — for both queue adapters.
// In-process: the killed process owned the queue; its successor finds the interrupted jobs in the
// store. BullMQ: the successor picks the stalled jobs up once the dead worker's locks expire.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EmbeddedStore } from '#engine/adapters/store/embedded/embedded-store.ts';
import { MongoStore } from '#engine/adapters/store/mongodb/mongo-store.ts';
import { InProcessJobQueue } from '#engine/adapters/queue/in-process/in-process-queue.ts';
import { BullmqJobQueue } from '#engine/adapters/queue/bullmq/bullmq-queue.ts';
import type { DocumentStore } from '#engine/ports/document-store.ts';
import type { JobQueue } from '#engine/ports/job-queue.ts';
import { onLines, spawnTs } from '../support/child.ts';
import { mongodbUrl, redisUrl, uniqueNamespace } from '../support/services.ts';
import { deleteRedisPrefix } from '../support/redis-keys.ts';
import { tempDir } from '../support/temp-dir.ts';

const worker = join(import.meta.dirname, 'fixtures', 'queue-worker.ts');
const JOBS = 60;

interface Setup {
  arg: string;
  open(): Promise<{ store: DocumentStore; queue: JobQueue }>;
  cleanup(): Promise<void>;
}

async function inProcessSetup(): Promise<Setup> {
  const tmp = tempDir('qkill');
  return {
    arg: tmp.dir,
    async open() {
      const store = new EmbeddedStore({ dir: tmp.dir });
      return { store, queue: new InProcessJobQueue(store) };
    },
    async cleanup() {
      tmp.remove();
    },
  };
}

async function bullmqSetup(): Promise<Setup> {
  const ns = uniqueNamespace('qkill');
  return {
    arg: ns,
    async open() {
      const store = await MongoStore.connect({ url: mongodbUrl(), dbName: ns });
      return { store, queue: new BullmqJobQueue({ url: redisUrl(), prefix: ns }) };
    },
    async cleanup() {
      const store = await MongoStore.connect({ url: mongodbUrl(), dbName: ns });
      await store.dropDatabase();
      await store.close();
      await deleteRedisPrefix(redisUrl(), ns);
    },
  };
}

describe.each([
  ['in-process', inProcessSetup],
  ['bullmq', bullmqSetup],
] as const)('worker killed mid-job: %s', (mode, makeSetup) => {
  it('completes every job with its effect applied exactly once', { timeout: 120_000 }, async () => {
    const setup = await makeSetup();
    try {
      let { store, queue } = await setup.open();
      for (let i = 0; i < JOBS; i++) await queue.enqueue('work', { i }, { jobId: `job-${i}` });
      await queue.close();
      await store.close();

      const env = { MONGODB_URL: mongodbUrl(), REDIS_URL: redisUrl() };
      const newEffects = new Set<string>();
      let interrupted = 0;
      for (let round = 0; round <= 3; round++) {
        const child = spawnTs(worker, [mode, setup.arg], env);
        const startedHere = new Set<string>();
        let starts = 0;
        let idle = false;
        const killAt = round < 3 ? 3 + Math.floor(Math.random() * 8) : Infinity;
        const exit = onLines(child, (line) => {
          const [what, id, kind] = line.split(' ');
          if (what === 'start') {
            startedHere.add(id!);
            // Kill right after a handler began: at least that job is mid-run.
            if (++starts === killAt) child.kill('SIGKILL');
          } else if (what === 'effect') {
            startedHere.delete(id!);
            if (kind === 'new') {
              expect(newEffects.has(id!), `effect of ${id} applied twice`).toBe(false);
              newEffects.add(id!);
            }
          } else if (what === 'idle') idle = true;
        });
        const code = await exit;
        if (round < 3) {
          expect(code).toBeNull();
          interrupted += startedHere.size;
        } else {
          expect(code).toBe(0);
          expect(idle).toBe(true);
        }
      }

      expect(interrupted).toBeGreaterThan(0);
      // A killed process may have applied an effect without living to print it, so the printed
      // "new" lines can fall short of JOBS; the store has the final word.
      expect(newEffects.size).toBeGreaterThan(JOBS - 3 * 4 - 1);
      ({ store, queue } = await setup.open());
      expect(await store.collection('effects').count()).toBe(JOBS);
      expect(await queue.counts('work')).toMatchObject({
        waiting: 0,
        active: 0,
        delayed: 0,
        failed: 0,
        completed: JOBS,
      });
      await queue.close();
      await store.close();
    } finally {
      await setup.cleanup();
    }
  });
});
