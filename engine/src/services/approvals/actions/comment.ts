// Comment (or attachments alone): a note in the request's history, for the requester and the
// current holders to see.
import { approvalErrors } from '#engine/core/approvals/errors.ts';
import { isParticipant, requesterOf } from '#engine/core/approvals/access.ts';
import { notices } from '#engine/core/approvals/messages.ts';
import { parseTaskId } from '#engine/core/flows/instance.ts';
import type { InstanceView } from '../../flows/flow-service.ts';
import { requestOf } from './locate.ts';
import { actorName, auditRequest, notify, requestName, requestNotice } from './notices.ts';
import type { ActionContext, ActionInput, Approver } from './types.ts';

export async function comment(
  c: ActionContext,
  actor: Approver,
  instanceId: string,
  input: ActionInput & { taskId?: string },
): Promise<InstanceView> {
  if (!input.comment?.trim() && !input.attachments?.length) throw approvalErrors.commentRequired();
  const { doc, model } = await requestOf(c, instanceId, actor);
  const tokenId = input.taskId ? parseTaskId(input.taskId)?.tokenId : undefined;
  const view = await c.flows.send(instanceId, (d) => {
    if (!isParticipant(d, actor)) throw approvalErrors.requestNotFound(instanceId);
    return {
      type: 'note',
      action: input.comment?.trim() ? 'comment' : 'attach',
      by: actor.userId,
      ...(tokenId && d.tokens[tokenId] ? { tokenId } : {}),
      ...(input.comment ? { comment: input.comment } : {}),
      ...(input.attachments?.length ? { data: { attachments: input.attachments } } : {}),
    };
  });
  const entry = [...view.history].reverse().find((h) => h.type === 'note' && h.by === actor.userId)!;
  const requester = requesterOf(doc);
  const holders = view.openTasks.map((t) => t.assignee).filter((u): u is string => !!u);
  const to = [...new Set([requester, ...holders])].filter((u): u is string => !!u && u !== actor.userId);
  const title = notices.commented({
    step: '',
    flow: await requestName(c, doc, model),
    who: await actorName(c, actor),
    ...(input.comment ? { comment: input.comment.slice(0, 80) } : {}),
  });
  await notify(
    c,
    requestNotice({ users: to }, title, 'approval.comment', instanceId, `comment.${entry.seq}`),
  );
  await auditRequest(c, actor, entry.action!, instanceId, {
    processId: doc.processId,
    attachments: input.attachments?.length ?? 0,
  });
  return view;
}
