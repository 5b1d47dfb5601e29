// Fault drill, embedded mode: the whole platform process (store, in-process queue and workers,
// users) is SIGKILLed several times and started again on the same data directory — each time once
// it has done another share of the service-task side effects (a tenth, a fifth … with 4 kills),
// a random few milliseconds after that, so that every kill hits work in flight. Afterwards every
// instance has ended exactly once, every side effect happened once, and nothing is stuck; and
// every kill happened, with work still to do. Size: FAULT_FLOW_INSTANCES (default 200; the full
// drill runs 1,000), FAULT_FLOW_KILLS (default 4).
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { EmbeddedStore } from '#engine/adapters/store/embedded/embedded-store.ts';
import { InProcessJobQueue } from '#engine/adapters/queue/in-process/in-process-queue.ts';
import { systemClock } from '#engine/ports/clock.ts';
import { FlowService } from '#engine/services/flows/flow-service.ts';
import { tempDir } from '../support/temp-dir.ts';
import { kill, randomSequence, sleep, startChild, verify, type Child } from './flow-fault-support.ts';

const N = Number(process.env.FAULT_FLOW_INSTANCES ?? 200);
const KILLS = Number(process.env.FAULT_FLOW_KILLS ?? 4);
const NODE = new URL('./flow-embedded-node.ts', import.meta.url).pathname;

/** The last count the platform process printed of `what` (ended instances, side effects), or null. */
function last(output: string, what: 'ended' | 'effects'): number | null {
  const all = [...output.matchAll(new RegExp(`${what} (\\d+)/`, 'g'))];
  return all.length ? Number(all[all.length - 1]![1]) : null;
}

/** Waits until the process has done `at` or more side effects; false if it exits first. */
async function progress(child: Child, at: number): Promise<boolean> {
  const until = Date.now() + 120_000;
  for (;;) {
    if ((last(child.output(), 'effects') ?? 0) >= at) return true;
    if (child.proc.exitCode !== null || child.proc.signalCode !== null) return false;
    if (Date.now() > until)
      throw new Error(`no progress to ${at} side effects in 2 minutes:\n${child.output()}`);
    await sleep(10);
  }
}

describe('flow engine under SIGKILL of the embedded platform', () => {
  const dir = tempDir('flow-embedded-kill');
  afterAll(() => dir.remove());

  it(`${N} instances end exactly once across ${KILLS} kills`, async () => {
    const env = { DATA_DIR: dir.dir, FAULT_FLOW_INSTANCES: String(N) };
    const random = randomSequence(Number(process.env.FAULT_SEED ?? 7));
    /** Side effects done and instances ended (as the process last printed) just before each kill. */
    const atKill: Array<{ effects: number; ended: number }> = [];
    for (let k = 1; k <= KILLS; k++) {
      const child = startChild(NODE, env);
      // The first half of the side effects (`record`, 150 ms each) comes steadily; the second
      // (`notify`, instant) nearly at once, so the kills are spread over the first half.
      if (!(await progress(child, Math.ceil((N * k) / (KILLS + 1))))) {
        // It finished (or died) before it got there: no kill to count, and the checks below say why.
        expect(await child.exited, child.output()).toBe(0);
        break;
      }
      await sleep(random() * 50);
      const before = { effects: last(child.output(), 'effects')!, ended: last(child.output(), 'ended') ?? 0 };
      await kill(child);
      // Killed, not finished on its own in the meantime.
      expect(child.proc.signalCode, child.output()).toBe('SIGKILL');
      atKill.push(before);
    }
    const final = startChild(NODE, env);
    const code = await final.exited;
    expect(code, final.output()).toBe(0);
    expect(atKill, 'progress when each kill came').toHaveLength(KILLS);
    for (const p of atKill) {
      expect(p.effects).toBeLessThan(2 * N);
      expect(p.ended).toBeLessThan(N);
    }
    const store = new EmbeddedStore({ dir: join(dir.dir, 'store') });
    const queue = new InProcessJobQueue(store);
    const flows = await new FlowService({ store, queue, clock: systemClock }).init();
    try {
      const { reRuns, restartedJobs } = await verify(store, flows, N);
      console.log(
        `kills at ${atKill.map((p) => p.effects).join(', ')} of ${2 * N} side effects; ` +
          `jobs started more than once: ${restartedJobs}; ` +
          `re-runs that found their key done: ${reRuns}`,
      );
    } finally {
      await queue.close();
      await store.close();
    }
  }, 600_000);
});
