// /api/users: the directory (read through the caller's row and field rights) and its
// administration. Deactivating a user ends their sessions at once.
import type { FastifyPluginAsync } from 'fastify';
import type { NewUserInput, UserPatch, UserQuery } from '#engine/services/identity/users.ts';
import {
  errors,
  idParams,
  nullable,
  object,
  page,
  pageQuery,
  prop,
  stored,
  user,
  type JsonSchema,
} from '#engine/http/schemas.ts';
import '#engine/http/types.ts';

const storedUser = stored(user);
const optional = (name: string): JsonSchema => prop(user, name);

const newUser = object(
  {
    id: optional('id'),
    login: optional('login'),
    displayName: optional('displayName'),
    email: optional('email'),
    phone: optional('phone'),
    department: optional('department'),
    manager: optional('manager'),
    roles: optional('roles'),
    active: optional('active'),
    locale: optional('locale'),
    password: {
      type: 'string',
      minLength: 1,
      maxLength: 256,
      description: 'Initial password; generated when absent.',
    },
  },
  ['login', 'displayName'],
);

const userPatch = {
  ...object({
    rev: {
      type: 'integer',
      minimum: 1,
      description: 'Only if the user is still at this revision (409 otherwise).',
    },
    login: optional('login'),
    displayName: optional('displayName'),
    email: nullable(optional('email')),
    phone: nullable(optional('phone')),
    department: nullable(optional('department')),
    manager: nullable(optional('manager')),
    roles: optional('roles'),
    active: optional('active'),
    locale: optional('locale'),
  }),
  minProperties: 1,
};

const listQuery = object({
  q: { type: 'string', minLength: 1, maxLength: 100 },
  department: optional('department'),
  role: { type: 'string', maxLength: 128 },
  active: { type: 'boolean' },
  ...pageQuery,
});

type Id = { Params: { id: string } };

export const userRoutes: FastifyPluginAsync = async (app) => {
  const { users, auth } = app.services.identity;
  const tags = ['users'];

  app.get<{ Querystring: UserQuery & { limit: number; cursor?: string } }>(
    '',
    {
      config: { access: { resource: 'users', action: 'read' } },
      schema: {
        tags,
        summary: 'List users (phone numbers masked unless your role shows them)',
        querystring: listQuery,
        response: { 200: page(storedUser), ...errors(400, 401, 403) },
      },
    },
    async (request) => {
      const { limit, cursor, ...query } = request.query;
      return users.list(request.decision, query, { limit, ...(cursor ? { cursor } : {}) });
    },
  );

  app.get<Id>(
    '/:id',
    {
      config: { access: { resource: 'users', action: 'read' } },
      schema: {
        tags,
        summary: 'One user',
        params: idParams,
        response: { 200: storedUser, ...errors(400, 401, 403, 404) },
      },
    },
    async (request) => users.get(request.decision, request.params.id),
  );

  app.post<{ Body: NewUserInput }>(
    '',
    {
      config: { access: { resource: 'users', action: 'create' } },
      schema: {
        tags,
        summary: 'Create a user (returns the one-time password when none was given)',
        body: newUser,
        response: {
          201: object({ user: storedUser, initialPassword: { type: 'string' } }, ['user']),
          ...errors(400, 401, 403, 409, 415, 422),
        },
      },
    },
    async (request, reply) => reply.code(201).send(await users.create(request.body, request.actor)),
  );

  app.patch<Id & { Body: UserPatch }>(
    '/:id',
    {
      config: { access: { resource: 'users', action: 'update' } },
      schema: {
        tags,
        summary: 'Change a user (null removes an optional field)',
        params: idParams,
        body: userPatch,
        response: { 200: storedUser, ...errors(400, 401, 403, 404, 409, 415, 422) },
      },
    },
    async (request) => users.update(request.params.id, request.body, request.actor),
  );

  for (const [verb, active] of [
    ['deactivate', false],
    ['activate', true],
  ] as const) {
    app.post<Id>(
      `/:id/${verb}`,
      {
        config: { access: { resource: 'users', action: 'update' } },
        schema: {
          tags,
          summary: active ? 'Activate a user' : 'Deactivate a user (their sessions end at once)',
          params: idParams,
          response: { 200: storedUser, ...errors(400, 401, 403, 404, 409, 415) },
        },
      },
      async (request) => users.update(request.params.id, { active }, request.actor),
    );
  }

  app.post<Id>(
    '/:id/reset-password',
    {
      config: { access: { resource: 'users', action: 'admin' } },
      schema: {
        tags,
        summary: 'Give a user a one-time password (to change at next login); ends their sessions',
        params: idParams,
        response: {
          200: object({ password: { type: 'string' } }, ['password']),
          ...errors(400, 401, 403, 404, 415),
        },
      },
    },
    async (request) => ({ password: await users.resetPassword(request.params.id, request.actor) }),
  );

  app.post<Id>(
    '/:id/unlock',
    {
      config: { access: { resource: 'users', action: 'admin' }, audited: false },
      schema: {
        tags,
        summary:
          "Lift the lock of a user's login name (after wrong passwords from unfamiliar addresses) and every address's wait; audited",
        params: idParams,
        response: {
          200: object({ unlocked: { type: 'boolean', description: 'Whether a lock or a wait was on' } }, [
            'unlocked',
          ]),
          ...errors(400, 401, 403, 404, 415),
        },
      },
    },
    async (request) => auth.unlock(request.params.id, request.actor),
  );

  app.delete<Id>(
    '/:id',
    {
      config: { access: { resource: 'users', action: 'delete' } },
      schema: {
        tags,
        summary: 'Delete a user who manages nobody and heads no department (else deactivate)',
        params: idParams,
        response: { 204: { type: 'null' }, ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      await users.delete(request.params.id, request.actor);
      return reply.code(204).send();
    },
  );
};
