// /api/saved-views: my saved views of a document type's records (only mine; nobody else's are
// listed or reachable — another person's view id answers 404).
//   GET    /api/saved-views?form=…   my views of a form, by name
//   POST   /api/saved-views          save one { form, name, view, where?, q?, sort?, columns?, … }
//   PUT    /api/saved-views/{id}     replace it (rev: the revision it is based on, optional)
//   DELETE /api/saved-views/{id}     drop it
// A view's filter is checked as a list would check it (fields the form has and I may filter on).
import type { FastifyPluginAsync } from 'fastify';
import type { SavedViewInput } from '#engine/services/doctypes/saved-views.ts';
import { errors, list, object, stableId } from '#engine/http/schemas.ts';
import '#engine/http/types.ts';
import { savedView, savedViewContent } from './schemas.ts';

const viewId = { type: 'string', pattern: '^[A-Za-z0-9-]{1,64}$' };
const idParams = object({ id: viewId }, ['id']);

type Id = { Params: { id: string } };

export const savedViewRoutes: FastifyPluginAsync = async (app) => {
  const tags = ['records'];
  const { savedViews } = app.services;

  app.get<{ Querystring: { form: string } }>(
    '',
    {
      schema: {
        tags,
        summary: 'My saved views of a document type, by name',
        querystring: object({ form: stableId }, ['form']),
        response: { 200: list(savedView), ...errors(400, 401, 403, 404) },
      },
    },
    async (request) => ({ items: await savedViews.list(request.principal!, request.query.form) }),
  );

  app.post<{ Body: SavedViewInput & { form: string } }>(
    '',
    {
      config: { audited: false },
      schema: {
        tags,
        summary: 'Save a view (its filter is checked as a list checks it)',
        body: object({ form: stableId, ...savedViewContent }, ['form', 'name', 'view']),
        response: { 201: savedView, ...errors(400, 401, 403, 404, 409, 415) },
      },
    },
    async (request, reply) => {
      const { form, ...input } = request.body;
      return reply.code(201).send(await savedViews.create(request.principal!, form, input));
    },
  );

  app.put<Id & { Body: SavedViewInput & { rev?: number } }>(
    '/:id',
    {
      config: { audited: false },
      schema: {
        tags,
        summary: 'Replace one of my saved views',
        params: idParams,
        body: object({ ...savedViewContent, rev: { type: 'integer', minimum: 1 } }, ['name', 'view']),
        response: { 200: savedView, ...errors(400, 401, 403, 404, 409, 415) },
      },
    },
    async (request) => {
      const { rev, ...input } = request.body;
      return savedViews.update(request.principal!, request.params.id, input, rev);
    },
  );

  app.delete<Id>(
    '/:id',
    {
      config: { audited: false },
      schema: {
        tags,
        summary: 'Drop one of my saved views',
        params: idParams,
        response: { 204: { type: 'null' }, ...errors(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      await savedViews.remove(request.principal!, request.params.id);
      return reply.code(204).send();
    },
  );
};
