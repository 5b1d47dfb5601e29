// The platform services, composed by the root `npm start` uses (platform/compose.ts), on real
// adapters in either run mode, with the demo company's org chart, a ManualClock and the workers
// running (flow and automation processors) — what `npm start` builds, minus HTTP. Mode 'embedded': the embedded store and the
// in-process queue in a temp dir; 'distributed': FerretDB + BullMQ under a unique namespace.
import { randomBytes } from 'node:crypto';
import { keyringFromEnv } from '#engine/core/crypto/keyring.ts';
import type { Principal } from '#engine/core/permissions/access.ts';
import { ManualClock } from '#engine/ports/clock.ts';
import type { DocumentStore } from '#engine/ports/document-store.ts';
import type { JobQueue } from '#engine/ports/job-queue.ts';
import { seedDemo } from '#engine/services/identity/demo.ts';
import type { Identity } from '#engine/services/identity/identity.ts';
import type { Services } from '#engine/services/services.ts';
import type { ActionDefinition, ActionRegistry } from '#workers/actions/registry.ts';
import { composePlatform } from '#platform/compose.ts';
import { settingsFromEnv } from '#platform/settings.ts';
import { deleteRedisPrefix } from '#tests/support/redis-keys.ts';
import { mongodbUrl, redisUrl, uniqueNamespace } from '#tests/support/services.ts';
import { tempDir } from '#tests/support/temp-dir.ts';

export type Mode = 'embedded' | 'distributed';
export const MODES: Mode[] = ['embedded', 'distributed'];

export interface PlatformHarness {
  mode: Mode;
  store: DocumentStore;
  queue: JobQueue;
  clock: ManualClock;
  platform: Services;
  actions: ActionRegistry;
  identity: Identity;
  /** The principal of a demo user, with the grants of their roles as stored now. */
  principal(userId: string): Promise<Principal>;
  close(): Promise<void>;
}

export interface HarnessOptions {
  modulesDir?: string;
  /** Extra actions (e.g. a flaky one for retry tests). */
  actions?: ActionDefinition[];
  /** Seed the demo company (default true). */
  demo?: boolean;
  outboxDir?: string;
}

export async function openPlatform(mode: Mode, options: HarnessOptions = {}): Promise<PlatformHarness> {
  const tmp = mode === 'embedded' ? tempDir('platform') : null;
  const namespace = uniqueNamespace('platform');
  const clock = new ManualClock(Date.parse('2026-03-10T02:00:00Z'));
  const composed = await composePlatform({
    config:
      mode === 'embedded'
        ? { mode, dataDir: tmp!.dir, embeddedFsync: false }
        : { mode, dataDir: '', mongodbUrl: mongodbUrl(), redisUrl: redisUrl(), embeddedFsync: false },
    settings: {
      ...settingsFromEnv(process.env),
      namespace,
      testActions: true,
      flowRetryBackoffMs: 10,
      automationRetryBackoffMs: 10,
      ...(options.outboxDir ? { outboxDir: options.outboxDir } : {}),
      workers: { sweepEveryMs: 0, concurrency: 2, automationConcurrency: 2 },
    },
    keyring: keyringFromEnv(`k1:${randomBytes(32).toString('base64')}`),
    clock,
    ...(options.actions ? { actions: options.actions } : {}),
    ...(options.modulesDir ? { modulesDir: options.modulesDir } : {}),
    // The tests scan (or not) themselves; the processors start once the org chart is in place.
    scanModules: false,
    workers: false,
  });
  const platform = composed.services;
  const { identity, store, queue } = platform;
  if (options.demo ?? true) await seedDemo(identity, { password: 'demo-password-2026' });
  await composed.startWorkers();
  return {
    mode,
    store,
    queue,
    clock,
    platform,
    actions: composed.actions,
    identity,
    async principal(userId) {
      const user = await identity.users.col.get(userId);
      if (!user) throw new Error(`no user ${userId}`);
      return identity.access.principalFor(user);
    },
    async close() {
      await composed.close({
        beforeStoreCloses: async (s) => {
          if (mode === 'distributed')
            await (s as DocumentStore & { dropDatabase(): Promise<void> }).dropDatabase();
        },
      });
      if (mode === 'distributed') await deleteRedisPrefix(redisUrl(), namespace);
      tmp?.remove();
    },
  };
}
