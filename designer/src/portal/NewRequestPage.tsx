// A new request: the entry's form (FormaForm), saved as a draft a moment after each change (and when
// the page is left), checked in the browser exactly as the server will check it — with validators
// the server compiled for it (request-validation.ts), so a phone can fill it in sooner — warnings from the
// entry's precheck (e.g. over budget) shown before it goes, the approval chain the draft would take
// (ChainPreview), then submitted: the record is created and its approval flow starts.
import type { IChangeEvent } from '@rjsf/core';
import type { ErrorSchema } from '@rjsf/utils';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { api } from '../api/client.ts';
import { ApiError, asApiError } from '../api/errors.ts';
import { useLocale, useLocalized, useMessages } from '../i18n/react.tsx';
import type { PageProps } from '../shell/routes.ts';
import { reachability } from '../offline/connectivity.ts';
import { enqueue, newKey, queuedRequest, discard as discardQueued } from '../offline/outbox.ts';
import { Link, navigate } from '../shell/router.tsx';
import { useMe } from '../shell/session.tsx';
import { Alert, Button, EmptyState, Icon, Page, Spinner, dateTime, useLoad } from '../ui/index.ts';
import type { CompiledForm } from '#engine/core/forms/compiled-form-core.ts';
import { errorSchemaOf, withComputed } from '../ui/rjsf/form-checks.ts';
import { applyFetched } from '../ui/rjsf/link-fetch.ts';
import { FormaFormCore } from '../ui/rjsf/theme-core.tsx';

import { loadForm, portalWidgets, withoutReadOnly } from './form-runtime.tsx';
import { forAccess, withoutHidden } from './form-logic.ts';
import { catalogueUrl, draftUrl, prefetchedOr } from './prefetch.ts';
import { requestValidation } from './request-validation.ts';
import { portalMessages } from './messages.ts';
import { ChainPreview } from './ChainPreview.tsx';
import './portal.css';
import './new-request.css';

type Json = Record<string, unknown>;
type SaveState = { status: 'idle' | 'saving' | 'saved' | 'failed' | 'offline'; at?: string };
type Warning = { code: string; message: string; messageZh: string; refuse?: boolean };

const DRAFT_DELAY_MS = 1200;

export default function NewRequestPage({ params }: PageProps) {
  const entryId = params.entry ?? '';
  const t = useMessages(portalMessages);
  const localized = useLocalized();
  const { locale } = useLocale();
  const me = useMe();
  // A request the server refused from the offline queue, opened to be fixed (?outbox=<its key>).
  const [outboxKey] = useState(() => new URLSearchParams(window.location.search).get('outbox'));
  // One key per submission: whether it is sent now, retried or queued, the server makes it once.
  const submissionKey = useRef(outboxKey ?? newKey());

  const entry = useLoad(
    async (signal) => {
      // Started when the app opened on this page, if it did (prefetch.ts).
      const [catalogue, draft] = await Promise.all([
        prefetchedOr(catalogueUrl, () => api.get('/api/catalogue', { signal })),
        outboxKey
          ? queuedRequest(outboxKey).then((q) => (q ? { data: q.data, savedAt: q.queuedAt } : null))
          : prefetchedOr(
              draftUrl(entryId),
              () =>
                api.get('/api/drafts/{entry}', { path: { entry: entryId }, signal }).catch((e: unknown) => {
                  // No draft; or offline with none kept on this device: start empty.
                  if (e instanceof ApiError && (e.status === 404 || e.status === 0 || e.code === 'OFFLINE'))
                    return null;
                  throw e;
                }),
              { status: 404, value: null },
            ),
      ]);
      return { entry: catalogue.items.find((e) => e.id === entryId) ?? null, draft };
    },
    [entryId],
  );
  const formId = entry.data?.entry?.form;
  const form = useLoad(
    async (signal) => (formId ? loadForm(formId, locale, undefined, signal) : null),
    [formId, locale],
  );
  // The form as the requester may fill it in: fields their entry hides (a claim's payment status)
  // are not shown nor sent, read-only ones are shown greyed (the server refuses them anyway).
  const requesterAccess = entry.data?.entry?.fieldPermissions?.requester;
  const shaped = useMemo(
    () => (form.data ? forAccess(form.data.schema, form.data.uiSchema, requesterAccess ?? {}, true) : null),
    [form.data, requesterAccess],
  );
  const validation = useLoad(
    async () => (formId && form.data && shaped ? requestValidation(formId, form.data, shaped, locale) : null),
    [formId, form.data, shaped, locale],
  );
  // The server's checks (computed fields, rules) are loaded once the form is on screen (the effect
  // runs after it is painted, and the load waits for the browser to be idle): their code (FEEL)
  // would otherwise delay the form on a slow phone.
  const [compiled, setCompiled] = useState<CompiledForm | null>(null);
  // Its working-time functions on the requester's business calendar (calendar-functions.ts), so
  // `working days` around a holiday shows what the server will store.
  const functions = useRef<Record<string, unknown>>({});
  const changedBeforeChecks = useRef(false);
  useEffect(() => {
    let live = true;
    setCompiled(null);
    const checks = validation.data?.checks;
    if (!checks) return;
    const idle = (work: () => void) =>
      'requestIdleCallback' in window
        ? window.requestIdleCallback(work, { timeout: 1000 })
        : setTimeout(work, 50);
    idle(
      () =>
        void Promise.all([checks(), import('../ui/rjsf/calendar-functions.ts')])
          .then(
            async ([loaded, calendars]) => [loaded, await calendars.formCalendarFunctions(loaded)] as const,
          )
          .then(
            ([loaded, fns]) => {
              if (!live) return;
              performance.mark('forma:form-checks');
              functions.current = fns;
              setCompiled(loaded);
              // What was typed before they came gets its computed values now.
              if (changedBeforeChecks.current) setData((d) => (d ? withComputed(loaded, d, fns) : d));
            },
            () => undefined,
          ),
    );
    return () => {
      live = false;
    };
  }, [validation.data]);
  const outgoing = useCallback(
    (value: Json): Json =>
      shaped ? withoutHidden(shaped.hidden, withoutReadOnly(shaped.uiSchema, value)) : value,
    [shaped],
  );

  const [data, setData] = useState<Json | null>(null);
  const [save, setSave] = useState<SaveState>({ status: 'idle' });
  const [extraErrors, setExtraErrors] = useState<ErrorSchema | undefined>(undefined);
  const [problem, setProblem] = useState<string | null>(null);
  const [warnings, setWarnings] = useState<Warning[] | null>(null);
  const refused = warnings?.some((w) => w.refuse) ?? false;
  const [submitting, setSubmitting] = useState(false);
  const [formKey, setFormKey] = useState(0);

  // The draft, once: what the employee had typed (on this or another device).
  useEffect(() => {
    if (entry.data && data === null) {
      setData((entry.data.draft?.data as Json | undefined) ?? {});
      if (entry.data.draft) setSave({ status: 'saved', at: entry.data.draft.savedAt });
    }
  }, [entry.data, data]);

  // ---- drafts: saved a moment after the last change, and when the page is left --------------------
  const pending = useRef<Json | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const flush = useCallback(async () => {
    clearTimeout(timer.current);
    const draft = pending.current;
    if (!draft) return;
    if (!reachability().reachable) {
      setSave({ status: 'offline' });
      return;
    }
    pending.current = null;
    setSave({ status: 'saving' });
    try {
      const saved = await api.put('/api/drafts/{entry}', { path: { entry: entryId }, body: { data: draft } });
      setSave({ status: 'saved', at: saved.savedAt });
    } catch {
      pending.current ??= draft;
      setSave({ status: 'failed' });
    }
  }, [entryId]);
  useEffect(() => {
    const onHide = () => {
      if (document.visibilityState === 'hidden') void flush();
    };
    document.addEventListener('visibilitychange', onHide);
    return () => {
      document.removeEventListener('visibilitychange', onHide);
      void flush();
    };
  }, [flush]);

  const onChange = (e: IChangeEvent) => {
    // A link just picked fills the fields it fetches (a customer's credit limit …).
    const changed = form.data
      ? applyFetched(
          form.data.definition.id,
          form.data.definition.schema,
          data ?? {},
          (e.formData ?? {}) as Json,
        )
      : ((e.formData ?? {}) as Json);
    if (!compiled) changedBeforeChecks.current = true;
    const next = compiled ? withComputed(compiled, changed, functions.current) : changed;
    setData(next);
    setWarnings(null);
    pending.current = outgoing(next);
    clearTimeout(timer.current);
    timer.current = setTimeout(() => void flush(), DRAFT_DELAY_MS);
  };

  // ---- submit ---------------------------------------------------------------------------------------
  const showProblems = (details: ApiError['details'], message: string) => {
    setExtraErrors(errorSchemaOf(details, locale));
    setProblem(message);
    window.scrollTo({ top: 0 });
  };

  /** Keeps the submission on this device, to be sent when the server is back (offline/outbox.ts). */
  const queue = async (payload: Json) => {
    clearTimeout(timer.current);
    pending.current = null;
    const named = entry.data!.entry!.name;
    await enqueue({
      key: submissionKey.current,
      userId: me.user.id,
      entry: entryId,
      name: { en: named.en, 'zh-CN': named['zh-CN'] || named.en },
      data: payload,
    });
    navigate('/requests/mine?queued=1');
  };

  const send = async (payload: Json) => {
    setSubmitting(true);
    setProblem(null);
    if (!reachability().reachable) return queue(payload);
    try {
      const result = await api.post('/api/catalogue/{entry}/submit', {
        path: { entry: entryId },
        body: { data: payload },
        headers: { 'idempotency-key': submissionKey.current },
      });
      clearTimeout(timer.current);
      pending.current = null;
      if (outboxKey) await discardQueued(outboxKey);
      await api.delete('/api/drafts/{entry}', { path: { entry: entryId } }).catch(() => undefined);
      navigate(result.instanceId ? `/requests/${result.instanceId}?submitted=1` : '/requests/mine');
    } catch (e) {
      const error = asApiError(e);
      // Lost on the way (the reply too, maybe): queued under the same key, so it is made once.
      if (error.code === 'NETWORK_ERROR' || error.code === 'OFFLINE' || error.status >= 502)
        return queue(payload);
      showProblems(error.details, error.text(locale));
      setSubmitting(false);
    }
  };

  const onSubmit = async (e: IChangeEvent) => {
    const payload = outgoing((e.formData ?? {}) as Json);
    setExtraErrors(undefined);
    // The server's own checks first: the same problems, in the same words, without a round trip.
    const checks = compiled ?? (await validation.data?.checks().catch(() => null)) ?? null;
    const check = checks?.check(payload, functions.current);
    if (check && check.errors.length > 0) {
      showProblems(check.errors, t('new.fix', { n: check.errors.length }));
      return;
    }
    if (entry.data?.entry?.precheck && warnings === null) {
      setSubmitting(true);
      try {
        const pre = await api.post('/api/catalogue/{entry}/precheck', {
          path: { entry: entryId },
          body: { data: payload },
        });
        if (pre.warnings.length > 0) {
          setWarnings(pre.warnings);
          setSubmitting(false);
          window.scrollTo({ top: 0 });
          return;
        }
      } catch {
        // The precheck only warns; the submission itself decides.
      }
    }
    await send(payload);
  };

  const discard = async () => {
    clearTimeout(timer.current);
    pending.current = null;
    await api.delete('/api/drafts/{entry}', { path: { entry: entryId } }).catch(() => undefined);
    setData({});
    setSave({ status: 'idle' });
    setExtraErrors(undefined);
    setProblem(null);
    setWarnings(null);
    setFormKey((k) => k + 1);
  };

  const failed = entry.error ?? form.error ?? validation.error;
  if (failed)
    return (
      <Page title={t('new.title')}>
        <Alert tone="error">{failed.text(locale)}</Alert>
        <Link to="/requests">{t('new.back')}</Link>
      </Page>
    );
  if (entry.data && !entry.data.entry)
    return (
      <Page title={t('new.title')}>
        <EmptyState icon="requests" title={t('new.unknownTitle')}>
          <p>{t('new.unknownText')}</p>
          <Link to="/requests">{t('new.back')}</Link>
        </EmptyState>
      </Page>
    );
  if (!entry.data?.entry || !form.data || !shaped || !validation.data || data === null)
    return <Spinner label={t('loading')} />;

  const name = localized(entry.data.entry.name);
  return (
    <Page
      title={name}
      intro={entry.data.entry.description ? localized(entry.data.entry.description) : undefined}
      actions={
        <Link className="f-btn f-btn--ghost fp-desktop-only" to="/requests">
          <Icon name="back" />
          {t('new.back')}
        </Link>
      }
    >
      <p className="fp-draft-state" role="status" aria-live="polite" data-state={save.status}>
        {save.status === 'saving' && t('draft.saving')}
        {save.status === 'saved' && t('draft.saved', { when: dateTime(save.at, locale) })}
        {save.status === 'failed' && t('draft.failed')}
        {save.status === 'offline' && t('draft.offline')}
        {save.status === 'idle' && t('draft.auto')}
      </p>
      {problem && <Alert tone="error">{problem}</Alert>}
      {warnings && (
        <div className="fp-warnings" role="alert">
          <Alert {...(refused ? { tone: 'error' as const } : {})}>
            <p className="fp-warnings__title">{t(refused ? 'new.refusedTitle' : 'new.warningsTitle')}</p>
            <ul>
              {warnings.map((w) => (
                <li key={w.code}>{locale === 'zh-CN' ? w.messageZh : w.message}</li>
              ))}
            </ul>
          </Alert>
          <div className="f-form-actions">
            {/* A refusal (leave above the balance) cannot be submitted anyway: the server refuses it too. */}
            {!refused && (
              <Button
                variant="primary"
                icon="send"
                busy={submitting}
                onClick={() => void send(outgoing(data))}
              >
                {t('new.submitAnyway')}
              </Button>
            )}
            <Button onClick={() => setWarnings(null)}>{t('new.keepEditing')}</Button>
          </div>
        </div>
      )}
      <div className="f-card fp-request-form">
        <FormaFormCore
          key={formKey}
          validator={validation.data.validator}
          schema={shaped!.schema}
          uiSchema={shaped!.uiSchema}
          formData={data}
          widgets={portalWidgets}
          formContext={{}}
          {...(extraErrors ? { extraErrors } : {})}
          showErrorList={false}
          focusOnFirstError
          onChange={onChange}
          onSubmit={(e: IChangeEvent) => void onSubmit(e)}
        >
          {entry.data.entry.flow && <ChainPreview processId={entry.data.entry.flow} data={data} />}
          <div className="f-form-actions fp-request-form__actions">
            <Button type="submit" variant="primary" icon="send" busy={submitting}>
              {t('new.submit')}
            </Button>
            <Button variant="ghost" icon="trash" onClick={() => void discard()} disabled={submitting}>
              {t('new.discard')}
            </Button>
          </div>
        </FormaFormCore>
      </div>
    </Page>
  );
}
