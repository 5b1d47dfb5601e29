// A mailing's delivery log on its record (services/notifications/mailing-log.ts):
//   GET /records/:form/:id/deliveries?status=&limit=&cursor=   each recipient's delivery, with counts
// For forms whose records are mailings (`deliveryLog`: the CRM's campaigns); needs reading the record.
import type { FastifyPluginAsync } from 'fastify';
import type { DeliveryStatus } from '#engine/services/notifications/record-mailings.ts';
import { errors, object, pageQuery, stableId, type JsonSchema } from '#engine/http/schemas.ts';
import '#engine/http/types.ts';

const recordId: JsonSchema = { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$' };
const STATUS = ['sending', 'sent', 'skipped', 'failed', 'unknown'];
const count = { type: 'integer', minimum: 0 };

const deliveryLogPage = object(
  {
    form: { type: ['string', 'null'] },
    counts: object(Object.fromEntries([...STATUS, 'total'].map((s) => [s, count])), [...STATUS, 'total']),
    items: {
      type: 'array',
      items: object(
        {
          recipient: { type: 'string' },
          title: { type: 'string' },
          channel: { type: 'string' },
          status: { type: 'string', enum: STATUS },
          reason: { type: 'string' },
          at: { type: 'string', format: 'date-time' },
        },
        ['recipient', 'channel', 'status', 'at'],
      ),
    },
    nextCursor: { type: ['string', 'null'] },
  },
  ['form', 'counts', 'items', 'nextCursor'],
);

export const mailingRoutes: FastifyPluginAsync = async (app) => {
  app.get<{
    Params: { form: string; id: string };
    Querystring: { status?: DeliveryStatus; limit?: number; cursor?: string };
  }>(
    '/:form/:id/deliveries',
    {
      schema: {
        tags: ['records'],
        summary:
          "A mailing record's delivery log (a campaign's): each recipient's channel, status and time, by status, with the counts",
        params: object({ form: stableId, id: recordId }, ['form', 'id']),
        querystring: object({ status: { type: 'string', enum: STATUS }, ...pageQuery }),
        response: { 200: deliveryLogPage, ...errors(400, 401, 403, 404) },
      },
    },
    async (request) =>
      app.services.mailingLog.page(
        request.actorFor(`record:${request.params.form}`, 'read'),
        request.params.form,
        request.params.id,
        request.query,
        (resource) => request.actorFor(resource, 'read'),
      ),
  );
};
