// An approval action's dialog (approve, reject, transfer …: the kit's ActionDialog, named after the
// action and a sheet from the bottom on a phone), the fields every action takes — a comment
// (Ctrl+Enter sends it) and attachments — and the two dialogs a request and a task share: comment,
// and copy people in.
import { useId, useRef, useState, type ReactNode } from 'react';
import { useMessages } from '../i18n/react.tsx';
import { Icon, type IconName } from '../ui/index.ts';
import { ActionDialog, RemoveButton, TextAreaField } from '../ui/kit/index.ts';
import { fileSize, uploadFile, type Attachment } from './data.ts';
import { portalMessages } from './messages.ts';
import { UserPicker } from './UserPicker.tsx';
import './timeline.css';

export type ApprovalAction =
  | 'approve'
  | 'reject'
  | 'return'
  | 'transfer'
  | 'delegate'
  | 'addSigner'
  | 'recall'
  | 'resubmit'
  | 'comment'
  | 'cc';

const ACTION_ICON: Partial<Record<ApprovalAction, IconName>> = {
  approve: 'check',
  reject: 'close',
  return: 'undo',
  transfer: 'transfer',
  delegate: 'forward',
  addSigner: 'userPlus',
  resubmit: 'send',
  comment: 'message',
  cc: 'users',
};

/** Actions that end or undo something: their button is red. */
const GRAVE = new Set<ApprovalAction>(['reject', 'recall']);

/** The dialog of one approval action: its title and its button say the action. */
export function ActionSheet({
  action,
  onSubmit,
  onClose,
  children,
}: {
  action: ApprovalAction;
  onSubmit: () => Promise<void>;
  onClose: () => void;
  children: ReactNode;
}) {
  const t = useMessages(portalMessages);
  const icon = ACTION_ICON[action];
  return (
    <ActionDialog
      sheet
      title={t(`action.${action}`)}
      submitLabel={t(`action.${action}`)}
      {...(icon ? { submitIcon: icon } : {})}
      submitVariant={GRAVE.has(action) ? 'danger' : 'primary'}
      onClose={onClose}
      onSubmit={onSubmit}
    >
      {children}
    </ActionDialog>
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
  return (
    <TextAreaField
      label={label}
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
    <ActionSheet action="comment" onClose={onClose} onSubmit={onSubmit}>
      <CommentField label={t('field.comment')} value={comment} onChange={onComment} required autoFocus />
      <AttachField value={files} onChange={onFiles} />
    </ActionSheet>
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
    <ActionSheet action="cc" onClose={onClose} onSubmit={onSubmit}>
      <UserPicker
        label={t('field.ccTo')}
        values={people}
        onChange={onPeople}
        multiple
        exclude={[me]}
        autoFocus
      />
      <CommentField label={t('field.commentOptional')} value={comment} onChange={onComment} />
    </ActionSheet>
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
              <RemoveButton
                label={t('attach.remove', { name: a.name })}
                onClick={() => onChange(value.filter((x) => x.ref !== a.ref))}
              />
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
