// /api/out-of-office: my proxy while I am away (new tasks meant for me go to them, "on behalf
// of" me), and — for administrators — everyone's.
//   GET    /api/out-of-office        mine (null when none is set or it is over)
//   PUT    /api/out-of-office        set mine: proxy, from, to (ISO dates or date-times)
//   DELETE /api/out-of-office        clear mine
//   GET    /api/out-of-office/all    every current entry                  out-of-office:read
import type { FastifyPluginAsync } from 'fastify';
import type { OutOfOfficeInput } from '#engine/services/approvals/out-of-office.ts';
import { errors, list, nullable, object } from '#engine/http/schemas.ts';
import '#engine/http/types.ts';
import { outOfOfficeBody, outOfOfficeView } from '../approvals/schemas.ts';

export const outOfOfficeRoutes: FastifyPluginAsync = async (app) => {
  const tags = ['out-of-office'];
  const ooo = app.services.approvals.outOfOffice;

  app.get(
    '',
    {
      schema: {
        tags,
        summary: 'My out-of-office proxy (null when none is set)',
        response: { 200: object({ item: nullable(outOfOfficeView) }, ['item']), ...errors(401, 403) },
      },
    },
    async (request) => ({ item: await ooo.get(request.principal!.userId) }),
  );

  app.put<{ Body: OutOfOfficeInput }>(
    '',
    {
      config: { audited: false },
      schema: {
        tags,
        summary: 'Set my proxy for a date range (new tasks go to them while I am away)',
        body: outOfOfficeBody,
        response: { 200: outOfOfficeView, ...errors(400, 401, 403, 415) },
      },
    },
    async (request) => ooo.set(request.principal!.userId, request.body, request.actor),
  );

  app.delete(
    '',
    {
      config: { audited: false },
      schema: {
        tags,
        summary: 'Clear my out-of-office proxy',
        response: { 204: { type: 'null' }, ...errors(401, 403) },
      },
    },
    async (request, reply) => {
      await ooo.clear(request.principal!.userId, request.actor);
      return reply.code(204).send();
    },
  );

  app.get(
    '/all',
    {
      config: { access: { resource: 'out-of-office', action: 'read' } },
      schema: {
        tags,
        summary: 'Everyone away now or later, with their proxy (administrators)',
        response: { 200: list(outOfOfficeView), ...errors(401, 403) },
      },
    },
    async () => ({ items: await ooo.list() }),
  );
};
