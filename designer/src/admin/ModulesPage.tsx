// Admin → Modules: every module with its description, version and status; install, enable,
// disable (with what it means spelled out), upgrade; its settings form rendered by FormaForm from
// the module's settings schema, labelled in the reader's language.
import { useState } from 'react';
import { api, type ReplyOf } from '../api/client.ts';
import { useLocale, useLocalized, useMessages } from '../i18n/react.tsx';
import { Alert, Button, Page, useLoad } from '../ui/index.ts';
import { FormaForm } from '../ui/rjsf/theme.tsx';
import {
  Badge,
  Checkbox,
  ConfirmDialog,
  Dialog,
  ErrorBox,
  LoadState,
  type BadgeTone,
} from '../ui/kit/index.ts';
import { adminMessages } from './messages.ts';
import { opsMessages } from './ops-messages.ts';
import { labelledSettingsSchema } from './settings-schema.ts';
import './admin.css';

type Module = ReplyOf<'/api/modules', 'get'>['items'][number];
type Verb = 'install' | 'enable' | 'disable' | 'upgrade';

const STATUS_TONE: Record<Module['status'], BadgeTone> = {
  enabled: 'success',
  disabled: 'neutral',
  available: 'info',
  broken: 'danger',
};

export default function ModulesPage() {
  const t = useMessages(opsMessages);
  const loc = useLocalized();
  const modules = useLoad(async () => (await api.get('/api/modules')).items);
  const [asking, setAsking] = useState<{ verb: Verb; module: Module } | null>(null);
  const [settingsOf, setSettingsOf] = useState<Module | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [reloading, setReloading] = useState(false);
  const [demo, setDemo] = useState(false);

  const run = async (verb: Verb, m: Module): Promise<void> => {
    const path = { id: m.id };
    if (verb === 'install') await api.post('/api/modules/{id}/install', { path, body: { demo } });
    else if (verb === 'enable') await api.post('/api/modules/{id}/enable', { path, body: {} });
    else if (verb === 'disable') await api.post('/api/modules/{id}/disable', { path, body: {} });
    else await api.post('/api/modules/{id}/upgrade', { path, body: {} });
    setNotice(t(`modules.done.${verb}`, { name: loc(m.name) }));
    modules.reload();
  };
  const reload = async () => {
    setReloading(true);
    setError(null);
    try {
      await api.post('/api/modules/reload', { body: {} });
      setNotice(t('modules.reloaded'));
      modules.reload();
    } catch (e) {
      setError(e);
    } finally {
      setReloading(false);
    }
  };

  return (
    <Page
      title={t('modules.title')}
      intro={t('modules.intro')}
      actions={
        <Button icon="redo" busy={reloading} onClick={() => void reload()}>
          {t('modules.reload')}
        </Button>
      }
    >
      {notice && <Alert tone="success">{notice}</Alert>}
      <ErrorBox error={error} />
      <LoadState state={modules}>
        {(items) =>
          items.length === 0 ? (
            <p className="a-empty">{t('modules.none')}</p>
          ) : (
            <ul className="a-items">
              {items.map((m) => (
                <ModuleCard
                  key={m.id}
                  module={m}
                  onAsk={(verb) => {
                    setNotice(null);
                    setDemo(false);
                    setAsking({ verb, module: m });
                  }}
                  onSettings={() => {
                    setNotice(null);
                    setSettingsOf(m);
                  }}
                />
              ))}
            </ul>
          )
        }
      </LoadState>

      {asking && (
        <ConfirmDialog
          title={t(`modules.${asking.verb}Title`, {
            name: loc(asking.module.name),
            version: asking.module.availableVersion ?? '',
          })}
          confirmLabel={t(`modules.${asking.verb}`)}
          variant={asking.verb === 'disable' ? 'danger' : 'primary'}
          onConfirm={() => run(asking.verb, asking.module)}
          onClose={() => setAsking(null)}
        >
          {asking.verb === 'disable' ? (
            <>
              <p>{t('modules.disableText')}</p>
              <ul>
                <li>
                  {t('modules.disableHides', {
                    forms: asking.module.forms?.length ?? 0,
                    flows: asking.module.processes?.length ?? 0,
                  })}
                </li>
                <li>{t('modules.disableStops')}</li>
                <li>{t('modules.disableKeeps')}</li>
              </ul>
            </>
          ) : (
            <p>{t(`modules.${asking.verb}Text`)}</p>
          )}
          {asking.verb === 'install' && (
            <Checkbox label={t('modules.installDemo')} checked={demo} onChange={setDemo} />
          )}
        </ConfirmDialog>
      )}
      {settingsOf && (
        <SettingsDialog
          module={settingsOf}
          onClose={() => setSettingsOf(null)}
          onSaved={() => {
            setNotice(t('modules.settingsSaved', { name: loc(settingsOf.name) }));
            setSettingsOf(null);
            modules.reload();
          }}
        />
      )}
    </Page>
  );
}

function ModuleCard({
  module: m,
  onAsk,
  onSettings,
}: {
  module: Module;
  onAsk: (verb: Verb) => void;
  onSettings: () => void;
}) {
  const t = useMessages(opsMessages);
  const loc = useLocalized();
  const { locale } = useLocale();
  const version =
    m.installedVersion && m.upgradeAvailable
      ? t('modules.versionUpgrade', { installed: m.installedVersion, available: m.availableVersion ?? '' })
      : t('modules.version', { version: m.installedVersion ?? m.availableVersion ?? '?' });
  return (
    <li className="a-item" data-module={m.id} data-status={m.status}>
      <div className="a-item__head">
        <h2 className="a-item__title">{loc(m.name)}</h2>
        <Badge tone={STATUS_TONE[m.status]}>{t(`modules.status.${m.status}`)}</Badge>
      </div>
      <p className="a-item__meta">
        {version}
        {m.installed && (
          <> · {t('modules.contents', { forms: m.forms?.length ?? 0, flows: m.processes?.length ?? 0 })}</>
        )}
        {m.depends.length > 0 && (
          <> · {t('modules.depends', { list: m.depends.map((d) => d.id).join(', ') })}</>
        )}
      </p>
      <p className="a-item__text">{loc(m.description)}</p>
      {m.problems.length > 0 && (
        <details className="a-item__error" open={m.status === 'broken'}>
          <summary>{t('modules.problems')}</summary>
          <ul className="a-details">
            {m.problems.map((p, i) => (
              <li key={i}>
                <code>
                  {p.file}
                  {p.path ? ` ${p.path}` : ''}
                </code>{' '}
                {locale === 'zh-CN' ? p.messageZh : p.message}
              </li>
            ))}
          </ul>
        </details>
      )}
      <div className="a-item__actions">
        {!m.installed && m.status !== 'broken' && (
          <Button variant="primary" icon="download" onClick={() => onAsk('install')}>
            {t('modules.install')}
          </Button>
        )}
        {m.installed && !m.enabled && (
          <Button variant="primary" icon="play" onClick={() => onAsk('enable')}>
            {t('modules.enable')}
          </Button>
        )}
        {m.installed && m.enabled && (
          <Button variant="danger" icon="lock" onClick={() => onAsk('disable')}>
            {t('modules.disable')}
          </Button>
        )}
        {m.upgradeAvailable && (
          <Button icon="up" onClick={() => onAsk('upgrade')}>
            {t('modules.upgrade')}
          </Button>
        )}
        {m.installed && (
          <Button icon="settings" onClick={onSettings}>
            {t('modules.settings')}
          </Button>
        )}
      </div>
    </li>
  );
}

function SettingsDialog({
  module: m,
  onClose,
  onSaved,
}: {
  module: Module;
  onClose: () => void;
  onSaved: () => void;
}) {
  const t = useMessages(opsMessages);
  const ta = useMessages(adminMessages);
  const loc = useLocalized();
  const { locale } = useLocale();
  const [data, setData] = useState<Record<string, unknown>>(m.settings);
  const [error, setError] = useState<unknown>(null);
  const [saving, setSaving] = useState(false);
  const schema = m.settingsSchema ? labelledSettingsSchema(m.settingsSchema, m.settingsLabels, locale) : null;
  const save = async (settings: Record<string, unknown>) => {
    setSaving(true);
    setError(null);
    try {
      await api.put('/api/modules/{id}/settings', { path: { id: m.id }, body: { settings, rev: m.rev } });
      onSaved();
    } catch (e) {
      setError(e);
      setSaving(false);
    }
  };
  return (
    <Dialog title={t('modules.settingsTitle', { name: loc(m.name) })} onClose={onClose} size="wide">
      {schema ? (
        <>
          <ErrorBox error={error} />
          <FormaForm
            schema={schema}
            formData={data}
            onChange={(e) => setData(e.formData as Record<string, unknown>)}
            onSubmit={(e) => void save(e.formData as Record<string, unknown>)}
            disabled={saving}
            uiSchema={{ 'ui:submitButtonOptions': { submitText: saving ? ta('saving') : ta('save') } }}
          />
        </>
      ) : (
        <p>{t('modules.noSettings')}</p>
      )}
    </Dialog>
  );
}
