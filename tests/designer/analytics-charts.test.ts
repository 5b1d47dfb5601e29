// The analytics charts' pure parts: a report result as an ECharts option (series per measure, or
// a pivot split by a second group, every data item carrying the figure it drills into) and a KPI
// card's change against the previous period; a funnel over one row's measures; a period by name.
/* eslint-disable @typescript-eslint/no-explicit-any -- ECharts options are read freely */
import { describe, expect, it } from 'vitest';
import { chartOption } from '#designer/analytics/charts/chart-option.ts';
import { kpiFigure } from '#designer/analytics/charts/kpi.ts';
import { periodBounds, periodValues } from '#designer/analytics/period.ts';
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

  it('a funnel without groups draws the measures as steps in order, each with its conversion', () => {
    const funnel = result(
      [{ lead: '40', qualified: '10', quote: '3', won: '0', rate: '25.0' }],
      [],
      ['lead', 'qualified', 'quote', 'won', 'rate'],
    );
    const spec = { type: 'funnel' as const, y: ['lead', 'qualified', 'quote', 'won'] };
    const series = (chartOption(funnel, spec, label, { narrow: false }) as any).series[0];
    expect(series).toMatchObject({ type: 'funnel', sort: 'none' });
    expect(series.data.map((d: any) => [d.name, d.value, d.conversion])).toEqual([
      ['LEAD', 40, null],
      ['QUALIFIED', 10, '25%'],
      ['QUOTE', 3, '30%'],
      ['WON', 0, '0%'],
    ]);
    expect(series.data[1].drill).toEqual({ group: {}, measure: 'qualified' });
    expect(series.label.formatter({ name: 'QUOTE', value: 3, dataIndex: 2 })).toBe('QUOTE: 3 · 30%');
  });

  it('a period by name: its first day and the day after, across year ends', () => {
    expect(periodBounds('thisMonth', '2026-12-07')).toEqual({ first: '2026-12-01', after: '2027-01-01' });
    expect(periodBounds('lastMonth', '2026-01-15')).toEqual({ first: '2025-12-01', after: '2026-01-01' });
    expect(periodBounds('thisQuarter', '2026-11-30')).toEqual({ first: '2026-10-01', after: '2027-01-01' });
    expect(periodBounds('lastQuarter', '2026-02-01')).toEqual({ first: '2025-10-01', after: '2026-01-01' });
    expect(periodBounds('lastYear', '2026-06-01')).toEqual({ first: '2025-01-01', after: '2026-01-01' });
    const params = [
      { name: 'from', period: 'from' as const },
      { name: 'to', period: 'to' as const },
      { name: 'until', period: 'until' as const },
      { name: 'region' },
    ];
    expect(periodValues(params, 'lastMonth', '2024-03-10')).toEqual({
      from: '2024-02-01',
      to: '2024-02-29',
      until: '2024-03-01',
    });
  });
});
