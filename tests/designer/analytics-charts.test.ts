// The analytics charts' pure parts: a report result as an ECharts option (series per measure, or
// a pivot split by a second group, every data item carrying the figure it drills into) and a KPI
// card's change against the previous period.
/* eslint-disable @typescript-eslint/no-explicit-any -- ECharts options are read freely */
import { describe, expect, it } from 'vitest';
import { chartOption } from '#designer/analytics/charts/chart-option.ts';
import { kpiFigure } from '#designer/analytics/charts/kpi.ts';
import type { ReportResult } from '#designer/analytics/charts/types.ts';

const result = (rows: ReportResult['rows'], groups: string[], measures: string[]): ReportResult => ({
  report: 'r',
  columns: [
    ...groups.map((name) => ({ name, kind: 'group' as const })),
    ...measures.map((name) => ({ name, kind: 'measure' as const })),
  ],
  rows,
  totals: { revenue: '600.00' },
  rowCount: rows.length,
  generatedAt: '2026-12-01T00:00:00.000Z',
});
const label = (c: string) => c.toUpperCase();

describe('analytics charts', () => {
  const byMonth = result(
    [
      { month: '2026-10', revenue: '400.00' },
      { month: '2026-11', revenue: '200.00' },
    ],
    ['month'],
    ['revenue'],
  );

  it('draws one series per measure over the x column, each point drilling into its month', () => {
    const option = chartOption(byMonth, { type: 'line' }, label, { narrow: true }) as any;
    expect(option.xAxis.data).toEqual(['2026-10', '2026-11']);
    expect(option.series).toHaveLength(1);
    expect(option.series[0]).toMatchObject({ name: 'REVENUE', type: 'line' });
    expect(option.series[0].data[1]).toEqual({
      value: 200,
      drill: { group: { month: '2026-11' }, measure: 'revenue' },
    });
  });

  it('pivots by a second group into stacked series, a missing cell empty', () => {
    const pivot = result(
      [
        { dept: 'sales', month: '2026-10', revenue: '1.50' },
        { dept: 'sales', month: '2026-11', revenue: '2.00' },
        { dept: 'ops', month: '2026-11', revenue: '3.00' },
      ],
      ['dept', 'month'],
      ['revenue'],
    );
    const option = chartOption(pivot, { type: 'stacked', x: 'dept', series: 'month' }, label, {
      narrow: false,
    }) as any;
    expect(option.xAxis.data).toEqual(['sales', 'ops']);
    expect(option.series.map((s: { name: string; stack: string }) => [s.name, s.stack])).toEqual([
      ['2026-10', 'total'],
      ['2026-11', 'total'],
    ]);
    expect(option.series[0].data.map((d: { value: number | null }) => d.value)).toEqual([1.5, null]);
    expect(option.series[1].data[1].drill).toEqual({
      group: { dept: 'ops', month: '2026-11' },
      measure: 'revenue',
    });
  });

  it('a pie names each slice by its x value', () => {
    const option = chartOption(byMonth, { type: 'pie' }, label, { narrow: true }) as any;
    expect(option.series[0].data.map((d: { name: string }) => d.name)).toEqual(['2026-10', '2026-11']);
  });

  it('a KPI compares the last period with the one before, or shows the totals', () => {
    expect(kpiFigure(byMonth, { type: 'number', compare: 'previous' })).toEqual({
      measure: 'revenue',
      value: '200.00',
      period: '2026-11',
      previous: '400.00',
      change: -0.5,
      drill: { group: { month: '2026-11' }, measure: 'revenue' },
    });
    expect(kpiFigure(byMonth, { type: 'number' })).toMatchObject({ value: '600.00', change: null });
    const single = result([{ month: '2026-11', revenue: '200.00' }], ['month'], ['revenue']);
    expect(kpiFigure(single, { type: 'number', compare: 'previous' }).change).toBeNull();
  });
});
