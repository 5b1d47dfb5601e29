// A new form: its module, its id (suggested from the module and the English name until the analyst
// types one) and its name in both languages. The server makes the first draft; the editor opens.
import { useState } from 'react';
import { api } from '#designer/api/client.ts';
import { asApiError } from '#designer/api/errors.ts';
import { useLocale, useMessages } from '#designer/i18n/react.tsx';
import { Alert, TextField } from '#designer/ui/index.ts';
import { EMPTY_TEXT, FormCard, LocalizedTextField, trimText, useSubmit } from '#designer/ui/kit/index.ts';
import { emptyDefinition } from './api.ts';
import { formDesignerMessages } from './messages.ts';

const ID = /^[a-z0-9][a-z0-9._-]{0,127}$/;

const slug = (text: string): string =>
  text
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);

export function CreateForm({
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
  const [name, setName] = useState(EMPTY_TEXT);
  const [id, setId] = useState('');
  const [idTouched, setIdTouched] = useState(false);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const formId = idTouched ? id : [slug(module), slug(name.en)].filter(Boolean).join('-');

  const { busy, error, onSubmit } = useSubmit(async () => {
    const found: Record<string, string> = {};
    if (!module.trim()) found.module = t('create.missing');
    else if (!ID.test(module.trim())) found.module = t('create.badId');
    if (!name.en.trim()) found.nameEn = t('create.missing');
    if (!name['zh-CN'].trim()) found.nameZh = t('create.missing');
    if (!formId) found.id = t('create.missing');
    else if (!ID.test(formId)) found.id = t('create.badId');
    setErrors(found);
    if (Object.keys(found).length) return;
    try {
      await api.post('/api/forms', { body: emptyDefinition(formId, module.trim(), trimText(name)) });
    } catch (e) {
      const fields = asApiError(e).fieldErrors(locale);
      setErrors({
        ...(fields['/id'] ? { id: fields['/id'] } : {}),
        ...(fields['/module'] ? { module: fields['/module'] } : {}),
      });
      throw e;
    }
    onCreated(formId);
  });

  return (
    <FormCard
      title={t('create.title')}
      onSubmit={onSubmit}
      submitLabel={t('create.submit')}
      cancelLabel={t('create.cancel')}
      onCancel={onCancel}
      busy={busy}
      notice={error ? <Alert tone="error">{asApiError(error).text(locale)}</Alert> : null}
    >
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
      <LocalizedTextField
        label={t('create.name')}
        name="name"
        value={name}
        errors={{ en: errors.nameEn, 'zh-CN': errors.nameZh }}
        onChange={setName}
      />
    </FormCard>
  );
}
