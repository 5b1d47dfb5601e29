// /api/org: the org chart's answers, as the approvals engine uses them for assignees: a user's
// manager, their chain of managers, the head of a department, the members of a role or department.
// Inactive users are skipped (their own manager answers instead) and never listed.
import type { FastifyPluginAsync } from 'fastify';
import { notFound } from '#engine/core/errors.ts';
import type { OrgView } from '#engine/services/org/org-chart.ts';
import { errors, idParams, object, stableId, type JsonSchema } from '#engine/http/schemas.ts';
import '#engine/http/types.ts';

const person = object(
  {
    id: { type: 'string' },
    login: { type: 'string' },
    displayName: { type: 'string' },
    department: { type: 'string' },
  },
  ['id', 'login', 'displayName'],
);
const one = (key: string): JsonSchema => object({ [key]: { anyOf: [person, { type: 'null' }] } }, [key]);
const many = object({ items: { type: 'array', items: person } }, ['items']);

type Id = { Params: { id: string } };

function summary(view: OrgView, id: string | null) {
  const u = id === null ? undefined : view.user(id);
  if (!u) return null;
  return {
    id: u.id,
    login: u.login,
    displayName: u.displayName,
    ...(u.department ? { department: u.department } : {}),
  };
}

const noUser = () => notFound('USER_NOT_FOUND', 'No such user.', '用户不存在。');
const noDepartment = () => notFound('DEPARTMENT_NOT_FOUND', 'No such department.', '部门不存在。');

export const orgRoutes: FastifyPluginAsync = async (app) => {
  const config = { access: { resource: 'org', action: 'read' as const } };
  const tags = ['org'];
  const snapshot = () => app.services.identity.org.snapshot();

  app.get<Id>(
    '/users/:id/manager',
    {
      config,
      schema: {
        tags,
        summary: "A user's nearest active manager",
        params: idParams,
        response: { 200: one('manager'), ...errors(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const view = await snapshot();
      if (!view.user(request.params.id)) throw noUser();
      return { manager: summary(view, view.managerOf(request.params.id)) };
    },
  );

  app.get<Id & { Querystring: { levels: number } }>(
    '/users/:id/managers',
    {
      config,
      schema: {
        tags,
        summary: 'The chain of managers above a user, nearest first, stopping at the top',
        params: idParams,
        querystring: object({ levels: { type: 'integer', minimum: 1, maximum: 20, default: 3 } }),
        response: { 200: many, ...errors(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const view = await snapshot();
      if (!view.user(request.params.id)) throw noUser();
      return { items: view.managers(request.params.id, request.query.levels).map((id) => summary(view, id)) };
    },
  );

  app.get<Id>(
    '/users/:id/dept-head',
    {
      config,
      schema: {
        tags,
        summary: "The head of a user's department (or of the nearest department above with one)",
        params: idParams,
        response: { 200: one('head'), ...errors(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const view = await snapshot();
      if (!view.user(request.params.id)) throw noUser();
      return { head: summary(view, view.deptHeadOf({ user: request.params.id })) };
    },
  );

  app.get<Id>(
    '/departments/:id/head',
    {
      config,
      schema: {
        tags,
        summary: 'The head of a department (or of the nearest one above with one)',
        params: idParams,
        response: { 200: one('head'), ...errors(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const view = await snapshot();
      if (!view.department(request.params.id)) throw noDepartment();
      return { head: summary(view, view.deptHeadOf({ department: request.params.id })) };
    },
  );

  app.get<Id & { Querystring: { includeSubDepartments: boolean } }>(
    '/departments/:id/members',
    {
      config,
      schema: {
        tags,
        summary: 'Active members of a department, optionally with its sub-departments',
        params: idParams,
        querystring: object({ includeSubDepartments: { type: 'boolean', default: false } }),
        response: { 200: many, ...errors(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const view = await snapshot();
      if (!view.department(request.params.id)) throw noDepartment();
      const ids = view.membersOfDepartment(request.params.id, request.query);
      return { items: ids.map((id) => summary(view, id)) };
    },
  );

  app.get<Id>(
    '/roles/:id/members',
    {
      config,
      schema: {
        tags,
        summary: 'Active users holding a role',
        params: object({ id: stableId }, ['id']),
        response: { 200: many, ...errors(400, 401, 403) },
      },
    },
    async (request) => {
      const view = await snapshot();
      return { items: view.membersOfRole(request.params.id).map((id) => summary(view, id)) };
    },
  );
};
