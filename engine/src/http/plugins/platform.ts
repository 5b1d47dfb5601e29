// Decorates the app with the platform services (`app.platform`: forms, records, flows, ledger,
// notifications, reports, automations, modules, requests), built once per process by
// services/modules/platform.ts. At startup the modules folder is scanned (a broken module is
// logged with its file and path, left disabled, and the platform starts anyway). In the
// embedded mode this process is also the worker: the flow and automation processors run here.
import type {} from '../types.ts';
import fp from 'fastify-plugin';
import type { Keyring } from '../../core/crypto/keyring.ts';
import { generateKeyMaterial, Keyring as KeyringClass, keyringFromEnv } from '../../core/crypto/keyring.ts';
import type { FlowServiceOptions } from '../../services/flows/flow-service.ts';
import { createPlatform, type Platform } from '../../services/modules/platform.ts';
import { loadKeyring } from '../../services/records/encryption-keys.ts';
import type { NotificationChannel } from '../../services/notifications/channels.ts';
import { defaultActions, type ActionRegistry } from '../../../../workers/src/actions/index.ts';
import { startPlatformWorkers } from '../../../../workers/src/processors/platform.ts';

export interface PlatformPluginOptions {
  /** Run the flow and automation processors in this process (default: in the embedded mode). */
  workers?: boolean;
  /** Sweep period of the flow workers (ms; 0 disables; default 5,000). */
  sweepEveryMs?: number;
  /** Embedded mode: where the encryption key file lives (DATA_DIR). */
  dataDir?: string;
  keyring?: Keyring;
  modulesDir?: string;
  /** Where the e-mail and SMS channels write their files (default: none). */
  outboxDir?: string;
  channels?: NotificationChannel[];
  /** Flows' per-step FEEL context (the approvals layer supplies org functions). */
  stepContext?: FlowServiceOptions['stepContext'];
  flowRetryBackoffMs?: number;
  automationRetryBackoffMs?: number;
  /** Scan modules/ at startup (default true). */
  scan?: boolean;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** platformPlugin */
    platform: Platform;
    actions: ActionRegistry;
  }
}

function keyringFor(
  app: { adapters: { mode: string } },
  options: PlatformPluginOptions,
  warn: (msg: string) => void,
): Keyring {
  if (options.keyring) return options.keyring;
  if (process.env.ENCRYPTION_KEY) return keyringFromEnv(process.env.ENCRYPTION_KEY);
  if (options.dataDir || process.env.ENCRYPTION_KEY_FILE) {
    const loaded = loadKeyring({
      mode: app.adapters.mode as 'embedded' | 'distributed',
      dataDir: options.dataDir ?? '',
    });
    if (loaded.keyring) return loaded.keyring;
  }
  warn('no ENCRYPTION_KEY or key file: sensitive fields use a key that lives only in this process');
  const key = generateKeyMaterial();
  return new KeyringClass([key], key.id);
}

export const platformPlugin = fp<PlatformPluginOptions>(
  async (app, options) => {
    // The actions need the services and the services need the actions' names: a late binding.
    const wired: { platform?: Platform } = {};
    const actions = defaultActions({
      testActions: process.env.FORMA_TEST_ACTIONS === '1',
      services: () => wired.platform,
    });
    const platform = await createPlatform({
      store: app.store,
      queue: app.queue,
      clock: app.clock,
      keyring: keyringFor(app, options, (m) => app.log.warn(m)),
      audit: app.audit,
      actions,
      ...(options.modulesDir ? { modulesDir: options.modulesDir } : {}),
      ...(options.outboxDir ? { outboxDir: options.outboxDir } : {}),
      ...(options.channels ? { channels: options.channels } : {}),
      ...(options.stepContext ? { stepContext: options.stepContext } : {}),
      ...(options.flowRetryBackoffMs !== undefined ? { flowRetryBackoffMs: options.flowRetryBackoffMs } : {}),
      ...(options.automationRetryBackoffMs !== undefined
        ? { automationRetryBackoffMs: options.automationRetryBackoffMs }
        : {}),
      log: app.log,
    });
    wired.platform = platform;
    app.decorate('platform', platform);
    app.decorate('actions', actions);
    if (options.scan !== false) await platform.modules.scan();
    if (options.workers ?? app.adapters.mode === 'embedded')
      await startPlatformWorkers(platform, actions, {
        ...(options.sweepEveryMs !== undefined ? { sweepEveryMs: options.sweepEveryMs } : {}),
      });
  },
  { name: 'forma-platform', fastify: '5.x', dependencies: ['forma-store', 'forma-queue', 'forma-audit'] },
);
