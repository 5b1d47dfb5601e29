// Admin → Users: search and filter, create and edit (roles, department, manager), deactivate and
// activate, give a new one-time password.
import { useState } from 'react';
import { api } from '#designer/api/client.ts';
import { useLocalized, useMessages } from '#designer/i18n/react.tsx';
import { Alert, Button, Page, useLoad } from '#designer/ui/index.ts';
import {
  Badge,
  Badges,
  ConfirmDialog,
  DataTable,
  Dialog,
  ErrorBox,
  LoadState,
  RowActions,
  type Column,
} from '#designer/ui/kit/index.ts';
import { byId, loadAllUsers, loadDepartments, loadRoles, type User } from '../directory.ts';
import { adminMessages } from '../messages.ts';
import { peopleMessages } from '../people-messages.ts';
import { CopyButton } from './CopyButton.tsx';
import { UserDialog } from './UserDialog.tsx';
import { NO_FILTERS, UserFilters, type Filters } from './UserFilters.tsx';
import '../admin.css';

const PAGE = 50;

export default function UsersPage() {
  const t = useMessages(peopleMessages);
  const ta = useMessages(adminMessages);
  const loc = useLocalized();
  const [filters, setFilters] = useState<Filters>(NO_FILTERS);
  const [more, setMore] = useState<{ items: User[]; cursor: string | null }>({ items: [], cursor: null });
  const [editing, setEditing] = useState<User | 'new' | null>(null);
  const [asking, setAsking] = useState<{ kind: 'deactivate' | 'reset'; user: User } | null>(null);
  const [password, setPassword] = useState<{ name: string; password: string } | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);

  const directory = useLoad(async () => {
    const [departments, roles, users] = await Promise.all([loadDepartments(), loadRoles(), loadAllUsers()]);
    return { departments, roles, users };
  });
  const query = () => ({
    limit: PAGE,
    ...(filters.q.trim() ? { q: filters.q.trim() } : {}),
    ...(filters.department ? { department: filters.department } : {}),
    ...(filters.role ? { role: filters.role } : {}),
    ...(filters.active ? { active: filters.active === 'true' } : {}),
  });
  const list = useLoad(async () => {
    const page = await api.get('/api/users', { query: query() });
    setMore({ items: [], cursor: page.nextCursor });
    return page.items;
  }, [filters]);
  const loadMore = async () => {
    if (!more.cursor) return;
    try {
      const page = await api.get('/api/users', { query: { ...query(), cursor: more.cursor } });
      setMore((m) => ({ items: [...m.items, ...page.items], cursor: page.nextCursor }));
    } catch (e) {
      setError(e);
    }
  };
  const refresh = () => {
    list.reload();
    directory.reload();
  };

  const departments = byId(directory.data?.departments ?? []);
  const roles = byId(directory.data?.roles ?? []);
  const users = byId(directory.data?.users ?? []);

  const columns: Column<User>[] = [
    {
      key: 'name',
      label: t('users.name'),
      primary: true,
      render: (u) => (
        <span>
          {u.displayName} <span className="a-muted a-mono">{u.login}</span>
        </span>
      ),
    },
    {
      key: 'department',
      label: t('users.department'),
      render: (u) => (u.department ? loc(departments.get(u.department)?.name) || u.department : '—'),
    },
    {
      key: 'roles',
      label: t('users.roles'),
      render: (u) => (
        <Badges>
          {u.roles.map((r) => (
            <Badge key={r}>{loc(roles.get(r)?.name) || r}</Badge>
          ))}
        </Badges>
      ),
    },
    {
      key: 'manager',
      label: t('users.manager'),
      render: (u) => (u.manager ? (users.get(u.manager)?.displayName ?? u.manager) : '—'),
    },
    {
      key: 'status',
      label: t('users.status'),
      render: (u) =>
        u.active ? <Badge tone="success">{t('users.active')}</Badge> : <Badge>{t('users.inactive')}</Badge>,
    },
    {
      key: 'actions',
      label: ta('actions'),
      render: (u) => (
        <RowActions>
          <Button
            icon="design"
            onClick={() => setEditing(u)}
            aria-label={t('users.editTitle', { name: u.displayName })}
          >
            {ta('edit')}
          </Button>
        </RowActions>
      ),
    },
  ];

  const activate = async (u: User) => {
    setError(null);
    try {
      await api.post('/api/users/{id}/activate', { path: { id: u.id } });
      setNotice(t('users.saved', { name: u.displayName }));
      refresh();
    } catch (e) {
      setError(e);
    }
  };

  return (
    <Page
      title={t('users.title')}
      intro={t('users.intro')}
      actions={
        <Button variant="primary" icon="plus" onClick={() => setEditing('new')}>
          {t('users.new')}
        </Button>
      }
    >
      {notice && <Alert tone="success">{notice}</Alert>}
      <ErrorBox error={error} />
      <UserFilters
        departments={directory.data?.departments ?? []}
        roles={directory.data?.roles ?? []}
        onSearch={(next) => {
          setNotice(null);
          setFilters(next);
        }}
      />
      <LoadState state={list}>
        {(items) => (
          <>
            <DataTable
              columns={columns}
              rows={[...items, ...more.items]}
              rowKey={(u) => u.id}
              empty={t('users.none')}
              caption={t('users.title')}
            />
            {more.cursor && (
              <Button onClick={() => void loadMore()} block>
                {ta('loadMore')}
              </Button>
            )}
          </>
        )}
      </LoadState>

      {editing && directory.data && (
        <UserDialog
          user={editing === 'new' ? null : editing}
          departments={directory.data.departments}
          roles={directory.data.roles}
          users={directory.data.users}
          onClose={() => setEditing(null)}
          onAsk={(kind, user) => {
            setEditing(null);
            if (kind === 'activate') void activate(user);
            else setAsking({ kind, user });
          }}
          onSaved={(user, initialPassword) => {
            setEditing(null);
            setNotice(t(editing === 'new' ? 'users.created' : 'users.saved', { name: user.displayName }));
            if (initialPassword) setPassword({ name: user.displayName, password: initialPassword });
            refresh();
          }}
        />
      )}
      {asking?.kind === 'deactivate' && (
        <ConfirmDialog
          title={t('users.deactivateTitle', { name: asking.user.displayName })}
          confirmLabel={t('users.deactivate')}
          variant="danger"
          onClose={() => setAsking(null)}
          onConfirm={async () => {
            await api.post('/api/users/{id}/deactivate', { path: { id: asking.user.id } });
            setNotice(t('users.saved', { name: asking.user.displayName }));
            refresh();
          }}
        >
          <p>{t('users.deactivateText')}</p>
        </ConfirmDialog>
      )}
      {asking?.kind === 'reset' && (
        <ConfirmDialog
          title={t('users.resetTitle', { name: asking.user.displayName })}
          confirmLabel={t('users.resetPassword')}
          onClose={() => setAsking(null)}
          onConfirm={async () => {
            const reply = await api.post('/api/users/{id}/reset-password', { path: { id: asking.user.id } });
            setPassword({ name: asking.user.displayName, password: reply.password });
          }}
        >
          <p>{t('users.resetText')}</p>
        </ConfirmDialog>
      )}
      {password && (
        <Dialog
          title={t('users.oneTimeTitle')}
          onClose={() => setPassword(null)}
          footer={
            <Button variant="primary" onClick={() => setPassword(null)}>
              {ta('close')}
            </Button>
          }
        >
          <p className="a-plain">{t('users.oneTimeText', { name: password.name })}</p>
          <p className="a-one-time a-mono" id="one-time-password" data-testid="one-time-password">
            {password.password}
          </p>
          <CopyButton text={password.password} selectId="one-time-password" />
        </Dialog>
      )}
    </Page>
  );
}
