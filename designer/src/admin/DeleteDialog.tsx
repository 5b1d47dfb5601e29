// "Delete X?" with what deleting means, and a red Delete that does it.
import { useMessages } from '#designer/i18n/react.tsx';
import { ConfirmDialog } from '#designer/ui/kit/index.ts';
import { adminMessages } from './messages.ts';

export function DeleteDialog({
  title,
  text,
  onDelete,
  onClose,
}: {
  title: string;
  /** What deleting it means (what is lost, what cannot be deleted). */
  text: string;
  onDelete(): Promise<void>;
  onClose(): void;
}) {
  const ta = useMessages(adminMessages);
  return (
    <ConfirmDialog
      title={title}
      confirmLabel={ta('delete')}
      variant="danger"
      onClose={onClose}
      onConfirm={onDelete}
    >
      <p>{text}</p>
    </ConfirmDialog>
  );
}
