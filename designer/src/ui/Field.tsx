// The frame every labelled control shares: the label tied to the control, then its hint and error,
// both named by the control's aria-describedby so a screen reader reads them with it.
import type { ReactNode } from 'react';

/** The ids of a control's hint and error, for its aria-describedby. */
export function describedBy(id: string, hint?: string, error?: string): string | undefined {
  return [hint && `${id}-hint`, error && `${id}-error`].filter(Boolean).join(' ') || undefined;
}

/** What ties a control to its label (its id), its hint and its error. */
export function controlProps(id: string, hint?: string, error?: string) {
  return {
    id,
    'aria-invalid': error ? true : undefined,
    'aria-describedby': describedBy(id, hint, error),
  } as const;
}

export function FieldNotes({
  id,
  hint,
  error,
}: {
  id: string;
  hint?: string | undefined;
  error?: string | undefined;
}) {
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

/** A labelled control (`id` is the control's) with its hint and error. */
export function Field({
  id,
  label,
  hint,
  error,
  className,
  children,
}: {
  id: string;
  label: string;
  hint?: string | undefined;
  error?: string | undefined;
  className?: string | undefined;
  children: ReactNode;
}) {
  return (
    <div className={['f-field', error && 'f-field--invalid', className].filter(Boolean).join(' ')}>
      <label className="f-field__label" htmlFor={id}>
        {label}
      </label>
      {children}
      <FieldNotes id={id} hint={hint} error={error} />
    </div>
  );
}
