// The JobQueue contract: one suite, run against every adapter (job-queue.test.ts).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { UnrecoverableJobError, type Job, type JobEvent, type JobQueue } from '#engine/ports/job-queue.ts';
import { waitFor } from '../support/wait-for.ts';

export interface QueueHarness {
  queue: JobQueue;
  /** Closes the queue (and its store, for the embedded adapter) and opens a new one on the same data. */
  reopen(): Promise<JobQueue>;
  cleanup(): Promise<void>;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export function jobQueueContract(adapterName: string, open: () => Promise<QueueHarness>): void {
  describe(`JobQueue contract: ${adapterName}`, () => {
    let harness: QueueHarness;
    let queue: JobQueue;
    let n = 0;
    const name = (): string => `q${n}`;

    beforeEach(async () => {
      n++;
      harness = await open();
      queue = harness.queue;
    });
    afterEach(async () => {
      await harness.cleanup();
    });

    it('runs a job with its payload and reports completion', async () => {
      const seen: Job[] = [];
      const completed: JobEvent[] = [];
      queue.on('completed', (e) => completed.push(e));
      await queue.process(name(), async (job) => {
        seen.push(job);
        return { echoed: (job.payload as { x: number }).x };
      });
      const { id } = await queue.enqueue(name(), { x: 42 }, { jobId: 'job-1' });
      expect(id).toBe('job-1');
      await waitFor(() => completed.length === 1);
      expect(seen).toHaveLength(1);
      expect(seen[0]).toMatchObject({
        id: 'job-1',
        queue: name(),
        payload: { x: 42 },
        attemptsMade: 0,
        attempts: 1,
      });
      expect(completed[0]).toMatchObject({ queue: name(), jobId: 'job-1', result: { echoed: 42 } });
      expect(await queue.counts(name())).toMatchObject({ waiting: 0, active: 0, failed: 0, completed: 1 });
    });

    it('generates ids for jobs enqueued without one', async () => {
      const a = await queue.enqueue(name(), {});
      const b = await queue.enqueue(name(), {});
      expect(a.id).not.toBe(b.id);
      expect((await queue.counts(name())).waiting).toBe(2);
    });

    it('de-duplicates by job id, while pending and after completion', async () => {
      const runs: string[] = [];
      for (let i = 0; i < 3; i++) await queue.enqueue(name(), { i }, { jobId: 'same' });
      expect((await queue.counts(name())).waiting).toBe(1);
      await queue.process(name(), async (job) => {
        runs.push(job.id);
      });
      await waitFor(async () => (await queue.counts(name())).completed === 1);
      await queue.enqueue(name(), { i: 9 }, { jobId: 'same' });
      await sleep(300);
      expect(runs).toEqual(['same']);
    });

    it('holds a delayed job back until its delay has passed', async () => {
      const enqueuedAt = Date.now();
      let ranAt = 0;
      await queue.process(name(), async () => {
        ranAt = Date.now();
      });
      await queue.enqueue(name(), {}, { delay: 600 });
      await sleep(150);
      expect(ranAt).toBe(0);
      expect((await queue.counts(name())).delayed).toBe(1);
      await waitFor(() => ranAt > 0);
      expect(ranAt - enqueuedAt).toBeGreaterThanOrEqual(590);
    });

    it('retries with backoff and reports each failure', async () => {
      const attempts: number[] = [];
      const failed: JobEvent[] = [];
      const completed: JobEvent[] = [];
      queue.on('failed', (e) => failed.push(e));
      queue.on('completed', (e) => completed.push(e));
      await queue.process(name(), async (job) => {
        attempts.push(job.attemptsMade);
        if (job.attemptsMade < 2) throw new Error(`boom ${job.attemptsMade}`);
        return 'ok';
      });
      await queue.enqueue(name(), {}, { jobId: 'flaky', attempts: 3, backoff: { type: 'fixed', delay: 50 } });
      await waitFor(() => completed.length === 1);
      expect(attempts).toEqual([0, 1, 2]);
      expect(failed.map((f) => [f.error, f.final])).toEqual([
        ['boom 0', false],
        ['boom 1', false],
      ]);
    });

    it('keeps a job as failed once its attempts are exhausted', async () => {
      const failed: JobEvent[] = [];
      queue.on('failed', (e) => failed.push(e));
      let runs = 0;
      await queue.process(name(), async () => {
        runs++;
        throw new Error('always');
      });
      await queue.enqueue(
        name(),
        {},
        { jobId: 'doomed', attempts: 2, backoff: { type: 'exponential', delay: 20 } },
      );
      await waitFor(() => failed.some((f) => f.final));
      expect(runs).toBe(2);
      expect(failed.map((f) => f.final)).toEqual([false, true]);
      expect(await queue.counts(name())).toMatchObject({ failed: 1, completed: 0, waiting: 0, delayed: 0 });
    });

    it('fails at once on UnrecoverableJobError', async () => {
      const failed: JobEvent[] = [];
      queue.on('failed', (e) => failed.push(e));
      let runs = 0;
      await queue.process(name(), async () => {
        runs++;
        throw new UnrecoverableJobError('bad input');
      });
      await queue.enqueue(name(), {}, { attempts: 5, backoff: { type: 'fixed', delay: 10 } });
      await waitFor(() => failed.length === 1);
      await sleep(200);
      expect(runs).toBe(1);
      expect(failed[0]).toMatchObject({ error: 'bad input', final: true });
    });

    it('never runs more jobs at once than the concurrency allows', async () => {
      let active = 0;
      let peak = 0;
      let done = 0;
      await queue.process(
        name(),
        async () => {
          active++;
          peak = Math.max(peak, active);
          await sleep(80);
          active--;
          done++;
        },
        { concurrency: 3 },
      );
      for (let i = 0; i < 10; i++) await queue.enqueue(name(), { i });
      await waitFor(() => done === 10);
      expect(peak).toBe(3);
    });

    it('runs repeating jobs until the repeat is removed', async () => {
      const ticks: unknown[] = [];
      await queue.process(name(), async (job) => {
        ticks.push(job.payload);
      });
      await queue.repeat(name(), 'heartbeat', { everyMs: 150 }, { beat: true });
      await waitFor(() => ticks.length >= 2, 5000);
      await queue.removeRepeat(name(), 'heartbeat');
      await sleep(200);
      const after = ticks.length;
      await sleep(500);
      expect(ticks.length).toBe(after);
      expect(ticks[0]).toEqual({ beat: true });
    });

    it('refuses ids the other adapter could not store, and bad repeat specs', async () => {
      await expect(queue.enqueue(name(), {}, { jobId: 'a:b' })).rejects.toBeInstanceOf(TypeError);
      await expect(queue.enqueue(name(), {}, { jobId: '123' })).rejects.toBeInstanceOf(TypeError);
      await expect(queue.repeat(name(), 'r', {}, {})).rejects.toBeInstanceOf(TypeError);
      await expect(queue.repeat(name(), 'r', { cron: 'not cron' }, {})).rejects.toBeInstanceOf(TypeError);
    });

    it('closes gracefully: running jobs finish, no new job starts', async () => {
      let finished = 0;
      let started = 0;
      await queue.process(
        name(),
        async () => {
          started++;
          await sleep(300);
          finished++;
        },
        { concurrency: 1 },
      );
      await queue.enqueue(name(), {}, { jobId: 'first' });
      await queue.enqueue(name(), {}, { jobId: 'second' });
      await waitFor(() => started === 1);
      await queue.close();
      expect(finished).toBe(1);
      await sleep(400);
      expect(started).toBe(1);
    });

    it('keeps waiting and delayed jobs across a restart', async () => {
      await queue.enqueue(name(), { kind: 'waiting' }, { jobId: 'w' });
      await queue.enqueue(name(), { kind: 'delayed' }, { jobId: 'd', delay: 400 });
      const reopened = await harness.reopen();
      const seen: string[] = [];
      await reopened.process(name(), async (job) => {
        seen.push((job.payload as { kind: string }).kind);
      });
      await waitFor(() => seen.length === 2, 5000);
      expect(seen.sort()).toEqual(['delayed', 'waiting']);
    });
  });
}
