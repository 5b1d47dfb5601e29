// The form of a request, read-only, as it was submitted: the record (as the viewer may see it —
// row rules and masking apply) in the form version it was made with; when the viewer may not read
// the record itself (an approver outside its rows), the request's own copy of the data. A record
// that is a numbered document shows its number and a link to its own page.
import { useLocale, useMessages } from '../i18n/react.tsx';
import { Alert, Spinner, useLoad } from '../ui/index.ts';
import { FormaForm } from '../ui/rjsf/theme.tsx';
import { api } from '../api/client.ts';
import { Link } from '../shell/router.tsx';

import { loadForm, portalWidgets } from './form-runtime.tsx';
import { portalMessages } from './messages.ts';
import './request.css';

type Json = Record<string, unknown>;

/** Process variables that are the approval's own, not the form's. */
const NOT_FORM_DATA = new Set(['record', 'requester', 'settings', 'module', 'approval', 'approvals']);

export function RecordView({ requestId, variables }: { requestId: string; variables: Json | undefined }) {
  const t = useMessages(portalMessages);
  const { locale } = useLocale();
  const ref = variables?.record as { id?: string; form?: string } | undefined;
  const loaded = useLoad(
    async (signal) => {
      if (!ref?.id || !ref.form) return null;
      const record = await api
        .get('/api/records/{form}/{id}', { path: { form: ref.form, id: ref.id }, signal })
        .catch(() => null);
      const form = await loadForm(ref.form, locale, record?.formVersion, signal);
      const data: Json = record
        ? (record.data as Json)
        : Object.fromEntries(Object.entries(variables ?? {}).filter(([k]) => !NOT_FORM_DATA.has(k)));
      return { form, data, number: record?.number };
    },
    [ref?.id, ref?.form, locale],
  );
  if (!ref?.id) return null;
  if (loaded.error) return <Alert tone="error">{loaded.error.text(locale)}</Alert>;
  if (!loaded.data) return <Spinner label={t('loading')} />;
  return (
    <>
      {loaded.data.number && (
        <p className="fp-record-number">
          {t('request.number', { number: loaded.data.number })}{' '}
          <Link to={`/records/${ref.form}/${ref.id}`}>{t('request.openDocument')}</Link>
        </p>
      )}
      <FormaForm
        className="fp-record-view"
        schema={loaded.data.form.schema}
        uiSchema={{
          ...loaded.data.form.uiSchema,
          // Read-only: no add / remove / move buttons on line items.
          'ui:globalOptions': { addable: false, removable: false, orderable: false, copyable: false },
        }}
        formData={loaded.data.data}
        widgets={portalWidgets}
        formContext={{ requestId }}
        readonly
        noValidate
      >
        <></>
      </FormaForm>
    </>
  );
}
