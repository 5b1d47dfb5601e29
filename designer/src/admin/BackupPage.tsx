// Admin → Backup & restore: download a backup (GET /api/admin/backup); restore from an uploaded
// file with a typed confirmation (POST /api/admin/restore): the server checks the whole file,
// stages it, and applies it when Forma restarts — by itself in the embedded mode (`npm start`),
// by the operator otherwise. A staged restore can be discarded until then.
import { useRef, useState } from 'react';
import { api } from '../api/client.ts';
import { ApiError } from '../api/errors.ts';
import { useMessages } from '../i18n/react.tsx';
import { download as saveFile } from '../ui/download.ts';
import { Alert, Button, Page, useFormat, useLoad } from '../ui/index.ts';
import { ConfirmDialog, ErrorBox, LoadState, Section } from '../ui/kit/index.ts';
import { opsMessages } from './ops-messages.ts';
import { ScheduledBackups } from './ScheduledBackups.tsx';
import './admin.css';

/** What the administrator types to confirm (the server checks the same word). */
const WORD = 'RESTORE';

async function failure(res: Response): Promise<ApiError> {
  let payload: unknown = null;
  try {
    payload = await res.json();
  } catch {
    // Not JSON (a proxy's page): the status says enough.
  }
  return ApiError.fromReply(res.status, payload);
}

/** Downloads the backup as a file; returns its name. */
async function downloadBackup(): Promise<string> {
  let res: Response;
  try {
    res = await fetch('/api/admin/backup', { credentials: 'same-origin' });
  } catch (cause) {
    throw ApiError.network(cause);
  }
  if (!res.ok) throw await failure(res);
  const name =
    /filename="([^"]+)"/.exec(res.headers.get('content-disposition') ?? '')?.[1] ?? 'forma-backup.jsonl.gz';
  saveFile(await res.blob(), name, 60_000);
  return name;
}

async function uploadRestore(file: File) {
  let res: Response;
  try {
    res = await fetch(`/api/admin/restore?confirm=${WORD}`, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'content-type': 'application/gzip', accept: 'application/json' },
      body: file,
    });
  } catch (cause) {
    throw ApiError.network(cause);
  }
  if (!res.ok) throw await failure(res);
  return (await res.json()) as Awaited<ReturnType<typeof statusOf>>;
}

const statusOf = () => api.get('/api/admin/restore');

/** Resolves once the server answers again after its restart (the old session is then gone). */
async function waitForRestart(): Promise<void> {
  for (let i = 0; i < 600; i++) {
    await new Promise((r) => setTimeout(r, 1000));
    try {
      const res = await fetch('/api/auth/me', { credentials: 'same-origin' });
      if (res.status === 401) return;
    } catch {
      // Restarting: not listening for a moment.
    }
  }
}

type Phase = { kind: 'idle' } | { kind: 'restarting' } | { kind: 'restarted' };

export default function BackupPage() {
  const t = useMessages(opsMessages);
  const format = useFormat();
  const status = useLoad(statusOf);
  const fileInput = useRef<HTMLInputElement>(null);
  const [file, setFile] = useState<File | null>(null);
  const [asking, setAsking] = useState(false);
  const [downloading, setDownloading] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [phase, setPhase] = useState<Phase>({ kind: 'idle' });

  const download = async () => {
    setDownloading(true);
    setError(null);
    setNotice(null);
    try {
      setNotice(t('backup.downloaded', { file: await downloadBackup() }));
    } catch (e) {
      setError(e);
    } finally {
      setDownloading(false);
    }
  };
  const restore = async () => {
    if (!file) return;
    setError(null);
    setNotice(null);
    const reply = await uploadRestore(file);
    status.reload();
    if (reply.restartsItself) {
      setPhase({ kind: 'restarting' });
      void waitForRestart().then(() => setPhase({ kind: 'restarted' }));
    }
  };

  if (phase.kind !== 'idle')
    return (
      <Page title={t('backup.title')}>
        {phase.kind === 'restarting' ? (
          <Alert tone="info">{t('backup.restartsItself')}</Alert>
        ) : (
          <>
            <Alert tone="success">{t('backup.restarted')}</Alert>
            <Button variant="primary" onClick={() => window.location.reload()}>
              {t('backup.signIn')}
            </Button>
          </>
        )}
      </Page>
    );

  return (
    <Page title={t('backup.title')} intro={t('backup.intro')}>
      {notice && <Alert tone="success">{notice}</Alert>}
      <ErrorBox error={error} />
      <LoadState state={status}>
        {(s) =>
          s.pending ? (
            <Section title={t('backup.pendingTitle')} icon="clock">
              <p className="a-plain" data-testid="pending-restore">
                {t('backup.pendingText', {
                  created: format.dateTime(s.pending.backup.createdAt),
                  documents: format.number(s.pending.backup.documents),
                  by: s.pending.stagedBy ?? '—',
                  staged: format.dateTime(s.pending.stagedAt),
                })}
              </p>
              <p className="a-summary">
                {s.restartsItself ? t('backup.restartsItself') : t('backup.restartByHand')}
              </p>
              {s.pending.state === 'staged' && (
                <Button
                  variant="danger"
                  icon="trash"
                  onClick={() =>
                    void api.delete('/api/admin/restore').then(() => {
                      setNotice(t('backup.discarded'));
                      status.reload();
                    }, setError)
                  }
                >
                  {t('backup.discard')}
                </Button>
              )}
            </Section>
          ) : null
        }
      </LoadState>

      <ScheduledBackups />

      <Section title={t('backup.download')} icon="download">
        <p className="a-summary">{t('backup.keysNote')}</p>
        <Button variant="primary" icon="download" busy={downloading} onClick={() => void download()}>
          {downloading ? t('backup.downloading') : t('backup.download')}
        </Button>
      </Section>

      <Section title={t('backup.restoreTitle')} icon="upload">
        <p className="a-summary">{t('backup.restoreText')}</p>
        <div className="f-field">
          <label className="f-field__label" htmlFor="a-backup-file">
            {t('backup.file')}
          </label>
          <input
            ref={fileInput}
            id="a-backup-file"
            name="backup"
            type="file"
            className="f-input a-file"
            accept=".gz,application/gzip"
            onChange={(e) => setFile(e.target.files?.[0] ?? null)}
          />
        </div>
        <Button variant="danger" icon="upload" disabled={!file} onClick={() => setAsking(true)}>
          {t('backup.restore')}
        </Button>
        <p className="a-summary a-gap-top">{t('backup.cliNote')}</p>
      </Section>

      {asking && file && (
        <ConfirmDialog
          title={t('backup.confirmTitle')}
          confirmLabel={t('backup.restore')}
          variant="danger"
          word={WORD}
          onClose={() => setAsking(false)}
          onConfirm={restore}
        >
          <p>{t('backup.confirmText', { file: file.name })}</p>
          <p>{t('backup.restoreText')}</p>
        </ConfirmDialog>
      )}
    </Page>
  );
}
