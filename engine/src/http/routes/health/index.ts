// GET /api/health: liveness and run mode, with a round trip to the store and to the blob store
// (a store that cannot serve files is not healthy). Public.
import type { FastifyPluginAsync } from 'fastify';
import '#engine/http/types.ts';

const status = (value: string) => ({
  type: 'object',
  properties: { status: { const: value }, mode: { enum: ['embedded', 'distributed'] } },
  required: ['status', 'mode'],
});

export const healthRoutes: FastifyPluginAsync = async (app) => {
  // The stores' own pings: no service stands between the health check and the stores.
  const { store, blobs, mode } = app.services;
  app.get(
    '/health',
    {
      config: { public: true },
      schema: {
        tags: ['health'],
        summary: 'Liveness and run mode',
        response: { 200: status('ok'), 503: status('unavailable') },
      },
    },
    async (_request, reply) => {
      try {
        await store.ping();
        await blobs.ping();
        return { status: 'ok' as const, mode };
      } catch {
        return reply.code(503).send({ status: 'unavailable' as const, mode });
      }
    },
  );
};
