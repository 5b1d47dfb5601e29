// The builder's state and the report definition it stands for (pure, both ways): the builder
// edits pickers — a source, filters, group levels with time buckets, measures, a layout and a
// chart — and this turns them into the report the API saves (column names derived from fields),
// and a saved report back into pickers for editing. Linked records (lookups) are in lookups.ts.
// A measure may be named (its column name) and be calculated from the others ("revenue - cost",
// exact decimals on the server, which checks the names); a source may be a module's dataset.
import type { BodyOf } from '../../api/client.ts';
import type { ChartType } from '../charts/types.ts';
import { builderLookups, draftLookups, type BuilderLookup, type OfferedField } from './lookups.ts';

export type Draft = BodyOf<'/api/reports/preview', 'post'>['definition'];
type Text = { en: string; 'zh-CN': string };

export type FilterOp = 'eq' | 'ne' | 'gt' | 'gte' | 'lt' | 'lte' | 'startsWith' | 'in';
export type Bucket = '' | 'day' | 'week' | 'month' | 'quarter' | 'year';
export type MeasureOp = 'sum' | 'count' | 'avg' | 'min' | 'max' | 'distinct' | 'calc';
type FieldOp = Exclude<MeasureOp, 'calc'>;

export interface SourceField {
  path: string;
  label: Text;
  type: 'string' | 'number' | 'date';
  /** A link field: the form it points to, and the field of it the value matches. */
  link?: { form: string; key: string };
}

export interface SourceEntry {
  kind: 'form' | 'collection' | 'dataset';
  id: string;
  name: Text;
  unwind?: string;
  fields: SourceField[];
}

/** How the builder names a source: a form's lines are a source of their own. */
export const sourceKey = (s: { kind: string; id: string; unwind?: string }) =>
  `${s.kind}:${s.id}${s.kind === 'form' && s.unwind ? `/${s.unwind}` : ''}`;

export interface BuilderState {
  name: Text;
  slug: string;
  /** `${kind}:${id}` of the source, '' before one is picked. */
  source: string;
  /** Linked records whose fields the parts below may use. */
  lookups: BuilderLookup[];
  filters: Array<{ field: string; op: FilterOp; value: string }>;
  groups: Array<{ field: string; bucket: Bucket }>;
  /** `name`: the column name (calc expressions use it); a calc measure's `expression`. */
  measures: Array<{ op: MeasureOp; field: string; name?: string; expression?: string }>;
  layout: 'list' | 'pivot';
  chart: ChartType;
  /** The measure a pivot's chart or a number card shows (index into measures; the first by default). */
  chartMeasure?: number;
  roles: string[];
  /** Threshold alerts: measure (index into measures) beyond a value → notify a role. */
  alerts: Array<{ measure: number; op: AlertOp; value: string; role: string }>;
}

export type AlertOp = 'gt' | 'gte' | 'lt' | 'lte';

export const EMPTY_STATE: BuilderState = {
  name: { en: '', 'zh-CN': '' },
  slug: '',
  source: '',
  lookups: [],
  filters: [],
  groups: [],
  measures: [{ op: 'count', field: '' }],
  layout: 'list',
  chart: 'bar',
  roles: [],
  alerts: [],
};

const last = (path: string) => path.split('.').pop() ?? path;
const ident = (text: string) => text.replace(/[^A-Za-z0-9_]/g, '_').replace(/^([0-9])/, '_$1') || 'value';

function uniqueName(base: string, taken: Set<string>): string {
  let name = ident(base);
  for (let i = 2; taken.has(name); i++) name = `${ident(base)}_${i}`;
  taken.add(name);
  return name;
}

const OP_TEXT: Record<FieldOp, Text> = {
  sum: { en: 'Sum of', 'zh-CN': '合计' },
  count: { en: 'Count', 'zh-CN': '数量' },
  avg: { en: 'Average', 'zh-CN': '平均' },
  min: { en: 'Minimum', 'zh-CN': '最小' },
  max: { en: 'Maximum', 'zh-CN': '最大' },
  distinct: { en: 'Distinct', 'zh-CN': '去重数' },
};

/** How a time bucket names a group column ("Posting date (month)", "过账日期（月）"). */
const BUCKET_TEXT: Record<string, Text> = {
  day: { en: 'day', 'zh-CN': '日' },
  week: { en: 'week', 'zh-CN': '周' },
  month: { en: 'month', 'zh-CN': '月' },
  quarter: { en: 'quarter', 'zh-CN': '季度' },
  year: { en: 'year', 'zh-CN': '年' },
};

/** The report definition of the builder's state over its source (`fields`: with linked records'). */
export function toDraft(
  state: BuilderState,
  source: SourceEntry,
  fields: readonly OfferedField[] = source.fields,
): Draft {
  const taken = new Set<string>();
  const label = (path: string) => fields.find((f) => f.path === path)?.label;
  const groupBy = state.groups
    .filter((g) => g.field)
    .map((g) => ({
      field: g.field,
      ...(g.bucket ? { bucket: g.bucket } : {}),
      as: uniqueName(g.bucket ? `${last(g.field)}_${g.bucket}` : last(g.field), taken),
      ...groupLabel(label(g.field), g.bucket),
    }));
  const measures = state.measures
    .filter((m) => (m.op === 'calc' ? m.expression?.trim() && m.name?.trim() : m.op === 'count' || m.field))
    .map((m) => {
      const name = m.name?.trim();
      if (m.op === 'calc')
        return {
          op: m.op,
          expression: m.expression!.trim(),
          as: ident(name!),
          label: { en: name!, 'zh-CN': name! },
        };
      const field = m.op === 'count' ? undefined : m.field;
      const of = field ? label(field) : undefined;
      return {
        op: m.op,
        ...(field ? { field } : {}),
        // A named measure keeps its name (a calc may use it); others are named after their field.
        as: name ? ident(name) : uniqueName(field ? `${m.op}_${last(field)}` : 'count', taken),
        label: of
          ? { en: `${OP_TEXT[m.op].en} ${of.en}`, 'zh-CN': `${of['zh-CN']}${OP_TEXT[m.op]['zh-CN']}` }
          : OP_TEXT[m.op],
      };
    });
  const filters = state.filters
    .filter((f) => f.field)
    .map((f) => ({
      field: f.field,
      op: f.op,
      value:
        f.op === 'in'
          ? f.value
              .split(',')
              .map((v) => v.trim())
              .filter(Boolean)
          : f.value,
    }));
  const pivot = state.layout === 'pivot' && groupBy.length > 1;
  const x = groupBy[0]?.as;
  const y = [(measures[state.chartMeasure ?? 0] ?? measures[0])?.as ?? ''];
  const chart =
    state.chart === 'table' || !x
      ? { type: state.chart === 'number' ? 'number' : 'table' }
      : {
          type: state.chart,
          x,
          ...(pivot ? { series: groupBy[1]!.as, y } : {}),
          ...(state.chart === 'number' ? { compare: 'previous', y } : {}),
        };
  const lookups = draftLookups(state.lookups, fields, [
    ...filters.map((f) => f.field),
    ...groupBy.map((g) => g.field),
    ...measures.flatMap((m) => ('field' in m && m.field ? [m.field] : [])),
  ]);
  const SIGN: Record<AlertOp, string> = { gt: '>', gte: '≥', lt: '<', lte: '≤' };
  const alerts = state.alerts
    .filter((a) => measures[a.measure] && a.value.trim() && a.role)
    .map((a, i) => {
      const m = measures[a.measure]!;
      return {
        id: `alert-${i + 1}`,
        measure: m.as,
        op: a.op,
        value: a.value.trim(),
        notifyRole: a.role,
        message: {
          en: `${m.label.en} is {value} (${SIGN[a.op]} ${a.value.trim()})`,
          'zh-CN': `${m.label['zh-CN']}为 {value}（${SIGN[a.op]} ${a.value.trim()}）`,
        },
      };
    });
  return {
    name: { en: state.name.en || state.name['zh-CN'], 'zh-CN': state.name['zh-CN'] || state.name.en },
    source:
      source.kind === 'dataset'
        ? { dataset: source.id }
        : {
            ...(source.kind === 'form' ? { form: source.id } : { collection: source.id }),
            ...(source.unwind ? { unwind: source.unwind } : {}),
          },
    ...(lookups.length ? { lookups } : {}),
    ...(filters.length ? { filters } : {}),
    ...(groupBy.length ? { groupBy } : {}),
    measures,
    chart,
    ...(alerts.length ? { alerts } : {}),
  } as Draft;
}

/** A saved report back into the builder's pickers. */
export function fromDraft(draft: Draft, roles: string[], slug: string): BuilderState {
  const source = draft.source as { form?: string; collection?: string; unwind?: string; dataset?: string };
  const chart = (draft.chart ?? { type: 'table' }) as { type: ChartType; series?: string; y?: string[] };
  const shown = draft.measures.findIndex((m) => m.as === chart.y?.[0]);
  return {
    name: draft.name,
    slug,
    source: source.form
      ? sourceKey({ kind: 'form', id: source.form, unwind: source.unwind })
      : source.dataset
        ? `dataset:${source.dataset}`
        : `collection:${source.collection ?? ''}`,
    lookups: builderLookups(draft.lookups),
    filters: (draft.filters ?? []).map((f) => ({
      field: f.field,
      op: f.op as FilterOp,
      value: Array.isArray(f.value) ? f.value.join(', ') : String(f.value ?? ''),
    })),
    groups: (draft.groupBy ?? []).map((g) => ({ field: g.field, bucket: (g.bucket ?? '') as Bucket })),
    measures: draft.measures.map((m) => ({
      op: m.op as MeasureOp,
      field: m.field ?? '',
      name: m.as,
      ...(m.op === 'calc' ? { expression: m.expression ?? '' } : {}),
    })),
    layout: chart.series ? 'pivot' : 'list',
    chart: chart.type,
    ...(shown > 0 ? { chartMeasure: shown } : {}),
    roles,
    alerts: (draft.alerts ?? []).map((a) => ({
      measure: Math.max(
        0,
        draft.measures.findIndex((m) => m.as === a.measure),
      ),
      op: a.op as AlertOp,
      value: String(a.value),
      role: a.notifyRole,
    })),
  };
}

/** A group column's heading: its field's label, with the time bucket when there is one. */
function groupLabel(of: Text | undefined, bucket: string): { label?: Text } {
  if (!of) return {};
  const b = bucket ? BUCKET_TEXT[bucket] : undefined;
  return {
    label: b ? { en: `${of.en} (${b.en})`, 'zh-CN': `${of['zh-CN']}（${b['zh-CN']}）` } : of,
  };
}
