// Who calls /v2: Camunda's clients sign in with HTTP Basic (a service account's login and one of
// its API tokens as the password) or a bearer token (the API token alone); the web app's session
// cookie works too. The caller then acts as that account — its roles decide (`config.access` of
// each route, 403 otherwise) and its name is on every audit entry. No credentials: 401 with a
// Basic challenge, so a client that speaks Camunda's auth knows what to send.
import type { FastifyRequest } from 'fastify';
import { commonErrors } from '#engine/core/errors.ts';
import { camundaErrors } from '#engine/core/camunda/errors.ts';
import { signInErrors } from '#engine/core/identity/errors.ts';
import { resolveAccess } from '#engine/core/permissions/resolve.ts';
import { SESSION_COOKIE } from '#engine/http/plugins/auth.ts';
import type { StoredUser } from '#engine/services/identity/users.ts';
import '#engine/http/types.ts';

function credentials(header: string | undefined): { token: string; login?: string } | null {
  const [scheme, value] = (header ?? '').trim().split(/\s+/, 2);
  if (!scheme || !value) return null;
  if (/^bearer$/i.test(scheme)) return { token: value };
  if (!/^basic$/i.test(scheme)) return null;
  const decoded = Buffer.from(value, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 1) return null;
  return { login: decoded.slice(0, colon), token: decoded.slice(colon + 1) };
}

/** The onRequest hook of the /v2 plugin: sets `request.auth`/`principal`/`actor`, checks access. */
export async function authenticateV2(request: FastifyRequest): Promise<void> {
  if (request.is404) return;
  const { identity } = request.server.services;
  const header = request.headers.authorization;
  let user: StoredUser | null = null;
  if (header) {
    const given = credentials(header);
    user = given ? await identity.apiTokens.authenticate(given.token, given.login) : null;
    if (!user) throw camundaErrors.tokenInvalid();
  } else {
    const auth = await identity.auth.authenticate(request.cookies[SESSION_COOKIE]);
    if (!auth) throw commonErrors.unauthenticated();
    if (auth.mustChangePassword) throw signInErrors.passwordChangeRequired();
    request.auth = auth;
    user = auth.user;
  }
  request.principal = await identity.access.principalFor(user);
  request.actor.principal = request.principal;
  const access = request.routeOptions.config.access;
  if (access) {
    const decision = resolveAccess(request.principal, access.resource, access.action);
    if (!decision.allowed) throw commonErrors.forbidden();
    request.decision = decision;
  }
}
