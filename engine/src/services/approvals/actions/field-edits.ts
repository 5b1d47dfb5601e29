// An approver's changes to the request form with their decision (approve with `data`): only the
// fields their step may edit (field-access.ts; e.g. finance fills in the payment status), checked
// before anything is written; the record takes them as a step of the request's flow (the form
// checks them as on submit), and the flow's variables follow (decimals as numbers, as at the start)
// so gateways see them. A value a step may not edit is refused — unless it is the value already
// there (a client sending the whole form back changes nothing by it).
import { feelData } from '#engine/core/automations/feel-values.ts';
import { approvalErrors } from '#engine/core/approvals/errors.ts';
import { notWritable } from '#engine/core/approvals/field-access.ts';
import { jsonEqual } from '#engine/core/doc-paths.ts';
import type { Variables } from '#engine/core/flows/events.ts';
import type { RequestDocument } from '../ports.ts';
import { recordRefOf } from '../request-views.ts';
import type { ActionContext, Approver, Located } from './types.ts';

export interface CheckedEdits {
  doc: RequestDocument;
  patch: Record<string, unknown>;
}

/** The edits a step may make, checked; null when there is nothing to write. */
export async function checkEdits(
  c: ActionContext,
  l: Located,
  edits: Record<string, unknown> | undefined,
): Promise<CheckedEdits | null> {
  if (!edits || Object.keys(edits).length === 0) return null;
  const ref = recordRefOf(l.doc.variables);
  const doc = ref ? await c.views.read(ref) : null;
  if (!doc) throw approvalErrors.notAFormRequest();
  const access = c.fields
    ? await c.fields.access(l.doc.processId, l.token.elementId, doc.form.definition)
    : {};
  const changed = Object.fromEntries(Object.entries(edits).filter(([k, v]) => !jsonEqual(doc.data[k], v)));
  const refused = notWritable(changed, access);
  if (refused.length) throw approvalErrors.fieldsNotEditable(refused, l.element?.name ?? l.token.elementId);
  return Object.keys(changed).length ? { doc, patch: changed } : null;
}

/** Writes checked edits; the flow variables they become, and how to put the record back. */
export async function writeEdits(
  c: ActionContext,
  l: Located,
  actor: Approver,
  edits: CheckedEdits,
): Promise<{ variables: Variables; revert: () => Promise<void> }> {
  const documents = c.views.documents!;
  const after = await documents.write(edits.doc, edits.patch, actor.userId, l.doc.id);
  const changed = Object.fromEntries(Object.keys(edits.patch).map((k) => [k, after.data[k]]));
  const variables = feelData(after.form.fields, changed) as Variables;
  const before = Object.fromEntries(Object.keys(edits.patch).map((k) => [k, edits.doc.data[k] ?? null]));
  return {
    variables,
    revert: async () => {
      await documents.write(after, before, actor.userId, l.doc.id).catch(() => undefined);
    },
  };
}
