// Datasets: a module report may offer its source and lookups (a union of invoice lines, returns
// and stock-ledger entries, joined to customers and items) as a row source of the report builder
// (`dataset` in its JSON, with the fields' names, labels and types). A builder report over
// `{ "dataset": "<report id>" }` reads those rows exactly as that report reads them — only for
// the report's readers, with its scope and the runner's row rules — and adds its own lookups,
// filters, groups and measures; the offering report's filters, groups and measures are not used.
import type { Report } from '#schemas/generated/index.ts';
import { commonErrors } from '#engine/core/errors.ts';
import type { Principal } from '#engine/core/permissions/access.ts';
import { reportErrors } from '#engine/core/reports/errors.ts';
import type { SourceEntry } from './report-sources.ts';

/** The id of the report whose dataset a report reads, if it reads one. */
export function datasetOf(report: Pick<Report, 'source'>): string | undefined {
  const source = report.source as { dataset?: unknown };
  return typeof source.dataset === 'string' ? source.dataset : undefined;
}

export interface DatasetAccess {
  /** A report by id (null when there is none). */
  find: (id: string) => Promise<Report | null>;
  /** Whether its module is on. */
  enabled: (report: Report) => Promise<boolean>;
  /** Whether the principal may run that report. */
  mayRun: (principal: Principal, report: Report) => Promise<boolean>;
}

/**
 * The report offering the dataset `id`, for a principal who may run it (null: the system); a
 * report that offers none is an unknown source (404), one the principal may not run, 403.
 */
export async function datasetReport(
  id: string,
  principal: Principal | null,
  access: DatasetAccess,
): Promise<Report> {
  const base = await access.find(id);
  if (!base?.dataset || !(await access.enabled(base))) throw reportErrors.sourceUnknown(id);
  if (principal && !(await access.mayRun(principal, base))) throw commonErrors.forbidden();
  return base;
}

/** The report as it runs: the dataset's source, its lookups then the report's own, its scope. */
export function overDataset<R extends Report>(report: R, base: Report): R {
  return {
    ...report,
    source: base.source,
    lookups: [...(base.lookups ?? []), ...(report.lookups ?? [])],
    scope: base.scope ?? 'viewer',
  };
}

/** A report as it runs over its dataset, if it reads one (null principal: the system). */
export async function expandDataset<R extends Report>(
  principal: Principal | null,
  report: R,
  access: DatasetAccess,
): Promise<R> {
  const dataset = datasetOf(report);
  return dataset ? overDataset(report, await datasetReport(dataset, principal, access)) : report;
}

/** The names a draft's dataset's rows hold (undefined: the draft reads no dataset). */
export async function datasetNames(
  principal: Principal | null,
  draft: Pick<Report, 'source'>,
  access: DatasetAccess,
): Promise<string[] | undefined> {
  const dataset = datasetOf(draft);
  if (!dataset) return undefined;
  return (await datasetReport(dataset, principal, access)).dataset!.fields.map((f) => f.name);
}

/** The builder's entries for the datasets of these reports (those the reader may run). */
export function datasetEntries(reports: readonly Report[]): SourceEntry[] {
  return reports.flatMap((r) =>
    r.dataset
      ? [
          {
            kind: 'dataset' as const,
            id: r.id,
            name: r.name as SourceEntry['name'],
            fields: r.dataset.fields.map((f) => ({
              path: f.name,
              label: f.label as SourceEntry['name'],
              type: f.type,
            })),
          },
        ]
      : [],
  );
}
