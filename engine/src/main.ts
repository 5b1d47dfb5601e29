// `npm start`: the platform in one process. Embedded mode by default (store under DATA_DIR, no
// servers needed); with MONGODB_URL and REDIS_URL, the API of the distributed mode.
import pino from 'pino';
import { openAdapters } from './bootstrap.ts';
import { ConfigError, configFromEnv } from './config.ts';
import { buildApp } from './http/app.ts';

const logger = pino({ level: process.env.LOG_LEVEL ?? 'info' });

async function main(): Promise<void> {
  const config = configFromEnv();
  const adapters = await openAdapters(config);
  const app = await buildApp({ adapters, logger });
  let stopping = false;
  const stop = async (signal: string): Promise<void> => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    await app.close();
    await adapters.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
  await app.listen({ port: config.port, host: config.host });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const shownHost = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
  logger.info(
    { mode: config.mode, dataDir: config.mode === 'embedded' ? config.dataDir : undefined },
    'started',
  );
  console.log(`\nForma is running in ${config.mode} mode. Open http://${shownHost}:${port}/\n`);
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    console.error(`Configuration error: ${error.message}`);
    process.exit(2);
  }
  logger.fatal({ err: error }, 'failed to start');
  process.exit(1);
});
