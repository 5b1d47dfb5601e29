// The one Fastify application both run modes serve. The ports come in from bootstrap.ts; the
// plugins decorate the app with them and with the services (store, queue, audit, auth — see
// types.ts for what routes can use); every route module in routes/index.ts is mounted under /api.
// Security defaults: helmet headers, no CORS (same origin only), HttpOnly SameSite=Strict session
// cookies, a body size limit, strict request schemas, one error shape (errors.ts).
import { randomUUID } from 'node:crypto';
import cookie from '@fastify/cookie';
import helmet from '@fastify/helmet';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyServerOptions } from 'fastify';
import type { Logger } from 'pino';
import type { Adapters } from '../bootstrap.ts';
import { badRequest } from '../core/errors.ts';
import { systemClock, type Clock } from '../ports/clock.ts';
import type { LoginPolicy } from '../services/identity/login-guard.ts';
import type { SessionPolicy } from '../services/identity/sessions.ts';
import { errorHandler, mapError, notFoundHandler } from './errors.ts';
import { auditPlugin } from './plugins/audit.ts';
import { designerStatic } from './plugins/designer-static.ts';
import { authPlugin } from './plugins/auth.ts';
import { platformPlugin, type PlatformPluginOptions } from './plugins/platform.ts';
import { queuePlugin } from './plugins/queue.ts';
import { storePlugin } from './plugins/store.ts';
import { apiRoutes, type RouteModule } from './routes/index.ts';
import { errorReply } from './schemas.ts';
import './types.ts';
import { buildValidator, nulCharacterPath } from './validation.ts';

export interface AppOptions {
  adapters: Adapters;
  logger?: Logger | false;
  /** Time source (tests drive session expiry and lockouts with a ManualClock). */
  clock?: Clock;
  /** Largest accepted request body in bytes (BODY_LIMIT; default 1 MiB). */
  bodyLimit?: number;
  /** Behind a reverse proxy: take the client address from X-Forwarded-For (TRUST_PROXY). */
  trustProxy?: boolean;
  /** Session cookie only over HTTPS (COOKIE_SECURE). */
  cookieSecure?: boolean;
  session?: Partial<SessionPolicy>;
  login?: Partial<LoginPolicy>;
  /** Route modules to mount under /api (default: all of routes/index.ts). */
  routes?: RouteModule[];
  /** Housekeeping interval for sessions and login counters (0 disables; default 10 min). */
  sweepIntervalMs?: number;
  /** The platform services (modules, flows, automations, reports …; issue 9): workers, modules dir. */
  platform?: PlatformPluginOptions;
}

type ValidatorFactory = NonNullable<
  NonNullable<FastifyServerOptions['schemaController']>['compilersFactory']
>['buildValidator'];

export const DEFAULT_BODY_LIMIT = 1024 * 1024;
const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const { adapters, logger = false } = options;
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
    schemaController: { compilersFactory: { buildValidator: buildValidator as unknown as ValidatorFactory } },
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
      if (path !== null)
        throw badRequest(
          'TEXT_NUL_CHARACTER',
          'Text may not contain the NUL character (U+0000).',
          '文本不能包含空字符（U+0000）。',
          [{ path, message: 'contains U+0000', messageZh: '包含空字符 U+0000' }],
        );
    }
  });
  await app.register(helmet, { global: true });
  await app.register(cookie);
  await app.register(swagger, {
    // Every /api operation documents the error shape for the 4xx/5xx it does not list itself
    // (documentation only: replies are not forced through this schema).
    transform: ({ schema, url }) => {
      if (!url.startsWith('/api/')) return { schema, url };
      const response = { '4xx': errorReply, '5xx': errorReply, ...((schema?.response ?? {}) as object) };
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

  await app.register(storePlugin, { adapters, clock: options.clock ?? systemClock });
  await app.register(queuePlugin, { queue: adapters.queue });
  await app.register(auditPlugin);
  await app.register(authPlugin, {
    ...(options.session ? { session: options.session } : {}),
    ...(options.login ? { login: options.login } : {}),
    cookieSecure: options.cookieSecure ?? false,
    ...(options.sweepIntervalMs !== undefined ? { sweepIntervalMs: options.sweepIntervalMs } : {}),
  });

  // Modules, flows, automations, ledger, notifications, reports (built when the app is ready).
  await app.register(platformPlugin, options.platform ?? {});

  for (const module of options.routes ?? apiRoutes)
    await app.register(module.plugin, {
      prefix: `/api${module.prefix}`,
      cookieSecure: options.cookieSecure ?? false,
    });
  // The web app (designer/dist) on every other GET path; /api and /docs stay the API's.
  await app.register(designerStatic);

  // Not made ready here: a caller may still register plugins (e.g. the web app's static files)
  // before listen() or the first inject().
  return app;
}
