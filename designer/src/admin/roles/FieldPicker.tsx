// The fields a grant hides, masks or makes read-only, ticked among the form's fields by their
// labels; stored as the record paths the API has always taken ('data.amount'). Paths that are no
// field of the form (set through the API, or a nested path) are kept and shown as they are.
import { api } from '#designer/api/client.ts';
import { useLocalized, useMessages } from '#designer/i18n/react.tsx';
import { useLoad } from '#designer/ui/index.ts';
import { Checkbox } from '#designer/ui/kit/index.ts';
import { list } from './grant-form.ts';
import { resourceMessages } from './resource-messages.ts';

type Text = { en: string; 'zh-CN': string };
export interface FormField {
  path: string;
  label: Text | undefined;
  name: string;
}

/** The top-level fields of the form a `record:<form>` grant covers (null for any other resource). */
export function useFormFields(resource: string) {
  const form = resource.startsWith('record:') && resource !== 'record:*' ? resource.slice(7) : null;
  return useLoad(async (): Promise<FormField[] | null> => {
    if (!form) return null;
    const { definition } = await api.get('/api/forms/{id}', { path: { id: form } });
    const properties = (definition.schema.properties ?? {}) as Record<string, { title?: string }>;
    return Object.entries(properties).map(([name, p]) => ({
      path: `data.${name}`,
      name: p.title ?? name,
      label: definition.labels?.[name],
    }));
  }, [form]);
}

export function FieldPicker({
  label,
  fields,
  value,
  onChange,
}: {
  label: string;
  fields: FormField[];
  /** The paths as the grant form keeps them: "data.a, data.b". */
  value: string;
  onChange: (value: string) => void;
}) {
  const t = useMessages(resourceMessages);
  const loc = useLocalized();
  const chosen = list(value);
  const others = chosen.filter((p) => !fields.some((f) => f.path === p));
  const toggle = (path: string, on: boolean) =>
    onChange((on ? [...chosen, path] : chosen.filter((p) => p !== path)).join(', '));
  return (
    <fieldset className="f-field a-field-picker" data-field-picker={label}>
      <legend className="f-field__label">{label}</legend>
      {fields.length === 0 && <p className="f-field__hint">{t('fieldsNone')}</p>}
      <div className="a-field-picker__options">
        {fields.map((f) => (
          <Checkbox
            key={f.path}
            label={f.label ? loc(f.label) : f.name}
            value={f.path}
            checked={chosen.includes(f.path)}
            onChange={(on) => toggle(f.path, on)}
          />
        ))}
      </div>
      {others.length > 0 && <p className="f-field__hint">{t('fieldsOther', { paths: others.join(', ') })}</p>}
    </fieldset>
  );
}
