// The one Fastify application both run modes serve. The services come in built (by the
// composition root, platform/compose.ts) and are decorated as `app.services` before any route is
// registered (types.ts lists what routes can use); every route module in routes/index.ts is
// mounted under /api.
// Security defaults: helmet headers, no CORS (same origin only), HttpOnly SameSite=Strict session
// cookies, a body size limit, strict request schemas, one error shape (errors.ts).
import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import cookie from '@fastify/cookie';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyServerOptions } from 'fastify';
import type { Logger } from 'pino';
import { commonErrors } from '../core/errors.ts';
import type { Services } from '../services/services.ts';
import { errorHandler, mapError, notFoundHandler } from './errors.ts';
import { auditPlugin } from './plugins/audit.ts';
import { designerStatic } from './plugins/designer-static.ts';
import { authPlugin } from './plugins/auth.ts';
import { metricsPlugin } from './plugins/metrics.ts';
import { servicesPlugin } from './plugins/services.ts';
import { apiRoutes, type RouteModule } from './routes/index.ts';
import { camundaV2Routes } from './routes/camunda-v2/index.ts';
import { errorReply } from './schemas.ts';
import './types.ts';
import { buildSerializer } from './serialization.ts';
import { buildValidator, nulCharacterPath } from './validation.ts';

export interface AppOptions {
  /** The process's services (platform/compose.ts); the app uses them and does not close them. */
  services: Services;
  logger?: Logger | false;
  /** Largest accepted request body in bytes (BODY_LIMIT; default 1 MiB). */
  bodyLimit?: number;
  /** Behind a reverse proxy: take the client address from X-Forwarded-For (TRUST_PROXY). */
  trustProxy?: boolean;
  /** Session cookie only over HTTPS (COOKIE_SECURE). */
  cookieSecure?: boolean;
  /** Route modules to mount under /api (default: all of routes/index.ts). */
  routes?: RouteModule[];
  /** Housekeeping interval for sessions and login counters (0 disables; default 10 min). */
  sweepIntervalMs?: number;
  /** METRICS_TOKEN: a scraper presenting it (Bearer) may read /api/metrics without a session. */
  metricsToken?: string;
}

type CompilersFactory = NonNullable<
  NonNullable<FastifyServerOptions['schemaController']>['compilersFactory']
>;

export const DEFAULT_BODY_LIMIT = 1024 * 1024;
const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const { services, logger = false } = options;
  const app = Fastify({
    ...(logger ? { loggerInstance: logger as FastifyBaseLogger } : { logger: false }),
    // A caller's X-Request-Id is kept when it looks like one (correlation across services);
    // otherwise each request gets a UUID, unique across API replicas.
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
    },
    bodyLimit: options.bodyLimit ?? DEFAULT_BODY_LIMIT,
    trustProxy: options.trustProxy ?? false,
    routerOptions: { maxParamLength: 256, ignoreTrailingSlash: true },
    // Both compile once per process, whatever number of apps it builds (validation.ts, serialization.ts).
    schemaController: {
      compilersFactory: {
        buildValidator: buildValidator as unknown as CompilersFactory['buildValidator'],
        buildSerializer: buildSerializer as unknown as CompilersFactory['buildSerializer'],
      },
    },
    // Errors fastify raises before routing (a malformed URL): the same error shape.
    frameworkErrors: (error, _request, reply) => {
      const mapped = mapError(error);
      // The reply is not bound to a route here, so its generic types know no status codes.
      const raw = reply as unknown as { code(status: number): { send(body: unknown): unknown } };
      void raw.code(mapped.status).send(mapped.body);
    },
  });

  app.setErrorHandler(errorHandler);
  app.setNotFoundHandler(notFoundHandler);
  app.addHook('onRequest', async (request, reply) => {
    void reply.header('x-request-id', request.id);
  });
  // Text with U+0000 is refused everywhere (see nulCharacterPath), before schemas and handlers.
  app.addHook('preValidation', async (request) => {
    for (const [part, prefix] of [
      [request.params, '/params'],
      [request.query, '/query'],
      [request.body, ''],
    ] as const) {
      const path = nulCharacterPath(part, prefix);
      if (path !== null) throw commonErrors.textNulCharacter(path);
    }
  });
  securityHeaders(app);
  await app.register(cookie);
  await app.register(swagger, {
    // Every /api operation documents the error shape for the 4xx/5xx it does not list itself
    // (documentation only: replies are not forced through this schema), and every one that reads
    // a body the 413 of the app-wide body limit set here; routes list their other errors.
    transform: ({ schema, url, route }) => {
      if (!url.startsWith('/api/')) return { schema, url };
      const readsBody = [route.method].flat().some((m) => ['POST', 'PUT', 'PATCH'].includes(m));
      const response = {
        '4xx': errorReply,
        '5xx': errorReply,
        ...(readsBody ? { 413: errorReply } : {}),
        ...((schema?.response ?? {}) as object),
      };
      return { schema: { ...schema, response }, url };
    },
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Forma API',
        version: '0.1.0',
        description:
          'Log in with POST /api/auth/login; the session is an HttpOnly cookie. Every error reply is ' +
          '{ "error": { "code", "message", "messageZh", "details": [{ "path", "message" }] } }.',
      },
      components: { securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'forma_session' } } },
      security: [{ session: [] }],
    },
  });
  await app.register(swaggerUi, { routePrefix: '/docs', staticCSP: true });

  await app.register(servicesPlugin, { services });
  await app.register(metricsPlugin);
  await app.register(auditPlugin);
  await app.register(authPlugin, {
    cookieSecure: options.cookieSecure ?? false,
    ...(options.sweepIntervalMs !== undefined ? { sweepIntervalMs: options.sweepIntervalMs } : {}),
    tokens: { metrics: options.metricsToken },
  });

  for (const module of options.routes ?? apiRoutes)
    await app.register(module.plugin, {
      prefix: `/api${module.prefix}`,
      cookieSecure: options.cookieSecure ?? false,
    });
  // Camunda's REST API (/v2) for Camunda's clients and job workers, over the same services.
  await app.register(camundaV2Routes, { prefix: '/v2' });
  // The web app (designer/dist) on every other GET path; /api and /docs stay the API's.
  await app.register(designerStatic);

  // Not made ready here: a caller may still register plugins (e.g. the web app's static files)
  // before listen() or the first inject().
  return app;
}

/**
 * Helmet's security headers on every reply. @fastify/helmet's global mode builds helmet's
 * middleware anew for every request (≈ 2 % of a record submission's CPU), yet one configuration
 * gives every reply the same headers: helmet's middleware (the one @fastify/helmet loads) runs once
 * at start on a recorder, and every reply gets a copy of what it set.
 */
function securityHeaders(app: FastifyInstance): void {
  const headers = new Map<string, string | number | readonly string[]>();
  helmet({})(
    {},
    {
      setHeader: (name, value) => void headers.set(name, value),
      removeHeader: (name) => void headers.delete(name),
    },
    (error) => {
      if (error) throw error;
    },
  );
  const list = [...headers];
  app.addHook('onRequest', (_request, reply, done) => {
    for (const [name, value] of list) reply.raw.setHeader(name, value);
    done();
  });
}

type HelmetMiddleware = (
  req: object,
  res: {
    setHeader(name: string, value: string | number | readonly string[]): void;
    removeHeader(name: string): void;
  },
  next: (error?: unknown) => void,
) => void;

// helmet itself, resolved from @fastify/helmet (its dependency, the version it was built with).
const helmet = createRequire(createRequire(import.meta.url).resolve('@fastify/helmet'))('helmet') as (
  options: object,
) => HelmetMiddleware;
