import { useId, type InputHTMLAttributes, type Ref } from 'react';
import { controlProps, Field } from './Field.tsx';

export interface TextFieldProps extends Omit<InputHTMLAttributes<HTMLInputElement>, 'id'> {
  label: string;
  hint?: string | undefined;
  /** The error message for this field (from the server's details or the client's own check). */
  error?: string | undefined;
  ref?: Ref<HTMLInputElement>;
}

/** A labelled input with its hint and error tied to it for screen readers. */
export function TextField({ label, hint, error, className, ...input }: TextFieldProps) {
  const id = useId();
  return (
    <Field id={id} label={label} hint={hint} error={error} className={className}>
      <input className="f-input" {...controlProps(id, hint, error)} {...input} />
    </Field>
  );
}
