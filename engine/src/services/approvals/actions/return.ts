// Return (a reason is required): to the requester — a "returned to you" task they resubmit, or
// the model's own "returned" route when it has one — or to an approval step already passed.
import { approvalErrors } from '#engine/core/approvals/errors.ts';
import { requesterOf } from '#engine/core/approvals/access.ts';
import { notices } from '#engine/core/approvals/messages.ts';
import { modelRoutes, passedUserTasks, tokensToReplace } from '#engine/core/approvals/model.ts';
import type { FlowEvent } from '#engine/core/flows/events.ts';
import type { InstanceState } from '#engine/core/flows/instance.ts';
import { actOnTask } from './locate.ts';
import { actorName, auditTask, notify, stepNames } from './notices.ts';
import { actedBy, actionResult, decision, historyData, nowIso, onBehalfOf } from './records.ts';
import type { ActionContext, ActionInput, ActionResult, Approver, Located } from './types.ts';

type Target = { target: 'requester' | 'model' | 'step'; requester: string | null };

export async function returnTask(
  c: ActionContext,
  actor: Approver,
  taskId: string,
  input: ActionInput & { to: string },
): Promise<ActionResult> {
  if (!input.comment?.trim()) throw approvalErrors.commentRequired();
  const st: Target = { target: 'requester', requester: null };
  const { view, located } = await actOnTask(c, taskId, actor, { holder: 'any' }, (l) => {
    const attrs = l.token.task!.attributes ?? {};
    if (attrs.kind === 'resubmit')
      throw approvalErrors.actionNotAllowed(
        taskId,
        'return',
        'it is already with the requester',
        '已在申请人处',
      );
    if (typeof attrs.delegatedBy === 'string')
      throw approvalErrors.actionNotAllowed(taskId, 'return', 'it is delegated', '任务已委派');
    return input.to === 'requester' ? toRequester(c, l, actor, input, st) : toStep(c, l, actor, input, st);
  });
  const { target, requester } = st;
  if (target !== 'step' && requester)
    await notify(c, {
      to: { users: [requester] },
      title: notices.returned({
        ...(await stepNames(c, located)),
        who: await actorName(c, actor),
        comment: input.comment,
      }),
      kind: 'request.returned',
      link: `/requests/${located.doc.id}`,
      source: { type: 'instance', id: located.doc.id },
      key: `${taskId}.return.${located.token.task!.version}`,
    });
  await auditTask(c, actor, 'return', located, {
    outcome: 'returned',
    to: input.to,
    comment: input.comment,
    onBehalfOf: onBehalfOf(located, actor),
    attachments: input.attachments?.length,
  });
  return actionResult(taskId, view, 'returned');
}

function toRequester(
  c: ActionContext,
  l: Located,
  actor: Approver,
  input: ActionInput & { to: string },
  st: Target,
): FlowEvent {
  const data = historyData(l, actor, input, { to: input.to });
  const variables = decision(c, l, actor, 'returned', input.comment);
  const requester = (st.requester = requesterOf(l.doc as InstanceState));
  if (modelRoutes(l.model, l.token.elementId, 'returned')) {
    st.target = 'model';
    return {
      type: 'completeTask',
      tokenId: l.token.id,
      outcome: 'returned',
      by: actor.userId,
      action: 'return',
      comment: input.comment!,
      ...(data ? { data } : {}),
      variables,
      localVariables: { outcome: 'returned', comment: input.comment! },
    };
  }
  if (!requester)
    throw approvalErrors.actionNotAllowed(
      l.taskId,
      'return',
      'the request has no requester',
      '申请没有申请人',
    );
  st.target = 'requester';
  const others = Object.values(l.doc.tokens)
    .filter((t) => t.task && t.state === 'waiting' && t.id !== l.token.id)
    .map((t) => ({ tokenId: t.id }));
  return {
    type: 'batch',
    events: [
      { type: 'setVariables', variables, by: actor.userId },
      {
        type: 'updateTask',
        tokenId: l.token.id,
        changes: {
          assignee: requester,
          candidateUsers: null,
          candidateGroups: null,
          attributes: {
            kind: 'resubmit',
            returnedBy: actor.userId,
            returnedAt: nowIso(c),
            returnComment: input.comment!,
            delegatedBy: null,
            returnTo: null,
            onBehalfOf: null,
            actedBy: actedBy(l, actor),
          },
        },
        by: actor.userId,
        action: 'return',
        comment: input.comment!,
        ...(data ? { data } : {}),
      },
      ...(others.length
        ? [
            {
              type: 'modify' as const,
              terminate: others,
              by: actor.userId,
              reason: 'returned to the requester',
            },
          ]
        : []),
    ],
  };
}

function toStep(
  c: ActionContext,
  l: Located,
  actor: Approver,
  input: ActionInput & { to: string },
  st: Target,
): FlowEvent {
  const data = historyData(l, actor, input, { to: input.to });
  st.target = 'step';
  if (!passedUserTasks(l.model, l.doc.history).includes(input.to) || input.to === l.token.elementId)
    throw approvalErrors.returnTargetInvalid(input.to);
  return {
    type: 'batch',
    events: [
      {
        type: 'updateTask',
        tokenId: l.token.id,
        changes: { attributes: { actedBy: actedBy(l, actor) } },
        by: actor.userId,
      },
      {
        type: 'note',
        tokenId: l.token.id,
        action: 'return',
        by: actor.userId,
        comment: input.comment!,
        ...(data ? { data } : {}),
      },
      { type: 'setVariables', variables: decision(c, l, actor, 'returned', input.comment), by: actor.userId },
      {
        type: 'modify',
        activate: [{ elementId: input.to }],
        terminate: tokensToReplace(l.model, l.doc as InstanceState, input.to).map((tokenId) => ({ tokenId })),
        by: actor.userId,
        reason: `returned to ${input.to}`,
      },
    ],
  };
}
