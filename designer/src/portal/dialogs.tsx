// A modal dialog for one action (reject with a reason, transfer to someone, recall …): the native
// <dialog> — focus stays inside, Escape closes, the page behind is inert — with the comment and
// attachment fields every approval action takes.
import { useEffect, useId, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { asApiError, type ApiError } from '../api/errors.ts';
import { useLocale, useMessages } from '../i18n/react.tsx';
import { Alert, Button, Icon, type ButtonVariant, type IconName } from '../ui/index.ts';
import { fileSize, uploadFile, type Attachment } from './data.ts';
import { portalMessages } from './messages.ts';
import { UserPicker } from './UserPicker.tsx';

export function Dialog({
  title,
  children,
  submitLabel,
  submitIcon,
  submitVariant = 'primary',
  onSubmit,
  onClose,
}: {
  title: string;
  children: ReactNode;
  submitLabel: string;
  submitIcon?: IconName;
  submitVariant?: ButtonVariant;
  /** Does the action; a thrown error is shown in the dialog, which stays open. */
  onSubmit: () => Promise<void>;
  onClose: () => void;
}) {
  const t = useMessages(portalMessages);
  const { locale } = useLocale();
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    // showModal() focuses the first focusable element (the close button, or a choice above the
    // reason); the first field one types into is where typing belongs.
    dialog
      ?.querySelector<HTMLElement>(
        '.fp-dialog__body :is(textarea, input:not([type="file"], [type="radio"], [type="checkbox"]))',
      )
      ?.focus();
    return () => dialog?.close();
  }, []);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await onSubmit();
    } catch (err) {
      setError(asApiError(err));
      setBusy(false);
    }
  };
  return (
    <dialog
      ref={ref}
      className="fp-dialog"
      aria-labelledby={titleId}
      onCancel={(e) => {
        e.preventDefault();
        if (!busy) onClose();
      }}
    >
      <form className="fp-dialog__form" onSubmit={(e) => void submit(e)}>
        <header className="fp-dialog__head">
          <h2 id={titleId}>{title}</h2>
          <button
            type="button"
            className="f-btn f-btn--ghost fp-dialog__close"
            aria-label={t('dialog.close')}
            onClick={onClose}
          >
            <Icon name="close" />
          </button>
        </header>
        <div className="fp-dialog__body">
          {error && <Alert tone="error">{error.text(locale)}</Alert>}
          {children}
        </div>
        <footer className="fp-dialog__foot">
          <Button onClick={onClose} disabled={busy}>
            {t('dialog.cancel')}
          </Button>
          <Button
            type="submit"
            variant={submitVariant}
            busy={busy}
            {...(submitIcon ? { icon: submitIcon } : {})}
          >
            {submitLabel}
          </Button>
        </footer>
      </form>
    </dialog>
  );
}

export function CommentField({
  label,
  value,
  onChange,
  required = false,
  autoFocus = false,
}: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  required?: boolean;
  autoFocus?: boolean;
}) {
  const id = useId();
  return (
    <div className="f-field">
      <label className="f-field__label" htmlFor={id}>
        {label}
      </label>
      <textarea
        id={id}
        className="f-textarea"
        value={value}
        required={required}
        maxLength={4000}
        autoFocus={autoFocus}
        onChange={(e) => onChange(e.target.value)}
        onKeyDown={(e) => {
          // Ctrl+Enter (⌘+Enter) sends the dialog without leaving the keyboard.
          if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
            e.preventDefault();
            e.currentTarget.form?.requestSubmit();
          }
        }}
      />
    </div>
  );
}

/** The comment dialog of a request or a task: a comment (required) and attachments. */
export function CommentDialog({
  comment,
  onComment,
  files,
  onFiles,
  onSubmit,
  onClose,
}: {
  comment: string;
  onComment: (value: string) => void;
  files: Attachment[];
  onFiles: (value: Attachment[]) => void;
  onSubmit: () => Promise<void>;
  onClose: () => void;
}) {
  const t = useMessages(portalMessages);
  return (
    <Dialog
      title={t('action.comment')}
      submitLabel={t('action.comment')}
      submitIcon="message"
      onClose={onClose}
      onSubmit={onSubmit}
    >
      <CommentField label={t('field.comment')} value={comment} onChange={onComment} required autoFocus />
      <AttachField value={files} onChange={onFiles} />
    </Dialog>
  );
}

/** The CC dialog of a request or a task: the people to copy (never oneself) and a comment. */
export function CcDialog({
  people,
  onPeople,
  me,
  comment,
  onComment,
  onSubmit,
  onClose,
}: {
  people: string[];
  onPeople: (value: string[]) => void;
  /** The signed-in user's id: not offered. */
  me: string;
  comment: string;
  onComment: (value: string) => void;
  onSubmit: () => Promise<void>;
  onClose: () => void;
}) {
  const t = useMessages(portalMessages);
  return (
    <Dialog
      title={t('action.cc')}
      submitLabel={t('action.cc')}
      submitIcon="users"
      onClose={onClose}
      onSubmit={onSubmit}
    >
      <UserPicker
        label={t('field.ccTo')}
        values={people}
        onChange={onPeople}
        multiple
        exclude={[me]}
        autoFocus
      />
      <CommentField label={t('field.commentOptional')} value={comment} onChange={onComment} />
    </Dialog>
  );
}

/** Files for an action: each is uploaded when chosen, then listed with a remove button. */
export function AttachField({
  value,
  onChange,
}: {
  value: Attachment[];
  onChange: (value: Attachment[]) => void;
}) {
  const t = useMessages(portalMessages);
  const id = useId();
  const [uploading, setUploading] = useState(0);
  const [failed, setFailed] = useState(false);
  const latest = useRef(value);
  latest.current = value;
  const add = async (files: FileList | null) => {
    setFailed(false);
    for (const file of Array.from(files ?? [])) {
      setUploading((n) => n + 1);
      try {
        const stored = await uploadFile(file);
        const next = [
          ...latest.current,
          { name: stored.name, ref: stored.ref, size: stored.size, contentType: stored.contentType },
        ];
        latest.current = next;
        onChange(next);
      } catch {
        setFailed(true);
      } finally {
        setUploading((n) => n - 1);
      }
    }
  };
  return (
    <div className="f-field">
      <span className="f-field__label">{t('attach.label')}</span>
      {value.length > 0 && (
        <ul className="fp-attachments">
          {value.map((a) => (
            <li key={a.ref}>
              <Icon name="paperclip" size={16} />
              <span>{a.name}</span>
              <span className="fp-attachments__size">{fileSize(a.size)}</span>
              <button
                type="button"
                className="fp-chip__remove"
                aria-label={t('attach.remove', { name: a.name })}
                onClick={() => onChange(value.filter((x) => x.ref !== a.ref))}
              >
                <Icon name="close" size={14} />
              </button>
            </li>
          ))}
        </ul>
      )}
      <div>
        <input
          id={id}
          type="file"
          multiple
          className="f-visually-hidden"
          onChange={(e) => {
            void add(e.target.files);
            e.target.value = '';
          }}
        />
        <label htmlFor={id} className="f-btn f-btn--secondary">
          <Icon name="paperclip" size={18} />
          {uploading > 0 ? t('file.uploading') : t('attach.add')}
        </label>
      </div>
      {failed && <p className="f-field__error">{t('file.failed')}</p>}
    </div>
  );
}
