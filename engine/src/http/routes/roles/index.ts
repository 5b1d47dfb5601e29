// /api/roles: roles and their grants (role × resource × action, row rules, field restrictions).
import type { FastifyPluginAsync } from 'fastify';
import type { Role } from '#schemas/generated/index.ts';
import type { RolePatch } from '#engine/services/identity/roles.ts';
import { nullable, object, prop, role, stableId } from '#engine/http/schemas.ts';
import { crudRoutes } from '../crud.ts';

export const roleRoutes: FastifyPluginAsync = async (app) => {
  crudRoutes<Omit<Role, 'system'>, RolePatch>(app, {
    resource: 'roles',
    service: app.services.identity.roles,
    schema: role,
    params: object({ id: stableId }, ['id']),
    createBody: object(
      {
        id: prop(role, 'id'),
        name: prop(role, 'name'),
        description: prop(role, 'description'),
        module: prop(role, 'module'),
        permissions: prop(role, 'permissions'),
      },
      ['id', 'name', 'permissions'],
    ),
    patchProperties: {
      name: prop(role, 'name'),
      description: nullable(prop(role, 'description')),
      permissions: prop(role, 'permissions'),
    },
    summaries: {
      list: 'All roles with their grants',
      get: 'One role',
      create: 'Create a role (FEEL row rules are checked: only what a store query can enforce)',
      update: "Rename a role or change its grants (audited as a permission change); admin's grants are fixed",
      delete: 'Delete a role nobody holds (built-in roles cannot be deleted)',
    },
  });
};
