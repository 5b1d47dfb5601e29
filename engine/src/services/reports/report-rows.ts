// The rows a report reads, as its reader may list them: every source part (a form's records, or a
// platform collection registered as a report source) filtered by the reader's row rule for the
// part's resource, unwound and, for a union, mapped onto the union's field names. Fields the
// reader may not see (hidden, masked) and encrypted fields cannot be reported on: asking for one
// is an error rather than a report that quietly leaves rows out.
import type { Report } from '#schemas/generated/index.ts';
import { reportErrors } from '#engine/core/reports/errors.ts';
import { formErrors } from '#engine/core/forms/errors.ts';
import type { Principal } from '#engine/core/permissions/access.ts';
import { resolveAccess } from '#engine/core/permissions/resolve.ts';
import { ROW_WEIGHT, rowWeight, type Row, type WeightedRow } from '#engine/core/reports/aggregate.ts';
import {
  answerableFromSummary,
  rowRuleOnSummary,
  rowRulePaths,
  type SummaryShape,
} from '#engine/core/reports/summary-plan.ts';
import { rowMatches } from '#engine/core/permissions/row-match.ts';
import {
  matchesAll,
  resolveFilters,
  storeFilter,
  type ResolvedFilter,
} from '#engine/core/reports/filters.ts';
import { valueAt } from '#engine/core/reports/values.ts';
import { applyLookup, lookupTable, type Lookup } from '#engine/core/reports/lookups.ts';
import type { Collection, DocumentStore, Filter } from '#engine/ports/document-store.ts';
import type { RecordService } from '../records/record-service.ts';
import { PRIVILEGED_ROLES } from '../records/record-codec.ts';

/** Rows a report may read; more is an error (narrow it with filters or parameters). */
export const MAX_REPORT_ROWS = 100_000;

/** A field the report builder offers on a source. */
export interface SourceField {
  path: string;
  label: { en: string; 'zh-CN': string };
  type: 'string' | 'number' | 'date';
  /** A link: the form whose records it names, and their field it holds (`id`). */
  link?: { form: string; key: string };
}

/** A field a source offers the builder, named in both languages. */
export const sourceField = (
  path: string,
  en: string,
  zh: string,
  type: SourceField['type'],
): SourceField => ({
  path,
  label: { en, 'zh-CN': zh },
  type,
});

/**
 * A platform collection reports may read (the interface a ledger implements to become reportable:
 * the general ledger today, a stock or leave ledger alike).
 */
export interface ReportSource {
  /** Store collection. */
  collection: string;
  /** Permission resource whose read decision filters the rows. */
  resource: string;
  /** Filter every read adds (e.g. not deleted). */
  base?: Filter;
  /** The builder's name of the source. */
  label?: { en: string; 'zh-CN': string };
  /** The array whose items are the rows (the builder sets it as the source's `unwind`). */
  unwind?: string;
  /** The fields the builder offers (paths as rows hold them, unwound). */
  fields?: SourceField[];
  /**
   * Fields computed from each document as it is read, before it is unwound (a voucher's cash
   * flows from its lines): the document with them added. Filters the store evaluates never name
   * them (they are read under the unwound array, which the store does not filter).
   */
  derive?: (doc: Row) => Row;
  /** Summaries that may stand for the rows (the general ledger's per day and dimensions). */
  summary?: SourceSummary;
  /**
   * Something that changes with every write to the source (kept dashboard figures are recomputed
   * when it does): a ledger's entry count. Absent: writes cannot be told (figures kept for a TTL).
   */
  stamp?: (collection: Collection<Row>) => Promise<string>;
}

/**
 * The stamp of a source whose documents carry `updatedAt` (set, and `rev` raised, by every
 * write): the count and the latest written. Two writes in the same millisecond to different
 * documents may read as one; the TTL bounds that.
 */
export async function latestWriteStamp(collection: Collection<Row>): Promise<string> {
  const latest = await collection.findOne({}, { sort: [['updatedAt', -1]] });
  const count = await collection.count();
  return `${count}@${latest ? `${String(latest.updatedAt)}/${latest.id}/${latest.rev}` : ''}`;
}

/** The stamp of an append-only source: its entry count. */
export const appendOnlyStamp = async (collection: Collection<Row>): Promise<string> =>
  String(await collection.count());

/** A source's summaries: what they keep, and their rows. */
export interface SourceSummary extends SummaryShape {
  /**
   * Every summary row, shaped as the source's rows are once unwound, its amounts added up and
   * weighted (ROW_WEIGHT) with the number of rows it stands for; complete (every row of the source
   * its `base` filter selects, in fixed notation), or the summaries are brought up to date first.
   */
  rows(): Promise<Row[]>;
}

type SourcePart = {
  filters?: Report['filters'];
  form?: string;
  collection?: string;
  unwind?: string;
  fields?: Record<string, string | null>;
};

/** Where a part's rows are read, as a reader may read them. */
interface PartAccess {
  collection: Collection<Row>;
  /** The source's base filter and the reader's row rule (empty for the system and unrestricted readers). */
  base: Filter;
  rowFilter: Filter;
  source?: ReportSource;
}

export class ReportRowReader {
  constructor(
    private readonly options: {
      store: DocumentStore;
      records: RecordService;
      sources: ReadonlyMap<string, ReportSource>;
      /** Rows a report may read (default MAX_REPORT_ROWS; the benchmark raises it). */
      maxRows?: number;
    },
  ) {}

  private get maxRows(): number {
    return this.options.maxRows ?? MAX_REPORT_ROWS;
  }

  /**
   * The rows of every source part, as the principal may read them (null: every row). A part its
   * source's summaries can answer (summary-plan.ts) is read from the summaries: fewer rows, each
   * weighted with the rows it stands for, the same figures — for a reader whom no row rule narrows,
   * and for one whose rule names only kept dimensions in conditions summary rows can meet
   * (`rowRuleOnSummary`: a department manager's `lines.department`); other rules read the rows.
   * `rows: true` reads the rows themselves (drill-down shows them; a check of the summaries).
   */
  async rows(
    report: Report,
    principal: Principal | null,
    context: Record<string, unknown>,
    options: { rows?: boolean } = {},
  ): Promise<Row[]> {
    const parts = 'union' in report.source ? report.source.union : [report.source];
    const union = 'union' in report.source;
    const paths = referencedPaths(report);
    // Names lookups set are not on the stored rows: filters on them apply once they are set.
    const looked = new Set((report.lookups ?? []).map((l) => l.as));
    const storeFilters = (report.filters ?? []).filter((f) => !looked.has(f.field));
    const out: Row[] = [];
    for (const part of parts as SourcePart[]) {
      const partFilters = resolveFilters(part.filters, context);
      const partPaths = union
        ? Object.values(part.fields ?? {}).filter((p): p is string => typeof p === 'string')
        : paths;
      const access = await this.access(part, principal, partPaths);
      if (!access) continue;
      const summary = access.source?.summary;
      const rule = access.rowFilter;
      const ruled = Object.keys(rule).length > 0;
      const fromSummary =
        summary &&
        !options.rows &&
        !report.lookups?.length &&
        (!ruled || rowRuleOnSummary(rule, summary)) &&
        answerableFromSummary(report, part, summary);
      // A rule is a filter over documents; where it names the unwound array's fields it also
      // narrows the unwound rows to those it names (a department's lines, not every line of the
      // vouchers that have one), as it does summary rows (whose every field is a line's).
      const perRow =
        ruled &&
        (fromSummary ||
          (part.unwind !== undefined &&
            rowRulePaths(rule).some((p) => p === part.unwind || p.startsWith(`${part.unwind}.`))));
      const rows = fromSummary
        ? await summary.rows()
        : this.unwound(
            this.derived(
              access,
              await this.read(
                access,
                union ? partFilters : [...partFilters, ...resolveFilters(storeFilters, context)],
                part.unwind,
              ),
            ),
            part.unwind,
          );
      for (const row of rows) {
        if (!matchesAll(row, partFilters)) continue;
        if (perRow && !rowMatches(row, rule)) continue;
        if (!union) out.push(row);
        else {
          const mapped: WeightedRow = {};
          for (const [name, path] of Object.entries(part.fields ?? {}))
            mapped[name] = path === null ? undefined : valueAt(row, path);
          if ((row as WeightedRow)[ROW_WEIGHT] !== undefined) mapped[ROW_WEIGHT] = rowWeight(row);
          out.push(mapped);
        }
        if (out.length > this.maxRows) throw reportErrors.tooLarge(this.maxRows);
      }
    }
    for (const lookup of report.lookups ?? [])
      applyLookup(out, lookup, lookupTable(lookup, await this.lookedIn(lookup, principal)));
    return out;
  }

  /**
   * The records a lookup reads, as the principal may read them: a record the reader may not read
   * gives no value (its rows keep theirs), and a form that is not installed (a module not enabled)
   * none at all.
   */
  private async lookedIn(lookup: Lookup, principal: Principal | null): Promise<Row[]> {
    let access: PartAccess | null;
    try {
      access = await this.access({ form: lookup.form }, principal, [lookup.key, lookup.value]);
    } catch (err) {
      if ((err as { code?: string }).code === formErrors.notFound.code) return [];
      throw err;
    }
    return access ? this.read(access, [], undefined) : [];
  }

  /**
   * What a kept result of this report depends on besides its parameters (card-cache.ts): `access`,
   * the reader's roles and resolved row rules and field restrictions per source (null reader:
   * every row); `stamp`, the sources' write stamps, null when a source cannot tell its writes.
   */
  async freshness(
    report: Report,
    principal: Principal | null,
  ): Promise<{ access: string; stamp: string | null }> {
    const parts = ('union' in report.source ? report.source.union : [report.source]) as SourcePart[];
    const access: unknown[] = [principal ? [...principal.roles].sort() : 'all'];
    const stamps: string[] = [];
    let known = true;
    for (const part of parts) {
      let resource: string;
      if (part.form) {
        resource = `record:${part.form}`;
        stamps.push(await latestWriteStamp(this.options.records.collection(part.form) as never));
      } else {
        const source = this.options.sources.get(part.collection ?? '');
        if (!source) throw reportErrors.sourceUnknown(part.collection);
        resource = source.resource;
        if (source.stamp)
          stamps.push(await source.stamp(this.options.store.collection<Row>(source.collection)));
        else known = false;
      }
      if (principal) {
        const d = resolveAccess(principal, resource, 'read');
        access.push([resource, d.allowed, d.rowFilter, d.fields]);
      }
    }
    // A looked-up record's change (a customer's region) changes the figures as a source's would.
    for (const lookup of report.lookups ?? []) {
      stamps.push(await latestWriteStamp(this.options.records.collection(lookup.form) as never));
      if (principal) {
        const d = resolveAccess(principal, `record:${lookup.form}`, 'read');
        access.push([lookup.form, d.allowed, d.rowFilter, d.fields]);
      }
    }
    return { access: JSON.stringify(access), stamp: known ? stamps.join('|') : null };
  }

  /** The documents with the fields their source derives from them (a voucher's cash flows). */
  private derived(access: PartAccess, docs: Row[]): Row[] {
    const derive = access.source?.derive;
    return derive ? docs.map((doc) => derive(doc)) : docs;
  }

  private *unwound(docs: Row[], path: string | undefined): Generator<Row> {
    for (const doc of docs) yield* unwind(doc, path);
  }

  /**
   * The collection a part reads and the reader's row rule on it; null when the reader may read
   * none of it. Throws when the report names a field the reader may not see or an encrypted one.
   */
  private async access(
    part: SourcePart,
    principal: Principal | null,
    paths: string[],
  ): Promise<PartAccess | null> {
    let collection: Collection<Row>;
    let resource: string;
    let base: Filter = {};
    let source: ReportSource | undefined;
    if (part.form) {
      const form = await this.options.records.forms.latest(part.form);
      const sensitive = form.fields
        .all()
        .filter((f) => f.sensitive)
        .map((f) => `data.${f.path}`);
      const bad = paths.find((p) => sensitive.some((s) => p === s || p.startsWith(`${s}.`)));
      if (bad) throw reportErrors.fieldSensitive(bad);
      if (principal) {
        const roles = form.definition.permissions?.read;
        if (roles && !principal.roles.some((r) => roles.includes(r) || PRIVILEGED_ROLES.includes(r)))
          return null;
      }
      collection = this.options.records.collection(part.form) as unknown as Collection<Row>;
      resource = `record:${part.form}`;
      base = { deleted: false };
    } else {
      source = this.options.sources.get(part.collection ?? '');
      if (!source) throw reportErrors.sourceUnknown(part.collection);
      collection = this.options.store.collection<Row>(source.collection);
      resource = source.resource;
      base = source.base ?? {};
    }
    if (!principal) return { collection, base, rowFilter: {}, ...(source ? { source } : {}) };
    const decision = resolveAccess(principal, resource, 'read');
    if (!decision.allowed) return null;
    const restricted = [...decision.fields.hidden, ...decision.fields.masked];
    const bad = paths.find((p) => restricted.some((s) => p === s || p.startsWith(`${s}.`)));
    if (bad) throw reportErrors.fieldRestricted(bad);
    return { collection, base, rowFilter: decision.rowFilter, ...(source ? { source } : {}) };
  }

  private async read(
    access: PartAccess,
    filters: ResolvedFilter[],
    unwound: string | undefined,
  ): Promise<Row[]> {
    const parts: Filter[] = [access.base, storeFilter(filters, unwound), access.rowFilter];
    const filter: Filter = { $and: parts.filter((f) => Object.keys(f).length) };
    const rows: Row[] = [];
    let after: string | undefined;
    do {
      // One page of up to the row limit: the embedded store sorts its candidates for each page, so
      // small pages made a large read quadratic (bench/reports.bench.ts); a report holds every row
      // in memory anyway, and more documents than the limit is an error either way.
      const page = await access.collection.find(
        filter.$and && (filter.$and as Filter[]).length ? filter : {},
        {
          limit: this.maxRows + 1,
          ...(after ? { after } : {}),
        },
      );
      for (const item of page.items as Row[]) rows.push(item); // (a spread of a large page overflows the stack)
      if (rows.length > this.maxRows) throw reportErrors.tooLarge(this.maxRows);
      after = page.nextCursor ?? undefined;
    } while (after);
    return rows;
  }
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
  for (const l of report.lookups ?? []) out.add(l.field);
  for (const m of report.measures) {
    if (m.field) out.add(m.field);
    for (const w of m.where ?? []) out.add(w.field);
  }
  return [...out];
}
