// A returned request, corrected in its own form and resubmitted: the record as submitted, editable
// (checked in the browser as the server will), a comment on what changed; the approval starts again
// with the corrected values.
import type { IChangeEvent } from '@rjsf/core';
import type { ErrorSchema } from '@rjsf/utils';
import { useMemo, useState } from 'react';
import { api } from '../api/client.ts';
import { asApiError } from '../api/errors.ts';
import { useLocale, useMessages } from '../i18n/react.tsx';
import { Alert, Button, Spinner, useLoad } from '../ui/index.ts';
import { FormaForm } from '../ui/rjsf/theme.tsx';

import { CommentField } from './dialogs.tsx';
import { loadForm, portalWidgets, withoutReadOnly } from './form-runtime.tsx';
import { compiledForm, errorSchemaOf, withComputed } from '../ui/rjsf/server-checks.ts';
import { useCalendarFunctions } from '../ui/rjsf/use-calendar-functions.ts';
import { portalMessages } from './messages.ts';

type Json = Record<string, unknown>;

export function ResubmitForm({
  requestId,
  taskId,
  record,
  onDone,
  onCancel,
}: {
  requestId: string;
  taskId: string;
  record: { id: string; form: string };
  onDone: () => void;
  onCancel: () => void;
}) {
  const t = useMessages(portalMessages);
  const { locale } = useLocale();
  const loaded = useLoad(
    async (signal) => {
      const row = await api.get('/api/records/{form}/{id}', {
        path: { form: record.form, id: record.id },
        signal,
      });
      return { row, form: await loadForm(record.form, locale, row.formVersion, signal) };
    },
    [record.form, record.id, locale],
  );
  const compiled = useMemo(
    () => (loaded.data ? compiledForm(loaded.data.form.definition) : null),
    [loaded.data],
  );
  const [data, setData] = useState<Json | null>(null);
  // The requester's business calendar for `working days` (what the server counts for them).
  const functions = useCalendarFunctions(compiled, (form, loaded) =>
    setData((d) => (d ? withComputed(form, d, loaded) : d)),
  );
  const [comment, setComment] = useState('');
  const [extraErrors, setExtraErrors] = useState<ErrorSchema | undefined>(undefined);
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  if (loaded.error) return <Alert tone="error">{loaded.error.text(locale)}</Alert>;
  if (!loaded.data || !compiled) return <Spinner label={t('loading')} />;
  const { form, row } = loaded.data;
  const shown = data ?? (row.data as Json);

  const submit = async (e: IChangeEvent) => {
    const payload = withoutReadOnly(form.uiSchema, (e.formData ?? {}) as Json);
    setExtraErrors(undefined);
    setProblem(null);
    const check = compiled.check(payload, functions);
    if (check.errors.length > 0) {
      setExtraErrors(errorSchemaOf(check.errors, locale));
      setProblem(t('new.fix', { n: check.errors.length }));
      return;
    }
    setBusy(true);
    try {
      await api.post('/api/catalogue/requests/{id}/resubmit', {
        path: { id: requestId },
        body: { taskId, data: payload, ...(comment.trim() ? { comment: comment.trim() } : {}) },
      });
      onDone();
    } catch (err) {
      const error = asApiError(err);
      setExtraErrors(
        errorSchemaOf(
          error.details.map((d) => ({ ...d, path: d.path.replace(/^\/data(?=\/|$)/, '') })),
          locale,
        ),
      );
      setProblem(error.text(locale));
      setBusy(false);
    }
  };

  return (
    <div className="fp-resubmit">
      <p className="fp-muted">{t('resubmit.explain')}</p>
      {problem && <Alert tone="error">{problem}</Alert>}
      <FormaForm
        schema={form.schema}
        uiSchema={form.uiSchema}
        formData={shown}
        widgets={portalWidgets}
        formContext={{ requestId }}
        {...(extraErrors ? { extraErrors } : {})}
        showErrorList={false}
        focusOnFirstError
        onChange={(e: IChangeEvent) => setData(withComputed(compiled, (e.formData ?? {}) as Json, functions))}
        onSubmit={(e: IChangeEvent) => void submit(e)}
      >
        <CommentField label={t('resubmit.whatChanged')} value={comment} onChange={setComment} />
        <div className="f-form-actions">
          <Button type="submit" variant="primary" icon="send" busy={busy}>
            {t('action.resubmit')}
          </Button>
          <Button variant="ghost" onClick={onCancel} disabled={busy}>
            {t('dialog.cancel')}
          </Button>
        </div>
      </FormaForm>
    </div>
  );
}
