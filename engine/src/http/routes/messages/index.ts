// /api/messages: publishing messages to flows (Camunda 8's message correlation).
//   POST /api/messages/publish   name, correlation key, variables, time to live, message id →
//                                the instances it continued or started; buffered while it lives
// access: resource `messages` — create: administrators and the built-in role `job-worker`.
import type { FastifyPluginAsync } from 'fastify';
import type { PublishInput } from '#engine/services/flows/messages.ts';
import { errors, object } from '#engine/http/schemas.ts';
import '#engine/http/types.ts';

const ref = object({ instanceId: { type: 'string' }, processId: { type: 'string' } }, [
  'instanceId',
  'processId',
]);

export const messageRoutes: FastifyPluginAsync = async (app) => {
  const { flows } = app.services;
  app.post<{ Body: PublishInput }>(
    '/publish',
    {
      config: { access: { resource: 'messages', action: 'create' }, audited: false },
      schema: {
        tags: ['messages'],
        summary:
          'Publish a message: it continues the instances waiting for its name and correlation key (one per process), starts the processes with a message start event for it, and is kept for `timeToLive` ms for instances that reach their catch event later',
        body: object(
          {
            name: { type: 'string', minLength: 1, maxLength: 500 },
            correlationKey: { type: 'string', maxLength: 500 },
            variables: { type: 'object', additionalProperties: true, maxProperties: 500 },
            timeToLive: { type: 'integer', minimum: 0 },
            messageId: { type: 'string', minLength: 1, maxLength: 500 },
          },
          ['name'],
        ),
        response: {
          200: object(
            {
              messageKey: { type: 'string' },
              correlated: { type: 'array', items: ref },
              started: { type: 'array', items: ref },
              buffered: { type: 'boolean' },
            },
            ['messageKey', 'correlated', 'started', 'buffered'],
          ),
          ...errors(400, 401, 403, 409, 415),
        },
      },
    },
    async (request) => {
      const result = await flows.messages.publish({ ...request.body, by: request.principal!.userId });
      await request.audit({
        action: 'message.publish',
        resource: 'messages',
        resourceId: result.messageKey,
        details: {
          name: request.body.name,
          correlated: result.correlated.map((c) => c.instanceId),
          started: result.started.map((c) => c.instanceId),
        },
      });
      return result;
    },
  );
};
