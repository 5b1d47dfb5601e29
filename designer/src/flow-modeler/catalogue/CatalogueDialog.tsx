// Publishing a deployed flow to the request catalogue (/api/catalogue/entries): the request's id,
// its names in both languages, the form employees fill in, an optional description and the roles
// that may start it, filed under the built-in 'custom' group. The same dialog shows an entry that is
// already there: its fields can be changed, or it can be removed (after a confirmation). The
// server's problems are shown at their fields (error.details[].path: /id, /form, /startRoles/0 …).
import { useRef, useState, type FormEvent } from 'react';
import { asApiError, type ApiError } from '#designer/api/errors.ts';
import { useLocale, useLocalized, useMessages } from '#designer/i18n/react.tsx';
import { Alert, Button, TextField } from '#designer/ui/index.ts';
import {
  ConfirmDialog,
  Dialog,
  EMPTY_TEXT,
  FormGrid,
  LocalizedTextField,
  SelectField,
  trimText,
  type LocalizedText,
} from '#designer/ui/kit/index.ts';
import {
  createEntry,
  deleteEntry,
  updateEntry,
  type CatalogueEntry,
  type CatalogueEntryInput,
  type CatalogueEntryPatch,
} from '../api.ts';
import { Fact } from './Fact.tsx';
import { StartRoles } from './StartRoles.tsx';
import {
  checkEntry,
  CUSTOM_MODULE,
  entryIdFrom,
  serverErrors,
  typedRoles,
  type FieldErrors,
} from './entry-form.ts';
import { catalogueMessages } from './messages.ts';
import './catalogue.css';

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
  const t = useMessages(catalogueMessages);
  const { locale } = useLocale();
  const localized = useLocalized();
  const bodyRef = useRef<HTMLDivElement>(null);
  const [id, setId] = useState(entry?.id ?? entryIdFrom(processId));
  const [name, setName] = useState<LocalizedText>(entry?.name ?? { en: flowName, 'zh-CN': flowName });
  const [form, setForm] = useState(entry?.form ?? formIds[0] ?? '');
  const [description, setDescription] = useState<LocalizedText>(entry?.description ?? EMPTY_TEXT);
  const [startRoles, setStartRoles] = useState<string[]>(entry?.startRoles ?? []);
  const [rolesText, setRolesText] = useState((entry?.startRoles ?? []).join(', '));
  const [errors, setErrors] = useState<FieldErrors>({});
  const [failure, setFailure] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const [confirming, setConfirming] = useState(false);

  const group = entry && entry.module !== CUSTOM_MODULE ? localized(entry.moduleName) : t('customGroup');
  const chosenRoles = roles ? startRoles : typedRoles(rolesText);
  // The form select offers the published forms, and the chosen one even when it is not published
  // (the server then says why at the field).
  const formOptions =
    form && !forms.some((f) => f.id === form) ? [...forms, { id: form, name: null }] : forms;

  const save = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    const found = checkEntry({ id, name, form, description });
    setErrors(Object.fromEntries(Object.entries(found).map(([k, key]) => [k, t(key)])));
    setFailure(null);
    if (Object.keys(found).length) return;
    const text = trimText(description);
    const withDescription = text.en ? text : null;
    setBusy(true);
    try {
      if (entry) {
        const patch: CatalogueEntryPatch = {
          rev: entry.rev,
          form,
          flow: processId,
          name: trimText(name),
          description: withDescription,
          startRoles: chosenRoles,
        };
        onSaved(await updateEntry(entry.id, patch), false);
      } else {
        const body: CatalogueEntryInput = {
          id: id.trim(),
          module: CUSTOM_MODULE,
          form,
          flow: processId,
          name: trimText(name),
          ...(withDescription ? { description: withDescription } : {}),
          ...(chosenRoles.length ? { startRoles: chosenRoles } : {}),
        };
        onSaved(await createEntry(body), true);
      }
    } catch (e) {
      const error = asApiError(e);
      setErrors(serverErrors(error.details, locale === 'zh-CN'));
      setFailure(error);
      setBusy(false);
      // The summary is at the top; the fields below it say what is wrong with each.
      bodyRef.current?.scrollTo({ top: 0 });
    }
  };

  return (
    <>
      <Dialog
        title={entry ? t('editTitle') : t('title')}
        size="large"
        onClose={onClose}
        onSubmit={(e) => void save(e)}
        noValidate
        busy={busy}
        bodyRef={bodyRef}
        data={{ dialog: 'catalogue', mode: entry ? 'edit' : 'new' }}
        footer={
          <>
            {entry && (
              <Button
                variant="danger"
                icon="trash"
                className="f-dialog__aside"
                disabled={busy}
                onClick={() => setConfirming(true)}
                data-action="catalogue-remove"
              >
                {t('remove')}
              </Button>
            )}
            <Button onClick={onClose} disabled={busy}>
              {t('cancel')}
            </Button>
            <Button
              type="submit"
              variant="primary"
              icon={entry ? 'save' : 'send'}
              busy={busy}
              data-action="catalogue-save"
            >
              {busy ? (entry ? t('saving') : t('publishing')) : entry ? t('save') : t('submit')}
            </Button>
          </>
        }
      >
        <p>{t('intro', { group })}</p>
        {entry && !entry.listed && (
          <Alert tone="info">{t('notListed', { module: localized(entry.moduleName) })}</Alert>
        )}
        {failure && <Alert tone="error">{failure.text(locale)}</Alert>}
        <FormGrid>
          <TextField
            label={t('id')}
            hint={entry ? undefined : t('idHint')}
            name="entry-id"
            className="f-mono"
            value={id}
            error={errors.id}
            readOnly={!!entry}
            autoCapitalize="off"
            spellCheck={false}
            onChange={(e) => setId(e.target.value)}
          />
          <Fact label={t('flow')} error={errors.flow} name="entry-flow">
            <code>{t('flowValue', { id: processId, n: deployedVersion })}</code>
          </Fact>
          <LocalizedTextField
            label={t('name')}
            name="entry-name"
            value={name}
            errors={{ en: errors.nameEn, 'zh-CN': errors.nameZh }}
            onChange={setName}
          />
          <SelectField
            label={t('form')}
            hint={t('formHint')}
            error={errors.form}
            name="entry-form"
            value={form}
            onChange={(e) => setForm(e.target.value)}
          >
            {!form && <option value="">{t('formNone')}</option>}
            {formOptions.map((f) => (
              <option key={f.id} value={f.id}>
                {f.name ? `${localized(f.name)} (${f.id})` : t('formUnpublished', { id: f.id })}
              </option>
            ))}
          </SelectField>
          <Fact label={t('group')} error={errors.module} name="entry-module">
            {group}
          </Fact>
          <LocalizedTextField
            label={t('description')}
            name="entry-description"
            optional
            value={description}
            errors={{ en: errors.descEn, 'zh-CN': errors.descZh }}
            onChange={setDescription}
          />
        </FormGrid>
        {roles ? (
          <StartRoles roles={roles} chosen={startRoles} error={errors.roles} onChange={setStartRoles} />
        ) : (
          <TextField
            label={t('rolesText')}
            hint={t('rolesTextHint')}
            name="entry-roles"
            value={rolesText}
            error={errors.roles}
            autoCapitalize="off"
            onChange={(e) => setRolesText(e.target.value)}
          />
        )}
      </Dialog>
      {confirming && entry && (
        <ConfirmDialog
          title={t('removeTitle', { name: localized(entry.name) })}
          confirmLabel={t('removeConfirm')}
          variant="danger"
          icon="trash"
          size="small"
          sheet
          data={{ dialog: 'catalogue-remove' }}
          onClose={() => setConfirming(false)}
          onConfirm={async () => {
            await deleteEntry(entry.id);
            onRemoved(entry);
          }}
        >
          <p>{t('removeText')}</p>
        </ConfirmDialog>
      )}
    </>
  );
}
