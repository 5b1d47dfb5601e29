// Delegate: another person acts on the task and gives it back to its owner to confirm.
import { approvalErrors } from '#engine/core/approvals/errors.ts';
import { notices } from '#engine/core/approvals/messages.ts';
import { actOnTask, preflight } from './locate.ts';
import { actorName, auditTask, checkTarget, notify, stepNames, taskNotice } from './notices.ts';
import { actedBy, actionResult, historyData, onBehalfOf } from './records.ts';
import type { ActionContext, ActionInput, ActionResult, Approver } from './types.ts';

export async function delegate(
  c: ActionContext,
  actor: Approver,
  taskId: string,
  input: ActionInput & { to: string },
): Promise<ActionResult> {
  const { located: pre } = await preflight(c, taskId, actor, { holder: 'any' });
  const org = await checkTarget(c, 'to', input.to, actor, pre);
  const { view, located } = await actOnTask(c, taskId, actor, { holder: 'any' }, (l) => {
    const attrs = l.token.task!.attributes ?? {};
    if (typeof attrs.delegatedBy === 'string')
      throw approvalErrors.actionNotAllowed(taskId, 'delegate', 'it is already delegated', '任务已委派');
    if (attrs.kind === 'resubmit')
      throw approvalErrors.actionNotAllowed(taskId, 'delegate', 'it is with the requester', '已在申请人处');
    return {
      type: 'updateTask',
      tokenId: l.token.id,
      changes: {
        assignee: input.to,
        attributes: { delegatedBy: actor.userId, delegation: null, actedBy: actedBy(l, actor) },
      },
      by: actor.userId,
      action: 'delegate',
      ...(input.comment ? { comment: input.comment } : {}),
      data: { ...historyData(l, actor, input), to: input.to },
    };
  });
  const title = notices.delegated({ ...(await stepNames(c, located)), who: await actorName(c, actor, org) });
  await notify(c, taskNotice(input.to, title, taskId, `delegate.${located.token.task!.version}`));
  await auditTask(c, actor, 'delegate', located, {
    to: input.to,
    comment: input.comment,
    onBehalfOf: onBehalfOf(located, actor),
  });
  return actionResult(taskId, view, 'delegated');
}
