// The server's checks of a new request in the browser (defaults, canonical values, computed fields,
// cross-field rules: engine/src/core/forms), built around the form's validator the server compiled
// (request-validation.ts). Loaded while the form is shown, not before: it brings FEEL (≈60 KB
// gzipped) for the computed fields and rules, which the form does not need to be filled in.
import type { FormDefinition } from '#schemas/generated/index.ts';
import type { ValidateFunction } from '#engine/core/forms/ajv.ts';
import { CompiledForm } from '#engine/core/forms/compiled-form-core.ts';

export function precompiledForm(definition: FormDefinition, validate: unknown): CompiledForm {
  return new CompiledForm(
    `${definition.id}@${definition.version ?? 'draft'}`,
    structuredClone(definition),
    validate as ValidateFunction,
  );
}
