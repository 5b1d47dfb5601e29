// The calendar: records on the days of their date, or across the days from start to end (leave,
// shifts, deliveries) — by month, week or day, in the person's language, weeks from Monday. A
// month on a phone shows a dot per day that has records; tapping the day lists them underneath.
import { useMemo, useState } from 'react';
import { useLocale, useMessages } from '../../i18n/react.tsx';
import { Link } from '../../shell/router.tsx';
import { Alert, Button, Icon, Spinner, todayIso, useLoad } from '../../ui/index.ts';
import { Segmented } from '../../ui/kit/index.ts';
import {
  fieldOf,
  displayValue,
  queryRecords,
  recordHref,
  recordName,
  valueAt,
  type RecordRow,
} from '../data.ts';
import type { ScreenProps } from '../list/RecordListPage.tsx';
import { queryOf } from '../list/query.ts';
import { recordsMessages } from '../messages.ts';
import { daysBetween, monthGrid, parseDay, rangeOf, shift, type CalendarMode } from './dates.ts';
import { RosterWeek } from './RosterWeek.tsx';
import './calendar.css';

const PAGE = 200;
const MAX = 1000;
const CHIPS_PER_DAY = 3;

interface Entry {
  row: RecordRow;
  title: string;
  days: string[];
}

export default function CalendarView({ doctype, state, onState, generation }: ScreenProps) {
  const t = useMessages(recordsMessages);
  const { locale } = useLocale();
  const calendar = doctype.calendar!;
  const mode = state.calendarMode;
  const [anchor, setAnchor] = useState(todayIso());
  const [selected, setSelected] = useState<string | null>(null);
  const [from, to] = rangeOf(mode, anchor);
  const startField = fieldOf(doctype, calendar.start);
  const endPath = calendar.end ?? calendar.start;
  const upTo = (field: typeof startField, day: string) =>
    field?.kind === 'datetime' ? `${day}T23:59:59.999Z` : day;

  const loaded = useLoad(
    async (signal) => {
      // What overlaps the range: starts by its last day and ends on or after its first.
      const where =
        endPath === calendar.start
          ? { [calendar.start]: { gte: from, lte: upTo(startField, to) } }
          : { [calendar.start]: { lte: upTo(startField, to) }, [endPath]: { gte: from } };
      return queryRecords(doctype.form, queryOf(state, where, PAGE), MAX, signal);
    },
    [doctype.form, from, to, JSON.stringify([state.where, state.q]), generation],
  );

  const byDay = useMemo(() => {
    const map = new Map<string, Entry[]>();
    for (const row of loaded.data?.rows ?? []) {
      const start = String(valueAt(row, calendar.start) ?? '').slice(0, 10);
      if (!start) continue;
      const rawEnd = String(valueAt(row, endPath) ?? '').slice(0, 10);
      const end = rawEnd && rawEnd >= start ? rawEnd : start;
      const title = calendar.title
        ? displayValue(fieldOf(doctype, calendar.title), valueAt(row, calendar.title), locale) ||
          recordName(row)
        : recordName(row);
      const entry: Entry = {
        row,
        title,
        days: daysBetween(start < from ? from : start, end > to ? to : end),
      };
      for (const day of entry.days) map.set(day, [...(map.get(day) ?? []), entry]);
    }
    return map;
  }, [loaded.data, calendar, endPath, from, to, locale, doctype]);

  const heading = useMemo(() => {
    const date = parseDay(anchor);
    if (mode === 'month')
      return new Intl.DateTimeFormat(locale, { year: 'numeric', month: 'long' }).format(date);
    if (mode === 'day') return new Intl.DateTimeFormat(locale, { dateStyle: 'full' }).format(date);
    const f = new Intl.DateTimeFormat(locale, { month: 'short', day: 'numeric', year: 'numeric' });
    return `${f.format(parseDay(from))} – ${f.format(parseDay(to))}`;
  }, [anchor, mode, locale, from, to]);
  const weekday = (iso: string, style: 'short' | 'long') =>
    new Intl.DateTimeFormat(locale, { weekday: style }).format(parseDay(iso));
  const dayNumber = (iso: string) => String(parseDay(iso).getDate());
  const today = todayIso();

  const entryLink = (entry: Entry, compact = false) => (
    <Link
      key={entry.row.id}
      className={compact ? 'fr-cal__chip' : 'fr-cal__entry'}
      to={recordHref(doctype.form, entry.row.id)}
      data-entry={entry.row.id}
    >
      {entry.title}
    </Link>
  );

  const dayList = (day: string) => {
    const entries = byDay.get(day) ?? [];
    return (
      <section
        className="fr-cal__day"
        key={day}
        data-day={day}
        aria-label={t('calendar.dayOf', { day, n: entries.length })}
      >
        <h3 className="fr-cal__day-title" data-today={day === today || undefined}>
          {mode === 'day'
            ? heading
            : `${weekday(day, 'long')} ${new Intl.DateTimeFormat(locale, { month: 'short', day: 'numeric' }).format(parseDay(day))}`}
        </h3>
        {entries.length === 0 ? (
          <p className="fr-muted">{t('calendar.empty')}</p>
        ) : (
          <ul className="fr-cal__list">
            {entries.map((e) => (
              <li key={e.row.id}>{entryLink(e)}</li>
            ))}
          </ul>
        )}
      </section>
    );
  };

  return (
    <div className="fr-cal" data-screen="calendar" data-mode={mode}>
      <div className="fr-cal__bar">
        <div className="fr-cal__nav">
          <Button
            variant="secondary"
            aria-label={t('calendar.previous')}
            onClick={() => setAnchor(shift(mode, anchor, -1))}
          >
            <Icon name="back" size={18} />
          </Button>
          <Button variant="secondary" onClick={() => setAnchor(todayIso())}>
            {t('calendar.today')}
          </Button>
          <Button
            variant="secondary"
            aria-label={t('calendar.next')}
            onClick={() => setAnchor(shift(mode, anchor, 1))}
          >
            <Icon name="forward" size={18} />
          </Button>
        </div>
        <h2 className="fr-cal__heading" aria-live="polite">
          {heading}
        </h2>
        <Segmented
          label={t('view.calendar')}
          selected={mode}
          onSelect={(m: CalendarMode) => onState({ calendarMode: m })}
          items={(['month', 'week', 'day'] as const).map((m) => ({ id: m, label: t(`calendar.${m}`) }))}
        />
      </div>
      {loaded.error && <Alert tone="error">{loaded.error.text(locale)}</Alert>}
      {loaded.loading && !loaded.data && <Spinner label={t('loading')} />}
      {loaded.data?.truncated && <Alert tone="info">{t('calendar.truncated', { n: MAX })}</Alert>}
      {mode === 'month' && (
        <>
          <div className="fr-cal__month" role="grid" aria-label={heading}>
            <div className="fr-cal__week fr-cal__week--head" role="row">
              {monthGrid(anchor)[0]!.map((day) => (
                <span key={day} className="fr-cal__weekday" role="columnheader">
                  {weekday(day, 'short')}
                </span>
              ))}
            </div>
            {monthGrid(anchor).map((week) => (
              <div key={week[0]} className="fr-cal__week" role="row">
                {week.map((day) => {
                  const entries = byDay.get(day) ?? [];
                  return (
                    <div
                      key={day}
                      role="gridcell"
                      className="fr-cal__cell"
                      data-day={day}
                      data-count={entries.length}
                      data-outside={day.slice(0, 7) !== anchor.slice(0, 7) || undefined}
                      data-today={day === today || undefined}
                      data-selected={day === selected || undefined}
                    >
                      <button
                        type="button"
                        className="fr-cal__date"
                        aria-label={t('calendar.dayOf', { day, n: entries.length })}
                        onClick={() => setSelected(day)}
                      >
                        {dayNumber(day)}
                        {entries.length > 0 && <span className="fr-cal__dot" aria-hidden="true" />}
                      </button>
                      <div className="fr-cal__chips">
                        {entries.slice(0, CHIPS_PER_DAY).map((e) => entryLink(e, true))}
                        {entries.length > CHIPS_PER_DAY && (
                          <button type="button" className="fr-cal__more" onClick={() => setSelected(day)}>
                            {t('calendar.more', { n: entries.length - CHIPS_PER_DAY })}
                          </button>
                        )}
                      </div>
                    </div>
                  );
                })}
              </div>
            ))}
          </div>
          {selected && dayList(selected)}
        </>
      )}
      {mode === 'week' && calendar.lanes && (
        <RosterWeek
          doctype={doctype}
          rows={loaded.data?.rows ?? []}
          days={daysBetween(from, to)}
          onChanged={loaded.reload}
        />
      )}
      {mode === 'week' && !calendar.lanes && (
        <div className="fr-cal__days">{daysBetween(from, to).map(dayList)}</div>
      )}
      {mode === 'day' && dayList(anchor)}
    </div>
  );
}
