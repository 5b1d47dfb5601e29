// Recall: the requester withdraws a request nobody has acted on yet (or one returned to them).
import { approvalErrors } from '#engine/core/approvals/errors.ts';
import { isParticipant, requesterOf, someoneActed } from '#engine/core/approvals/access.ts';
import { notices } from '#engine/core/approvals/messages.ts';
import type { InstanceView } from '../../flows/flow-service.ts';
import { requestOf } from './locate.ts';
import { actorName, auditRequest, notify, requestName, requestNotice } from './notices.ts';
import { nowIso } from './records.ts';
import type { ActionContext, ActionInput, Approver } from './types.ts';

export async function recall(
  c: ActionContext,
  actor: Approver,
  instanceId: string,
  input: ActionInput = {},
): Promise<InstanceView> {
  const { doc: before, model } = await requestOf(c, instanceId, actor);
  const holders: { users: Set<string>; roles: Set<string> } = { users: new Set(), roles: new Set() };
  const view = await c.flows.send(instanceId, (doc) => {
    if (!isParticipant(doc, actor)) throw approvalErrors.requestNotFound(instanceId);
    if (requesterOf(doc) !== actor.userId) throw approvalErrors.notYourRequest(instanceId);
    holders.users.clear();
    holders.roles.clear();
    for (const t of Object.values(doc.tokens)) {
      const task = t.task;
      if (!task || t.state !== 'waiting' || task.assignee === actor.userId) continue;
      if (task.assignee) holders.users.add(task.assignee);
      else {
        for (const u of task.candidateUsers ?? []) holders.users.add(u);
        for (const g of task.candidateGroups ?? []) holders.roles.add(g);
      }
    }
    if (doc.status !== 'active') throw approvalErrors.requestEnded(instanceId, doc.status);
    const returned = Object.values(doc.tokens).some(
      (t) => t.task?.attributes?.kind === 'resubmit' && t.task.assignee === actor.userId,
    );
    if (someoneActed(doc) && !returned) throw approvalErrors.recallTooLate(instanceId);
    const approval = {
      outcome: 'withdrawn',
      by: actor.userId,
      at: nowIso(c),
      ...(input.comment ? { comment: input.comment } : {}),
    };
    return {
      type: 'batch',
      events: [
        {
          type: 'note',
          action: 'recall',
          by: actor.userId,
          ...(input.comment ? { comment: input.comment } : {}),
          ...(input.attachments?.length ? { data: { attachments: input.attachments } } : {}),
        },
        { type: 'setVariables', variables: { approval }, by: actor.userId },
        { type: 'cancel', by: actor.userId, reason: input.comment || 'withdrawn by the requester' },
      ],
    };
  });
  // Whoever had a task on it need not look for it any more.
  const title = notices.withdrawn({
    step: '',
    flow: await requestName(c, before, model),
    who: await actorName(c, actor),
  });
  const to = { users: [...holders.users], ...(holders.roles.size ? { roles: [...holders.roles] } : {}) };
  await notify(c, requestNotice(to, title, 'request.withdrawn', instanceId, 'withdrawn'));
  await auditRequest(c, actor, 'recall', instanceId, {
    processId: view.processId,
    ...(input.comment ? { comment: input.comment } : {}),
  });
  return view;
}
