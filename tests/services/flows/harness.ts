// A FlowService with its workers on real adapters, in either run mode: the embedded store with the
// in-process queue (temp dir), or MongoDB (FerretDB) with BullMQ (Redis), isolated by namespace.
import { EmbeddedStore } from '#engine/adapters/store/embedded/embedded-store.ts';
import { InProcessJobQueue } from '#engine/adapters/queue/in-process/in-process-queue.ts';
import { MongoStore } from '#engine/adapters/store/mongodb/mongo-store.ts';
import { BullmqJobQueue } from '#engine/adapters/queue/bullmq/bullmq-queue.ts';
import { ManualClock, type Clock } from '#engine/ports/clock.ts';
import type { DocumentStore } from '#engine/ports/document-store.ts';
import type { JobQueue } from '#engine/ports/job-queue.ts';
import { FlowService, type FlowServiceOptions } from '#engine/services/flows/flow-service.ts';
import { defaultActions } from '#workers/actions/index.ts';
import type { ActionRegistry } from '#workers/actions/registry.ts';
import { startFlowWorkers } from '#workers/processors/index.ts';
import { deleteRedisPrefix } from '#tests/support/redis-keys.ts';
import { mongodbUrl, redisUrl, uniqueNamespace } from '#tests/support/services.ts';
import { tempDir } from '#tests/support/temp-dir.ts';

export type Mode = 'embedded' | 'distributed';

export interface FlowHarness {
  mode: Mode;
  store: DocumentStore;
  queue: JobQueue;
  clock: Clock;
  flows: FlowService;
  actions: ActionRegistry;
  close(): Promise<void>;
}

export async function openFlows(
  mode: Mode,
  options: {
    clock?: Clock;
    workers?: boolean;
    service?: Partial<FlowServiceOptions>;
    forms?: string[];
  } = {},
): Promise<FlowHarness> {
  let store: DocumentStore;
  let queue: JobQueue;
  let cleanup: () => Promise<void>;
  if (mode === 'embedded') {
    const tmp = tempDir('flows');
    store = new EmbeddedStore({ dir: tmp.dir });
    queue = new InProcessJobQueue(store);
    cleanup = async () => {
      await queue.close();
      await store.close();
      tmp.remove();
    };
  } else {
    const ns = uniqueNamespace('flows');
    const mongo = await MongoStore.connect({ url: mongodbUrl(), dbName: ns });
    store = mongo;
    queue = new BullmqJobQueue({ url: redisUrl(), prefix: ns });
    cleanup = async () => {
      await queue.close();
      await mongo.dropDatabase();
      await mongo.close();
      await deleteRedisPrefix(redisUrl(), ns);
    };
  }
  const clock = options.clock ?? new ManualClock();
  const actions = defaultActions({ testActions: true });
  const forms = new Set(options.forms ?? []);
  const flows = await new FlowService({
    store,
    queue,
    clock,
    knownActions: () => actions.names(),
    formExists: (id) => forms.has(id),
    retryBackoffMs: 20,
    ...options.service,
  }).init();
  if (options.workers !== false)
    await startFlowWorkers(queue, flows, actions, { concurrency: 4, sweepEveryMs: 0 });
  return { mode, store, queue, clock, flows, actions, close: cleanup };
}
