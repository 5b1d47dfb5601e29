// What a list can do with the records one selected: one entry per action. Adding an action (the
// lifecycle's submit and cancel, say) is one more entry here — its label in messages.ts, when it
// is offered, what it does to one record; the table runs it over the selection and reports what
// was done and what the server refused (with its reason, in the person's language).
import { api } from '../../api/client.ts';
import type { Locale } from '../../i18n/define.ts';
import type { IconName } from '../../ui/index.ts';
import type { Doctype, RecordRow } from '../data.ts';
import { exportRecords } from '../list/export.ts';
import type { ListState } from '../list/query.ts';
import type { RecordsKey } from '../messages.ts';

export interface BulkContext {
  doctype: Doctype;
  state: ListState;
  columns: string[];
  locale: Locale;
}

export interface BulkAction {
  id: string;
  label: RecordsKey;
  icon: IconName;
  /** Asks first ("Delete 3 records?"), with this text ({n}: how many). */
  confirm?: RecordsKey;
  danger?: boolean;
  /** Offered for this document type (the person's rights). */
  offered: (doctype: Doctype) => boolean;
  /** Either one record at a time (the table collects what was refused)… */
  each?: (row: RecordRow, ctx: BulkContext) => Promise<unknown>;
  /** …or all of them at once. */
  all?: (rows: RecordRow[], ctx: BulkContext) => Promise<void>;
}

export const BULK_ACTIONS: BulkAction[] = [
  {
    id: 'export',
    label: 'bulk.export',
    icon: 'download',
    offered: (d) => d.rights.export,
    all: (rows, ctx) =>
      exportRecords(
        ctx.doctype.form,
        { where: {}, q: '', sort: ctx.state.sort },
        ctx.columns,
        'xlsx',
        ctx.locale,
        {
          id: { in: rows.map((r) => r.id) },
        },
      ),
  },
  {
    id: 'delete',
    label: 'bulk.delete',
    icon: 'trash',
    danger: true,
    confirm: 'bulk.deleteConfirm',
    offered: (d) => d.rights.delete,
    each: (row, ctx) =>
      api.delete('/api/records/{form}/{id}', {
        path: { form: ctx.doctype.form, id: row.id },
        query: { rev: row.rev },
      }),
  },
];
