// /api/incidents: what stopped instances (a service task out of retries, a failed expression,
// nobody to assign a task to), for administrators.
//   GET  /api/incidents                                          list (by process or instance)
//   POST /api/incidents/{instanceId}/{incidentId}/retry          run the stopped work again
//   POST /api/incidents/{instanceId}/{incidentId}/resolve        set new variables, then retry
//   POST /api/incidents/{instanceId}/{incidentId}/cancel         give up: cancel the instance
// access: resource `incidents` — read, update.
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { Variables } from '#engine/core/flows/events.ts';
import { flowErrors } from '#engine/core/flows/errors.ts';
import { errors, list, object } from '#engine/http/schemas.ts';
import '#engine/http/types.ts';
import {
  cancelBody,
  emptyBody,
  incidentView,
  instanceId,
  instanceView,
  processId,
  resolveBody,
} from '../approvals/schemas.ts';

const params = object(
  { instanceId, incidentId: { type: 'string', minLength: 1, maxLength: 40, pattern: '^[A-Za-z0-9_-]+$' } },
  ['instanceId', 'incidentId'],
);
type Params = { Params: { instanceId: string; incidentId: string } };

export const incidentRoutes: FastifyPluginAsync = async (app) => {
  const tags = ['incidents'];
  const flows = app.services.flows;

  async function requireIncident(request: FastifyRequest<Params>): Promise<void> {
    const { instanceId: id, incidentId } = request.params;
    const doc = await flows.runtime.load(id);
    if (!doc.incidents[incidentId]) throw flowErrors.incidentNotFound(incidentId);
  }

  app.get<{ Querystring: { processId?: string; instanceId?: string } }>(
    '',
    {
      config: { access: { resource: 'incidents', action: 'read' } },
      schema: {
        tags,
        summary: 'Open incidents with their error, newest first',
        querystring: object({ processId, instanceId }),
        response: { 200: list(incidentView), ...errors(400, 401, 403) },
      },
    },
    async (request) => {
      const items = await flows.listIncidents(request.query);
      return { items: items.sort((a, b) => b.createdAt.localeCompare(a.createdAt)) };
    },
  );

  app.post<Params & { Body: Record<string, never> }>(
    '/:instanceId/:incidentId/retry',
    {
      config: { access: { resource: 'incidents', action: 'update' }, audited: false },
      schema: {
        tags,
        summary: 'Retry the work an incident stopped (e.g. after fixing the org chart or an action)',
        params,
        body: emptyBody,
        response: { 200: instanceView, ...errors(400, 401, 403, 404, 409, 415) },
      },
    },
    async (request) => {
      await requireIncident(request);
      const { instanceId: id, incidentId } = request.params;
      const view = await flows.retryIncident(id, incidentId, { by: request.principal!.userId });
      await request.audit({
        action: 'incident.retry',
        resource: 'incidents',
        resourceId: `${id}/${incidentId}`,
      });
      return view;
    },
  );

  app.post<Params & { Body: { variables: Variables } }>(
    '/:instanceId/:incidentId/resolve',
    {
      config: { access: { resource: 'incidents', action: 'update' }, audited: false },
      schema: {
        tags,
        summary: 'Resolve an incident with new variables (then the stopped work runs again)',
        params,
        body: resolveBody,
        response: { 200: instanceView, ...errors(400, 401, 403, 404, 409, 415) },
      },
    },
    async (request) => {
      await requireIncident(request);
      const { instanceId: id, incidentId } = request.params;
      const view = await flows.retryIncident(id, incidentId, {
        variables: request.body.variables,
        by: request.principal!.userId,
      });
      await request.audit({
        action: 'incident.resolve',
        resource: 'incidents',
        resourceId: `${id}/${incidentId}`,
        details: { variables: Object.keys(request.body.variables) },
      });
      return view;
    },
  );

  app.post<Params & { Body: { reason?: string } }>(
    '/:instanceId/:incidentId/cancel',
    {
      config: { access: { resource: 'incidents', action: 'update' }, audited: false },
      schema: {
        tags,
        summary: 'Give up on an incident: cancel its instance',
        params,
        body: cancelBody,
        response: { 200: instanceView, ...errors(400, 401, 403, 404, 409, 415) },
      },
    },
    async (request) => {
      await requireIncident(request);
      const { instanceId: id, incidentId } = request.params;
      const view = await flows.cancelInstance(id, {
        by: request.principal!.userId,
        reason: request.body?.reason || `incident ${incidentId} cancelled`,
      });
      await request.audit({
        action: 'incident.cancel',
        resource: 'incidents',
        resourceId: `${id}/${incidentId}`,
      });
      return view;
    },
  );
};
