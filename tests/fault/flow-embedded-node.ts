// The embedded platform for the embedded-mode fault drill: one process with the embedded store,
// the in-process queue and its workers, and the "users" completing tasks. The drill SIGKILLs it
// at random moments and starts it again on the same data directory; it exits 0 once every
// instance has ended. Environment: DATA_DIR, FAULT_FLOW_INSTANCES.
import { join } from 'node:path';
import { EmbeddedStore } from '#engine/adapters/store/embedded/embedded-store.ts';
import { InProcessJobQueue } from '#engine/adapters/queue/in-process/in-process-queue.ts';
import { systemClock } from '#engine/ports/clock.ts';
import { FlowService } from '#engine/services/flows/flow-service.ts';
import { defaultActions } from '#workers/actions/index.ts';
import { startFlowWorkers } from '#workers/processors/index.ts';
import { approvalLikeXml, drive } from './flow-fault-support.ts';

const dir = process.env.DATA_DIR!;
const n = Number(process.env.FAULT_FLOW_INSTANCES ?? 200);
const store = new EmbeddedStore({ dir: join(dir, 'store') });
const queue = new InProcessJobQueue(store);
const actions = defaultActions({ testActions: true });
const flows = await new FlowService({
  store,
  queue,
  clock: systemClock,
  knownActions: () => actions.names(),
  retryBackoffMs: 50,
}).init();
await startFlowWorkers(queue, flows, actions, { concurrency: 8, sweepEveryMs: 500, outboxAgeMs: 1000 });
await flows.deploy(approvalLikeXml);
// The drill kills this process by its progress: instances ended (they end nearly all at once, when
// the last service tasks finish) and service-task side effects done (two per instance, steadily).
const effects = store.collection('test_action_runs');
const report = setInterval(() => {
  void effects.count().then((done) => console.log(`effects ${done}/${2 * n}`));
}, 25);
await drive(flows, n, {
  deadlineMs: Number(process.env.FAULT_DEADLINE_MS ?? 300_000),
  onProgress: (ended) => console.log(`ended ${ended}/${n}`),
});
clearInterval(report);
await queue.close();
await store.close();
process.exit(0);
