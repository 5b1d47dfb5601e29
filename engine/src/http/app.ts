// The one Fastify application both run modes serve. Routes live under /api, one folder per
// resource, each an encapsulated plugin.
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { Adapters } from '../bootstrap.ts';
import { healthRoutes } from './routes/health/index.ts';

export interface AppOptions {
  adapters: Adapters;
  logger?: Logger | false;
}

export async function buildApp({ adapters, logger = false }: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    ...(logger ? { loggerInstance: logger as FastifyBaseLogger } : { logger: false }),
    requestIdHeader: 'x-request-id',
  });
  await app.register(healthRoutes, { prefix: '/api', adapters });
  return app;
}
