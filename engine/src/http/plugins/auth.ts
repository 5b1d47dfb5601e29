// Sessions and permissions for every /api route, over `app.services.identity`: on each request
// resolves the session cookie to `request.auth` and `request.principal`, then — before the body is
// read — refuses:
//   401 UNAUTHENTICATED           no valid session (unless the route is `config.public`),
//   403 PASSWORD_CHANGE_REQUIRED  a one-time password not changed yet,
//   403 FORBIDDEN                 the route's `config.access` permission is not granted.
// A route with `config.token` also lets in a machine presenting that token (`Authorization:
// Bearer …`, compared in constant time): a metrics scraper has no session. Routes outside /api
// (the web app, /docs) are public.
import { timingSafeEqual } from 'node:crypto';
import type {} from '../types.ts';
import fp from 'fastify-plugin';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { decide } from '#engine/core/actor.ts';
import { commonErrors } from '#engine/core/errors.ts';
import { signInErrors } from '#engine/core/identity/errors.ts';
import { DENIED, resolveAccess } from '#engine/core/permissions/resolve.ts';

export const SESSION_COOKIE = 'forma_session';

export interface AuthPluginOptions {
  /** Send the cookie only over HTTPS (set behind TLS). */
  cookieSecure?: boolean;
  /** Housekeeping interval for expired sessions and login counters (0: never). */
  sweepIntervalMs?: number;
  /** Tokens machines may present instead of a session, by name (`config.token`): METRICS_TOKEN. */
  tokens?: Readonly<Record<string, string | undefined>>;
}

/** Whether the request carries `Authorization: Bearer <expected>`. */
function bearerMatches(header: string | undefined, expected: string): boolean {
  const given = /^Bearer (\S+)$/i.exec(header ?? '')?.[1];
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

export function setSessionCookie(
  reply: FastifyReply,
  token: string,
  maxAgeMs: number,
  secure: boolean,
): void {
  void reply.setCookie(SESSION_COOKIE, token, {
    path: '/',
    httpOnly: true,
    sameSite: 'strict',
    secure,
    maxAge: Math.floor(maxAgeMs / 1000),
  });
}

export function clearSessionCookie(reply: FastifyReply, secure: boolean): void {
  void reply.clearCookie(SESSION_COOKIE, { path: '/', httpOnly: true, sameSite: 'strict', secure });
}

export const authPlugin = fp<AuthPluginOptions>(
  async (app, options) => {
    const { identity } = app.services;
    const secure = options.cookieSecure ?? false;

    app.decorateRequest('auth', null);
    app.decorateRequest('principal', null);
    app.decorateRequest('decision', null as never);
    app.decorateRequest('actor', null as never);
    app.decorateRequest('can', function (this: FastifyRequest, resource, action) {
      return resolveAccess(this.principal, resource, action);
    });
    app.decorateRequest('actorFor', function (this: FastifyRequest, resource, action) {
      return decide(this.actor, resource, action);
    });

    app.addHook('onRequest', async (request, reply) => {
      request.actor = { principal: null, requestId: request.id, ip: request.ip };
      request.decision = DENIED;
      const config = request.routeOptions.config;
      const url = request.routeOptions.url ?? '';
      if (request.is404 || !url.startsWith('/api/') || config.public) return;
      const machineToken = config.token ? options.tokens?.[config.token] : undefined;
      if (machineToken && bearerMatches(request.headers.authorization, machineToken)) return;
      const token = request.cookies[SESSION_COOKIE];
      const auth = token ? await identity.auth.authenticate(token) : null;
      if (!auth) {
        if (token) clearSessionCookie(reply, secure);
        throw commonErrors.unauthenticated();
      }
      request.auth = auth;
      request.principal = await identity.access.principalFor(auth.user);
      request.actor.principal = request.principal;
      if (auth.mustChangePassword && !config.allowPendingPasswordChange)
        throw signInErrors.passwordChangeRequired();
      if (config.access) {
        const decision = resolveAccess(request.principal, config.access.resource, config.access.action);
        if (!decision.allowed) throw commonErrors.forbidden();
        request.decision = decision;
      }
    });

    const interval = options.sweepIntervalMs ?? 10 * 60_000;
    if (interval > 0) {
      const timer = setInterval(() => {
        identity.sweep().catch((err: unknown) => app.log.warn({ err }, 'session sweep failed'));
      }, interval);
      timer.unref();
      app.addHook('onClose', async () => clearInterval(timer));
    }
  },
  { name: 'forma-auth', fastify: '5.x', dependencies: ['forma-services', 'forma-audit'] },
);
