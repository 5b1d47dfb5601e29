// A record's timeline (pure): what happened around it, newest first — its creation and the
// changes its form logs (change log), and the same for every record linking to it (a customer's
// opportunities moving through their stages, its tickets, orders, follow-ups). Built only from
// generic pieces, links and change logs, so any module's record page has one; what the reader may
// not open or see is left out by the caller (rows) and here (hidden fields).
import type { FormDefinition, LocalizedText, TimelineEvent } from '#schemas/generated/index.ts';
import type { ChangeLogEntry } from '../forms/change-log.ts';

/** One record on the timeline, as stored, with what the reader may not see of it. */
export interface TimelineRecord {
  form: string;
  definition: Pick<FormDefinition, 'name' | 'labels' | 'optionLabels' | 'timelineDate'>;
  row: {
    id: string;
    createdAt: string;
    createdBy?: string;
    title?: string;
    number?: string;
    status?: string;
    docstatus?: string;
    changeLog?: ChangeLogEntry[];
    /** Its data as stored (plain fields in clear): where its `timelineDate` is read. */
    data?: Record<string, unknown>;
  };
  /** The record itself (not one linking to it). */
  self: boolean;
  /** Whether the reader may see a top-level field of this record. */
  visible: (field: string) => boolean;
}

/** At most this many events (the newest); a record page shows a page of history, not all of it. */
export const TIMELINE_LIMIT = 200;

export function timelineEvents(records: readonly TimelineRecord[], limit = TIMELINE_LIMIT): TimelineEvent[] {
  const events: TimelineEvent[] = [];
  for (const { form, definition, row, self, visible } of records) {
    const about = {
      form,
      formName: definition.name,
      id: row.id,
      self,
      ...(row.title ? { title: row.title } : {}),
      ...(row.number ? { number: row.number } : {}),
      ...(row.status ? { status: row.status } : {}),
      ...(row.docstatus ? { docstatus: row.docstatus } : {}),
    };
    const date = businessDate(definition.timelineDate, row.data, visible);
    events.push({
      kind: 'created',
      at: row.createdAt,
      by: row.createdBy ?? 'system',
      ...about,
      ...(date ? { date } : {}),
    });
    for (const entry of row.changeLog ?? []) {
      // A field's first value is the creation's, already on the timeline.
      if (entry.from === null || entry.from === undefined || !visible(entry.field)) continue;
      const fieldLabel = definition.labels?.[entry.field];
      const fromLabel = optionLabel(definition, entry.field, entry.from);
      const toLabel = optionLabel(definition, entry.field, entry.to);
      events.push({
        kind: 'change',
        at: entry.at,
        by: entry.by,
        ...about,
        field: entry.field,
        from: entry.from,
        to: entry.to ?? null,
        ...(fieldLabel ? { fieldLabel } : {}),
        ...(fromLabel ? { fromLabel } : {}),
        ...(toLabel ? { toLabel } : {}),
      });
    }
  }
  // Newest first (a business date counts as the start of its day); at one instant a creation below
  // the changes made with it, then by record.
  const when = (e: TimelineEvent) => e.date ?? e.at;
  const order = (e: TimelineEvent) => (e.kind === 'created' ? 0 : 1);
  events.sort((a, b) => when(b).localeCompare(when(a)) || order(b) - order(a) || a.id.localeCompare(b.id));
  return events.slice(0, limit);
}

const DATE = /^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:\d{2}))?$/;

/** The record's business date, when its form names one, the reader may see it and it is a date. */
function businessDate(
  field: string | undefined,
  data: Record<string, unknown> | undefined,
  visible: (field: string) => boolean,
): string | undefined {
  if (!field || !visible(field)) return undefined;
  const value = data?.[field];
  if (typeof value !== 'string' || !DATE.test(value)) return undefined;
  // A date-time is compared with creation times (UTC ISO strings) as text: written with an offset
  // (+08:00), it is the same instant in UTC first.
  return value.length === 10 ? value : new Date(value).toISOString();
}

function optionLabel(
  definition: TimelineRecord['definition'],
  field: string,
  value: unknown,
): LocalizedText | undefined {
  if (typeof value !== 'string') return undefined;
  return definition.optionLabels?.[field]?.[value];
}
