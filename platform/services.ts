// Every service of the platform, built over the ports in dependency order — the middle step of the
// composition root (compose.ts), the same in the API process, `npm run worker` and the scripts:
//
//   identity, audit (given) ─ notifications ─ forms + records ─ flows ─ ledger (+ reconciliation)
//   ─ reports ─ automations ─ modules (installer, catalogue requests, entries published from the
//   designer) ─ document types (their screens, saved views, code lookup) ─ approvals ─ drafts ─
//   files ─ backup
//
// Then the listeners are attached (record events → automations, flow ends → requests), so whoever
// writes a record — a route, an action, an automation — the same rules run.
import { join } from 'node:path';
import { approvalModelProblems } from '#engine/core/approvals/settings.ts';
import { decide } from '#engine/core/actor.ts';
import type { Keyring } from '#engine/core/crypto/keyring.ts';
import type { RunMode } from '#engine/config.ts';
import type { Clock } from '#engine/ports/clock.ts';
import type { DocumentStore } from '#engine/ports/document-store.ts';
import type { JobQueue } from '#engine/ports/job-queue.ts';
import { approvalStepContext, createApprovals } from '#engine/services/approvals/index.ts';
import type { AuditLog } from '#engine/services/audit/audit-log.ts';
import { AutomationService, type ActionCatalogue } from '#engine/services/automations/automation-service.ts';
import { BackupService } from '#engine/services/backup/backup-service.ts';
import { CodeLookup } from '#engine/services/doctypes/code-lookup.ts';
import { DoctypeDirectory } from '#engine/services/doctypes/directory.ts';
import { SavedViewService } from '#engine/services/doctypes/saved-views.ts';
import { DraftService } from '#engine/services/drafts/draft-service.ts';
import { FileBindings } from '#engine/services/files/file-bindings.ts';
import { FileService } from '#engine/services/files/file-service.ts';
import { recordAttachments } from '#engine/services/files/record-attachments.ts';
import { FlowService, type FlowServiceOptions } from '#engine/services/flows/flow-service.ts';
import { FLOW_QUEUES } from '#engine/services/flows/queues.ts';
import { FORMS } from '#engine/services/forms/form-docs.ts';
import { platformChecks, Readiness } from '#engine/services/health/readiness.ts';
import type { Identity } from '#engine/services/identity/identity.ts';
import { SYSTEM_ROLES } from '#engine/services/identity/system-roles.ts';
import { chartAccounts } from '#engine/services/ledger/chart.ts';
import { LedgerService, VOUCHERS } from '#engine/services/ledger/ledger-service.ts';
import { ReconciliationService } from '#engine/services/ledger/reconciliation.ts';
import { PlatformMetrics } from '#engine/services/metrics/platform-metrics.ts';
import { CustomEntryService } from '#engine/services/modules/custom-entries.ts';
import { ModuleInstaller } from '#engine/services/modules/installer.ts';
import { ModuleService } from '#engine/services/modules/module-service.ts';
import type { ScanLookups } from '#engine/services/modules/scan.ts';
import { RequestService } from '#engine/services/modules/requests.ts';
import type { NotificationChannel } from '#engine/services/notifications/channels.ts';
import { NotificationService } from '#engine/services/notifications/notification-service.ts';
import { PLATFORM_QUEUES } from '#engine/services/platform-queues.ts';
import { approvalLock } from '#engine/services/records/approval-lock.ts';
import { flowLock } from '#engine/services/records/flow-lock.ts';
import { createFormsAndRecords, type ExportAlertConfig } from '#engine/services/records/index.ts';
import { ReportService } from '#engine/services/reports/report-service.ts';
import type { Services } from '#engine/services/services.ts';

/** Report sources the platform provides besides forms (modules name them in `source.collection`). */
export const PLATFORM_REPORT_SOURCES = {
  ledger: { collection: VOUCHERS, resource: 'ledger' },
} as const;

export const DEFAULT_MODULES_DIR = join(import.meta.dirname, '..', 'modules');

/** What a module folder is checked against — at startup and by `npm run check:modules` alike. */
export function moduleLookups(
  actionNames: ReadonlySet<string>,
  reportSources: ReadonlySet<string>,
): ScanLookups {
  return {
    knownActions: actionNames,
    reportCollections: reportSources,
    knownRoles: new Set(SYSTEM_ROLES.map((r) => r.id)),
    checkModel: approvalModelProblems,
  };
}

/** Where the platform logs what goes wrong in the background (a pino logger fits). */
export interface PlatformLog {
  warn(obj: unknown, msg: string): void;
  info(obj: unknown, msg: string): void;
  error(obj: unknown, msg: string): void;
}

export interface ServiceDeps {
  mode: RunMode;
  store: DocumentStore;
  queue: JobQueue;
  clock: Clock;
  /** Field-encryption keys; null: none configured (sensitive fields are refused with 503). */
  keyring: Keyring | null;
  audit: AuditLog;
  identity: Identity;
  /** The worker action registry (service tasks and automations run its actions). */
  actions: ActionCatalogue;
  /** E-mail, SMS … besides the in-app centre. */
  channels: NotificationChannel[];
  exportAlert: ExportAlertConfig;
  modulesDir: string;
  /** Per-step FEEL context of flows (default: the approvals layer's org functions and rules). */
  stepContext?: FlowServiceOptions['stepContext'];
  flowRetryBackoffMs?: number;
  automationRetryBackoffMs?: number;
  log?: PlatformLog;
}

/** Builds and initialises the services (indexes), and attaches the event listeners. */
export async function createServices(deps: ServiceDeps): Promise<Services> {
  const { store, queue, clock, actions, audit, identity, channels, log } = deps;
  const { org, roles } = identity;
  const notifications = new NotificationService({
    store,
    clock,
    org,
    channels,
    onDeliveryError: (err, channel, id) => log?.warn({ err, channel, id }, 'notification delivery failed'),
  });
  const formsAndRecords = createFormsAndRecords({
    store,
    clock,
    keyring: deps.keyring,
    audit,
    exportAlert: deps.exportAlert,
    alerts: {
      async alertAdmins(alert) {
        log?.warn({ alert }, 'abnormal export');
        await notifications.alertAdmins(alert);
      },
    },
    onListenerError: (err, event) => log?.error({ err, event }, 'record event listener failed'),
  });
  const { forms, records } = formsAndRecords;
  const flows = new FlowService({
    store,
    queue,
    clock,
    knownActions: () => actions.names(),
    formExists: async (id) => (await store.collection(FORMS).get(id)) !== null,
    stepContext: deps.stepContext ?? approvalStepContext({ store, clock, org }),
    checkModel: approvalModelProblems,
    ...(deps.flowRetryBackoffMs !== undefined ? { retryBackoffMs: deps.flowRetryBackoffMs } : {}),
    onError: (err, context) => log?.warn({ err, ...context }, 'flow delivery failed (the sweeper retries)'),
  });
  // A person cannot change a record while its approval runs (the flow and its requester can).
  records.guardWrites(flowLock(async (id) => (await flows.runtime.instances.get(id))?.status ?? null));
  // What an approval decided on changes only with a new approval (every writer, the system too).
  records.guardData(approvalLock((id) => forms.current(id)));
  const ledger = new LedgerService({ store, clock });
  const reconciliation = new ReconciliationService({ store, clock, ledger, records });
  // Modules answer "is it enabled" and "its settings" for reports and automations.
  const late: { modules?: ModuleService } = {};
  const moduleEnabled = async (id: string) => (late.modules ? late.modules.isEnabled(id) : false);
  const settings = async (id: string) => (late.modules ? late.modules.settings(id) : {});
  const reports = new ReportService({ store, clock, records, notifications, moduleEnabled, settings });
  for (const [name, source] of Object.entries(PLATFORM_REPORT_SOURCES)) reports.registerSource(name, source);
  const automations = new AutomationService({
    store,
    queue,
    clock,
    records,
    flows,
    actions,
    moduleEnabled,
    settings,
    ...(deps.automationRetryBackoffMs !== undefined ? { retryBackoffMs: deps.automationRetryBackoffMs } : {}),
    onError: (err, context) => log?.warn({ err, ...context }, 'automation run failed'),
  });
  const installer = new ModuleInstaller({
    forms,
    records,
    flows,
    roles,
    automations,
    reports,
    ledger,
    accounts: (chart, codes) => chartAccounts(records, chart, codes),
  });
  const modules = new ModuleService({
    store,
    clock,
    audit,
    installer,
    automations,
    modulesDir: deps.modulesDir,
    lookups: () => moduleLookups(actions.names(), reports.sourceNames()),
    ...(log ? { log } : {}),
  });
  late.modules = modules;
  const customEntries = new CustomEntryService({ store, clock, audit, forms, flows, modules, roles });
  const requests = new RequestService({
    clock,
    modules,
    records,
    flows,
    reports,
    customEntries,
    onError: (err, context) => log?.warn({ err, ...context }, 'request binding failed'),
  });
  const doctypes = new DoctypeDirectory({ forms, modules: () => modules.list() });
  const codes = new CodeLookup({ directory: doctypes, records });
  const savedViews = new SavedViewService({ store, clock, records });
  const drafts = new DraftService({ store, clock });
  const files = new FileService({ store, clock });
  // A file is read where it was first attached; attaching one the writer may not read is refused.
  const fileBindings = new FileBindings({
    store,
    clock,
    lookups: {
      owner: async (id) => (await files.info(id))?.owner ?? null,
      mayReadRecord: (actor, form, id) =>
        records.get(decide(actor, `record:${form}`, 'read'), form, id).then(
          () => true,
          () => false,
        ),
      mayReadRequest: (actor, instanceId) =>
        approvals.inbox.request(actor, instanceId).then(
          () => true,
          () => false,
        ),
    },
  });
  records.guardData(recordAttachments(fileBindings));

  await formsAndRecords.init();
  await flows.init();
  await Promise.all([
    ledger.init(),
    reconciliation.init(),
    notifications.init(),
    reports.init(),
    automations.init(),
    modules.init(),
    customEntries.init(),
    drafts.init(),
    files.init(),
    savedViews.init(),
  ]);
  automations.attach();
  requests.attach();
  const approvals = await createApprovals({
    store,
    clock,
    flows,
    org,
    audit,
    notifier: notifications,
    channels: channels.map((c) => c.name),
  });

  const metrics = new PlatformMetrics({
    queue,
    queues: PLATFORM_QUEUES,
    incidents: () => flows.runtime.instances.count({ incidentCount: { $gt: 0 } }),
    auditHead: async () => (await audit.readHead()).seq,
  });

  const { init: _init, ...formsAndRecordsServices } = formsAndRecords;
  return {
    ...formsAndRecordsServices,
    mode: deps.mode,
    store,
    queue,
    clock,
    audit,
    identity,
    flows,
    approvals,
    ledger,
    reconciliation,
    notifications,
    reports,
    automations,
    modules,
    requests,
    customEntries,
    doctypes,
    codes,
    savedViews,
    drafts,
    files,
    fileBindings,
    backup: new BackupService({ store, clock, cipher: formsAndRecords.cipher, audit }),
    health: new Readiness(platformChecks(store, queue, FLOW_QUEUES.serviceTask)),
    metrics,
  };
}
