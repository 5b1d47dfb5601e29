// Camunda's cluster endpoints:
//   GET  /v2/topology      one "broker" (this installation) with one partition: clients use it to
//                          check that they reach a cluster at all
//   PUT  /v2/clock         pin the installation's clock to an instant (administrators)
//   POST /v2/clock/reset   let it follow the system time again
// The clock endpoints exist only when CAMUNDA_CLOCK_ENDPOINTS is on (test and demo installations:
// a model with hour-long timers runs to its end in seconds); the pin applies to every process of
// the installation (services/clock/clock-control.ts), timers, due dates and sessions included.
import type { FastifyPluginAsync } from 'fastify';
import { object } from '#engine/http/schemas.ts';
import '#engine/http/types.ts';

/** The Camunda API level these endpoints follow (the 8.9 Orchestration Cluster API). */
const API_LEVEL = '8.9.0';

export const clusterRoutes: FastifyPluginAsync = async (app) => {
  const tags = ['camunda'];
  const { clockControl } = app.services;

  app.get(
    '/topology',
    { schema: { tags, summary: 'Camunda: the cluster topology (one broker, one partition)' } },
    async (request) => ({
      brokers: [
        {
          nodeId: 0,
          host: request.hostname.replace(/:\d+$/, ''),
          port: request.port ?? 0,
          partitions: [{ partitionId: 1, role: 'leader', health: 'healthy' }],
          version: API_LEVEL,
        },
      ],
      clusterId: null,
      clusterSize: 1,
      partitionsCount: 1,
      replicationFactor: 1,
      gatewayVersion: API_LEVEL,
      lastCompletedChangeId: '-1',
    }),
  );

  if (!clockControl) return;

  app.put<{ Body: { timestamp: number } }>(
    '/clock',
    {
      config: { access: { resource: 'clock', action: 'update' }, audited: false },
      schema: {
        tags,
        summary:
          "Camunda: pin the installation's clock (epoch milliseconds); test and demo installations only",
        response: { 204: { type: 'null' } },
        body: object({ timestamp: { type: 'integer', minimum: 0, maximum: 8_640_000_000_000_000 } }, [
          'timestamp',
        ]),
      },
    },
    async (request, reply) => {
      await clockControl.pin(request.body.timestamp);
      await request.audit({
        action: 'clock.pin',
        resource: 'clock',
        details: { timestamp: new Date(request.body.timestamp).toISOString() },
      });
      return reply.code(204).send();
    },
  );

  app.post(
    '/clock/reset',
    {
      config: { access: { resource: 'clock', action: 'update' }, audited: false },
      schema: {
        tags,
        summary: "Camunda: let the installation's clock follow the system time again",
        response: { 204: { type: 'null' } },
      },
    },
    async (request, reply) => {
      await clockControl.reset();
      await request.audit({ action: 'clock.reset', resource: 'clock' });
      return reply.code(204).send();
    },
  );
};
