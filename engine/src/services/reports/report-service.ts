// Reports and dashboards at run time. Definitions come from modules (stored in `reports` and
// `dashboards`); running one reads its source rows through the runner's access decisions — the
// row filter of `record:<form>` for form sources, of the registered resource for platform
// collections (the ledger registers 'ledger') — so a report never shows a row its reader could not
// list. Fields the reader may not see (hidden, masked, encrypted) cannot be reported on.
//
// Threshold alerts: `checkAlerts(id)` runs the report for the system and notifies a role when a
// measure crosses its value (once per crossing; the state is kept per alert). A scheduled
// automation with the `report.alerts` action runs the checks.
import Big from 'big.js';
import type { Dashboard, Report, ReportResult } from '#schemas/generated/index.ts';
import { AppError, badRequest, forbidden, notFound } from '#engine/core/errors.ts';
import { clockFunctions } from '#engine/core/flows/feel-scope.ts';
import type { Principal } from '#engine/core/permissions/access.ts';
import { resolveAccess } from '#engine/core/permissions/resolve.ts';
import { aggregate, type Row } from '#engine/core/reports/aggregate.ts';
import { startOfUtcDay } from '#engine/core/reports/buckets.ts';
import {
  matchesAll,
  resolveFilters,
  storeFilter,
  type ResolvedFilter,
} from '#engine/core/reports/filters.ts';
import { toDecimal, valueAt } from '#engine/core/reports/values.ts';
import type { Clock } from '#engine/ports/clock.ts';
import type { Collection, DocumentStore, Filter, Stored } from '#engine/ports/document-store.ts';
import type { NotificationService } from '../notifications/notification-service.ts';
import type { RecordService } from '../records/record-service.ts';
import { PRIVILEGED_ROLES } from '../records/record-codec.ts';
import { byId } from '../modules/format-1-lookup.ts';
import { systemPrincipal } from '../modules/system-actor.ts';

export const REPORTS = 'reports';
export const DASHBOARDS = 'dashboards';
const ALERT_STATE = 'report_alert_state';
/** Rows a report may read; more is an error (narrow it with filters or parameters). */
export const MAX_REPORT_ROWS = 100_000;

export interface ReportSource {
  /** Store collection. */
  collection: string;
  /** Permission resource whose read decision filters the rows. */
  resource: string;
  /** Filter every read adds (e.g. not deleted). */
  base?: Filter;
}

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

interface AlertState {
  firing: boolean;
  episode: number;
  changedAt: string;
  value: unknown;
}

const PARAM_DATE = /^\d{4}-\d{2}(-\d{2})?$/;

export class ReportService {
  readonly reports: Collection<ReportDoc>;
  readonly dashboards: Collection<DashboardDoc>;
  private readonly alertState: Collection<AlertState>;
  private readonly sources = new Map<string, ReportSource>();

  constructor(private readonly options: ReportServiceOptions) {
    this.reports = options.store.collection<ReportDoc>(REPORTS);
    this.dashboards = options.store.collection<DashboardDoc>(DASHBOARDS);
    this.alertState = options.store.collection<AlertState>(ALERT_STATE);
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
    if (!report || !(await this.options.moduleEnabled(report.module)))
      throw notFound('REPORT_NOT_FOUND', `There is no report "${id}"`, `没有报表“${id}”`);
    if (!resolveAccess(principal, `report:${report.id}`, 'read').allowed)
      throw forbidden('FORBIDDEN', 'You do not have permission for this action.', '您没有执行此操作的权限。');
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
    const context = await this.feelContext(report, params);
    const rows = await this.rows(report, who, context);
    const filters = resolveFilters(report.filters, context);
    const selected = rows.filter((r) => matchesAll(r, filters));
    const measureFilters = report.measures.map((m) => resolveFilters(m.where, context));
    const now = this.options.clock.now();
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
      throw notFound('DASHBOARD_NOT_FOUND', `There is no dashboard "${id}"`, `没有仪表板“${id}”`);
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
    const fired: Array<{ alert: string; value: unknown }> = [];
    for (const alert of report.alerts ?? []) {
      const result = await this.run(null, id, alert.params ?? {});
      const value = result.totals[alert.measure];
      const actual = toDecimal(value);
      const limit = new Big(String(alert.value));
      const beyond =
        actual !== null &&
        (alert.op === 'gt'
          ? actual.gt(limit)
          : alert.op === 'gte'
            ? actual.gte(limit)
            : alert.op === 'lt'
              ? actual.lt(limit)
              : actual.lte(limit));
      const stateId = `${id}.${alert.id}`;
      const state = await this.alertState.get(stateId);
      if (!!state?.firing === beyond) continue;
      const next: AlertState = {
        firing: beyond,
        episode: (state?.episode ?? 0) + (beyond ? 1 : 0),
        changedAt: new Date(this.options.clock.now()).toISOString(),
        value: value ?? null,
      };
      try {
        if (state) await this.alertState.replace(stateId, state.rev, next);
        else await this.alertState.insert({ ...next, id: stateId });
      } catch (e) {
        const code = (e as { code?: string }).code;
        if (code === 'REVISION_CONFLICT' || code === 'DUPLICATE_KEY') continue; // another checker got there first
        throw e;
      }
      if (!beyond) continue;
      const text = (s: string) => s.replaceAll('{value}', String(value ?? ''));
      await this.options.notifications.send({
        to: { roles: [alert.notifyRole] },
        title: { en: text(alert.message.en), 'zh-CN': text(alert.message['zh-CN']) },
        kind: 'report.alert',
        source: { type: 'report', id },
        link: alert.link ?? `/reports/${id}`,
        key: `alert.${stateId}.${next.episode}`,
      });
      fired.push({ alert: alert.id, value });
    }
    return fired;
  }

  // ---- internals --------------------------------------------------------------------------------

  private async definition(id: string): Promise<ReportDoc> {
    const report = await byId(this.reports, id);
    if (!report) throw notFound('REPORT_NOT_FOUND', `There is no report "${id}"`, `没有报表“${id}”`);
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

  private async feelContext(
    report: ReportDoc,
    given: Record<string, unknown>,
  ): Promise<Record<string, unknown>> {
    const params: Record<string, unknown> = {};
    const declared = new Map((report.parameters ?? []).map((p) => [p.name, p]));
    for (const name of Object.keys(given))
      if (!declared.has(name))
        throw badRequest(
          'REPORT_PARAM_UNKNOWN',
          `The report has no parameter "${name}"`,
          `报表没有参数“${name}”`,
          [{ path: `/params/${name}`, message: 'unknown parameter', messageZh: '未知参数' }],
        );
    for (const p of report.parameters ?? []) {
      let v = given[p.name];
      if (v === '' || v === undefined) v = p.default;
      if (v === undefined || v === null) {
        if (p.required)
          throw badRequest(
            'REPORT_PARAM_MISSING',
            `The parameter "${p.name}" is required`,
            `参数“${p.name}”为必填项`,
            [{ path: `/params/${p.name}`, message: 'is required', messageZh: '必填' }],
          );
        params[p.name] = null;
        continue;
      }
      if (p.type === 'number') {
        if (toDecimal(v) === null) throw paramType(p.name, 'a number', '数字');
        v = Number(v);
      } else if (p.type === 'date') {
        if (typeof v !== 'string' || !PARAM_DATE.test(v))
          throw paramType(p.name, 'a date (YYYY-MM-DD or YYYY-MM)', '日期（YYYY-MM-DD 或 YYYY-MM）');
      } else if (typeof v !== 'string') v = String(v);
      params[p.name] = v;
    }
    return {
      params,
      settings: await this.options.settings(report.module),
      ...clockFunctions(this.options.clock.now()),
    };
  }

  /** The rows of every source part, as the principal may read them (null: every row). */
  private async rows(
    report: ReportDoc,
    principal: Principal | null,
    context: Record<string, unknown>,
  ): Promise<Row[]> {
    const parts = 'union' in report.source ? report.source.union : [report.source];
    const union = 'union' in report.source;
    const paths = referencedPaths(report);
    const out: Row[] = [];
    for (const part of parts) {
      const partFilters = resolveFilters(part.filters, context);
      const partPaths = union
        ? Object.values(part.fields ?? {}).filter((p): p is string => typeof p === 'string')
        : paths;
      const docs = await this.read(
        part,
        principal,
        union ? partFilters : [...partFilters, ...resolveFilters(report.filters, context)],
        partPaths,
      );
      for (const doc of docs)
        for (const row of unwind(doc, part.unwind)) {
          if (!matchesAll(row, partFilters)) continue;
          if (!union) out.push(row);
          else {
            const mapped: Row = {};
            for (const [name, path] of Object.entries(part.fields ?? {}))
              mapped[name] = path === null ? undefined : valueAt(row, path);
            out.push(mapped);
          }
          if (out.length > MAX_REPORT_ROWS) throw tooLarge();
        }
    }
    return out;
  }

  private async read(
    part: NonNullable<Report['source']> & { form?: string; collection?: string; unwind?: string },
    principal: Principal | null,
    filters: ResolvedFilter[],
    paths: string[],
  ): Promise<Row[]> {
    let collection: Collection<Row>;
    let resource: string;
    let base: Filter = {};
    if (part.form) {
      const form = await this.options.records.forms.latest(part.form);
      const sensitive = form.fields
        .all()
        .filter((f) => f.sensitive)
        .map((f) => `data.${f.path}`);
      const bad = paths.find((p) => sensitive.some((s) => p === s || p.startsWith(`${s}.`)));
      if (bad)
        throw new AppError(
          422,
          'REPORT_FIELD_SENSITIVE',
          `"${bad}" is encrypted and cannot be reported on`,
          `“${bad}”为加密字段，不能用于报表`,
        );
      if (principal) {
        const roles = form.definition.permissions?.read;
        if (roles && !principal.roles.some((r) => roles.includes(r) || PRIVILEGED_ROLES.includes(r)))
          return [];
      }
      collection = this.options.records.collection(part.form) as unknown as Collection<Row>;
      resource = `record:${part.form}`;
      base = { deleted: false };
    } else {
      const source = this.sources.get(part.collection ?? '');
      if (!source)
        throw notFound(
          'REPORT_SOURCE_UNKNOWN',
          `There is no report source "${part.collection}"`,
          `没有报表数据源“${part.collection}”`,
        );
      collection = this.options.store.collection<Row>(source.collection);
      resource = source.resource;
      base = source.base ?? {};
    }
    const parts: Filter[] = [base, storeFilter(filters, part.unwind)];
    if (principal) {
      const decision = resolveAccess(principal, resource, 'read');
      if (!decision.allowed) return [];
      const restricted = [...decision.fields.hidden, ...decision.fields.masked];
      const bad = paths.find((p) => restricted.some((s) => p === s || p.startsWith(`${s}.`)));
      if (bad)
        throw forbidden(
          'REPORT_FIELD_RESTRICTED',
          `You may not see "${bad}", so you cannot report on it`,
          `您无权查看“${bad}”，不能对其做报表`,
        );
      parts.push(decision.rowFilter);
    }
    const filter: Filter = { $and: parts.filter((f) => Object.keys(f).length) };
    const rows: Row[] = [];
    let after: string | undefined;
    do {
      const page = await collection.find(filter.$and && (filter.$and as Filter[]).length ? filter : {}, {
        limit: 2000,
        ...(after ? { after } : {}),
      });
      rows.push(...(page.items as Row[]));
      if (rows.length > MAX_REPORT_ROWS) throw tooLarge();
      after = page.nextCursor ?? undefined;
    } while (after);
    return rows;
  }
}

function tooLarge(): AppError {
  return new AppError(
    422,
    'REPORT_TOO_LARGE',
    `The report would read more than ${MAX_REPORT_ROWS} rows; narrow it with parameters`,
    `报表需读取超过 ${MAX_REPORT_ROWS} 行数据，请用参数缩小范围`,
  );
}

function paramType(name: string, en: string, zh: string): AppError {
  return badRequest(
    'REPORT_PARAM_INVALID',
    `The parameter "${name}" must be ${en}`,
    `参数“${name}”应为${zh}`,
    [{ path: `/params/${name}`, message: `must be ${en}`, messageZh: `应为${zh}` }],
  );
}

/** Each item of the array at `path` as its own row (the item replaces the array); no path: the doc. */
function unwind(doc: Row, path: string | undefined): Row[] {
  if (!path) return [doc];
  const items = valueAt(doc, path);
  if (!Array.isArray(items)) return [];
  const segments = path.split('.');
  return items.map((item) => {
    const row: Row = { ...doc };
    let cur = row;
    segments.forEach((s, i) => {
      if (i === segments.length - 1) cur[s] = item;
      else {
        cur[s] = { ...(cur[s] as Row) };
        cur = cur[s] as Row;
      }
    });
    return row;
  });
}

/** Every row path a report reads (checked against sensitive and restricted fields). */
function referencedPaths(report: Report): string[] {
  const out = new Set<string>();
  for (const f of report.filters ?? []) out.add(f.field);
  for (const g of report.groupBy ?? []) out.add(g.field);
  for (const m of report.measures) {
    if (m.field) out.add(m.field);
    for (const w of m.where ?? []) out.add(w.field);
  }
  return [...out];
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
