// A dialog that does one thing when its button is pressed (reject with a reason, delete a role,
// restore a backup …): Cancel and the action's button at the foot, the button busy while the action
// runs, and the action's error shown in the dialog, which then stays open. ConfirmDialog is the
// question before something that matters; with `word`, the user must type it first.
import { useState, type FormEvent, type ReactNode } from 'react';
import { useMessages } from '#designer/i18n/react.tsx';
import { Button, type ButtonVariant } from '../Button.tsx';
import type { IconName } from '../icons.tsx';
import { TextField } from '../TextField.tsx';
import { Dialog, type DialogSize } from './Dialog.tsx';
import { ErrorBox } from './ErrorBox.tsx';
import { kitMessages } from './messages.ts';

export interface ActionDialogProps {
  title: string;
  children: ReactNode;
  submitLabel: string;
  submitIcon?: IconName;
  submitVariant?: ButtonVariant;
  /** Does the action; a thrown error is shown in the dialog, which stays open. */
  onSubmit: () => Promise<void>;
  onClose: () => void;
  /** Closes the dialog once the action is done (otherwise the caller does, or moves on). */
  closeWhenDone?: boolean;
  /** The action's button stays disabled until this is true. */
  ready?: boolean;
  size?: DialogSize;
  sheet?: boolean;
  data?: Record<string, string | undefined>;
}

export function ActionDialog({
  title,
  children,
  submitLabel,
  submitIcon,
  submitVariant = 'primary',
  onSubmit,
  onClose,
  closeWhenDone = false,
  ready = true,
  size,
  sheet,
  data,
}: ActionDialogProps) {
  const t = useMessages(kitMessages);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!ready) return;
    setBusy(true);
    setError(null);
    try {
      await onSubmit();
      if (closeWhenDone) onClose();
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  };
  return (
    <Dialog
      title={title}
      onClose={onClose}
      onSubmit={(e) => void submit(e)}
      busy={busy}
      {...(size ? { size } : {})}
      {...(sheet ? { sheet } : {})}
      {...(data ? { data } : {})}
      footer={
        <>
          <Button onClick={onClose} disabled={busy}>
            {t('cancel')}
          </Button>
          <Button
            type="submit"
            variant={submitVariant}
            busy={busy}
            disabled={!ready}
            {...(submitIcon ? { icon: submitIcon } : {})}
          >
            {submitLabel}
          </Button>
        </>
      }
    >
      <ErrorBox error={error} />
      {children}
    </Dialog>
  );
}

/**
 * Asks before doing something that matters, and closes once it is done. With `word`, the user
 * must type it (a restore, a disable that hides a whole module).
 */
export function ConfirmDialog({
  title,
  children,
  confirmLabel,
  variant = 'primary',
  icon,
  word,
  onConfirm,
  onClose,
  size,
  sheet,
  data,
}: {
  title: string;
  children: ReactNode;
  confirmLabel: string;
  variant?: ButtonVariant;
  icon?: IconName;
  word?: string;
  onConfirm: () => Promise<void>;
  onClose: () => void;
  size?: DialogSize;
  sheet?: boolean;
  data?: Record<string, string | undefined>;
}) {
  const t = useMessages(kitMessages);
  const [typed, setTyped] = useState('');
  const ready = !word || typed.trim() === word;
  return (
    <ActionDialog
      title={title}
      submitLabel={confirmLabel}
      submitVariant={variant}
      {...(icon ? { submitIcon: icon } : {})}
      onSubmit={onConfirm}
      onClose={onClose}
      closeWhenDone
      ready={ready}
      {...(size ? { size } : {})}
      {...(sheet ? { sheet } : {})}
      {...(data ? { data } : {})}
    >
      {children}
      {word && (
        <TextField
          label={t('typeToConfirm', { word })}
          name="confirm"
          autoComplete="off"
          value={typed}
          onChange={(e) => setTyped(e.target.value)}
          error={
            typed && !ready && typed.length >= word.length ? t('typeToConfirmMismatch', { word }) : undefined
          }
        />
      )}
    </ActionDialog>
  );
}
