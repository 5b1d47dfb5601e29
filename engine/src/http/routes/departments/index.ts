// /api/departments: the department tree with heads.
import type { FastifyPluginAsync } from 'fastify';
import type { Department } from '#schemas/generated/index.ts';
import type { DepartmentPatch } from '#engine/services/identity/departments.ts';
import { department, errors, idParams, list, nullable, object, prop, stored } from '#engine/http/schemas.ts';
import '#engine/http/types.ts';

const storedDepartment = stored(department);
type Id = { Params: { id: string } };

export const departmentRoutes: FastifyPluginAsync = async (app) => {
  const departments = app.services.identity.departments;
  const tags = ['departments'];

  app.get(
    '',
    {
      config: { access: { resource: 'departments', action: 'read' } },
      schema: {
        tags,
        summary: 'All departments',
        response: { 200: list(storedDepartment), ...errors(401, 403) },
      },
    },
    async () => ({ items: await departments.list() }),
  );

  app.get<Id>(
    '/:id',
    {
      config: { access: { resource: 'departments', action: 'read' } },
      schema: {
        tags,
        summary: 'One department',
        params: idParams,
        response: { 200: storedDepartment, ...errors(400, 401, 403, 404) },
      },
    },
    async (request) => departments.get(request.params.id),
  );

  app.post<{ Body: Omit<Department, 'id'> & { id?: string } }>(
    '',
    {
      config: { access: { resource: 'departments', action: 'create' } },
      schema: {
        tags,
        summary: 'Create a department',
        body: object(
          {
            id: prop(department, 'id'),
            name: prop(department, 'name'),
            parent: prop(department, 'parent'),
            head: prop(department, 'head'),
          },
          ['name'],
        ),
        response: { 201: storedDepartment, ...errors(400, 401, 403, 409, 415, 422) },
      },
    },
    async (request, reply) => reply.code(201).send(await departments.create(request.body, request.actor)),
  );

  app.patch<Id & { Body: DepartmentPatch }>(
    '/:id',
    {
      config: { access: { resource: 'departments', action: 'update' } },
      schema: {
        tags,
        summary: 'Rename, move or change the head of a department (null removes parent/head)',
        params: idParams,
        body: {
          ...object({
            rev: { type: 'integer', minimum: 1 },
            name: prop(department, 'name'),
            parent: nullable(prop(department, 'parent')),
            head: nullable(prop(department, 'head')),
          }),
          minProperties: 1,
        },
        response: { 200: storedDepartment, ...errors(400, 401, 403, 404, 409, 415, 422) },
      },
    },
    async (request) => departments.update(request.params.id, request.body, request.actor),
  );

  app.delete<Id>(
    '/:id',
    {
      config: { access: { resource: 'departments', action: 'delete' } },
      schema: {
        tags,
        summary: 'Delete an empty department',
        params: idParams,
        response: { 204: { type: 'null' }, ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      await departments.delete(request.params.id, request.actor);
      return reply.code(204).send();
    },
  );
};
