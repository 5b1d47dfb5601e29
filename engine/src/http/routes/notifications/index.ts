// /api/notifications: my notification centre — list (newest first, unread only on request),
// the unread count, mark read (some or all). Everyone signed in has one; nobody sees another's.
import type { FastifyPluginAsync } from 'fastify';
import { errors, localizedText, object, page, pageQuery } from '#engine/http/schemas.ts';
import '#engine/http/types.ts';
import { timestamp } from '../modules/schemas.ts';

const notification = object(
  {
    id: { type: 'string' },
    title: localizedText,
    body: localizedText,
    link: { type: 'string' },
    kind: { type: 'string' },
    source: object({ type: { type: 'string' }, id: { type: 'string' } }, ['type', 'id']),
    createdAt: timestamp,
    read: { type: 'boolean' },
    readAt: timestamp,
  },
  ['id', 'title', 'kind', 'createdAt', 'read'],
);

export const notificationRoutes: FastifyPluginAsync = async (app) => {
  const tags = ['notifications'];
  const centre = app.services.notifications;

  app.get<{ Querystring: { unread?: boolean; limit?: number; cursor?: string } }>(
    '',
    {
      schema: {
        tags,
        summary: 'My notifications, newest first',
        querystring: object({ unread: { type: 'boolean' }, ...pageQuery }),
        response: { 200: page(notification), ...errors(400, 401, 403) },
      },
    },
    async (request) => {
      const q = request.query;
      const result = await centre.list(request.principal!.userId, {
        ...(q.unread !== undefined ? { unread: q.unread } : {}),
        ...(q.limit ? { limit: q.limit } : {}),
        ...(q.cursor ? { cursor: q.cursor } : {}),
      });
      return {
        items: result.items.map(({ rev: _rev, userId: _u, key: _k, deliveries: _d, ...n }) => n),
        nextCursor: result.nextCursor,
      };
    },
  );

  app.get(
    '/unread-count',
    {
      schema: {
        tags,
        summary: 'How many of my notifications are unread',
        response: {
          200: object({ unread: { type: 'integer', minimum: 0 } }, ['unread']),
          ...errors(401, 403),
        },
      },
    },
    async (request) => ({ unread: await centre.unreadCount(request.principal!.userId) }),
  );

  app.post<{ Body: { ids?: string[]; all?: boolean } }>(
    '/read',
    {
      config: { audited: false },
      schema: {
        tags,
        summary: 'Mark notifications read: the given ids, or all of mine',
        body: {
          ...object({
            ids: {
              type: 'array',
              items: { type: 'string', minLength: 1, maxLength: 100 },
              minItems: 1,
              maxItems: 500,
            },
            all: { type: 'boolean', const: true },
          }),
          minProperties: 1,
        },
        response: {
          200: object({ changed: { type: 'integer', minimum: 0 } }, ['changed']),
          ...errors(400, 401, 403, 415),
        },
      },
    },
    async (request) => ({
      changed: await centre.markRead(
        request.principal!.userId,
        request.body.all ? 'all' : (request.body.ids ?? []),
      ),
    }),
  );
};
