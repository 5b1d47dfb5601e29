// What went wrong, in the user's language: the API's message and, for a refused input, each
// field's problem at its path; and the frame of anything loaded (a spinner, the error with a retry,
// or the content).
import type { ReactNode } from 'react';
import { asApiError } from '#designer/api/errors.ts';
import { useLocale, useMessages } from '#designer/i18n/react.tsx';
import { Button } from '../Button.tsx';
import { Alert, Spinner } from '../feedback.tsx';
import type { Loaded } from '../use-load.ts';
import { kitMessages } from './messages.ts';
import './error-box.css';

export function ErrorBox({
  error,
  details = true,
  lead,
}: {
  error: unknown;
  /** false: the message only (the fields show their own problems). */
  details?: boolean;
  /** What failed, before the server's message ("The forms could not be loaded."). */
  lead?: string | undefined;
}) {
  const { locale } = useLocale();
  if (!error) return null;
  const e = asApiError(error);
  const shown = details ? e.details.filter((d) => d.path && d.path !== '') : [];
  return (
    <Alert tone="error">
      <p className="f-error__text">
        {lead && `${lead} `}
        {e.text(locale)}
      </p>
      {shown.length > 0 && (
        <ul className="f-error__details">
          {shown.map((d, i) => (
            <li key={i}>
              <code>{d.path}</code> {locale === 'zh-CN' ? (d.messageZh ?? d.message) : d.message}
            </li>
          ))}
        </ul>
      )}
    </Alert>
  );
}

/** Shows a spinner, an error with a retry, or the content (with the error of a failed reload). */
export function LoadState<T>({
  state,
  failed,
  children,
}: {
  state: Loaded<T>;
  /** What failed, said before the server's message. */
  failed?: string;
  children: (data: T) => ReactNode;
}) {
  const t = useMessages(kitMessages);
  if (state.data === undefined) {
    if (state.error)
      return (
        <div>
          <ErrorBox error={state.error} lead={failed} />
          <Button icon="redo" onClick={state.reload}>
            {t('retry')}
          </Button>
        </div>
      );
    return <Spinner label={t('loading')} />;
  }
  return (
    <>
      {state.error && <ErrorBox error={state.error} lead={failed} />}
      {children(state.data)}
    </>
  );
}
