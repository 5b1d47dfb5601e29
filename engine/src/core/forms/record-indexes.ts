// The store indexes of a form's records (pure), for both store adapters:
// - the row-rule fields (owner, department), title search, import batches, blind indexes of
//   sensitive fields, records whose event outbox is not delivered yet — equality;
// - the form's declared `indexes`: a path gets an equality index, a list index (`{ fields }`) an
//   ordered one that also serves ranges and sorts;
// - the list's default order (createdAt, newest first) and the form's `defaultSort`, ordered;
// - business documents: who links where (the reverse-link index), one number per document, and
//   cancellations whose reversal a crash interrupted (found again at the next start).
// Every ordered index starts with `deleted`: each list filters on it (deleted: false, or only the
// deleted ones), so the equal prefix narrows the walk to the live records and the next fields
// carry the range and the order. Decimal fields (money, percentage) are indexed through their
// numeric shadow `num.<path>`, which is what ranges and sorts on them read (record-query.ts).
import type { FormDefinition, ListIndexField } from '#schemas/generated/index.ts';
import type { IndexSpec, SortDirection } from '#engine/ports/document-store.ts';
import type { FieldIndex } from './field-index.ts';
import { DECIMAL_FORMATS } from './formats.ts';
import type { JsonSchema } from './schema-walk.ts';
import { linkFields } from '../documents/links.ts';

/** The path a record query reads for a record path (decimals: their numeric shadow). */
export function recordStorePath(fields: FieldIndex, path: string): string {
  const field = path.startsWith('data.') ? fields.get(path.slice(5)) : undefined;
  const format = field?.types.includes('array') ? field.itemFormat : field?.format;
  return field && format !== undefined && DECIMAL_FORMATS.has(format) ? `num.${field.path}` : path;
}

export function listIndexField(item: ListIndexField): { field: string; direction: SortDirection } {
  return typeof item === 'string'
    ? { field: item, direction: 1 }
    : { field: item.field, direction: item.direction === 'desc' ? -1 : 1 };
}

export function recordIndexSpecs(definition: Readonly<FormDefinition>, fields: FieldIndex): IndexSpec[] {
  const storePath = (path: string): string => recordStorePath(fields, path);
  const list = (keys: Array<{ field: string; direction: SortDirection }>): IndexSpec => ({
    fields: [['deleted', 1], ...keys.map((k) => [storePath(k.field), k.direction] as const)],
    ordered: true,
  });
  const specs: IndexSpec[] = [
    { fields: [['owner', 1]] },
    { fields: [['department', 1]] },
    { fields: [['search', 1]] },
    { fields: [['importId', 1]], sparse: true },
    // Records whose outbox still holds events (record-outbox.ts): the sweeper's equality lookup.
    { fields: [['outboxPending', 1]], sparse: true },
    list([{ field: 'createdAt', direction: -1 }]),
  ];
  for (const f of fields.all()) if (f.sensitive) specs.push({ fields: [[`blind.${f.path}`, 1]] });
  if (linkFields(definition.schema as JsonSchema).length)
    specs.push({ fields: [['links', 1]], sparse: true });
  if (definition.numbering) specs.push({ fields: [['number', 1]], unique: true, sparse: true });
  if (definition.lifecycle?.submittable) specs.push({ fields: [['reversal.pending', 1]], sparse: true });
  // Duplicate detection looks records up by the first field of each entry (services/documents).
  for (const d of definition.duplicates ?? [])
    if (d.fields[0]) specs.push({ fields: [[storePath(`data.${d.fields[0]}`), 1]] });
  if (definition.defaultSort)
    specs.push(
      list([
        {
          field: definition.defaultSort.field,
          direction: definition.defaultSort.direction === 'desc' ? -1 : 1,
        },
      ]),
    );
  for (const item of definition.indexes ?? [])
    specs.push(
      typeof item === 'string' ? { fields: [[storePath(item), 1]] } : list(item.fields.map(listIndexField)),
    );
  // One index per key list: a default sort or declaration may repeat another.
  const seen = new Set<string>();
  return specs.filter((spec) => {
    const key = JSON.stringify(spec.fields);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
