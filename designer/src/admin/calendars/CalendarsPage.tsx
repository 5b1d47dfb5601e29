// Admin → Business calendars: every calendar with where it comes from and who works by it (the
// company, departments, employees); one opened shows its month grid and, when it was made here,
// the editor of its hours, holidays and make-up days. A module's calendar is read-only (the API
// refuses changes to it) and can be copied into one of the admin's own.
import { useEffect, useState } from 'react';
import { api, type ReplyOf } from '../../api/client.ts';
import { useLocalized, useMessages } from '../../i18n/react.tsx';
import { Alert, Button, Page, useLoad } from '../../ui/index.ts';
import {
  Badge,
  DataTable,
  ErrorBox,
  LoadState,
  Section,
  useSubmit,
  type Column,
} from '../../ui/kit/index.ts';
import { byId, loadAllUsers, loadDepartments } from '../directory.ts';
import { AssignCalendar, whoLabel, type Names } from './AssignCalendar.tsx';
import { CalendarEditor, type Draft } from './CalendarEditor.tsx';
import { thisMonth } from './month.ts';
import { MonthGrid } from './MonthGrid.tsx';
import { NewCalendarDialog } from './NewCalendarDialog.tsx';
import { calendarMessages } from './messages.ts';
import '../admin.css';
import './calendars.css';

type Calendar = ReplyOf<'/api/calendars/{id}', 'get'>;
type Assignment = ReplyOf<'/api/calendars/assignments', 'get'>['items'][number];

async function loadAll() {
  const [calendars, assignments, users, departments] = await Promise.all([
    api.get('/api/calendars'),
    api.get('/api/calendars/assignments'),
    loadAllUsers(),
    loadDepartments(),
  ]);
  return {
    calendars: calendars.items,
    assignments: assignments.items,
    names: { users: byId(users), departments: byId(departments) },
  };
}

export default function CalendarsPage() {
  const t = useMessages(calendarMessages);
  const localized = useLocalized();
  const data = useLoad(loadAll);
  const [openId, setOpenId] = useState<string | null>(() => new URLSearchParams(location.search).get('id'));
  const [creating, setCreating] = useState<Calendar | 'blank' | null>(null);

  const open = (id: string | null) => {
    setOpenId(id);
    const url = new URL(location.href);
    if (id) url.searchParams.set('id', id);
    else url.searchParams.delete('id');
    history.replaceState(history.state, '', url);
  };

  return (
    <Page
      title={t('title')}
      intro={t('intro')}
      actions={
        <>
          <Button icon="redo" onClick={data.reload}>
            {t('refresh')}
          </Button>
          <Button variant="primary" icon="plus" onClick={() => setCreating('blank')}>
            {t('new')}
          </Button>
        </>
      }
    >
      <LoadState state={data}>
        {({ calendars, assignments, names }) => {
          const usedBy = (id: string) => assignments.filter((a) => a.calendar === id);
          const columns: Column<Calendar>[] = [
            {
              key: 'name',
              label: t('col.name'),
              primary: true,
              render: (c) => (
                <button
                  type="button"
                  className="a-link-button"
                  data-open-calendar={c.id}
                  onClick={() => open(c.id)}
                >
                  {localized(c.name)} <span className="a-muted a-mono">{c.id}</span>
                </button>
              ),
            },
            { key: 'zone', label: t('col.zone'), render: (c) => c.timeZone },
            {
              key: 'origin',
              label: t('col.origin'),
              render: (c) =>
                c.module ? <Badge tone="info">{t('module', { module: c.module })}</Badge> : t('own'),
            },
            {
              key: 'usedBy',
              label: t('col.usedBy'),
              render: (c) => {
                const list = usedBy(c.id);
                return list.length
                  ? list.map((a) => whoLabel(a, names, t, localized)).join(', ')
                  : t('notUsed');
              },
            },
          ];
          const current = calendars.find((c) => c.id === openId);
          return (
            <>
              <DataTable
                columns={columns}
                rows={calendars}
                rowKey={(c) => c.id}
                empty={t('none')}
                caption={t('title')}
              />
              {current && (
                <CalendarDetail
                  key={current.id}
                  calendar={current}
                  assignments={usedBy(current.id)}
                  names={names}
                  onSaved={data.reload}
                  onCopy={() => setCreating(current)}
                />
              )}
              {creating && (
                <NewCalendarDialog
                  calendars={calendars}
                  copyOf={creating === 'blank' ? null : creating}
                  onClose={() => setCreating(null)}
                  onCreated={(id) => {
                    setCreating(null);
                    data.reload();
                    open(id);
                  }}
                />
              )}
            </>
          );
        }}
      </LoadState>
    </Page>
  );
}

function CalendarDetail({
  calendar,
  assignments,
  names,
  onSaved,
  onCopy,
}: {
  calendar: Calendar;
  assignments: Assignment[];
  names: Names;
  onSaved(): void;
  onCopy(): void;
}) {
  const t = useMessages(calendarMessages);
  const localized = useLocalized();
  const [month, setMonth] = useState(thisMonth);
  const [version, setVersion] = useState(0);
  const pristine = (): Draft => ({
    weekly: calendar.weekly,
    holidays: calendar.holidays ?? [],
    workdays: calendar.workdays ?? [],
  });
  const [draft, setDraft] = useState<Draft>(pristine);
  const [dirty, setDirty] = useState(false);
  const [saved, setSaved] = useState(false);
  useEffect(() => {
    if (!dirty) setDraft(pristine());
    // A reload after saving brings the new revision: show it unless the admin is editing.
  }, [calendar.rev]);
  const save = useSubmit(async () => {
    const { id: _id, rev, module: _m, ...rest } = calendar;
    await api.put('/api/calendars/{id}', { path: { id: calendar.id }, body: { ...rest, ...draft, rev } });
    setDirty(false);
    setSaved(true);
    setVersion((v) => v + 1);
    onSaved();
  });
  const change = (next: Draft) => {
    setDraft(next);
    setDirty(true);
    setSaved(false);
  };

  return (
    <div className="c-detail" data-calendar={calendar.id} data-rev={calendar.rev}>
      <Section title={localized(calendar.name)} icon="calendar">
        {calendar.module && (
          <Alert tone="info">
            {t('fromModule', { module: calendar.module })}{' '}
            <Button icon="copy" onClick={onCopy}>
              {t('copy')}
            </Button>
          </Alert>
        )}
        <MonthGrid calendarId={calendar.id} month={month} version={version} onMonth={setMonth} />
      </Section>
      {!calendar.module && (
        <form onSubmit={save.onSubmit} noValidate>
          <CalendarEditor
            draft={draft}
            onChange={change}
            fieldErrors={save.fieldErrors}
            onShowDate={(date) => setMonth(date.slice(0, 7))}
          />
          <div className="c-save">
            <ErrorBox error={save.error} />
            {dirty && <Alert tone="info">{t('unsaved')}</Alert>}
            {saved && <Alert tone="success">{t('saved')}</Alert>}
            <Button type="submit" variant="primary" icon="save" busy={save.busy} disabled={!dirty}>
              {t('save')}
            </Button>
            {dirty && (
              <Button
                onClick={() => {
                  setDraft(pristine());
                  setDirty(false);
                }}
              >
                {t('discard')}
              </Button>
            )}
          </div>
        </form>
      )}
      <AssignCalendar calendar={calendar.id} assignments={assignments} names={names} onChanged={onSaved} />
    </div>
  );
}
