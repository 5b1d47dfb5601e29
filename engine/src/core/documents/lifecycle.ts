// The document lifecycle (pure): draft → submitted → cancelled, as ERPNext's docstatus 0/1/2.
//   draft      editable as any record; deletable
//   submitted  binding: only the fields the form allows after submit change (a payment status,
//              a delivery date); cannot be deleted, only cancelled
//   cancelled  void and frozen; what submitting posted has been reversed; it can be amended once:
//              a new draft that points back to it (`amendedFrom`) and carries its number + `-k`
// Records made before their form had a lifecycle carry no docstatus and count as drafts, so
// installations that gain a lifecycle on upgrade keep working.
import type { DocumentLifecycle, FormDefinition } from '#schemas/generated/index.ts';
import type { ErrorDetail } from '../errors.ts';
import { FieldIndex } from '../forms/field-index.ts';
import { fieldPathOfPointer } from '../forms/field-index.ts';
import type { JsonSchema } from '../forms/schema-walk.ts';
import { isTimeZone, parsePattern } from './numbering.ts';

export type Docstatus = 'draft' | 'submitted' | 'cancelled';

export const DOCSTATUSES: readonly Docstatus[] = ['draft', 'submitted', 'cancelled'];

/** The form's lifecycle when its records are documents; undefined otherwise. */
export function lifecycleOf(definition: Pick<FormDefinition, 'lifecycle'>): DocumentLifecycle | undefined {
  return definition.lifecycle?.submittable ? definition.lifecycle : undefined;
}

/** A record's place in the lifecycle (no docstatus: a draft). */
export function docstatusOf(record: { docstatus?: string }): Docstatus {
  return record.docstatus === 'submitted' || record.docstatus === 'cancelled' ? record.docstatus : 'draft';
}

/**
 * The changed data pointers a document in this state may not take: none for a draft, those
 * outside `allowedAfterSubmit` for a submitted one, every one for a cancelled one.
 */
export function refusedChanges(
  docstatus: Docstatus,
  lifecycle: DocumentLifecycle,
  changedPointers: readonly string[],
): string[] {
  if (docstatus === 'draft') return [];
  if (docstatus === 'cancelled') return [...changedPointers];
  const allowed = lifecycle.allowedAfterSubmit ?? [];
  return changedPointers.filter((pointer) => {
    const path = fieldPathOfPointer(pointer);
    // A change to a whole list of lines touches every field inside it: allowed only when the
    // list itself is.
    return !allowed.some((a) => path === a || path.startsWith(`${a}.`));
  });
}

/** Publish-time problems of a form's lifecycle and numbering. */
export function documentDefinitionProblems(definition: FormDefinition): ErrorDetail[] {
  const out: ErrorDetail[] = [];
  const fields = new FieldIndex(definition.schema as JsonSchema, definition.sensitiveFields ?? []);
  const lifecycle = definition.lifecycle;
  if (lifecycle) {
    (lifecycle.allowedAfterSubmit ?? []).forEach((path, i) => {
      if (!fields.has(path))
        out.push({
          path: `/lifecycle/allowedAfterSubmit/${i}`,
          message: `"${path}" is not a field of the form`,
          messageZh: `“${path}”不是表单中的字段`,
        });
    });
    if (!lifecycle.submittable && (lifecycle.allowedAfterSubmit?.length || lifecycle.submitOn?.length))
      out.push({
        path: '/lifecycle/submittable',
        message: 'allowedAfterSubmit and submitOn need a submittable form',
        messageZh: 'allowedAfterSubmit 和 submitOn 只用于可提交的表单',
      });
  }
  const numbering = definition.numbering;
  if (numbering) {
    const parsed = parsePattern(numbering.pattern, '/numbering/pattern');
    if ('problems' in parsed) out.push(...parsed.problems);
    if (numbering.timeZone !== undefined && !isTimeZone(numbering.timeZone))
      out.push({
        path: '/numbering/timeZone',
        message: `"${numbering.timeZone}" is not a time zone (e.g. Asia/Shanghai)`,
        messageZh: `“${numbering.timeZone}”不是时区（例如 Asia/Shanghai）`,
      });
  }
  return out;
}
