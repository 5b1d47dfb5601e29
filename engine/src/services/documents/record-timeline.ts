// A record's timeline as its reader may see it (core/documents/timeline.ts): the record and the
// records linking to it that the reader may open (their row rules), without the changes of fields
// the reader's grants hide. Generic: a customer's page shows its opportunities' stage moves, its
// tickets and orders because they link to it, with no module named here.
import type { RecordEnvelope, TimelineEvent } from '#schemas/generated/index.ts';
import { timelineEvents, type TimelineRecord } from '#engine/core/documents/timeline.ts';
import { coveredBy } from '#engine/core/doc-paths.ts';
import type { Principal } from '#engine/core/permissions/access.ts';
import { fieldsForRow } from '#engine/core/permissions/fields.ts';
import { resolveAccess } from '#engine/core/permissions/resolve.ts';
import type { RecordService } from '../records/record-service.ts';
import type { LinkService } from './link-service.ts';

/** `record`: the envelope the reader was given (they may read it). */
export async function recordTimeline(
  deps: { records: RecordService; links: LinkService },
  principal: Principal,
  record: RecordEnvelope,
): Promise<TimelineEvent[]> {
  const visibleOn = (form: string) => {
    const decision = resolveAccess(principal, `record:${form}`, 'read');
    return (row: unknown) => {
      const { hidden } = fieldsForRow(decision, row);
      return (field: string) => !coveredBy(`data.${field}`, hidden);
    };
  };
  const own = await deps.records.forms.latest(record.form);
  const shown: TimelineRecord[] = [
    {
      form: record.form,
      definition: own.definition,
      row: record,
      self: true,
      visible: visibleOn(record.form)(record),
    },
  ];
  for (const { source, rows } of await deps.links.referrers(record.form, record.id)) {
    const may = await deps.links.readable(principal, source.form);
    const { definition } = await deps.records.forms.latest(source.form);
    const visible = visibleOn(source.form);
    for (const row of rows.filter((r) => may(r)))
      shown.push({ form: source.form, definition, row, self: false, visible: visible(row) });
  }
  return timelineEvents(shown);
}
