// The rows behind a figure: the server reads them through the reader's row rules (the figure and
// its rows agree), each row named by its record's title and opening its record or the document it
// was posted from.
import { api } from '../api/client.ts';
import { Link } from '../shell/router.tsx';
import { useLocale, useMessages } from '../i18n/react.tsx';
import { Spinner, useLoad } from '../ui/index.ts';
import { Dialog, ErrorBox, TableFrame } from '../ui/kit/index.ts';
import type { DrillTarget } from './charts/types.ts';
import { analyticsMessages } from './messages.ts';

export function DrillDialog({
  report,
  params,
  target,
  label,
  onClose,
}: {
  report: string;
  params: Record<string, unknown>;
  target: DrillTarget;
  label: (column: string) => string;
  onClose: () => void;
}) {
  const t = useMessages(analyticsMessages);
  const { locale } = useLocale();
  const rows = useLoad(
    (signal) =>
      api.post('/api/reports/{id}/drill', {
        path: { id: report },
        body: { params, group: target.group, ...(target.measure ? { measure: target.measure } : {}) },
        signal,
      }),
    [report, JSON.stringify(target), JSON.stringify(params)],
  );
  const what = Object.values(target.group)
    .map((v) => (v === null || v === undefined ? '—' : String(v)))
    .join(' · ');
  // The columns some row has a value in (a funnel step's rows have none under the other steps).
  const columns = rows.data?.rows[0]
    ? Object.keys(rows.data.rows[0].values).filter((c) =>
        rows.data!.rows.some((r) => r.values[c] !== null && r.values[c] !== undefined),
      )
    : [];
  const titled = rows.data?.rows.some((r) => r.title) ?? false;
  return (
    <Dialog
      title={what ? `${t('drill.title')}: ${what}` : t('drill.title')}
      onClose={onClose}
      size="large"
      data={{ drill: report }}
    >
      {rows.loading && !rows.data && <Spinner label={t('loading')} />}
      {rows.error && <ErrorBox error={rows.error} />}
      {rows.data && rows.data.rows.length === 0 && <p className="fa-muted">{t('drill.none')}</p>}
      {rows.data && rows.data.rows.length > 0 && (
        <>
          <p className="fa-muted">
            {t('drill.of', { shown: rows.data.rows.length, total: rows.data.total })}
          </p>
          <TableFrame caption={t('drill.title')} className="fa-drill">
            <thead>
              <tr>
                {titled && <th scope="col">{t('drill.record')}</th>}
                {columns.map((c) => (
                  <th key={c} scope="col">
                    {label(c)}
                  </th>
                ))}
                <th scope="col">
                  <span className="f-visually-hidden">{t('drill.open')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.data.rows.map((row, i) => (
                <tr key={row.id ?? i} data-row={row.id}>
                  {titled && <td data-label={t('drill.record')}>{row.title ?? '—'}</td>}
                  {columns.map((c) => (
                    <td key={c} data-label={label(c)}>
                      {format(row.values[c], locale)}
                    </td>
                  ))}
                  <td>{row.link ? <Link to={row.link}>{t('drill.open')}</Link> : null}</td>
                </tr>
              ))}
            </tbody>
          </TableFrame>
        </>
      )}
    </Dialog>
  );
}

function format(value: unknown, _locale: string): string {
  if (value === null || value === undefined) return '—';
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}
