// A document type's submit checks (`submitChecks` in doctype.json): what must hold before a draft
// becomes binding, decided by the module's named rules — which may look up reports, so a purchase
// invoice can be held against its order and the receipts of that order (the three-way match)
// without any module code. Pure: the rule comes in as a function.
//
// Each check evaluates its rule once with `input` (FEEL over `data` and `record`); every refusal
// whose `when` holds (FEEL over the rule's values, `data` and `record`) becomes one detail of a
// 422 DOCUMENT_CHECK_REFUSED, carrying the refusal's own stable code, field and message (with
// "{name}" filled from the rule's values). Drafts are not checked: a document may be saved
// while it does not fit yet, and is refused only when it is to bind.
import type { SubmitCheck } from '#schemas/generated/index.ts';
import { evaluateInput } from '../automations/feel-values.ts';
import type { ErrorDetail } from '../errors.ts';
import { evaluateCondition } from '../feel/feel.ts';
import { documentErrors } from './errors.ts';

export type RunRule = (rule: string, inputs: Record<string, unknown>) => Promise<Record<string, unknown>>;

export interface SubmitSubject {
  /** The document's data as FEEL sees it (decimals as numbers). */
  data: unknown;
  record: { id: string; number?: string; owner?: string };
}

/** The refusals of every check (empty: the document may be submitted). */
export async function submitRefusals(
  checks: readonly SubmitCheck[],
  subject: SubmitSubject,
  runRule: RunRule,
): Promise<ErrorDetail[]> {
  const out: ErrorDetail[] = [];
  for (const check of checks) {
    const context: Record<string, unknown> = { data: subject.data, record: subject.record };
    const input = evaluateInput(check.input ?? {}, context) as Record<string, unknown>;
    const values = await runRule(check.rule, input);
    const scope = { ...context, ...values };
    for (const refusal of check.refusals) {
      if (!evaluateCondition(refusal.when, scope)) continue;
      out.push({
        path: refusal.field ? `/data/${refusal.field.split('.').join('/')}` : '',
        message: fill(refusal.message.en, values),
        messageZh: fill(refusal.message['zh-CN'], values),
        code: refusal.code,
      });
    }
  }
  return out;
}

/** Refuses the submit when any check refuses. */
export async function assertSubmittable(
  checks: readonly SubmitCheck[] | undefined,
  subject: SubmitSubject,
  runRule: RunRule,
): Promise<void> {
  if (!checks?.length) return;
  const refusals = await submitRefusals(checks, subject, runRule);
  if (refusals.length) throw documentErrors.checkRefused(refusals);
}

/** "{overrun}" in a message → the rule's value of that name. */
function fill(text: string, values: Record<string, unknown>): string {
  return text.replace(/\{([A-Za-z_][A-Za-z0-9_]*)\}/g, (m, name: string) =>
    name in values ? String(values[name]) : m,
  );
}
