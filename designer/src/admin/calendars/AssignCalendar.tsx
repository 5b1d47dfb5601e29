// Who works by a calendar: the company, departments, employees it is assigned to, each removable,
// and a form to assign it to one more (PUT /api/calendars/assignments). A person without their own
// calendar works by their department's, up the tree, else by the company's.
import { useState } from 'react';
import { api, type ReplyOf } from '../../api/client.ts';
import type { Translate } from '../../i18n/define.ts';
import { useLocalized, useMessages } from '../../i18n/react.tsx';
import { Alert, Button } from '../../ui/index.ts';
import { ErrorBox, IconButton, SelectField, Section, useSubmit } from '../../ui/kit/index.ts';
import type { Department, User } from '../directory.ts';
import { calendarMessages, type CalendarKey } from './messages.ts';

type Assignment = ReplyOf<'/api/calendars/assignments', 'get'>['items'][number];
type Scope = Assignment['scope'];
export interface Names {
  users: Map<string, User>;
  departments: Map<string, Department>;
}

export function whoLabel(
  a: Pick<Assignment, 'scope' | 'target'>,
  names: Names,
  t: Translate<CalendarKey>,
  localized: ReturnType<typeof useLocalized>,
): string {
  const target = a.target ?? '';
  if (a.scope === 'company') return t('company');
  if (a.scope === 'department')
    return t('department', { name: localized(names.departments.get(target)?.name) || target });
  return t('user', { name: names.users.get(target)?.displayName ?? target });
}

export function AssignCalendar({
  calendar,
  assignments,
  names,
  onChanged,
}: {
  calendar: string;
  assignments: Assignment[];
  names: Names;
  onChanged(): void;
}) {
  const t = useMessages(calendarMessages);
  const localized = useLocalized();
  const [scope, setScope] = useState<Scope>('company');
  const [target, setTarget] = useState('');
  const [done, setDone] = useState(false);
  const put = async (s: Scope, tgt: string | undefined, cal: string | null) => {
    await api.put('/api/calendars/assignments', {
      body: { scope: s, ...(s !== 'company' && tgt ? { target: tgt } : {}), calendar: cal },
    });
    setDone(cal !== null);
    onChanged();
  };
  const assign = useSubmit(() => put(scope, target, calendar));
  const [removeError, setRemoveError] = useState<unknown>(null);
  const targets =
    scope === 'department'
      ? [...names.departments.values()].map((d) => ({ value: d.id, label: localized(d.name) || d.id }))
      : [...names.users.values()].map((u) => ({ value: u.id, label: u.displayName ?? u.id }));

  return (
    <Section title={t('assign.title')} icon="users">
      <ul className="c-items" data-testid="assignments">
        {assignments.length === 0 && <li className="a-muted">{t('notUsed')}</li>}
        {assignments.map((a) => {
          const who = whoLabel(a, names, t, localized);
          return (
            <li key={a.id} className="c-item" data-assignment={a.id}>
              <span className="c-item__name">{who}</span>
              <IconButton
                icon="trash"
                danger
                label={t('assign.remove', { who })}
                onClick={() => put(a.scope, a.target, null).catch(setRemoveError)}
              />
            </li>
          );
        })}
      </ul>
      <ErrorBox error={removeError} />
      <form className="c-add c-assign" onSubmit={assign.onSubmit} noValidate>
        <SelectField
          label={t('assign.scope')}
          value={scope}
          onChange={(e) => {
            setScope(e.target.value as Scope);
            setTarget('');
          }}
          options={[
            { value: 'company', label: t('company') },
            { value: 'department', label: t('department', { name: '' }).trim() },
            { value: 'user', label: t('user', { name: '' }).trim() },
          ]}
        />
        {scope !== 'company' && (
          <SelectField
            label={t('assign.target')}
            value={target}
            error={assign.fieldErrors['/target']}
            onChange={(e) => setTarget(e.target.value)}
          >
            <option value="">—</option>
            {targets.map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </SelectField>
        )}
        <ErrorBox error={assign.error} />
        {done && <Alert tone="success">{t('assign.done')}</Alert>}
        <Button type="submit" icon="check" busy={assign.busy}>
          {t('assign.submit')}
        </Button>
      </form>
    </Section>
  );
}
