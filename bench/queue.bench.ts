// JobQueue throughput end to end (enqueue → handler → completed), both adapters in one run.
// `BENCH_JOBS` jobs (default 3000), no-op handler, concurrency 8, enqueued by 8 concurrent producers.
// Needs Redis for BullMQ: bash scripts/services.sh up.
import { EmbeddedStore } from '../engine/src/adapters/store/embedded/embedded-store.ts';
import { InProcessJobQueue } from '../engine/src/adapters/queue/in-process/in-process-queue.ts';
import { BullmqJobQueue } from '../engine/src/adapters/queue/bullmq/bullmq-queue.ts';
import type { JobQueue } from '../engine/src/ports/job-queue.ts';
import { deleteRedisPrefix } from '../tests/support/redis-keys.ts';
import { tempDir } from '../tests/support/temp-dir.ts';
import { fmt, redisUrl, table, uniqueNamespace } from './harness.ts';

const JOBS = Number(process.env.BENCH_JOBS ?? 3000);

async function measure(queue: JobQueue): Promise<number> {
  let done = 0;
  let finish: () => void = () => {};
  const finished = new Promise<void>((r) => (finish = r));
  queue.on('completed', () => {
    if (++done === JOBS) finish();
  });
  await queue.process('bench', async () => undefined, { concurrency: 8 });
  const start = process.hrtime.bigint();
  let next = 0;
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (next < JOBS) {
        const i = next++;
        await queue.enqueue('bench', { i }, { jobId: `j${i}-bench` });
      }
    }),
  );
  await finished;
  return JOBS / (Number(process.hrtime.bigint() - start) / 1e9);
}

const tmp = tempDir('bench-queue');
const store = new EmbeddedStore({ dir: tmp.dir });
const inProcess = new InProcessJobQueue(store);
const inProcessJps = await measure(inProcess);
await inProcess.close();
await store.close();
tmp.remove();

const prefix = uniqueNamespace('bench');
const bull = new BullmqJobQueue({ url: redisUrl(), prefix });
const bullJps = await measure(bull);
await bull.close();
await deleteRedisPrefix(redisUrl(), prefix);

console.log(`JobQueue, ${JOBS} jobs end to end; jobs/s (higher is better)`);
table([
  {
    'in-process': fmt(inProcessJps),
    bullmq: fmt(bullJps),
    'in-process/bullmq': `${(inProcessJps / bullJps).toFixed(1)}x`,
  },
]);
console.log(JSON.stringify({ jobs: JOBS, in_process_jps: inProcessJps, bullmq_jps: bullJps }));
