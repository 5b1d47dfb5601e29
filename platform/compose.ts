// The one composition root: builds the whole platform from its configuration, in this order —
//
//   config + settings → audit keys → adapters (store, queue, blobs) → field-encryption keys
//   → audit log → identity → notification channels → actions → services → anchoring of the audit
//   chain → the flow and automation processors (optional)
//
// `npm start` (start.ts), `npm run worker` (worker.ts), the scripts and the tests all compose the
// platform here, so every process runs the same services with the same channels and settings. The
// engine (engine/) is the library this assembles and the workers (workers/) provide the actions
// and processors; neither imports this folder, and nothing under engine/ imports workers/.
import { join } from 'node:path';
import type { AuditKeys } from '#engine/core/audit/audit-keys.ts';
import type { Keyring } from '#engine/core/crypto/keyring.ts';
import { PinnableClock, systemClock, type Clock } from '#engine/ports/clock.ts';
import { ClockControl } from '#engine/services/clock/clock-control.ts';
import type { DocumentStore } from '#engine/ports/document-store.ts';
import { AnchorFile } from '#engine/services/audit/anchor-file.ts';
import { AuditAnchoring } from '#engine/services/audit/anchoring.ts';
import {
  auditConfigFromEnv,
  loadAuditKeys,
  MISSING_AUDIT_KEY_HELP,
  type AuditConfig,
} from '#engine/services/audit/audit-config.ts';
import { AuditLog } from '#engine/services/audit/audit-log.ts';
import type { RestorePlan } from '#engine/services/backup/restore.ts';
import type { FlowServiceOptions } from '#engine/services/flows/flow-service.ts';
import { Identity, type IdentityOptions } from '#engine/services/identity/identity.ts';
import { ensureRoles } from '#engine/services/identity/seed.ts';
import {
  FileEmailChannel,
  FileSmsChannel,
  type NotificationChannel,
} from '#engine/services/notifications/channels.ts';
import { loadKeyring, MISSING_KEY_HELP } from '#engine/services/records/encryption-keys.ts';
import type { Services } from '#engine/services/services.ts';
import { defaultActions, type ActionDefinition, type ActionRegistry } from '#workers/actions/index.ts';
import { startPlatformWorkers } from '#workers/processors/platform.ts';
import { adapterOverrides, openAdapters, type Adapters, type StoreConfig } from './adapters.ts';
import { createServices, DEFAULT_MODULES_DIR, type PlatformLog } from './services.ts';
import type { PlatformSettings } from './settings.ts';

export interface ComposeOptions {
  /** The run mode and where the data lives (configFromEnv). */
  config: StoreConfig;
  /** Channels, retries, worker tuning (settingsFromEnv): the same for every process. */
  settings: PlatformSettings;
  /** Where ENCRYPTION_KEY / ENCRYPTION_KEY_FILE are read (default: process.env). */
  env?: NodeJS.ProcessEnv;
  /** Field-encryption keys; default: ENCRYPTION_KEY, else the key file (made on first start). */
  keyring?: Keyring | null;
  /**
   * The audit chain's keys and anchors; default: AUDIT_KEY or the audit key file, and the anchor
   * file, from the environment (services/audit/audit-config.ts). `anchorDir: null`: no anchor file.
   */
  audit?: Partial<Pick<AuditConfig, 'anchorDir' | 'anchorEveryMs' | 'mailEveryMs'>> & {
    keys?: AuditKeys | null;
  };
  /** Time source (tests drive sessions, timers and due dates with a ManualClock). */
  clock?: Clock;
  /** Session and login policies. */
  identity?: IdentityOptions;
  log?: PlatformLog;
  /** Notification channels besides the outbox files of `settings.outboxDir` (a real gateway). */
  channels?: NotificationChannel[];
  /** Actions besides the platform's own (tests add failing ones). */
  actions?: ActionDefinition[];
  modulesDir?: string;
  /** Check the modules folder in the background once composed (default true). */
  scanModules?: boolean;
  /** Run the flow and automation processors in this process (default: in the embedded mode). */
  workers?: boolean;
  /** Flows' per-step FEEL context (default: the approvals layer's org functions and rules). */
  stepContext?: FlowServiceOptions['stepContext'];
}

export interface Platform {
  services: Services;
  /** The actions service tasks and automations run (their names validate BPMN and modules). */
  actions: ActionRegistry;
  adapters: Adapters;
  /** The restore this start applied (one staged in the admin console, or one a crash interrupted). */
  restored: RestorePlan | null;
  /** Starts the flow and automation processors here (when `workers` was false). */
  startWorkers(): Promise<void>;
  /**
   * Waits for the modules scan, writes off delivered outbox entries, closes the queue (running
   * jobs finish), the blob store, then the store — after `beforeStoreCloses` (a test dropping its
   * database).
   */
  close(options?: { beforeStoreCloses?: (store: DocumentStore) => Promise<void> }): Promise<void>;
}

/** The e-mail and SMS file channels of NOTIFY_OUTBOX_DIR, then any given ones. */
export function notificationChannels(
  settings: Pick<PlatformSettings, 'outboxDir'>,
  extra: NotificationChannel[] = [],
): NotificationChannel[] {
  return [
    ...(settings.outboxDir
      ? [
          new FileEmailChannel(join(settings.outboxDir, 'email.jsonl')),
          new FileSmsChannel(join(settings.outboxDir, 'sms.jsonl')),
        ]
      : []),
    ...extra,
  ];
}

export async function composePlatform(options: ComposeOptions): Promise<Platform> {
  const { config, settings, log } = options;
  // Camunda's clock endpoints pin the installation's time: only then is the clock pinnable.
  const pinnable = settings.camundaClockEndpoints ? new PinnableClock(options.clock ?? systemClock) : null;
  const clock = pinnable ?? options.clock ?? systemClock;
  // The audit keys come first: a restore applied while opening the store records itself in the
  // sealed chain and anchors the head it went back to.
  const { keys: givenKeys, ...auditOverrides } = options.audit ?? {};
  const auditConfig = { ...auditConfigFromEnv(config, options.env), ...auditOverrides };
  const auditKeys = givenKeys !== undefined ? givenKeys : loadAuditSealKeys(options, auditConfig);
  const anchors = auditConfig.anchorDir ? new AnchorFile(auditConfig.anchorDir) : null;
  const adapters = await openAdapters(config, {
    ...adapterOverrides(settings),
    audit: { keys: auditKeys, anchors },
  });
  try {
    const { store, queue, blobs } = adapters;
    // After the store: a data directory in use by another process stops us before a key file is made.
    const keyring = options.keyring !== undefined ? options.keyring : loadKeys(options);
    if (adapters.restored)
      log?.warn(
        {
          backupCreatedAt: adapters.restored.backup.createdAt,
          documents: adapters.restored.backup.documents,
        },
        'applied a restore from a backup',
      );
    const audit = new AuditLog(store, clock, {
      keys: auditKeys,
      anchors,
      onListenerError: (err, entry) => log?.error({ err, action: entry.action }, 'audit listener failed'),
    });
    await audit.init();
    const identity = new Identity(store, clock, audit, options.identity);
    await identity.init();
    await ensureRoles(identity);

    // The actions need the services and the services need the actions' names: a late binding.
    const wired: { services?: Services } = {};
    const actions = defaultActions({ testActions: settings.testActions, services: () => wired.services });
    if (options.actions) actions.register(...options.actions);
    const channels = notificationChannels(settings, options.channels);
    const services = await createServices({
      mode: adapters.mode,
      store,
      queue,
      blobs,
      clock,
      keyring,
      audit,
      identity,
      actions,
      channels,
      exportAlert: settings.exportAlert,
      ...(settings.publicUrl ? { publicUrl: settings.publicUrl } : {}),
      fileLimits: settings.fileLimits,
      importLimits: settings.importLimits,
      modulesDir: options.modulesDir ?? DEFAULT_MODULES_DIR,
      ...(options.stepContext ? { stepContext: options.stepContext } : {}),
      ...(settings.flowRetryBackoffMs !== undefined
        ? { flowRetryBackoffMs: settings.flowRetryBackoffMs }
        : {}),
      ...(settings.automationRetryBackoffMs !== undefined
        ? { automationRetryBackoffMs: settings.automationRetryBackoffMs }
        : {}),
      jobs: settings.jobs ?? {},
      ...(settings.approvalUndoWindowMs !== undefined
        ? { approvalUndoWindowMs: settings.approvalUndoWindowMs }
        : {}),
      ...(settings.backups ? { backups: settings.backups } : {}),
      ...(adapters.mode === 'embedded' ? { dataDir: config.dataDir } : {}),
      ...(log ? { log } : {}),
    });
    wired.services = services;
    if (pinnable) {
      services.clockControl = new ClockControl(store, pinnable);
      await services.clockControl.refresh();
      services.clockControl.start((err) => log?.warn({ err }, 'reading the pinned clock failed'));
    }
    const anchoring = new AuditAnchoring({
      audit,
      clock,
      everyMs: auditConfig.anchorEveryMs,
      mailEveryMs: auditConfig.mailEveryMs,
      notifications: services.notifications,
      canMail: channels.some((c) => c.name === 'email'),
      onError: (err, what) => log?.warn({ err, what }, 'audit anchoring failed'),
    });
    anchoring.start();

    // Checking the modules folder takes a moment: requests are served meanwhile, and the module
    // operations that need the definitions wait for it.
    if (options.scanModules ?? true) services.modules.scanInBackground();
    let working = false;
    const startWorkers = async (): Promise<void> => {
      if (working) return;
      working = true;
      await startPlatformWorkers(services, actions, settings.workers);
    };
    if (options.workers ?? adapters.mode === 'embedded') await startWorkers();

    return {
      services,
      actions,
      adapters,
      restored: adapters.restored,
      startWorkers,
      async close({ beforeStoreCloses } = {}) {
        // A scan still running finishes before the store goes away, and delivered effects whose
        // outbox entries wait for a deferred clear are written off now.
        services.clockControl?.stop();
        await services.modules.scanned();
        await services.flows.runtime.flushDeferredClears();
        await queue.close();
        // After the last job: the head anchored on the way out is the last one written.
        await anchoring.stop();
        services.metrics.close();
        await blobs.close();
        await beforeStoreCloses?.(store);
        await store.close();
      },
    };
  } catch (e) {
    await adapters.close();
    throw e;
  }
}

/** AUDIT_KEY, or the audit key file outside DATA_DIR (made on the embedded mode's first start). */
function loadAuditSealKeys(options: ComposeOptions, config: AuditConfig): AuditKeys | null {
  const keys = loadAuditKeys(config, options.env);
  if (keys.generated)
    options.log?.warn(
      { keyFile: keys.source },
      'generated the audit key file: back it up apart from the data, or the audit log cannot be verified',
    );
  if (!keys.keys)
    options.log?.error(
      {},
      `no audit key: the audit log is hash-chained but not sealed, so a rewritten log cannot be told apart. ${MISSING_AUDIT_KEY_HELP}`,
    );
  return keys.keys;
}

/** ENCRYPTION_KEY, or the key file under DATA_DIR (created on first start), said in the log. */
function loadKeys(options: ComposeOptions): Keyring | null {
  const keys = loadKeyring(options.config, options.env);
  if (keys.generated)
    options.log?.warn({ keyFile: keys.source }, 'generated a field-encryption key file: back it up');
  if (!keys.keyring)
    options.log?.error({}, `no field-encryption key: sensitive fields are refused. ${MISSING_KEY_HELP}`);
  return keys.keyring;
}
