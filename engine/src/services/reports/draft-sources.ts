// A builder's draft checked against what is installed, before it runs or is saved: its forms are
// published and its collections registered (404 otherwise), and each lookup joins what exists —
// a published form its maker may read, matched on and reading that form's fields, from a field of
// the source or of an earlier lookup. A bad lookup is a 422 at its path, in en and zh-CN, rather
// than a report that quietly matches nothing (as a module's report does when a module is off).
import { formErrors } from '#engine/core/forms/errors.ts';
import type { Principal } from '#engine/core/permissions/access.ts';
import { resolveAccess } from '#engine/core/permissions/resolve.ts';
import { reportErrors } from '#engine/core/reports/errors.ts';
import type { ReportProblem } from '#engine/core/reports/validate.ts';
import type { CompiledForm } from '#engine/core/forms/compiled-form.ts';
import type { FormService } from '../forms/form-service.ts';
import { PRIVILEGED_ROLES } from '../records/record-codec.ts';
import type { ReportSource } from './report-rows.ts';
import { formSourceFields, RECORD_FIELDS } from './report-sources.ts';
import type { ReportDraft } from './saved-reports.ts';

const problem = (path: string, message: string, messageZh: string): ReportProblem => ({
  path,
  message,
  messageZh,
});

/** What every record holds besides its data and the catalogue's record fields. */
const RECORD_KEYS = ['id', 'number', 'docstatus', 'createdBy', 'updatedAt'];

const RECORD_NAMES = new Set([...RECORD_KEYS, ...RECORD_FIELDS.map((f) => f.path), 'docstatus']);

type Part = { form?: string; collection?: string; unwind?: string; fields?: Record<string, unknown> };

export async function checkDraftSources(
  draft: ReportDraft,
  principal: Principal | null,
  forms: FormService,
  sources: ReadonlyMap<string, ReportSource>,
  /** The names a dataset's rows hold, for a draft over one. */
  datasetNames?: readonly string[],
): Promise<void> {
  const union = 'union' in draft.source;
  const parts = (union ? (draft.source as { union: Part[] }).union : [draft.source]) as Part[];
  for (const part of parts) {
    if (part.collection && !sources.has(part.collection)) throw reportErrors.sourceUnknown(part.collection);
    if (part.form) await forms.latest(part.form);
  }
  if (!draft.lookups?.length) return;
  // The names a lookup may read on a row: the source's fields (null: not known, anything goes).
  const known = datasetNames ? new Set(datasetNames) : await rowNames(parts, union, forms);
  const problems: ReportProblem[] = [];
  for (const [i, lookup] of draft.lookups.entries()) {
    const at = `/definition/lookups/${i}`;
    if (known && !known.has(lookup.field))
      problems.push(
        problem(
          `${at}/field`,
          `"${lookup.field}" is not a field of the source nor of an earlier lookup`,
          `“${lookup.field}”既不是数据源的字段，也不是前面关联的字段`,
        ),
      );
    // A record's own names (its data, id, owner…) are not overwritten; a union's names may be
    // filled by lookups on purpose (the customer of a stock entry's delivery).
    if (!union && parts[0]?.form && (lookup.as === 'data' || RECORD_NAMES.has(lookup.as)))
      problems.push(
        problem(
          `${at}/as`,
          `"${lookup.as}" is a field every record has; choose another name`,
          `“${lookup.as}”是每条记录都有的字段，请换一个名称`,
        ),
      );
    known?.add(lookup.as);
    const form = await published(forms, lookup.form);
    if (!form) {
      problems.push(problem(`${at}/form`, `there is no form "${lookup.form}"`, `没有表单“${lookup.form}”`));
      continue;
    }
    if (principal && !mayRead(principal, form)) {
      problems.push(problem(`${at}/form`, `you may not read "${lookup.form}"`, `您无权查看“${lookup.form}”`));
      continue;
    }
    const fields = new Set([...RECORD_KEYS, ...formSourceFields(form).map((f) => f.path)]);
    for (const name of ['key', 'value'] as const)
      if (!fields.has(lookup[name]))
        problems.push(
          problem(
            `${at}/${name}`,
            `"${lookup[name]}" is not a field of "${lookup.form}"`,
            `“${lookup[name]}”不是“${lookup.form}”的字段`,
          ),
        );
  }
  if (problems.length) throw reportErrors.definitionInvalid(problems);
}

async function published(forms: FormService, id: string): Promise<CompiledForm | null> {
  try {
    return await forms.latest(id);
  } catch (err) {
    if ((err as { code?: string }).code === formErrors.notFound.code) return null;
    throw err;
  }
}

function mayRead(principal: Principal, form: CompiledForm): boolean {
  if (!resolveAccess(principal, `record:${form.definition.id}`, 'read').allowed) return false;
  const roles = form.definition.permissions?.read;
  return !roles || principal.roles.some((r) => roles.includes(r) || PRIVILEGED_ROLES.includes(r));
}

/** Every name a row of the source holds, or null when it cannot tell (a registered collection). */
async function rowNames(parts: Part[], union: boolean, forms: FormService): Promise<Set<string> | null> {
  if (union) return new Set(Object.keys(parts[0]?.fields ?? {}));
  const part = parts[0]!;
  // A ledger's field list is what the builder offers, not every path its entries hold.
  if (part.collection) return null;
  const form = await forms.latest(part.form!);
  const lines = part.unwind?.replace(/^data\./, '');
  return new Set([...RECORD_KEYS, ...formSourceFields(form, lines).map((f) => f.path)]);
}
