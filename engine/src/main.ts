// `npm start`: the platform in one process. Embedded mode by default (store under DATA_DIR, no
// servers needed); with MONGODB_URL and REDIS_URL, the API of the distributed mode.
// On a store without users it creates the first administrator and prints its one-time password;
// with DEMO=1 (or `npm start -- --demo`) it seeds the demo company. SIGINT/SIGTERM stop it
// gracefully: no new requests, running ones finish, then the queue and the store close.
import pino from 'pino';
import { openAdapters } from './bootstrap.ts';
import { ConfigError, configFromEnv } from './config.ts';
import { buildApp } from './http/app.ts';
import { httpConfigFromEnv } from './http/http-config.ts';
import { demoBanner, seedDemo } from './services/identity/demo.ts';
import { installDemoModules } from './services/modules/demo.ts';
import { loadKeyring, MISSING_KEY_HELP } from './services/records/encryption-keys.ts';
import { ensureFirstAdmin, firstAdminBanner } from './services/identity/seed.ts';
import { requestRestart } from './services/backup/restart.ts';

const logger = pino({ level: process.env.LOG_LEVEL ?? 'info' });
const SHUTDOWN_GRACE_MS = 10_000;

interface Running {
  app: Awaited<ReturnType<typeof buildApp>>;
  adapters: Awaited<ReturnType<typeof openAdapters>>;
  port: number;
}

/** Opens the store (applying a staged restore first), builds the app and listens on `port`. */
async function serve(
  config: ReturnType<typeof configFromEnv>,
  http: ReturnType<typeof httpConfigFromEnv>,
  port: number,
): Promise<Running> {
  const adapters = await openAdapters(config);
  if (adapters.restored)
    logger.warn(
      { backupCreatedAt: adapters.restored.backup.createdAt, documents: adapters.restored.backup.documents },
      'applied a restore from a backup',
    );
  const app = await buildApp({
    adapters,
    logger,
    bodyLimit: http.bodyLimit,
    cookieSecure: http.cookieSecure,
    trustProxy: http.trustProxy,
    session: { ttlMs: http.sessionTtlMs },
  });
  // Field-encryption keys: ENCRYPTION_KEY, or the key file under DATA_DIR (created on first start).
  const keys = loadKeyring(config);
  app.decorate('keyring', keys.keyring);
  if (keys.generated)
    logger.warn({ keyFile: keys.source }, 'generated a field-encryption key file: back it up');
  if (!keys.keyring)
    logger.error(`no field-encryption key: sensitive fields are refused. ${MISSING_KEY_HELP}`);

  const admin = await ensureFirstAdmin(app.identity);
  if (admin) console.log(firstAdminBanner(admin.login, admin.password));
  if (http.demo) {
    const demo = await seedDemo(app.identity, http.demoPassword ? { password: http.demoPassword } : {});
    if (demo.created > 0) console.log(demoBanner(http.demoPassword ? null : demo.password));
    else logger.info('demo company already present');
    // The demo's business modules (issue 9): finance installed, enabled, with its demo data.
    await app.ready();
    await installDemoModules(app.platform.modules, logger);
  }

  await app.listen({ port, host: config.host });
  const address = app.server.address();
  return { app, adapters, port: typeof address === 'object' && address ? address.port : port };
}

async function main(): Promise<void> {
  const config = configFromEnv();
  const http = httpConfigFromEnv();
  let running = await serve(config, http, config.port);

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
      await running.app.close();
      await running.adapters.close();
      process.exit(0);
    } catch (err) {
      logger.error({ err }, 'error while shutting down');
      process.exit(1);
    }
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));

  // Embedded mode (one process): a restore staged in the admin console is applied by restarting
  // in place — the running requests finish, the store is reopened (which applies it), the app
  // listens again on the same port. In the distributed mode every API replica and worker must
  // restart, which is the operator's job (services/backup/restart.ts).
  if (config.mode === 'embedded')
    requestRestart.handle(() => {
      if (stopping) return;
      void (async () => {
        logger.warn('restarting to apply the restore staged in the admin console');
        try {
          await running.app.close();
          await running.adapters.close();
          running = await serve(config, http, running.port);
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
