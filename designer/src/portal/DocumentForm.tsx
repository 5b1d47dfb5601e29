// A request's form as one step may see it (the server's `document`: the data without the fields
// hidden from this reader, and each field's access): hidden fields are absent, read-only ones are
// shown greyed and cannot be changed, and the fields this step may fill in (finance's payment date)
// are editable — `onChange` receives only those. The server checks the same permissions again.
import { useLocale, useMessages } from '../i18n/react.tsx';
import { Alert, Spinner, useLoad } from '../ui/index.ts';
import { FormaForm } from '../ui/rjsf/theme.tsx';
import type { DocumentView } from './approval-views.ts';
import { forAccess } from './form-logic.ts';
import { loadForm, portalWidgets } from './form-runtime.tsx';
import { portalMessages } from './messages.ts';
import './request.css';

type Json = Record<string, unknown>;

export function DocumentForm({
  document,
  requestId,
  values,
  onChange,
}: {
  document: DocumentView;
  requestId: string;
  /** The editable fields' values as changed here. */
  values?: Json;
  onChange?: (edits: Json) => void;
}) {
  const t = useMessages(portalMessages);
  const { locale } = useLocale();
  const form = useLoad(
    (signal) => loadForm(document.form.id, locale, document.form.version, signal),
    [document.form.id, document.form.version, locale],
  );
  if (form.error) return <Alert tone="error">{form.error.text(locale)}</Alert>;
  if (!form.data) return <Spinner label={t('loading')} />;
  const editable = Object.entries(document.fields)
    .filter(([, a]) => a === 'editable')
    .map(([f]) => f);
  const canEdit = editable.length > 0 && onChange !== undefined;
  const shaped = forAccess(form.data.schema, form.data.uiSchema, document.fields, canEdit);
  return (
    <FormaForm
      className={`fp-record-view${canEdit ? ' fp-record-view--editable' : ''}`}
      schema={shaped.schema}
      uiSchema={{
        ...shaped.uiSchema,
        // Line items cannot be added, removed or moved while deciding.
        'ui:globalOptions': { addable: false, removable: false, orderable: false, copyable: false },
      }}
      formData={{ ...document.data, ...values }}
      widgets={portalWidgets}
      formContext={{ requestId }}
      readonly={!canEdit}
      noValidate
      onChange={(e) => {
        if (!canEdit) return;
        const data = (e.formData ?? {}) as Json;
        onChange(Object.fromEntries(editable.filter((f) => f in data).map((f) => [f, data[f]])));
      }}
    >
      <></>
    </FormaForm>
  );
}
