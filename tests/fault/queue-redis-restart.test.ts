// Redis restarted in the middle of a BullMQ run (jobs waiting, running, and enqueued while it is
// down): every job still completes, none fails.
import { describe, expect, it } from 'vitest';
import { BullmqJobQueue } from '#engine/adapters/queue/bullmq/bullmq-queue.ts';
import { PrivateRedis } from '../support/private-redis.ts';
import { waitFor } from '../support/wait-for.ts';

describe('BullMQ across a Redis restart', () => {
  it('loses no job', { timeout: 120_000 }, async () => {
    const redis = await PrivateRedis.start();
    const queue = new BullmqJobQueue({
      url: redis.url,
      prefix: 'restart',
      lockDurationMs: 2000,
      stalledIntervalMs: 1000,
    });
    try {
      const done = new Map<string, number>();
      await queue.process(
        'work',
        async (job) => {
          await new Promise((r) => setTimeout(r, 10));
          done.set(job.id, (done.get(job.id) ?? 0) + 1);
        },
        { concurrency: 4 },
      );
      for (let i = 0; i < 150; i++) await queue.enqueue('work', { i }, { jobId: `before-${i}` });
      await waitFor(() => done.size >= 40, 30_000, 'the first jobs');

      await redis.stop();
      // Enqueued while Redis is down: ioredis holds the commands until it reconnects.
      const during = Promise.all(
        Array.from({ length: 50 }, (_, i) => queue.enqueue('work', { i }, { jobId: `during-${i}` })),
      );
      await new Promise((r) => setTimeout(r, 500));
      await redis.restart(0);
      await during;

      await waitFor(() => done.size === 200, 60_000, 'all 200 jobs');
      expect([...done.keys()].filter((k) => k.startsWith('before-'))).toHaveLength(150);
      expect(await queue.counts('work')).toMatchObject({ failed: 0, waiting: 0, delayed: 0 });
    } finally {
      await queue.close();
      await redis.destroy();
    }
  });
});
