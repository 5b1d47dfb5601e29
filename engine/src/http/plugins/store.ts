// Decorates the app with the run mode's ports: `app.adapters`, `app.store`, `app.clock`.
import type {} from '../types.ts';
import fp from 'fastify-plugin';
import type { Adapters } from '#engine/bootstrap.ts';
import type { Clock } from '#engine/ports/clock.ts';

export const storePlugin = fp<{ adapters: Adapters; clock: Clock }>(
  async (app, { adapters, clock }) => {
    app.decorate('adapters', adapters);
    app.decorate('store', adapters.store);
    app.decorate('clock', clock);
  },
  { name: 'forma-store', fastify: '5.x' },
);
