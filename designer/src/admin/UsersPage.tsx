// Admin → Users: search and filter, create and edit (roles, department, manager), deactivate and
// activate, give a new one-time password.
import { useState, type FormEvent } from 'react';
import { api } from '../api/client.ts';
import { asApiError } from '../api/errors.ts';
import { useLocale, useLocalized, useMessages } from '../i18n/react.tsx';
import { shellMessages } from '../shell/messages.ts';
import { Alert, Button, Page, TextField } from '../ui/index.ts';
import {
  byId,
  loadAllUsers,
  loadDepartments,
  loadRoles,
  type Department,
  type Role,
  type User,
} from './directory.ts';
import {
  Badge,
  Checkbox,
  ConfirmDialog,
  DataTable,
  Dialog,
  ErrorBox,
  LoadState,
  SelectField,
  Toolbar,
  useLoad,
  type Column,
} from './kit.tsx';
import { adminMessages } from './messages.ts';
import { peopleMessages } from './people-messages.ts';

const PAGE = 50;

interface Filters {
  q: string;
  department: string;
  role: string;
  active: '' | 'true' | 'false';
}

export default function UsersPage() {
  const t = useMessages(peopleMessages);
  const ta = useMessages(adminMessages);
  const loc = useLocalized();
  const [draft, setDraft] = useState<Filters>({ q: '', department: '', role: '', active: '' });
  const [filters, setFilters] = useState<Filters>(draft);
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
        <span className="a-tags">
          {u.roles.map((r) => (
            <Badge key={r}>{loc(roles.get(r)?.name) || r}</Badge>
          ))}
        </span>
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
        <span className="a-row-actions">
          <Button
            icon="design"
            onClick={() => setEditing(u)}
            aria-label={t('users.editTitle', { name: u.displayName })}
          >
            {ta('edit')}
          </Button>
        </span>
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

  const search = (e: FormEvent) => {
    e.preventDefault();
    setNotice(null);
    setFilters(draft);
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
      <form onSubmit={search}>
        <Toolbar>
          <TextField
            className="a-grow"
            label={ta('search')}
            placeholder={t('users.search')}
            type="search"
            name="q"
            value={draft.q}
            onChange={(e) => setDraft({ ...draft, q: e.target.value })}
          />
          <SelectField
            label={t('users.department')}
            name="department"
            value={draft.department}
            onChange={(e) => setDraft({ ...draft, department: e.target.value })}
            options={[
              { value: '', label: ta('all') },
              ...(directory.data?.departments ?? []).map((d) => ({ value: d.id, label: loc(d.name) })),
            ]}
          />
          <SelectField
            label={t('users.role')}
            name="role"
            value={draft.role}
            onChange={(e) => setDraft({ ...draft, role: e.target.value })}
            options={[
              { value: '', label: ta('all') },
              ...(directory.data?.roles ?? []).map((r) => ({ value: r.id, label: loc(r.name) })),
            ]}
          />
          <SelectField
            label={t('users.status')}
            name="active"
            value={draft.active}
            onChange={(e) => setDraft({ ...draft, active: e.target.value as Filters['active'] })}
            options={[
              { value: '', label: ta('all') },
              { value: 'true', label: t('users.active') },
              { value: 'false', label: t('users.inactive') },
            ]}
          />
          <Button type="submit" icon="search">
            {ta('search')}
          </Button>
        </Toolbar>
      </form>
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
          <p className="a-one-time a-mono" data-testid="one-time-password">
            {password.password}
          </p>
        </Dialog>
      )}
    </Page>
  );
}

function UserDialog({
  user,
  departments,
  roles,
  users,
  onClose,
  onAsk,
  onSaved,
}: {
  user: User | null;
  departments: Department[];
  roles: Role[];
  users: User[];
  onClose: () => void;
  onAsk: (kind: 'deactivate' | 'activate' | 'reset', user: User) => void;
  onSaved: (user: User, initialPassword?: string) => void;
}) {
  const t = useMessages(peopleMessages);
  const ta = useMessages(adminMessages);
  const ts = useMessages(shellMessages);
  const loc = useLocalized();
  const { locale } = useLocale();
  const [form, setForm] = useState({
    login: user?.login ?? '',
    displayName: user?.displayName ?? '',
    email: user?.email ?? '',
    phone: user?.phone ?? '',
    department: user?.department ?? '',
    manager: user?.manager ?? '',
    roles: user?.roles ?? ['employee'],
    locale: user?.locale ?? locale,
  });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const fieldErrors = error ? asApiError(error).fieldErrors(locale) : {};
  const set = (patch: Partial<typeof form>) => setForm((f) => ({ ...f, ...patch }));

  const save = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      if (user) {
        const saved = await api.patch('/api/users/{id}', {
          path: { id: user.id },
          body: {
            rev: user.rev,
            displayName: form.displayName,
            email: form.email.trim() || null,
            phone: form.phone.trim() || null,
            department: form.department || null,
            manager: form.manager || null,
            roles: form.roles,
            locale: form.locale,
          },
        });
        onSaved(saved);
      } else {
        const created = await api.post('/api/users', {
          body: {
            login: form.login.trim(),
            displayName: form.displayName.trim(),
            ...(form.email.trim() ? { email: form.email.trim() } : {}),
            ...(form.phone.trim() ? { phone: form.phone.trim() } : {}),
            ...(form.department ? { department: form.department } : {}),
            ...(form.manager ? { manager: form.manager } : {}),
            roles: form.roles,
            locale: form.locale,
          },
        });
        onSaved(created.user, created.initialPassword);
      }
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  };

  return (
    <Dialog
      title={user ? t('users.editTitle', { name: user.displayName }) : t('users.newTitle')}
      onClose={onClose}
      footer={
        <>
          {user && (
            <>
              <Button icon="key" onClick={() => onAsk('reset', user)} disabled={busy}>
                {t('users.resetPassword')}
              </Button>
              {user.active ? (
                <Button variant="danger" onClick={() => onAsk('deactivate', user)} disabled={busy}>
                  {t('users.deactivate')}
                </Button>
              ) : (
                <Button onClick={() => onAsk('activate', user)} disabled={busy}>
                  {t('users.activate')}
                </Button>
              )}
              <span className="a-spacer" />
            </>
          )}
          <Button onClick={onClose} disabled={busy}>
            {ta('cancel')}
          </Button>
          <Button variant="primary" type="submit" form="a-user-form" busy={busy}>
            {busy ? ta('saving') : ta('save')}
          </Button>
        </>
      }
    >
      <ErrorBox error={error} />
      <form id="a-user-form" onSubmit={(e) => void save(e)}>
        <div className="a-pair">
          <TextField
            label={t('users.login')}
            name="login"
            required
            autoComplete="off"
            value={form.login}
            disabled={!!user}
            error={fieldErrors['/login']}
            onChange={(e) => set({ login: e.target.value })}
          />
          <TextField
            label={t('users.name')}
            name="displayName"
            required
            value={form.displayName}
            error={fieldErrors['/displayName']}
            onChange={(e) => set({ displayName: e.target.value })}
          />
          <TextField
            label={t('users.email')}
            name="email"
            type="email"
            value={form.email}
            error={fieldErrors['/email']}
            onChange={(e) => set({ email: e.target.value })}
          />
          <TextField
            label={t('users.phone')}
            name="phone"
            type="tel"
            value={form.phone}
            error={fieldErrors['/phone']}
            onChange={(e) => set({ phone: e.target.value })}
          />
          <SelectField
            label={t('users.department')}
            name="department"
            value={form.department}
            error={fieldErrors['/department']}
            onChange={(e) => set({ department: e.target.value })}
            options={[
              { value: '', label: t('users.noDepartment') },
              ...departments.map((d) => ({ value: d.id, label: loc(d.name) })),
            ]}
          />
          <SelectField
            label={t('users.manager')}
            name="manager"
            value={form.manager}
            error={fieldErrors['/manager']}
            onChange={(e) => set({ manager: e.target.value })}
            options={[
              { value: '', label: t('users.noManager') },
              ...users
                .filter((u) => u.id !== user?.id && u.active)
                .map((u) => ({ value: u.id, label: `${u.displayName} (${u.login})` })),
            ]}
          />
          <SelectField
            label={t('users.locale')}
            name="locale"
            value={form.locale}
            onChange={(e) => set({ locale: e.target.value as typeof form.locale })}
            options={[
              { value: 'zh-CN', label: ts('language.zh-CN') },
              { value: 'en', label: ts('language.en') },
            ]}
          />
        </div>
        <fieldset className="a-fieldset">
          <legend className="f-field__label">{t('users.roles')}</legend>
          <div className="a-checks">
            {roles.map((r) => (
              <Checkbox
                key={r.id}
                label={loc(r.name)}
                checked={form.roles.includes(r.id)}
                onChange={(on) =>
                  set({ roles: on ? [...form.roles, r.id] : form.roles.filter((x) => x !== r.id) })
                }
              />
            ))}
          </div>
          {fieldErrors['/roles'] && <p className="f-field__error">{fieldErrors['/roles']}</p>}
        </fieldset>
      </form>
    </Dialog>
  );
}
