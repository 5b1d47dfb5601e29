// One report drawn: a KPI card (its change against the previous period), a chart with its table
// a tap away, or a table; any figure drills into the rows behind it (DrillDialog). Used by the
// dashboard's cards, the report page and the builder's preview.
import { useMemo, useState } from 'react';
import { useLocale, useLocalized, useMessages } from '../i18n/react.tsx';
import { Segmented } from '../ui/kit/index.ts';
import { chartOption } from './charts/chart-option.ts';
import { EChart } from './charts/EChart.tsx';
import { kpiFigure } from './charts/kpi.ts';
import type { ChartSpec, DrillTarget, ReportResult } from './charts/types.ts';
import { DrillDialog } from './DrillDialog.tsx';
import { ResultTable } from './ResultTable.tsx';
import { analyticsMessages } from './messages.ts';
import { useNarrow } from './use-narrow.ts';

export function ReportFigure({
  report,
  result,
  spec,
  params = {},
  title,
  drillable = true,
}: {
  report: string;
  result: ReportResult;
  spec: ChartSpec;
  params?: Record<string, unknown>;
  title: string;
  /** False in the builder's preview (an unsaved report has no rows to drill into yet). */
  drillable?: boolean;
}) {
  const t = useMessages(analyticsMessages);
  const localized = useLocalized();
  const narrow = useNarrow();
  const [target, setTarget] = useState<DrillTarget | null>(null);
  const [view, setView] = useState<'chart' | 'table'>('chart');
  const label = useMemo(() => {
    const labels = new Map(result.columns.map((c) => [c.name, c.label ? localized(c.label) : c.name]));
    return (column: string) => labels.get(column) ?? column;
  }, [result, localized]);
  const option = useMemo(() => chartOption(result, spec, label, { narrow }), [result, spec, label, narrow]);
  const onDrill = drillable ? setTarget : () => {};
  const hasGroups = result.columns.some((c) => c.kind === 'group');
  // A funnel without groups draws its one row's measures as steps (chart-option.ts stepFunnel).
  const steps = spec.type === 'funnel' && !hasGroups && result.rows.length === 1;
  const charted =
    steps || (spec.type !== 'table' && spec.type !== 'number' && hasGroups && result.rows.length > 0);
  return (
    <div className="fa-figure-box">
      {spec.type === 'number' ? (
        <Kpi result={result} spec={spec} label={label} onDrill={onDrill} />
      ) : (
        <>
          {charted && (
            <Segmented
              label={title}
              selected={view}
              onSelect={setView}
              items={[
                { id: 'chart', label: t('showChart') },
                { id: 'table', label: t('showTable') },
              ]}
            />
          )}
          {charted && view === 'chart' ? (
            <EChart option={option} label={title} height={narrow ? 240 : 300} onDrill={onDrill} />
          ) : result.rows.length === 0 ? (
            <p className="fa-muted">{t('report.empty')}</p>
          ) : (
            <ResultTable result={result} spec={spec} label={label} onDrill={onDrill} />
          )}
        </>
      )}
      {target && (
        <DrillDialog
          report={report}
          params={params}
          target={target}
          label={label}
          onClose={() => setTarget(null)}
        />
      )}
    </div>
  );
}

function Kpi({
  result,
  spec,
  label,
  onDrill,
}: {
  result: ReportResult;
  spec: ChartSpec;
  label: (column: string) => string;
  onDrill: (target: DrillTarget) => void;
}) {
  const t = useMessages(analyticsMessages);
  const { locale } = useLocale();
  const kpi = kpiFigure(result, spec);
  const change =
    kpi.change === null
      ? null
      : `${kpi.change >= 0 ? '▲' : '▼'} ${new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 }).format(Math.abs(kpi.change))}`;
  return (
    <div className="fa-kpi">
      <button type="button" className="fa-kpi__value" onClick={() => onDrill(kpi.drill)}>
        <span className="fa-kpi__label">{label(kpi.measure)}</span>
        <strong>{kpi.value === null || kpi.value === undefined ? '—' : String(kpi.value)}</strong>
      </button>
      {spec.compare === 'previous' &&
        (change ? (
          <p className={`fa-kpi__change fa-kpi__change--${kpi.change! >= 0 ? 'up' : 'down'}`}>
            {t('kpi.vsPrevious', { change, period: previousPeriod(result, spec) })}
          </p>
        ) : (
          <p className="fa-muted">{t('kpi.noPrevious')}</p>
        ))}
    </div>
  );
}

/** The x of the row before the last (the period compared with). */
function previousPeriod(result: ReportResult, spec: ChartSpec): string {
  const x = spec.x ?? result.columns.find((c) => c.kind === 'group')?.name;
  const row = result.rows[result.rows.length - 2];
  return x && row ? String(row[x] ?? '') : '';
}
