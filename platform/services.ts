// Every service of the platform, built over the ports in dependency order — the middle step of the
// composition root (compose.ts), the same in the API process, `npm run worker` and the scripts:
//
//   identity, audit (given) ─ notifications ─ forms + records ─ flows ─ ledger (+ reconciliation) ─ stock
//   ─ documents (numbering, links, lifecycle, print) ─ reports ─ automations ─ modules (installer,
//   catalogue requests, entries published from the designer) ─ document types (their screens, saved
//   views, code lookup) ─ approvals ─ drafts ─ files ─ backup
//
// Then the listeners are attached (record events → automations, flow ends → requests), so whoever
// writes a record — a route, an action, an automation — the same rules run.
import { join } from 'node:path';
import { approvalModelProblems } from '#engine/core/approvals/settings.ts';
import { decide } from '#engine/core/actor.ts';
import { AppError } from '#engine/core/errors.ts';
import type { Keyring } from '#engine/core/crypto/keyring.ts';
import type { RunMode } from '#engine/config.ts';
import type { BlobStore } from '#engine/ports/blob-store.ts';
import type { Clock } from '#engine/ports/clock.ts';
import type { DocumentStore } from '#engine/ports/document-store.ts';
import type { JobQueue } from '#engine/ports/job-queue.ts';
import { approvalStepContext, createApprovals } from '#engine/services/approvals/index.ts';
import type { AuditLog } from '#engine/services/audit/audit-log.ts';
import { AutomationService, type ActionCatalogue } from '#engine/services/automations/automation-service.ts';
import { BackupService } from '#engine/services/backup/backup-service.ts';
import { createScheduledBackups } from '#engine/services/backup/scheduled/index.ts';
import type { BackupScheduleSettings } from '#engine/services/backup/scheduled/schedule-settings.ts';
import { CalendarService } from '#engine/services/calendars/calendar-service.ts';
import { withWorkingTime } from '#engine/services/calendars/step-context.ts';
import { CodeLookup } from '#engine/services/doctypes/code-lookup.ts';
import { DecisionService } from '#engine/services/decisions/decision-service.ts';
import { DeploymentService } from '#engine/services/decisions/deployments.ts';
import { DoctypeDirectory } from '#engine/services/doctypes/directory.ts';
import { SavedViewService } from '#engine/services/doctypes/saved-views.ts';
import { DraftService } from '#engine/services/drafts/draft-service.ts';
import { FileBindings } from '#engine/services/files/file-bindings.ts';
import type { FileLimits } from '#engine/services/files/file-quota.ts';
import { FileService } from '#engine/services/files/file-service.ts';
import { recordAttachments } from '#engine/services/files/record-attachments.ts';
import { FlowService, type FlowServiceOptions } from '#engine/services/flows/flow-service.ts';
import { FLOW_QUEUES } from '#engine/services/flows/queues.ts';
import { FORMS } from '#engine/services/forms/form-docs.ts';
import { platformChecks, Readiness } from '#engine/services/health/readiness.ts';
import { JobService } from '#engine/services/jobs/job-service.ts';
import { systemActor } from '#engine/services/modules/system-actor.ts';
import type { Identity } from '#engine/services/identity/identity.ts';
import { SYSTEM_ROLES } from '#engine/services/identity/system-roles.ts';
import { chartAccounts } from '#engine/services/ledger/chart.ts';
import { GeneralLedgerPostings } from '#engine/services/ledger/document-ledger.ts';
import { LedgerService } from '#engine/services/ledger/ledger-service.ts';
import {
  CASH_FLOW_SOURCE,
  GENERAL_LEDGER_SOURCE,
  generalLedgerSource,
} from '#engine/services/ledger/ledger-report-source.ts';
import { createDocuments } from '#engine/services/documents/index.ts';
import { RecordPool } from '#engine/services/records/record-pool.ts';
import { PublicLinks } from '#engine/services/records/public-links.ts';
import { MailingLog } from '#engine/services/notifications/mailing-log.ts';
import { runRule } from '#engine/services/modules/run-rule.ts';
import { USERS } from '#engine/services/identity/collections.ts';
import { ReconciliationService } from '#engine/services/ledger/reconciliation.ts';
import { QuantityLedger } from '#engine/services/quantities/quantity-ledger.ts';
import { QUANTITY_LEDGER_SOURCE } from '#engine/services/quantities/quantity-report-source.ts';
import { QuantityPostings } from '#engine/services/quantities/quantity-postings.ts';
import { StockLedgerPostings } from '#engine/services/stock/document-stock-ledger.ts';
import { StockAccounts } from '#engine/services/stock/stock-accounts.ts';
import { STOCK_BALANCE_SOURCE, STOCK_LEDGER_SOURCE } from '#engine/services/stock/stock-report-sources.ts';
import { StockService } from '#engine/services/stock/stock-service.ts';
import { PlatformMetrics } from '#engine/services/metrics/platform-metrics.ts';
import { CustomEntryService } from '#engine/services/modules/custom-entries.ts';
import { DemoRequestSeeder } from '#engine/services/modules/demo-requests.ts';
import { ModuleInstaller } from '#engine/services/modules/installer.ts';
import { ModuleService } from '#engine/services/modules/module-service.ts';
import type { ScanLookups } from '#engine/services/modules/scan.ts';
import { RequestService } from '#engine/services/modules/requests.ts';
import { ModuleRequestDocuments } from '#engine/services/modules/request-documents.ts';
import type { NotificationChannel } from '#engine/services/notifications/channels.ts';
import { NotificationService } from '#engine/services/notifications/notification-service.ts';
import { PLATFORM_QUEUES } from '#engine/services/platform-queues.ts';
import { approvalLock } from '#engine/services/records/approval-lock.ts';
import { flowLock } from '#engine/services/records/flow-lock.ts';
import type { ImportLimits } from '#engine/services/records/import-rows.ts';
import { createFormsAndRecords, type ExportAlertConfig } from '#engine/services/records/index.ts';
import { ReportService } from '#engine/services/reports/report-service.ts';
import type { Services } from '#engine/services/services.ts';

/** Report sources the platform provides besides forms (modules name them in `source.collection`). */
export const PLATFORM_REPORT_SOURCES = {
  ledger: GENERAL_LEDGER_SOURCE,
  cashFlows: CASH_FLOW_SOURCE,
  quantities: QUANTITY_LEDGER_SOURCE,
  stockLedger: STOCK_LEDGER_SOURCE,
  stockBalance: STOCK_BALANCE_SOURCE,
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
  /** The contents of files (and of the files in a backup). */
  blobs: BlobStore;
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
  /** Where people reach the web app: the full address of the public links sent to them. */
  publicUrl?: string;
  /** Largest file, quotas, free-disk reserve (default: from the environment). */
  fileLimits?: FileLimits;
  /** Rows and unpacked size of import files (default: from the environment). */
  importLimits?: ImportLimits;
  modulesDir: string;
  /** Per-step FEEL context of flows (default: the approvals layer's org functions and rules). */
  stepContext?: FlowServiceOptions['stepContext'];
  flowRetryBackoffMs?: number;
  automationRetryBackoffMs?: number;
  /** External jobs: how often a long-polling activation looks at the store, when a type has no worker. */
  jobs?: { pollMs?: number; workerAbsentMs?: number };
  /** How long a one-tap approval can be undone (default 5 s; 0: approvals are sent at once). */
  approvalUndoWindowMs?: number;
  /** Scheduled backups to a second location (default: off). */
  backups?: BackupScheduleSettings;
  /** The embedded mode's DATA_DIR (scheduled backups warn when BACKUP_DIR is on its disk). */
  dataDir?: string;
  log?: PlatformLog;
}

/** Builds and initialises the services (indexes), and attaches the event listeners. */
export async function createServices(deps: ServiceDeps): Promise<Services> {
  const { store, queue, blobs, clock, actions, audit, identity, channels, log } = deps;
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
    ...(deps.importLimits ? { importLimits: deps.importLimits } : {}),
    alerts: {
      async alertAdmins(alert) {
        log?.warn({ alert }, 'abnormal export');
        await notifications.alertAdmins(alert);
      },
    },
    onListenerError: (err, event) => log?.error({ err, event }, 'record event listener failed'),
  });
  const { forms, records } = formsAndRecords;
  const calendars = new CalendarService({ store, clock, org });
  // Every action is registered before the services are built: their names are fixed from here on.
  const platformActions = actions.names();
  const isPlatformAction = (type: string): boolean => platformActions.has(type);
  const flows = new FlowService({
    store,
    queue,
    clock,
    knownActions: () => actions.names(),
    isPlatformAction,
    formExists: async (id) => (await store.collection(FORMS).get(id)) !== null,
    // Working time (business calendars) on top of the approvals layer's org functions and hooks.
    stepContext: withWorkingTime(calendars, deps.stepContext ?? approvalStepContext({ store, clock, org })),
    checkModel: approvalModelProblems,
    // Camunda forms a deployment brings become Forma forms (published as the deploying user's system act).
    publishForms: async (definitions, by) => {
      for (const definition of definitions)
        await forms.publishDefinition(systemActor('forms', 'update', by ?? 'system'), definition);
    },
    ...(deps.flowRetryBackoffMs !== undefined ? { retryBackoffMs: deps.flowRetryBackoffMs } : {}),
    onError: (err, context) => log?.warn({ err, ...context }, 'flow delivery failed (the sweeper retries)'),
  });
  const decisions = new DecisionService({ store, clock });
  const jobs = new JobService({
    flows,
    clock,
    isPlatformAction,
    // In the embedded mode every job is made in this process, which wakes its activations itself.
    pollMs: deps.jobs?.pollMs ?? (deps.mode === 'embedded' ? 5000 : 500),
    ...(deps.jobs?.workerAbsentMs !== undefined ? { workerAbsentMs: deps.jobs.workerAbsentMs } : {}),
  });
  // A person cannot change a record while its approval runs (the flow and its requester can).
  records.guardWrites(flowLock(async (id) => (await flows.runtime.instances.get(id))?.status ?? null));
  // What an approval decided on changes only with a new approval (every writer, the system too).
  records.guardData(approvalLock((id) => forms.current(id)));
  const ledger = new LedgerService({ store, clock });
  const quantities = new QuantityLedger({ store, clock });
  const reconciliation = new ReconciliationService({ store, clock, ledger, records });
  const stock = new StockService({
    store,
    clock,
    accounts: new StockAccounts(ledger, (chart, codes) => chartAccounts(records, chart, codes)),
    onError: (err, context) => log?.warn({ err, ...context }, 'stock value posting failed'),
  });
  // Modules answer "is it enabled" and "its settings" for documents, reports and automations.
  const late: { modules?: ModuleService } = {};
  const moduleEnabled = async (id: string) => (late.modules ? late.modules.isEnabled(id) : false);
  const settings = async (id: string) => (late.modules ? late.modules.settings(id) : {});
  const documents = createDocuments({
    store,
    clock,
    records,
    ledgers: [
      new GeneralLedgerPostings(ledger),
      new QuantityPostings(quantities),
      new StockLedgerPostings(stock),
    ],
    audit,
    async userNames(ids) {
      const { items } = await store
        .collection<{ displayName?: string; login: string }>(USERS)
        .find({ id: { $in: [...new Set(ids)] } }, { projection: ['displayName', 'login'] });
      return new Map(items.map((u) => [u.id, u.displayName || u.login]));
    },
    // Documents' submit checks run modules' named rules (their report look-ups as the system).
    runRule: (rule, inputs) => {
      if (!late.modules) throw new Error('documents checked before the modules started');
      return runRule({ modules: late.modules, reports, calendars }, rule, inputs, clock.now());
    },
    moduleEnabled,
    settings,
    onError: (err, context) => log?.warn({ err, ...context }, 'document lifecycle step failed'),
  });
  const principalOf = async (id: string) => {
    const user = await identity.users.col.get(id);
    return user && user.active !== false ? identity.access.principalFor(user) : null;
  };
  const reports = new ReportService({
    store,
    clock,
    records,
    notifications,
    moduleEnabled,
    settings,
    principalOf,
    managerOf: (userId) => org.managerOf(userId),
  });
  for (const [name, source] of Object.entries(PLATFORM_REPORT_SOURCES)) reports.registerSource(name, source);
  // The general ledger's reports read its day summaries when they can (ledger-summaries.ts).
  reports.registerSource('ledger', generalLedgerSource(ledger.summaries));
  const automations = new AutomationService({
    store,
    queue,
    clock,
    records,
    flows,
    actions,
    moduleEnabled,
    settings,
    calendars,
    ...(deps.automationRetryBackoffMs !== undefined ? { retryBackoffMs: deps.automationRetryBackoffMs } : {}),
    onError: (err, context) => log?.warn({ err, ...context }, 'automation run failed'),
  });
  const installer = new ModuleInstaller({
    forms,
    records,
    flows,
    decisions,
    roles,
    automations,
    reports,
    ledger,
    stock,
    print: documents.print,
    numbering: documents.numbering,
    calendars,
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
    calendars,
    onError: (err, context) => log?.warn({ err, ...context }, 'request binding failed'),
  });
  const pools = new RecordPool({ records, clock, settings });
  const publicLinks = new PublicLinks({
    store,
    clock,
    records,
    ...(deps.publicUrl ? { publicUrl: deps.publicUrl } : {}),
  });
  const doctypes = new DoctypeDirectory({ forms, modules: () => modules.list() });
  const codes = new CodeLookup({ directory: doctypes, records });
  const savedViews = new SavedViewService({ store, clock, records });
  const drafts = new DraftService({ store, clock });
  // Starting (init) moves files stored the old way (chunks in `file_chunks`) into the blob store.
  const files = new FileService({
    store,
    clock,
    blobs,
    ...(deps.fileLimits ? { limits: deps.fileLimits } : {}),
    ...(log ? { log } : {}),
  });
  // A file is read where it was first attached; attaching one the writer may not read is refused.
  const fileBindings = new FileBindings({
    store,
    clock,
    lookups: {
      owner: async (id) => (await files.info(id))?.owner ?? null,
      recordAsSeen: (actor, form, id) =>
        records.get(decide(actor, `record:${form}`, 'read'), form, id).then(
          (record) => record.data,
          // Not theirs to read (403/404) reads as no file; anything else is a real failure.
          (e: unknown) => {
            if (e instanceof AppError && e.status < 500) return null;
            throw e;
          },
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
  await decisions.init();
  await jobs.init();
  await Promise.all([
    ledger.init(),
    quantities.init(),
    reconciliation.init(),
    stock.init(),
    notifications.init(),
    reports.init(),
    automations.init(),
    calendars.init(),
    modules.init(),
    customEntries.init(),
    drafts.init(),
    files.init(),
    savedViews.init(),
  ]);
  await documents.init();
  automations.attach();
  requests.attach();
  // Computed fields may count working time on the record owner's calendar.
  records.useFeelFunctions((subject) => calendars.feelFunctions(subject, { whenNone: 'weekdays' }));
  // Requests' records (summaries, per-step fields) and where their field permissions come from.
  const requestDocuments = new ModuleRequestDocuments({ records, modules, customEntries });
  const approvals = await createApprovals({
    store,
    clock,
    flows,
    org,
    audit,
    notifier: notifications,
    channels: channels.map((c) => c.name),
    documents: requestDocuments,
    queue,
    ...(deps.approvalUndoWindowMs !== undefined ? { undoWindowMs: deps.approvalUndoWindowMs } : {}),
    entryPermissions: (processId) => requestDocuments.fieldPermissions(processId),
    shape: async (processId) => {
      const latest = await flows.definitions.latestKey(processId);
      if (!latest) return null;
      const model = await flows.definitions.model(latest.key);
      const steps = new Set(
        Object.values(model.elements)
          .filter((e) => e.type === 'userTask')
          .map((e) => e.id),
      );
      const entry = await requestDocuments.entryOf(processId);
      const form = entry ? await forms.latest(entry.form).catch(() => null) : null;
      const props = (form?.definition.schema as { properties?: Record<string, unknown> } | undefined)
        ?.properties;
      return { steps, ...(props ? { fields: new Set(Object.keys(props)) } : {}) };
    },
  });

  // Demo requests are submitted and approved as the demo company's people, through the catalogue.
  modules.useDemoRequests(
    new DemoRequestSeeder({
      findUser: (login) => identity.users.findByLogin(login),
      principalFor: (user) => identity.access.principalFor(user),
      submit: (actor, entry, data, options) => requests.submit(actor, entry, data, options),
      instance: (id) => flows.getInstance(id),
      approve: (actor, taskId) => approvals.actions.approve(actor, taskId),
      ...(log ? { log } : {}),
    }),
  );

  const metrics = new PlatformMetrics({
    queue,
    queues: PLATFORM_QUEUES,
    incidents: () => flows.runtime.instances.count({ incidentCount: { $gt: 0 } }),
    auditHead: async () => (await audit.readHead()).seq,
  });

  const backup = new BackupService({ store, blobs, clock, cipher: formsAndRecords.cipher, audit });
  const scheduledBackups = await createScheduledBackups({
    store,
    clock,
    backup,
    notifications,
    canMail: channels.some((c) => c.name === 'email'),
    metrics,
    ...(deps.backups ? { settings: deps.backups } : {}),
    ...(deps.dataDir ? { dataDir: deps.dataDir } : {}),
    ...(log ? { log } : {}),
  });

  const { init: _init, ...formsAndRecordsServices } = formsAndRecords;
  return {
    ...formsAndRecordsServices,
    mode: deps.mode,
    store,
    queue,
    blobs,
    clock,
    audit,
    identity,
    flows,
    decisions,
    deployments: new DeploymentService({ decisions, flows }),
    jobs,
    approvals,
    ledger,
    quantities,
    reconciliation,
    stock,
    documents,
    notifications,
    reports,
    automations,
    calendars,
    modules,
    requests,
    customEntries,
    doctypes,
    pools,
    publicLinks,
    mailingLog: new MailingLog({ store, records }),
    codes,
    savedViews,
    drafts,
    files,
    fileBindings,
    backup,
    scheduledBackups,
    // A process whose blob store cannot answer serves no files and makes no backups: not ready.
    health: new Readiness([
      ...platformChecks(store, queue, FLOW_QUEUES.serviceTask),
      { name: 'blobs', run: () => blobs.ping() },
    ]),
    metrics,
  };
}
