// The board: a column per option of the grouping field (views.json `kanban.groupBy`, or the form's
// first choice field), the records as cards. Moving a card — dragging it (mouse, or a finger after
// a long press), or its "Move to…" menu — changes that field through the records API; when the
// server refuses (a running approval locks the record, a rule forbids the value, someone changed
// it meanwhile) the card goes back where it was and the server's reason is shown.
import { useEffect, useMemo, useRef, useState } from 'react';
import { api } from '../../api/client.ts';
import { asApiError } from '../../api/errors.ts';
import { useLocale, useMessages } from '../../i18n/react.tsx';
import { Alert, Button, Spinner, useLoad } from '../../ui/index.ts';
import { SelectField } from '../../ui/kit/index.ts';
import { useUserNames } from '../../portal/data.ts';
import { fieldOf, recordName, valueAt, type RecordRow, type Where } from '../data.ts';
import type { ScreenProps } from '../list/RecordListPage.tsx';
import { queryOf } from '../list/query.ts';
import { recordsMessages } from '../messages.ts';
import { KanbanCard } from './KanbanCard.tsx';
import { useCardDrag } from './use-card-drag.ts';
import './kanban.css';

const PER_COLUMN = 30;
/** The column of records whose field is not set. */
const NONE = '';

interface Column {
  key: string;
  label: string;
  rows: RecordRow[];
  cursor: string | null;
}

/** The patch that sets a record path (`data.stage`, or inside a group: `data.delivery.stage`). */
function patchFor(row: RecordRow, path: string, value: string | null): Record<string, unknown> {
  const [top, ...rest] = path.slice(5).split('.');
  if (rest.length === 0) return { [top!]: value };
  const copy = structuredClone((row.data as Record<string, unknown>)[top!] ?? {}) as Record<string, unknown>;
  let cur = copy;
  for (const part of rest.slice(0, -1)) cur = (cur[part] ??= {}) as Record<string, unknown>;
  if (value === null) delete cur[rest.at(-1)!];
  else cur[rest.at(-1)!] = value;
  return { [top!]: copy };
}

export default function KanbanView({ doctype, state, onState, generation }: ScreenProps) {
  const t = useMessages(recordsMessages);
  const { locale } = useLocale();
  const choices = doctype.fields.filter((f) => f.kind === 'select' && f.path.startsWith('data.'));
  // Only a form field groups a board (a move writes it); not the envelope's docstatus, say, from a URL.
  const groupBy =
    state.groupBy && choices.some((c) => c.path === state.groupBy) ? state.groupBy : doctype.kanban!.groupBy;
  const field = fieldOf(doctype, groupBy);
  const cardFields =
    state.groupBy && state.groupBy !== doctype.kanban?.groupBy ? [] : (doctype.kanban?.cardFields ?? []);
  const keys = useMemo(() => [...(field?.options ?? []).map((o) => o.value), NONE], [field]);
  const label = (key: string) => {
    const option = field?.options?.find((o) => o.value === key);
    return option ? option.label[locale] || option.label.en : t('kanban.none');
  };
  const conditionOf = (key: string): Where => ({ [groupBy]: key === NONE ? { exists: false } : key });

  const loaded = useLoad(
    async (signal) =>
      Promise.all(
        keys.map(async (key) => {
          const page = await api.post('/api/records/{form}/query', {
            path: { form: doctype.form },
            body: queryOf(state, conditionOf(key), PER_COLUMN),
            signal,
          });
          return { key, rows: page.items, cursor: page.nextCursor };
        }),
      ),
    [doctype.form, groupBy, JSON.stringify([state.where, state.q, state.sort]), generation],
  );
  const [columns, setColumns] = useState<Column[]>([]);
  useEffect(() => {
    if (loaded.data) setColumns(loaded.data.map((c) => ({ ...c, label: label(c.key) })));
    // label() reads the field's options, which come with the same load's deps.
  }, [loaded.data]);
  const [notice, setNotice] = useState<{ tone: 'success' | 'error'; text: string; card: string } | null>(
    null,
  );
  const boardRef = useRef<HTMLDivElement>(null);
  const names = useUserNames(columns.flatMap((c) => c.rows.map((r) => r.owner)));

  const move = async (cardId: string, from: string, to: string) => {
    const source = columns.find((c) => c.key === from);
    const index = source?.rows.findIndex((r) => r.id === cardId) ?? -1;
    const row = source?.rows[index];
    if (!row || from === to) return;
    const place = (cols: Column[], card: RecordRow, where: string, at?: number) =>
      cols.map((c) => {
        const rows = c.rows.filter((r) => r.id !== card.id);
        if (c.key !== where) return { ...c, rows };
        const i = at ?? 0;
        return { ...c, rows: [...rows.slice(0, i), card, ...rows.slice(i)] };
      });
    setColumns((cols) => place(cols, row, to));
    setNotice(null);
    try {
      const updated = await api.patch('/api/records/{form}/{id}', {
        path: { form: doctype.form, id: row.id },
        body: { rev: row.rev, patch: patchFor(row, groupBy, to === NONE ? null : to) },
      });
      setColumns((cols) => place(cols, updated, to));
      setNotice({
        tone: 'success',
        card: row.id,
        text: t('kanban.moved', { name: recordName(row), column: label(to) }),
      });
    } catch (e) {
      // Back where it was, with the server's reason.
      setColumns((cols) => place(cols, row, from, index));
      setNotice({
        tone: 'error',
        card: row.id,
        text: t('kanban.refused', {
          name: recordName(row),
          column: label(from),
          reason: asApiError(e).text(locale),
        }),
      });
    }
  };

  const { drag, pickUp, swallowClick } = useCardDrag(boardRef, (card, from, to) => void move(card, from, to));

  const loadMore = async (key: string) => {
    const column = columns.find((c) => c.key === key);
    if (!column?.cursor) return;
    const page = await api.post('/api/records/{form}/query', {
      path: { form: doctype.form },
      body: { ...queryOf(state, conditionOf(key), PER_COLUMN), cursor: column.cursor },
    });
    setColumns((cols) =>
      cols.map((c) =>
        c.key === key ? { ...c, rows: [...c.rows, ...page.items], cursor: page.nextCursor } : c,
      ),
    );
  };

  const dragged = drag ? columns.flatMap((c) => c.rows).find((r) => r.id === drag.card) : undefined;

  return (
    <div className="fr-kanban" data-screen="kanban" data-group-by={groupBy}>
      <div className="fr-kanban__bar">
        {choices.length > 1 && (
          <SelectField
            label={t('views')}
            name="group-by"
            className="fr-kanban__group"
            value={groupBy}
            onChange={(e) => onState({ groupBy: e.target.value })}
            options={choices.map((c) => ({ value: c.path, label: c.label[locale] || c.label.en }))}
          />
        )}
        <p className="fr-muted fr-kanban__hint">{t('kanban.dragHint')}</p>
      </div>
      {notice && (
        <div data-notice-card={notice.card}>
          <Alert tone={notice.tone}>{notice.text}</Alert>
        </div>
      )}
      {loaded.error && <Alert tone="error">{loaded.error.text(locale)}</Alert>}
      {loaded.loading && columns.length === 0 && <Spinner label={t('loading')} />}
      <div className="fr-kanban__board" ref={boardRef} onClickCapture={swallowClick}>
        {columns.map((column) => (
          <section
            key={column.key}
            className="fr-kanban__column"
            data-column={column.key}
            data-over={drag && drag.over === column.key && drag.from !== column.key ? true : undefined}
            aria-labelledby={`fr-col-${column.key || 'none'}`}
          >
            <h3 className="fr-kanban__title" id={`fr-col-${column.key || 'none'}`}>
              {column.label}
              <span className="fr-kanban__count">{t('kanban.count', { n: column.rows.length })}</span>
            </h3>
            <ul className="fr-kanban__cards">
              {column.rows.map((row) => (
                <KanbanCard
                  key={row.id}
                  doctype={doctype}
                  row={row}
                  cardFields={cardFields}
                  names={names}
                  dragging={drag?.card === row.id}
                  refused={notice?.tone === 'error' && notice.card === row.id}
                  targets={columns
                    .filter((c) => c.key !== column.key)
                    .map((c) => ({ key: c.key, label: c.label }))}
                  onPointerDown={(e) => pickUp(e, row.id, column.key)}
                  onMove={(to) => void move(row.id, column.key, to)}
                />
              ))}
            </ul>
            {column.cursor && (
              <Button variant="ghost" onClick={() => void loadMore(column.key)}>
                {t('kanban.more')}
              </Button>
            )}
          </section>
        ))}
      </div>
      {drag && dragged && (
        <div
          className="fr-kanban__ghost"
          aria-hidden="true"
          style={{ left: drag.x - drag.dx, top: drag.y - drag.dy, width: drag.width }}
        >
          <span className="fr-card__title">{recordName(dragged)}</span>
          {cardFields.length > 0 && (
            <span className="fr-muted">{String(valueAt(dragged, cardFields[0]!) ?? '')}</span>
          )}
        </div>
      )}
    </div>
  );
}
