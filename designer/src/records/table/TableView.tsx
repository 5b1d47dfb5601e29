// The table screen: the document type's columns (or a saved view's), sorted by a click on a column
// heading, pages loaded on demand (the API's cursor), rows selected for a bulk action (bulk-actions.ts).
// On a phone each row is a card (the kit's table does that), its title linking to the record.
import { useState } from 'react';
import { api } from '../../api/client.ts';
import { asApiError } from '../../api/errors.ts';
import { useLocale, useMessages } from '../../i18n/react.tsx';
import { Link } from '../../shell/router.tsx';
import { Alert, Button, Icon, Spinner, useLoad } from '../../ui/index.ts';
import { Checkbox, ConfirmDialog, Dialog, TableFrame } from '../../ui/kit/index.ts';
import { useUserNames } from '../../portal/data.ts';
import { displayValue, fieldOf, labelOf, recordHref, recordName, valueAt, type RecordRow } from '../data.ts';
import type { ScreenProps } from '../list/RecordListPage.tsx';
import { queryOf } from '../list/query.ts';
import { recordsMessages } from '../messages.ts';
import { StatusBadge } from '../StatusBadge.tsx';
import { BULK_ACTIONS, type BulkAction } from './bulk-actions.ts';

const PAGE = 50;

export default function TableView({ doctype, state, onState, generation }: ScreenProps) {
  const t = useMessages(recordsMessages);
  const { locale } = useLocale();
  const columns = state.columns ?? doctype.list.columns;
  const [more, setMore] = useState<{ items: RecordRow[]; cursor: string | null } | null>(null);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [confirm, setConfirm] = useState<BulkAction | null>(null);
  const [choosingColumns, setChoosingColumns] = useState(false);
  const [result, setResult] = useState<{ tone: 'success' | 'error'; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const key = JSON.stringify([doctype.form, state.where, state.q, state.sort, generation]);
  const first = useLoad(
    (signal) => {
      setMore(null);
      setSelected(new Set());
      return api.post('/api/records/{form}/query', {
        path: { form: doctype.form },
        body: queryOf(state, {}, PAGE),
        signal,
      });
    },
    [key],
  );
  const rows = [...(first.data?.items ?? []), ...(more?.items ?? [])];
  const cursor = more ? more.cursor : (first.data?.nextCursor ?? null);
  const names = useUserNames(
    rows.flatMap((r) =>
      columns.map((c) => (fieldOf(doctype, c)?.kind === 'user' ? String(valueAt(r, c) ?? '') : undefined)),
    ),
  );

  const loadMore = async () => {
    if (!cursor) return;
    const page = await api.post('/api/records/{form}/query', {
      path: { form: doctype.form },
      body: { ...queryOf(state, {}, PAGE), cursor },
    });
    setMore({ items: [...(more?.items ?? []), ...page.items], cursor: page.nextCursor });
  };

  const sortBy = (path: string) => {
    const current = state.sort ?? doctype.list.sort;
    const direction = current.field === path && current.direction === 'asc' ? 'desc' : 'asc';
    onState({ sort: { field: path, direction } });
  };

  const chosen = rows.filter((r) => selected.has(r.id));
  const run = async (action: BulkAction) => {
    setConfirm(null);
    setBusy(true);
    setResult(null);
    const ctx = { doctype, state, columns, locale };
    const label = t(action.label);
    try {
      if (action.all) {
        await action.all(chosen, ctx);
        setResult({ tone: 'success', text: t('bulk.done', { action: label, done: chosen.length }) });
      } else if (action.each) {
        const failed: string[] = [];
        let done = 0;
        for (const row of chosen) {
          try {
            await action.each(row, ctx);
            done++;
          } catch (e) {
            failed.push(`${recordName(row)}: ${asApiError(e).text(locale)}`);
          }
        }
        setResult(
          failed.length
            ? {
                tone: 'error',
                text: t('bulk.partly', { action: label, done, failed: failed.length, first: failed[0]! }),
              }
            : { tone: 'success', text: t('bulk.done', { action: label, done }) },
        );
        first.reload();
      }
    } catch (e) {
      setResult({ tone: 'error', text: asApiError(e).text(locale) });
    } finally {
      setBusy(false);
    }
  };

  const actions = BULK_ACTIONS.filter((a) => a.offered(doctype));
  const sort = state.sort ?? doctype.list.sort;
  const allChosen = rows.length > 0 && rows.every((r) => selected.has(r.id));

  return (
    <div className="fr-table" data-screen="table">
      <div className="fr-table__bar">
        <span className="fr-muted" role="status">
          {selected.size > 0
            ? t('table.selected', { n: selected.size })
            : t('table.count', { shown: rows.length })}
        </span>
        {selected.size > 0 &&
          actions.map((a) => (
            <Button
              key={a.id}
              variant={a.danger ? 'danger' : 'secondary'}
              data-bulk={a.id}
              disabled={busy}
              onClick={() => (a.confirm ? setConfirm(a) : void run(a))}
            >
              <Icon name={a.icon} size={18} />
              {t(a.label)}
            </Button>
          ))}
        <Button variant="ghost" data-action="columns" onClick={() => setChoosingColumns(true)}>
          <Icon name="table" size={18} />
          {t('table.columns')}
        </Button>
      </div>
      {result && <Alert tone={result.tone}>{result.text}</Alert>}
      {first.error && <Alert tone="error">{first.error.text(locale)}</Alert>}
      {first.loading && !first.data && <Spinner label={t('loading')} />}
      {first.data && rows.length === 0 && <p className="f-table__empty">{t('table.empty')}</p>}
      {rows.length > 0 && (
        <TableFrame caption={t('view.table')}>
          <thead>
            <tr>
              <th scope="col" className="fr-table__check">
                <Checkbox
                  label={t('table.selectAll')}
                  hideLabel
                  checked={allChosen}
                  onChange={(on) => setSelected(on ? new Set(rows.map((r) => r.id)) : new Set())}
                />
              </th>
              {columns.map((path) => {
                const field = fieldOf(doctype, path);
                const label = labelOf(doctype, path, locale);
                const numeric = field?.kind === 'money' || field?.kind === 'number';
                return (
                  <th
                    key={path}
                    scope="col"
                    className={numeric ? 'f-table__num' : undefined}
                    aria-sort={
                      sort.field === path
                        ? sort.direction === 'asc'
                          ? 'ascending'
                          : 'descending'
                        : undefined
                    }
                  >
                    {field?.sortable ? (
                      <button
                        type="button"
                        className="fr-sort"
                        data-sort={path}
                        aria-label={t('table.sortBy', { field: label })}
                        onClick={() => sortBy(path)}
                      >
                        {label}
                        {sort.field === path && (
                          <Icon name={sort.direction === 'asc' ? 'up' : 'down'} size={14} />
                        )}
                      </button>
                    ) : (
                      label
                    )}
                  </th>
                );
              })}
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.id} data-row={row.id}>
                <td className="fr-table__check" data-label="">
                  <Checkbox
                    label={t('table.select', { name: recordName(row) })}
                    hideLabel
                    checked={selected.has(row.id)}
                    onChange={(on) => {
                      const next = new Set(selected);
                      if (on) next.add(row.id);
                      else next.delete(row.id);
                      setSelected(next);
                    }}
                  />
                </td>
                {columns.map((path, i) => {
                  const field = fieldOf(doctype, path);
                  const value = valueAt(row, path);
                  const text = path === 'status' ? null : displayValue(field, value, locale, names);
                  const numeric = field?.kind === 'money' || field?.kind === 'number';
                  return (
                    <td
                      key={path}
                      data-label={labelOf(doctype, path, locale)}
                      data-path={path}
                      className={
                        [numeric && 'f-table__num', i === 0 && 'f-table__primary']
                          .filter(Boolean)
                          .join(' ') || undefined
                      }
                    >
                      {path === 'status' ? (
                        <StatusBadge status={String(value ?? '')} />
                      ) : i === 0 ? (
                        <Link to={recordHref(doctype.form, row.id)}>{text || recordName(row)}</Link>
                      ) : (
                        text
                      )}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </TableFrame>
      )}
      {cursor && (
        <Button variant="ghost" data-action="more" onClick={() => void loadMore()}>
          {t('table.more')}
        </Button>
      )}
      {confirm && (
        <ConfirmDialog
          title={t(confirm.label)}
          confirmLabel={t(confirm.label)}
          variant={confirm.danger ? 'danger' : 'primary'}
          onConfirm={() => run(confirm)}
          onClose={() => setConfirm(null)}
        >
          {t(confirm.confirm!, { n: chosen.length })}
        </ConfirmDialog>
      )}
      {choosingColumns && (
        <Dialog
          title={t('table.columnsTitle')}
          onClose={() => setChoosingColumns(false)}
          size="small"
          sheet
          data={{ dialog: 'columns' }}
          footer={
            <Button variant="primary" onClick={() => setChoosingColumns(false)}>
              {t('filter.apply')}
            </Button>
          }
        >
          <div className="fr-columns">
            {doctype.fields
              .filter((f) => f.kind !== 'other')
              .map((f) => (
                <Checkbox
                  key={f.path}
                  roomy
                  label={f.label[locale] || f.label.en}
                  checked={columns.includes(f.path)}
                  onChange={(on) => {
                    const next = on ? [...columns, f.path] : columns.filter((c) => c !== f.path);
                    if (next.length) onState({ columns: next });
                  }}
                />
              ))}
          </div>
        </Dialog>
      )}
    </div>
  );
}
