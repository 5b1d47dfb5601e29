// A labelled value the dialog shows but does not edit (the flow, the group), with the server's
// problem about it.
import type { ReactNode } from 'react';

export function Fact({
  label,
  error,
  name,
  children,
}: {
  label: string;
  error?: string | undefined;
  name: string;
  children: ReactNode;
}) {
  return (
    <div className={`f-field${error ? ' f-field--invalid' : ''}`} data-field={name}>
      <span className="f-field__label">{label}</span>
      <span className="f-catalogue__value">{children}</span>
      {error && <p className="f-field__error">{error}</p>}
    </div>
  );
}
