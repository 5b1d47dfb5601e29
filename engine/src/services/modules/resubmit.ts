// Resubmitting a returned request with changed data: the requester corrects what the approver
// asked for in the form itself, and the approval starts again with the corrected values.
//
//   1. the task must be the requester's "returned to you" task of this request (else 404/409);
//   2. the record takes the new data — checked exactly as on submit, with the rights the requester
//      had when submitting (fields they may not write keep their values; a stale record is a 409);
//   3. the approval resubmits with the record's data as its variables (decimals as numbers, as at
//      the start), so gateways see the corrected amounts;
//   if 3 fails (someone recalled it meanwhile), the record gets its previous data back.
import type { RecordEnvelope } from '#schemas/generated/index.ts';
import { feelData } from '#engine/core/automations/feel-values.ts';
import type { Attachment } from '#engine/core/approvals/timeline.ts';
import { decide, type Actor } from '#engine/core/actor.ts';
import { approvalErrors } from '#engine/core/approvals/errors.ts';
import type { Approvals } from '../approvals/index.ts';
import type { RecordService } from '../records/record-service.ts';

export interface ResubmitInput {
  taskId: string;
  data: Record<string, unknown>;
  comment?: string;
  attachments?: Attachment[];
}

export async function resubmitWithData(
  services: { records: RecordService; approvals: Approvals },
  requester: Actor,
  instanceId: string,
  input: ResubmitInput,
): Promise<{ record: RecordEnvelope; result: unknown }> {
  const { records, approvals } = services;
  const detail = await approvals.inbox.task(requester, input.taskId);
  if (detail.task.instanceId !== instanceId) throw approvalErrors.taskNotFound(input.taskId);
  if (detail.task.kind !== 'resubmit' || !detail.actions.includes('resubmit'))
    throw approvalErrors.notReturned(input.taskId);
  const ref = detail.request.variables.record as { id?: string; form?: string } | undefined;
  if (!ref?.id || !ref.form) throw approvalErrors.notAFormRequest();
  // The requester's rights on the record are those they submitted it with.
  const actor = decide(requester, `record:${ref.form}`, 'create');
  const before = await records.get(actor, ref.form, ref.id);
  const data = keepReadOnly(actor.decision.fields.readOnly, before.data, input.data);
  // The approval waits for this very correction: the flow's lock on its record lets it through.
  const record = await records.update(
    actor,
    ref.form,
    ref.id,
    { rev: before.rev, data },
    { withinInstance: instanceId },
  );
  const form = await records.forms.compiled(record.form, record.formVersion);
  try {
    const result = await approvals.actions.resubmit(requester, input.taskId, {
      ...(input.comment ? { comment: input.comment } : {}),
      ...(input.attachments?.length ? { attachments: input.attachments } : {}),
      variables: feelData(form.fields, record.data) as Record<string, unknown>,
    });
    return { record, result };
  } catch (e) {
    await records
      .update(actor, ref.form, ref.id, { rev: record.rev, data: before.data })
      .catch(() => undefined);
    throw e;
  }
}

/** `next` with the requester's read-only top-level fields as they are (`data.paymentStatus`). */
function keepReadOnly(
  readOnly: readonly string[],
  current: Record<string, unknown>,
  next: Record<string, unknown>,
): Record<string, unknown> {
  const out = { ...next };
  for (const path of readOnly) {
    const field = path.startsWith('data.') ? path.slice(5) : null;
    if (!field || field.includes('.')) continue;
    if (field in current) out[field] = current[field];
    else delete out[field];
  }
  return out;
}
