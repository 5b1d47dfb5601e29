// Decorates the app with the job queue: `app.queue`.
import type {} from '../types.ts';
import fp from 'fastify-plugin';
import type { JobQueue } from '#engine/ports/job-queue.ts';

export const queuePlugin = fp<{ queue: JobQueue }>(
  async (app, { queue }) => {
    app.decorate('queue', queue);
  },
  { name: 'forma-queue', fastify: '5.x' },
);
