// Duplicate detection (a form's `duplicates`): a new or changed record whose values of every field
// of an entry equal a stored record's is refused with 409 RECORD_DUPLICATE at those fields — on
// every write path (create, update, import rows, automations), since the record service asks the
// document rules on each. The look-up runs with the system's reach, not the writer's: the other
// record is usually one the writer cannot see (a colleague's customer, one in a shared pool), so
// the refusal names the fields and the values, never that record or its owner.
import type { ErrorDetail } from '#engine/core/errors.ts';
import { documentErrors } from '#engine/core/documents/errors.ts';
import type { Filter } from '#engine/ports/document-store.ts';
import type { RecordService } from '../records/record-service.ts';
import type { WriteContext } from '../records/document-rules.ts';

type Data = Record<string, unknown>;

const blank = (v: unknown): boolean =>
  v === undefined || v === null || (typeof v === 'string' && v.trim() === '');

export class DuplicateCheck {
  constructor(private readonly records: RecordService) {}

  /** Throws RECORD_DUPLICATE for the first entry whose values another live record holds too. */
  async check(ctx: WriteContext, data: Data): Promise<void> {
    const entries = ctx.latest.duplicates ?? [];
    if (entries.length === 0) return;
    const self = ctx.before?.row.id;
    for (const entry of entries) {
      const values = entry.fields.map((f) => data[f]);
      if (values.some(blank)) continue;
      // An update that leaves the entry's values as they were is not checked again: a duplicate
      // that predates the rule (an old import) must not block every later edit of either record.
      if (
        ctx.before &&
        entry.fields.every((f) => JSON.stringify(ctx.before!.data[f]) === JSON.stringify(data[f]))
      )
        continue;
      const filter: Filter = { deleted: false };
      entry.fields.forEach((f, i) => (filter[`data.${f}`] = values[i]));
      if (self) filter.id = { $ne: self };
      const found = await this.records.collection(ctx.latest.id).findOne(filter);
      if (!found) continue;
      const details: ErrorDetail[] = (entry.field ? [entry.field] : entry.fields).map((f) => ({
        path: `/${f}`,
        message: entry.message?.en ?? `another record has this value (${String(data[f] ?? '')})`,
        messageZh: entry.message?.['zh-CN'] ?? `已有记录使用此值（${String(data[f] ?? '')}）`,
      }));
      throw documentErrors.duplicate(details);
    }
  }
}
