// The labelled controls beyond a text input: a select, a text area, a checkbox (bare, for grids and
// lists, or as a field with its hint and error) and a choice of one among a few (radio buttons).
import {
  useId,
  type InputHTMLAttributes,
  type ReactNode,
  type SelectHTMLAttributes,
  type TextareaHTMLAttributes,
} from 'react';
import { controlProps, describedBy, Field, FieldNotes } from '../Field.tsx';
import './fields.css';

interface Labelled {
  label: string;
  hint?: string | undefined;
  error?: string | undefined;
}

export interface Option {
  value: string;
  label: string;
}

/** A select with its options as data (`options`) or as <option> children. */
export function SelectField({
  label,
  hint,
  error,
  options,
  children,
  className,
  ...select
}: Omit<SelectHTMLAttributes<HTMLSelectElement>, 'id'> &
  Labelled & {
    options?: readonly Option[];
    children?: ReactNode;
  }) {
  const id = useId();
  return (
    <Field id={id} label={label} hint={hint} error={error} className={className}>
      <select className="f-select" {...controlProps(id, hint, error)} {...select}>
        {options?.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
        {children}
      </select>
    </Field>
  );
}

export function TextAreaField({
  label,
  hint,
  error,
  className,
  ...area
}: Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, 'id'> & Labelled) {
  const id = useId();
  return (
    <Field id={id} label={label} hint={hint} error={error} className={className}>
      <textarea className="f-textarea" {...controlProps(id, hint, error)} {...area} />
    </Field>
  );
}

/**
 * A checkbox with its label beside it. `hideLabel`: the label is only for screen readers (a cell
 * of a grid whose column already says it) and shows as a tooltip.
 */
export function Checkbox({
  label,
  checked,
  onChange,
  hideLabel = false,
  roomy = false,
  ...input
}: Omit<InputHTMLAttributes<HTMLInputElement>, 'type' | 'onChange' | 'checked'> & {
  label: string;
  checked: boolean;
  onChange: (checked: boolean) => void;
  hideLabel?: boolean;
  /** A full 40 px touch target (on its own in a toolbar or a form), not a grid's compact one. */
  roomy?: boolean;
}) {
  return (
    <label className={roomy ? 'f-check f-check--roomy' : 'f-check'} title={hideLabel ? label : undefined}>
      <input type="checkbox" checked={checked} onChange={(e) => onChange(e.target.checked)} {...input} />
      <span className={hideLabel ? 'f-visually-hidden' : undefined}>{label}</span>
    </label>
  );
}

/** A checkbox as a form field: with its hint and error under it. */
export function CheckField({
  label,
  hint,
  error,
  checked,
  disabled,
  onChange,
  name,
}: Labelled & {
  checked: boolean;
  disabled?: boolean;
  name?: string;
  onChange(checked: boolean): void;
}) {
  const id = useId();
  return (
    <div className={['f-field', 'f-checkfield', error && 'f-field--invalid'].filter(Boolean).join(' ')}>
      <Checkbox
        id={id}
        label={label}
        name={name}
        checked={checked}
        disabled={disabled}
        aria-describedby={describedBy(id, hint, error)}
        onChange={onChange}
      />
      <FieldNotes id={id} hint={hint} error={error} />
    </div>
  );
}

/** One choice among a few, as radio buttons under a legend. */
export function ChoiceField<V extends string>({
  label,
  name,
  value,
  options,
  onChange,
}: {
  label: string;
  name: string;
  value: V;
  options: readonly { value: NoInfer<V>; label: string }[];
  onChange(value: NoInfer<V>): void;
}) {
  return (
    <fieldset className="f-choice">
      <legend className="f-field__label">{label}</legend>
      {options.map((o) => (
        <label key={o.value} className="f-check f-check--roomy">
          <input type="radio" name={name} checked={value === o.value} onChange={() => onChange(o.value)} />
          {o.label}
        </label>
      ))}
    </fieldset>
  );
}
