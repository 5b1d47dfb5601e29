// The server's own checks of a form, compiled in the browser (pure: no DOM, no React): the compiled
// form (defaults, canonical values, computed fields, cross-field rules — engine/src/core/forms).
// The designer's preview and the record pages use them, so they refuse what the server refuses,
// with the same message at the same field. (The portal's request page uses the validators the
// server compiled instead: portal/request-checks.ts.)
import type { FormDefinition } from '#schemas/generated/index.ts';
import { FormCompiler, type CompiledForm } from '#engine/core/forms/compiled-form.ts';

export { errorSchemaOf, withComputed } from './form-checks.ts';

const compiler = new FormCompiler({ maxEntries: 20 });

export function compiledForm(definition: FormDefinition): CompiledForm {
  return definition.version ? compiler.compile(definition) : compiler.compileDraft(definition);
}
