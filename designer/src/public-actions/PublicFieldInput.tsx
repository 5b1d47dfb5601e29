// One field of a public action's page: a small whole-number range (a 1–5 rating) as a row of
// buttons big enough for a thumb, choices as a select, long text as a text area, else an input.
import { useId } from 'react';
import type { ReplyOf } from '../api/client.ts';
import { useLocalized, useMessages } from '../i18n/react.tsx';
import { controlProps, Field, FieldNotes } from '../ui/index.ts';
import { publicActionMessages } from './messages.ts';

export type PublicField = ReplyOf<'/api/public/links/{token}', 'get'>['fields'][number];

const MAX_SCALE = 10;
const LONG_TEXT = 200;

export function PublicFieldInput({
  field,
  value,
  error,
  onChange,
}: {
  field: PublicField;
  value: unknown;
  error: string | undefined;
  onChange: (value: unknown) => void;
}) {
  const t = useMessages(publicActionMessages);
  const text = useLocalized();
  const id = useId();
  const label = field.required ? text(field.label) : t('optional', { label: text(field.label) });
  const hint = field.help ? text(field.help) : undefined;
  const whole = field.type === 'integer';
  const { minimum: min, maximum: max } = field;
  if (whole && min !== undefined && max !== undefined && max - min < MAX_SCALE && !field.options) {
    const scores = Array.from({ length: max - min + 1 }, (_, i) => min + i);
    return (
      <fieldset
        className={['f-field', 'f-public__scale', error && 'f-field--invalid'].filter(Boolean).join(' ')}
        aria-describedby={controlProps(id, hint, error)['aria-describedby']}
      >
        <legend className="f-field__label">{label}</legend>
        <div className="f-public__scores" role="radiogroup" aria-label={text(field.label)}>
          {scores.map((score) => (
            <button
              key={score}
              type="button"
              role="radio"
              aria-checked={value === score}
              aria-label={t('scoreOf', { score, max })}
              className="f-public__score"
              onClick={() => onChange(score)}
            >
              {score}
            </button>
          ))}
        </div>
        <FieldNotes id={id} hint={hint} error={error} />
      </fieldset>
    );
  }
  const common = { ...controlProps(id, hint, error), name: field.name };
  let control;
  if (field.options)
    control = (
      <select
        className="f-select"
        {...common}
        value={value === undefined ? '' : String(value)}
        onChange={(e) => onChange(field.options!.find((o) => String(o.value) === e.target.value)?.value)}
      >
        <option value="" />
        {field.options.map((o) => (
          <option key={String(o.value)} value={String(o.value)}>
            {text(o.label)}
          </option>
        ))}
      </select>
    );
  else if (field.type === 'string' && (field.maxLength ?? Infinity) > LONG_TEXT)
    control = (
      <textarea
        className="f-textarea"
        rows={4}
        {...common}
        {...(field.maxLength ? { maxLength: field.maxLength } : {})}
        value={typeof value === 'string' ? value : ''}
        onChange={(e) => onChange(e.target.value)}
      />
    );
  else
    control = (
      <input
        className="f-input"
        {...common}
        type={field.type === 'integer' || field.type === 'number' ? 'number' : 'text'}
        {...(field.maxLength ? { maxLength: field.maxLength } : {})}
        value={value === undefined ? '' : String(value)}
        onChange={(e) =>
          onChange(
            field.type === 'integer' || field.type === 'number'
              ? e.target.value === ''
                ? undefined
                : Number(e.target.value)
              : e.target.value,
          )
        }
      />
    );
  return (
    <Field id={id} label={label} hint={hint} error={error}>
      {control}
    </Field>
  );
}
