// One lookup for a scanned code: the records of every document type the person may read (see
// directory.ts) whose code field (`format: barcode` or `qrcode`, inside lists too) holds the value —
// each read through the records service, so row rules apply as in any list (a salesperson finds
// only their own customers' records) and a sensitive code field is matched through its blind index.
import type { LocalizedText } from '#schemas/generated/index.ts';
import { AppError } from '#engine/core/errors.ts';
import type { Principal } from '#engine/core/permissions/access.ts';
import { doctypeViews } from '#engine/core/forms/doctype-views.ts';
import { resolveAccess } from '#engine/core/permissions/resolve.ts';
import type { RecordService } from '../records/record-service.ts';
import { rightsOn, type DoctypeDirectory } from './directory.ts';

export interface CodeMatch {
  form: string;
  formName: LocalizedText;
  module: string;
  id: string;
  title?: string;
  status?: string;
  /** The code field that holds the value (record path). */
  field: string;
  fieldLabel: LocalizedText;
}

/** Matches per field looked at; a code is meant to be unique, so more means a data problem. */
const PER_FIELD = 10;
/** At most this many matches in all. */
export const MAX_MATCHES = 50;

export class CodeLookup {
  constructor(private readonly deps: { directory: DoctypeDirectory; records: RecordService }) {}

  async find(principal: Principal, code: string): Promise<{ items: CodeMatch[]; truncated: boolean }> {
    const value = code.trim();
    const items: CodeMatch[] = [];
    let truncated = false;
    for (const { form } of await this.deps.directory.readable()) {
      const def = form.definition;
      if (!rightsOn(def, principal).read) continue;
      const views = doctypeViews(def, form.fields);
      if (views.codeFields.length === 0) continue;
      const actor = { principal, decision: resolveAccess(principal, `record:${def.id}`, 'read') };
      const seen = new Set<string>();
      for (const path of views.codeFields) {
        let page;
        try {
          page = await this.deps.records.list(actor, def.id, { where: { [path]: value }, limit: PER_FIELD });
        } catch (e) {
          // A code field the person reads hidden or masked cannot be searched by them: skip it.
          if (e instanceof AppError && e.code === 'INVALID_QUERY') continue;
          throw e;
        }
        for (const record of page.items) {
          if (seen.has(record.id)) continue;
          seen.add(record.id);
          if (items.length >= MAX_MATCHES) {
            truncated = true;
            break;
          }
          const label = def.labels?.[path.slice(5)] ?? { en: path, 'zh-CN': path };
          items.push({
            form: def.id,
            formName: def.name,
            module: def.module,
            id: record.id,
            ...(record.title ? { title: record.title } : {}),
            ...(record.status ? { status: record.status } : {}),
            field: path,
            fieldLabel: label,
          });
        }
      }
    }
    return { items, truncated };
  }
}
