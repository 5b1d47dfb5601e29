// What leaves an action besides the instance change: the audit entry, the notices to whom it
// concerns, and the checks on the person an action names (transfer to, delegate to, add signer).
import { recordAudit } from '../../audit/record-audit.ts';
import { approvalErrors } from '#engine/core/approvals/errors.ts';
import { requesterOf } from '#engine/core/approvals/access.ts';
import type { InstanceState } from '#engine/core/flows/instance.ts';
import type { ProcessModel } from '#engine/core/flows/model.ts';
import type { NoticeSubject } from '#engine/core/approvals/messages.ts';
import { bilingual } from '#engine/core/flows/names/localized-name.ts';
import type { OrgView } from '../../org/org-chart.ts';
import type { ApprovalNotice } from '../ports.ts';
import type { ActionContext, Approver, Located } from './types.ts';

/** The audit entry of a task action (`approval.<action>` on the task; undefined details dropped). */
export function auditTask(
  c: ActionContext,
  actor: Approver,
  action: string,
  l: Located,
  details: Record<string, unknown>,
): Promise<void> {
  const facts = Object.fromEntries(Object.entries(details).filter(([, v]) => v !== undefined));
  const where = { instanceId: l.doc.id, processId: l.doc.processId, elementId: l.token.elementId };
  return auditApproval(c, actor, action, 'tasks', l.taskId, { ...where, ...facts });
}

/** The audit entry of a request action (`approval.<action>` on the request). */
export function auditRequest(
  c: ActionContext,
  actor: Approver,
  action: string,
  instanceId: string,
  details: Record<string, unknown>,
): Promise<void> {
  return auditApproval(c, actor, action, 'requests', instanceId, details);
}

async function auditApproval(
  c: ActionContext,
  actor: Approver,
  action: string,
  resource: 'tasks' | 'requests',
  resourceId: string,
  details: Record<string, unknown>,
): Promise<void> {
  await recordAudit(c.audit, actor.actor, { action: `approval.${action}`, resource, resourceId, details });
}

/** Sends a notice unless it has nobody to go to. */
export async function notify(c: ActionContext, notice: ApprovalNotice): Promise<void> {
  const users = (notice.to.users ?? []).filter(Boolean);
  if (!users.length && !notice.to.roles?.length) return;
  await c.notifier.send({ ...notice, to: { ...notice.to, users } });
}

/** The task's step name and its request as notices name it (name, title, amount). */
export async function stepNames(c: ActionContext, l: Located): Promise<NoticeSubject> {
  return {
    step: bilingual(l.element, l.token.elementId),
    flow: await requestName(c, l.doc, l.model),
  };
}

/** A request as notices name it: `Expense claim “Customer visit” ¥5,500.50` (both languages). */
export async function requestName(
  c: ActionContext,
  doc: Pick<InstanceState, 'processId' | 'variables'>,
  model: Pick<ProcessModel, 'name' | 'nameZh' | 'processId'>,
): Promise<NoticeSubject['flow']> {
  const flow = bilingual(model, model.processId);
  return c.views.label(doc, flow).catch(() => flow);
}

/** The actor's display name, as notices show it. */
export async function actorName(c: ActionContext, actor: Approver, org?: OrgView): Promise<string> {
  const view = org ?? (await c.org.snapshot());
  return view.user(actor.userId)?.displayName ?? actor.userId;
}

/** A notice that the task now waits for `to` (passed on, transferred, delegated, signer added …). */
export function taskNotice(
  to: string,
  title: ApprovalNotice['title'],
  taskId: string,
  key: string,
): ApprovalNotice {
  return {
    to: { users: [to] },
    title,
    kind: 'task.assigned',
    link: `/inbox/${taskId}`,
    source: { type: 'task', id: taskId },
    key: `${taskId}.${key}`,
  };
}

/**
 * The person an action hands the task to: someone else, active, and not the requester (who
 * cannot approve their own request). Returns the org view it checked against.
 */
export async function checkTarget(
  c: ActionContext,
  field: string,
  target: string,
  actor: Approver,
  l: Located | null,
): Promise<OrgView> {
  if (target === actor.userId) throw approvalErrors.selfTarget(field);
  const org = await c.org.snapshot();
  if (org.user(target)?.active !== true) throw approvalErrors.userUnknown(field, target);
  if (l && requesterOf(l.doc as InstanceState) === target)
    throw approvalErrors.actionNotAllowed(
      l.taskId,
      field,
      'the requester cannot approve their own request',
      '申请人不能审批自己的申请',
    );
  return org;
}

/** A notice about a whole request (withdrawn, CC'd, commented), linking to the request page. */
export function requestNotice(
  to: ApprovalNotice['to'],
  title: ApprovalNotice['title'],
  kind: string,
  instanceId: string,
  key: string,
): ApprovalNotice {
  return {
    to,
    title,
    kind,
    link: `/requests/${instanceId}`,
    source: { type: 'instance', id: instanceId },
    key: `${instanceId}.${key}`,
  };
}
