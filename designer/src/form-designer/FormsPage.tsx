// The forms of every module with their status and versions; a new form starts here.
import { useCallback, useEffect, useMemo, useState, type FormEvent } from 'react';
import { api, type ReplyOf } from '../api/client.ts';
import { asApiError, type ApiError } from '../api/errors.ts';
import { useLocale, useLocalized, useMessages } from '../i18n/react.tsx';
import { Link, navigate } from '../shell/router.tsx';
import { Alert, Button, EmptyState, Icon, Page, Spinner, TextField } from '../ui/index.ts';
import { emptyDefinition } from './api.ts';
import { formDesignerMessages } from './messages.ts';
import './form-designer.css';

type Summary = ReplyOf<'/api/forms', 'get'>['items'][number];

const ID = /^[a-z0-9][a-z0-9._-]{0,127}$/;

const slug = (text: string): string =>
  text
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);

export function StatusBadge({ status }: { status: Summary['status'] }) {
  const t = useMessages(formDesignerMessages);
  return <span className={`f-badge f-badge--${status}`}>{t(`status.${status}`)}</span>;
}

export default function FormsPage() {
  const t = useMessages(formDesignerMessages);
  const localized = useLocalized();
  const { locale } = useLocale();
  const [forms, setForms] = useState<Summary[] | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [creating, setCreating] = useState(false);

  const load = useCallback(() => {
    setError(null);
    api
      .get('/api/forms')
      .then((reply) => setForms(reply.items))
      .catch((e: unknown) => setError(asApiError(e)));
  }, []);
  useEffect(load, [load]);

  const modules = useMemo(() => {
    const by = new Map<string, Summary[]>();
    for (const f of forms ?? []) by.set(f.module, [...(by.get(f.module) ?? []), f]);
    return [...by.entries()].sort(([a], [b]) => a.localeCompare(b));
  }, [forms]);

  const when = (iso: string | undefined): string =>
    iso
      ? new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso))
      : '';

  return (
    <Page
      title={t('title')}
      intro={t('intro')}
      actions={
        !creating && (
          <Button variant="primary" icon="plus" onClick={() => setCreating(true)}>
            {t('newForm')}
          </Button>
        )
      }
    >
      {creating && (
        <CreateForm
          modules={modules.map(([m]) => m)}
          onCancel={() => setCreating(false)}
          onCreated={(id) => navigate(`/design/forms/${encodeURIComponent(id)}`)}
        />
      )}
      {error && (
        <Alert tone="error">
          {t('loadFailed')} {error.text(locale)}{' '}
          <Button variant="ghost" onClick={load}>
            {t('retry')}
          </Button>
        </Alert>
      )}
      {!forms && !error && <Spinner label={t('loading')} />}
      {forms && forms.length === 0 && !creating && (
        <EmptyState icon="forms" title={t('emptyTitle')}>
          {t('emptyText')}
        </EmptyState>
      )}
      {modules.map(([module, items]) => (
        <section key={module} className="f-card f-formlist" aria-labelledby={`module-${module}`}>
          <h2 className="f-formlist__module" id={`module-${module}`}>
            {t('moduleHeading', { module })}
          </h2>
          <ul className="f-formlist__items">
            {items.map((form) => (
              <li key={form.id}>
                <Link
                  className="f-formlist__item"
                  to={`/design/forms/${encodeURIComponent(form.id)}`}
                  aria-label={t('open', { name: localized(form.name) })}
                  data-form={form.id}
                >
                  <span className="f-formlist__icon">
                    <Icon name="forms" />
                  </span>
                  <span className="f-formlist__main">
                    <span className="f-formlist__name">{localized(form.name)}</span>
                    <span className="f-formlist__meta">
                      <code>{form.id}</code>
                      {form.updatedAt && <span>{t('updated', { when: when(form.updatedAt) })}</span>}
                    </span>
                  </span>
                  <span className="f-formlist__status">
                    <StatusBadge status={form.status} />
                    <span className="f-formlist__version">
                      {form.latestVersion > 0 ? t('version', { n: form.latestVersion }) : t('noVersion')}
                    </span>
                    {form.hasUnpublishedChanges && form.latestVersion > 0 && (
                      <span className="f-badge f-badge--warn">{t('unpublished')}</span>
                    )}
                  </span>
                </Link>
              </li>
            ))}
          </ul>
        </section>
      ))}
    </Page>
  );
}

function CreateForm({
  modules,
  onCancel,
  onCreated,
}: {
  modules: string[];
  onCancel(): void;
  onCreated(id: string): void;
}) {
  const t = useMessages(formDesignerMessages);
  const { locale } = useLocale();
  const [module, setModule] = useState(modules[0] ?? '');
  const [nameEn, setNameEn] = useState('');
  const [nameZh, setNameZh] = useState('');
  const [id, setId] = useState('');
  const [idTouched, setIdTouched] = useState(false);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<ApiError | null>(null);
  const suggested = [slug(module), slug(nameEn)].filter(Boolean).join('-');
  const formId = idTouched ? id : suggested;

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    const found: Record<string, string> = {};
    if (!module.trim()) found.module = t('create.missing');
    else if (!ID.test(module.trim())) found.module = t('create.badId');
    if (!nameEn.trim()) found.nameEn = t('create.missing');
    if (!nameZh.trim()) found.nameZh = t('create.missing');
    if (!formId) found.id = t('create.missing');
    else if (!ID.test(formId)) found.id = t('create.badId');
    setErrors(found);
    if (Object.keys(found).length) return;
    setBusy(true);
    setFailure(null);
    try {
      await api.post('/api/forms', {
        body: emptyDefinition(formId, module.trim(), { en: nameEn.trim(), 'zh-CN': nameZh.trim() }),
      });
      onCreated(formId);
    } catch (e) {
      const error = asApiError(e);
      setFailure(error);
      const fields = error.fieldErrors(locale);
      setErrors({
        ...(fields['/id'] ? { id: fields['/id'] } : {}),
        ...(fields['/module'] ? { module: fields['/module'] } : {}),
      });
      setBusy(false);
    }
  };

  return (
    <form className="f-card f-create" onSubmit={(e) => void submit(e)} noValidate>
      <h2 className="f-create__title">{t('create.title')}</h2>
      {failure && <Alert tone="error">{failure.text(locale)}</Alert>}
      <div className="f-create__grid">
        <TextField
          label={t('create.module')}
          hint={t('create.moduleHint')}
          name="module"
          list="f-known-modules"
          value={module}
          error={errors.module}
          onChange={(e) => setModule(e.target.value)}
          autoCapitalize="off"
        />
        <datalist id="f-known-modules">
          {modules.map((m) => (
            <option key={m} value={m} />
          ))}
        </datalist>
        <TextField
          label={t('create.id')}
          hint={t('create.idHint')}
          name="form-id"
          value={formId}
          error={errors.id}
          onChange={(e) => {
            setIdTouched(true);
            setId(e.target.value);
          }}
          autoCapitalize="off"
        />
        <TextField
          label={t('create.nameEn')}
          name="name-en"
          value={nameEn}
          error={errors.nameEn}
          onChange={(e) => setNameEn(e.target.value)}
        />
        <TextField
          label={t('create.nameZh')}
          name="name-zh"
          lang="zh-CN"
          value={nameZh}
          error={errors.nameZh}
          onChange={(e) => setNameZh(e.target.value)}
        />
      </div>
      <div className="f-form-actions">
        <Button type="submit" variant="primary" busy={busy}>
          {t('create.submit')}
        </Button>
        <Button variant="ghost" onClick={onCancel}>
          {t('create.cancel')}
        </Button>
      </div>
    </form>
  );
}
