// Drill-down (pure): the source rows behind one figure of a report — those whose group keys equal
// the selected cell's (a month bucket, an aging range, a customer), and, for a measure with its
// own `where`, only the rows that measure counts. The rows come in already limited to what the
// reader may read and to the report's filters, so the figures and the rows behind them agree.
import type { Report } from '#schemas/generated/index.ts';
import { groupKeys, groupName, subtotalsOf, type Row } from './aggregate.ts';
import { reportErrors } from './errors.ts';
import { matchesAll, type ResolvedFilter } from './filters.ts';
import { decimalText, sameValue, toDecimal, valueAt } from './values.ts';

export interface DrillSelection {
  /** Group column name → the cell's key (as the report's rows show it). */
  group: Record<string, unknown>;
  /** The measure clicked (its `where` applies), or none: every row of the group. */
  measure?: string;
}

/** One source row as drill-down shows it: its id and title (when it has them) and the report's values. */
export interface DrillRow {
  id?: string;
  title?: string;
  values: Record<string, unknown>;
}

export function drillRows(
  report: Report,
  rows: readonly Row[],
  selection: DrillSelection,
  options: { todayMs: number; measureFilters: ReadonlyArray<readonly ResolvedFilter[]> },
): Row[] {
  const groups = report.groupBy ?? [];
  const names = groups.map(groupName);
  for (const name of Object.keys(selection.group))
    if (!names.includes(name)) throw reportErrors.drillColumnUnknown(name);
  const wanted = groups.map((g, i) =>
    Object.hasOwn(selection.group, names[i]!) ? { at: i, value: selection.group[names[i]!] } : null,
  );
  const measureAt = selection.measure ? report.measures.findIndex((m) => m.as === selection.measure) : -1;
  if (selection.measure && measureAt === -1) throw reportErrors.drillColumnUnknown(selection.measure);
  const where = measureAt >= 0 ? (options.measureFilters[measureAt] ?? []) : [];
  const matched = rows.filter((row) => {
    if (where.length && !matchesAll(row, where)) return false;
    const keys = groupKeys(row, groups, options.todayMs);
    // A statement's subtotal line (`sumOf`) stands on the rows of the lines it adds up.
    return wanted.every(
      (w) =>
        !w ||
        sameValue(keys[w.at] ?? null, w.value ?? null) ||
        (typeof w.value === 'string' && subtotalsOf(keys[w.at], groups[w.at]!.map ?? []).includes(w.value)),
    );
  });
  // A distinct count's figure is of values, so are the rows behind it: an opportunity that entered
  // a stage twice (two change log rows) is one of the funnel's figure and one row here.
  const measure = report.measures[measureAt];
  if (measure?.op !== 'distinct' || !measure.field) return matched;
  const seen = new Set<string>();
  return matched.filter((row) => {
    const key = JSON.stringify(valueAt(row, measure.field!) ?? null);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * A row as drill-down shows it: each group column, and each measured field under its measure's
 * name as the measure counts it (sign flipped where the measure negates; empty where the row is
 * not one the measure counts, e.g. an expense line under "revenue").
 */
export function drillView(
  report: Report,
  row: Row,
  measureFilters: ReadonlyArray<readonly ResolvedFilter[]>,
): DrillRow {
  const values: Record<string, unknown> = {};
  for (const g of report.groupBy ?? []) values[groupName(g)] = valueAt(row, g.field) ?? null;
  report.measures.forEach((m, i) => {
    if (!m.field || m.op === 'calc') return;
    const where = measureFilters[i] ?? [];
    const raw = valueAt(row, m.field) ?? null;
    const counted = where.length === 0 || matchesAll(row, where);
    const decimal = m.negate && counted ? toDecimal(raw) : null;
    values[m.as] = !counted ? null : decimal ? decimalText(decimal.neg(), m.places ?? 2) : raw;
  });
  return {
    ...(typeof row.id === 'string' ? { id: row.id } : {}),
    ...(typeof row.title === 'string' && row.title ? { title: row.title } : {}),
    values,
  };
}

/** The page of a drilled row: its record, or for a ledger line the document it was posted from. */
export function drilledRowLink(form: string | undefined, row: Row): string | undefined {
  if (form && typeof row.id === 'string') return `/records/${form}/${row.id}`;
  const source = row.source as { form?: unknown; id?: unknown } | undefined;
  if (source && typeof source.form === 'string' && typeof source.id === 'string')
    return `/records/${source.form}/${source.id}`;
  return undefined;
}
