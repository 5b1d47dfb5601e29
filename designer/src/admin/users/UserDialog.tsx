// A user's account, new or existing: login, name, contact, department, manager, language and
// roles. An existing one can also be deactivated (or activated) and given a new password, which
// the page asks about first; its API tokens (a service account's) are made and revoked here.
import { useState } from 'react';
import { api } from '#designer/api/client.ts';
import { useLocale, useLocalized, useMessages } from '#designer/i18n/react.tsx';
import { shellMessages } from '#designer/shell/messages.ts';
import { Button, TextField } from '#designer/ui/index.ts';
import { Checkbox, Dialog, ErrorBox, SelectField, useSubmit } from '#designer/ui/kit/index.ts';
import type { Department, Role, User } from '../directory.ts';
import { adminMessages } from '../messages.ts';
import { ApiTokens } from './ApiTokens.tsx';
import { peopleMessages } from '../people-messages.ts';

export function UserDialog({
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
  const set = (patch: Partial<typeof form>) => setForm((f) => ({ ...f, ...patch }));
  const { busy, error, fieldErrors, onSubmit } = useSubmit(async () => {
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
  });

  return (
    <Dialog
      title={user ? t('users.editTitle', { name: user.displayName }) : t('users.newTitle')}
      onClose={onClose}
      onSubmit={onSubmit}
      busy={busy}
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
          <Button variant="primary" type="submit" busy={busy}>
            {busy ? ta('saving') : ta('save')}
          </Button>
        </>
      }
    >
      <ErrorBox error={error} />
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
        <div className="f-checks">
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
      {user && <ApiTokens userId={user.id} />}
    </Dialog>
  );
}
