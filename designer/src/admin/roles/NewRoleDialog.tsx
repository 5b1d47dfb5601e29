// A new role: its id (for good) and its names; its permissions are granted afterwards in the grid.
import { useState } from 'react';
import { api } from '#designer/api/client.ts';
import { useMessages } from '#designer/i18n/react.tsx';
import { Button, TextField } from '#designer/ui/index.ts';
import {
  Dialog,
  EMPTY_TEXT,
  ErrorBox,
  errorsAt,
  LocalizedTextField,
  trimText,
  useSubmit,
} from '#designer/ui/kit/index.ts';
import type { Role } from '../directory.ts';
import { adminMessages } from '../messages.ts';
import { peopleMessages } from '../people-messages.ts';

export function NewRoleDialog({ onClose, onCreated }: { onClose: () => void; onCreated: (r: Role) => void }) {
  const t = useMessages(peopleMessages);
  const ta = useMessages(adminMessages);
  const [id, setId] = useState('');
  const [name, setName] = useState(EMPTY_TEXT);
  const { busy, error, fieldErrors, onSubmit } = useSubmit(async () => {
    const role = await api.post('/api/roles', {
      body: { id: id.trim(), name: trimText(name), permissions: [] },
    });
    onCreated(role);
  });
  return (
    <Dialog
      title={t('roles.new')}
      onClose={onClose}
      onSubmit={onSubmit}
      busy={busy}
      footer={
        <>
          <Button onClick={onClose} disabled={busy}>
            {ta('cancel')}
          </Button>
          <Button variant="primary" type="submit" icon="plus" busy={busy}>
            {ta('add')}
          </Button>
        </>
      }
    >
      <ErrorBox error={error} />
      <TextField
        label={t('roles.id')}
        hint={t('roles.idHint')}
        name="id"
        required
        autoComplete="off"
        value={id}
        error={fieldErrors['/id']}
        onChange={(e) => setId(e.target.value)}
      />
      <LocalizedTextField
        label={ta('name')}
        name="name"
        required
        value={name}
        errors={errorsAt(fieldErrors, '/name')}
        onChange={setName}
      />
    </Dialog>
  );
}
