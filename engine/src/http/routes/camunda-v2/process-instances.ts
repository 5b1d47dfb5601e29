// Camunda's process instances over the flow service:
//   POST /v2/process-instances                       start (by process id and version, or definition key)
//   GET  /v2/process-instances/{key}                 one instance (its participants, or instance readers)
//   POST /v2/process-instances/search                instances by key, process, version, state, incident
//   POST /v2/process-instances/{key}/cancellation    cancel (instance administrators)
// The caller is the instance's requester, as with POST /api/instances.
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { isParticipant } from '#engine/core/approvals/access.ts';
import { camundaErrors } from '#engine/core/camunda/errors.ts';
import type { Variables } from '#engine/core/flows/events.ts';
import type { Filter } from '#engine/ports/document-store.ts';
import { requesterOf } from '#engine/http/requester.ts';
import { object, type JsonSchema } from '#engine/http/schemas.ts';
import type { StoredInstance } from '#engine/services/flows/runtime.ts';
import '#engine/http/types.ts';
import { instanceByKey } from './lookups.ts';
import { pageOf, readFilter, searchBody, storeMatch, type SearchBody } from './search.ts';
import { STATUS_OF_STATE, TENANT, keyOfInstance, processInstanceOf, searchPage } from './shapes.ts';

const key: JsonSchema = { type: 'string', pattern: '^[0-9]{1,25}$' };
const keyParams = object({ processInstanceKey: key }, ['processInstanceKey']);
type KeyParams = { Params: { processInstanceKey: string } };

interface CreateBody {
  processDefinitionId?: string;
  processDefinitionKey?: string;
  processDefinitionVersion?: number;
  variables?: Variables;
  tenantId?: string;
  operationReference?: number;
  tags?: string[];
  awaitCompletion?: boolean;
}

const createBody = object({
  processDefinitionId: { type: 'string', minLength: 1, maxLength: 200 },
  processDefinitionKey: key,
  processDefinitionVersion: { type: 'integer', minimum: -1 },
  variables: { type: 'object', additionalProperties: true, maxProperties: 500 },
  tenantId: { type: 'string', const: TENANT },
  operationReference: { type: 'integer' },
  tags: { type: 'array', maxItems: 0, description: 'Tags are not kept: send none' },
  awaitCompletion: { type: 'boolean', const: false, description: 'Waiting for the end is not served' },
});

const FILTERS = [
  'processInstanceKey',
  'processDefinitionId',
  'processDefinitionVersion',
  'processDefinitionKey',
  'state',
  'hasIncident',
  'tenantId',
] as const;

export const processInstanceRoutes: FastifyPluginAsync = async (app) => {
  const tags = ['camunda'];
  const { flows } = app.services;

  const namesOf = async (doc: { processId: string; version: number }) => {
    const model = await flows.definitions.model(`${doc.processId}@${doc.version}`).catch(() => null);
    return {
      ...(model?.name ? { name: model.name } : {}),
      ...(model?.versionTag ? { versionTag: model.versionTag } : {}),
    };
  };

  async function visible(request: FastifyRequest, k: string): Promise<StoredInstance> {
    const doc = await instanceByKey(flows, k);
    const p = request.principal!;
    const admin = request.can('instances', 'read').allowed;
    if (!isParticipant(doc, { userId: p.userId, roles: p.roles, admin }))
      throw camundaErrors.processInstanceNotFound(k);
    return doc;
  }

  app.post<{ Body: CreateBody }>(
    '/process-instances',
    {
      config: { access: { resource: 'instances', action: 'create' }, audited: false },
      schema: { tags, summary: 'Camunda: start a process instance', body: createBody },
    },
    async (request) => {
      const b = request.body;
      let processId = b.processDefinitionId;
      let version =
        b.processDefinitionVersion !== undefined && b.processDefinitionVersion > 0
          ? b.processDefinitionVersion
          : undefined;
      if (b.processDefinitionKey) {
        const def = await flows.definitions.collection.findOne({ key: b.processDefinitionKey });
        if (!def) throw camundaErrors.processDefinitionNotFound(b.processDefinitionKey);
        processId = def.processId;
        version = def.version;
      }
      if (!processId)
        throw camundaErrors.requestInvalid(
          '/processDefinitionId',
          'or processDefinitionKey is required',
          '或 processDefinitionKey 为必填',
        );
      const p = request.principal!;
      const view = await flows.startInstance(processId, {
        variables: { ...b.variables, requester: requesterOf(p) },
        by: p.userId,
        ...(version !== undefined ? { version } : {}),
      });
      await request.audit({
        action: 'instance.start',
        resource: 'instances',
        resourceId: view.id,
        details: { processId: view.processId, version: view.version, via: 'camunda-v2' },
      });
      return {
        processDefinitionId: view.processId,
        processDefinitionVersion: view.version,
        tenantId: TENANT,
        variables: view.variables,
        processDefinitionKey: (await flows.definitions.get(view.processId, view.version)).key,
        processInstanceKey: keyOfInstance(view),
        tags: [],
        businessId: null,
      };
    },
  );

  app.get<KeyParams>(
    '/process-instances/:processInstanceKey',
    { schema: { tags, summary: 'Camunda: one process instance', params: keyParams } },
    async (request) => {
      const doc = await visible(request, request.params.processInstanceKey);
      return processInstanceOf(doc, await namesOf(doc));
    },
  );

  app.post<{ Body: SearchBody }>(
    '/process-instances/search',
    {
      config: { access: { resource: 'instances', action: 'read' }, audited: false },
      schema: { tags, summary: 'Camunda: search process instances (newest first)', body: searchBody },
    },
    async (request) => {
      const f = readFilter(request.body?.filter, FILTERS);
      const where: Filter = {};
      if (f.has('processInstanceKey')) where.key = storeMatch(f.get('processInstanceKey')!);
      if (f.has('processDefinitionId')) where.processId = storeMatch(f.get('processDefinitionId')!);
      if (f.has('processDefinitionVersion')) where.version = storeMatch(f.get('processDefinitionVersion')!);
      if (f.has('processDefinitionKey')) {
        const def = await flows.definitions.collection.findOne({
          key: String(f.get('processDefinitionKey')),
        });
        where.processId = def?.processId ?? '\u0000none';
        where.version = def?.version ?? -1;
      }
      if (f.has('state')) {
        const states = [f.get('state')!].flat().map((s) => STATUS_OF_STATE[String(s)]);
        if (states.some((s) => !s))
          throw camundaErrors.requestInvalid(
            '/filter/state',
            'is one of ACTIVE, COMPLETED, TERMINATED',
            '应为 ACTIVE、COMPLETED、TERMINATED 之一',
          );
        where.status = states.length === 1 ? states[0] : { $in: states };
      }
      if (f.has('hasIncident')) where.incidentCount = f.get('hasIncident') === true ? { $gt: 0 } : 0;
      const page = pageOf(request.body ?? {});
      const [result, total] = await Promise.all([
        flows.runtime.instances.find(where, { sort: [['startedAt', -1]], ...page }),
        flows.runtime.instances.count(where),
      ]);
      const items = await Promise.all(result.items.map(async (d) => processInstanceOf(d, await namesOf(d))));
      return searchPage(items, total, result.nextCursor);
    },
  );

  app.post<KeyParams>(
    '/process-instances/:processInstanceKey/cancellation',
    {
      config: { access: { resource: 'instances', action: 'admin' }, audited: false },
      schema: {
        tags,
        summary: 'Camunda: cancel a process instance',
        response: { 204: { type: 'null' } },
        params: keyParams,
      },
    },
    async (request, reply) => {
      const doc = await instanceByKey(flows, request.params.processInstanceKey);
      await flows.cancelInstance(doc.id, { by: request.principal!.userId, reason: 'cancelled through /v2' });
      await request.audit({
        action: 'instance.cancel',
        resource: 'instances',
        resourceId: doc.id,
        details: { via: 'camunda-v2' },
      });
      return reply.code(204).send();
    },
  );
};
