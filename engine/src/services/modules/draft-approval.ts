// Sending an existing draft into its approval. A catalogue submission writes its record and starts
// the entry's flow in one go; a document that began as a draft — typed in over days, or made from
// another record (a won deal's sales order, decision 0030) — needs the same approval afterwards.
// The flow is the one the catalogue entry for the record's form starts (the module's entry first,
// then a published one), so the approval is declared once, for both ways in.
//
//   who      whoever may start the entry (create on the form, its start roles) and read the record
//            (row rules: another salesperson's order is not found), being its owner — the flow's
//            `requester`, whose manager and department route it — or someone who may submit the
//            document outright (their submit grant covers the row)
//   what     a draft of a form with a lifecycle that would pass submitting now (links, submit
//            checks) and the entry's refusing prechecks; not in a running approval (409
//            DOCUMENT_IN_APPROVAL: once, also for two presses at once — the status write is
//            conditional on the revision the caller saw)
//   how      the record is marked `submitted` and linked to its instance in one write — from then
//            on the flow lock refuses people's edits — then the flow starts with the record's data,
//            as a catalogue submission's does; if it does not start, the mark is undone
//   outcome  written back by the request listener (requests.ts) as for catalogue submissions:
//            approved submits the document (lifecycle.submitOn), rejected leaves a draft its owner
//            edits and sends again (a new instance: `req-<id>.<rev>`)
import type { RecordEnvelope } from '#schemas/generated/index.ts';
import { decide, principalOf, type Actor } from '#engine/core/actor.ts';
import { documentErrors } from '#engine/core/documents/errors.ts';
import { docstatusOf, lifecycleOf } from '#engine/core/documents/lifecycle.ts';
import type { Principal } from '#engine/core/permissions/access.ts';
import { resolveAccess } from '#engine/core/permissions/resolve.ts';
import { rowMatches } from '#engine/core/permissions/row-match.ts';
import { commonErrors } from '#engine/core/errors.ts';
import { recordErrors } from '#engine/core/forms/record-errors.ts';
import type { Stored } from '#engine/ports/document-store.ts';
import type { LifecycleService } from '../documents/lifecycle-service.ts';
import type { FlowService } from '../flows/flow-service.ts';
import type { StoredRecord } from '../records/record-docs.ts';
import type { RecordService } from '../records/record-service.ts';
import { requestInstanceId, type RequestService } from './requests.ts';
import { systemActor } from './system-actor.ts';

export interface DraftApprovalDeps {
  records: RecordService;
  requests: RequestService;
  lifecycle: LifecycleService;
  flows: FlowService;
}

export interface DraftSubmitted {
  record: RecordEnvelope;
  instanceId: string;
}

type Row = Stored<StoredRecord>;

export async function submitForApproval(
  deps: DraftApprovalDeps,
  requester: Actor,
  formId: string,
  id: string,
  rev: number,
): Promise<DraftSubmitted> {
  const { records, requests, lifecycle } = deps;
  const principal = principalOf(requester);
  const reader = decide(requester, `record:${formId}`, 'read');
  await records.get(reader, formId, id); // the form's read roles as well as the row rules
  const row = await records.storedRow(reader, formId, id);
  if (row.deleted) throw recordErrors.deleted('change');
  const resolved = await requests.approvalEntry(formId);
  if (!resolved) throw documentErrors.noApproval(formId);
  if (!requests.mayStart(principal, resolved.entry))
    throw commonErrors.forbidden({
      en: 'You may not start this approval.',
      zh: '您不能发起此审批。',
    });
  if (!mayAskFor(principal, row)) throw documentErrors.notOwner();
  if (await inApproval(deps, row)) throw documentErrors.inApproval();
  await lifecycle.assertSubmittableDraft(formId, row);
  const form = await records.forms.compiled(formId, row.formVersion);
  await requests.assertNotRefused(requester, resolved.entry, records.codec.decode(form, id, row.data).data);

  // One instance per attempt: the first keeps the catalogue's id, a later one (after a rejection,
  // or a start that failed) is told apart by the revision it was sent from.
  const instanceId = row.instanceId ? `${requestInstanceId(id)}.${rev}` : requestInstanceId(id);
  const system = systemActor(`record:${formId}`, 'update', principal.userId);
  let marked: RecordEnvelope;
  try {
    marked = await records.setStatus(system, formId, id, { status: 'submitted', instanceId, rev });
  } catch (e) {
    // Two presses at once: the other one's write won, and its approval is the one.
    if ((e as { code?: string }).code === 'RECORD_REVISION_CONFLICT' && (await inApproval(deps, row, true)))
      throw documentErrors.inApproval();
    throw e;
  }
  // Not started: back as it was, linked to its earlier (rejected) approval if it had one.
  await requests.startFlow(principal, resolved, marked, {
    instanceId,
    revertTo: { status: row.status, instanceId: row.instanceId ?? null },
  });
  return { record: await records.get(reader, formId, id), instanceId };
}

/**
 * Whether the record's page offers "Submit for approval" to this reader now: the checks above
 * that need no evaluation (the server decides again when it is pressed).
 */
export async function offersApproval(
  deps: Omit<DraftApprovalDeps, 'lifecycle'>,
  principal: Principal,
  row: Row,
): Promise<boolean> {
  const { records, requests } = deps;
  if (row.deleted || docstatusOf(row) !== 'draft') return false;
  const latest = await records.forms.latest(row.form).catch(() => null);
  if (!latest || !lifecycleOf(latest.definition)) return false;
  const resolved = await requests.approvalEntry(row.form);
  if (!resolved || !requests.mayStart(principal, resolved.entry) || !mayAskFor(principal, row)) return false;
  return !(await inApproval(deps, row));
}

function mayAskFor(principal: Principal, row: Row): boolean {
  if (row.owner === principal.userId) return true;
  const submit = resolveAccess(principal, `record:${row.form}`, 'submit');
  return submit.allowed && rowMatches(row, submit.rowFilter);
}

/** Its approval is running (`fresh`: read the record again first — another press may have won). */
async function inApproval(
  deps: Pick<DraftApprovalDeps, 'records' | 'flows'>,
  row: Row,
  fresh = false,
): Promise<boolean> {
  const current = fresh ? await deps.records.collection(row.form).get(row.id) : row;
  if (!current?.instanceId) return false;
  const instance = await deps.flows.runtime.instances.get(current.instanceId);
  // Marked but not started yet (the other press is starting it) counts as running too.
  return instance ? instance.status === 'active' : fresh && current.status === 'submitted';
}
