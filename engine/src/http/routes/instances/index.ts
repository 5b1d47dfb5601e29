// /api/instances: process instances.
//   POST /api/instances                 start one (the caller is its requester)   instances:create
//   GET  /api/instances                 list / filter                             instances:read
//   GET  /api/instances/{id}            state, tokens, variables, open tasks, history
//   GET  /api/instances/{id}/history    the history, optionally of one element
//   POST /api/instances/{id}/cancel     cancel                                    instances:admin
// One instance (and its history) is visible to whoever may read all instances and to the
// request's participants (requester, approvers, CC'd users); to anyone else it does not exist.
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { isParticipant } from '#engine/core/approvals/access.ts';
import { requesterOf } from '#engine/http/requester.ts';
import type { InstanceStatus } from '#engine/core/flows/instance.ts';
import type { Variables } from '#engine/core/flows/events.ts';
import { flowErrors } from '#engine/core/flows/errors.ts';
import { variablesForParticipant } from '#engine/services/approvals/participant-variables.ts';
import { errors, list, object, page } from '#engine/http/schemas.ts';
import '#engine/http/types.ts';
import {
  cancelBody,
  historyEntry,
  instanceId,
  instanceSummary,
  instanceView,
  pageQueryProps,
  processId,
  startBody,
} from '../approvals/schemas.ts';

const idParams = object({ id: instanceId }, ['id']);
const listQuery = object({
  processId,
  version: { type: 'integer', minimum: 1 },
  status: { type: 'string', enum: ['active', 'completed', 'cancelled'] },
  startedBy: { type: 'string', minLength: 1, maxLength: 128 },
  businessKey: { type: 'string', minLength: 1, maxLength: 200 },
  elementId: { type: 'string', minLength: 1, maxLength: 200 },
  withIncidents: { type: 'boolean' },
  ...pageQueryProps,
});

interface ListQuery {
  processId?: string;
  version?: number;
  status?: InstanceStatus;
  startedBy?: string;
  businessKey?: string;
  elementId?: string;
  withIncidents?: boolean;
  limit: number;
  cursor?: string;
}

export const instanceRoutes: FastifyPluginAsync = async (app) => {
  const tags = ['instances'];
  const flows = app.services.flows;

  /** The instance if the caller may see it (404 otherwise, so its existence is not revealed). */
  async function visible(request: FastifyRequest, id: string) {
    const doc = await flows.runtime.instances.get(id);
    const p = request.principal!;
    const admin = request.can('instances', 'read').allowed;
    if (!doc || !isParticipant(doc, { userId: p.userId, roles: p.roles, admin }))
      throw flowErrors.instanceNotFound(id);
    return doc;
  }

  app.post<{
    Body: {
      processId: string;
      version?: number;
      variables?: Variables;
      businessKey?: string;
      instanceId?: string;
    };
  }>(
    '',
    {
      config: { access: { resource: 'instances', action: 'create' }, audited: false },
      schema: {
        tags,
        summary: 'Start an instance of the latest (or a given) version; the caller is its requester',
        body: startBody,
        response: { 201: instanceView, ...errors(400, 401, 403, 404, 409, 415) },
      },
    },
    async (request, reply) => {
      const p = request.principal!;
      const { processId: pid, version, variables, businessKey, instanceId: id } = request.body;
      // The requester is who calls: a client cannot start a request in someone else's name.
      const requester = requesterOf(p);
      const view = await flows.startInstance(pid, {
        variables: { ...variables, requester },
        by: p.userId,
        ...(version !== undefined ? { version } : {}),
        ...(businessKey ? { businessKey } : {}),
        ...(id ? { instanceId: id } : {}),
      });
      await request.audit({
        action: 'instance.start',
        resource: 'instances',
        resourceId: view.id,
        details: { processId: view.processId, version: view.version },
      });
      return reply.code(201).send(view);
    },
  );

  app.get<{ Querystring: ListQuery }>(
    '',
    {
      config: { access: { resource: 'instances', action: 'read' } },
      schema: {
        tags,
        summary: 'Instances, newest first, filtered by process, version, status, requester, step, incidents',
        querystring: listQuery,
        response: { 200: page(instanceSummary), ...errors(400, 401, 403) },
      },
    },
    async (request) => {
      const { limit, cursor, ...filter } = request.query;
      return flows.listInstances(filter, { limit, ...(cursor ? { after: cursor } : {}) });
    },
  );

  app.get<{ Params: { id: string } }>(
    '/:id',
    {
      schema: {
        tags,
        summary: 'One instance: state, tokens, variables, open tasks, incidents and history',
        params: idParams,
        response: { 200: instanceView, ...errors(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const view = await flows.view(await visible(request, request.params.id));
      // A participant sees the request, not the flow's internals (settings, look-ups, floats).
      if (request.can('instances', 'read').allowed) return view;
      // Nor the fields its step may not see (the approval's field permissions): the request's view
      // of the variables has them left out already.
      const seen = await app.services.approvals.inbox.request(request.actor, request.params.id).then(
        (r) => r.variables,
        () => view.variables,
      );
      return { ...view, variables: await variablesForParticipant(app.services.forms, seen) };
    },
  );

  app.get<{ Params: { id: string }; Querystring: { elementId?: string } }>(
    '/:id/history',
    {
      schema: {
        tags,
        summary: 'The history of an instance (optionally of one element)',
        params: idParams,
        querystring: object({ elementId: { type: 'string', minLength: 1, maxLength: 200 } }),
        response: { 200: list(historyEntry), ...errors(400, 401, 403, 404) },
      },
    },
    async (request) => {
      await visible(request, request.params.id);
      return {
        items: await flows.getHistory(request.params.id, {
          ...(request.query.elementId ? { elementId: request.query.elementId } : {}),
        }),
      };
    },
  );

  app.post<{ Params: { id: string }; Body: { reason?: string } }>(
    '/:id/cancel',
    {
      config: { access: { resource: 'instances', action: 'admin' }, audited: false },
      schema: {
        tags,
        summary: 'Cancel an instance (its open tasks are withdrawn)',
        params: idParams,
        body: cancelBody,
        response: { 200: instanceView, ...errors(400, 401, 403, 404, 409, 415) },
      },
    },
    async (request) => {
      const view = await flows.cancelInstance(request.params.id, {
        by: request.principal!.userId,
        ...(request.body?.reason ? { reason: request.body.reason } : {}),
      });
      await request.audit({
        action: 'instance.cancel',
        resource: 'instances',
        resourceId: view.id,
        details: {
          processId: view.processId,
          ...(request.body?.reason ? { reason: request.body.reason } : {}),
        },
      });
      return view;
    },
  );
};
