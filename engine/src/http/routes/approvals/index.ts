// /api/approvals: my requests and what was CC'd to me.
//   GET  /api/approvals/requests               my requests: status, current step and who holds it
//   GET  /api/approvals/requests/{id}          one request with its timeline (participants only)
//   POST /api/approvals/requests/{id}/recall   withdraw it while nobody has acted (requester)
//   POST /api/approvals/requests/{id}/cc       CC it to people
//   POST /api/approvals/requests/{id}/comment  comment / attach files
//   GET  /api/approvals/cc                     requests CC'd to me
import type { FastifyPluginAsync } from 'fastify';
import type { Attachment } from '#engine/core/approvals/timeline.ts';
import { variablesForParticipant } from '#engine/services/approvals/participant-variables.ts';
import { errors, object } from '#engine/http/schemas.ts';
import { checkAttachments } from '../files/attachment-check.ts';
import '#engine/http/types.ts';
import {
  actionBody,
  ccBody,
  ccItem,
  commentBody,
  instanceId,
  instanceView,
  pageQueryProps,
  processId,
  requestItem,
} from './schemas.ts';

const idParams = object({ id: instanceId }, ['id']);
type Id = { Params: { id: string } };
type Input = { comment?: string; attachments?: Attachment[] };
const pageOf = (item: Record<string, unknown>) =>
  object({ items: { type: 'array', items: item }, nextCursor: { type: ['string', 'null'] } }, [
    'items',
    'nextCursor',
  ]);

export const approvalRoutes: FastifyPluginAsync = async (app) => {
  const tags = ['approvals'];
  const approvals = app.services.approvals;
  checkAttachments(app, (request) => (request.params as { id?: string }).id ?? null);

  app.get<{ Querystring: { processId?: string; active?: boolean; limit: number; cursor?: string } }>(
    '/requests',
    {
      schema: {
        tags,
        summary: 'My requests, newest first: status, current step and who holds it',
        querystring: object({ processId, active: { type: 'boolean' }, ...pageQueryProps }),
        response: { 200: pageOf(requestItem), ...errors(400, 401, 403) },
      },
    },
    async (request) => {
      const { limit, cursor, ...filter } = request.query;
      return approvals.inbox.requests(request.actor, filter, { limit, ...(cursor ? { cursor } : {}) });
    },
  );

  app.get<Id>(
    '/requests/:id',
    {
      schema: {
        tags,
        summary: 'One request with its variables (the form data) and timeline',
        params: idParams,
        response: { 200: requestItem, ...errors(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const view = await approvals.inbox.request(request.actor, request.params.id);
      // A participant sees the request, not the flow's internals (settings, look-ups, floats).
      if (request.can('instances', 'read').allowed) return view;
      return { ...view, variables: await variablesForParticipant(app.services.forms, view.variables) };
    },
  );

  app.post<Id & { Body: Input }>(
    '/requests/:id/recall',
    {
      config: { audited: false },
      schema: {
        tags,
        summary: 'Withdraw my request while no approver has acted (or after it was returned to me)',
        params: idParams,
        body: actionBody,
        response: { 200: instanceView, ...errors(400, 401, 403, 404, 409, 415) },
      },
    },
    async (request) => approvals.actions.recall(request.actor, request.params.id, request.body ?? {}),
  );

  app.post<Id & { Body: Input & { users: string[] } }>(
    '/requests/:id/cc',
    {
      config: { audited: false },
      schema: {
        tags,
        summary: 'CC a request to people (they are notified and can follow it)',
        params: idParams,
        body: ccBody,
        response: { 200: instanceView, ...errors(400, 401, 403, 404, 409, 415) },
      },
    },
    async (request) => approvals.actions.ccUsers(request.actor, request.params.id, request.body),
  );

  app.post<Id & { Body: Input & { taskId?: string } }>(
    '/requests/:id/comment',
    {
      config: { audited: false },
      schema: {
        tags,
        summary: 'Comment on a request and/or attach files',
        params: idParams,
        body: commentBody,
        response: { 200: instanceView, ...errors(400, 401, 403, 404, 409, 415) },
      },
    },
    async (request) => approvals.actions.comment(request.actor, request.params.id, request.body),
  );

  app.get<{ Querystring: { limit: number; cursor?: string } }>(
    '/cc',
    {
      schema: {
        tags,
        summary: "Requests CC'd to me, newest first",
        querystring: object(pageQueryProps),
        response: { 200: pageOf(ccItem), ...errors(400, 401, 403) },
      },
    },
    async (request) => {
      const { limit, cursor } = request.query;
      return approvals.inbox.cc(request.actor, { limit, ...(cursor ? { cursor } : {}) });
    },
  );
};
