// A field's limits, named for its kind: length of a text, range of a number or an amount, rows of
// a table, choices of a multiple choice.
import { useMessages } from '#designer/i18n/react.tsx';
import { TextField } from '#designer/ui/index.ts';
import { formDesignerMessages, type FormDesignerKey } from '../../messages.ts';
import type { FieldProp } from '../../model/pointers.ts';
import type { DesignField } from '../../model/types.ts';

export function Bounds({
  field,
  errorOf,
  onChange,
}: {
  field: DesignField;
  errorOf(prop: FieldProp): string | undefined;
  onChange(patch: Partial<DesignField>): void;
}) {
  const t = useMessages(formDesignerMessages);
  const labels = ((): [FormDesignerKey, FormDesignerKey] | null => {
    switch (field.kind) {
      case 'text':
      case 'longText':
        return ['prop.minLength', 'prop.maxLength'];
      case 'number':
        return ['prop.min', 'prop.max'];
      case 'money':
        return ['prop.minAmount', 'prop.maxAmount'];
      case 'table':
        return ['prop.minRows', 'prop.maxRows'];
      case 'multiSelect':
        return ['prop.minChoices', 'prop.maxChoices'];
      default:
        return null;
    }
  })();
  if (!labels) return null;
  const mode = field.kind === 'money' ? 'decimal' : 'numeric';
  return (
    <div className="f-props__pair">
      <TextField
        label={t(labels[0])}
        name="field-min"
        inputMode={mode}
        value={field.min ?? ''}
        error={errorOf('min')}
        onChange={(e) => onChange({ min: e.target.value || undefined })}
      />
      <TextField
        label={t(labels[1])}
        name="field-max"
        inputMode={mode}
        value={field.max ?? ''}
        error={errorOf('max')}
        onChange={(e) => onChange({ max: e.target.value || undefined })}
      />
    </div>
  );
}
