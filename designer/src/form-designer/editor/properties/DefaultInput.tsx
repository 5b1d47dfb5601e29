// A field's default value, in the input its kind takes (text, number, date, one of its options,
// yes / no).
import { useMessages } from '#designer/i18n/react.tsx';
import { TextField } from '#designer/ui/index.ts';
import { SelectField } from '#designer/ui/kit/index.ts';
import { formDesignerMessages } from '../../messages.ts';
import type { DesignField } from '../../model/types.ts';
import { useFieldLabel } from '../Canvas.tsx';

export function DefaultInput({
  field,
  error,
  onChange,
}: {
  field: DesignField;
  error: string | undefined;
  onChange(patch: Partial<DesignField>): void;
}) {
  const t = useMessages(formDesignerMessages);
  const labelOf = useFieldLabel();
  const value = field.default;
  switch (field.kind) {
    case 'text':
    case 'longText':
    case 'money':
    case 'date':
      return (
        <TextField
          label={t('prop.default')}
          name="field-default"
          type={field.kind === 'date' ? 'date' : 'text'}
          inputMode={field.kind === 'money' ? 'decimal' : undefined}
          value={typeof value === 'string' ? value : ''}
          error={error}
          onChange={(e) => onChange({ default: e.target.value || undefined })}
        />
      );
    case 'number':
      return (
        <TextField
          label={t('prop.default')}
          name="field-default"
          inputMode="decimal"
          value={typeof value === 'number' ? String(value) : ''}
          error={error}
          onChange={(e) => {
            const n = Number(e.target.value);
            onChange({ default: e.target.value.trim() !== '' && Number.isFinite(n) ? n : undefined });
          }}
        />
      );
    case 'select':
      return (
        <SelectField
          label={t('prop.default')}
          name="field-default"
          value={typeof value === 'string' ? value : ''}
          error={error}
          onChange={(e) => onChange({ default: e.target.value || undefined })}
        >
          <option value="">{t('prop.defaultNone')}</option>
          {(field.options ?? []).map((o) => (
            <option key={o.value} value={o.value}>
              {labelOf(o.label)}
            </option>
          ))}
        </SelectField>
      );
    case 'checkbox':
      return (
        <SelectField
          label={t('prop.default')}
          name="field-default"
          value={value === true ? 'true' : value === false ? 'false' : ''}
          error={error}
          onChange={(e) =>
            onChange({ default: e.target.value === '' ? undefined : e.target.value === 'true' })
          }
        >
          <option value="">{t('prop.defaultNone')}</option>
          <option value="true">{t('yes')}</option>
          <option value="false">{t('no')}</option>
        </SelectField>
      );
    default:
      return null;
  }
}
