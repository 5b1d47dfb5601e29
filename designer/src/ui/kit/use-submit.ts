// Sending a form: busy while it goes, the server's error kept (and its problems by field, in the
// user's language) when it is refused. The action throws to refuse; it is run again on the next
// submit.
import { useState, type FormEvent } from 'react';
import { asApiError } from '#designer/api/errors.ts';
import { useLocale } from '#designer/i18n/react.tsx';

export function useSubmit(action: () => Promise<void>) {
  const { locale } = useLocale();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const submit = async (event?: FormEvent): Promise<void> => {
    event?.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await action();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return {
    busy,
    error,
    /** The server's problems by JSON pointer (`/name/en` → its message). */
    fieldErrors: error ? asApiError(error).fieldErrors(locale) : ({} as Record<string, string>),
    /** For onSubmit: prevents the page load and runs the action. */
    onSubmit: (event: FormEvent) => void submit(event),
  };
}
