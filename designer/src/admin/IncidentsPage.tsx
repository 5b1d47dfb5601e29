// Admin → Incidents: the flows that stopped (a service task out of retries, a failed expression,
// nobody to assign a task to) with their error; retry, resolve with new variables, or cancel.
import { useState } from 'react';
import { api, type ReplyOf } from '../api/client.ts';
import { useMessages } from '../i18n/react.tsx';
import { Alert, Button, Page, TextField, useFormat, useLoad } from '../ui/index.ts';
import {
  Badge,
  ConfirmDialog,
  Dialog,
  ErrorBox,
  JsonBlock,
  LoadState,
  TextAreaField,
} from '../ui/kit/index.ts';
import { adminMessages } from './messages.ts';
import { opsMessages } from './ops-messages.ts';
import './admin.css';

type Incident = ReplyOf<'/api/incidents', 'get'>['items'][number];

/** The variables the admin typed: a JSON object, or null when it is not one. */
export function parseVariables(text: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(text);
    return value && typeof value === 'object' && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
}

export default function IncidentsPage() {
  const t = useMessages(opsMessages);
  const ta = useMessages(adminMessages);
  const format = useFormat();
  const incidents = useLoad(async () => (await api.get('/api/incidents')).items);
  const [resolving, setResolving] = useState<Incident | null>(null);
  const [cancelling, setCancelling] = useState<Incident | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const path = (i: Incident) => ({ instanceId: i.instanceId, incidentId: i.id });

  const retry = async (i: Incident) => {
    setBusy(i.id);
    setError(null);
    setNotice(null);
    try {
      await api.post('/api/incidents/{instanceId}/{incidentId}/retry', { path: path(i), body: {} });
      setNotice(t('incidents.retried'));
      incidents.reload();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(null);
    }
  };
  const kindLabel = (kind: string) => (kind === 'job-failed' ? t('incidents.kind.job-failed') : kind);

  return (
    <Page
      title={t('incidents.title')}
      intro={t('incidents.intro')}
      actions={
        <Button icon="redo" onClick={incidents.reload} busy={incidents.loading && !!incidents.data}>
          {ta('refresh')}
        </Button>
      }
    >
      {notice && <Alert tone="success">{notice}</Alert>}
      <ErrorBox error={error} />
      <LoadState state={incidents}>
        {(items) =>
          items.length === 0 ? (
            <p className="a-empty" data-testid="no-incidents">
              {t('incidents.none')}
            </p>
          ) : (
            <ul className="a-items">
              {items.map((i) => (
                <li
                  key={`${i.instanceId}/${i.id}`}
                  className="a-item"
                  data-incident={i.id}
                  data-instance={i.instanceId}
                >
                  <div className="a-item__head">
                    <h2 className="a-item__title">
                      {i.processId}
                      {i.version !== undefined && (
                        <span className="a-muted"> · {t('incidents.version', { n: i.version })}</span>
                      )}
                    </h2>
                    <Badge tone="danger">{kindLabel(i.kind)}</Badge>
                  </div>
                  <dl className="a-facts">
                    <dt>{t('incidents.element')}</dt>
                    <dd className="a-mono">{i.elementId}</dd>
                    <dt>{t('incidents.instance')}</dt>
                    <dd className="a-mono">{i.instanceId}</dd>
                    {i.createdAt && (
                      <>
                        <dt>{t('incidents.since')}</dt>
                        <dd>{format.dateTime(i.createdAt)}</dd>
                      </>
                    )}
                  </dl>
                  <p className="a-item__error">{i.message}</p>
                  <div className="a-item__actions">
                    <Button icon="redo" busy={busy === i.id} onClick={() => void retry(i)}>
                      {t('incidents.retry')}
                    </Button>
                    <Button variant="primary" icon="design" onClick={() => setResolving(i)}>
                      {t('incidents.resolve')}
                    </Button>
                    <Button variant="danger" icon="close" onClick={() => setCancelling(i)}>
                      {t('incidents.cancel')}
                    </Button>
                  </div>
                </li>
              ))}
            </ul>
          )
        }
      </LoadState>

      {resolving && (
        <ResolveDialog
          incident={resolving}
          onClose={() => setResolving(null)}
          onResolved={() => {
            setResolving(null);
            setNotice(t('incidents.resolved'));
            incidents.reload();
          }}
        />
      )}
      {cancelling && (
        <CancelDialog
          incident={cancelling}
          onClose={() => setCancelling(null)}
          onCancelled={() => {
            setNotice(t('incidents.cancelled'));
            incidents.reload();
          }}
        />
      )}
    </Page>
  );
}

function ResolveDialog({
  incident,
  onClose,
  onResolved,
}: {
  incident: Incident;
  onClose: () => void;
  onResolved: () => void;
}) {
  const t = useMessages(opsMessages);
  const ta = useMessages(adminMessages);
  const instance = useLoad(() => api.get('/api/instances/{id}', { path: { id: incident.instanceId } }));
  const [text, setText] = useState('{\n  \n}');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [touched, setTouched] = useState(false);
  const variables = parseVariables(text);

  const resolve = async () => {
    setTouched(true);
    if (!variables) return;
    setBusy(true);
    setError(null);
    try {
      await api.post('/api/incidents/{instanceId}/{incidentId}/resolve', {
        path: { instanceId: incident.instanceId, incidentId: incident.id },
        body: { variables },
      });
      onResolved();
    } catch (e) {
      setError(e);
      setBusy(false);
    }
  };

  return (
    <Dialog
      title={t('incidents.resolveTitle', { element: incident.elementId })}
      onClose={onClose}
      size="wide"
      footer={
        <>
          <Button onClick={onClose} disabled={busy}>
            {ta('cancel')}
          </Button>
          <Button variant="primary" busy={busy} onClick={() => void resolve()}>
            {t('incidents.resolve')}
          </Button>
        </>
      }
    >
      <p className="a-plain">{t('incidents.resolveText')}</p>
      <p className="a-item__error">{incident.message}</p>
      <h3 className="a-subtitle">{t('incidents.current')}</h3>
      <LoadState state={instance}>{(view) => <JsonBlock value={view.variables ?? {}} />}</LoadState>
      <div className="a-gap" />
      <TextAreaField
        label={t('incidents.variables')}
        hint={t('incidents.variablesHint')}
        name="variables"
        className="a-code"
        spellCheck={false}
        value={text}
        rows={6}
        error={touched && !variables ? t('incidents.variablesInvalid') : undefined}
        onChange={(e) => setText(e.target.value)}
      />
      <ErrorBox error={error} />
    </Dialog>
  );
}

function CancelDialog({
  incident,
  onClose,
  onCancelled,
}: {
  incident: Incident;
  onClose: () => void;
  onCancelled: () => void;
}) {
  const t = useMessages(opsMessages);
  const [reason, setReason] = useState('');
  return (
    <ConfirmDialog
      title={t('incidents.cancelTitle')}
      confirmLabel={t('incidents.cancel')}
      variant="danger"
      onClose={onClose}
      onConfirm={async () => {
        await api.post('/api/incidents/{instanceId}/{incidentId}/cancel', {
          path: { instanceId: incident.instanceId, incidentId: incident.id },
          body: reason.trim() ? { reason: reason.trim() } : {},
        });
        onCancelled();
      }}
    >
      <p>{t('incidents.cancelText', { id: incident.instanceId, process: incident.processId })}</p>
      <TextField
        label={t('incidents.reason')}
        name="reason"
        value={reason}
        maxLength={500}
        onChange={(e) => setReason(e.target.value)}
      />
    </ConfirmDialog>
  );
}
