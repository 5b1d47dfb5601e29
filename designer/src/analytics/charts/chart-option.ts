// A report result as an ECharts option (pure, no ECharts import): categories from the x group
// column, one series per measure — or, with `series`, one per value of that group column (a
// pivot: stacked bars of profit by region × product). Every data item carries the group cell and
// the measure it stands for, so a click drills into exactly the rows behind that figure. Numbers
// come as decimal strings; a chart needs numbers, the table beside it keeps the exact text.
import type { ChartSpec, DrillTarget, ReportResult } from './types.ts';

export type Option = Record<string, unknown>;

interface Item {
  value: number | null;
  name?: string;
  drill: DrillTarget;
}

const num = (v: unknown): number | null => {
  if (v === null || v === undefined || v === '') return null;
  const n = Number(v);
  return Number.isFinite(n) ? n : null;
};

const text = (v: unknown): string => (v === null || v === undefined ? '—' : String(v));

/** The x column, the measures drawn and the splitting column of a spec over a result. */
export function chartAxes(result: ReportResult, spec: ChartSpec) {
  const groups = result.columns.filter((c) => c.kind === 'group').map((c) => c.name);
  const measures = result.columns.filter((c) => c.kind === 'measure').map((c) => c.name);
  const x = spec.x ?? groups.find((g) => g !== spec.series) ?? groups[0];
  const y = spec.y?.length ? spec.y.filter((m) => measures.includes(m)) : measures;
  return {
    x,
    y: y.length ? y : measures,
    series: spec.series && groups.includes(spec.series) ? spec.series : undefined,
  };
}

export function chartOption(
  result: ReportResult,
  spec: ChartSpec,
  label: (column: string) => string,
  options: { narrow: boolean },
): Option {
  const { x, y, series } = chartAxes(result, spec);
  const small = options.narrow;
  const legend = { type: 'scroll', bottom: 0, textStyle: { fontSize: small ? 11 : 12 } };
  const tooltip = { trigger: spec.type === 'pie' || spec.type === 'funnel' ? 'item' : 'axis', confine: true };
  if (spec.type === 'funnel' && !x) return stepFunnel(result, y, label, small, { tooltip, legend });
  if (spec.type === 'pie' || spec.type === 'funnel') {
    const measure = y[0]!;
    const data: Item[] = result.rows.map((row) => ({
      name: text(x ? row[x] : label(measure)),
      value: num(row[measure]),
      drill: { group: x ? { [x]: row[x] ?? null } : {}, measure },
    }));
    const common = { name: label(measure), data, label: { fontSize: small ? 11 : 12 } };
    return {
      tooltip,
      legend,
      series: [
        spec.type === 'pie'
          ? { ...common, type: 'pie', radius: small ? ['30%', '60%'] : ['35%', '68%'], top: 0, bottom: 36 }
          : { ...common, type: 'funnel', sort: 'descending', top: 8, bottom: 40, left: '10%', width: '80%' },
      ],
    };
  }
  const categories = unique(result.rows.map((r) => (x ? r[x] : null)));
  const kind = spec.type === 'line' ? 'line' : 'bar';
  const stack = spec.type === 'stacked' ? 'total' : undefined;
  const seriesList = series
    ? unique(result.rows.map((r) => r[series])).map((s) => ({
        name: text(s),
        type: kind,
        ...(stack ? { stack } : {}),
        data: categories.map((c): Item => {
          const row = result.rows.find((r) => sameKey(r[x!], c) && sameKey(r[series], s));
          return { value: num(row?.[y[0]!]), drill: { group: { [x!]: c, [series]: s }, measure: y[0]! } };
        }),
      }))
    : y.map((m) => ({
        name: label(m),
        type: kind,
        ...(stack ? { stack } : {}),
        ...(kind === 'line' ? { smooth: false, symbolSize: 7 } : {}),
        data: categories.map((c): Item => {
          const row = result.rows.find((r) => sameKey(x ? r[x] : null, c));
          return { value: num(row?.[m]), drill: { group: x ? { [x]: c } : {}, measure: m } };
        }),
      }));
  return {
    tooltip,
    legend,
    grid: { left: 8, right: 12, top: 16, bottom: 40, containLabel: true },
    xAxis: {
      type: 'category',
      data: categories.map(text),
      axisLabel: {
        fontSize: small ? 10 : 12,
        hideOverlap: true,
        rotate: small && categories.length > 4 ? 35 : 0,
      },
    },
    yAxis: { type: 'value', axisLabel: { fontSize: small ? 10 : 12 } },
    series: seriesList,
  };
}

/**
 * A funnel over one row: each measure a step, in the spec's order (a sales funnel's stages as the
 * report counts them), each labelled with its count and its share of the step before — the
 * conversion. Counts are whole numbers, so the share is rounded to one place in integers.
 */
function stepFunnel(
  result: ReportResult,
  steps: string[],
  label: (column: string) => string,
  small: boolean,
  common: { tooltip: unknown; legend: unknown },
): Option {
  const row = result.rows[0] ?? {};
  const data = steps.map((m, i): Item & { conversion: string | null } => {
    const value = num(row[m]);
    const before = i > 0 ? num(row[steps[i - 1]!]) : null;
    const conversion =
      value !== null && before !== null && before > 0 ? `${Math.round((value * 1000) / before) / 10}%` : null;
    return { name: label(m), value, conversion, drill: { group: {}, measure: m } };
  });
  return {
    ...common,
    series: [
      {
        type: 'funnel',
        sort: 'none',
        top: 8,
        bottom: 40,
        // Labels beside the steps where there is room for them, inside on a phone.
        left: small ? '5%' : '4%',
        width: small ? '90%' : '58%',
        minSize: '8%',
        data,
        label: {
          position: small ? 'inside' : 'right',
          fontSize: small ? 11 : 12,
          formatter: ({ name, value, dataIndex }: { name: string; value: unknown; dataIndex: number }) =>
            [`${name}: ${text(value)}`, data[dataIndex]?.conversion].filter(Boolean).join(' · '),
        },
      },
    ],
  };
}

/** Whether two group keys are the same key. */
export function sameKey(a: unknown, b: unknown): boolean {
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}

/** The distinct keys, in their first order. */
export function unique(values: unknown[]): unknown[] {
  const seen = new Set<string>();
  const out: unknown[] = [];
  for (const v of values) {
    const key = JSON.stringify(v ?? null);
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(v ?? null);
  }
  return out;
}
