// The editor of one calendar made here: working hours per weekday (several periods a day), the
// holidays and the extra working days (make-up days, 调休). Changes collect in a draft and are
// saved together at the calendar's revision (PUT /api/calendars/{id}); the server's problems show
// at the field they are about (`/weekly/monday/0/to`, `/holidays/2/to`, `/workdays/0/date`).
import { useState } from 'react';
import type { BusinessCalendar, CalendarPeriod } from '#schemas/generated/index.ts';
import { useLocalized, useMessages } from '../../i18n/react.tsx';
import { Button, TextField } from '../../ui/index.ts';
import {
  EMPTY_TEXT,
  IconButton,
  LocalizedTextField,
  Section,
  trimText,
  type LocalizedText,
} from '../../ui/kit/index.ts';
import { calendarMessages } from './messages.ts';

export type Draft = Pick<BusinessCalendar, 'weekly' | 'holidays' | 'workdays'>;
export const WEEKDAYS = [
  'monday',
  'tuesday',
  'wednesday',
  'thursday',
  'friday',
  'saturday',
  'sunday',
] as const;
type Weekday = (typeof WEEKDAYS)[number];

export function CalendarEditor({
  draft,
  onChange,
  fieldErrors,
  onShowDate,
}: {
  draft: Draft;
  onChange(draft: Draft): void;
  fieldErrors: Record<string, string>;
  /** A date was added: the month grid may show its month. */
  onShowDate(date: string): void;
}) {
  return (
    <>
      <WeekEditor draft={draft} onChange={onChange} fieldErrors={fieldErrors} />
      <HolidayEditor draft={draft} onChange={onChange} fieldErrors={fieldErrors} onShowDate={onShowDate} />
      <WorkdayEditor draft={draft} onChange={onChange} fieldErrors={fieldErrors} onShowDate={onShowDate} />
    </>
  );
}

type Part = Omit<Parameters<typeof CalendarEditor>[0], 'onShowDate'>;

function WeekEditor({ draft, onChange, fieldErrors }: Part) {
  const t = useMessages(calendarMessages);
  const setDay = (day: Weekday, periods: CalendarPeriod[]) =>
    onChange({ ...draft, weekly: { ...draft.weekly, [day]: periods } });
  return (
    <Section title={t('week.title')} icon="clock">
      <ul className="c-week">
        {WEEKDAYS.map((day) => {
          const periods = draft.weekly[day] ?? [];
          const at = (i: number, key: 'from' | 'to') => fieldErrors[`/weekly/${day}/${i}/${key}`];
          return (
            <li key={day} className="c-week__day" data-weekday={day}>
              <strong className="c-week__name">{t(`day.${day}`)}</strong>
              <div className="c-week__periods">
                {periods.length === 0 && <span className="a-muted">{t('week.dayOff')}</span>}
                {periods.map((p, i) => (
                  <div key={i} className="c-period" data-period={i}>
                    <TextField
                      type="time"
                      label={t('week.from')}
                      name={`${day}-${i}-from`}
                      value={p.from}
                      error={at(i, 'from')}
                      onChange={(e) => setDay(day, periods.with(i, { ...p, from: e.target.value }))}
                    />
                    <TextField
                      type="time"
                      label={t('week.to')}
                      name={`${day}-${i}-to`}
                      value={p.to === '24:00' ? '23:59' : p.to}
                      error={at(i, 'to')}
                      onChange={(e) => setDay(day, periods.with(i, { ...p, to: e.target.value }))}
                    />
                    <IconButton
                      icon="trash"
                      danger
                      label={t('week.removePeriod', { day: t(`day.${day}`), from: p.from, to: p.to })}
                      onClick={() => setDay(day, periods.toSpliced(i, 1))}
                    />
                  </div>
                ))}
              </div>
              <Button
                icon="plus"
                data-add-period={day}
                onClick={() => setDay(day, [...periods, nextPeriod(periods)])}
              >
                {t('week.addPeriod')}
              </Button>
            </li>
          );
        })}
      </ul>
    </Section>
  );
}

/** A holiday or extra working day in its list: its dates, its name, a remove button, its problem. */
function EntryRow({
  data,
  dates,
  name,
  problem,
  removeLabel,
  onRemove,
}: {
  data: Record<string, string>;
  dates: string;
  name: string;
  problem: string | undefined;
  removeLabel: string;
  onRemove(): void;
}) {
  return (
    <li className={problem ? 'c-item c-item--invalid' : 'c-item'} {...data}>
      <span className="a-mono">{dates}</span>
      <span className="c-item__name">{name}</span>
      <IconButton icon="trash" danger label={removeLabel} onClick={onRemove} />
      {problem && <p className="c-item__error f-field__error">{problem}</p>}
    </li>
  );
}

/** The first problem the server found in an entry (`/holidays/2`, `/holidays/2/name/zh-CN` …). */
function problemAt(fieldErrors: Record<string, string>, at: string): string | undefined {
  return Object.entries(fieldErrors).find(([path]) => path === at || path.startsWith(`${at}/`))?.[1];
}

/**
 * A holiday's or working day's name: optional, but a name is in both languages — one given in a
 * single language stands for both.
 */
function itemName(name: LocalizedText): LocalizedText | undefined {
  const { en, 'zh-CN': zh } = trimText(name);
  return en || zh ? { en: en || zh, 'zh-CN': zh || en } : undefined;
}

/** A new period after the day's last one (a morning, then an afternoon). */
function nextPeriod(periods: CalendarPeriod[]): CalendarPeriod {
  const last = periods.at(-1);
  if (!last) return { from: '09:00', to: '18:00' };
  return last.to < '13:00' ? { from: '13:00', to: '18:00' } : { from: last.to, to: last.to };
}

function HolidayEditor({ draft, onChange, fieldErrors, onShowDate }: Parameters<typeof CalendarEditor>[0]) {
  const t = useMessages(calendarMessages);
  const localized = useLocalized();
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [name, setName] = useState(EMPTY_TEXT);
  const holidays = draft.holidays ?? [];
  const add = () => {
    const text = itemName(name);
    onChange({
      ...draft,
      holidays: [...holidays, { from, ...(to ? { to } : {}), ...(text ? { name: text } : {}) }],
    });
    onShowDate(from);
    setFrom('');
    setTo('');
    setName(EMPTY_TEXT);
  };
  return (
    <Section title={t('holidays.title')} icon="plane">
      {holidays.length === 0 && <p className="a-muted">{t('holidays.none')}</p>}
      <ul className="c-items" data-testid="holidays">
        {holidays.map((h, i) => (
          <EntryRow
            key={i}
            data={{ 'data-holiday': h.from }}
            dates={h.to && h.to !== h.from ? `${h.from} – ${h.to}` : h.from}
            name={localized(h.name)}
            problem={problemAt(fieldErrors, `/holidays/${i}`)}
            removeLabel={t('holidays.remove', { date: h.from })}
            onRemove={() => onChange({ ...draft, holidays: holidays.toSpliced(i, 1) })}
          />
        ))}
      </ul>
      <div className="c-add" data-testid="add-holiday">
        <div className="a-pair">
          <TextField
            type="date"
            name="holiday-from"
            label={t('holidays.from')}
            value={from}
            onChange={(e) => setFrom(e.target.value)}
          />
          <TextField
            type="date"
            name="holiday-to"
            label={t('holidays.to')}
            value={to}
            min={from}
            onChange={(e) => setTo(e.target.value)}
          />
        </div>
        <LocalizedTextField
          label={t('item.name')}
          name="holiday-name"
          value={name}
          onChange={setName}
          optional
        />
        <Button icon="plus" disabled={!from} onClick={add}>
          {t('holidays.add')}
        </Button>
      </div>
    </Section>
  );
}

function WorkdayEditor({ draft, onChange, fieldErrors, onShowDate }: Parameters<typeof CalendarEditor>[0]) {
  const t = useMessages(calendarMessages);
  const localized = useLocalized();
  const [date, setDate] = useState('');
  const [name, setName] = useState(EMPTY_TEXT);
  const workdays = draft.workdays ?? [];
  const add = () => {
    const text = itemName(name);
    onChange({
      ...draft,
      workdays: [...workdays, { date, ...(text ? { name: text } : {}) }],
    });
    onShowDate(date);
    setDate('');
    setName(EMPTY_TEXT);
  };
  return (
    <Section title={t('workdays.title')} icon="hourglass">
      {workdays.length === 0 && <p className="a-muted">{t('workdays.none')}</p>}
      <ul className="c-items" data-testid="workdays">
        {workdays.map((w, i) => (
          <EntryRow
            key={i}
            data={{ 'data-workday': w.date }}
            dates={w.date}
            name={localized(w.name)}
            problem={problemAt(fieldErrors, `/workdays/${i}`)}
            removeLabel={t('workdays.remove', { date: w.date })}
            onRemove={() => onChange({ ...draft, workdays: workdays.toSpliced(i, 1) })}
          />
        ))}
      </ul>
      <div className="c-add" data-testid="add-workday">
        <TextField
          type="date"
          name="workday-date"
          label={t('workdays.date')}
          value={date}
          onChange={(e) => setDate(e.target.value)}
        />
        <LocalizedTextField
          label={t('item.name')}
          name="workday-name"
          value={name}
          onChange={setName}
          optional
        />
        <Button icon="plus" disabled={!date} onClick={add}>
          {t('workdays.add')}
        </Button>
      </div>
    </Section>
  );
}
