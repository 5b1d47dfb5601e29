// The report builder's catalogue of sources: the forms a person may read (their fields from the
// published definition) and every registered platform source (the general ledger today; a stock
// or leave ledger registers itself the same way: a collection, the permission resource that
// filters its rows, the array to unwind, and its fields). Fields the reader may not see and
// encrypted fields are left out, as reports refuse them.
import type { Principal } from '#engine/core/permissions/access.ts';
import { resolveAccess } from '#engine/core/permissions/resolve.ts';
import type { FormService } from '../forms/form-service.ts';
import { PRIVILEGED_ROLES } from '../records/record-codec.ts';
import type { ReportSource, SourceField } from './report-rows.ts';

export interface SourceEntry {
  kind: 'form' | 'collection';
  /** The form id, or the registered source name. */
  id: string;
  name: { en: string; 'zh-CN': string };
  /** The array each of whose items is a row (a ledger's lines). */
  unwind?: string;
  fields: SourceField[];
}

const RECORD_FIELDS: SourceField[] = [
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
    const fields = form.fields
      .all()
      .filter((f) => !f.container && !f.sensitive && !f.inArray)
      .map((f) => ({
        path: `data.${f.path}`,
        label: form.labels(f.path) ?? { en: f.path, 'zh-CN': f.path },
        type: fieldType(f.types, f.format),
      }))
      .filter((f) => !restricted.some((r) => f.path === r || f.path.startsWith(`${r}.`)));
    out.push({
      kind: 'form',
      id: formId,
      name: form.definition.name as SourceEntry['name'],
      fields: [...fields, ...RECORD_FIELDS],
    });
  }
  return out;
}
