// Camunda's incident and variable searches over the flow service:
//   POST /v2/incidents/search   open incidents, by instance key or process (incident readers)
//   POST /v2/variables/search   the variables of one instance (`filter.processInstanceKey` is
//                               required: Forma keeps variables in their instance, not in an index
//                               of every variable), by name and scope; values as JSON text
import type { FastifyPluginAsync } from 'fastify';
import { camundaErrors } from '#engine/core/camunda/errors.ts';
import { isParticipant } from '#engine/core/approvals/access.ts';
import '#engine/http/types.ts';
import { instanceByKey } from './lookups.ts';
import { readFilter, searchBody, type Match, type SearchBody } from './search.ts';
import { incidentOf, keyOfInstance, searchPage, variableOf } from './shapes.ts';

const matches = (m: Match | undefined, value: string | number): boolean =>
  m === undefined || (Array.isArray(m) ? m.map(String).includes(String(value)) : String(m) === String(value));

export const incidentVariableRoutes: FastifyPluginAsync = async (app) => {
  const tags = ['camunda'];
  const { flows } = app.services;

  app.post<{ Body: SearchBody }>(
    '/incidents/search',
    {
      config: { access: { resource: 'incidents', action: 'read' }, audited: false },
      schema: { tags, summary: 'Camunda: search open incidents', body: searchBody },
    },
    async (request) => {
      const f = readFilter(request.body?.filter, [
        'processInstanceKey',
        'processDefinitionId',
        'state',
        'errorType',
        'elementId',
        'tenantId',
      ]);
      const key = f.get('processInstanceKey');
      if (Array.isArray(key))
        throw camundaErrors.requestInvalid('/filter/processInstanceKey', 'must be one key', '只能是一个键');
      const instance = key !== undefined ? await instanceByKey(flows, String(key)).catch(() => null) : null;
      if (key !== undefined && !instance) return searchPage([], 0, null);
      const pid = f.get('processDefinitionId');
      const found = await flows.listIncidents(
        {
          ...(instance ? { instanceId: instance.id } : {}),
          ...(typeof pid === 'string' ? { processId: pid } : {}),
        },
        500,
      );
      const keys = new Map<string, string>();
      const items = [];
      for (const i of found) {
        let k = keys.get(i.instanceId);
        if (!k) {
          k = keyOfInstance((await flows.runtime.instances.get(i.instanceId)) ?? { id: i.instanceId });
          keys.set(i.instanceId, k);
        }
        const view = incidentOf(i, k);
        if (!matches(f.get('state'), view.state) || !matches(f.get('errorType'), view.errorType)) continue;
        if (!matches(f.get('elementId'), view.elementId) || !matches(pid, view.processDefinitionId)) continue;
        items.push(view);
      }
      const limit = request.body?.page?.limit ?? 100;
      return searchPage(items.slice(0, limit), items.length, null);
    },
  );

  app.post<{ Body: SearchBody }>(
    '/variables/search',
    {
      config: { access: { resource: 'instances', action: 'read' }, audited: false },
      schema: { tags, summary: "Camunda: search one process instance's variables", body: searchBody },
    },
    async (request) => {
      const f = readFilter(request.body?.filter, ['processInstanceKey', 'name', 'scopeKey', 'tenantId']);
      const key = f.get('processInstanceKey');
      if (key === undefined || Array.isArray(key))
        throw camundaErrors.requestInvalid(
          '/filter/processInstanceKey',
          'is required (one key): Forma searches the variables of one instance',
          '为必填（一个键）：Forma 只搜索一个流程实例的变量',
        );
      const doc = await instanceByKey(flows, String(key));
      const p = request.principal!;
      if (
        !isParticipant(doc, {
          userId: p.userId,
          roles: p.roles,
          admin: request.can('instances', 'read').allowed,
        })
      )
        throw camundaErrors.processInstanceNotFound(String(key));
      const instanceKey = keyOfInstance(doc);
      const all = [
        ...Object.entries(doc.variables ?? {}).map(([n, v]) =>
          variableOf(doc.id, instanceKey, 'process', n, v),
        ),
        ...Object.values(doc.tokens).flatMap((t) =>
          Object.entries(t.vars ?? {}).map(([n, v]) => variableOf(doc.id, instanceKey, t.id, n, v)),
        ),
      ];
      const items = all.filter(
        (v) => matches(f.get('name'), v.name) && matches(f.get('scopeKey'), v.scopeKey),
      );
      const limit = request.body?.page?.limit ?? 100;
      return searchPage(items.slice(0, limit), items.length, null);
    },
  );
};
