// GET /api/metrics: the platform's metrics in the Prometheus text format (services/metrics/).
// For an administrator's session, or for a scraper with `Authorization: Bearer <METRICS_TOKEN>`
// (set METRICS_TOKEN and give Prometheus `authorization: { credentials: … }`); nobody else: the
// figures tell how the installation is used.
import type { FastifyPluginAsync } from 'fastify';
import { errors } from '#engine/http/schemas.ts';
import '#engine/http/types.ts';

export const PROMETHEUS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

export const metricsRoutes: FastifyPluginAsync = async (app) => {
  const { metrics } = app.services;
  app.get(
    '',
    {
      config: { access: { resource: 'metrics', action: 'read' }, token: 'metrics' },
      schema: {
        tags: ['health'],
        summary: 'Metrics in the Prometheus text format (an admin session, or Bearer METRICS_TOKEN)',
        response: {
          200: { description: 'Prometheus text exposition format 0.0.4', type: 'string' },
          ...errors(401, 403),
        },
      },
    },
    async (_request, reply) =>
      reply.header('content-type', PROMETHEUS_CONTENT_TYPE).send(await metrics.render()),
  );
};
