// The report result and chart spec as the API sends them (openapi.gen.ts), named for the charts.
import type { ReplyOf } from '../../api/client.ts';

export type ReportResult = ReplyOf<'/api/reports/{id}/run', 'post'>;
export type ResultColumn = ReportResult['columns'][number];

export type ChartType = 'table' | 'bar' | 'stacked' | 'line' | 'pie' | 'funnel' | 'number';

export interface ChartSpec {
  type: ChartType;
  /** The category column (default: the first group column). */
  x?: string;
  /** The measures drawn (default: every measure). */
  y?: string[];
  /** A group column splitting the series (stacked bars, a pivot). */
  series?: string;
  /** For number: the change against the previous row (period). */
  compare?: 'previous';
}

/** What a click on a figure asks for: the group cell and the measure behind it. */
export interface DrillTarget {
  group: Record<string, unknown>;
  measure?: string;
}
