// The documents a record's form makes from it (its `makes`: a won opportunity's sales order), as
// buttons — only those the page's document view offers the reader now (the modules they need on,
// create on the made form). Pressing one makes the record once (a second press opens the same
// record) and opens it; a refusal (the deal not won yet) is shown where the buttons are.
import { useState } from 'react';
import { api } from '../api/client.ts';
import { useLocalized } from '../i18n/react.tsx';
import { navigate } from '../shell/router.tsx';
import { Button } from '../ui/index.ts';
import { ErrorBox } from '../ui/kit/index.ts';
import type { DocumentView } from './record-data.ts';

export function MakeButtons({
  formId,
  id,
  makes,
}: {
  formId: string;
  id: string;
  makes: DocumentView['makes'];
}) {
  const localized = useLocalized();
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  if (makes.length === 0) return null;
  const make = async (which: string) => {
    setBusy(which);
    setError(null);
    try {
      const made = await api.post('/api/records/{form}/{id}/make/{make}', {
        path: { form: formId, id, make: which },
      });
      navigate(`/records/${made.record.form}/${made.record.id}${made.created ? '?done=created' : ''}`);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(null);
    }
  };
  return (
    <>
      {makes.map((m) => (
        <Button
          key={m.id}
          icon="copy"
          disabled={busy !== null}
          onClick={() => void make(m.id)}
          data-action={`make-${m.id}`}
        >
          {localized(m.name)}
        </Button>
      ))}
      {error !== null && (
        <div className="fd-make-error">
          <ErrorBox error={error} />
        </div>
      )}
    </>
  );
}
