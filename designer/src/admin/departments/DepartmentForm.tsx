// One department, new or existing: its id (new only), names, parent and head. An existing one can
// get a sub-department or be deleted.
import { useState } from 'react';
import { api } from '#designer/api/client.ts';
import { useLocalized, useMessages } from '#designer/i18n/react.tsx';
import { Button, TextField } from '#designer/ui/index.ts';
import {
  EMPTY_TEXT,
  ErrorBox,
  errorsAt,
  LocalizedTextField,
  Section,
  SelectField,
  trimText,
  useSubmit,
} from '#designer/ui/kit/index.ts';
import type { Department, User } from '../directory.ts';
import { adminMessages } from '../messages.ts';
import { peopleMessages } from '../people-messages.ts';
import { subtree } from './department-tree.ts';

export type Editing = { kind: 'edit'; department: Department } | { kind: 'new'; parent: string };

export function DepartmentForm({
  editing,
  departments,
  users,
  onNewChild,
  onDelete,
  onSaved,
}: {
  editing: Editing;
  departments: Department[];
  users: User[];
  onNewChild: (parent: string) => void;
  onDelete: (d: Department) => void;
  onSaved: (d: Department) => void;
}) {
  const t = useMessages(peopleMessages);
  const ta = useMessages(adminMessages);
  const loc = useLocalized();
  const existing = editing.kind === 'edit' ? editing.department : null;
  const [form, setForm] = useState({
    id: '',
    name: existing?.name ?? EMPTY_TEXT,
    parent: existing ? (existing.parent ?? '') : editing.kind === 'new' ? editing.parent : '',
    head: existing?.head ?? '',
  });
  const set = (patch: Partial<typeof form>) => setForm((f) => ({ ...f, ...patch }));
  const excluded = existing ? subtree(departments, existing.id) : new Set<string>();
  const { busy, error, fieldErrors, onSubmit } = useSubmit(async () => {
    const name = trimText(form.name);
    const saved = existing
      ? await api.patch('/api/departments/{id}', {
          path: { id: existing.id },
          body: { rev: existing.rev, name, parent: form.parent || null, head: form.head || null },
        })
      : await api.post('/api/departments', {
          body: {
            ...(form.id.trim() ? { id: form.id.trim() } : {}),
            name,
            ...(form.parent ? { parent: form.parent } : {}),
            ...(form.head ? { head: form.head } : {}),
          },
        });
    onSaved(saved);
  });

  return (
    <Section
      id="a-detail"
      title={existing ? loc(existing.name) : t('departments.new')}
      icon="building"
      actions={
        existing && (
          <>
            <Button icon="plus" onClick={() => onNewChild(existing.id)}>
              {t('departments.newChild')}
            </Button>
            <Button variant="danger" icon="trash" onClick={() => onDelete(existing)}>
              {ta('delete')}
            </Button>
          </>
        )
      }
    >
      <ErrorBox error={error} />
      <form onSubmit={onSubmit}>
        {!existing && (
          <TextField
            label={t('departments.id')}
            hint={t('departments.idHint')}
            name="id"
            autoComplete="off"
            value={form.id}
            error={fieldErrors['/id']}
            onChange={(e) => set({ id: e.target.value })}
          />
        )}
        <div className="a-pair">
          <LocalizedTextField
            label={ta('name')}
            name="name"
            required
            value={form.name}
            errors={errorsAt(fieldErrors, '/name')}
            onChange={(name) => set({ name })}
          />
          <SelectField
            label={t('departments.parent')}
            name="parent"
            value={form.parent}
            error={fieldErrors['/parent']}
            onChange={(e) => set({ parent: e.target.value })}
            options={[
              { value: '', label: t('departments.top') },
              ...departments
                .filter((d) => !excluded.has(d.id))
                .map((d) => ({ value: d.id, label: loc(d.name) })),
            ]}
          />
          <SelectField
            label={t('departments.head')}
            name="head"
            value={form.head}
            error={fieldErrors['/head']}
            onChange={(e) => set({ head: e.target.value })}
            options={[
              { value: '', label: t('departments.noHead') },
              ...users
                .filter((u) => u.active)
                .map((u) => ({ value: u.id, label: `${u.displayName} (${u.login})` })),
            ]}
          />
        </div>
        <div className="f-form-actions">
          <Button type="submit" variant="primary" icon="save" busy={busy}>
            {busy ? ta('saving') : ta('save')}
          </Button>
        </div>
      </form>
    </Section>
  );
}
