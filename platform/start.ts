// `npm start`: the platform in one process. Embedded mode by default (store under DATA_DIR, no
// servers needed, the flow and automation processors in this process); with MONGODB_URL and
// REDIS_URL, the API of the distributed mode (the processors run in `npm run worker`).
// On a store without users it creates the first administrator and prints its one-time password;
// with DEMO=1 (or `npm start -- --demo`) it seeds the demo company. SIGINT/SIGTERM stop it
// gracefully: no new requests, running ones finish, then the queue and the store close.
import pino from 'pino';
import { ConfigError, configFromEnv, type PlatformConfig } from '#engine/config.ts';
import { buildApp } from '#engine/http/app.ts';
import { httpConfigFromEnv, type HttpConfig } from '#engine/http/http-config.ts';
import { requestRestart } from '#engine/services/backup/restart.ts';
import { demoBanner, seedDemo } from '#engine/services/identity/demo.ts';
import { ensureFirstAdmin, firstAdminBanner } from '#engine/services/identity/seed.ts';
import { installDemoModules } from '#engine/services/modules/demo.ts';
import { composePlatform, type Platform } from './compose.ts';
import { settingsFromEnv, type PlatformSettings } from './settings.ts';

const logger = pino({ level: process.env.LOG_LEVEL ?? 'info' });
const SHUTDOWN_GRACE_MS = 10_000;

interface Running {
  app: Awaited<ReturnType<typeof buildApp>>;
  platform: Platform;
  port: number;
}

/** Composes the platform (applying a staged restore first), builds the app and listens on `port`. */
async function serve(
  config: PlatformConfig,
  settings: PlatformSettings,
  http: HttpConfig,
  port: number,
): Promise<Running> {
  const platform = await composePlatform({
    config,
    settings,
    identity: { session: { ttlMs: http.sessionTtlMs } },
    log: logger,
  });
  const { services } = platform;
  const app = await buildApp({
    services,
    logger,
    bodyLimit: http.bodyLimit,
    cookieSecure: http.cookieSecure,
    trustProxy: http.trustProxy,
    ...(http.metricsToken ? { metricsToken: http.metricsToken } : {}),
  });

  const admin = await ensureFirstAdmin(services.identity);
  if (admin) console.log(firstAdminBanner(admin.login, admin.password));
  if (http.demo) {
    const demo = await seedDemo(services.identity, http.demoPassword ? { password: http.demoPassword } : {});
    if (demo.created > 0) console.log(demoBanner(http.demoPassword ? null : demo.password));
    else logger.info('demo company already present');
    // The demo's business modules (those whose manifest says installInDemo), with their demo data.
    await installDemoModules(services.modules, logger);
  }

  await app.listen({ port, host: config.host });
  const address = app.server.address();
  return { app, platform, port: typeof address === 'object' && address ? address.port : port };
}

async function stopRunning(running: Running): Promise<void> {
  await running.app.close();
  await running.platform.close();
}

async function main(): Promise<void> {
  const config = configFromEnv();
  const settings = settingsFromEnv();
  const http = httpConfigFromEnv();
  let running = await serve(config, settings, http, config.port);

  let stopping = false;
  const stop = async (signal: string): Promise<void> => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    // A request that never ends must not keep the process alive forever.
    setTimeout(() => {
      logger.error('graceful shutdown timed out; exiting');
      process.exit(1);
    }, SHUTDOWN_GRACE_MS).unref();
    try {
      await stopRunning(running);
      process.exit(0);
    } catch (err) {
      logger.error({ err }, 'error while shutting down');
      process.exit(1);
    }
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));

  // Embedded mode (one process): a restore staged in the admin console is applied by restarting
  // in place — the running requests finish, the platform is composed again (opening the store
  // applies the restore), the app listens again on the same port. In the distributed mode every
  // API replica and worker must restart, which is the operator's job (services/backup/restart.ts).
  if (config.mode === 'embedded')
    requestRestart.handle(() => {
      if (stopping) return;
      void (async () => {
        logger.warn('restarting to apply the restore staged in the admin console');
        try {
          await stopRunning(running);
          running = await serve(config, settings, http, running.port);
          logger.info('restarted with the restored data');
        } catch (err) {
          logger.fatal({ err }, 'restart after a restore failed');
          process.exit(1);
        }
      })();
    });

  const shownHost = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
  logger.info(
    { mode: config.mode, dataDir: config.mode === 'embedded' ? config.dataDir : undefined },
    'started',
  );
  console.log(`\nForma is running in ${config.mode} mode. Open http://${shownHost}:${running.port}/\n`);
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    console.error(`Configuration error: ${error.message}`);
    process.exit(2);
  }
  logger.fatal({ err: error }, 'failed to start');
  process.exit(1);
});
