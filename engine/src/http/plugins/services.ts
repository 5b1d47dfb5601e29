// Decorates the app with the process's services (`app.services`): the one way a route reaches a
// service. They are built before the app by the composition root (platform/compose.ts), which
// also closes them: the app only borrows them.
import type {} from '../types.ts';
import fp from 'fastify-plugin';
import type { Services } from '#engine/services/services.ts';

export const servicesPlugin = fp<{ services: Services }>(
  async (app, { services }) => {
    app.decorate('services', services);
  },
  { name: 'forma-services', fastify: '5.x' },
);
