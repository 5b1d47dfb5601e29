// A report result as a table: one row per group with its measures and a totals row — or, when
// the chart splits by a second group (a pivot), that group's values across. Every figure is a
// button that drills into the rows behind it.
import { useMessages } from '../i18n/react.tsx';
import { TableFrame } from '../ui/kit/index.ts';
import { chartAxes, sameKey as same, unique } from './charts/chart-option.ts';
import type { ChartSpec, DrillTarget, ReportResult } from './charts/types.ts';
import { analyticsMessages } from './messages.ts';

const show = (v: unknown) => (v === null || v === undefined || v === '' ? '—' : String(v));

export function ResultTable({
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
  const groups = result.columns.filter((c) => c.kind === 'group');
  const measures = result.columns.filter((c) => c.kind === 'measure');
  const figure = (value: unknown, target: DrillTarget, what: string) => (
    <button
      type="button"
      className="fa-figure"
      onClick={() => onDrill(target)}
      aria-label={`${show(value)} — ${t('drill.figure', { what })}`}
    >
      {show(value)}
    </button>
  );
  const { x, y, series } = chartAxes(result, spec);
  if (series && x) {
    const measure = y[0]!;
    const across = unique(result.rows.map((r) => r[series]));
    const down = unique(result.rows.map((r) => r[x]));
    return (
      <TableFrame caption={label(measure)} className="fa-table">
        <thead>
          <tr>
            <th scope="col">
              {label(x)} \ {label(series)}
            </th>
            {across.map((s) => (
              <th key={show(s)} scope="col" className="f-table__num">
                {show(s)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {down.map((d) => (
            <tr key={show(d)}>
              <th scope="row">{show(d)}</th>
              {across.map((s) => {
                const row = result.rows.find((r) => same(r[x], d) && same(r[series], s));
                return (
                  <td key={show(s)} className="f-table__num">
                    {row
                      ? figure(
                          row[measure],
                          { group: { [x]: d, [series]: s }, measure },
                          `${show(d)} · ${show(s)}`,
                        )
                      : '—'}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </TableFrame>
    );
  }
  return (
    <TableFrame caption={result.report} className="fa-table">
      <thead>
        <tr>
          {[...groups, ...measures].map((c) => (
            <th key={c.name} scope="col" className={c.kind === 'measure' ? 'f-table__num' : undefined}>
              {label(c.name)}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {result.rows.map((row, i) => {
          const group = Object.fromEntries(groups.map((g) => [g.name, row[g.name] ?? null]));
          const what = groups.map((g) => show(row[g.name])).join(' · ');
          return (
            <tr key={i}>
              {groups.map((g) => (
                <td key={g.name} data-label={label(g.name)}>
                  {show(row[g.name])}
                </td>
              ))}
              {measures.map((m) => (
                <td key={m.name} className="f-table__num" data-label={label(m.name)}>
                  {figure(row[m.name], { group, measure: m.name }, `${what} ${label(m.name)}`)}
                </td>
              ))}
            </tr>
          );
        })}
      </tbody>
      {groups.length > 0 && (
        <tfoot>
          <tr>
            {groups.map((g, i) => (
              <th key={g.name} scope="row">
                {i === 0 ? t('total') : ''}
              </th>
            ))}
            {measures.map((m) => (
              <td key={m.name} className="f-table__num" data-label={label(m.name)}>
                {show(result.totals[m.name])}
              </td>
            ))}
          </tr>
        </tfoot>
      )}
    </TableFrame>
  );
}
