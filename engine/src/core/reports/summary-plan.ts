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

/**
 * Whether a reader's row rule (a store filter over the source's documents) can be applied to
 * summary rows exactly as to the rows (report-rows.ts applies it to every unwound row): every path
 * it names is a kept dimension, and every condition is one that some item of an unwound array
 * meeting it makes its document meet (equality with a value, `$in` of values, comparisons,
 * `$exists: true`, and `$and`/`$or` of these). Then the documents the store selects by the rule hold
 * every row that meets it, so the rows read and the summary rows filtered by the rule add up to the
 * same. A negation (`$ne`, `$nin`, `$exists: false`) or an equality with null selects a document
 * only when no item breaks it, so such a rule reads the rows.
 */
export function rowRuleOnSummary(rule: Record<string, unknown>, shape: SummaryShape): boolean {
  const dimensions = new Set(shape.dimensions);
  const positive = (condition: unknown): boolean => {
    if (condition === null || Array.isArray(condition)) return false;
    if (typeof condition !== 'object') return true;
    const entries = Object.entries(condition as Record<string, unknown>);
    if (entries.length === 0 || !entries.every(([op]) => op.startsWith('$'))) return false;
    return entries.every(([op, arg]) => {
      if (op === '$eq') return arg !== null && (typeof arg !== 'object' || Array.isArray(arg));
      if (op === '$in') return Array.isArray(arg) && arg.every((v) => v !== null && typeof v !== 'object');
      if (op === '$exists') return arg === true;
      return ['$gt', '$gte', '$lt', '$lte'].includes(op);
    });
  };
  const fits = (filter: Record<string, unknown>): boolean =>
    Object.entries(filter).every(([key, value]) => {
      if (key === '$and' || key === '$or')
        return Array.isArray(value) && value.every((f) => fits(f as Record<string, unknown>));
      return !key.startsWith('$') && dimensions.has(key) && positive(value);
    });
  return fits(rule);
}

/** The paths a row rule names (its conditions' fields, inside `$and`/`$or` too). */
export function rowRulePaths(rule: Record<string, unknown>): string[] {
  return Object.entries(rule).flatMap(([key, value]) =>
    key === '$and' || key === '$or'
      ? (value as Array<Record<string, unknown>>).flatMap(rowRulePaths)
      : key.startsWith('$')
        ? []
        : [key],
  );
}
