// /api/roles: roles and their grants (role × resource × action, row rules, field restrictions).
import type { FastifyPluginAsync } from 'fastify';
import type { Role } from '#schemas/generated/index.ts';
import type { RolePatch } from '#engine/services/identity/roles.ts';
import { errors, list, nullable, object, prop, role, stableId, stored } from '#engine/http/schemas.ts';
import '#engine/http/types.ts';

const storedRole = stored(role);
const roleParams = object({ id: stableId }, ['id']);
type Id = { Params: { id: string } };

export const roleRoutes: FastifyPluginAsync = async (app) => {
  const roles = app.services.identity.roles;
  const tags = ['roles'];

  app.get(
    '',
    {
      config: { access: { resource: 'roles', action: 'read' } },
      schema: {
        tags,
        summary: 'All roles with their grants',
        response: { 200: list(storedRole), ...errors(401, 403) },
      },
    },
    async () => ({ items: await roles.list() }),
  );

  app.get<Id>(
    '/:id',
    {
      config: { access: { resource: 'roles', action: 'read' } },
      schema: {
        tags,
        summary: 'One role',
        params: roleParams,
        response: { 200: storedRole, ...errors(400, 401, 403, 404) },
      },
    },
    async (request) => roles.get(request.params.id),
  );

  app.post<{ Body: Omit<Role, 'system'> }>(
    '',
    {
      config: { access: { resource: 'roles', action: 'create' } },
      schema: {
        tags,
        summary: 'Create a role (FEEL row rules are checked: only what a store query can enforce)',
        body: object(
          {
            id: prop(role, 'id'),
            name: prop(role, 'name'),
            description: prop(role, 'description'),
            module: prop(role, 'module'),
            permissions: prop(role, 'permissions'),
          },
          ['id', 'name', 'permissions'],
        ),
        response: { 201: storedRole, ...errors(400, 401, 403, 409, 415, 422) },
      },
    },
    async (request, reply) => reply.code(201).send(await roles.create(request.body, request.actor)),
  );

  app.patch<Id & { Body: RolePatch }>(
    '/:id',
    {
      config: { access: { resource: 'roles', action: 'update' } },
      schema: {
        tags,
        summary:
          "Rename a role or change its grants (audited as a permission change); admin's grants are fixed",
        params: roleParams,
        body: {
          ...object({
            rev: { type: 'integer', minimum: 1 },
            name: prop(role, 'name'),
            description: nullable(prop(role, 'description')),
            permissions: prop(role, 'permissions'),
          }),
          minProperties: 1,
        },
        response: { 200: storedRole, ...errors(400, 401, 403, 404, 409, 415, 422) },
      },
    },
    async (request) => roles.update(request.params.id, request.body, request.actor),
  );

  app.delete<Id>(
    '/:id',
    {
      config: { access: { resource: 'roles', action: 'delete' } },
      schema: {
        tags,
        summary: 'Delete a role nobody holds (built-in roles cannot be deleted)',
        params: roleParams,
        response: { 204: { type: 'null' }, ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      await roles.delete(request.params.id, request.actor);
      return reply.code(204).send();
    },
  );
};
