// Document types' makes (doctype.json `makes`, core/documents/makes.ts): the made form and the
// looked-up forms exist here or in a module depended on — or belong to a module of the make's
// `requiresModules`, worked beside and maybe not installed; the back link of a made form of this
// module is a link to the making form. (Unique ids and FEEL that parses: the form's own check.)
import type { FormDefinition } from '#schemas/generated/index.ts';
import { linkFields } from '../../documents/links.ts';
import type { JsonSchema } from '../../forms/schema-walk.ts';
import type { ModuleCheck } from './context.ts';
import { ofModules } from './documents.ts';

export function checkMakes(check: ModuleCheck, forms: readonly FormDefinition[]): void {
  const own = new Map(forms.map((f) => [f.id, f]));
  for (const form of forms) {
    const file = `doctypes/${form.id.slice(check.id.length + 1)}/doctype.json`;
    (form.makes ?? []).forEach((make, i) => {
      const at = `/makes/${i}`;
      const known = (id: string) => check.knownForm(id) || ofModules(id, make.requiresModules);
      if (!known(make.form)) check.unknown(file, `${at}/form`, 'UNKNOWN_FORM', 'form', '表单', make.form);
      for (const [name, lookup] of Object.entries(make.lookups ?? {}))
        if (!known(lookup.form))
          check.unknown(file, `${at}/lookups/${name}/form`, 'UNKNOWN_FORM', 'form', '表单', lookup.form);
      const target = own.get(make.form);
      if (!target) return;
      const back = linkFields(target.schema as JsonSchema).find((l) => l.path === make.backLink);
      if (back?.form !== form.id)
        check.add(
          file,
          `${at}/backLink`,
          'MAKE_BACKLINK_INVALID',
          `"${make.backLink}" of ${make.form} is not a link to ${form.id}`,
          `${make.form} 的“${make.backLink}”不是指向 ${form.id} 的关联字段`,
        );
    });
  }
}
