// The five routes of a resource an administrator manages as a whole (departments, roles): list,
// one by id, create, patch with the revision read, delete. Each resource says only what differs:
// its schemas, the summaries the API documentation shows, and the service that audits each change.
import type { FastifyInstance } from 'fastify';
import type { Actor } from '#engine/core/actor.ts';
import { errors, list, object, stored, type JsonSchema } from '#engine/http/schemas.ts';
import '#engine/http/types.ts';

export interface CrudService<Create, Patch> {
  list(): Promise<unknown[]>;
  get(id: string): Promise<unknown>;
  create(input: Create, actor: Actor): Promise<unknown>;
  update(id: string, patch: Patch, actor: Actor): Promise<unknown>;
  delete(id: string, actor: Actor): Promise<void>;
}

export interface CrudRoutes<Create, Patch> {
  /** The permission resource, also the API documentation's tag. */
  resource: string;
  service: CrudService<Create, Patch>;
  /** The resource's schema (schemas/*.schema.json); replies add its revision. */
  schema: JsonSchema;
  params: JsonSchema;
  createBody: JsonSchema;
  /** The properties a patch may change (besides `rev`). */
  patchProperties: Record<string, JsonSchema>;
  summaries: { list: string; get: string; create: string; update: string; delete: string };
}

type Id = { Params: { id: string } };

export function crudRoutes<Create, Patch>(app: FastifyInstance, r: CrudRoutes<Create, Patch>): void {
  const { resource, service, params, summaries } = r;
  const tags = [resource];
  const one = stored(r.schema);
  const access = (action: 'read' | 'create' | 'update' | 'delete') => ({ access: { resource, action } });

  app.get(
    '',
    {
      config: access('read'),
      schema: { tags, summary: summaries.list, response: { 200: list(one), ...errors(401, 403) } },
    },
    async () => ({ items: await service.list() }),
  );

  app.get<Id>(
    '/:id',
    {
      config: access('read'),
      schema: { tags, summary: summaries.get, params, response: { 200: one, ...errors(400, 401, 403, 404) } },
    },
    async (request) => service.get(request.params.id),
  );

  app.post<{ Body: Create }>(
    '',
    {
      config: access('create'),
      schema: {
        tags,
        summary: summaries.create,
        body: r.createBody,
        response: { 201: one, ...errors(400, 401, 403, 409, 415, 422) },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await service.create(request.body as Create, request.actor)),
  );

  app.patch<Id & { Body: Patch }>(
    '/:id',
    {
      config: access('update'),
      schema: {
        tags,
        summary: summaries.update,
        params,
        body: {
          ...object({ rev: { type: 'integer', minimum: 1 }, ...r.patchProperties }),
          minProperties: 1,
        },
        response: { 200: one, ...errors(400, 401, 403, 404, 409, 415, 422) },
      },
    },
    async (request) => service.update(request.params.id, request.body as Patch, request.actor),
  );

  app.delete<Id>(
    '/:id',
    {
      config: access('delete'),
      schema: {
        tags,
        summary: summaries.delete,
        params,
        response: { 204: { type: 'null' }, ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      await service.delete(request.params.id, request.actor);
      return reply.code(204).send();
    },
  );
}
