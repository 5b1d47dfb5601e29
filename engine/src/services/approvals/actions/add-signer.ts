// Add a signer: "before" — someone signs before me, then the task comes back to me; "after" — I
// approve now and the task goes on to them.
import { approvalErrors } from '#engine/core/approvals/errors.ts';
import { notices } from '#engine/core/approvals/messages.ts';
import type { TaskChanges } from '#engine/core/flows/events.ts';
import { actOnTask, preflight } from './locate.ts';
import { actorName, auditTask, checkTarget, notify, stepNames, taskNotice } from './notices.ts';
import { actedBy, actionResult, decision, historyData, onBehalfOf } from './records.ts';
import type { ActionContext, ActionInput, ActionResult, Approver } from './types.ts';

export async function addSigner(
  c: ActionContext,
  actor: Approver,
  taskId: string,
  input: ActionInput & { user: string; position: 'before' | 'after' },
): Promise<ActionResult> {
  const { located: pre } = await preflight(c, taskId, actor, { holder: 'any' });
  const org = await checkTarget(c, 'user', input.user, actor, pre);
  const { view, located } = await actOnTask(c, taskId, actor, { holder: 'any' }, (l) => {
    const attrs = l.token.task!.attributes ?? {};
    if (typeof attrs.delegatedBy === 'string')
      throw approvalErrors.actionNotAllowed(taskId, 'add signer', 'it is delegated', '任务已委派');
    if (attrs.kind === 'resubmit')
      throw approvalErrors.actionNotAllowed(taskId, 'add signer', 'it is with the requester', '已在申请人处');
    const stack = Array.isArray(attrs.returnTo) ? (attrs.returnTo as string[]) : [];
    const common: Pick<TaskChanges, 'assignee' | 'candidateUsers' | 'candidateGroups'> = {
      assignee: input.user,
      candidateUsers: null,
      candidateGroups: null,
    };
    const data = { ...historyData(l, actor, input), signer: input.user, position: input.position };
    const comment = input.comment ? { comment: input.comment } : {};
    if (input.position === 'before')
      return {
        type: 'updateTask',
        tokenId: l.token.id,
        changes: {
          ...common,
          attributes: { returnTo: [...stack, actor.userId], actedBy: actedBy(l, actor) },
        },
        by: actor.userId,
        action: 'add-signer-before',
        ...comment,
        data,
      };
    return {
      type: 'batch',
      events: [
        {
          type: 'setVariables',
          variables: decision(c, l, actor, 'approved', input.comment),
          by: actor.userId,
        },
        {
          type: 'updateTask',
          tokenId: l.token.id,
          changes: { ...common, attributes: { onBehalfOf: null, actedBy: actedBy(l, actor) } },
          by: actor.userId,
          action: 'add-signer-after',
          ...comment,
          data: { ...data, outcome: 'approved' },
        },
      ],
    };
  });
  const title = notices.signerAdded({
    ...(await stepNames(c, located)),
    who: await actorName(c, actor, org),
  });
  await notify(c, taskNotice(input.user, title, taskId, `signer.${located.token.task!.version}`));
  await auditTask(c, actor, `add-signer-${input.position}`, located, {
    signer: input.user,
    comment: input.comment,
    onBehalfOf: onBehalfOf(located, actor),
  });
  return actionResult(
    taskId,
    view,
    input.position === 'before' ? 'signer-added-before' : 'signer-added-after',
  );
}
