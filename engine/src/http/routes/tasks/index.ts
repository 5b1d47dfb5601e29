// /api/tasks: the approval inbox and every action on a task. Every signed-in user has an inbox;
// what they may do with a task follows from holding it (assignee, or candidate while unclaimed):
// a task they have nothing to do with is a 404, one they may see but not act on a 403, one
// already done a 409 — each with its code.
//   GET  /api/tasks               my open tasks (filters, counts, overdue first)
//   GET  /api/tasks/counts        open, overdue, due soon, returned, CC'd
//   GET  /api/tasks/done          what I completed or acted on
//   GET  /api/tasks/{id}          one task with its request, timeline and my possible actions
//   POST /api/tasks/{id}/undo     take back a held one-tap approval (approve with undo: true)
//   POST /api/tasks/{id}/approve | reject | return | transfer | delegate | add-signer | claim |
//        unclaim | resubmit | cc | comment
//   POST /api/tasks/bulk-approve  many at once, each checked on its own
import type { FastifyPluginAsync } from 'fastify';
import { parseTaskId } from '#engine/core/flows/instance.ts';
import type { Variables } from '#engine/core/flows/events.ts';
import type { Attachment } from '#engine/core/approvals/timeline.ts';
import { approvalErrors } from '#engine/core/approvals/errors.ts';
import type { Actor } from '#engine/core/actor.ts';
import { variablesForParticipant } from '#engine/services/approvals/participant-variables.ts';
import { errors, object } from '#engine/http/schemas.ts';
import { checkAttachments } from '../files/attachment-check.ts';
import '#engine/http/types.ts';
import {
  actionBody,
  actionResult,
  addSignerBody,
  approveBody,
  bulkBody,
  bulkResult,
  ccBody,
  counts,
  emptyBody,
  inboxItem,
  instanceView,
  pageQueryProps,
  processId,
  rejectBody,
  resubmitBody,
  returnBody,
  taskDetail,
  taskId,
  toUserBody,
} from '../approvals/schemas.ts';

const idParams = object({ id: taskId }, ['id']);
type Id = { Params: { id: string } };
type Input = { comment?: string; attachments?: Attachment[] };

const actionErrors = errors(400, 401, 403, 404, 409, 415);

export const taskRoutes: FastifyPluginAsync = async (app) => {
  const tags = ['tasks'];
  const approvals = app.services.approvals;
  checkAttachments(app, (request) => {
    const id = (request.params as { id?: string }).id;
    return id ? (parseTaskId(id)?.instanceId ?? null) : null;
  });

  app.get<{
    Querystring: {
      processId?: string;
      elementId?: string;
      overdue?: boolean;
      q?: string;
      limit: number;
      cursor?: string;
    };
  }>(
    '',
    {
      schema: {
        tags,
        summary:
          'My open tasks: assigned to me or offered to me or my roles; overdue first, then by due date',
        querystring: object({
          processId,
          elementId: { type: 'string', minLength: 1, maxLength: 200 },
          overdue: { type: 'boolean' },
          q: { type: 'string', minLength: 1, maxLength: 100 },
          ...pageQueryProps,
        }),
        response: {
          200: object(
            {
              items: { type: 'array', items: inboxItem },
              total: { type: 'integer' },
              counts,
              nextCursor: { type: ['string', 'null'] },
            },
            ['items', 'total', 'counts', 'nextCursor'],
          ),
          ...errors(400, 401, 403),
        },
      },
    },
    async (request) => {
      const { limit, cursor, ...filter } = request.query;
      return approvals.inbox.myTasks(request.actor, filter, { limit, ...(cursor ? { cursor } : {}) });
    },
  );

  app.get(
    '/counts',
    {
      schema: {
        tags,
        summary: 'How many tasks I have: open, overdue, due within a day, returned to me; CC’d to me',
        response: { 200: counts, ...errors(401, 403) },
      },
    },
    async (request) => approvals.inbox.counts(request.actor),
  );

  app.get<{ Querystring: { limit: number; cursor?: string } }>(
    '/done',
    {
      schema: {
        tags,
        summary: 'Tasks I completed or acted on (returned, transferred, delegated, signed), newest first',
        querystring: object(pageQueryProps),
        response: {
          200: object(
            { items: { type: 'array', items: inboxItem }, nextCursor: { type: ['string', 'null'] } },
            ['items', 'nextCursor'],
          ),
          ...errors(400, 401, 403),
        },
      },
    },
    async (request) => {
      const { limit, cursor } = request.query;
      return approvals.inbox.done(request.actor, { limit, ...(cursor ? { cursor } : {}) });
    },
  );

  app.get<Id>(
    '/:id',
    {
      schema: {
        tags,
        summary: 'One task with its request (the form data), timeline and the actions I may take',
        params: idParams,
        response: { 200: taskDetail, ...errors(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const view = await approvals.inbox.task(request.actor, request.params.id);
      // An approver sees the request, not the flow's internals (settings, look-ups, floats).
      if (request.can('instances', 'read').allowed) return view;
      const variables = await variablesForParticipant(app.services.forms, view.request.variables);
      return { ...view, request: { ...view.request, variables } };
    },
  );

  const action = <B>(
    path: string,
    summary: string,
    body: Record<string, unknown>,
    run: (actor: Actor, id: string, body: B) => Promise<unknown>,
  ): void => {
    app.post<Id & { Body: B }>(
      `/:id/${path}`,
      {
        config: { audited: false },
        schema: { tags, summary, params: idParams, body, response: { 200: actionResult, ...actionErrors } },
      },
      async (request) => run(request.actor, request.params.id, (request.body ?? {}) as B),
    );
  };

  action<Input & { variables?: Variables; data?: Record<string, unknown>; undo?: boolean }>(
    'approve',
    'Approve (as a delegate: give the task back to confirm; as an added signer: pass it on); with undo: true, held for a few seconds so it can be taken back',
    approveBody,
    (a, id, { undo, ...b }) =>
      undo ? approvals.actions.approveLater(a, id, b) : approvals.actions.approve(a, id, b),
  );

  app.post<Id>(
    '/:id/undo',
    {
      config: { audited: false },
      schema: {
        tags,
        summary: 'Take back my approval of the task while its undo window lasts',
        params: idParams,
        body: emptyBody,
        response: {
          200: object(
            { taskId: { type: 'string' }, instanceId: { type: 'string' }, result: { type: 'string' } },
            ['taskId', 'instanceId', 'result'],
          ),
          ...actionErrors,
        },
      },
    },
    async (request) => approvals.actions.undo(request.actor, request.params.id),
  );
  action<Input>(
    'reject',
    'Reject with a reason (a rejection the flow does not route ends the request)',
    rejectBody,
    (a, id, b) => approvals.actions.reject(a, id, b),
  );
  action<Input & { to: string }>(
    'return',
    'Return to the requester for changes (to: "requester") or to an earlier approval step (to: its id)',
    returnBody,
    (a, id, b) => approvals.actions.returnTask(a, id, b),
  );
  action<Input & { to: string }>('transfer', 'Hand the task over to another person', toUserBody, (a, id, b) =>
    approvals.actions.transfer(a, id, b),
  );
  action<Input & { to: string }>(
    'delegate',
    'Ask another person to act; the task comes back to you to confirm',
    toUserBody,
    (a, id, b) => approvals.actions.delegate(a, id, b),
  );
  action<Input & { user: string; position: 'before' | 'after' }>(
    'add-signer',
    'Add a signer before you (then it comes back to you) or after your approval (加签)',
    addSignerBody,
    (a, id, b) => approvals.actions.addSigner(a, id, b),
  );
  action<Record<string, never>>(
    'claim',
    'Claim a task offered to your role or to several people',
    emptyBody,
    (a, id) => approvals.actions.claim(a, id),
  );
  action<Record<string, never>>('unclaim', 'Give a claimed task back to its group', emptyBody, (a, id) =>
    approvals.actions.unclaim(a, id),
  );
  action<Input & { variables?: Variables }>(
    'resubmit',
    'Resubmit a request returned to you (the approval starts again from its first step)',
    resubmitBody,
    (a, id, b) => approvals.actions.resubmit(a, id, b),
  );

  const instanceOf = (id: string): string => {
    const ref = parseTaskId(id);
    if (!ref) throw approvalErrors.taskNotFound(id);
    return ref.instanceId;
  };

  app.post<Id & { Body: Input & { users: string[] } }>(
    '/:id/cc',
    {
      config: { audited: false },
      schema: {
        tags,
        summary: "CC the task's request to people (they are notified and can follow it)",
        params: idParams,
        body: ccBody,
        response: { 200: instanceView, ...actionErrors },
      },
    },
    async (request) => approvals.actions.ccUsers(request.actor, instanceOf(request.params.id), request.body),
  );

  app.post<Id & { Body: Input }>(
    '/:id/comment',
    {
      config: { audited: false },
      schema: {
        tags,
        summary: 'Comment on the task (and/or attach files); everyone involved can read it',
        params: idParams,
        body: actionBody,
        response: { 200: instanceView, ...actionErrors },
      },
    },
    async (request) =>
      approvals.actions.comment(request.actor, instanceOf(request.params.id), {
        ...request.body,
        taskId: request.params.id,
      }),
  );

  app.post<{ Body: Input & { taskIds: string[] } }>(
    '/bulk-approve',
    {
      config: { audited: false },
      schema: {
        tags,
        summary: 'Approve many tasks at once; each is checked on its own and reported',
        body: bulkBody,
        response: { 200: bulkResult, ...errors(400, 401, 403, 415) },
      },
    },
    async (request) => {
      const { taskIds, ...input } = request.body;
      const items = await approvals.actions.bulkApprove(request.actor, taskIds, input);
      return { items, approved: items.filter((i) => i.ok).length, failed: items.filter((i) => !i.ok).length };
    },
  );
};
