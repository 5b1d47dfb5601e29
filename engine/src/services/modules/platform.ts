// The platform's services wired together over the ports — the one place that builds them, used
// by the API process (engine/src/http/plugins/platform.ts) and by `npm run worker`, so that both
// run the same listeners (automation events, request outcomes) and the same actions.
//
//   forms + records ─ flows ─ ledger (+ reconciliation) ─ notifications ─ reports ─ automations
//                                          └── modules (installer, catalogue/requests,
//                                                       entries published from the designer)
import { join } from 'node:path';
import type { Keyring } from '#engine/core/crypto/keyring.ts';
import type { Clock } from '#engine/ports/clock.ts';
import type { DocumentStore } from '#engine/ports/document-store.ts';
import type { JobQueue } from '#engine/ports/job-queue.ts';
import type { AuditLog } from '../audit/audit-log.ts';
import { AutomationService, type ActionCatalogue } from '../automations/automation-service.ts';
import { FlowService, type FlowServiceOptions } from '../flows/flow-service.ts';
import { FORMS } from '../forms/form-docs.ts';
import { RoleService } from '../identity/roles.ts';
import { SYSTEM_ROLES } from '../identity/system-roles.ts';
import { chartAccounts } from '../ledger/chart.ts';
import { LedgerService, VOUCHERS } from '../ledger/ledger-service.ts';
import { ReconciliationService } from '../ledger/reconciliation.ts';
import type { NotificationChannel } from '../notifications/channels.ts';
import { FileEmailChannel, FileSmsChannel } from '../notifications/channels.ts';
import { NotificationService } from '../notifications/notification-service.ts';
import { OrgChart } from '../org/org-chart.ts';
import { createFormsAndRecords, type FormsAndRecords } from '../records/index.ts';
import { ReportService } from '../reports/report-service.ts';
import { CustomEntryService } from './custom-entries.ts';
import { ModuleInstaller } from './installer.ts';
import { ModuleService } from './module-service.ts';
import { RequestService } from './requests.ts';
import { approvalModelProblems } from '#engine/core/approvals/settings.ts';
import { approvalStepContext, createApprovals, type Approvals } from '../approvals/index.ts';

/** Report sources the platform provides besides forms (modules name them in `source.collection`). */
export const PLATFORM_REPORT_SOURCES = {
  ledger: { collection: VOUCHERS, resource: 'ledger' },
} as const;

export const DEFAULT_MODULES_DIR = join(import.meta.dirname, '..', '..', '..', '..', 'modules');

export interface PlatformDeps {
  store: DocumentStore;
  queue: JobQueue;
  clock: Clock;
  /** Field-encryption keys (used unless `formsAndRecords` is given). */
  keyring?: Keyring | null;
  /** The forms and records services the rest of the process uses (one instance per store). */
  formsAndRecords?: FormsAndRecords;
  audit: AuditLog;
  /** The worker action registry (service tasks and automations run its actions). */
  actions: ActionCatalogue;
  modulesDir?: string;
  /** Where the e-mail and SMS file channels write (default: no such channels). */
  outboxDir?: string;
  channels?: NotificationChannel[];
  /** Per-step FEEL context of flows (default: the approvals layer's org functions and rules). */
  stepContext?: FlowServiceOptions['stepContext'];
  flowRetryBackoffMs?: number;
  automationRetryBackoffMs?: number;
  log?: {
    warn(obj: unknown, msg: string): void;
    info(obj: unknown, msg: string): void;
    error(obj: unknown, msg: string): void;
  };
}

export interface Platform extends FormsAndRecords {
  store: DocumentStore;
  queue: JobQueue;
  clock: Clock;
  actions: ActionCatalogue;
  flows: FlowService;
  ledger: LedgerService;
  reconciliation: ReconciliationService;
  notifications: NotificationService;
  reports: ReportService;
  automations: AutomationService;
  modules: ModuleService;
  requests: RequestService;
  /** Catalogue entries analysts publish from the designer. */
  customEntries: CustomEntryService;
  org: OrgChart;
  roles: RoleService;
  /** Approvals: actions, inbox, SLA escalation, per-flow settings, out-of-office proxies. */
  approvals: Approvals;
}

/** Builds and initialises the services (indexes), and attaches the event listeners. */
export async function createPlatform(deps: PlatformDeps): Promise<Platform> {
  const { store, queue, clock, actions } = deps;
  const log = deps.log;
  const org = new OrgChart(store);
  const channels = [
    ...(deps.outboxDir
      ? [
          new FileEmailChannel(join(deps.outboxDir, 'email.jsonl')),
          new FileSmsChannel(join(deps.outboxDir, 'sms.jsonl')),
        ]
      : []),
    ...(deps.channels ?? []),
  ];
  const notifications = new NotificationService({
    store,
    clock,
    org,
    channels,
    onDeliveryError: (err, channel, id) => log?.warn({ err, channel, id }, 'notification delivery failed'),
  });
  const formsAndRecords =
    deps.formsAndRecords ??
    createFormsAndRecords({
      store,
      clock,
      keyring: deps.keyring ?? null,
      audit: deps.audit,
      alerts: notifications,
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
  const ledger = new LedgerService({ store, clock });
  const reconciliation = new ReconciliationService({ store, clock, ledger, records });
  const roles = new RoleService(store, deps.audit);
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
    audit: deps.audit,
    installer,
    automations,
    modulesDir: deps.modulesDir ?? DEFAULT_MODULES_DIR,
    lookups: () => ({
      knownActions: actions.names(),
      reportCollections: reports.sourceNames(),
      knownRoles: new Set(SYSTEM_ROLES.map((r) => r.id)),
      checkModel: approvalModelProblems,
    }),
    ...(log ? { log } : {}),
  });
  late.modules = modules;
  const customEntries = new CustomEntryService({
    store,
    clock,
    audit: deps.audit,
    forms,
    flows,
    modules,
    roles,
  });
  const requests = new RequestService({
    clock,
    modules,
    records,
    flows,
    reports,
    customEntries,
    onError: (err, context) => log?.warn({ err, ...context }, 'request binding failed'),
  });

  if (!deps.formsAndRecords) await formsAndRecords.init();
  await flows.init();
  await Promise.all([
    ledger.init(),
    reconciliation.init(),
    notifications.init(),
    reports.init(),
    automations.init(),
    modules.init(),
    customEntries.init(),
  ]);
  automations.attach();
  requests.attach();
  const approvals = await createApprovals({
    store,
    clock,
    flows,
    org,
    audit: deps.audit,
    notifier: notifications,
    channels: channels.map((c) => c.name),
  });

  return {
    ...formsAndRecords,
    store,
    queue,
    clock,
    actions,
    flows,
    ledger,
    reconciliation,
    notifications,
    reports,
    automations,
    modules,
    requests,
    customEntries,
    org,
    roles,
    approvals,
  };
}
