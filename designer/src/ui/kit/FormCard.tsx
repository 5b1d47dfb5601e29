// A small form in a card on a page (a new form, a new flow): its title, an error from the server,
// its fields in two columns (one on a phone), and Create / Cancel. FormGrid is the same two columns
// anywhere else (a dialog, settings).
import type { FormEvent, ReactNode } from 'react';
import { Button } from '../Button.tsx';
import './form-card.css';

export function FormCard({
  title,
  onSubmit,
  submitLabel,
  cancelLabel,
  onCancel,
  busy = false,
  notice,
  children,
}: {
  title: string;
  onSubmit(event: FormEvent<HTMLFormElement>): void;
  submitLabel: string;
  cancelLabel: string;
  onCancel(): void;
  busy?: boolean;
  /** Above the fields (what the server said). */
  notice?: ReactNode;
  children: ReactNode;
}) {
  return (
    <form className="f-card f-form-card" onSubmit={onSubmit} noValidate>
      <h2 className="f-form-card__title">{title}</h2>
      {notice}
      <FormGrid>{children}</FormGrid>
      <div className="f-form-actions">
        <Button type="submit" variant="primary" busy={busy}>
          {submitLabel}
        </Button>
        <Button variant="ghost" onClick={onCancel}>
          {cancelLabel}
        </Button>
      </div>
    </form>
  );
}

export function FormGrid({ children }: { children: ReactNode }) {
  return <div className="f-form-grid">{children}</div>;
}
