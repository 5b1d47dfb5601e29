// Fault drill, embedded mode: the whole platform process (store, in-process queue and workers,
// users) is SIGKILLed at random moments several times and started again on the same data
// directory. Afterwards every instance has ended exactly once, every service-task side effect
// happened once, and nothing is stuck. Size: FAULT_FLOW_INSTANCES (default 200; the issue's
// 1,000 with FAULT_FLOW_INSTANCES=1000), FAULT_FLOW_KILLS (default 4).
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { EmbeddedStore } from '#engine/adapters/store/embedded/embedded-store.ts';
import { InProcessJobQueue } from '#engine/adapters/queue/in-process/in-process-queue.ts';
import { systemClock } from '#engine/ports/clock.ts';
import { FlowService } from '#engine/services/flows/flow-service.ts';
import { tempDir } from '../support/temp-dir.ts';
import { kill, randomSequence, sleep, startChild, verify } from './flow-fault-support.ts';

const N = Number(process.env.FAULT_FLOW_INSTANCES ?? 200);
const KILLS = Number(process.env.FAULT_FLOW_KILLS ?? 4);
const NODE = new URL('./flow-embedded-node.ts', import.meta.url).pathname;

describe('flow engine under SIGKILL of the embedded platform', () => {
  const dir = tempDir('flow-embedded-kill');
  afterAll(() => dir.remove());

  it(`${N} instances end exactly once across ${KILLS} kills`, async () => {
    const env = { DATA_DIR: dir.dir, FAULT_FLOW_INSTANCES: String(N) };
    const random = randomSequence(Number(process.env.FAULT_SEED ?? 7));
    let finishedEarly = false;
    for (let k = 0; k < KILLS; k++) {
      const child = startChild(NODE, env);
      // Kill after it has had time to start and make progress (startup takes about a second).
      const wait = 1500 + random() * 2500;
      const early = await Promise.race([child.exited.then(() => true), sleep(wait).then(() => false)]);
      if (early) {
        expect(child.proc.exitCode, child.output()).toBe(0);
        finishedEarly = true;
        break;
      }
      await kill(child);
    }
    if (!finishedEarly) {
      const last = startChild(NODE, env);
      const code = await last.exited;
      expect(code, last.output()).toBe(0);
    }
    const store = new EmbeddedStore({ dir: join(dir.dir, 'store') });
    const queue = new InProcessJobQueue(store);
    const flows = await new FlowService({ store, queue, clock: systemClock }).init();
    try {
      const { reRuns, restartedJobs } = await verify(store, flows, N);
      console.log(
        `jobs started more than once: ${restartedJobs}; re-runs that found their key done: ${reRuns}`,
      );
    } finally {
      await queue.close();
      await store.close();
    }
  }, 600_000);
});
