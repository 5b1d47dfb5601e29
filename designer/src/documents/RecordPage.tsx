// A record's page, made from its form's definition (no page is written per form): the form itself
// (FormaForm, the portal's form runtime: checked in the browser as the server checks it, link
// fields as pickers that fetch as the user picks), the document's state and the lifecycle buttons
// the reader may use now (edit, submit, submit for approval, cancel with a reason, amend, delete,
// print), the documents its form makes from it (a won deal's sales order), what happened around
// it (activity: the records linking to it and their logged changes), its timeline (the approval
// it went through, every change), the documents linking to it and what it posted.
// `/records/:form/new` is the same page for a new record.
import type { IChangeEvent } from '@rjsf/core';
import type { ErrorSchema, UiSchema } from '@rjsf/utils';
import { useMemo, useState } from 'react';
import { api } from '../api/client.ts';
import { asApiError } from '../api/errors.ts';
import { useLocale, useLocalized, useMessages } from '../i18n/react.tsx';
import { loadForm, portalWidgets } from '../portal/form-runtime.tsx';
import { compiledForm, errorSchemaOf, withComputed } from '../ui/rjsf/server-checks.ts';
import { useCalendarFunctions } from '../ui/rjsf/use-calendar-functions.ts';
import { RequestStatusBadge } from '../portal/RequestStatusBadge.tsx';
import type { PageProps } from '../shell/routes.ts';
import { Link, navigate } from '../shell/router.tsx';
import { Alert, Button, Page, Spinner, dateTime, useLoad } from '../ui/index.ts';
import { Badges, ErrorBox } from '../ui/kit/index.ts';
import { applyFetched } from '../ui/rjsf/link-fetch.ts';
import { FormaForm } from '../ui/rjsf/theme.tsx';
import { DocstatusBadge } from './DocstatusBadge.tsx';
import { LifecycleDialogs, type LifecycleDialog } from './LifecycleDialogs.tsx';
import { MakeButtons } from './MakeButtons.tsx';
import { documentMessages } from './messages.ts';
import { hasCodeField, loadRecord, nameOf, type LoadedRecord, type RecordEnvelope } from './record-data.ts';
import { RecordActivity } from './RecordActivity.tsx';
import { RecordDeliveries } from './RecordDeliveries.tsx';
import { LinkedDocuments, Postings, RecordTimeline } from './RecordSide.tsx';
import { RecordStock } from './RecordStock.tsx';
import './documents.css';

type Json = Record<string, unknown>;

const READ_ONLY_OPTIONS = { addable: false, removable: false, orderable: false, copyable: false };

export default function RecordPage({ params }: PageProps) {
  const formId = params.form ?? '';
  const id = params.id;
  return id ? <ExistingRecord formId={formId} id={id} /> : <NewRecord formId={formId} />;
}

function NewRecord({ formId }: { formId: string }) {
  const t = useMessages(documentMessages);
  const { locale } = useLocale();
  const localized = useLocalized();
  const form = useLoad((signal) => loadForm(formId, locale, undefined, signal), [formId, locale]);
  if (form.error) return <ErrorBox error={form.error} />;
  if (!form.data) return <Spinner label={t('loading')} />;
  const title = t('newTitle', { form: localized(form.data.definition.name) });
  return (
    <Page title={title}>
      <RecordForm
        formId={formId}
        rendered={form.data}
        initial={{}}
        submitLabel={t('create')}
        onSave={async (data) => {
          const created = await api.post('/api/records/{form}', { path: { form: formId }, body: { data } });
          navigate(`/records/${formId}/${created.id}?done=created`);
        }}
      />
    </Page>
  );
}

function ExistingRecord({ formId, id }: { formId: string; id: string }) {
  const t = useMessages(documentMessages);
  const { locale } = useLocale();
  const localized = useLocalized();
  const loaded = useLoad((signal) => loadRecord(formId, id, locale, signal), [formId, id, locale]);
  const [editing, setEditing] = useState(false);
  const [dialog, setDialog] = useState<LifecycleDialog | null>(null);
  const [done, setDone] = useState<string | null>(() => {
    const flag = new URLSearchParams(window.location.search).get('done');
    return flag === 'created' ? t('created') : flag === 'amended' ? t('amend.done') : null;
  });

  if (loaded.error)
    return (
      <Page title={formId}>
        <ErrorBox error={loaded.error} />
      </Page>
    );
  const data = loaded.data;
  if (!data) return <Spinner label={t('loading')} />;
  const { record, form, view } = data;
  const formName = localized(form.definition.name);
  const name = nameOf(record, formName);
  const can = (action: (typeof view.actions)[number]) => view.actions.includes(action);
  const lifecycle = form.definition.lifecycle?.submittable ? form.definition.lifecycle : undefined;

  const finished = (which: LifecycleDialog, result: RecordEnvelope) => {
    setDialog(null);
    if (which === 'amend') return navigate(`/records/${formId}/${result.id}?done=amended`);
    const doneText = { submit: t('submit.done'), approval: t('approval.done'), cancel: t('cancel.done') };
    setDone(which in doneText ? doneText[which as keyof typeof doneText] : null);
    loaded.reload();
  };

  return (
    <Page
      title={name}
      documentTitle={`${name} · ${formName}`}
      intro={
        <Badges className="fd-state">
          <span className="fd-form-name">{formName}</span>
          {lifecycle && <DocstatusBadge docstatus={record.docstatus} />}
          {record.status && record.status !== 'active' && <RequestStatusBadge status={record.status} />}
        </Badges>
      }
      actions={
        <div className="fd-actions">
          {can('update') && !editing && (
            <Button icon="design" onClick={() => setEditing(true)} data-action="edit">
              {t('edit')}
            </Button>
          )}
          {can('submit') && !editing && (
            <Button variant="primary" icon="send" onClick={() => setDialog('submit')} data-action="submit">
              {t('submit.button')}
            </Button>
          )}
          {can('submitForApproval') && !editing && (
            <Button
              variant="primary"
              icon="send"
              onClick={() => setDialog('approval')}
              data-action="submit-for-approval"
            >
              {t('approval.button')}
            </Button>
          )}
          {can('cancel') && (
            <Button variant="danger" icon="close" onClick={() => setDialog('cancel')} data-action="cancel">
              {t('cancel.button')}
            </Button>
          )}
          {can('amend') && (
            <Button variant="primary" icon="copy" onClick={() => setDialog('amend')} data-action="amend">
              {t('amend.button')}
            </Button>
          )}
          {!editing && <MakeButtons formId={formId} id={id} makes={view.makes} />}
          <Link className="f-btn f-btn--secondary" to={`/records/${formId}/${id}/print`} data-action="print">
            {t('print')}
          </Link>
          {hasCodeField(form.definition.schema) && (
            <Link
              className="f-btn f-btn--secondary"
              to={`/records/${formId}/${id}/label`}
              data-action="labels"
            >
              {t('labels')}
            </Link>
          )}
          {can('delete') && !editing && (
            <Button variant="ghost" icon="trash" onClick={() => setDialog('delete')} data-action="delete">
              {t('delete')}
            </Button>
          )}
        </div>
      }
    >
      {done && <Alert tone="success">{done}</Alert>}
      <Chain record={record} formName={formName} />
      <div className="fd-layout">
        <section className="f-card fd-form" aria-label={t('section.form')}>
          {editing ? (
            <RecordForm
              formId={formId}
              rendered={form}
              initial={record.data as Json}
              owner={record.owner}
              editable={record.docstatus === 'submitted' ? (lifecycle?.allowedAfterSubmit ?? []) : undefined}
              submitLabel={t('save')}
              onCancel={() => setEditing(false)}
              onSave={async (next) => {
                await api.patch('/api/records/{form}/{id}', {
                  path: { form: formId, id },
                  body: { rev: record.rev, data: next },
                });
                setEditing(false);
                setDone(t('saved'));
                loaded.reload();
              }}
            />
          ) : (
            <FormaForm
              className="fd-readonly"
              schema={form.schema}
              uiSchema={{ ...form.uiSchema, 'ui:globalOptions': READ_ONLY_OPTIONS }}
              formData={record.data}
              widgets={portalWidgets}
              readonly
              noValidate
            >
              <></>
            </FormaForm>
          )}
        </section>
        <div className="fd-side">
          {form.definition.stockPanel && <RecordStock record={record} panel={form.definition.stockPanel} />}
          {form.definition.deliveryLog && <RecordDeliveries record={record} />}
          <RecordActivity record={record} />
          <RecordTimeline history={data.history} request={data.request} definition={form.definition} />
          <LinkedDocuments record={record} />
          {lifecycle && <Postings record={record} canPrint />}
        </div>
      </div>
      <LifecycleDialogs
        open={dialog}
        record={record}
        name={name}
        onClose={() => setDialog(null)}
        onDone={finished}
      />
    </Page>
  );
}

/** Where the document stands: cancelled (by whom, why), what it amends, what amends it. */
function Chain({ record, formName }: { record: RecordEnvelope; formName: string }) {
  const t = useMessages(documentMessages);
  const { locale } = useLocale();
  const people = useLoad(
    async () =>
      record.cancelledBy
        ? (await api.get('/api/users/{id}', { path: { id: record.cancelledBy } })).displayName
        : '',
    [record.cancelledBy],
  );
  const link = (id: string) => `/records/${record.form}/${id}`;
  return (
    <>
      {record.docstatus === 'cancelled' && (
        <Alert tone="error">
          {t('cancelled.by', {
            name: people.data || record.cancelledBy || '',
            when: dateTime(record.cancelledAt, locale),
            reason: record.cancelReason ?? '',
          })}
        </Alert>
      )}
      {(record.amendedFrom || record.amendedBy) && (
        <p className="fd-chain">
          {record.amendedFrom && (
            <Link to={link(record.amendedFrom)}>{t('amend.from', { name: formName })}</Link>
          )}
          {record.amendedBy && <Link to={link(record.amendedBy)}>{t('amend.by', { name: formName })}</Link>}
        </p>
      )}
    </>
  );
}

/**
 * The form to fill in or edit: checked in the browser as the server will check it, computed
 * fields shown live, a link just picked filling what it fetches; the server's problems placed at
 * their fields. `editable`: a submitted document's fields that may still change (the rest read-only).
 */
function RecordForm({
  formId,
  rendered,
  initial,
  owner,
  editable,
  submitLabel,
  onSave,
  onCancel,
}: {
  formId: string;
  rendered: LoadedRecord['form'];
  initial: Json;
  /** The record's owner, whose business calendar counts its working days (new: whoever is signed in). */
  owner?: string;
  editable?: string[];
  submitLabel: string;
  onSave: (data: Json) => Promise<void>;
  onCancel?: () => void;
}) {
  const t = useMessages(documentMessages);
  const { locale } = useLocale();
  const compiled = useMemo(() => compiledForm(rendered.definition), [rendered.definition]);
  const functions = useCalendarFunctions(
    compiled,
    (form, loaded) => setData((d) => withComputed(form, d, loaded)),
    owner,
  );
  const uiSchema = useMemo(
    () => onlyEditable(rendered.uiSchema, rendered.definition.schema, editable),
    [rendered, editable],
  );
  const [data, setData] = useState<Json>(initial);
  const [extraErrors, setExtraErrors] = useState<ErrorSchema | undefined>(undefined);
  const [problem, setProblem] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const localized = useLocalized();
  const onlyLabels = editable?.map((f) => localized(rendered.definition.labels?.[f]) || f).join(', ');

  const submit = async (e: IChangeEvent) => {
    const payload = (e.formData ?? {}) as Json;
    setExtraErrors(undefined);
    setProblem(null);
    const check = compiled.check(payload, functions);
    if (check.errors.length > 0) {
      setExtraErrors(errorSchemaOf(check.errors, locale));
      setProblem(new Error(t('fix', { n: check.errors.length })));
      return;
    }
    setBusy(true);
    try {
      await onSave(payload);
    } catch (err) {
      const error = asApiError(err);
      setExtraErrors(
        errorSchemaOf(
          error.details.map((d) => ({ ...d, path: d.path.replace(/^\/data(?=\/|$)/, '') })),
          locale,
        ),
      );
      setProblem(err);
      setBusy(false);
    }
  };

  return (
    <>
      {editable && <Alert>{t('onlyAfterSubmit', { fields: onlyLabels ?? '' })}</Alert>}
      <ErrorBox error={problem} details={false} />
      <FormaForm
        schema={rendered.schema}
        uiSchema={uiSchema}
        formData={data}
        widgets={portalWidgets}
        {...(extraErrors ? { extraErrors } : {})}
        showErrorList={false}
        focusOnFirstError
        onChange={(e: IChangeEvent) =>
          setData((prev) =>
            withComputed(
              compiled,
              applyFetched(formId, rendered.definition.schema, prev, (e.formData ?? {}) as Json),
              functions,
            ),
          )
        }
        onSubmit={(e: IChangeEvent) => void submit(e)}
      >
        <div className="f-form-actions">
          <Button type="submit" variant="primary" icon="save" busy={busy}>
            {submitLabel}
          </Button>
          {onCancel && (
            <Button variant="ghost" onClick={onCancel} disabled={busy}>
              {t('cancelEdit')}
            </Button>
          )}
        </div>
      </FormaForm>
    </>
  );
}

/** The uiSchema with every top-level field outside `editable` read-only (none: unchanged). */
function onlyEditable(uiSchema: UiSchema, schema: unknown, editable: string[] | undefined): UiSchema {
  if (!editable) return uiSchema;
  const props = (schema as { properties?: Record<string, unknown> }).properties ?? {};
  const out: Record<string, unknown> = { ...uiSchema, 'ui:globalOptions': READ_ONLY_OPTIONS };
  for (const field of Object.keys(props)) {
    if (editable.includes(field)) continue;
    const current = (uiSchema as Record<string, unknown>)[field];
    out[field] = { ...(typeof current === 'object' && current ? current : {}), 'ui:readonly': true };
  }
  return out as UiSchema;
}
