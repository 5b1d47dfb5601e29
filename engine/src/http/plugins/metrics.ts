// Counts and times every answered request into `app.services.metrics`, by the route's pattern
// (/api/records/:form/:id) — never the raw URL, which would make a series per record — and status.
import type {} from '../types.ts';
import fp from 'fastify-plugin';

export const metricsPlugin = fp(
  async (app) => {
    const { metrics } = app.services;
    app.addHook('onResponse', async (request, reply) => {
      const route = request.is404 ? 'unmatched' : (request.routeOptions.url ?? 'unmatched');
      metrics.observeRequest(request.method, route, reply.statusCode, reply.elapsedTime / 1000);
    });
  },
  { name: 'forma-metrics', fastify: '5.x', dependencies: ['forma-services'] },
);
