// Publishing a deployed flow to the request catalogue (/api/catalogue/entries): the request's id,
// its names in both languages, the form employees fill in, an optional description and the roles
// that may start it, filed under the built-in 'custom' group. The same dialog shows an entry that is
// already there: its fields can be changed, or it can be removed (after a confirmation). The
// server's problems are shown at their fields (error.details[].path: /id, /form, /startRoles/0 …).
import { useEffect, useId, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { asApiError, type ApiError } from '../api/errors.ts';
import { useLocale, useLocalized, useMessages } from '../i18n/react.tsx';
import { Alert, Button, Icon, TextField } from '../ui/index.ts';
import {
  createEntry,
  deleteEntry,
  updateEntry,
  type CatalogueEntry,
  type CatalogueEntryInput,
  type CatalogueEntryPatch,
} from './api.ts';
import { flowModelerMessages } from './messages.ts';

type LocalizedText = { en: string; 'zh-CN': string };

/** The catalogue's entry ids (common.schema.json#/$defs/id). */
const ENTRY_ID = /^[a-z0-9][a-z0-9._-]{0,127}$/;
const CUSTOM_MODULE = 'custom';

/** A request id from a process id: lower case, other characters as dashes. */
export function entryIdFrom(processId: string): string {
  return processId
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/^[^a-z0-9]+/, '')
    .slice(0, 128);
}

export interface CatalogueDialogProps {
  processId: string;
  /** The flow's name (prefills both names of a new entry). */
  flowName: string;
  deployedVersion: number;
  /** The forms the deployed flow names (the first prefills the form of a new entry). */
  formIds: readonly string[];
  forms: readonly { id: string; name: LocalizedText }[];
  /** The roles to choose from; null when they could not be read (a text input then). */
  roles: readonly { id: string; name: LocalizedText }[] | null;
  /** The entry being shown, or null to publish a new one. */
  entry: CatalogueEntry | null;
  onClose(): void;
  onSaved(entry: CatalogueEntry, created: boolean): void;
  onRemoved(entry: CatalogueEntry): void;
}

type FieldKey = 'id' | 'nameEn' | 'nameZh' | 'form' | 'flow' | 'descEn' | 'descZh' | 'roles' | 'module';

/** Where each of the server's JSON pointers belongs in the dialog. */
function fieldOf(path: string): FieldKey | null {
  if (path === '/id') return 'id';
  if (path === '/name' || path === '/name/en') return 'nameEn';
  if (path === '/name/zh-CN') return 'nameZh';
  if (path === '/form') return 'form';
  if (path === '/flow') return 'flow';
  if (path === '/description' || path === '/description/en') return 'descEn';
  if (path === '/description/zh-CN') return 'descZh';
  if (path === '/startRoles' || path.startsWith('/startRoles/')) return 'roles';
  if (path === '/module') return 'module';
  return null;
}

export function CatalogueDialog({
  processId,
  flowName,
  deployedVersion,
  formIds,
  forms,
  roles,
  entry,
  onClose,
  onSaved,
  onRemoved,
}: CatalogueDialogProps) {
  const t = useMessages(flowModelerMessages);
  const { locale } = useLocale();
  const localized = useLocalized();
  const ref = useRef<HTMLDialogElement>(null);
  const bodyRef = useRef<HTMLDivElement>(null);
  const titleId = useId();
  const [id, setId] = useState(entry?.id ?? entryIdFrom(processId));
  const [nameEn, setNameEn] = useState(entry?.name.en ?? flowName);
  const [nameZh, setNameZh] = useState(entry?.name['zh-CN'] ?? flowName);
  const [form, setForm] = useState(entry?.form ?? formIds[0] ?? '');
  const [descEn, setDescEn] = useState(entry?.description?.en ?? '');
  const [descZh, setDescZh] = useState(entry?.description?.['zh-CN'] ?? '');
  const [startRoles, setStartRoles] = useState<string[]>(entry?.startRoles ?? []);
  const [rolesText, setRolesText] = useState((entry?.startRoles ?? []).join(', '));
  const [errors, setErrors] = useState<Partial<Record<FieldKey, string>>>({});
  const [failure, setFailure] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState<'save' | 'remove' | null>(null);
  const [confirming, setConfirming] = useState(false);

  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    return () => dialog?.close();
  }, []);

  const group =
    entry && entry.module !== CUSTOM_MODULE ? localized(entry.moduleName) : t('catalogue.customGroup');
  const chosenRoles = roles ? startRoles : rolesText.split(/[\s,，]+/).filter(Boolean);
  // The form select offers the published forms, and the chosen one even when it is not published
  // (the server then says why at the field).
  const formOptions =
    form && !forms.some((f) => f.id === form) ? [...forms, { id: form, name: null }] : forms;

  const save = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    const found: Partial<Record<FieldKey, string>> = {};
    if (!id.trim()) found.id = t('catalogue.missing');
    else if (!ENTRY_ID.test(id.trim())) found.id = t('catalogue.badId');
    if (!nameEn.trim()) found.nameEn = t('catalogue.missing');
    if (!nameZh.trim()) found.nameZh = t('catalogue.missing');
    if (!form) found.form = t('catalogue.missing');
    if (!descEn.trim() !== !descZh.trim())
      found[descEn.trim() ? 'descZh' : 'descEn'] = t('catalogue.descBoth');
    setErrors(found);
    setFailure(null);
    if (Object.keys(found).length) return;
    const name = { en: nameEn.trim(), 'zh-CN': nameZh.trim() };
    const description = descEn.trim() ? { en: descEn.trim(), 'zh-CN': descZh.trim() } : null;
    setBusy('save');
    try {
      if (entry) {
        const patch: CatalogueEntryPatch = {
          rev: entry.rev,
          form,
          flow: processId,
          name,
          description,
          startRoles: chosenRoles,
        };
        onSaved(await updateEntry(entry.id, patch), false);
      } else {
        const body: CatalogueEntryInput = {
          id: id.trim(),
          module: CUSTOM_MODULE,
          form,
          flow: processId,
          name,
          ...(description ? { description } : {}),
          ...(chosenRoles.length ? { startRoles: chosenRoles } : {}),
        };
        onSaved(await createEntry(body), true);
      }
    } catch (e) {
      const error = asApiError(e);
      const at: Partial<Record<FieldKey, string[]>> = {};
      for (const detail of error.details) {
        const key = fieldOf(detail.path);
        if (!key) continue;
        const text = locale === 'zh-CN' ? (detail.messageZh ?? detail.message) : detail.message;
        // A role's problem names the role; every other field shows its first problem.
        if (key === 'roles' || !at[key]) at[key] = [...(at[key] ?? []), text];
      }
      setErrors(Object.fromEntries(Object.entries(at).map(([k, v]) => [k, v.join(' · ')])));
      setFailure(error);
      setBusy(null);
      // The summary is at the top; the fields below it say what is wrong with each.
      bodyRef.current?.scrollTo({ top: 0 });
    }
  };

  const remove = async (): Promise<void> => {
    if (!entry) return;
    setBusy('remove');
    setFailure(null);
    try {
      await deleteEntry(entry.id);
      onRemoved(entry);
    } catch (e) {
      setFailure(asApiError(e));
      setBusy(null);
      setConfirming(false);
    }
  };

  const head = (title: string): ReactNode => (
    <div className="f-cdialog__head">
      <h2 id={titleId} className="f-cdialog__title">
        {title}
      </h2>
      <button
        type="button"
        className="f-iconbtn"
        aria-label={t('catalogue.close')}
        title={t('catalogue.close')}
        onClick={onClose}
        disabled={busy !== null}
      >
        <Icon name="close" size={18} />
      </button>
    </div>
  );

  return (
    <dialog
      ref={ref}
      className="f-cdialog"
      aria-labelledby={titleId}
      data-mode={confirming ? 'confirm' : entry ? 'edit' : 'new'}
      onCancel={(e) => {
        e.preventDefault();
        if (busy) return;
        if (confirming) setConfirming(false);
        else onClose();
      }}
    >
      {confirming && entry ? (
        <div className="f-cdialog__box">
          {head(t('catalogue.removeTitle', { name: localized(entry.name) }))}
          <div className="f-cdialog__body">
            <p className="f-cdialog__text">{t('catalogue.removeText')}</p>
          </div>
          <div className="f-cdialog__foot">
            <Button onClick={() => setConfirming(false)} disabled={busy !== null}>
              {t('catalogue.cancel')}
            </Button>
            <Button
              variant="danger"
              icon="trash"
              busy={busy === 'remove'}
              onClick={() => void remove()}
              data-action="catalogue-remove-confirm"
            >
              {busy === 'remove' ? t('catalogue.removing') : t('catalogue.removeConfirm')}
            </Button>
          </div>
        </div>
      ) : (
        <form className="f-cdialog__box" onSubmit={(e) => void save(e)} noValidate>
          {head(entry ? t('catalogue.editTitle') : t('catalogue.title'))}
          <div className="f-cdialog__body" ref={bodyRef}>
            <p className="f-cdialog__text">{t('catalogue.intro', { group })}</p>
            {entry && !entry.listed && (
              <Alert tone="info">{t('catalogue.notListed', { module: localized(entry.moduleName) })}</Alert>
            )}
            {failure && <Alert tone="error">{failure.text(locale)}</Alert>}
            <div className="f-cdialog__grid">
              <TextField
                label={t('catalogue.id')}
                hint={entry ? undefined : t('catalogue.idHint')}
                name="entry-id"
                className="f-mono"
                value={id}
                error={errors.id}
                readOnly={!!entry}
                autoCapitalize="off"
                spellCheck={false}
                onChange={(e) => setId(e.target.value)}
              />
              <Fact label={t('catalogue.flow')} error={errors.flow} name="entry-flow">
                <code>{t('catalogue.flowValue', { id: processId, n: deployedVersion })}</code>
              </Fact>
              <TextField
                label={t('catalogue.nameEn')}
                name="entry-name-en"
                lang="en"
                value={nameEn}
                error={errors.nameEn}
                onChange={(e) => setNameEn(e.target.value)}
              />
              <TextField
                label={t('catalogue.nameZh')}
                name="entry-name-zh"
                lang="zh-CN"
                value={nameZh}
                error={errors.nameZh}
                onChange={(e) => setNameZh(e.target.value)}
              />
              <SelectField
                label={t('catalogue.form')}
                hint={t('catalogue.formHint')}
                error={errors.form}
                name="entry-form"
                value={form}
                onChange={setForm}
              >
                {!form && <option value="">{t('catalogue.formNone')}</option>}
                {formOptions.map((f) => (
                  <option key={f.id} value={f.id}>
                    {f.name ? `${localized(f.name)} (${f.id})` : t('catalogue.formUnpublished', { id: f.id })}
                  </option>
                ))}
              </SelectField>
              <Fact label={t('catalogue.group')} error={errors.module} name="entry-module">
                {group}
              </Fact>
              <TextField
                label={t('catalogue.descEn')}
                name="entry-description-en"
                lang="en"
                value={descEn}
                error={errors.descEn}
                onChange={(e) => setDescEn(e.target.value)}
              />
              <TextField
                label={t('catalogue.descZh')}
                name="entry-description-zh"
                lang="zh-CN"
                value={descZh}
                error={errors.descZh}
                onChange={(e) => setDescZh(e.target.value)}
              />
            </div>
            {roles ? (
              <fieldset
                className={`f-group f-cdialog__roles${errors.roles ? ' f-field--invalid' : ''}`}
                data-field="entry-roles"
              >
                <legend className="f-group__title">{t('catalogue.roles')}</legend>
                <p className="f-field__hint">{t('catalogue.rolesHint')}</p>
                <ul className="f-cdialog__rolelist">
                  {roles.map((role) => (
                    <li key={role.id}>
                      <label className="f-check">
                        <input
                          type="checkbox"
                          name="entry-role"
                          value={role.id}
                          checked={startRoles.includes(role.id)}
                          onChange={(e) =>
                            setStartRoles((current) =>
                              e.target.checked ? [...current, role.id] : current.filter((r) => r !== role.id),
                            )
                          }
                        />
                        <span>{localized(role.name)}</span>
                      </label>
                    </li>
                  ))}
                </ul>
                {errors.roles && <p className="f-field__error">{errors.roles}</p>}
              </fieldset>
            ) : (
              <TextField
                label={t('catalogue.rolesText')}
                hint={t('catalogue.rolesTextHint')}
                name="entry-roles"
                value={rolesText}
                error={errors.roles}
                autoCapitalize="off"
                onChange={(e) => setRolesText(e.target.value)}
              />
            )}
          </div>
          <div className="f-cdialog__foot">
            {entry && (
              <Button
                variant="danger"
                icon="trash"
                className="f-cdialog__remove"
                disabled={busy !== null}
                onClick={() => setConfirming(true)}
                data-action="catalogue-remove"
              >
                {t('catalogue.remove')}
              </Button>
            )}
            <Button onClick={onClose} disabled={busy !== null}>
              {t('catalogue.cancel')}
            </Button>
            <Button
              type="submit"
              variant="primary"
              icon={entry ? 'save' : 'send'}
              busy={busy === 'save'}
              data-action="catalogue-save"
            >
              {busy === 'save'
                ? entry
                  ? t('catalogue.saving')
                  : t('catalogue.publishing')
                : entry
                  ? t('catalogue.save')
                  : t('catalogue.submit')}
            </Button>
          </div>
        </form>
      )}
    </dialog>
  );
}

/** A labelled value that is not edited here, with the server's problem about it. */
function Fact({
  label,
  error,
  name,
  children,
}: {
  label: string;
  error?: string | undefined;
  name: string;
  children: ReactNode;
}) {
  return (
    <div className={`f-field f-cdialog__fact${error ? ' f-field--invalid' : ''}`} data-field={name}>
      <span className="f-field__label">{label}</span>
      <span className="f-cdialog__value">{children}</span>
      {error && <p className="f-field__error">{error}</p>}
    </div>
  );
}

function SelectField({
  label,
  hint,
  error,
  name,
  value,
  onChange,
  children,
}: {
  label: string;
  hint?: string;
  error?: string | undefined;
  name: string;
  value: string;
  onChange(value: string): void;
  children: ReactNode;
}) {
  const id = useId();
  const described = [hint && `${id}-hint`, error && `${id}-error`].filter(Boolean).join(' ');
  return (
    <div className={`f-field${error ? ' f-field--invalid' : ''}`}>
      <label className="f-field__label" htmlFor={id}>
        {label}
      </label>
      <select
        id={id}
        name={name}
        className="f-select"
        value={value}
        aria-invalid={error ? true : undefined}
        aria-describedby={described || undefined}
        onChange={(e) => onChange(e.target.value)}
      >
        {children}
      </select>
      {hint && (
        <p className="f-field__hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      {error && (
        <p className="f-field__error" id={`${id}-error`}>
          {error}
        </p>
      )}
    </div>
  );
}
