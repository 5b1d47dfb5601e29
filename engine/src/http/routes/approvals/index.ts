// /api/approvals: my requests and what was CC'd to me.
//   GET  /api/approvals/requests               my requests: status, current step and who holds it
//   GET  /api/approvals/requests/{id}          one request with its timeline (participants only)
//   POST /api/approvals/requests/{id}/recall   withdraw it while nobody has acted (requester)
//   POST /api/approvals/requests/{id}/cc       CC it to people
//   POST /api/approvals/requests/{id}/comment  comment / attach files
//   GET  /api/approvals/cc                     requests CC'd to me
//   POST /api/approvals/preview                the approval chain a draft would take (nothing written)
//   GET  /api/approvals/requests/{id}/chain    each step: done (who, when), open now, still to come
//   GET  /api/approvals/requests/{id}/diagram  its BPMN with the elements passed and open
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
  previewBody,
  processId,
  requestItem,
  roadReply,
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

  app.post<{ Body: { processId: string; variables?: Record<string, unknown> } }>(
    '/preview',
    {
      config: { audited: false },
      schema: {
        tags,
        summary: 'Who will approve a draft: each step with its people and the conditions that route it',
        body: previewBody,
        response: { 200: roadReply, ...errors(400, 401, 403, 415) },
      },
    },
    async (request) =>
      approvals.road.preview(
        request.body.processId,
        request.body.variables ?? {},
        request.actor.principal?.userId ?? '',
        undefined,
        request.actor.principal?.locale,
      ),
  );

  app.get<Id>(
    '/requests/:id/chain',
    {
      schema: {
        tags,
        summary: "A request's whole approval chain: each step's state, who acted and when, what is to come",
        params: idParams,
        response: { 200: roadReply, ...errors(400, 401, 403, 404) },
      },
    },
    async (request) => approvals.road.chain(request.actor, request.params.id),
  );

  app.get<Id>(
    '/requests/:id/diagram',
    {
      schema: {
        tags,
        summary: "A request's BPMN diagram with the elements passed and open now",
        params: idParams,
        response: {
          200: object(
            {
              xml: { type: 'string' },
              done: { type: 'array', items: { type: 'string' } },
              current: { type: 'array', items: { type: 'string' } },
            },
            ['xml', 'done', 'current'],
          ),
          ...errors(400, 401, 403, 404),
        },
      },
    },
    async (request) => approvals.road.diagram(request.actor, request.params.id),
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
