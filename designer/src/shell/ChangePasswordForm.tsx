// Changing one's password: forced after a login with a one-time password (first-start admin, an
// admin's reset: App.tsx shows it instead of the app), or by choice from the account menu
// (ChangePasswordPage, route /account/password).
import { useState, type FormEvent } from 'react';
import { asApiError, type ApiError } from '../api/errors.ts';
import { useLocale, useMessages } from '../i18n/react.tsx';
import { Alert, Button, TextField } from '../ui/index.ts';
import { shellMessages } from './messages.ts';
import { HOME } from './routes.ts';
import { navigate } from './router.tsx';
import { useSession } from './session.tsx';

type Field = 'currentPassword' | 'newPassword' | 'repeat';

export function ChangePasswordForm({ forced }: { forced: boolean }) {
  const t = useMessages(shellMessages);
  const { locale } = useLocale();
  const session = useSession();
  const [values, setValues] = useState<Record<Field, string>>({
    currentPassword: '',
    newPassword: '',
    repeat: '',
  });
  const [fieldErrors, setFieldErrors] = useState<Partial<Record<Field, string>>>({});
  const [error, setError] = useState<ApiError | null>(null);
  const [done, setDone] = useState(false);
  const [busy, setBusy] = useState(false);

  const set = (field: Field) => (e: { target: { value: string } }) =>
    setValues((v) => ({ ...v, [field]: e.target.value }));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const problems: Partial<Record<Field, string>> = {};
    for (const field of ['currentPassword', 'newPassword', 'repeat'] as const)
      if (!values[field]) problems[field] = t('password.missing');
    if (!problems.repeat && values.newPassword !== values.repeat) problems.repeat = t('password.mismatch');
    setFieldErrors(problems);
    if (Object.keys(problems).length) return;
    setBusy(true);
    setError(null);
    setDone(false);
    try {
      await session.changePassword(values.currentPassword, values.newPassword);
      setValues({ currentPassword: '', newPassword: '', repeat: '' });
      if (forced) navigate(HOME, { replace: true });
      else setDone(true);
    } catch (e) {
      const apiError = asApiError(e);
      const byPath = apiError.fieldErrors(locale);
      const known = {
        currentPassword: byPath['/currentPassword'],
        newPassword: byPath['/newPassword'],
      };
      setFieldErrors(known);
      setError(apiError);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form onSubmit={submit} noValidate className="f-password-form">
      {error && <Alert tone="error">{error.text(locale)}</Alert>}
      {done && <Alert tone="success">{t('password.done')}</Alert>}
      <TextField
        label={forced ? t('password.currentOneTime') : t('password.current')}
        type="password"
        name="current-password"
        autoComplete="current-password"
        value={values.currentPassword}
        onChange={set('currentPassword')}
        error={fieldErrors.currentPassword}
      />
      <TextField
        label={t('password.new')}
        type="password"
        name="new-password"
        autoComplete="new-password"
        hint={t('password.hint')}
        value={values.newPassword}
        onChange={set('newPassword')}
        error={fieldErrors.newPassword}
      />
      <TextField
        label={t('password.repeat')}
        type="password"
        name="repeat-password"
        autoComplete="new-password"
        value={values.repeat}
        onChange={set('repeat')}
        error={fieldErrors.repeat}
      />
      <div className="f-form-actions">
        <Button type="submit" variant="primary" busy={busy}>
          {busy ? t('password.submitting') : t('password.submit')}
        </Button>
        {!forced && (
          <Button variant="ghost" onClick={() => history.back()}>
            {t('password.cancel')}
          </Button>
        )}
      </div>
    </form>
  );
}
