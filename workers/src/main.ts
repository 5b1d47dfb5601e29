// `npm run worker`: the flow processors (service tasks, timers, advance, sweep) on the queue of
// the configured run mode — BullMQ in distributed mode (MONGODB_URL + REDIS_URL). Scale out by
// starting more. SIGTERM/SIGINT: stop taking jobs, finish running ones, exit.
import { openAdapters } from '#engine/bootstrap.ts';
import { ConfigError, configFromEnv } from '#engine/config.ts';
import { systemClock } from '#engine/ports/clock.ts';
import { AuditLog } from '#engine/services/audit/audit-log.ts';
import { createPlatform, type Platform } from '#engine/services/modules/platform.ts';
import { loadKeyring } from '#engine/services/records/encryption-keys.ts';
import { defaultActions } from './actions/index.ts';
import { startPlatformWorkers } from './processors/platform.ts';

const num = (v: string | undefined): number | undefined =>
  v === undefined || v === '' ? undefined : Number(v);

async function main(): Promise<void> {
  const config = configFromEnv();
  const env = process.env;
  const lockDurationMs = num(env.WORKER_LOCK_MS);
  const stalledIntervalMs = num(env.WORKER_STALLED_MS);
  const adapters = await openAdapters(config, {
    ...(env.FORMA_NAMESPACE ? { namespace: env.FORMA_NAMESPACE } : {}),
    ...(lockDurationMs || stalledIntervalMs
      ? {
          bullmq: {
            ...(lockDurationMs ? { lockDurationMs } : {}),
            ...(stalledIntervalMs ? { stalledIntervalMs } : {}),
          },
        }
      : {}),
  });
  // The worker runs the same platform services as the API (issue 9): the actions modules use
  // (records, ledger, notifications, reports, HTTP) need them, and automations run here too.
  const wired: { platform?: Platform } = {};
  const actions = defaultActions({
    testActions: env.FORMA_TEST_ACTIONS === '1',
    services: () => wired.platform,
  });
  const retryBackoffMs = num(env.FLOW_RETRY_BACKOFF_MS);
  const audit = new AuditLog(adapters.store, systemClock);
  await audit.init();
  const platform = await createPlatform({
    store: adapters.store,
    queue: adapters.queue,
    clock: systemClock,
    keyring: loadKeyring(config).keyring,
    audit,
    actions,
    ...(retryBackoffMs !== undefined ? { flowRetryBackoffMs: retryBackoffMs } : {}),
  });
  wired.platform = platform;
  const sweepEveryMs = num(env.FLOW_SWEEP_MS);
  const outboxAgeMs = num(env.FLOW_OUTBOX_AGE_MS);
  await startPlatformWorkers(platform, actions, {
    ...(num(env.WORKER_CONCURRENCY) ? { concurrency: num(env.WORKER_CONCURRENCY)! } : {}),
    ...(sweepEveryMs !== undefined ? { sweepEveryMs } : {}),
    ...(outboxAgeMs !== undefined ? { outboxAgeMs } : {}),
  });
  let stopping = false;
  const stop = async (): Promise<void> => {
    if (stopping) return;
    stopping = true;
    await adapters.close();
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
