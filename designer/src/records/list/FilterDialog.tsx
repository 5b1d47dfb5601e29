// "Add a filter": pick a field, then what to look for — the input follows the field's kind (text
// contains, one of the choices, a date or amount range, yes / no). Applying adds the condition to
// the list's filter (replacing one on the same field).
import { useState, type FormEvent } from 'react';
import { useLocale, useMessages } from '../../i18n/react.tsx';
import { Button, TextField } from '../../ui/index.ts';
import { Checkbox, Dialog, SelectField } from '../../ui/kit/index.ts';
import type { Doctype, ViewField } from '../data.ts';
import { recordsMessages } from '../messages.ts';
import { conditionOf, filterable, type FilterInput } from './filters.ts';

export function FilterDialog({
  doctype,
  onApply,
  onClose,
}: {
  doctype: Doctype;
  onApply: (path: string, condition: unknown) => void;
  onClose: () => void;
}) {
  const t = useMessages(recordsMessages);
  const { locale } = useLocale();
  const fields = doctype.fields.filter(filterable);
  const [path, setPath] = useState(
    fields.find((f) => f.path.startsWith('data.'))?.path ?? fields[0]?.path ?? '',
  );
  const [input, setInput] = useState<FilterInput>({});
  const field = fields.find((f) => f.path === path);
  const label = (f: ViewField) => f.label[locale] || f.label.en;
  const condition = field ? conditionOf(field, input) : undefined;

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (field && condition !== undefined) onApply(field.path, condition);
  };

  const range = (type: 'date' | 'number', from: string, to: string) => (
    <div className="fr-range">
      <TextField
        label={from}
        name="from"
        type={type}
        step={type === 'number' ? 'any' : undefined}
        value={input.from ?? ''}
        onChange={(e) => setInput({ ...input, from: e.target.value })}
      />
      <TextField
        label={to}
        name="to"
        type={type}
        step={type === 'number' ? 'any' : undefined}
        value={input.to ?? ''}
        onChange={(e) => setInput({ ...input, to: e.target.value })}
      />
    </div>
  );

  return (
    <Dialog
      title={t('filter.title')}
      onClose={onClose}
      onSubmit={submit}
      size="small"
      sheet
      data={{ dialog: 'filter' }}
      footer={
        <Button type="submit" variant="primary" disabled={condition === undefined}>
          {t('filter.apply')}
        </Button>
      }
    >
      <SelectField
        label={t('filter.field')}
        name="field"
        value={path}
        onChange={(e) => {
          setPath(e.target.value);
          setInput({});
        }}
        options={fields.map((f) => ({ value: f.path, label: label(f) }))}
      />
      {field?.kind === 'select' && (
        <fieldset className="fr-choices">
          <legend>{t('filter.equals')}</legend>
          {field.options?.map((o) => (
            <Checkbox
              key={o.value}
              roomy
              label={o.label[locale] || o.label.en}
              checked={input.values?.includes(o.value) ?? false}
              onChange={(on) =>
                setInput({
                  values: on
                    ? [...(input.values ?? []), o.value]
                    : (input.values ?? []).filter((v) => v !== o.value),
                })
              }
            />
          ))}
        </fieldset>
      )}
      {field?.kind === 'boolean' && (
        <SelectField
          label={t('filter.equals')}
          name="flag"
          value={input.flag ?? ''}
          onChange={(e) => setInput({ flag: e.target.value as FilterInput['flag'] })}
          options={[
            { value: '', label: t('filter.any') },
            { value: 'true', label: t('filter.yes') },
            { value: 'false', label: t('filter.no') },
          ]}
        />
      )}
      {(field?.kind === 'date' || field?.kind === 'datetime') &&
        range('date', t('filter.from'), t('filter.to'))}
      {(field?.kind === 'number' || field?.kind === 'money') &&
        range('number', t('filter.min'), t('filter.max'))}
      {field && ['text', 'code', 'user', 'status'].includes(field.kind) && (
        <TextField
          label={field.kind === 'text' && !field.sensitive ? t('filter.contains') : t('filter.equals')}
          name="text"
          value={input.text ?? ''}
          onChange={(e) => setInput({ text: e.target.value })}
        />
      )}
    </Dialog>
  );
}
