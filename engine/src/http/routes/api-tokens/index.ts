// API tokens of service accounts, under /api/users/{id}/api-tokens (administrators only):
//   GET    /api/users/{id}/api-tokens              the account's tokens (never the secrets)
//   POST   /api/users/{id}/api-tokens              make one: the reply is the only time it is shown
//   DELETE /api/users/{id}/api-tokens/{tokenId}    revoke it (on every replica, from the next request)
// A program presents the token as `Authorization: Bearer <token>`, or as the password of HTTP
// Basic with the account's login (Camunda's clients: /v2), and then acts as that account.
import type { FastifyPluginAsync } from 'fastify';
import { errors, idParams, object, refId, type JsonSchema } from '#engine/http/schemas.ts';
import '#engine/http/types.ts';

const tokenView: JsonSchema = object(
  {
    id: { type: 'string' },
    userId: { type: 'string' },
    name: { type: 'string' },
    createdAt: { type: 'string' },
    createdBy: { type: 'string' },
    lastUsedAt: { type: 'string' },
    revokedAt: { type: 'string' },
    revokedBy: { type: 'string' },
  },
  ['id', 'userId', 'name', 'createdAt'],
);

type Id = { Params: { id: string } };

export const apiTokenRoutes: FastifyPluginAsync = async (app) => {
  const tags = ['users'];
  const { apiTokens } = app.services.identity;
  const access = { resource: 'users', action: 'admin' } as const;

  app.get<Id>(
    '/:id/api-tokens',
    {
      config: { access },
      schema: {
        tags,
        summary: "A service account's API tokens, newest first (the tokens themselves are never shown again)",
        params: idParams,
        response: {
          200: object({ items: { type: 'array', items: tokenView } }, ['items']),
          ...errors(400, 401, 403, 404),
        },
      },
    },
    async (request) => ({ items: await apiTokens.list(request.params.id) }),
  );

  app.post<Id & { Body: { name: string } }>(
    '/:id/api-tokens',
    {
      config: { access, audited: false },
      schema: {
        tags,
        summary:
          'Make an API token for a service account (a user made for a program, e.g. with the role job-worker): shown once in this reply; audited',
        params: idParams,
        body: object({ name: { type: 'string', minLength: 1, maxLength: 100 } }, ['name']),
        response: {
          201: {
            ...tokenView,
            properties: { ...(tokenView.properties as object), token: { type: 'string' } },
            required: ['id', 'userId', 'name', 'createdAt', 'token'],
          },
          ...errors(400, 401, 403, 404, 415),
        },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await apiTokens.create(request.params.id, request.body.name, request.actor)),
  );

  app.delete<{ Params: { id: string; tokenId: string } }>(
    '/:id/api-tokens/:tokenId',
    {
      config: { access, audited: false },
      schema: {
        tags,
        summary: 'Revoke an API token (refused from the next request on, on every replica); audited',
        params: object({ id: refId, tokenId: { type: 'string', pattern: '^[0-9a-f]{16}$' } }, [
          'id',
          'tokenId',
        ]),
        response: { 200: tokenView, ...errors(400, 401, 403, 404) },
      },
    },
    async (request) => apiTokens.revoke(request.params.id, request.params.tokenId, request.actor),
  );
};
