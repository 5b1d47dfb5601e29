// The aggregation of a report (pure): rows in, grouped and measured rows out, with totals.
// Measures keep exact decimals (big.js); sum/avg/min/max/calc come out as decimal strings with
// `places` decimals (default 2), count and distinct as integers.
import Big from 'big.js';
import type { Report } from '#schemas/generated/index.ts';
import { markBest } from './best.ts';
import { bucketKey, type Bucket } from './buckets.ts';
import { evaluateCalc, parseCalc, type CalcNode } from './calc.ts';
import { matchesAll, type ResolvedFilter } from './filters.ts';
import { compareValues, decimalText, toDecimal, valueAt } from './values.ts';

export type Row = Record<string, unknown>;

/**
 * On a row that stands for several source rows (a summary's: its amounts already added up), how
 * many: count and avg count it that many times. A symbol, so no field of a row can collide with it.
 */
export const ROW_WEIGHT: unique symbol = Symbol('rowWeight');
export type WeightedRow = Row & { [ROW_WEIGHT]?: number };

/** How many source rows a row stands for (1 unless a summary's). */
export const rowWeight = (row: Row): number => (row as WeightedRow)[ROW_WEIGHT] ?? 1;
type Measure = Report['measures'][number];
type Group = NonNullable<Report['groupBy']>[number];
type MapLine = NonNullable<Group['map']>[number];

export interface AggregateOptions {
  /** UTC midnight of today (aging buckets). */
  todayMs: number;
  /** Each measure's `where`, resolved (FEEL evaluated) in the measures' order. */
  measureFilters: ReadonlyArray<readonly ResolvedFilter[]>;
}

export interface AggregateResult {
  columns: Array<{ name: string; kind: 'group' | 'measure'; label?: Report['name'] }>;
  rows: Row[];
  totals: Row;
  /** Values of mapped group columns that no line maps (sorted); absent without a mapped group. */
  unmapped?: string[];
}

/** The output name of a group: its `as`, or the last segment of its field. */
export function groupName(g: Group): string {
  return g.as ?? g.field.split('.').pop()!;
}

/** The key of the first line one of whose prefixes begins the value; null when none does. */
export function mapKey(value: unknown, map: NonNullable<Group['map']>): string | null {
  if (value === undefined || value === null) return null;
  const text = String(value);
  return map.find((line) => line.prefixes?.some((p) => text.startsWith(p)))?.key ?? null;
}

/** The subtotal lines (`sumOf`) of a map that add up the line of this key. */
export function subtotalsOf(key: unknown, map: readonly MapLine[]): string[] {
  if (typeof key !== 'string') return [];
  return map.filter((line) => line.sumOf?.some((p) => key.startsWith(p))).map((line) => line.key);
}

/** A row's key under each group (its value, its time bucket / aging range, or its mapped line). */
export function groupKeys(row: Row, groups: readonly Group[], todayMs: number): unknown[] {
  return groups.map((g) => {
    const value = valueAt(row, g.field);
    if (g.map) return mapKey(value, g.map);
    return g.bucket
      ? bucketKey(value, g.bucket as Bucket, { todayMs, ...(g.ranges ? { ranges: g.ranges } : {}) })
      : (value ?? null);
  });
}

/** A date or a date-time as the store keeps it: min and max of these compare as text (ISO order). */
const ISO_DATE = /^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:\d{2})?)?$/;

class Accumulator {
  private sum = new Big(0);
  private count = 0;
  private min: Big | null = null;
  private max: Big | null = null;
  /** min/max over dates (the last purchase, the first order): the earliest and the latest. */
  private minDate: string | null = null;
  private maxDate: string | null = null;
  private readonly distinct = new Set<string>();

  constructor(private readonly measure: Measure) {}

  add(row: Row): void {
    const m = this.measure;
    if (m.op === 'calc') return;
    const weight = rowWeight(row);
    if (m.op === 'count') {
      if (!m.field || valueAt(row, m.field) !== undefined) this.count += weight;
      return;
    }
    const value = valueAt(row, m.field ?? '');
    if (m.op === 'distinct') {
      if (value !== undefined && value !== null) this.distinct.add(JSON.stringify(value));
      return;
    }
    if ((m.op === 'min' || m.op === 'max') && typeof value === 'string' && ISO_DATE.test(value)) {
      if (this.minDate === null || value < this.minDate) this.minDate = value;
      if (this.maxDate === null || value > this.maxDate) this.maxDate = value;
      return;
    }
    const d = toDecimal(value);
    if (!d) return;
    this.count += weight;
    this.sum = this.sum.plus(d);
    if (!this.min || d.lt(this.min)) this.min = d;
    if (!this.max || d.gt(this.max)) this.max = d;
  }

  /** The latest (max) or earliest (min) date, when the measure's values were dates and no numbers. */
  date(): string | null {
    if (this.min !== null) return null;
    return this.measure.op === 'max' ? this.maxDate : this.measure.op === 'min' ? this.minDate : null;
  }

  /** The decimal value (for calc) or the integer of count/distinct. */
  result(): Big | null {
    const m = this.measure;
    let v: Big | null;
    switch (m.op) {
      case 'count':
        return new Big(this.count);
      case 'distinct':
        return new Big(this.distinct.size);
      case 'sum':
        v = this.sum;
        break;
      case 'avg':
        v = this.count ? this.sum.div(this.count) : null;
        break;
      case 'min':
        v = this.min;
        break;
      case 'max':
        v = this.max;
        break;
      default:
        v = null;
    }
    return v && m.negate ? v.neg() : v;
  }
}

function output(measure: Measure, value: Big | null): unknown {
  if (value === null) return null;
  if (measure.op === 'count' || measure.op === 'distinct') return Number(value.toFixed(0));
  return decimalText(value, measure.places ?? 2);
}

/** Measure values of one group, calc measures evaluated over the earlier ones. */
function finish(measures: readonly Measure[], accs: Accumulator[], calcs: Map<string, CalcNode>): Row {
  const exact = new Map<string, Big | null>();
  const out: Row = {};
  measures.forEach((m, i) => {
    let v: Big | null;
    if (m.op === 'calc') {
      const node = calcs.get(m.as)!;
      v = evaluateCalc(node, (name) => exact.get(name) ?? null);
      if (v && m.negate) v = v.neg();
      if (v) v = v.round(m.places ?? 2, Big.roundHalfUp);
    } else v = accs[i]!.result();
    exact.set(m.as, v);
    out[m.as] = v === null ? (accs[i]?.date() ?? null) : output(m, v);
  });
  return out;
}

export function aggregate(report: Report, rows: readonly Row[], options: AggregateOptions): AggregateResult {
  const groups = report.groupBy ?? [];
  const measures = report.measures;
  const calcs = new Map<string, CalcNode>();
  for (const m of measures) if (m.op === 'calc') calcs.set(m.as, parseCalc(m.expression ?? ''));
  const makeAccs = () => measures.map((m) => new Accumulator(m));
  const feed = (accs: Accumulator[], row: Row) =>
    measures.forEach((m, i) => {
      const where = options.measureFilters[i] ?? [];
      if (where.length === 0 || matchesAll(row, where)) accs[i]!.add(row);
    });

  const totals = makeAccs();
  const byKey = new Map<string, { keys: unknown[]; accs: Accumulator[] }>();
  const mapped = groups.some((g) => g.map);
  const unmapped = new Set<string>();
  for (const row of rows) {
    feed(totals, row);
    if (groups.length === 0) continue;
    const keys = groupKeys(row, groups, options.todayMs);
    groups.forEach((g, i) => {
      const value = valueAt(row, g.field);
      if (g.map && keys[i] === null && value !== undefined && value !== null) unmapped.add(String(value));
    });
    // The row's group, and a statement's subtotal lines adding up its line (each measured from
    // the rows themselves, so averages, counts and calcs come out as for any group).
    const groupsOf = [keys];
    groups.forEach((g, i) => {
      for (const total of g.map ? subtotalsOf(keys[i], g.map) : [])
        groupsOf.push(keys.map((k, j) => (j === i ? total : k)));
    });
    for (const k of groupsOf) {
      const key = JSON.stringify(k);
      let entry = byKey.get(key);
      if (!entry) byKey.set(key, (entry = { keys: k, accs: makeAccs() }));
      feed(entry.accs, row);
    }
  }

  const totalsRow = finish(measures, totals, calcs);
  let out: Row[] =
    groups.length === 0
      ? [totalsRow]
      : [...byKey.values()].map(({ keys, accs }) => {
          const row: Row = {};
          groups.forEach((g, i) => (row[groupName(g)] = keys[i]));
          return { ...row, ...finish(measures, accs, calcs) };
        });
  markBest(out, report.best ?? []);
  const sort =
    report.sort && report.sort.length
      ? report.sort
      : groups.map((g) => ({ field: groupName(g), direction: 'asc' as const }));
  out.sort((a, b) => {
    for (const s of sort) {
      const c = compareValues(a[s.field], b[s.field]);
      if (c !== 0) return s.direction === 'desc' ? -c : c;
    }
    return 0;
  });
  if (report.limit) out = out.slice(0, report.limit);
  return {
    columns: [
      ...groups.map((g) => ({
        name: groupName(g),
        kind: 'group' as const,
        ...(g.label ? { label: g.label } : {}),
      })),
      ...measures.map((m) => ({
        name: m.as,
        kind: 'measure' as const,
        ...(m.label ? { label: m.label } : {}),
      })),
      ...(report.best ?? []).map((b) => ({
        name: b.as,
        kind: 'measure' as const,
        ...(b.label ? { label: b.label } : {}),
      })),
    ],
    rows: out,
    totals: totalsRow,
    ...(mapped ? { unmapped: [...unmapped].sort() } : {}),
  };
}
