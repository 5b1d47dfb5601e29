// A delegate approves or rejects: the task goes back to the person who delegated it, with the
// delegate's outcome, for them to confirm (approve, reject and the rest stay theirs).
import type { FlowEvent } from '#engine/core/flows/events.ts';
import { notices } from '#engine/core/approvals/messages.ts';
import { actedBy, historyData, nowIso } from './records.ts';
import { actorName, notify, stepNames, taskNotice } from './notices.ts';
import type { ActionContext, ActionInput, Approver, Located } from './types.ts';

/** Whether the actor holds the task as a delegate (their approve/reject resolves the delegation). */
export function isDelegate(l: Located, actor: Approver): boolean {
  return typeof l.token.task!.attributes?.delegatedBy === 'string' && l.token.task!.assignee === actor.userId;
}

export function resolveDelegation(
  c: ActionContext,
  l: Located,
  actor: Approver,
  outcome: 'approved' | 'rejected',
  input: ActionInput,
): FlowEvent {
  const owner = l.token.task!.attributes!.delegatedBy as string;
  return {
    type: 'updateTask',
    tokenId: l.token.id,
    changes: {
      assignee: owner,
      attributes: {
        delegatedBy: null,
        delegation: {
          by: actor.userId,
          outcome,
          at: nowIso(c),
          ...(input.comment ? { comment: input.comment } : {}),
        },
        actedBy: actedBy(l, actor),
      },
    },
    by: actor.userId,
    action: 'delegate-resolve',
    ...(input.comment ? { comment: input.comment } : {}),
    data: { ...historyData(l, actor, input), outcome, to: owner },
  };
}

/** Tells the owner that the delegate decided and the task is back with them. */
export async function notifyDelegationBack(
  c: ActionContext,
  l: Located,
  actor: Approver,
  owner: string,
  outcome: 'approved' | 'rejected',
): Promise<void> {
  const title = notices.delegationBack({
    ...(await stepNames(c, l)),
    who: await actorName(c, actor),
    outcome,
  });
  await notify(c, taskNotice(owner, title, l.taskId, `resolve.${l.token.task!.version}`));
}
