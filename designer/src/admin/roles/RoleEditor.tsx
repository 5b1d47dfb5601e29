// One role: its names and description in both languages, and its permission grid. Saved as a whole
// with the role's revision; the server's problems show at the grant they concern.
import { useMemo, useState } from 'react';
import { api } from '#designer/api/client.ts';
import { useLocalized, useMessages } from '#designer/i18n/react.tsx';
import { Button } from '#designer/ui/index.ts';
import {
  Badge,
  EMPTY_TEXT,
  ErrorBox,
  errorsAt,
  LocalizedTextField,
  Section,
  TableFrame,
  trimText,
  useSubmit,
  type LocalizedText,
} from '#designer/ui/kit/index.ts';
import { DeleteDialog } from '../DeleteDialog.tsx';
import type { Role } from '../directory.ts';
import { adminMessages } from '../messages.ts';
import { peopleMessages } from '../people-messages.ts';
import { ACTIONS, fromForm, toForm, type GrantForm } from './grant-form.ts';
import { GrantRows } from './GrantRows.tsx';
import type { ResourceOption } from './resource-catalogue.ts';

interface RoleForm {
  name: LocalizedText;
  description: LocalizedText;
  grants: GrantForm[];
}

export function RoleEditor({
  role,
  resources,
  onSaved,
  onDeleted,
}: {
  role: Role;
  resources: ResourceOption[];
  onSaved: (r: Role) => void;
  onDeleted: (r: Role) => void;
}) {
  const t = useMessages(peopleMessages);
  const ta = useMessages(adminMessages);
  const loc = useLocalized();
  const initial = useMemo<RoleForm>(
    () => ({
      name: role.name,
      description: role.description ?? EMPTY_TEXT,
      grants: role.permissions.map(toForm),
    }),
    [role],
  );
  const [form, setForm] = useState(initial);
  const [deleting, setDeleting] = useState(false);
  const dirty = JSON.stringify(form) !== JSON.stringify(initial);
  const { busy, error, fieldErrors, onSubmit } = useSubmit(async () => {
    const description = trimText(form.description);
    const saved = await api.patch('/api/roles/{id}', {
      path: { id: role.id },
      body: {
        rev: role.rev,
        name: trimText(form.name),
        ...(description.en || description['zh-CN'] ? { description } : {}),
        permissions: form.grants.map(fromForm),
      },
    });
    onSaved(saved);
  });
  /** The server's problems at grant i (its paths start with /permissions/i). */
  const grantErrors = (i: number): string[] =>
    Object.entries(fieldErrors)
      .filter(([path]) => path === `/permissions/${i}` || path.startsWith(`/permissions/${i}/`))
      .map(([path, message]) => `${path.slice(`/permissions/${i}`.length) || '/'}: ${message}`);
  const setGrants = (update: (grants: GrantForm[]) => GrantForm[]) =>
    setForm((f) => ({ ...f, grants: update(f.grants) }));

  return (
    <Section
      id="a-detail"
      title={loc(role.name)}
      icon="key"
      actions={
        <>
          {dirty && <Badge tone="warning">{t('roles.unsaved')}</Badge>}
          {!role.system && (
            <Button variant="danger" icon="trash" onClick={() => setDeleting(true)}>
              {ta('delete')}
            </Button>
          )}
        </>
      }
    >
      <ErrorBox error={error} />
      <form onSubmit={onSubmit} data-role-editor={role.id}>
        <div className="a-pair">
          <LocalizedTextField
            label={ta('name')}
            name="name"
            required
            value={form.name}
            errors={errorsAt(fieldErrors, '/name')}
            onChange={(name) => setForm({ ...form, name })}
          />
        </div>
        <div className="a-pair">
          <LocalizedTextField
            label={t('roles.description')}
            name="description"
            value={form.description}
            onChange={(description) => setForm({ ...form, description })}
          />
        </div>

        <h3 className="a-subtitle">{t('roles.permissions')}</h3>
        {form.grants.length === 0 && <p className="a-empty">{t('roles.noGrants')}</p>}
        {form.grants.length > 0 && (
          <TableFrame caption={t('roles.grid')} className="a-grid">
            <thead>
              <tr>
                <th scope="col">{t('roles.resource')}</th>
                {ACTIONS.map((a) => (
                  <th key={a} scope="col" className="a-cell">
                    {t(`roles.action.${a}`)}
                  </th>
                ))}
                <th scope="col">{ta('actions')}</th>
              </tr>
            </thead>
            <tbody>
              {form.grants.map((g, i) => (
                <GrantRows
                  key={i}
                  grant={g}
                  index={i}
                  resources={resources}
                  problems={grantErrors(i)}
                  onChange={(patch) =>
                    setGrants((grants) => grants.map((x, j) => (j === i ? { ...x, ...patch } : x)))
                  }
                  onRemove={() => setGrants((grants) => grants.filter((_, j) => j !== i))}
                />
              ))}
            </tbody>
          </TableFrame>
        )}
        <div className="f-form-actions a-after-grid">
          <Button
            icon="plus"
            onClick={() => setGrants((grants) => [...grants, toForm({ resource: '', actions: ['read'] })])}
          >
            {t('roles.addGrant')}
          </Button>
          <span className="a-spacer" />
          {dirty && (
            <Button onClick={() => setForm(initial)} disabled={busy}>
              {t('roles.discard')}
            </Button>
          )}
          <Button type="submit" variant="primary" icon="save" busy={busy} disabled={!dirty}>
            {busy ? ta('saving') : ta('save')}
          </Button>
        </div>
      </form>
      {deleting && (
        <DeleteDialog
          title={t('roles.deleteTitle', { name: loc(role.name) })}
          text={t('roles.deleteText')}
          onClose={() => setDeleting(false)}
          onDelete={async () => {
            await api.delete('/api/roles/{id}', { path: { id: role.id } });
            onDeleted(role);
          }}
        />
      )}
    </Section>
  );
}
