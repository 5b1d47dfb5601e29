// The form's own settings: its name and description in both languages and its title field.
import { useMessages } from '#designer/i18n/react.tsx';
import { TextField } from '#designer/ui/index.ts';
import { formDesignerMessages } from '../messages.ts';
import { flatten } from '../model/ops.ts';
import type { DesignForm, LocalizedText } from '../model/types.ts';
import { useFieldLabel } from './Canvas.tsx';
import { SelectField, TextAreaField } from './inputs.tsx';

export function Settings({
  form,
  problems,
  onChange,
}: {
  form: DesignForm;
  /** Problems by form-level setting (name, description, titleField, …). */
  problems: Map<string, string[]>;
  onChange(patch: Partial<DesignForm>): void;
}) {
  const t = useMessages(formDesignerMessages);
  const labelOf = useFieldLabel();
  const description: LocalizedText = form.description ?? { en: '', 'zh-CN': '' };
  const setDescription = (next: LocalizedText): void =>
    onChange({ description: next.en || next['zh-CN'] ? next : undefined });
  const titleCandidates = flatten(form.fields).filter(
    (e) => e.depth === 0 && (e.field.kind === 'text' || e.field.kind === 'longText') && !e.field.sensitive,
  );
  const error = (key: string): string | undefined => problems.get(key)?.join(' ');
  const other = [...problems.entries()].filter(([k]) => !['name', 'description', 'titleField'].includes(k));
  return (
    <section className="f-card f-settings" aria-labelledby="f-settings-title">
      <h2 className="f-section-title" id="f-settings-title">
        {t('settings.title')}
      </h2>
      {other.length > 0 && (
        <ul className="f-props__problems" role="alert">
          {other.flatMap(([key, list]) => list.map((m, i) => <li key={`${key}${i}`}>{m}</li>))}
        </ul>
      )}
      <div className="f-settings__grid">
        <TextField label={t('settings.id')} name="form-id" value={form.id} readOnly />
        <TextField label={t('settings.module')} name="form-module" value={form.module} readOnly />
        <TextField
          label={t('settings.nameEn')}
          name="form-name-en"
          value={form.name.en}
          error={!form.name.en.trim() ? error('name') : undefined}
          onChange={(e) => onChange({ name: { ...form.name, en: e.target.value } })}
        />
        <TextField
          label={t('settings.nameZh')}
          name="form-name-zh"
          lang="zh-CN"
          value={form.name['zh-CN']}
          error={!form.name['zh-CN'].trim() ? error('name') : undefined}
          onChange={(e) => onChange({ name: { ...form.name, 'zh-CN': e.target.value } })}
        />
        <TextAreaField
          label={t('settings.descEn')}
          name="form-desc-en"
          rows={3}
          value={description.en}
          error={error('description')}
          onChange={(e) => setDescription({ ...description, en: e.target.value })}
        />
        <TextAreaField
          label={t('settings.descZh')}
          name="form-desc-zh"
          lang="zh-CN"
          rows={3}
          value={description['zh-CN']}
          onChange={(e) => setDescription({ ...description, 'zh-CN': e.target.value })}
        />
        <SelectField
          label={t('settings.titleField')}
          hint={t('settings.titleFieldHint')}
          name="form-title-field"
          value={form.titleField ?? ''}
          error={error('titleField')}
          onChange={(e) => onChange({ titleField: e.target.value || undefined })}
        >
          <option value="">{t('settings.titleNone')}</option>
          {titleCandidates.map((e) => (
            <option key={e.field.uid} value={e.path}>
              {labelOf(e.field.label)}
            </option>
          ))}
        </SelectField>
      </div>
    </section>
  );
}
