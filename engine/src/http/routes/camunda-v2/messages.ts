// Camunda's messages over the flow engine's message service (services/flows/messages.ts):
//   POST /v2/messages/publication   publish: continue waiting instances, start message-start
//                                   processes, buffer for `timeToLive` ms
//   POST /v2/messages/correlation   correlate now (never buffered): the first instance it continued
//                                   or started, 404 when nothing took it
//   POST /v2/signals/broadcast      broadcast a signal: every instance waiting for it continues,
//                                   signal start events start (never buffered)
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { camundaErrors } from '#engine/core/camunda/errors.ts';
import type { Variables } from '#engine/core/flows/events.ts';
import { instanceKeyOf } from '#engine/core/flows/keys.ts';
import { object } from '#engine/http/schemas.ts';
import type { PublishResult } from '#engine/services/flows/messages.ts';
import '#engine/http/types.ts';
import { TENANT } from './shapes.ts';

interface MessageBody {
  name: string;
  correlationKey?: string;
  timeToLive?: number;
  messageId?: string;
  variables?: Variables | null;
  tenantId?: string;
}

const common = {
  name: { type: 'string', minLength: 1, maxLength: 500 },
  correlationKey: { type: 'string', maxLength: 500 },
  variables: { type: ['object', 'null'], additionalProperties: true, maxProperties: 500 },
  tenantId: { type: 'string', const: TENANT },
};

export const messageRoutesV2: FastifyPluginAsync = async (app) => {
  const tags = ['camunda'];
  const { flows } = app.services;
  const access = { resource: 'messages', action: 'create' } as const;

  async function publish(
    request: FastifyRequest<{ Body: MessageBody }>,
    timeToLive: number,
  ): Promise<PublishResult> {
    const { name, correlationKey, messageId, variables } = request.body;
    const result = await flows.messages.publish({
      name,
      ...(correlationKey !== undefined ? { correlationKey } : {}),
      ...(variables ? { variables } : {}),
      ...(messageId !== undefined ? { messageId } : {}),
      timeToLive,
      by: request.principal!.userId,
    });
    await request.audit({
      action: 'message.publish',
      resource: 'messages',
      resourceId: result.messageKey,
      details: {
        name,
        via: 'camunda-v2',
        correlated: result.correlated.map((c) => c.instanceId),
        started: result.started.map((c) => c.instanceId),
      },
    });
    return result;
  }

  app.post<{ Body: MessageBody }>(
    '/messages/publication',
    {
      config: { access, audited: false },
      schema: {
        tags,
        summary: 'Camunda: publish a message (buffered for timeToLive ms)',
        body: object(
          {
            ...common,
            timeToLive: { type: 'integer', minimum: 0 },
            messageId: { type: 'string', minLength: 1, maxLength: 500 },
          },
          ['name'],
        ),
      },
    },
    async (request) => {
      const result = await publish(request, request.body.timeToLive ?? 0);
      return { tenantId: TENANT, messageKey: result.messageKey };
    },
  );

  app.post<{ Body: { signalName: string; variables?: Variables | null; tenantId?: string } }>(
    '/signals/broadcast',
    {
      config: { access, audited: false },
      schema: {
        tags,
        summary: 'Camunda: broadcast a signal to every instance waiting for it; signal start events start',
        body: object(
          {
            signalName: { type: 'string', minLength: 1, maxLength: 500 },
            variables: common.variables,
            tenantId: common.tenantId,
          },
          ['signalName'],
        ),
      },
    },
    async (request) => {
      const { signalName, variables } = request.body;
      const result = await flows.messages.broadcastSignal({
        name: signalName,
        ...(variables ? { variables } : {}),
        by: request.principal!.userId,
      });
      await request.audit({
        action: 'signal.broadcast',
        resource: 'messages',
        resourceId: result.signalKey,
        details: {
          signalName,
          via: 'camunda-v2',
          correlated: result.correlated.map((c) => c.instanceId),
          started: result.started.map((c) => c.instanceId),
        },
      });
      return { tenantId: TENANT, signalKey: result.signalKey };
    },
  );

  app.post<{ Body: MessageBody }>(
    '/messages/correlation',
    {
      config: { access, audited: false },
      schema: {
        tags,
        summary: 'Camunda: correlate a message now (not buffered); 404 when no instance takes it',
        body: object(common, ['name']),
      },
    },
    async (request) => {
      const result = await publish(request, 0);
      const first = result.correlated[0] ?? result.started[0];
      if (!first) throw camundaErrors.messageNotCorrelated(request.body.name);
      return {
        tenantId: TENANT,
        messageKey: result.messageKey,
        processInstanceKey: instanceKeyOf(first.instanceId),
      };
    },
  );
};
