// A calendar week as a roster (views.json `calendar.lanes` and `assign`): a row per record of the
// lanes' form (employees), a column per day, the records of the assign form (shift types) beside
// it. Dropping one on a row's day creates a record there (or changes the one already there);
// dragging an entry moves it; "Repeat weekly" copies the week to the following weeks. Every write
// goes through the records API, so the form's checks (one per row and day) and permissions hold,
// and a refusal is shown with the server's reason. Without a mouse: pick a shift, then tap days.
import { useRef, useState } from 'react';
import { api } from '../../api/client.ts';
import { asApiError } from '../../api/errors.ts';
import { useLocale, useMessages } from '../../i18n/react.tsx';
import { Alert, Button, Icon, useLoad } from '../../ui/index.ts';
import { queryRecords, recordName, valueAt, type Doctype, type RecordRow } from '../data.ts';
import { useCardDrag } from '../kanban/use-card-drag.ts';
import { addDays, parseDay } from './dates.ts';
import { rosterMessages } from './roster-messages.ts';
import { cellKey, dataOf, parseCell, repeatPlan, type Placed } from './roster.ts';

const ROWS = 200;
const PALETTE = 'palette';
const MAX_WEEKS = 12;

type Notice = { tone: 'success' | 'error'; text: string };

/** The rows or the things to drag: up to 200 records of a form (the reader's). */
const firstRecords = async (form: string, signal: AbortSignal): Promise<RecordRow[]> =>
  (await queryRecords(form, { limit: ROWS }, ROWS, signal)).rows;

export function RosterWeek({
  doctype,
  rows,
  days,
  onChanged,
}: {
  doctype: Doctype;
  rows: RecordRow[];
  days: string[];
  onChanged: () => void;
}) {
  const t = useMessages(rosterMessages);
  const { locale } = useLocale();
  const calendar = doctype.calendar!;
  const lanes = calendar.lanes!;
  const assign = calendar.assign;
  const [picked, setPicked] = useState<RecordRow | null>(null);
  const [notice, setNotice] = useState<Notice | null>(null);
  const [weeks, setWeeks] = useState(1);
  const [busy, setBusy] = useState(false);
  const gridRef = useRef<HTMLDivElement>(null);

  const loaded = useLoad(
    async (signal) => {
      const [laneRows, offered] = await Promise.all([
        firstRecords(lanes.form, signal),
        assign ? firstRecords(assign.form, signal) : Promise.resolve([]),
      ]);
      return { laneRows, offered };
    },
    [lanes.form, assign?.form],
  );

  const placedOf = (row: RecordRow): Placed => ({
    id: row.id,
    rev: row.rev,
    lane: String(valueAt(row, lanes.field) ?? ''),
    day: String(valueAt(row, calendar.start) ?? '').slice(0, 10),
    value: assign ? String(valueAt(row, assign.field) ?? '') : '',
  });
  const placed = rows.map(placedOf);
  const byCell = new Map<string, Placed[]>();
  for (const p of placed)
    byCell.set(cellKey(p.lane, p.day), [...(byCell.get(cellKey(p.lane, p.day)) ?? []), p]);
  const rowById = new Map(rows.map((r) => [r.id, r]));
  const offered = loaded.data?.offered ?? [];
  const nameOf = (value: string) => {
    const found = offered.find((o) => o.id === value);
    return found ? recordName(found) : value;
  };

  // Rows: the lanes' records by name, then keys of entries whose row record this reader cannot see.
  const laneList = (loaded.data?.laneRows ?? [])
    .map((r) => ({ key: String(valueAt(r, lanes.key ?? 'id') ?? ''), label: recordName(r) }))
    .filter((l) => l.key)
    .sort((a, b) => a.label.localeCompare(b.label, locale));
  for (const p of placed)
    if (p.lane && !laneList.some((l) => l.key === p.lane)) laneList.push({ key: p.lane, label: p.lane });
  const laneLabel = (key: string) => laneList.find((l) => l.key === key)?.label ?? key;

  const dayLabel = (day: string, style: 'short' | 'long' = 'short') =>
    new Intl.DateTimeFormat(locale, { weekday: style, month: 'numeric', day: 'numeric' }).format(
      parseDay(day),
    );

  /** A refusal in the person's words: the fields' own messages (one shift a day) when there are. */
  const reasonOf = (e: unknown) => {
    const error = asApiError(e);
    const fields = Object.values(error.fieldErrors(locale));
    return fields.length ? fields.join('; ') : error.text(locale);
  };

  const write = async (action: () => Promise<unknown>, success: string) => {
    setNotice(null);
    try {
      await action();
      setNotice({ tone: 'success', text: success });
    } catch (e) {
      setNotice({ tone: 'error', text: t('refused', { reason: reasonOf(e) }) });
    }
    onChanged();
  };

  const assignTo = (value: string, cell: string) => {
    if (!assign) return;
    const { lane, day } = parseCell(cell);
    const there = byCell.get(cell)?.[0];
    const success = t('saved', { name: nameOf(value), day: `${laneLabel(lane)} ${dayLabel(day)}` });
    if (there?.value === value) return;
    void write(
      () =>
        there
          ? api.patch('/api/records/{form}/{id}', {
              path: { form: doctype.form, id: there.id },
              body: { rev: there.rev, patch: dataOf({ [assign.field]: value }) },
            })
          : api.post('/api/records/{form}', {
              path: { form: doctype.form },
              body: { data: dataOf({ [lanes.field]: lane, [calendar.start]: day, [assign.field]: value }) },
            }),
      success,
    );
  };

  const moveTo = (id: string, cell: string) => {
    const row = rowById.get(id);
    if (!row) return;
    const { lane, day } = parseCell(cell);
    void write(
      () =>
        api.patch('/api/records/{form}/{id}', {
          path: { form: doctype.form, id },
          body: { rev: row.rev, patch: dataOf({ [lanes.field]: lane, [calendar.start]: day }) },
        }),
      t('saved', { name: recordName(row), day: `${laneLabel(lane)} ${dayLabel(day)}` }),
    );
  };

  const remove = (p: Placed) =>
    void write(
      () =>
        api.delete('/api/records/{form}/{id}', {
          path: { form: doctype.form, id: p.id },
          query: { rev: p.rev },
        }),
      t('removed', { name: nameOf(p.value) }),
    );

  const { drag, pickUp, swallowClick } = useCardDrag(gridRef, (card, _from, to) => {
    if (to === PALETTE) return;
    if (card.startsWith(`${PALETTE}:`)) assignTo(card.slice(PALETTE.length + 1), to);
    else moveTo(card, to);
  });

  const repeat = async () => {
    if (!assign) return;
    setBusy(true);
    setNotice(null);
    try {
      const first = days[0]!;
      const last = days[days.length - 1]!;
      const later = await queryRecords(
        doctype.form,
        { where: { [calendar.start]: { gt: last, lte: addDays(last, 7 * weeks) } }, limit: ROWS },
        Infinity,
      );
      const week = placed.filter((p) => p.day >= first && p.day <= last && p.lane && p.value);
      const plan = repeatPlan(week, later.rows.map(placedOf), weeks);
      for (const a of plan.create)
        await api.post('/api/records/{form}', {
          path: { form: doctype.form },
          body: { data: dataOf({ [lanes.field]: a.lane, [calendar.start]: a.day, [assign.field]: a.value }) },
        });
      for (const u of plan.update)
        await api.patch('/api/records/{form}/{id}', {
          path: { form: doctype.form, id: u.id },
          body: { rev: u.rev, patch: dataOf({ [assign.field]: u.value }) },
        });
      setNotice({
        tone: 'success',
        text: t('repeated', {
          weeks,
          created: plan.create.length,
          updated: plan.update.length,
          unchanged: plan.unchanged,
        }),
      });
    } catch (e) {
      setNotice({ tone: 'error', text: t('refused', { reason: reasonOf(e) }) });
    } finally {
      setBusy(false);
      onChanged();
    }
  };

  const dragged = drag?.card ?? null;
  return (
    <div className="fr-roster" ref={gridRef} onClickCapture={swallowClick}>
      {loaded.error && <Alert tone="error">{loaded.error.text(locale)}</Alert>}
      {assign && (
        <div className="fr-roster__tools">
          <div className="fr-roster__palette" data-column={PALETTE} aria-label={t('palette')} role="group">
            <span className="fr-muted">
              {picked ? t('picked', { name: recordName(picked) }) : t('paletteHint')}
            </span>
            {offered.map((o) => (
              // Not a <button>: the drag hook leaves presses on buttons alone.
              <span
                key={o.id}
                role="button"
                tabIndex={0}
                className="fr-roster__chip fr-roster__chip--offer"
                data-palette={o.id}
                aria-pressed={picked?.id === o.id}
                data-dragging={dragged === `${PALETTE}:${o.id}` || undefined}
                onPointerDown={(e) => pickUp(e, `${PALETTE}:${o.id}`, PALETTE)}
                onClick={() => setPicked(picked?.id === o.id ? null : o)}
                onKeyDown={(e) => {
                  if (e.key !== 'Enter' && e.key !== ' ') return;
                  e.preventDefault();
                  setPicked(picked?.id === o.id ? null : o);
                }}
              >
                {recordName(o)}
              </span>
            ))}
          </div>
          <div className="fr-roster__repeat">
            <label>
              {t('repeatWeeks')}{' '}
              <input
                className="f-input"
                type="number"
                min={1}
                max={MAX_WEEKS}
                value={weeks}
                data-repeat-weeks=""
                onChange={(e) => setWeeks(Math.min(MAX_WEEKS, Math.max(1, Number(e.target.value) || 1)))}
              />
            </label>
            <Button variant="secondary" busy={busy} onClick={() => void repeat()} data-repeat="">
              {t('repeat')}
            </Button>
          </div>
        </div>
      )}
      {notice && <Alert tone={notice.tone}>{notice.text}</Alert>}
      {laneList.length === 0 && loaded.data ? (
        <p className="fr-muted">{t('noRows')}</p>
      ) : (
        <div
          className="fr-roster__grid"
          role="grid"
          style={{ gridTemplateColumns: `minmax(8em, 1fr) repeat(${days.length}, minmax(7em, 1fr))` }}
        >
          <div role="row" className="fr-roster__row fr-roster__row--head">
            <span role="columnheader">{t('row')}</span>
            {days.map((day) => (
              <span key={day} role="columnheader">
                {dayLabel(day)}
              </span>
            ))}
          </div>
          {laneList.map((lane) => (
            <div role="row" className="fr-roster__row" key={lane.key} data-lane={lane.key}>
              <span role="rowheader" className="fr-roster__lane">
                {lane.label}
              </span>
              {days.map((day) => {
                const key = cellKey(lane.key, day);
                const entries = byCell.get(key) ?? [];
                return (
                  <div
                    key={day}
                    role="gridcell"
                    className="fr-roster__cell"
                    data-column={key}
                    data-day={day}
                    data-over={drag?.over === key || undefined}
                    aria-label={t('cell', { row: lane.label, day: dayLabel(day, 'long') })}
                    onClick={() => picked && assignTo(picked.id, key)}
                  >
                    {entries.map((p) => {
                      const row = rowById.get(p.id)!;
                      return (
                        <span
                          key={p.id}
                          className="fr-roster__chip"
                          data-entry={p.id}
                          data-value={p.value}
                          data-dragging={dragged === p.id || undefined}
                          onPointerDown={(e) => pickUp(e, p.id, key)}
                        >
                          {row.title || nameOf(p.value)}
                          <button
                            type="button"
                            className="fr-roster__remove"
                            aria-label={t('remove', { name: row.title || nameOf(p.value) })}
                            onClick={(e) => {
                              e.stopPropagation();
                              remove(p);
                            }}
                          >
                            <Icon name="close" size={14} />
                          </button>
                        </span>
                      );
                    })}
                  </div>
                );
              })}
            </div>
          ))}
        </div>
      )}
    </div>
  );
}
