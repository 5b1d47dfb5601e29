// What the platform actions need from the running platform. The registry is built before the
// services exist (its names are needed to validate BPMN and modules), so actions receive a
// function returning the services; calling an action before they are wired is a clear error.
import { UnrecoverableJobError } from '#engine/ports/job-queue.ts';
import type { DecisionService } from '#engine/services/decisions/decision-service.ts';
import type { FlowService } from '#engine/services/flows/flow-service.ts';
import type { LedgerService } from '#engine/services/ledger/ledger-service.ts';
import type { ReconciliationService } from '#engine/services/ledger/reconciliation.ts';
import type { QuantityLedger } from '#engine/services/quantities/quantity-ledger.ts';
import type { NotificationService } from '#engine/services/notifications/notification-service.ts';
import type { PublicLinks } from '#engine/services/records/public-links.ts';
import type { RecordService } from '#engine/services/records/record-service.ts';
import type { ReportService } from '#engine/services/reports/report-service.ts';
import type { StockService } from '#engine/services/stock/stock-service.ts';
import type { RuleDefinition } from '#engine/core/modules/rules.ts';

export interface ActionServices {
  records: RecordService;
  /** Links to a record's public action (`record.publicLink`). */
  publicLinks: PublicLinks;
  ledger: LedgerService;
  reconciliation: ReconciliationService;
  /** Quantity ledgers: leave days (`quantity.post`). */
  quantities: QuantityLedger;
  stock: StockService;
  notifications: NotificationService;
  reports: ReportService;
  decisions: DecisionService;
  /** Messages (`message.publish`). */
  flows: Pick<FlowService, 'messages'>;
  modules: {
    settings(module: string): Promise<Record<string, unknown>>;
    moduleOfProcess(processId: string): Promise<string | null>;
    rule(id: string): Promise<RuleDefinition | null>;
  };
}

export type ActionServicesProvider = () => ActionServices | undefined;

export function servicesOf(provider: ActionServicesProvider): ActionServices {
  const services = provider();
  if (!services) throw new UnrecoverableJobError('the platform services are not wired into this worker');
  return services;
}
