// /api/departments: the department tree with heads.
import type { FastifyPluginAsync } from 'fastify';
import type { Department } from '#schemas/generated/index.ts';
import type { DepartmentPatch } from '#engine/services/identity/departments.ts';
import { department, idParams, nullable, object, prop } from '#engine/http/schemas.ts';
import { crudRoutes } from '../crud.ts';

export const departmentRoutes: FastifyPluginAsync = async (app) => {
  crudRoutes<Omit<Department, 'id'> & { id?: string }, DepartmentPatch>(app, {
    resource: 'departments',
    service: app.services.identity.departments,
    schema: department,
    params: idParams,
    createBody: object(
      {
        id: prop(department, 'id'),
        name: prop(department, 'name'),
        parent: prop(department, 'parent'),
        head: prop(department, 'head'),
      },
      ['name'],
    ),
    patchProperties: {
      name: prop(department, 'name'),
      parent: nullable(prop(department, 'parent')),
      head: nullable(prop(department, 'head')),
    },
    summaries: {
      list: 'All departments',
      get: 'One department',
      create: 'Create a department',
      update: 'Rename, move or change the head of a department (null removes parent/head)',
      delete: 'Delete an empty department',
    },
  });
};
