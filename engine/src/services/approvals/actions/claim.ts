// Claim / unclaim a task offered to a group: a candidate takes it, and may give it back.
import { approvalErrors } from '#engine/core/approvals/errors.ts';
import { holderOf, requesterOf } from '#engine/core/approvals/access.ts';
import type { InstanceState } from '#engine/core/flows/instance.ts';
import { actOnTask } from './locate.ts';
import { auditTask } from './notices.ts';
import { actionResult } from './records.ts';
import type { ActionContext, ActionResult, Approver } from './types.ts';

export async function claim(c: ActionContext, actor: Approver, taskId: string): Promise<ActionResult> {
  const { view, located } = await actOnTask(c, taskId, actor, { holder: 'none' }, (l) => {
    const task = l.token.task!;
    if (task.assignee) throw approvalErrors.notClaimable(taskId);
    if (holderOf(task, actor, requesterOf(l.doc as InstanceState)) !== 'candidate')
      throw approvalErrors.notYourTask(taskId);
    return {
      type: 'updateTask',
      tokenId: l.token.id,
      changes: { assignee: actor.userId },
      by: actor.userId,
      action: 'claim',
    };
  });
  await auditTask(c, actor, 'claim', located, {});
  return actionResult(taskId, view, 'claimed');
}

export async function unclaim(c: ActionContext, actor: Approver, taskId: string): Promise<ActionResult> {
  const { view, located } = await actOnTask(c, taskId, actor, { holder: 'none' }, (l) => {
    const task = l.token.task!;
    const attrs = task.attributes ?? {};
    if (task.assignee !== actor.userId) {
      if (holderOf(task, actor) === 'candidate') throw approvalErrors.notClaimedByYou(taskId);
      throw approvalErrors.notYourTask(taskId);
    }
    const offered = task.candidateUsers?.length || task.candidateGroups?.length;
    if (!offered || attrs.delegatedBy || attrs.returnTo || attrs.kind)
      throw approvalErrors.notClaimedByYou(taskId);
    return {
      type: 'updateTask',
      tokenId: l.token.id,
      changes: { assignee: null },
      by: actor.userId,
      action: 'unclaim',
    };
  });
  await auditTask(c, actor, 'unclaim', located, {});
  return actionResult(taskId, view, 'unclaimed');
}
