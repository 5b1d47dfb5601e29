// Where a field sits: at the top of the form, or in a section or table that can hold it (never in
// itself or below itself).
import { useMemo } from 'react';
import { useMessages } from '#designer/i18n/react.tsx';
import { SelectField } from '#designer/ui/kit/index.ts';
import { formDesignerMessages } from '../../messages.ts';
import { canHold, flatten, type Located } from '../../model/ops.ts';
import type { DesignForm } from '../../model/types.ts';
import { useFieldLabel } from '../Canvas.tsx';

export function ContainerPicker({
  form,
  located,
  onMoveTo,
}: {
  form: DesignForm;
  located: Located;
  onMoveTo(container: string | null): void;
}) {
  const t = useMessages(formDesignerMessages);
  const labelOf = useFieldLabel();
  const containers = useMemo(
    () =>
      flatten(form.fields)
        .filter(
          (e) =>
            (e.field.kind === 'section' || e.field.kind === 'table') && e.field.uid !== located.field.uid,
        )
        .filter((e) => canHold(e.field, located.field.kind))
        .filter((e) => !e.path.startsWith(`${located.path}.`)),
    [form.fields, located],
  );
  if (containers.length === 0 && !located.parent) return null;
  return (
    <SelectField
      label={t('prop.container')}
      name="field-container"
      value={located.parent?.uid ?? ''}
      onChange={(e) => onMoveTo(e.target.value || null)}
    >
      <option value="">{t('prop.containerTop')}</option>
      {containers.map((e) => (
        <option key={e.field.uid} value={e.field.uid}>
          {labelOf(e.field.label)}
        </option>
      ))}
    </SelectField>
  );
}
