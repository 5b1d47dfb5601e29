// A modal dialog: the native <dialog> (focus stays inside, Escape closes, the page behind is inert),
// with a heading and a close button, a body that scrolls, and a row of buttons at the foot. With
// `onSubmit` the whole dialog is one form, so Enter in a field (or Ctrl+Enter in a comment) submits
// it. Rendered only while open: mounting opens it.
import { useEffect, useId, useRef, type FormEvent, type ReactNode, type Ref } from 'react';
import { useMessages } from '#designer/i18n/react.tsx';
import { IconButton } from './IconButton.tsx';
import { kitMessages } from './messages.ts';
import './dialog.css';

export type DialogSize = 'small' | 'medium' | 'large' | 'wide';

/** The first field one types into (not a file input, a radio button or a checkbox). */
const TYPING_FIELD = ':is(textarea, input:not([type="file"], [type="radio"], [type="checkbox"]))';

export interface DialogProps {
  title: string;
  onClose: () => void;
  children: ReactNode;
  /** The buttons at the foot. */
  footer?: ReactNode;
  /** Width on a desktop: 480, 560 (default), 720 or 880 px. */
  size?: DialogSize;
  /** On a phone, a sheet from the bottom (a short question) rather than the whole screen. */
  sheet?: boolean;
  /** Makes the dialog a form; the footer's submit button sends it. */
  onSubmit?: (event: FormEvent<HTMLFormElement>) => void;
  noValidate?: boolean;
  /** While true, Escape and the close button do nothing (an action is under way). */
  busy?: boolean;
  bodyRef?: Ref<HTMLDivElement>;
  /** data-* attributes for the <dialog> (what it is, its mode). */
  data?: Record<string, string | undefined>;
}

export function Dialog({
  title,
  onClose,
  children,
  footer,
  size = 'medium',
  sheet = false,
  onSubmit,
  noValidate,
  busy = false,
  bodyRef,
  data = {},
}: DialogProps) {
  const t = useMessages(kitMessages);
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    // showModal() focuses the first focusable element (the close button, or a choice above a
    // field); the first field one types into is where typing belongs.
    dialog?.querySelector<HTMLElement>(`.f-dialog__body ${TYPING_FIELD}`)?.focus();
    return () => dialog?.close();
  }, []);
  const classes = ['f-dialog', `f-dialog--${size}`, sheet && 'f-dialog--sheet'].filter(Boolean);
  const content = (
    <>
      <header className="f-dialog__head">
        <h2 id={titleId} className="f-dialog__title">
          {title}
        </h2>
        <IconButton
          icon="close"
          size={20}
          label={t('close')}
          className="f-dialog__close"
          disabled={busy}
          onClick={onClose}
        />
      </header>
      <div className="f-dialog__body" ref={bodyRef}>
        {children}
      </div>
      {footer && <footer className="f-dialog__foot">{footer}</footer>}
    </>
  );
  const dataAttributes = Object.fromEntries(Object.entries(data).map(([k, v]) => [`data-${k}`, v]));
  return (
    <dialog
      ref={ref}
      className={classes.join(' ')}
      aria-labelledby={titleId}
      onCancel={(e) => {
        e.preventDefault();
        if (!busy) onClose();
      }}
      {...dataAttributes}
    >
      {onSubmit ? (
        <form className="f-dialog__box" onSubmit={onSubmit} noValidate={noValidate}>
          {content}
        </form>
      ) : (
        <div className="f-dialog__box">{content}</div>
      )}
    </dialog>
  );
}
