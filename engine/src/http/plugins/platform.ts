// Decorates the app with the platform services (`app.platform`: forms, records, flows, ledger,
// notifications, reports, automations, modules, requests), built once per process by
// services/modules/platform.ts. They are built when the app becomes ready — after main.ts has
// decorated the field-encryption keys — on the same forms and records services the records routes
// use (routes/records/forms-and-records.ts), so that record events reach the automations whoever
// writes. Then the modules folder is scanned (a broken module is logged with its file and path,
// left disabled, and the platform starts anyway), and in the embedded mode this process becomes
// the worker too: the flow and automation processors run here.
import type {} from '../types.ts';
import fp from 'fastify-plugin';
import type { FlowServiceOptions } from '#engine/services/flows/flow-service.ts';
import { createPlatform, type Platform } from '#engine/services/modules/platform.ts';
import type { NotificationChannel } from '#engine/services/notifications/channels.ts';
import { defaultActions, type ActionRegistry } from '#workers/actions/index.ts';
import { startPlatformWorkers } from '#workers/processors/platform.ts';
import { formsAndRecords } from '../routes/records/forms-and-records.ts';

export interface PlatformPluginOptions {
  /** Run the flow and automation processors in this process (default: in the embedded mode). */
  workers?: boolean;
  /** Sweep period of the flow workers (ms; 0 disables; default 5,000). */
  sweepEveryMs?: number;
  modulesDir?: string;
  /** Where the e-mail and SMS channels write their files (default: none). */
  outboxDir?: string;
  channels?: NotificationChannel[];
  /** Flows' per-step FEEL context (the approvals layer supplies org functions). */
  stepContext?: FlowServiceOptions['stepContext'];
  flowRetryBackoffMs?: number;
  automationRetryBackoffMs?: number;
  /** Scan modules/ when ready (default true). */
  scan?: boolean;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** platformPlugin: available once the app is ready. */
    platform: Platform;
    actions: ActionRegistry;
  }
}

export const platformPlugin = fp<PlatformPluginOptions>(
  async (app, options) => {
    // The actions need the services and the services need the actions' names: a late binding.
    const wired: { platform?: Platform } = {};
    const actions = defaultActions({
      testActions: process.env.FORMA_TEST_ACTIONS === '1',
      services: () => wired.platform,
      approvals: () => wired.platform?.approvals,
    });
    app.decorate('actions', actions);
    app.decorate('platform', {
      getter(): Platform {
        if (!wired.platform) throw new Error('the platform services are built when the app is ready');
        return wired.platform;
      },
    });
    // A scan still running when the app closes finishes before the store goes away.
    app.addHook('onClose', async () => {
      await wired.platform?.modules.scanned();
      // Delivered effects whose outbox entries wait for a deferred clear are written off now.
      await wired.platform?.flows.runtime.flushDeferredClears();
    });
    app.addHook('onReady', async () => {
      const platform = await createPlatform({
        store: app.store,
        queue: app.queue,
        clock: app.clock,
        formsAndRecords: await formsAndRecords(app),
        audit: app.audit,
        actions,
        ...(options.modulesDir ? { modulesDir: options.modulesDir } : {}),
        // E-mail and SMS go to JSON-lines files in this folder (NOTIFY_OUTBOX_DIR) until a real
        // gateway adapter is plugged in through `channels`.
        ...((options.outboxDir ?? process.env.NOTIFY_OUTBOX_DIR)
          ? { outboxDir: (options.outboxDir ?? process.env.NOTIFY_OUTBOX_DIR) as string }
          : {}),
        ...(options.channels ? { channels: options.channels } : {}),
        ...(options.stepContext ? { stepContext: options.stepContext } : {}),
        ...(options.flowRetryBackoffMs !== undefined
          ? { flowRetryBackoffMs: options.flowRetryBackoffMs }
          : {}),
        ...(options.automationRetryBackoffMs !== undefined
          ? { automationRetryBackoffMs: options.automationRetryBackoffMs }
          : {}),
        log: app.log,
      });
      wired.platform = platform;
      // Checking the modules folder takes a moment: requests are served meanwhile, and the module
      // operations that need the definitions wait for it.
      if (options.scan !== false) platform.modules.scanInBackground();
      if (options.workers ?? app.adapters.mode === 'embedded')
        await startPlatformWorkers(platform, actions, {
          ...(options.sweepEveryMs !== undefined ? { sweepEveryMs: options.sweepEveryMs } : {}),
        });
    });
  },
  { name: 'forma-platform', fastify: '5.x', dependencies: ['forma-store', 'forma-queue', 'forma-audit'] },
);
