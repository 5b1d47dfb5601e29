// The page of a public link (/p/:token): someone without an account — a customer rating a
// resolved ticket — fills in a record's public action. Outside the session and the app's frame:
// it shows only what the API's page holds (the action's title, text and fields), works on a
// phone, and speaks English or Chinese (the browser's, `?lang=`, or the switch).
import { useEffect, useState, type FormEvent } from 'react';
import { api, type ReplyOf } from '../api/client.ts';
import { asApiError, type ApiError } from '../api/errors.ts';
import { LOCALES, type Locale } from '../i18n/define.ts';
import { useLocale, useLocalized, useMessages } from '../i18n/react.tsx';
import { Alert, Button, Spinner } from '../ui/index.ts';
import { PublicFieldInput, type PublicField } from './PublicFieldInput.tsx';
import { publicActionMessages } from './messages.ts';
import './public-actions.css';

type PublicForm = ReplyOf<'/api/public/links/{token}', 'get'>;
type State =
  | { status: 'loading' }
  | { status: 'refused'; error: ApiError }
  | { status: 'open'; form: PublicForm }
  | { status: 'done'; form: PublicForm };

export default function PublicActionPage({ token }: { token: string }) {
  const t = useMessages(publicActionMessages);
  const { locale, setLocale } = useLocale();
  const text = useLocalized();
  const [state, setState] = useState<State>({ status: 'loading' });
  const [values, setValues] = useState<Record<string, unknown>>({});
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    const lang = new URLSearchParams(location.search).get('lang');
    if (lang && (LOCALES as string[]).includes(lang)) setLocale(lang as Locale);
  }, [setLocale]);

  useEffect(() => {
    let live = true;
    api
      .get('/api/public/links/{token}', { path: { token } })
      .then((form) => live && setState({ status: 'open', form }))
      .catch((e: unknown) => live && setState({ status: 'refused', error: asApiError(e) }));
    return () => {
      live = false;
    };
  }, [token]);

  const title = state.status === 'open' || state.status === 'done' ? text(state.form.title) : '';
  useEffect(() => {
    if (title) document.title = title;
  }, [title]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (state.status !== 'open') return;
    const missing: Record<string, string> = {};
    for (const f of state.form.fields)
      if (f.required && (values[f.name] === undefined || values[f.name] === ''))
        missing[f.name] = t('required');
    setErrors(missing);
    if (Object.keys(missing).length) return;
    setBusy(true);
    setFailure(null);
    try {
      const sent = Object.fromEntries(Object.entries(values).filter(([, v]) => v !== '' && v !== undefined));
      const form = await api.post('/api/public/links/{token}', { path: { token }, body: { values: sent } });
      setState({ status: 'done', form });
    } catch (e) {
      const error = asApiError(e);
      // A used or expired link is final; a refused value is shown at its field.
      if (error.code === 'PUBLIC_LINK_USED' || error.code === 'PUBLIC_LINK_EXPIRED')
        setState({ status: 'refused', error });
      else {
        const byPointer = error.fieldErrors(locale);
        const at: Record<string, string> = {};
        for (const [pointer, message] of Object.entries(byPointer)) {
          const name = pointer
            .replace(/^\/(values|data)\//, '/')
            .slice(1)
            .split('/')[0];
          if (name) at[name] = message;
        }
        setErrors(at);
        setFailure(error);
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="f-auth f-public">
      <div className="f-auth__lang">
        <div className="f-lang" role="group" aria-label={t('language')}>
          {LOCALES.map((l) => (
            <button
              key={l}
              type="button"
              lang={l}
              className="f-lang__option"
              aria-pressed={l === locale}
              onClick={() => setLocale(l)}
            >
              {l === 'en' ? t('english') : t('chinese')}
            </button>
          ))}
        </div>
      </div>
      <main className="f-auth__card f-card">
        {state.status === 'loading' && <Spinner label={t('loading')} />}
        {state.status === 'refused' && (
          <Alert tone={state.error.status === 409 ? 'success' : 'error'}>{state.error.text(locale)}</Alert>
        )}
        {state.status === 'done' && (
          <>
            <h1 className="f-auth__title">{title}</h1>
            <Alert tone="success">{state.form.thanks ? text(state.form.thanks) : t('sent')}</Alert>
          </>
        )}
        {state.status === 'open' && (
          <form onSubmit={submit} noValidate>
            <h1 className="f-auth__title">{title}</h1>
            {state.form.description && <p className="f-public__intro">{text(state.form.description)}</p>}
            {failure && !Object.keys(errors).length && <Alert tone="error">{failure.text(locale)}</Alert>}
            {state.form.fields.map((field: PublicField) => (
              <PublicFieldInput
                key={field.name}
                field={field}
                value={values[field.name]}
                error={errors[field.name]}
                onChange={(v) => setValues((prev) => ({ ...prev, [field.name]: v }))}
              />
            ))}
            <Button type="submit" variant="primary" block busy={busy}>
              {busy ? t('sending') : t('send')}
            </Button>
          </form>
        )}
      </main>
    </div>
  );
}
