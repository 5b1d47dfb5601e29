// The report builder's catalogue of sources: the forms a person may read (their fields from the
// published definition; a form with line items — a table of objects — also as a source of its
// lines, each line a row beside its document's fields) and every registered platform source (the
// general ledger, the stock ledger: a collection, the permission resource that filters its rows,
// the array to unwind, and its fields). Fields the reader may not see and encrypted fields are
// left out, as reports refuse them. A link field names the form it points to, so the builder can
// offer the linked record's fields (a lookup).
import type { Principal } from '#engine/core/permissions/access.ts';
import { resolveAccess } from '#engine/core/permissions/resolve.ts';
import type { CompiledForm } from '#engine/core/forms/compiled-form.ts';
import type { FormService } from '../forms/form-service.ts';
import { PRIVILEGED_ROLES } from '../records/record-codec.ts';
import { linkFieldsOf } from '../records/record-documents.ts';
import type { ReportSource, SourceField } from './report-rows.ts';

export interface SourceEntry {
  kind: 'form' | 'collection' | 'dataset';
  /** The form id, the registered source name, or the id of the report offering a dataset. */
  id: string;
  name: { en: string; 'zh-CN': string };
  /** The array each of whose items is a row (a ledger's lines, a document's line items). */
  unwind?: string;
  fields: SourceField[];
}

/** Fields every record has besides its data (a lookup may match on `id`). */
export const RECORD_FIELDS: SourceField[] = [
  { path: 'status', label: { en: 'Status', 'zh-CN': '状态' }, type: 'string' },
  { path: 'owner', label: { en: 'Owner', 'zh-CN': '负责人' }, type: 'string' },
  { path: 'department', label: { en: 'Department', 'zh-CN': '部门' }, type: 'string' },
  { path: 'createdAt', label: { en: 'Created', 'zh-CN': '创建时间' }, type: 'date' },
];

function fieldType(types: readonly string[], format: string | undefined): SourceField['type'] {
  if (format === 'date' || format === 'date-time') return 'date';
  if (format === 'money' || format === 'decimal' || types.includes('number') || types.includes('integer'))
    return 'number';
  return 'string';
}

/** The line-item tables of a form: top-level arrays of objects. */
export function lineTables(form: CompiledForm): string[] {
  return form.fields
    .all()
    .filter((f) => !f.inArray && f.container && f.types.includes('array') && !f.sensitive)
    .map((f) => f.path);
}

/**
 * A form's reportable fields (paths as rows hold them): its plain fields, with `lines` the items
 * of that table too (a line's own fields, not those of tables inside it), and the record's.
 */
export function formSourceFields(form: CompiledForm, lines?: string): SourceField[] {
  const links = new Map(linkFieldsOf(form).map((l) => [l.path, l.form]));
  const fields = form.fields
    .all()
    .filter(
      (f) =>
        !f.container &&
        !f.sensitive &&
        (!f.inArray || (lines !== undefined && f.arrayAncestors.join() === lines)),
    )
    .map((f) => {
      const linked = links.get(f.path);
      return {
        path: `data.${f.path}`,
        label: form.labels(f.path) ?? { en: f.path, 'zh-CN': f.path },
        type: fieldType(f.types, f.format),
        ...(linked ? { link: { form: linked, key: 'id' } } : {}),
      };
    });
  // A submittable document's draft, submitted or cancelled state (reports count submitted ones).
  const lifecycle = form.definition.lifecycle as { submittable?: boolean } | undefined;
  return [...fields, ...RECORD_FIELDS, ...(lifecycle?.submittable ? [DOCSTATUS] : [])];
}

const DOCSTATUS: SourceField = {
  path: 'docstatus',
  label: { en: 'Document status', 'zh-CN': '单据状态' },
  type: 'string',
};

export async function sourceCatalogue(
  principal: Principal,
  forms: FormService,
  sources: ReadonlyMap<string, ReportSource>,
): Promise<SourceEntry[]> {
  const out: SourceEntry[] = [];
  for (const [id, source] of sources)
    if (resolveAccess(principal, source.resource, 'read').allowed)
      out.push({
        kind: 'collection',
        id,
        name: source.label ?? { en: id, 'zh-CN': id },
        ...(source.unwind ? { unwind: source.unwind } : {}),
        fields: source.fields ?? [],
      });
  for (const formId of await forms.publishedFormIds()) {
    const decision = resolveAccess(principal, `record:${formId}`, 'read');
    if (!decision.allowed) continue;
    const form = await forms.latest(formId);
    const roles = form.definition.permissions?.read;
    if (roles && !principal.roles.some((r) => roles.includes(r) || PRIVILEGED_ROLES.includes(r))) continue;
    const restricted = [...decision.fields.hidden, ...decision.fields.masked];
    const visible = (fields: SourceField[]) =>
      fields.filter((f) => !restricted.some((r) => f.path === r || f.path.startsWith(`${r}.`)));
    const name = form.definition.name as SourceEntry['name'];
    out.push({ kind: 'form', id: formId, name, fields: visible(formSourceFields(form)) });
    for (const table of lineTables(form)) {
      const unwind = `data.${table}`;
      if (restricted.some((r) => unwind === r || unwind.startsWith(`${r}.`))) continue;
      const of = form.labels(table) ?? { en: table, 'zh-CN': table };
      out.push({
        kind: 'form',
        id: formId,
        name: { en: `${name.en} · ${of.en}`, 'zh-CN': `${name['zh-CN']} · ${of['zh-CN']}` },
        unwind,
        fields: visible(formSourceFields(form, table)),
      });
    }
  }
  return out;
}
