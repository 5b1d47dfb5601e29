// Reports and dashboards at run time. Definitions come from modules (stored in `reports` and
// `dashboards`); running one reads its source rows through the runner's access decisions — the
// row filter of `record:<form>` for form sources, of the registered resource for platform
// collections (the ledger registers 'ledger') — so a report never shows a row its reader could not
// list (report-rows.ts). Fields the reader may not see (hidden, masked, encrypted) cannot be
// reported on.
//
// Threshold alerts: `checkAlerts(id)` runs the report for the system and notifies a role when a
// measure crosses its value (report-alerts.ts). A scheduled automation with the `report.alerts`
// action runs the checks.
import type { Dashboard, Report, ReportResult } from '#schemas/generated/index.ts';
import { AppError, commonErrors } from '#engine/core/errors.ts';
import { reportErrors } from '#engine/core/reports/errors.ts';
import { clockFunctions } from '#engine/core/flows/feel-scope.ts';
import type { Principal } from '#engine/core/permissions/access.ts';
import { resolveAccess } from '#engine/core/permissions/resolve.ts';
import { aggregate } from '#engine/core/reports/aggregate.ts';
import { startOfUtcDay } from '#engine/core/reports/buckets.ts';
import { matchesAll, resolveFilters } from '#engine/core/reports/filters.ts';
import { recordsListPath } from '#engine/core/reports/links.ts';
import type { Clock } from '#engine/ports/clock.ts';
import type { Collection, DocumentStore, Stored } from '#engine/ports/document-store.ts';
import type { NotificationService } from '../notifications/notification-service.ts';
import type { RecordService } from '../records/record-service.ts';
import { PRIVILEGED_ROLES } from '../records/record-codec.ts';
import { byId } from '../modules/format-1-lookup.ts';
import { systemPrincipal } from '../modules/system-actor.ts';
import { ReportAlerts } from './report-alerts.ts';
import { assertParamsInScope } from './param-scope.ts';
import { resolveParams } from './report-params.ts';
import { ReportRowReader, type ReportSource } from './report-rows.ts';

export const REPORTS = 'reports';
export const DASHBOARDS = 'dashboards';
export { MAX_REPORT_ROWS, type ReportSource } from './report-rows.ts';

export interface ReportServiceOptions {
  store: DocumentStore;
  clock: Clock;
  records: RecordService;
  notifications: NotificationService;
  /** Whether a module is enabled (reports of disabled modules are hidden). */
  moduleEnabled: (module: string) => Promise<boolean>;
  /** A module's settings (FEEL `settings`). */
  settings: (module: string) => Promise<Record<string, unknown>>;
}

type ReportDoc = Report & { module: string };
type DashboardDoc = Dashboard & { module: string };

export class ReportService {
  readonly reports: Collection<ReportDoc>;
  readonly dashboards: Collection<DashboardDoc>;
  private readonly sources = new Map<string, ReportSource>();
  private readonly rowReader: ReportRowReader;
  private readonly alerts: ReportAlerts;

  constructor(private readonly options: ReportServiceOptions) {
    this.reports = options.store.collection<ReportDoc>(REPORTS);
    this.dashboards = options.store.collection<DashboardDoc>(DASHBOARDS);
    this.rowReader = new ReportRowReader({
      store: options.store,
      records: options.records,
      sources: this.sources,
    });
    this.alerts = new ReportAlerts({
      store: options.store,
      clock: options.clock,
      notifications: options.notifications,
      run: (id, params) => this.run(null, id, params),
      link: (report, params) => this.recordsLink(report, params),
    });
  }

  async init(): Promise<void> {
    await this.reports.ensureIndex({ fields: [['module', 1]] });
    await this.dashboards.ensureIndex({ fields: [['module', 1]] });
  }

  /** Makes a platform collection reportable under a name (extension through a registry). */
  registerSource(name: string, source: ReportSource): void {
    this.sources.set(name, source);
  }

  sourceNames(): ReadonlySet<string> {
    return new Set(this.sources.keys());
  }

  // ---- definitions (the module installer) -------------------------------------------------------

  /** Replaces a module's reports and dashboards with these. */
  async replaceModule(module: string, reports: Report[], dashboards: Dashboard[]): Promise<void> {
    await replaceAll(
      this.reports,
      module,
      reports.map((r) => ({ ...r, module })),
    );
    await replaceAll(
      this.dashboards,
      module,
      dashboards.map((d) => ({ ...d, module })),
    );
  }

  // ---- reading ---------------------------------------------------------------------------------

  /** Reports of enabled modules the principal may run. */
  async list(principal: Principal, filter: { module?: string } = {}): Promise<ReportDoc[]> {
    const { items } = await this.reports.find(filter.module ? { module: filter.module } : {}, {
      sort: [['id', 1]],
    });
    const out: ReportDoc[] = [];
    for (const r of items)
      if (
        resolveAccess(principal, `report:${r.id}`, 'read').allowed &&
        (await this.options.moduleEnabled(r.module))
      )
        out.push(stripRev(r));
    return out;
  }

  async get(principal: Principal, id: string): Promise<ReportDoc> {
    const report = await byId(this.reports, id);
    if (!report || !(await this.options.moduleEnabled(report.module))) throw reportErrors.notFound(id);
    if (!resolveAccess(principal, `report:${report.id}`, 'read').allowed) throw commonErrors.forbidden();
    return stripRev(report);
  }

  /** Runs a report for a principal (null: the system, every row). */
  async run(
    principal: Principal | null,
    id: string,
    params: Record<string, unknown> = {},
  ): Promise<ReportResult> {
    const report = principal ? await this.get(principal, id) : await this.definition(id);
    const who = principal && report.scope !== 'all' ? principal : null;
    const now = this.options.clock.now();
    const resolved = resolveParams(report, params);
    assertParamsInScope(report, principal, resolved);
    const context = {
      params: resolved,
      settings: await this.options.settings(report.module),
      ...clockFunctions(now),
    };
    const rows = await this.rowReader.rows(report, who, context);
    const filters = resolveFilters(report.filters, context);
    const selected = rows.filter((r) => matchesAll(r, filters));
    const measureFilters = report.measures.map((m) => resolveFilters(m.where, context));
    const result = aggregate(report, selected, { todayMs: startOfUtcDay(now), measureFilters });
    return {
      report: report.id,
      columns: result.columns,
      rows: result.rows,
      totals: result.totals,
      rowCount: selected.length,
      ...(report.chart ? { chart: report.chart as Record<string, unknown> } : {}),
      generatedAt: new Date(now).toISOString(),
    };
  }

  /**
   * The web app's list of the records a report counts, filtered as the report filters them (its
   * FEEL values resolved now); undefined for reports over platform collections or several forms.
   */
  async recordsLink(report: Report, params: Record<string, unknown> = {}): Promise<string | undefined> {
    const source = report.source as { form?: string; filters?: Report['filters'] };
    if (!source.form) return undefined;
    const context = {
      params: resolveParams(report, params),
      settings: await this.options.settings((report as ReportDoc).module ?? ''),
      ...clockFunctions(this.options.clock.now()),
    };
    return recordsListPath(source.form, [
      ...resolveFilters(source.filters, context),
      ...resolveFilters(report.filters, context),
    ]);
  }

  // ---- dashboards -------------------------------------------------------------------------------

  async listDashboards(principal: Principal): Promise<DashboardDoc[]> {
    const { items } = await this.dashboards.find({}, { sort: [['id', 1]] });
    const out: DashboardDoc[] = [];
    for (const d of items)
      if ((await this.options.moduleEnabled(d.module)) && this.mayView(principal, d)) out.push(stripRev(d));
    return out;
  }

  /** A dashboard with every card the principal may run, run. */
  async runDashboard(principal: Principal, id: string, params: Record<string, unknown> = {}) {
    const d = await byId(this.dashboards, id);
    if (!d || !(await this.options.moduleEnabled(d.module)) || !this.mayView(principal, d))
      throw reportErrors.dashboardNotFound(id);
    const cards = [];
    for (const card of d.cards) {
      if (!resolveAccess(principal, `report:${card.report}`, 'read').allowed) continue;
      try {
        const report = await this.definition(card.report);
        const cardParams = {
          ...(card.params ?? {}),
          ...pick(
            params,
            (report.parameters ?? []).map((p) => p.name),
          ),
        };
        cards.push({
          report: card.report,
          name: report.name,
          ...(card.title ? { title: card.title } : {}),
          width: card.width ?? 2,
          result: await this.run(principal, card.report, cardParams),
        });
      } catch (e) {
        if (!(e instanceof AppError)) throw e;
        cards.push({
          report: card.report,
          width: card.width ?? 2,
          error: { code: e.code, message: e.message, messageZh: e.messageZh },
        });
      }
    }
    return { id: d.id, module: d.module, name: d.name, cards };
  }

  // ---- alerts -----------------------------------------------------------------------------------

  /** Runs a report's alert checks; returns the alerts that fired now. */
  async checkAlerts(id: string): Promise<Array<{ alert: string; value: unknown }>> {
    const report = await this.definition(id);
    if (!(await this.options.moduleEnabled(report.module))) return [];
    return this.alerts.check(report);
  }

  // ---- internals --------------------------------------------------------------------------------

  private async definition(id: string): Promise<ReportDoc> {
    const report = await byId(this.reports, id);
    if (!report) throw reportErrors.notFound(id);
    return report;
  }

  private mayView(principal: Principal, d: Dashboard): boolean {
    if (principal.roles.some((r) => PRIVILEGED_ROLES.includes(r))) return true;
    if (d.roles?.length) return principal.roles.some((r) => d.roles!.includes(r));
    return (
      resolveAccess(principal, `dashboard:${d.id}`, 'read').allowed ||
      d.cards.some((c) => resolveAccess(principal, `report:${c.report}`, 'read').allowed)
    );
  }
}

function pick(values: Record<string, unknown>, names: string[]): Record<string, unknown> {
  return Object.fromEntries(Object.entries(values).filter(([k]) => names.includes(k)));
}

function stripRev<T extends { rev?: number }>(doc: T): Omit<T, 'rev'> {
  const { rev: _rev, ...rest } = doc;
  return rest;
}

async function replaceAll<T extends { id: string; module: string }>(
  col: Collection<T>,
  module: string,
  docs: T[],
): Promise<void> {
  const { items } = await col.find({ module });
  const keep = new Set(docs.map((d) => d.id));
  for (const old of items) if (!keep.has(old.id)) await col.delete(old.id);
  for (const doc of docs) {
    const current = (await col.get(doc.id)) as Stored<T> | null;
    const { id, ...rest } = doc;
    if (current) await col.replace(id, current.rev, rest as never);
    else await col.insert(doc as never);
  }
}

export { systemPrincipal };
