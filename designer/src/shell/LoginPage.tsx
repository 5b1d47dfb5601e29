import { useEffect, useRef, useState, type FormEvent } from 'react';
import { asApiError, type ApiError } from '../api/errors.ts';
import { useLocale, useMessages } from '../i18n/react.tsx';
import { Alert, Button, TextField } from '../ui/index.ts';
import { LanguageSwitch } from './LanguageSwitch.tsx';
import { shellMessages } from './messages.ts';
import { useSession } from './session.tsx';

export function LoginPage({ expired }: { expired: boolean }) {
  const t = useMessages(shellMessages);
  const { locale } = useLocale();
  const session = useSession();
  const [login, setLogin] = useState('');
  const [password, setPassword] = useState('');
  const [missing, setMissing] = useState<{ login?: boolean; password?: boolean }>({});
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const loginInput = useRef<HTMLInputElement>(null);

  useEffect(() => {
    document.title = `${t('login.title')} · ${t('appName')}`;
  }, [t]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const empty = { login: !login.trim(), password: !password };
    setMissing(empty);
    if (empty.login || empty.password) return;
    setBusy(true);
    setError(null);
    try {
      await session.login(login.trim(), password);
    } catch (e) {
      setError(asApiError(e));
      setBusy(false);
      setPassword('');
    }
  };

  return (
    <div className="f-auth">
      <div className="f-auth__lang">
        <LanguageSwitch />
      </div>
      <main className="f-auth__card f-card">
        <div className="f-auth__brand">
          <img src="/favicon.svg" alt="" width={40} height={40} />
          <div>
            <p className="f-auth__app">{t('appName')}</p>
            <p className="f-auth__subtitle">{t('login.subtitle')}</p>
          </div>
        </div>
        <h1 className="f-auth__title">{t('login.title')}</h1>
        {expired && !error && <Alert>{t('login.expired')}</Alert>}
        {error && <Alert tone="error">{error.text(locale)}</Alert>}
        <form onSubmit={submit} noValidate>
          <TextField
            ref={loginInput}
            label={t('login.login')}
            name="username"
            autoComplete="username"
            autoCapitalize="none"
            spellCheck={false}
            autoFocus
            value={login}
            onChange={(e) => setLogin(e.target.value)}
            error={missing.login ? t('login.missingLogin') : undefined}
          />
          <TextField
            label={t('login.password')}
            name="password"
            type="password"
            autoComplete="current-password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            error={missing.password ? t('login.missingPassword') : undefined}
          />
          <Button type="submit" variant="primary" block busy={busy}>
            {busy ? t('login.submitting') : t('login.submit')}
          </Button>
        </form>
      </main>
    </div>
  );
}
