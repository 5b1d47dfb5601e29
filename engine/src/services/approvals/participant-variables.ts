// A request's variables as its participants see them (core/approvals/participant-view.ts), with
// the fields of the form the request was made with — for the request, task and instance views.
import { participantVariables } from '#engine/core/approvals/participant-view.ts';
import type { CompiledForm } from '#engine/core/forms/compiled-form.ts';

export interface FormLookup {
  current(formId: string): Promise<CompiledForm>;
}

export async function variablesForParticipant(
  forms: FormLookup,
  variables: Record<string, unknown>,
): Promise<Record<string, unknown>> {
  const ref = variables.record as { form?: unknown } | undefined;
  const form = typeof ref?.form === 'string' ? await forms.current(ref.form).catch(() => null) : null;
  return participantVariables(variables, form?.fields ?? null);
}
