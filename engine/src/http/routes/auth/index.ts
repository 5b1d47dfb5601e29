// /api/auth: log in (session cookie), log out, who am I, my profile, change my password.
import type { FastifyPluginAsync } from 'fastify';
import type { Permission } from '#schemas/generated/index.ts';
import type { UserPatch } from '#engine/services/identity/users.ts';
import { clearSessionCookie, setSessionCookie } from '#engine/http/plugins/auth.ts';
import { errors, locale, nullable, object, permission, prop, stored, user } from '#engine/http/schemas.ts';
import '#engine/http/types.ts';

export interface AuthRoutesOptions {
  cookieSecure?: boolean;
}

const me = object(
  {
    user: stored(user),
    mustChangePassword: { type: 'boolean' },
    permissions: { type: 'array', items: permission },
  },
  ['user', 'mustChangePassword', 'permissions'],
);
const password = { type: 'string', minLength: 1, maxLength: 256 };

export const authRoutes: FastifyPluginAsync<AuthRoutesOptions> = async (app, options) => {
  const secure = options.cookieSecure ?? false;
  const identity = app.services.identity;

  app.post<{ Body: { login: string; password: string } }>(
    '/login',
    {
      config: { public: true, audited: false },
      schema: {
        tags: ['auth'],
        summary: 'Log in: sets the HttpOnly session cookie',
        body: object({ login: { type: 'string', minLength: 1, maxLength: 64 }, password }, [
          'login',
          'password',
        ]),
        response: {
          200: object({ user: stored(user), mustChangePassword: { type: 'boolean' } }, [
            'user',
            'mustChangePassword',
          ]),
          ...errors(400, 401, 415, 429),
        },
      },
    },
    async (request, reply) => {
      const result = await identity.auth.login(request.body.login, request.body.password, request.actor);
      setSessionCookie(reply, result.token, identity.sessions.policy.maxAgeMs, secure);
      return { user: result.user, mustChangePassword: result.mustChangePassword };
    },
  );

  app.post(
    '/logout',
    {
      config: { allowPendingPasswordChange: true },
      schema: {
        tags: ['auth'],
        summary: 'Log out: ends the session',
        response: { 204: { type: 'null' }, ...errors(401) },
      },
    },
    async (request, reply) => {
      await identity.auth.logout(request.auth!.session, request.actor);
      clearSessionCookie(reply, secure);
      return reply.code(204).send();
    },
  );

  app.get(
    '/me',
    {
      config: { allowPendingPasswordChange: true },
      schema: {
        tags: ['auth'],
        summary: 'The signed-in user and the grants of their roles',
        response: { 200: me, ...errors(401) },
      },
    },
    async (request) => ({
      user: request.auth!.user,
      mustChangePassword: request.auth!.mustChangePassword,
      permissions: (request.principal?.grants ?? []) as Permission[],
    }),
  );

  app.patch<{ Body: Pick<UserPatch, 'displayName' | 'email' | 'phone' | 'locale'> }>(
    '/me',
    {
      schema: {
        tags: ['auth'],
        summary: 'Edit my own profile (name, contact, language)',
        body: {
          ...object({
            displayName: prop(user, 'displayName'),
            email: nullable(prop(user, 'email')),
            phone: nullable(prop(user, 'phone')),
            locale,
          }),
          minProperties: 1,
        },
        response: { 200: stored(user), ...errors(400, 401, 403, 409, 415) },
      },
    },
    async (request) => identity.users.update(request.auth!.user.id, request.body, request.actor),
  );

  app.post<{ Body: { currentPassword: string; newPassword: string } }>(
    '/password',
    {
      config: { allowPendingPasswordChange: true, audited: false },
      schema: {
        tags: ['auth'],
        summary: 'Change my password (ends my other sessions)',
        body: object({ currentPassword: password, newPassword: password }, [
          'currentPassword',
          'newPassword',
        ]),
        response: { 204: { type: 'null' }, ...errors(400, 401, 415, 422, 429) },
      },
    },
    async (request, reply) => {
      await identity.auth.changePassword(
        request.auth!,
        request.body.currentPassword,
        request.body.newPassword,
        request.actor,
      );
      return reply.code(204).send();
    },
  );
};
