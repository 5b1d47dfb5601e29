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
import { aggregate, rowWeight } from '#engine/core/reports/aggregate.ts';
import { startOfUtcDay } from '#engine/core/reports/buckets.ts';
import { matchesAll, resolveFilters } from '#engine/core/reports/filters.ts';
import { recordsListPath } from '#engine/core/reports/links.ts';
import type { Clock } from '#engine/ports/clock.ts';
import type { Collection, DocumentStore } from '#engine/ports/document-store.ts';
import type { NotificationService } from '../notifications/notification-service.ts';
import type { RecordService } from '../records/record-service.ts';
import { PRIVILEGED_ROLES } from '../records/record-codec.ts';
import { byId } from '../modules/format-1-lookup.ts';
import { systemPrincipal } from '../modules/system-actor.ts';
import { regroupedByOwner, ReportAlerts } from './report-alerts.ts';
import { ReportSchedules } from './report-schedules.ts';
import {
  drillRows,
  drillView,
  drilledRowLink,
  type DrillRow,
  type DrillSelection,
} from '#engine/core/reports/drill.ts';
import { writeXlsx } from '#engine/core/tabular/xlsx.ts';
import type { ResolvedFilter } from '#engine/core/reports/filters.ts';
import type { Row } from '#engine/core/reports/aggregate.ts';
import { sourceCatalogue } from './report-sources.ts';
import { checkDraftSources } from './draft-sources.ts';
import { datasetEntries, datasetNames, expandDataset } from './datasets.ts';
import { CardCache } from './card-cache.ts';
import { replaceAll, stripRev } from './module-definitions.ts';
import {
  assertValidDraft,
  mayBuild,
  mayRunSaved,
  SAVED_MODULE,
  SavedReports,
  type ReportDraft,
  type SavedReportDoc,
} from './saved-reports.ts';
import { assertParamsInScope } from './param-scope.ts';
import { declaredParams, resolveParams } from './report-params.ts';
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
  /**
   * The principal of an active user (null when gone): alerts of a report made in the builder run
   * as its owner, so a threshold never reveals figures of rows its maker could not read.
   */
  principalOf?: (userId: string) => Promise<Principal | null>;
  /** The nearest active manager of a user (org chart): who a per-owner alert tells besides the owner. */
  managerOf?: (userId: string) => Promise<string | null>;
  /** How long a dashboard card's result is kept at most (default CARD_CACHE_TTL_MS). */
  cardCacheTtlMs?: number;
}

type ReportDoc = SavedReportDoc;

/** Source rows a drill-down returns at most. */
export const MAX_DRILL_ROWS = 500;

interface Evaluated {
  report: ReportDoc;
  selected: Row[];
  measureFilters: ResolvedFilter[][];
  now: number;
}
type DashboardDoc = Dashboard & { module: string };

export class ReportService {
  readonly reports: Collection<ReportDoc>;
  readonly dashboards: Collection<DashboardDoc>;
  private readonly sources = new Map<string, ReportSource>();
  private readonly rowReader: ReportRowReader;
  private readonly alerts: ReportAlerts;
  /** Reports made in the builder: saving, versions, sharing. */
  readonly saved: SavedReports;
  /** Builder-made reports e-mailed on a schedule. */
  readonly schedules: ReportSchedules;
  /** Dashboard cards' results, kept per report, parameters and access until a write or the TTL. */
  private readonly cards: CardCache;

  constructor(private readonly options: ReportServiceOptions) {
    this.reports = options.store.collection<ReportDoc>(REPORTS);
    this.dashboards = options.store.collection<DashboardDoc>(DASHBOARDS);
    this.cards = new CardCache({
      clock: options.clock,
      ...(options.cardCacheTtlMs !== undefined ? { ttlMs: options.cardCacheTtlMs } : {}),
    });
    this.rowReader = new ReportRowReader({
      store: options.store,
      records: options.records,
      sources: this.sources,
    });
    this.alerts = new ReportAlerts({
      store: options.store,
      clock: options.clock,
      notifications: options.notifications,
      run: (id, params, perOwner) => this.alertRun(id, params, perOwner),
      ...(options.managerOf ? { managerOf: options.managerOf } : {}),
      // A builder-made report's alert opens the report; a module report's, the records it counts.
      link: async (report, params) =>
        (report as ReportDoc).saved ? `/reports/${report.id}` : this.recordsLink(report, params),
    });
    this.saved = new SavedReports({
      store: options.store,
      clock: options.clock,
      reports: this.reports,
      checkSources: (draft, principal) => this.checkSources(draft, principal),
    });
    this.schedules = new ReportSchedules({
      store: options.store,
      clock: options.clock,
      notifications: options.notifications,
      reports: this.reports,
      principalOf: async (userId) => (await options.principalOf?.(userId)) ?? null,
      workbook: (principal, id, locale) => this.exportXlsx(principal, id, {}, locale),
    });
  }

  async init(): Promise<void> {
    await this.reports.ensureIndex({ fields: [['module', 1]] });
    await this.dashboards.ensureIndex({ fields: [['module', 1]] });
    await this.saved.init();
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
    for (const r of items) if (await this.mayRead(principal, r)) out.push(stripRev(r));
    return out;
  }

  async get(principal: Principal, id: string): Promise<ReportDoc> {
    const report = await byId(this.reports, id);
    if (!report || !(await this.enabled(report.module))) throw reportErrors.notFound(id);
    if (!(await this.mayRead(principal, report))) throw commonErrors.forbidden();
    return stripRev(report);
  }

  /**
   * Runs a report for a principal (null: the system, every row). `rows: true` reads every source
   * row even where summaries could answer (the same figures; a check of the summaries).
   */
  async run(
    principal: Principal | null,
    id: string,
    params: Record<string, unknown> = {},
    options: { rows?: boolean } = {},
  ): Promise<ReportResult> {
    const report = principal ? await this.get(principal, id) : await this.definition(id);
    return this.result(await this.evaluate(principal, report, params, options));
  }

  /** The builder's preview: a draft run for its maker (their row rules), not saved. */
  async runDraft(
    principal: Principal,
    draft: ReportDraft,
    params: Record<string, unknown> = {},
  ): Promise<ReportResult> {
    if (!mayBuild(principal)) throw commonErrors.forbidden();
    assertValidDraft(draft);
    await this.checkSources(draft, principal);
    const report = { ...draft, id: 'draft', module: SAVED_MODULE, scope: 'viewer' } as ReportDoc;
    return this.result(await this.evaluate(principal, report, params));
  }
  /**
   * The source rows behind one figure (a group's cell, a measure): the reader's row rules and the
   * report's filters apply as when the figure was computed; at most MAX_DRILL_ROWS rows.
   */
  async drill(
    principal: Principal,
    id: string,
    params: Record<string, unknown>,
    selection: DrillSelection,
  ): Promise<{ report: string; total: number; rows: Array<DrillRow & { link?: string }> }> {
    const report = await this.get(principal, id);
    // A report over every row ('all') still shows only the rows its reader may read.
    const evaluated = await this.evaluate(principal, report, params, { rows: true, viewer: true });
    const matched = drillRows(report, evaluated.selected, selection, {
      todayMs: startOfUtcDay(evaluated.now),
      measureFilters: evaluated.measureFilters,
    });
    const form = 'form' in report.source ? report.source.form : undefined;
    return {
      report: report.id,
      total: matched.length,
      rows: matched.slice(0, MAX_DRILL_ROWS).map((row) => {
        const view = drillView(report, row, evaluated.measureFilters);
        const link = drilledRowLink(form, row);
        return link ? { ...view, link } : view;
      }),
    };
  }

  /** A report's result as an XLSX workbook (the reader's rows only), headers in their language. */
  async exportXlsx(
    principal: Principal,
    id: string,
    params: Record<string, unknown>,
    locale: 'en' | 'zh-CN',
  ): Promise<{ fileName: string; body: Buffer; rows: number }> {
    const result = await this.run(principal, id, params);
    const report = await this.get(principal, id);
    const header = (c: ReportResult['columns'][number]) => (c.label ? c.label[locale] : c.name);
    const cell = (c: ReportResult['columns'][number], v: unknown) =>
      v === null || v === undefined
        ? null
        : c.kind === 'measure' && typeof v === 'string' && v !== '' && !Number.isNaN(Number(v))
          ? Number(v)
          : typeof v === 'number' || typeof v === 'boolean'
            ? v
            : String(v);
    const columns = result.columns.map((c) => ({
      header: header(c),
      ...(c.kind === 'measure' ? { numFmt: '#,##0.00' } : {}),
    }));
    const rows = result.rows.map((r) => result.columns.map((c) => cell(c, r[c.name])));
    const total = locale === 'zh-CN' ? '合计' : 'Total';
    rows.push(
      result.columns.map((c, i) =>
        c.kind === 'measure' ? cell(c, result.totals[c.name]) : i === 0 ? total : null,
      ),
    );
    const body = await writeXlsx(report.name[locale] || report.id, columns, rows);
    return { fileName: `${report.id}.xlsx`, body, rows: result.rows.length };
  }

  /** What the builder may pick from: readable forms and registered sources, with their fields. */
  async sourceCatalogue(principal: Principal) {
    const datasets = datasetEntries(await this.list(principal));
    return [...datasets, ...(await sourceCatalogue(principal, this.options.records.forms, this.sources))];
  }

  private async evaluate(
    principal: Principal | null,
    report: ReportDoc,
    params: Record<string, unknown>,
    options: { rows?: boolean; viewer?: boolean } = {},
  ): Promise<Evaluated> {
    report = await expandDataset(principal, report, this.datasetAccess);
    const who = principal && (options.viewer || report.scope !== 'all') ? principal : null;
    const now = this.options.clock.now();
    const resolved = resolveParams(report, params);
    assertParamsInScope(report, principal, resolved);
    const context = {
      params: resolved,
      settings: report.module === SAVED_MODULE ? {} : await this.options.settings(report.module),
      ...clockFunctions(now),
    };
    const rows = await this.rowReader.rows(report, who, context, options);
    const filters = resolveFilters(report.filters, context);
    const selected = rows.filter((r) => matchesAll(r, filters));
    const measureFilters = report.measures.map((m) => resolveFilters(m.where, context));
    return { report, selected, measureFilters, now };
  }

  private result({ report, selected, measureFilters, now }: Evaluated): ReportResult {
    const result = aggregate(report, selected, { todayMs: startOfUtcDay(now), measureFilters });
    return {
      report: report.id,
      columns: result.columns,
      rows: result.rows,
      totals: result.totals,
      rowCount: selected.reduce((n, row) => n + rowWeight(row), 0),
      ...(result.unmapped ? { unmapped: result.unmapped } : {}),
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
      if (!(await this.cardModulesEnabled(card))) continue;
      try {
        const report = await this.definition(card.report);
        const cardParams = {
          ...(card.params ?? {}),
          ...declaredParams(report, params),
        };
        cards.push({
          report: card.report,
          name: report.name,
          ...(card.title ? { title: card.title } : {}),
          width: card.width ?? 2,
          ...(card.chart ? { chart: card.chart } : {}),
          result: await this.cardResult(principal, card.report, cardParams),
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

  /**
   * A card's result: kept from an earlier view when the report, its parameters, the reader's
   * access and the sources' writes allow (card-cache.ts); its `generatedAt` says as of when.
   */
  private async cardResult(
    principal: Principal,
    id: string,
    params: Record<string, unknown>,
  ): Promise<ReportResult> {
    const report = await this.get(principal, id);
    assertParamsInScope(report, principal, resolveParams(report, params));
    const { access, stamp } = await this.rowReader.freshness(
      await expandDataset(principal, report, this.datasetAccess),
      report.scope === 'all' ? null : principal,
    );
    // The day is part of the key: filters may name today().
    const day = startOfUtcDay(this.options.clock.now());
    const key = JSON.stringify([report, params, access, day]);
    return this.cards.get(key, stamp ?? 'ttl', () => this.run(principal, id, params));
  }

  /** Whether a card's modules are enabled: those it names, and its report's own. */
  private async cardModulesEnabled(card: Dashboard['cards'][number]): Promise<boolean> {
    for (const m of card.requiresModules ?? []) if (!(await this.options.moduleEnabled(m))) return false;
    const report = await byId(this.reports, card.report);
    return !report || (await this.enabled(report.module));
  }

  // ---- alerts -----------------------------------------------------------------------------------

  /** Runs a report's alert checks; returns the alerts that fired now. */
  async checkAlerts(id: string): Promise<Array<{ alert: string; value: unknown; owner?: string }>> {
    const report = await this.definition(id);
    if (!(await this.enabled(report.module))) return [];
    return this.alerts.check(report);
  }

  /** Checks the alerts of every report made in the builder (a scheduled `report.alerts`). */
  async checkSavedAlerts(): Promise<
    Array<{ report: string; alert: string; value: unknown; owner?: string }>
  > {
    const { items } = await this.reports.find({ module: SAVED_MODULE }, { sort: [['id', 1]] });
    const fired: Array<{ report: string; alert: string; value: unknown; owner?: string }> = [];
    for (const report of items) {
      if (!report.alerts?.length) continue;
      try {
        for (const f of await this.alerts.check(report)) fired.push({ report: report.id, ...f });
      } catch (e) {
        // One report that cannot run (its owner left, its form was removed) does not stop the rest.
        if (!(e instanceof AppError)) throw e;
      }
    }
    return fired;
  }

  // ---- internals --------------------------------------------------------------------------------

  /** The run an alert checks: the system's (every row), or a builder-made report's owner's. */
  private async alertRun(id: string, params: Record<string, unknown>, perOwner?: string) {
    const stored = await this.definition(id);
    // A per-owner check counts the same rows, grouped by the person instead of the report's groups.
    const report = perOwner ? regroupedByOwner(stored, perOwner) : stored;
    const owner = report.saved ? await this.options.principalOf?.(report.saved.owner) : null;
    if (report.saved && !owner) throw reportErrors.ownerGone(id);
    return this.result(await this.evaluate(owner ?? null, report, params));
  }

  private async definition(id: string): Promise<ReportDoc> {
    const report = await byId(this.reports, id);
    if (!report) throw reportErrors.notFound(id);
    return report;
  }

  private async enabled(module: string): Promise<boolean> {
    return module === SAVED_MODULE || this.options.moduleEnabled(module);
  }

  /** Whether a principal may run a report: a builder-made one's sharing, else the report grant. */
  private async mayRead(principal: Principal, report: ReportDoc): Promise<boolean> {
    if (report.saved) return mayRunSaved(principal, report);
    return (
      resolveAccess(principal, `report:${report.id}`, 'read').allowed && (await this.enabled(report.module))
    );
  }

  /** A draft's sources and lookups exist and fit (draft-sources.ts); its dataset, that it may read it. */
  private async checkSources(draft: ReportDraft, principal: Principal | null): Promise<void> {
    const names = await datasetNames(principal, draft, this.datasetAccess);
    return checkDraftSources(draft, principal, this.options.records.forms, this.sources, names);
  }
  private readonly datasetAccess = {
    find: (id: string) => byId(this.reports, id),
    enabled: (r: Report) => this.enabled((r as ReportDoc).module),
    mayRun: (principal: Principal, r: Report) => this.mayRead(principal, r as ReportDoc),
  };

  private mayView(principal: Principal, d: Dashboard): boolean {
    if (principal.roles.some((r) => PRIVILEGED_ROLES.includes(r))) return true;
    if (d.roles?.length) return principal.roles.some((r) => d.roles!.includes(r));
    return (
      resolveAccess(principal, `dashboard:${d.id}`, 'read').allowed ||
      d.cards.some((c) => resolveAccess(principal, `report:${c.report}`, 'read').allowed)
    );
  }
}

export { systemPrincipal };
