// Transfer: another person takes the task over for good (an admin may transfer any task).
import { approvalErrors } from '#engine/core/approvals/errors.ts';
import { notices } from '#engine/core/approvals/messages.ts';
import { actOnTask, preflight } from './locate.ts';
import { actorName, auditTask, checkTarget, notify, stepNames, taskNotice } from './notices.ts';
import { actedBy, actionResult, historyData, onBehalfOf } from './records.ts';
import type { ActionContext, ActionInput, ActionResult, Approver } from './types.ts';

export async function transfer(
  c: ActionContext,
  actor: Approver,
  taskId: string,
  input: ActionInput & { to: string },
): Promise<ActionResult> {
  const rule = { holder: 'any', admin: true } as const;
  const { located: pre } = await preflight(c, taskId, actor, rule);
  const org = await checkTarget(c, 'to', input.to, actor, pre);
  let from: string | undefined;
  const { view, located } = await actOnTask(c, taskId, actor, rule, (l) => {
    const attrs = l.token.task!.attributes ?? {};
    if (typeof attrs.delegatedBy === 'string')
      throw approvalErrors.actionNotAllowed(taskId, 'transfer', 'it is delegated', '任务已委派');
    if (attrs.kind === 'resubmit')
      throw approvalErrors.actionNotAllowed(taskId, 'transfer', 'it is with the requester', '已在申请人处');
    from = l.token.task!.assignee ?? actor.userId;
    if (l.token.task!.assignee === input.to) throw approvalErrors.selfTarget('to');
    return {
      type: 'updateTask',
      tokenId: l.token.id,
      changes: {
        assignee: input.to,
        candidateUsers: null,
        candidateGroups: null,
        attributes: { transferredFrom: from, onBehalfOf: null, actedBy: actedBy(l, actor) },
      },
      by: actor.userId,
      action: 'transfer',
      ...(input.comment ? { comment: input.comment } : {}),
      data: { ...historyData(l, actor, input), from, to: input.to },
    };
  });
  const title = notices.transferred({
    ...(await stepNames(c, located)),
    who: await actorName(c, actor, org),
  });
  await notify(c, taskNotice(input.to, title, taskId, `transfer.${located.token.task!.version}`));
  await auditTask(c, actor, 'transfer', located, {
    from,
    to: input.to,
    comment: input.comment,
    onBehalfOf: onBehalfOf(located, actor),
  });
  return actionResult(taskId, view, 'transferred');
}
