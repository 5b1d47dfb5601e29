// Admin → Roles & permissions: the roles, and for the chosen one its grid of resources × actions
// (one row per grant), each with its row rule (all, own, department, a field, a FEEL condition)
// and field restrictions (hidden, masked, read-only). Saved as a whole with a revision check; the
// server checks FEEL row rules and answers problems by JSON pointer, shown at the grant.
import { useState } from 'react';
import { useLocale, useLocalized, useMessages } from '#designer/i18n/react.tsx';
import { Alert, Button, Page, useLoad } from '#designer/ui/index.ts';
import { LoadState, Section } from '#designer/ui/kit/index.ts';
import { loadRoles } from '../directory.ts';
import { peopleMessages } from '../people-messages.ts';
import { loadResourceCatalogue, resourceOptions } from './resource-catalogue.ts';
import { NewRoleDialog } from './NewRoleDialog.tsx';
import { RoleEditor } from './RoleEditor.tsx';
import { RoleList } from './RoleList.tsx';
import '../admin.css';
import './roles.css';

export default function RolesPage() {
  const t = useMessages(peopleMessages);
  const loc = useLocalized();
  const { locale } = useLocale();
  const data = useLoad(async () => {
    const [roles, catalogue] = await Promise.all([loadRoles(), loadResourceCatalogue()]);
    return { roles, catalogue };
  });
  const [selected, setSelected] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);

  return (
    <Page
      title={t('roles.title')}
      intro={t('roles.intro')}
      actions={
        <Button variant="primary" icon="plus" onClick={() => setCreating(true)}>
          {t('roles.new')}
        </Button>
      }
    >
      {notice && <Alert tone="success">{notice}</Alert>}
      <LoadState state={data}>
        {({ roles, catalogue }) => {
          const role = roles.find((r) => r.id === selected);
          return (
            <div className="a-split a-split--narrow-list">
              <RoleList
                roles={roles}
                selected={selected}
                onSelect={(id) => {
                  setNotice(null);
                  setSelected(id);
                }}
              />
              {role ? (
                <RoleEditor
                  key={`${role.id}-${role.rev}`}
                  role={role}
                  resources={resourceOptions(catalogue, roles, locale)}
                  onSaved={(r) => {
                    setNotice(t('roles.saved', { name: loc(r.name) }));
                    data.reload();
                  }}
                  onDeleted={(r) => {
                    setNotice(t('roles.deleted', { name: loc(r.name) }));
                    setSelected(null);
                    data.reload();
                  }}
                />
              ) : (
                <Section title={t('roles.permissions')}>
                  <p className="a-empty">{t('roles.select')}</p>
                </Section>
              )}
            </div>
          );
        }}
      </LoadState>
      {creating && (
        <NewRoleDialog
          onClose={() => setCreating(false)}
          onCreated={(r) => {
            setCreating(false);
            setSelected(r.id);
            setNotice(t('roles.saved', { name: loc(r.name) }));
            data.reload();
          }}
        />
      )}
    </Page>
  );
}
