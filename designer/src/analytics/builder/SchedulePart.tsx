// E-mailing a saved report on a schedule: daily, weekly (a weekday) or monthly (a day) at a time in
// Beijing time, to roles it is shared with and to named users who may read it. The server delivers
// each period once, running the report as its owner, with a link to the workbook.
import { useEffect, useState } from 'react';
import { api } from '../../api/client.ts';
import { useMessages } from '../../i18n/react.tsx';
import { Alert, Button, TextField } from '../../ui/index.ts';
import { Checkbox, ErrorBox, Section, SelectField, useSubmit } from '../../ui/kit/index.ts';
import { analyticsMessages } from '../messages.ts';

interface Schedule {
  every: 'day' | 'week' | 'month';
  at: string;
  weekday?: number;
  monthDay?: number;
  recipients: { users?: string[]; roles?: string[] };
}

const EMPTY: Schedule = { every: 'week', at: '08:00', weekday: 1, recipients: {} };

/** The schedule of saved report `id`; `roles` are those it is shared with (the only ones allowed). */
export function SchedulePart({ id, roles }: { id: string; roles: Array<{ id: string; label: string }> }) {
  const t = useMessages(analyticsMessages);
  const [schedule, setSchedule] = useState<Schedule>(EMPTY);
  const [active, setActive] = useState(false);
  const [done, setDone] = useState<string | null>(null);
  useEffect(() => {
    void api.get('/api/reports/saved/{id}/schedule', { path: { id } }).then((res) => {
      if (res.schedule) setSchedule(res.schedule as Schedule);
      setActive(!!res.schedule);
    });
  }, [id]);
  const set = (part: Partial<Schedule>) => {
    setSchedule((s) => ({ ...s, ...part }));
    setDone(null);
  };
  const saving = useSubmit(async () => {
    const { every, at, recipients } = schedule;
    const body = {
      every,
      at,
      ...(every === 'week' ? { weekday: schedule.weekday ?? 1 } : {}),
      ...(every === 'month' ? { monthDay: schedule.monthDay ?? 1 } : {}),
      recipients,
    };
    await api.put('/api/reports/saved/{id}/schedule', { path: { id }, body });
    setActive(true);
    setDone(t('schedule.saved'));
  });
  const stopping = useSubmit(async () => {
    await api.delete('/api/reports/saved/{id}/schedule', { path: { id } });
    setActive(false);
    setDone(t('schedule.stopped'));
  });
  const chosen = schedule.recipients.roles ?? [];
  return (
    <Section title={t('schedule.title')} icon="clock">
      <p className="fa-muted">{t('schedule.hint')}</p>
      <div className="fa-builder__row">
        <SelectField
          label={t('schedule.every')}
          name="schedule-every"
          value={schedule.every}
          onChange={(e) => set({ every: e.target.value as Schedule['every'] })}
          options={(['day', 'week', 'month'] as const).map((v) => ({ value: v, label: t(`schedule.${v}`) }))}
        />
        {schedule.every === 'week' && (
          <SelectField
            label={t('schedule.weekday')}
            name="schedule-weekday"
            value={String(schedule.weekday ?? 1)}
            onChange={(e) => set({ weekday: Number(e.target.value) })}
            options={[1, 2, 3, 4, 5, 6, 7].map((d) => ({
              value: String(d),
              label: t(`schedule.day${d}` as 'schedule.day1'),
            }))}
          />
        )}
        {schedule.every === 'month' && (
          <TextField
            label={t('schedule.monthDay')}
            name="schedule-month-day"
            type="number"
            min={1}
            max={28}
            value={String(schedule.monthDay ?? 1)}
            onChange={(e) => set({ monthDay: Number(e.target.value) })}
          />
        )}
        <TextField
          label={t('schedule.at')}
          name="schedule-at"
          type="time"
          value={schedule.at}
          onChange={(e) => set({ at: e.target.value })}
          error={saving.fieldErrors['/at']}
        />
      </div>
      <div className="fa-roles">
        {roles.map(({ id: r, label }) => (
          <Checkbox
            key={r}
            label={label}
            checked={chosen.includes(r)}
            onChange={(on) =>
              set({
                recipients: {
                  ...schedule.recipients,
                  roles: on ? [...chosen, r] : chosen.filter((x) => x !== r),
                },
              })
            }
          />
        ))}
      </div>
      <TextField
        label={t('schedule.users')}
        name="schedule-users"
        value={(schedule.recipients.users ?? []).join(', ')}
        onChange={(e) =>
          set({
            recipients: {
              ...schedule.recipients,
              users: e.target.value
                .split(',')
                .map((u) => u.trim())
                .filter(Boolean),
            },
          })
        }
      />
      {saving.error || stopping.error ? <ErrorBox error={saving.error ?? stopping.error} /> : null}
      {done && <Alert tone="success">{done}</Alert>}
      <div className="fa-builder__row">
        <Button icon="send" onClick={(e) => saving.onSubmit(e)} busy={saving.busy}>
          {t('schedule.save')}
        </Button>
        {active && (
          <Button variant="ghost" icon="trash" onClick={(e) => stopping.onSubmit(e)} busy={stopping.busy}>
            {t('schedule.stop')}
          </Button>
        )}
      </div>
    </Section>
  );
}
