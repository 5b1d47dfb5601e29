// A table on a desktop; on a phone each row becomes a card of "label: value" lines, headed by the
// column that names the row. TableFrame is the same frame for a table a page lays out itself (a
// grid of checkboxes, rows that fold out).
import type { ReactNode } from 'react';
import { useMessages } from '#designer/i18n/react.tsx';
import { kitMessages } from './messages.ts';
import './table.css';

export interface Column<R> {
  key: string;
  label: string;
  render: (row: R) => ReactNode;
  /** Numbers align right. */
  numeric?: boolean;
  /** The column that names the row: a phone shows it as the card's title. */
  primary?: boolean;
}

/** The scrolling frame and the <table> (with a caption for screen readers). */
export function TableFrame({
  caption,
  className,
  children,
}: {
  caption?: string | undefined;
  className?: string;
  children: ReactNode;
}) {
  return (
    <div className="f-table-wrap">
      <table className={['f-table', className].filter(Boolean).join(' ')}>
        {caption && <caption className="f-visually-hidden">{caption}</caption>}
        {children}
      </table>
    </div>
  );
}

export function DataTable<R>({
  columns,
  rows,
  rowKey,
  empty,
  caption,
}: {
  columns: Column<R>[];
  rows: R[];
  rowKey: (row: R) => string;
  empty?: string;
  caption?: string;
}) {
  const t = useMessages(kitMessages);
  if (rows.length === 0) return <p className="f-table__empty">{empty ?? t('emptyList')}</p>;
  return (
    <TableFrame caption={caption}>
      <thead>
        <tr>
          {columns.map((c) => (
            <th key={c.key} scope="col" className={c.numeric ? 'f-table__num' : undefined}>
              {c.label}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={rowKey(row)} data-row={rowKey(row)}>
            {columns.map((c) => (
              <td
                key={c.key}
                data-label={c.label}
                className={
                  [c.numeric && 'f-table__num', c.primary && 'f-table__primary'].filter(Boolean).join(' ') ||
                  undefined
                }
              >
                {c.render(row)}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </TableFrame>
  );
}

/** The buttons of a row (edit, remove …). */
export function RowActions({ children }: { children: ReactNode }) {
  return <span className="f-row-actions">{children}</span>;
}
