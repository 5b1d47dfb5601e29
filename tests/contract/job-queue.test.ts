// Runs the JobQueue contract against both adapters: the in-process queue over an embedded store,
// and BullMQ on the Redis from scripts/services.sh.
import { EmbeddedStore } from '#engine/adapters/store/embedded/embedded-store.ts';
import { InProcessJobQueue } from '#engine/adapters/queue/in-process/in-process-queue.ts';
import { BullmqJobQueue } from '#engine/adapters/queue/bullmq/bullmq-queue.ts';
import type { JobQueue } from '#engine/ports/job-queue.ts';
import { redisUrl, uniqueNamespace } from '../support/services.ts';
import { deleteRedisPrefix } from '../support/redis-keys.ts';
import { tempDir } from '../support/temp-dir.ts';
import { jobQueueContract } from './job-queue.contract.ts';

jobQueueContract('in-process', async () => {
  const tmp = tempDir('queue');
  let store = new EmbeddedStore({ dir: tmp.dir });
  let queue: JobQueue = new InProcessJobQueue(store);
  return {
    queue,
    async reopen() {
      await queue.close();
      await store.close();
      store = new EmbeddedStore({ dir: tmp.dir });
      queue = new InProcessJobQueue(store);
      return queue;
    },
    async cleanup() {
      await queue.close();
      await store.close();
      tmp.remove();
    },
  };
});

jobQueueContract('bullmq', async () => {
  const url = redisUrl();
  const prefix = uniqueNamespace('queue');
  const make = (): JobQueue => new BullmqJobQueue({ url, prefix });
  let queue = make();
  return {
    queue,
    async reopen() {
      await queue.close();
      queue = make();
      return queue;
    },
    async cleanup() {
      await queue.close();
      await deleteRedisPrefix(url, prefix);
    },
  };
});
