// The platform services (services/modules/platform.ts) on real adapters in either run mode, with
// the demo company's org chart, a ManualClock and the workers running (flow and automation
// processors) — what `npm start` builds, minus HTTP. Mode 'embedded': the embedded store and the
// in-process queue in a temp dir; 'distributed': FerretDB + BullMQ under a unique namespace.
import { randomBytes } from 'node:crypto';
import { BullmqJobQueue } from '#engine/adapters/queue/bullmq/bullmq-queue.ts';
import { InProcessJobQueue } from '#engine/adapters/queue/in-process/in-process-queue.ts';
import { EmbeddedStore } from '#engine/adapters/store/embedded/embedded-store.ts';
import { MongoStore } from '#engine/adapters/store/mongodb/mongo-store.ts';
import { keyringFromEnv } from '#engine/core/crypto/keyring.ts';
import type { Principal } from '#engine/core/permissions/access.ts';
import { ManualClock } from '#engine/ports/clock.ts';
import type { DocumentStore } from '#engine/ports/document-store.ts';
import type { JobQueue } from '#engine/ports/job-queue.ts';
import { AuditLog } from '#engine/services/audit/audit-log.ts';
import { seedDemo } from '#engine/services/identity/demo.ts';
import { Identity } from '#engine/services/identity/identity.ts';
import { createPlatform, type Platform, type PlatformDeps } from '#engine/services/modules/platform.ts';
import { defaultActions } from '#workers/actions/index.ts';
import type { ActionDefinition, ActionRegistry } from '#workers/actions/registry.ts';
import { startPlatformWorkers } from '#workers/processors/platform.ts';
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
  platform: Platform;
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
  deps?: Partial<PlatformDeps>;
}

export async function openPlatform(mode: Mode, options: HarnessOptions = {}): Promise<PlatformHarness> {
  let store: DocumentStore;
  let queue: JobQueue;
  let cleanup: () => Promise<void>;
  if (mode === 'embedded') {
    const tmp = tempDir('platform');
    store = new EmbeddedStore({ dir: tmp.dir });
    queue = new InProcessJobQueue(store);
    cleanup = async () => {
      await queue.close();
      await store.close();
      tmp.remove();
    };
  } else {
    const ns = uniqueNamespace('platform');
    const mongo = await MongoStore.connect({ url: mongodbUrl(), dbName: ns });
    store = mongo;
    queue = new BullmqJobQueue({ url: redisUrl(), prefix: ns });
    cleanup = async () => {
      await queue.close();
      await mongo.dropDatabase();
      await mongo.close();
      await deleteRedisPrefix(redisUrl(), ns);
    };
  }
  const clock = new ManualClock(Date.parse('2026-03-10T02:00:00Z'));
  const audit = new AuditLog(store, clock);
  await audit.init();
  const identity = new Identity(store, clock, audit);
  await identity.init();
  if (options.demo ?? true) await seedDemo(identity, { password: 'demo-password-2026' });
  const wired: { platform?: Platform } = {};
  const actions = defaultActions({ testActions: true, services: () => wired.platform });
  if (options.actions) actions.register(...options.actions);
  const platform = await createPlatform({
    store,
    queue,
    clock,
    keyring: keyringFromEnv(`k1:${randomBytes(32).toString('base64')}`),
    audit,
    actions,
    flowRetryBackoffMs: 10,
    automationRetryBackoffMs: 10,
    ...(options.modulesDir ? { modulesDir: options.modulesDir } : {}),
    ...(options.outboxDir ? { outboxDir: options.outboxDir } : {}),
    ...options.deps,
  });
  wired.platform = platform;
  await startPlatformWorkers(platform, actions, {
    sweepEveryMs: 0,
    concurrency: 2,
    automationConcurrency: 2,
  });
  return {
    mode,
    store,
    queue,
    clock,
    platform,
    actions,
    identity,
    async principal(userId) {
      const user = await identity.users.col.get(userId);
      if (!user) throw new Error(`no user ${userId}`);
      return identity.access.principalFor(user);
    },
    close: cleanup,
  };
}
