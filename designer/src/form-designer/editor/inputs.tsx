// Small labelled inputs of the property panels (selects, checkboxes, text areas) in the style of
// ui/TextField: label tied to the control, hint and error described by it.
import { useId, type ReactNode, type SelectHTMLAttributes, type TextareaHTMLAttributes } from 'react';

function described(id: string, hint?: string, error?: string): string | undefined {
  return [hint && `${id}-hint`, error && `${id}-error`].filter(Boolean).join(' ') || undefined;
}

function Notes({ id, hint, error }: { id: string; hint?: string | undefined; error?: string | undefined }) {
  return (
    <>
      {hint && (
        <p className="f-field__hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      {error && (
        <p className="f-field__error" id={`${id}-error`}>
          {error}
        </p>
      )}
    </>
  );
}

export function SelectField({
  label,
  hint,
  error,
  children,
  className,
  ...select
}: SelectHTMLAttributes<HTMLSelectElement> & {
  label: string;
  hint?: string;
  error?: string | undefined;
  children: ReactNode;
}) {
  const id = useId();
  return (
    <div className={['f-field', error && 'f-field--invalid', className].filter(Boolean).join(' ')}>
      <label className="f-field__label" htmlFor={id}>
        {label}
      </label>
      <select id={id} className="f-select" aria-describedby={described(id, hint, error)} {...select}>
        {children}
      </select>
      <Notes id={id} hint={hint} error={error} />
    </div>
  );
}

export function TextAreaField({
  label,
  hint,
  error,
  className,
  ...area
}: TextareaHTMLAttributes<HTMLTextAreaElement> & {
  label: string;
  hint?: string;
  error?: string | undefined;
}) {
  const id = useId();
  return (
    <div className={['f-field', error && 'f-field--invalid', className].filter(Boolean).join(' ')}>
      <label className="f-field__label" htmlFor={id}>
        {label}
      </label>
      <textarea
        id={id}
        className="f-textarea"
        aria-invalid={error ? true : undefined}
        aria-describedby={described(id, hint, error)}
        {...area}
      />
      <Notes id={id} hint={hint} error={error} />
    </div>
  );
}

export function CheckField({
  label,
  hint,
  error,
  checked,
  disabled,
  onChange,
  name,
}: {
  label: string;
  hint?: string | undefined;
  error?: string | undefined;
  checked: boolean;
  disabled?: boolean;
  name?: string;
  onChange(checked: boolean): void;
}) {
  const id = useId();
  return (
    <div className={['f-field', 'f-checkfield', error && 'f-field--invalid'].filter(Boolean).join(' ')}>
      <label className="f-check" htmlFor={id}>
        <input
          id={id}
          type="checkbox"
          name={name}
          checked={checked}
          disabled={disabled}
          aria-describedby={described(id, hint, error)}
          onChange={(e) => onChange(e.target.checked)}
        />
        <span>{label}</span>
      </label>
      <Notes id={id} hint={hint} error={error} />
    </div>
  );
}
