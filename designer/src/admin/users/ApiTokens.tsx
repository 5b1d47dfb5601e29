// A user's API tokens (a service account: a user made for a program, e.g. with the role
// job-worker): the administrator names and makes one — shown once, to copy into the program's
// settings (HTTP Basic with the login, or a bearer token) — sees when each was last used, and
// revokes one, refused from the next request on. Every step is audited by the API.
import { useEffect, useState, type KeyboardEvent } from 'react';
import { api, type ReplyOf } from '#designer/api/client.ts';
import { useMessages } from '#designer/i18n/react.tsx';
import { Button, TextField } from '#designer/ui/index.ts';
import { ErrorBox } from '#designer/ui/kit/index.ts';
import { peopleMessages } from '../people-messages.ts';
import { CopyButton } from './CopyButton.tsx';

type Token = ReplyOf<'/api/users/{id}/api-tokens', 'get'>['items'][number];

export function ApiTokens({ userId }: { userId: string }) {
  const t = useMessages(peopleMessages);
  const [tokens, setTokens] = useState<Token[] | null>(null);
  const [name, setName] = useState('');
  const [made, setMade] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const load = async (): Promise<void> => {
    const reply = await api.get('/api/users/{id}/api-tokens', { path: { id: userId } });
    setTokens(reply.items);
  };
  useEffect(() => {
    load().catch(setError);
  }, [userId]);
  const run = async (step: () => Promise<void>): Promise<void> => {
    setBusy(true);
    setError(null);
    try {
      await step();
      await load();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  const make = () =>
    run(async () => {
      const reply = await api.post('/api/users/{id}/api-tokens', {
        path: { id: userId },
        body: { name: name.trim() },
      });
      setMade(reply.token);
      setName('');
    });
  // Enter makes the token instead of submitting the user dialog around it.
  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>): void => {
    if (e.key !== 'Enter') return;
    e.preventDefault();
    if (name.trim()) void make();
  };
  const date = (iso?: string) => (iso ? new Date(iso).toLocaleString() : t('tokens.never'));
  return (
    <fieldset className="a-fieldset a-gap-top" data-testid="api-tokens">
      <legend className="f-field__label">{t('tokens.title')}</legend>
      <p className="a-muted">{t('tokens.intro')}</p>
      <ErrorBox error={error} />
      {made && (
        <div>
          <p className="a-plain">{t('tokens.madeText')}</p>
          <p className="a-one-time a-one-time--long a-mono" id="api-token" data-testid="api-token">
            {made}
          </p>
          <CopyButton text={made} selectId="api-token" />
        </div>
      )}
      {tokens && tokens.length === 0 && <p className="a-muted">{t('tokens.none')}</p>}
      {tokens && tokens.length > 0 && (
        <ul className="a-token-list">
          {tokens.map((tk) => (
            <li key={tk.id} data-token={tk.name} data-revoked={tk.revokedAt ? 'true' : 'false'}>
              <strong>{tk.name}</strong>{' '}
              <span className="a-muted">
                {t('tokens.made', { at: date(tk.createdAt) })} ·{' '}
                {t('tokens.lastUsed', { at: date(tk.lastUsedAt) })}
              </span>{' '}
              {tk.revokedAt ? (
                <span className="a-muted">{t('tokens.revoked', { at: date(tk.revokedAt) })}</span>
              ) : (
                <Button
                  variant="danger"
                  data-action="revoke-token"
                  disabled={busy}
                  onClick={() =>
                    void run(async () => {
                      await api.delete('/api/users/{id}/api-tokens/{tokenId}', {
                        path: { id: userId, tokenId: tk.id },
                      });
                      setMade(null);
                    })
                  }
                >
                  {t('tokens.revoke')}
                </Button>
              )}
            </li>
          ))}
        </ul>
      )}
      <div className="a-pair">
        <TextField
          label={t('tokens.name')}
          name="token-name"
          autoComplete="off"
          value={name}
          onChange={(e) => setName(e.target.value)}
          onKeyDown={onKeyDown}
        />
      </div>
      <Button icon="key" data-action="make-token" disabled={busy || !name.trim()} onClick={() => void make()}>
        {t('tokens.make')}
      </Button>
    </fieldset>
  );
}
