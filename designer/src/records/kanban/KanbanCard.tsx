// One card of the board: the record's title (a link to its page), the fields views.json names for
// cards, and "Move to…" — the way to move it without dragging (keyboard, screen reader, a phone
// held in one hand).
import type { PointerEvent } from 'react';
import { useLocale, useMessages } from '../../i18n/react.tsx';
import { Link } from '../../shell/router.tsx';
import {
  displayValue,
  fieldOf,
  labelOf,
  recordHref,
  recordName,
  valueAt,
  type Doctype,
  type RecordRow,
} from '../data.ts';
import { recordsMessages } from '../messages.ts';
import { StatusBadge } from '../StatusBadge.tsx';

export function KanbanCard({
  doctype,
  row,
  cardFields,
  names,
  dragging,
  refused,
  targets,
  onPointerDown,
  onMove,
}: {
  doctype: Doctype;
  row: RecordRow;
  cardFields: string[];
  names: (id: string | undefined) => string;
  dragging: boolean;
  refused: boolean;
  targets: Array<{ key: string; label: string }>;
  onPointerDown: (e: PointerEvent<HTMLLIElement>) => void;
  onMove: (to: string) => void;
}) {
  const t = useMessages(recordsMessages);
  const { locale } = useLocale();
  const name = recordName(row);
  return (
    <li
      className="fr-card"
      data-card={row.id}
      data-dragging={dragging || undefined}
      data-refused={refused || undefined}
      onPointerDown={onPointerDown}
    >
      <Link className="fr-card__title" to={recordHref(doctype.form, row.id)} draggable={false}>
        {name}
      </Link>
      {cardFields.length > 0 && (
        <dl className="fr-card__fields">
          {cardFields.map((path) => (
            <div key={path} className="fr-card__field">
              <dt>{labelOf(doctype, path, locale)}</dt>
              <dd>
                {path === 'status' ? (
                  <StatusBadge status={row.status ?? ''} />
                ) : (
                  displayValue(fieldOf(doctype, path), valueAt(row, path), locale, names)
                )}
              </dd>
            </div>
          ))}
        </dl>
      )}
      <select
        className="f-select fr-card__move"
        aria-label={t('kanban.moveLabel', { name })}
        value=""
        data-move={row.id}
        onChange={(e) => {
          if (e.target.value !== '') onMove(e.target.value === '\u0000' ? '' : e.target.value);
        }}
      >
        <option value="">{t('kanban.moveTo')}</option>
        {targets.map((target) => (
          // The column of unset values has the empty key, which a select reserves for "nothing chosen".
          <option key={target.key} value={target.key === '' ? '\u0000' : target.key}>
            {target.label}
          </option>
        ))}
      </select>
    </li>
  );
}
