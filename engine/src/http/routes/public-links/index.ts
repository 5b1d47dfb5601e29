// Public links (services/records/public-links.ts): a record's public action opened without an
// account — the token in the path is the only key.
//   GET  /public/links/:token   the page: the action's title, text and fields
//   POST /public/links/:token   { values }: writes them into the record, once
// An unknown token is 404 PUBLIC_LINK_NOT_FOUND, an expired one 410 PUBLIC_LINK_EXPIRED, a used
// one 409 PUBLIC_LINK_USED; values the record refuses are its own 422 (the link stays usable).
import type { FastifyPluginAsync } from 'fastify';
import { errors, object, publicForm } from '#engine/http/schemas.ts';
import '#engine/http/types.ts';

// Any string up to a length: a malformed token is just a link that does not exist (404), not a 400.
const params = object({ token: { type: 'string', minLength: 1, maxLength: 200 } }, ['token']);
const tags = ['public links'];

export const publicLinkRoutes: FastifyPluginAsync = async (app) => {
  app.get<{ Params: { token: string } }>(
    '/links/:token',
    {
      config: { public: true, audited: false },
      schema: {
        tags,
        summary: "A public link's page: the action's title, text and fields (nothing of the record)",
        params,
        response: { 200: publicForm, ...errors(404, 409, 410) },
      },
    },
    async (request) => app.services.publicLinks.open(request.params.token),
  );

  app.post<{ Params: { token: string }; Body: { values: Record<string, unknown> } }>(
    '/links/:token',
    {
      config: { public: true },
      schema: {
        tags,
        summary: "Send a public link's form: its values are written into the record, once",
        params,
        body: object({ values: { type: 'object', maxProperties: 50 } }, ['values']),
        response: { 200: publicForm, ...errors(400, 404, 409, 410, 415, 422) },
      },
    },
    async (request) => app.services.publicLinks.submit(request.params.token, request.body.values),
  );
};
