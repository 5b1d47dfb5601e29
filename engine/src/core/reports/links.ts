// Where a report's numbers come from, as a page of the web app (pure): the list of the source
// form's records with the report's filters applied (`/records/<form>?where=…`), so an alert such
// as "3 sales invoices are overdue" opens exactly those invoices. Filters the records list cannot
// express (startsWith) are left out: the list is then wider than the report, never narrower.
import type { ResolvedFilter } from './filters.ts';

const AS_CONDITION: Partial<Record<ResolvedFilter['op'], string>> = {
  ne: 'ne',
  gt: 'gt',
  gte: 'gte',
  lt: 'lt',
  lte: 'lte',
  in: 'in',
  nin: 'nin',
  exists: 'exists',
};

/** The records list of `form` filtered as the report filters its rows. */
export function recordsListPath(form: string, filters: readonly ResolvedFilter[]): string {
  const where: Record<string, Record<string, unknown>> = {};
  for (const f of filters) {
    const condition = (where[f.field] ??= {});
    if (f.op === 'eq') condition.eq = f.value;
    else if (f.op === 'exists') condition.exists = f.value !== false;
    else if (AS_CONDITION[f.op]) condition[AS_CONDITION[f.op]!] = f.value;
  }
  const entries = Object.entries(where).filter(([, c]) => Object.keys(c).length > 0);
  // A plain equality reads best in the URL and in the list's filter chips.
  const compact = Object.fromEntries(
    entries.map(([path, c]) => [path, Object.keys(c).length === 1 && 'eq' in c ? c.eq : c]),
  );
  const base = `/records/${encodeURIComponent(form)}`;
  return entries.length ? `${base}?where=${encodeURIComponent(JSON.stringify(compact))}` : base;
}
