// The lifecycle's dialogs on a record's page: submit (a question), submit for approval (a
// question; the approval its catalogue entry starts), cancel (with the reason, and
// the date of the reversing entries if not today), amend (a question), delete. Each calls the API
// and hands the result back; a refusal (a submitted invoice still depends on it, a closed
// period …) is shown in the dialog with the server's reason in the user's language.
import { useState } from 'react';
import { api } from '../api/client.ts';
import { useMessages } from '../i18n/react.tsx';
import { TextField } from '../ui/index.ts';
import { ConfirmDialog, TextAreaField, ActionDialog } from '../ui/kit/index.ts';
import { documentMessages } from './messages.ts';
import type { RecordEnvelope } from './record-data.ts';

export type LifecycleDialog = 'submit' | 'approval' | 'cancel' | 'amend' | 'delete';

export function LifecycleDialogs({
  open,
  record,
  name,
  onClose,
  onDone,
}: {
  open: LifecycleDialog | null;
  record: RecordEnvelope;
  name: string;
  onClose: () => void;
  onDone: (dialog: LifecycleDialog, result: RecordEnvelope) => void;
}) {
  const t = useMessages(documentMessages);
  const [reason, setReason] = useState('');
  const [date, setDate] = useState('');
  const path = { form: record.form, id: record.id };
  if (open === 'submit')
    return (
      <ConfirmDialog
        title={t('submit.title', { name })}
        confirmLabel={t('submit.button')}
        icon="send"
        onClose={onClose}
        onConfirm={async () =>
          onDone(
            'submit',
            await api.post('/api/records/{form}/{id}/submit', { path, body: { rev: record.rev } }),
          )
        }
        data={{ dialog: 'submit' }}
      >
        <p>{t('submit.explain')}</p>
      </ConfirmDialog>
    );
  if (open === 'approval')
    return (
      <ConfirmDialog
        title={t('approval.title', { name })}
        confirmLabel={t('approval.button')}
        icon="send"
        onClose={onClose}
        onConfirm={async () =>
          onDone(
            'approval',
            (
              await api.post('/api/records/{form}/{id}/submit-for-approval', {
                path,
                body: { rev: record.rev },
              })
            ).record,
          )
        }
        data={{ dialog: 'approval' }}
      >
        <p>{t('approval.explain')}</p>
      </ConfirmDialog>
    );
  if (open === 'cancel')
    return (
      <ActionDialog
        title={t('cancel.title', { name })}
        submitLabel={t('cancel.button')}
        submitVariant="danger"
        submitIcon="close"
        ready={reason.trim().length > 0}
        onClose={onClose}
        closeWhenDone
        onSubmit={async () =>
          onDone(
            'cancel',
            await api.post('/api/records/{form}/{id}/cancel', {
              path,
              body: { rev: record.rev, reason: reason.trim(), ...(date ? { reversalDate: date } : {}) },
            }),
          )
        }
        data={{ dialog: 'cancel' }}
      >
        <p>{t('cancel.explain')}</p>
        <TextAreaField
          label={t('cancel.reason')}
          name="reason"
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          required
          rows={3}
          maxLength={500}
        />
        <TextField
          label={t('cancel.date')}
          name="reversalDate"
          type="date"
          value={date}
          onChange={(e) => setDate(e.target.value)}
        />
      </ActionDialog>
    );
  if (open === 'amend')
    return (
      <ConfirmDialog
        title={t('amend.title', { name })}
        confirmLabel={t('amend.button')}
        icon="copy"
        onClose={onClose}
        onConfirm={async () => onDone('amend', await api.post('/api/records/{form}/{id}/amend', { path }))}
        data={{ dialog: 'amend' }}
      >
        <p>{t('amend.explain')}</p>
      </ConfirmDialog>
    );
  if (open === 'delete')
    return (
      <ConfirmDialog
        title={t('delete.title', { name })}
        confirmLabel={t('delete')}
        variant="danger"
        icon="trash"
        onClose={onClose}
        onConfirm={async () =>
          onDone('delete', await api.delete('/api/records/{form}/{id}', { path, query: { rev: record.rev } }))
        }
        data={{ dialog: 'delete' }}
      >
        <p>{t('delete.explain')}</p>
      </ConfirmDialog>
    );
  return null;
}
