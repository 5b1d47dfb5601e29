// `npm run worker`: the flow and automation processors (service tasks, timers, advance, sweep,
// automation runs and schedules) on the queue of the configured run mode — BullMQ in the
// distributed mode (MONGODB_URL + REDIS_URL). Scale out by starting more. It composes the platform
// exactly as `npm start` does (compose.ts, settings.ts): the same services, notification channels,
// retries and keys. SIGTERM/SIGINT: stop taking jobs, finish running ones, exit.
import pino from 'pino';
import { ConfigError, configFromEnv } from '#engine/config.ts';
import { composePlatform } from './compose.ts';
import { settingsFromEnv } from './settings.ts';

const logger = pino({ level: process.env.LOG_LEVEL ?? 'info' });

async function main(): Promise<void> {
  const config = configFromEnv();
  // The API scans the modules folder; a worker runs what the store already holds.
  const platform = await composePlatform({
    config,
    settings: settingsFromEnv(),
    log: logger,
    workers: true,
    scanModules: false,
  });
  let stopping = false;
  const stop = async (): Promise<void> => {
    if (stopping) return;
    stopping = true;
    await platform.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
  console.log(`forma worker ready (${config.mode} mode, pid ${process.pid})`);
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    console.error(`Configuration error: ${error.message}`);
    process.exit(2);
  }
  console.error(error);
  process.exit(1);
});
