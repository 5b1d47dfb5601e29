// Problems of a definition's `mailImport` (pure): e-mail imported as records (services/records/
// import-mail.ts) fills top-level single-value fields, and links the sender through a link field.
// Checked when the form is saved, so a module's mapping fails its check rather than an import.
import type { FormDefinition } from '#schemas/generated/index.ts';
import type { ErrorDetail } from '../errors.ts';
import type { FieldIndex } from './field-index.ts';

export function mailImportProblems(
  def: Pick<FormDefinition, 'mailImport'>,
  fields: FieldIndex,
  problem: (at: string, en: string, zh: string) => ErrorDetail,
): ErrorDetail[] {
  const spec = def.mailImport;
  if (!spec) return [];
  const out: ErrorDetail[] = [];
  const single = (at: string, name: string) => {
    const field = fields.get(name);
    if (!field || field.segments.length !== 1 || field.container)
      out.push(problem(at, `"${name}" is not a top-level field of one value`, `“${name}”不是顶层的单值字段`));
  };
  for (const [message, name] of Object.entries(spec.fields)) single(`/mailImport/fields/${message}`, name);
  for (const name of Object.keys(spec.values ?? {})) single(`/mailImport/values/${name}`, name);
  if (spec.sender) {
    const at = '/mailImport/sender/field';
    single(at, spec.sender.field);
    if (spec.sender.match.length === 0)
      out.push(problem('/mailImport/sender/match', 'Name at least one field', '请至少指定一个字段'));
    if (fields.get(spec.sender.field) && fields.get(spec.sender.field)!.format !== 'link')
      out.push(
        problem(at, `"${spec.sender.field}" is not a link field`, `“${spec.sender.field}”不是关联字段`),
      );
  }
  return out;
}
