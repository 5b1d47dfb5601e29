// A calendar's month as a grid of weeks (Monday first): each date says what it is on that calendar
// — working, off, a holiday, a make-up working day (调休) — as the server computes it
// (GET /api/calendars/{id}/days), so the grid shows exactly what deadlines count by. Below it, the
// month's holidays and make-up days by name (a phone's cells are too small for names).
import { api } from '../../api/client.ts';
import { useLocale, useLocalized, useMessages } from '../../i18n/react.tsx';
import { useLoad } from '../../ui/index.ts';
import { IconButton, LoadState } from '../../ui/kit/index.ts';
import { addMonths, monthDays, weekdayIndex } from './month.ts';
import { calendarMessages } from './messages.ts';

type Day = Awaited<ReturnType<typeof loadDays>>[number];

async function loadDays(id: string, month: string) {
  const { from, to } = monthDays(month);
  return (await api.get('/api/calendars/{id}/days', { path: { id }, query: { from, to } })).items;
}

export function MonthGrid({
  calendarId,
  month,
  version,
  onMonth,
}: {
  calendarId: string;
  /** YYYY-MM */
  month: string;
  /** Changes when the calendar was saved: the grid loads again. */
  version: number;
  onMonth(month: string): void;
}) {
  const t = useMessages(calendarMessages);
  const { locale } = useLocale();
  const localized = useLocalized();
  const days = useLoad(() => loadDays(calendarId, month), [calendarId, month, version]);
  const monthName = new Intl.DateTimeFormat(locale, {
    year: 'numeric',
    month: 'long',
    timeZone: 'UTC',
  }).format(new Date(`${month}-01T00:00:00Z`));
  const weekdays = [1, 2, 3, 4, 5, 6, 7].map((d) =>
    new Intl.DateTimeFormat(locale, { weekday: 'short', timeZone: 'UTC' }).format(
      new Date(Date.UTC(2024, 0, d)), // 2024-01-01 was a Monday
    ),
  );

  return (
    <div className="c-month" data-month={month}>
      <div className="c-month__nav">
        <IconButton icon="back" label={t('month.prev')} onClick={() => onMonth(addMonths(month, -1))} />
        <input
          className="f-input c-month__pick"
          type="month"
          aria-label={t('month.label')}
          value={month}
          onChange={(e) => e.target.value && onMonth(e.target.value)}
        />
        <IconButton icon="forward" label={t('month.next')} onClick={() => onMonth(addMonths(month, 1))} />
      </div>
      <LoadState state={days}>
        {(items: Day[]) => {
          const lead = items.length ? weekdayIndex(items[0]!.date) : 0;
          const special = items.filter((d) => d.kind === 'holiday' || d.kind === 'workday');
          return (
            <>
              <div className="c-grid" role="grid" aria-label={t('month.caption', { month: monthName })}>
                <div className="c-grid__row" role="row">
                  {weekdays.map((w) => (
                    <span key={w} className="c-grid__head" role="columnheader">
                      {w}
                    </span>
                  ))}
                </div>
                {weeksOf(lead, items).map((week, i) => (
                  <div key={i} className="c-grid__row" role="row">
                    {week.map((d, j) =>
                      d ? (
                        <span
                          key={d.date}
                          role="gridcell"
                          className={`c-day c-day--${d.kind}`}
                          data-date={d.date}
                          data-kind={d.kind}
                          title={[t(`kind.${d.kind}`), localized(d.name)].filter(Boolean).join(' · ')}
                        >
                          <span className="c-day__n">{Number(d.date.slice(8))}</span>
                          <span className="c-day__mark">{mark(d.kind, locale)}</span>
                        </span>
                      ) : (
                        <span key={`x${j}`} role="gridcell" className="c-day c-day--blank" />
                      ),
                    )}
                  </div>
                ))}
              </div>
              <ul className="c-legend">
                {(['working', 'off', 'holiday', 'workday'] as const).map((k) => (
                  <li key={k}>
                    <span className={`c-swatch c-day--${k}`} aria-hidden="true" />
                    {t(`kind.${k}`)}
                  </li>
                ))}
              </ul>
              <h3 className="a-subtitle">{t('month.special')}</h3>
              {special.length ? (
                <ul className="c-special" data-testid="month-special">
                  {special.map((d) => (
                    <li key={d.date} data-date={d.date} data-kind={d.kind}>
                      <span className="a-mono">{d.date}</span> <strong>{t(`kind.${d.kind}`)}</strong>{' '}
                      {localized(d.name)}
                      {d.kind === 'workday' && (
                        <span className="a-muted">
                          {' '}
                          · {t('hours', { h: Math.round(d.minutes / 6) / 10 })}
                        </span>
                      )}
                    </li>
                  ))}
                </ul>
              ) : (
                <p className="a-muted">{t('month.noSpecial')}</p>
              )}
            </>
          );
        }}
      </LoadState>
    </div>
  );
}

/** A one-character mark in the cell: 休 / 班 as Chinese calendars print them, H / W in English. */
function mark(kind: Day['kind'], locale: string): string {
  if (kind === 'holiday') return locale === 'zh-CN' ? '休' : 'H';
  if (kind === 'workday') return locale === 'zh-CN' ? '班' : 'W';
  return '';
}

function weeksOf<T>(lead: number, items: T[]): (T | null)[][] {
  const cells: (T | null)[] = [...Array<null>(lead).fill(null), ...items];
  while (cells.length % 7) cells.push(null);
  const weeks: (T | null)[][] = [];
  for (let i = 0; i < cells.length; i += 7) weeks.push(cells.slice(i, i + 7));
  return weeks;
}
