// GET /api/health: liveness and run mode, with a round trip to the store.
import type { FastifyPluginAsync } from 'fastify';
import type { Adapters } from '../../../bootstrap.ts';

export const healthRoutes: FastifyPluginAsync<{ adapters: Adapters }> = async (app, { adapters }) => {
  app.get(
    '/health',
    {
      schema: {
        response: {
          200: {
            type: 'object',
            properties: { status: { const: 'ok' }, mode: { enum: ['embedded', 'distributed'] } },
            required: ['status', 'mode'],
          },
          503: {
            type: 'object',
            properties: { status: { const: 'unavailable' }, mode: { enum: ['embedded', 'distributed'] } },
            required: ['status', 'mode'],
          },
        },
      },
    },
    async (_request, reply) => {
      try {
        await adapters.store.ping();
        return { status: 'ok' as const, mode: adapters.mode };
      } catch {
        return reply.code(503).send({ status: 'unavailable' as const, mode: adapters.mode });
      }
    },
  );
};
