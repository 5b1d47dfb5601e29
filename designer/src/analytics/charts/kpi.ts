// A KPI card's figures (pure): the first measure drawn — of the last row against the row before
// when the card compares with the previous period (a report grouped by month, quarter …), else
// the totals. The change is a ratio of the exact decimals' numbers, shown with one decimal.
import { chartAxes } from './chart-option.ts';
import type { ChartSpec, DrillTarget, ReportResult } from './types.ts';

export interface KpiFigure {
  measure: string;
  value: unknown;
  /** The period the value is of (the last row's x), when compared. */
  period?: unknown;
  previous?: unknown;
  /** (value − previous) / |previous|, or null when there is nothing to compare with. */
  change: number | null;
  drill: DrillTarget;
}

export function kpiFigure(result: ReportResult, spec: ChartSpec): KpiFigure {
  const { x, y } = chartAxes(result, spec);
  const measure = y[0]!;
  if (spec.compare === 'previous' && x && result.rows.length > 0) {
    const last = result.rows[result.rows.length - 1]!;
    const before = result.rows.length > 1 ? result.rows[result.rows.length - 2]! : undefined;
    const now = Number(last[measure]);
    const then = Number(before?.[measure]);
    return {
      measure,
      value: last[measure] ?? null,
      period: last[x],
      ...(before ? { previous: before[measure] ?? null } : {}),
      change:
        before && Number.isFinite(now) && Number.isFinite(then) && then !== 0
          ? (now - then) / Math.abs(then)
          : null,
      drill: { group: { [x]: last[x] ?? null }, measure },
    };
  }
  return { measure, value: result.totals[measure] ?? null, change: null, drill: { group: {}, measure } };
}
