// The search above the users: a name, login or e-mail, a department, a role, active or not.
import { useState, type FormEvent } from 'react';
import { useLocalized, useMessages } from '#designer/i18n/react.tsx';
import { Button, TextField } from '#designer/ui/index.ts';
import { SelectField, Toolbar } from '#designer/ui/kit/index.ts';
import type { Department, Role } from '../directory.ts';
import { adminMessages } from '../messages.ts';
import { peopleMessages } from '../people-messages.ts';

export interface Filters {
  q: string;
  department: string;
  role: string;
  active: '' | 'true' | 'false';
}

export const NO_FILTERS: Filters = { q: '', department: '', role: '', active: '' };

export function UserFilters({
  departments,
  roles,
  onSearch,
}: {
  departments: Department[];
  roles: Role[];
  onSearch(filters: Filters): void;
}) {
  const t = useMessages(peopleMessages);
  const ta = useMessages(adminMessages);
  const loc = useLocalized();
  const [draft, setDraft] = useState<Filters>(NO_FILTERS);
  const all = { value: '', label: ta('all') };
  const search = (e: FormEvent) => {
    e.preventDefault();
    onSearch(draft);
  };
  return (
    <form onSubmit={search}>
      <Toolbar>
        <TextField
          className="f-toolbar__grow"
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
          options={[all, ...departments.map((d) => ({ value: d.id, label: loc(d.name) }))]}
        />
        <SelectField
          label={t('users.role')}
          name="role"
          value={draft.role}
          onChange={(e) => setDraft({ ...draft, role: e.target.value })}
          options={[all, ...roles.map((r) => ({ value: r.id, label: loc(r.name) }))]}
        />
        <SelectField
          label={t('users.status')}
          name="active"
          value={draft.active}
          onChange={(e) => setDraft({ ...draft, active: e.target.value as Filters['active'] })}
          options={[
            all,
            { value: 'true', label: t('users.active') },
            { value: 'false', label: t('users.inactive') },
          ]}
        />
        <Button type="submit" icon="search">
          {ta('search')}
        </Button>
      </Toolbar>
    </form>
  );
}
