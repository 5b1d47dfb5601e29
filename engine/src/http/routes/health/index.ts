// Health, public (no session), for load balancers and orchestrators:
//   GET /api/health/live    the process runs and its event loop answers (restart it when not)
//   GET /api/health/ready   it can serve: the store answers, every collection can be read (what
//                           files and backups need), the queue and the blob store answer, and
//                           it is not shutting down — send it traffic only when this is 200
//                           (503 otherwise)
//   GET /api/health         the readiness, in the shape this endpoint always had ({ status, mode })
// Which check failed is in the reply; why is in the log only (file paths and server errors are
// not for anonymous callers).
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { ReadinessReport } from '#engine/services/health/readiness.ts';
import { object } from '#engine/http/schemas.ts';
import '#engine/http/types.ts';

const mode = { enum: ['embedded', 'distributed'] };
const checks = {
  type: 'array',
  items: object({ name: { type: 'string' }, ok: { type: 'boolean' }, ms: { type: 'integer' } }, [
    'name',
    'ok',
    'ms',
  ]),
};
const health = (status: string[]) => object({ status: { enum: status }, mode, checks }, ['status', 'mode']);
const legacy = (status: string) => object({ status: { const: status }, mode }, ['status', 'mode']);

export const healthRoutes: FastifyPluginAsync = async (app) => {
  const { health: readiness, mode: runMode } = app.services;
  const tags = ['health'];
  // From the moment the server starts closing, it is no longer ready (running requests finish).
  app.addHook('preClose', async () => readiness.stopping());

  async function ready(request: FastifyRequest): Promise<ReadinessReport> {
    const report = await readiness.check();
    const failed = report.checks.filter((c) => !c.ok);
    if (failed.length) request.log.warn({ failed }, 'not ready');
    return report;
  }
  const shown = (report: ReadinessReport) => report.checks.map(({ name, ok, ms }) => ({ name, ok, ms }));

  app.get(
    '/health',
    {
      config: { public: true },
      schema: {
        tags,
        summary: 'Readiness and run mode (as /api/health/ready)',
        response: { 200: legacy('ok'), 503: legacy('unavailable') },
      },
    },
    async (request, reply: FastifyReply) => {
      const report = await ready(request);
      return reply
        .code(report.ready ? 200 : 503)
        .send({ status: report.ready ? 'ok' : 'unavailable', mode: runMode });
    },
  );

  app.get(
    '/health/live',
    {
      config: { public: true },
      schema: {
        tags,
        summary: 'Liveness: the process runs and answers (no store round trip)',
        response: {
          200: object({ status: { const: 'alive' }, mode, uptimeSeconds: { type: 'integer' } }, [
            'status',
            'mode',
            'uptimeSeconds',
          ]),
        },
      },
    },
    async () => ({ status: 'alive' as const, mode: runMode, uptimeSeconds: Math.floor(process.uptime()) }),
  );

  app.get(
    '/health/ready',
    {
      config: { public: true },
      schema: {
        tags,
        summary:
          'Readiness: the store, every collection, the queue, the blob store; 503 while any fails or the process stops',
        response: { 200: health(['ready']), 503: health(['unavailable', 'stopping']) },
      },
    },
    async (request, reply: FastifyReply) => {
      const report = await ready(request);
      const status = report.ready ? 'ready' : report.stopping ? 'stopping' : 'unavailable';
      return reply.code(report.ready ? 200 : 503).send({ status, mode: runMode, checks: shown(report) });
    },
  );
};
