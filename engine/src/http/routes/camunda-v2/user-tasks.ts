// Camunda's user tasks over the flow engine's task list and the approvals layer:
//   POST /v2/user-tasks/search              the tasks the caller may act on (all, for task admins)
//   GET  /v2/user-tasks/{key}               one of them
//   POST /v2/user-tasks/{key}/completion    complete it: the approvals layer's approve (or reject,
//                                           with action "reject"), so its rules hold — only the
//                                           assignee, a candidate or a delegate may, and the
//                                           approval chain, notices and audit follow as in the inbox;
//                                           a group task is claimed first, as the inbox does
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { camundaErrors } from '#engine/core/camunda/errors.ts';
import type { TaskView, Variables } from '#engine/core/flows/events.ts';
import type { Filter } from '#engine/ports/document-store.ts';
import { object } from '#engine/http/schemas.ts';
import '#engine/http/types.ts';
import { taskIdByKey } from './lookups.ts';
import { pageOf, readFilter, searchBody, storeMatch, type SearchBody } from './search.ts';
import { TASK_STATE_OF, searchPage, userTaskOf } from './shapes.ts';

const keyParams = object({ userTaskKey: { type: 'string', pattern: '^[0-9]{1,25}$' } }, ['userTaskKey']);
type KeyParams = { Params: { userTaskKey: string } };

const FILTERS = [
  'userTaskKey',
  'state',
  'assignee',
  'candidateGroup',
  'candidateUser',
  'processInstanceKey',
  'processDefinitionId',
  'elementId',
  'tenantId',
] as const;

export const userTaskRoutes: FastifyPluginAsync = async (app) => {
  const tags = ['camunda'];
  const { flows, approvals } = app.services;

  /** Tasks the caller holds or may take: assignee, candidate user, or one of their roles a candidate group. */
  function mine(request: FastifyRequest): Filter | null {
    if (request.can('tasks', 'admin').allowed) return null;
    const p = request.principal!;
    return {
      $or: [{ assignee: p.userId }, { candidateUsers: p.userId }, { candidateGroups: { $in: p.roles } }],
    };
  }

  const processName = async (t: TaskView) =>
    (await flows.definitions.model(`${t.processId}@${t.processVersion}`).catch(() => null))?.name;

  app.post<{ Body: SearchBody }>(
    '/user-tasks/search',
    {
      config: { audited: false },
      schema: {
        tags,
        summary: 'Camunda: search the user tasks the caller may act on (oldest first)',
        body: searchBody,
      },
    },
    async (request) => {
      const f = readFilter(request.body?.filter, FILTERS);
      const and: Filter[] = [];
      const own = mine(request);
      if (own) and.push(own);
      if (f.has('state')) {
        const states = [f.get('state')!].flat().map((s) => TASK_STATE_OF[String(s)]);
        if (states.some((s) => !s))
          throw camundaErrors.requestInvalid(
            '/filter/state',
            'is one of CREATED, COMPLETED, CANCELED',
            '应为 CREATED、COMPLETED、CANCELED 之一',
          );
        and.push({ state: states.length === 1 ? states[0] : { $in: states } });
      }
      if (f.has('assignee')) and.push({ assignee: storeMatch(f.get('assignee')!) });
      if (f.has('candidateGroup')) and.push({ candidateGroups: storeMatch(f.get('candidateGroup')!) });
      if (f.has('candidateUser')) and.push({ candidateUsers: storeMatch(f.get('candidateUser')!) });
      if (f.has('processDefinitionId')) and.push({ processId: storeMatch(f.get('processDefinitionId')!) });
      if (f.has('elementId')) and.push({ elementId: storeMatch(f.get('elementId')!) });
      if (f.has('userTaskKey')) and.push({ key: storeMatch(f.get('userTaskKey')!) });
      if (f.has('processInstanceKey')) {
        const keys = [f.get('processInstanceKey')!].flat().map(String);
        const { items } = await flows.runtime.instances.find(
          { key: { $in: keys } },
          { limit: 500, projection: ['key'] },
        );
        and.push({ instanceId: { $in: items.map((i) => i.id) } });
      }
      const where: Filter = and.length === 0 ? {} : and.length === 1 ? and[0]! : { $and: and };
      const page = pageOf(request.body ?? {});
      const [result, total] = await Promise.all([
        flows.runtime.tasks.find(where, { sort: [['createdAt', 1]], ...page }),
        flows.runtime.tasks.count(where),
      ]);
      const items = await Promise.all(result.items.map(async (t) => userTaskOf(t, await processName(t))));
      return searchPage(items, total, result.nextCursor);
    },
  );

  app.get<KeyParams>(
    '/user-tasks/:userTaskKey',
    { schema: { tags, summary: 'Camunda: one user task the caller may act on', params: keyParams } },
    async (request) => {
      const id = await taskIdByKey(flows, request.params.userTaskKey);
      const task = await flows.getTask(id).catch(() => null);
      const own = mine(request);
      const p = request.principal!;
      const holds =
        !own ||
        (task &&
          (task.assignee === p.userId ||
            task.candidateUsers?.includes(p.userId) ||
            task.candidateGroups?.some((g) => p.roles.includes(g))));
      if (!task || !holds) throw camundaErrors.userTaskNotFound(request.params.userTaskKey);
      return userTaskOf(task, await processName(task));
    },
  );

  app.post<KeyParams & { Body: { variables?: Variables | null; action?: string } }>(
    '/user-tasks/:userTaskKey/completion',
    {
      config: { audited: false },
      schema: {
        tags,
        summary: 'Camunda: complete a user task (an approval: approve, or reject with action "reject")',
        response: { 204: { type: 'null' } },
        params: keyParams,
        body: object({
          variables: { type: ['object', 'null'], additionalProperties: true, maxProperties: 500 },
          action: { type: 'string', enum: ['complete', 'completed', 'approve', 'reject'] },
        }),
      },
    },
    async (request, reply) => {
      const id = await taskIdByKey(flows, request.params.userTaskKey);
      const { variables, action } = request.body ?? {};
      // Camunda completes a group task in one call; the inbox has its candidate claim it first.
      const task = await flows.getTask(id).catch(() => null);
      if (task?.state === 'open' && !task.assignee) await approvals.actions.claim(request.actor, id);
      if (action === 'reject') await approvals.actions.reject(request.actor, id, {});
      else await approvals.actions.approve(request.actor, id, variables ? { variables } : {});
      return reply.code(204).send();
    },
  );
};
