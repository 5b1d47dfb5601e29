// The form's own settings: its name and description in both languages and its title field.
import { useMessages } from '#designer/i18n/react.tsx';
import { TextField } from '#designer/ui/index.ts';
import { formDesignerMessages } from '../messages.ts';
import { flatten } from '../model/ops.ts';
import type { DesignForm, LocalizedText } from '../model/types.ts';
import { useFieldLabel } from './Canvas.tsx';
import { FormGrid, LocalizedTextField, SelectField } from '#designer/ui/kit/index.ts';
import './views.css';

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
      <FormGrid>
        <TextField label={t('settings.id')} name="form-id" value={form.id} readOnly />
        <TextField label={t('settings.module')} name="form-module" value={form.module} readOnly />
        <LocalizedTextField
          label={t('settings.name')}
          name="form-name"
          value={form.name}
          error={error('name')}
          onChange={(name) => onChange({ name })}
        />
        <LocalizedTextField
          label={t('settings.description')}
          name="form-desc"
          rows={3}
          value={description}
          errors={{ en: error('description') }}
          onChange={setDescription}
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
      </FormGrid>
    </section>
  );
}
