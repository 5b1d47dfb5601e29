// What the plugins add to fastify (declaration merging), in one place for route authors.
import type {} from '@fastify/cookie';
import type {} from '@fastify/swagger';
import type { AccessDecision, Principal } from '../core/permissions/access.ts';
import type { Action } from '../core/permissions/resolve.ts';
import type { Actor, DecidedActor } from '../core/actor.ts';
import type { AuditEntryInput } from '../services/audit/record-audit.ts';
import type { Authenticated } from '../services/identity/authentication.ts';
import type { Services } from '../services/services.ts';

export interface RouteAccess {
  resource: string;
  action: Action;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** servicesPlugin: every service of the process (built by platform/compose.ts). */
    services: Services;
  }

  interface FastifyRequest {
    /** The signed-in user's session, or null (public routes, anonymous callers). */
    auth: Authenticated | null;
    /** Who is acting, with the grants of their roles; null when nobody is signed in. */
    principal: Principal | null;
    /** The decision for the route's `config.access` (allowed, or the request got 403). */
    decision: AccessDecision;
    /** Who acts in this request (principal, request id, client address): pass it to services. */
    actor: Actor;
    /** The principal's decision for another resource/action than the route's. */
    can(resource: string, action: Action): AccessDecision;
    /** This request's actor with its decision for one action on one resource (signed-in routes). */
    actorFor(resource: string, action: Action): DecidedActor;
    /** Records an audit entry in the name of this request. */
    audit(entry: AuditEntryInput): Promise<void>;
  }

  interface FastifyContextConfig {
    /** No session needed (login, health). Every other /api route needs one. */
    public?: boolean;
    /** The permission the route needs; checked before the body is even read (403 otherwise). */
    access?: RouteAccess;
    /** Reachable with a one-time password not yet changed (me, password change, logout). */
    allowPendingPasswordChange?: boolean;
    /** false: the route audits itself in a way the write safety net must not duplicate. */
    audited?: boolean;
    /** Also let in a machine with `Authorization: Bearer <the token of this name>` (AppOptions.tokens). */
    token?: 'metrics';
  }
}
