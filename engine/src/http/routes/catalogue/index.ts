// /api/catalogue: the requests an employee can start (entries of enabled modules they may start),
// the warnings before submitting one (e.g. over budget), and submitting: the record is created
// and the entry's flow started with it. A request returned to its requester can be resubmitted
// with corrected data (services/modules/resubmit.ts).
import type { FastifyPluginAsync } from 'fastify';
import { errors, list, object } from '#engine/http/schemas.ts';
import '#engine/http/types.ts';
import { resubmitWithData, type ResubmitInput } from '#engine/services/modules/resubmit.ts';
import { IDEMPOTENCY_KEY_PATTERN } from '#engine/services/modules/submission-key.ts';
import { actionResult, attachment, instanceId, taskId } from '../approvals/schemas.ts';
import { anyObject, catalogueEntry, qualifiedId, warning } from '../modules/schemas.ts';
import { requesterFields } from './requester-fields.ts';

type Entry = { Params: { entry: string }; Body: { data: Record<string, unknown> } };
type Submit = { Params: { entry: string }; Body: { data: Record<string, unknown>; tappedAt?: string } } & {
  Headers: { 'idempotency-key'?: string };
};
const params = object({ entry: qualifiedId }, ['entry']);
const body = object({ data: anyObject }, ['data']);
const submitBody = object(
  {
    data: anyObject,
    tappedAt: {
      type: 'string',
      format: 'date-time',
      description:
        "A one-tap entry's tap queued on the device while offline: when it was tapped (the entry's `tap.tappedAt` keeps it, within its window; 400 TAP_TIME_NOT_ACCEPTED elsewhere, 422 TAP_TOO_OLD / TAP_TIME_IN_FUTURE outside the window)",
    },
  },
  ['data'],
);

export const catalogueRoutes: FastifyPluginAsync = async (app) => {
  const tags = ['catalogue'];
  const requests = app.services.requests;

  app.get(
    '',
    {
      schema: {
        tags,
        summary: 'The requests I can start, from the enabled modules',
        response: { 200: list(catalogueEntry), ...errors(401, 403) },
      },
    },
    async (request) => {
      const items = await requests.catalogue(request.principal!);
      // Only the requester's part of the field permissions (the steps' are for approvers), as the
      // flow follows them now: an analyst's approval settings win over the entry's declaration.
      return {
        items: await Promise.all(
          items.map(async (item) => {
            const { fieldPermissions: _declared, ...entry } = item;
            const requester = await requesterFields(app, item);
            return requester ? { ...entry, fieldPermissions: { requester } } : entry;
          }),
        ),
      };
    },
  );

  app.post<Entry>(
    '/:entry/precheck',
    {
      schema: {
        tags,
        summary: 'Warnings before submitting (e.g. the budget overrun), from the draft data',
        params,
        body,
        response: {
          200: object({ warnings: { type: 'array', items: warning }, values: anyObject }, [
            'warnings',
            'values',
          ]),
          ...errors(400, 401, 403, 404, 409, 415, 422),
        },
      },
    },
    async (request) => requests.precheck(request.actor, request.params.entry, request.body.data),
  );

  app.post<Submit>(
    '/:entry/submit',
    {
      config: { audited: false },
      schema: {
        tags,
        summary: 'Submit a request: the record (status submitted) and its approval flow',
        description:
          'With an `Idempotency-Key` header (a UUID the client makes per submission), sending the same submission again returns the request the first one made (header `Idempotent-Replayed: true`) instead of creating a second one.',
        params,
        // Not object(): every other header a browser sends must stay allowed.
        headers: {
          type: 'object',
          properties: {
            'idempotency-key': {
              type: 'string',
              pattern: IDEMPOTENCY_KEY_PATTERN,
              description: '8–128 characters: letters, digits, _ . : -',
            },
          },
        },
        body: submitBody,
        response: {
          201: object(
            {
              record: {
                ...anyObject,
                description: 'The record (as GET /api/records/{form}/{id} returns it)',
              },
              instanceId: { type: 'string' },
            },
            ['record'],
          ),
          ...errors(400, 401, 403, 404, 409, 415, 422),
        },
      },
    },
    async (request, reply) => {
      const key = request.headers['idempotency-key'];
      const result = await requests.submit(request.actor, request.params.entry, request.body.data, {
        ...(key ? { idempotencyKey: key } : {}),
        ...(request.body.tappedAt ? { tappedAt: request.body.tappedAt } : {}),
      });
      if (result.replayed) void reply.header('idempotent-replayed', 'true');
      return reply
        .code(201)
        .send({ record: result.record, ...(result.instance ? { instanceId: result.instance.id } : {}) });
    },
  );
  app.post<{
    Params: { id: string };
    Body: ResubmitInput;
  }>(
    '/requests/:id/resubmit',
    {
      config: { audited: false },
      schema: {
        tags,
        summary:
          'Resubmit a request returned to me with corrected data: the record takes it (checked as on submit), then the approval starts again with it',
        params: object({ id: instanceId }, ['id']),
        body: object(
          {
            taskId,
            data: anyObject,
            comment: { type: 'string', maxLength: 4000 },
            attachments: { type: 'array', items: attachment, maxItems: 50 },
          },
          ['taskId', 'data'],
        ),
        response: {
          200: object(
            {
              record: {
                ...anyObject,
                description: 'The record (as GET /api/records/{form}/{id} returns it)',
              },
              result: actionResult,
            },
            ['record', 'result'],
          ),
          ...errors(400, 401, 403, 404, 409, 415, 422),
        },
      },
    },
    async (request) => {
      const { records, approvals } = app.services;
      const out = await resubmitWithData(
        { records, approvals },
        request.actor,
        request.params.id,
        request.body,
      );
      return { record: out.record, result: out.result };
    },
  );
};
