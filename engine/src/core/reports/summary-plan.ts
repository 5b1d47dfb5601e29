// Whether one source part of a report can be answered from its source's summaries (pure). A
// summary row stands for the rows that share its dimensions, with their amounts added up; so a
// report may read summaries instead of rows when every filter, group and measure condition names
// a dimension (same value on every row a summary row stands for) and every measure over an amount
// is a sum, an average or a count (what adding up keeps). Min, max, a filter on an amount or any
// other field need the rows.
import type { Report } from '#schemas/generated/index.ts';

/** What a source's summaries keep: row paths held as they are, and row paths held added up. */
export interface SummaryShape {
  dimensions: readonly string[];
  amounts: readonly string[];
}

type Part = {
  filters?: Report['filters'];
  fields?: Record<string, string | null>;
};

const AMOUNT_OPS = new Set(['sum', 'avg', 'count']);
const DIMENSION_OPS = new Set(['count', 'distinct']);

export function answerableFromSummary(report: Report, part: Part, shape: SummaryShape): boolean {
  const dimensions = new Set(shape.dimensions);
  const amounts = new Set(shape.amounts);
  const union = 'union' in report.source;
  // A union's column names are this part's paths through its `fields` (unlisted or null: empty).
  const pathOf = (name: string): string | null =>
    union ? (part.fields && typeof part.fields[name] === 'string' ? part.fields[name] : null) : name;
  const onDimension = (name: string) => {
    const path = pathOf(name);
    return path === null || dimensions.has(path);
  };
  if (!(part.filters ?? []).every((f) => dimensions.has(f.field))) return false;
  if (!(report.filters ?? []).every((f) => onDimension(f.field))) return false;
  if (!(report.groupBy ?? []).every((g) => onDimension(g.field))) return false;
  return report.measures.every((m) => {
    if (!(m.where ?? []).every((w) => onDimension(w.field))) return false;
    if (m.op === 'calc') return true;
    const path = m.field === undefined ? undefined : pathOf(m.field);
    if (path === undefined) return m.op === 'count';
    if (path === null) return true; // this part adds nothing to it
    if (amounts.has(path)) return AMOUNT_OPS.has(m.op);
    return dimensions.has(path) && DIMENSION_OPS.has(m.op);
  });
}
