// The services of one Forma process — what the HTTP routes (as `app.services`), the worker actions
// and the tests reach. One object per process, built over the ports by the composition root
// (platform/compose.ts), so every process that runs the platform wires it the same way. The engine
// only describes it here: nothing under engine/ builds it.
//
//   identity ─ audit ─ forms + records ─ flows ─ approvals ─ ledger (+ reconciliation) ─ stock ─ documents
//   notifications ─ reports ─ automations ─ modules (catalogue requests, custom entries)
//   document types (screens, saved views, code lookup) ─ drafts ─ files ─ backup
import type { RunMode } from '#engine/config.ts';
import type { Clock } from '#engine/ports/clock.ts';
import type { BlobStore } from '#engine/ports/blob-store.ts';
import type { DocumentStore } from '#engine/ports/document-store.ts';
import type { JobQueue } from '#engine/ports/job-queue.ts';
import type { Approvals } from './approvals/index.ts';
import type { AuditLog } from './audit/audit-log.ts';
import type { AutomationService } from './automations/automation-service.ts';
import type { BackupService } from './backup/backup-service.ts';
import type { ScheduledBackups } from './backup/scheduled/scheduled-backups.ts';
import type { ClockControl } from './clock/clock-control.ts';
import type { CalendarService } from './calendars/calendar-service.ts';
import type { Documents } from './documents/index.ts';
import type { RecordPool } from './records/record-pool.ts';
import type { PublicLinks } from './records/public-links.ts';
import type { MailingLog } from './notifications/mailing-log.ts';
import type { CodeLookup } from './doctypes/code-lookup.ts';
import type { DecisionService } from './decisions/decision-service.ts';
import type { DeploymentService } from './decisions/deployments.ts';
import type { DoctypeDirectory } from './doctypes/directory.ts';
import type { SavedViewService } from './doctypes/saved-views.ts';
import type { DraftService } from './drafts/draft-service.ts';
import type { FileBindings } from './files/file-bindings.ts';
import type { FileService } from './files/file-service.ts';
import type { FlowService } from './flows/flow-service.ts';
import type { Identity } from './identity/identity.ts';
import type { JobService } from './jobs/job-service.ts';
import type { LedgerService } from './ledger/ledger-service.ts';
import type { ReconciliationService } from './ledger/reconciliation.ts';
import type { QuantityLedger } from './quantities/quantity-ledger.ts';
import type { StockService } from './stock/stock-service.ts';
import type { CustomEntryService } from './modules/custom-entries.ts';
import type { ModuleService } from './modules/module-service.ts';
import type { RequestService } from './modules/requests.ts';
import type { NotificationService } from './notifications/notification-service.ts';
import type { Readiness } from './health/readiness.ts';
import type { PlatformMetrics } from './metrics/platform-metrics.ts';
import type { FormsAndRecords } from './records/index.ts';
import type { ReportService } from './reports/report-service.ts';

export interface Services extends Omit<FormsAndRecords, 'init'> {
  mode: RunMode;
  /**
   * The ports. Services take what they need from them; the HTTP layer reads the store and the
   * blob store only for the health check (their pings) and the queue only for the queue-health
   * counts.
   */
  store: DocumentStore;
  queue: JobQueue;
  /** The contents of files, apart from the documents (files and backups read and write them). */
  blobs: BlobStore;
  clock: Clock;
  /** Pinning the clock (CAMUNDA_CLOCK_ENDPOINTS: test and demo installations); absent otherwise. */
  clockControl?: ClockControl;
  audit: AuditLog;
  /** Users, departments, roles, sessions, the org chart and access decisions. */
  identity: Identity;
  flows: FlowService;
  /** DMN decisions: deployed per DRG, versioned per decision, evaluated by business rule tasks. */
  decisions: DecisionService;
  /** Several BPMN and DMN files deployed together. */
  deployments: DeploymentService;
  /** Jobs for external workers (service tasks whose type is no platform action). */
  jobs: JobService;
  /** Approvals: actions, inbox, SLA escalation, per-flow settings, out-of-office proxies. */
  approvals: Approvals;
  ledger: LedgerService;
  /** Append-only quantity ledgers (leave days …): balances are sums of entries. */
  quantities: QuantityLedger;
  reconciliation: ReconciliationService;
  /** The stock ledger: item × warehouse movements, valuation, bins (`stock.post`). */
  stock: StockService;
  /** Business documents: numbering series, links, the lifecycle (submit, cancel, amend), printing. */
  documents: Documents;
  notifications: NotificationService;
  reports: ReportService;
  automations: AutomationService;
  /** Business calendars: working hours, holidays, make-up days, and who works by which. */
  calendars: CalendarService;
  modules: ModuleService;
  /** The request catalogue: starting, resubmitting and following requests. */
  requests: RequestService;
  /** Catalogue entries analysts publish from the designer. */
  customEntries: CustomEntryService;
  /** The document types a person may read, and how their screens show them. */
  doctypes: DoctypeDirectory;
  /** Shared pools of records (a form's `pool`, e.g. the CRM's public pool): claiming. */
  pools: RecordPool;
  /** Links that open a record's public action for someone without an account (a customer's rating). */
  publicLinks: PublicLinks;
  /** A mailing record's delivery log (a campaign's recipients). */
  mailingLog: MailingLog;
  /** A scanned code → the records that hold it, across document types. */
  codes: CodeLookup;
  /** People's saved list, board and calendar views. */
  savedViews: SavedViewService;
  /** The employee portal's unfinished requests. */
  drafts: DraftService;
  /** Files attached to requests and approval actions. */
  files: FileService;
  /** Where each file was first attached: who may read it, who may attach it. */
  fileBindings: FileBindings;
  /** Backups of the store and restores staged for the next start. */
  backup: BackupService;
  /** Scheduled backups to BACKUP_DIR, verified by a test restore: history, status, the tick. */
  scheduledBackups: ScheduledBackups;
  /** Whether this process can serve (the store, every collection, the queue, …): /api/health/ready. */
  health: Readiness;
  /** Requests, latencies, queue depths, job failures, incidents, memory: /api/metrics. */
  metrics: PlatformMetrics;
}
