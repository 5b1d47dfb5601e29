// The deployed flows with their versions and running instances; a new flow or an imported .bpmn
// file opens in the modeler (a separate lazy page: bpmn-js is only downloaded there).
import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react';
import { asApiError, type ApiError } from '../api/errors.ts';
import { useLocale, useMessages } from '../i18n/react.tsx';
import { Link, navigate } from '../shell/router.tsx';
import { Alert, Button, EmptyState, Icon, Page, Spinner, TextField } from '../ui/index.ts';
import {
  entriesByFlow,
  listEntries,
  listFlows,
  listVersions,
  type CatalogueEntry,
  type FlowSummary,
} from './api.ts';
import { flowModelerMessages } from './messages.ts';
import { processIdFrom } from './model/template.ts';
import { stashImport, stashNewFlow } from './handoff.ts';
import '../form-designer/form-designer.css';
import './flow-modeler.css';

const PROCESS_ID = /^[A-Za-z_][A-Za-z0-9_-]{0,99}$/;

export default function FlowsPage() {
  const t = useMessages(flowModelerMessages);
  const { locale } = useLocale();
  const [flows, setFlows] = useState<FlowSummary[] | null>(null);
  const [running, setRunning] = useState<Record<string, number>>({});
  // The catalogue entries that start each flow (none known when the catalogue cannot be read).
  const [catalogue, setCatalogue] = useState<Map<string, CatalogueEntry[]>>(new Map());
  const [error, setError] = useState<ApiError | null>(null);
  const [creating, setCreating] = useState(false);
  const [importError, setImportError] = useState<string | null>(null);
  const file = useRef<HTMLInputElement>(null);

  const load = useCallback(() => {
    setError(null);
    listFlows()
      .then(async (items) => {
        setFlows(items);
        // Running instances of all versions, per process (a few small calls; analysts have few flows).
        const counts = await Promise.all(
          items.map(async (f) => {
            const versions = await listVersions(f.processId).catch(() => []);
            return [f.processId, versions.reduce((n, v) => n + (v.instances?.active ?? 0), 0)] as const;
          }),
        );
        setRunning(Object.fromEntries(counts));
      })
      .catch((e: unknown) => setError(asApiError(e)));
    listEntries()
      .then((items) => setCatalogue(entriesByFlow(items)))
      .catch(() => setCatalogue(new Map()));
  }, []);
  useEffect(load, [load]);

  const when = (iso: string): string =>
    new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));

  const importFile = async (chosen: File | undefined): Promise<void> => {
    if (!chosen) return;
    setImportError(null);
    const xml = await chosen.text();
    const id = /<(?:bpmn2?:)?process\b[^>]*\bid="([^"]+)"/.exec(xml)?.[1];
    if (!id) {
      setImportError(t('import.failed', { message: chosen.name }));
      return;
    }
    stashImport(id, xml, chosen.name);
    navigate(`/design/flows/${encodeURIComponent(id)}`);
  };

  return (
    <Page
      title={t('title')}
      intro={t('intro')}
      actions={
        <>
          <input
            ref={file}
            type="file"
            accept=".bpmn,.xml,application/xml,text/xml"
            className="f-visually-hidden"
            tabIndex={-1}
            aria-hidden="true"
            onChange={(e) => void importFile(e.target.files?.[0])}
          />
          <Button icon="upload" onClick={() => file.current?.click()}>
            {t('importFlow')}
          </Button>
          {!creating && (
            <Button variant="primary" icon="plus" onClick={() => setCreating(true)}>
              {t('newFlow')}
            </Button>
          )}
        </>
      }
    >
      {importError && <Alert tone="error">{importError}</Alert>}
      {creating && (
        <CreateFlow taken={(flows ?? []).map((f) => f.processId)} onCancel={() => setCreating(false)} />
      )}
      {error && (
        <Alert tone="error">
          {t('listFailed')} {error.text(locale)}{' '}
          <Button variant="ghost" onClick={load}>
            {t('retry')}
          </Button>
        </Alert>
      )}
      {!flows && !error && <Spinner label={t('loading')} />}
      {flows && flows.length === 0 && !creating && (
        <EmptyState icon="flows" title={t('emptyTitle')}>
          {t('emptyText')}
        </EmptyState>
      )}
      {flows && flows.length > 0 && (
        <section className="f-card f-formlist" aria-label={t('title')}>
          <ul className="f-formlist__items f-flowlist">
            {flows.map((flow) => (
              <li key={flow.processId}>
                <Link
                  className="f-formlist__item"
                  to={`/design/flows/${encodeURIComponent(flow.processId)}`}
                  aria-label={t('open', { name: flow.name ?? flow.processId })}
                  data-flow={flow.processId}
                >
                  <span className="f-formlist__icon">
                    <Icon name="flows" />
                  </span>
                  <span className="f-formlist__main">
                    <span className="f-formlist__name">{flow.name ?? flow.processId}</span>
                    <span className="f-formlist__meta">
                      <code>{flow.processId}</code>
                      <span>{t('latest', { n: flow.version, when: when(flow.deployedAt) })}</span>
                    </span>
                  </span>
                  <span className="f-formlist__status">
                    <span className="f-badge">{t('versionCount', { n: flow.versions ?? 1 })}</span>
                    {catalogue.has(flow.processId) && (
                      <span
                        className="f-badge f-badge--catalogue"
                        data-entry={catalogue.get(flow.processId)![0]!.id}
                      >
                        <Icon name="requests" size={14} />
                        {t('catalogue.in')}
                      </span>
                    )}
                    {(running[flow.processId] ?? 0) > 0 && (
                      <span className="f-badge f-badge--published">
                        {t('runningCount', { n: running[flow.processId] ?? 0 })}
                      </span>
                    )}
                  </span>
                </Link>
              </li>
            ))}
          </ul>
        </section>
      )}
    </Page>
  );
}

function CreateFlow({ taken, onCancel }: { taken: string[]; onCancel(): void }) {
  const t = useMessages(flowModelerMessages);
  const [name, setName] = useState('');
  const [module, setModule] = useState('');
  const [id, setId] = useState('');
  const [idTouched, setIdTouched] = useState(false);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const processId = idTouched ? id : name.trim() ? processIdFrom(module.trim(), name) : '';

  const submit = (event: FormEvent): void => {
    event.preventDefault();
    const found: Record<string, string> = {};
    if (!name.trim()) found.name = t('create.missing');
    if (!processId) found.id = t('create.missing');
    else if (!PROCESS_ID.test(processId)) found.id = t('create.badId');
    setErrors(found);
    if (Object.keys(found).length) return;
    if (!taken.includes(processId)) stashNewFlow(processId, name.trim());
    navigate(`/design/flows/${encodeURIComponent(processId)}`);
  };

  return (
    <form className="f-card f-create" onSubmit={submit} noValidate>
      <h2 className="f-create__title">{t('create.title')}</h2>
      <div className="f-create__grid">
        <TextField
          label={t('create.name')}
          name="flow-name"
          value={name}
          error={errors.name}
          onChange={(e) => setName(e.target.value)}
        />
        <TextField
          label={t('create.module')}
          hint={t('create.moduleHint')}
          name="flow-module"
          value={module}
          autoCapitalize="off"
          onChange={(e) => setModule(e.target.value)}
        />
        <TextField
          label={t('create.id')}
          hint={t('create.idHint')}
          name="flow-id"
          value={processId}
          error={errors.id}
          autoCapitalize="off"
          onChange={(e) => {
            setIdTouched(true);
            setId(e.target.value);
          }}
        />
      </div>
      <div className="f-form-actions">
        <Button type="submit" variant="primary">
          {t('create.submit')}
        </Button>
        <Button variant="ghost" onClick={onCancel}>
          {t('create.cancel')}
        </Button>
      </div>
    </form>
  );
}
