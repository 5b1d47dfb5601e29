// Resubmit: the requester sends a returned request again; the flow starts over from its first step.
import { approvalErrors } from '#engine/core/approvals/errors.ts';
import { restartElements } from '#engine/core/approvals/model.ts';
import type { Variables } from '#engine/core/flows/events.ts';
import { actOnTask } from './locate.ts';
import { auditTask } from './notices.ts';
import { actionResult, cleanVariables, historyData } from './records.ts';
import type { ActionContext, ActionInput, ActionResult, Approver } from './types.ts';

export async function resubmit(
  c: ActionContext,
  actor: Approver,
  taskId: string,
  input: ActionInput & { variables?: Variables } = {},
): Promise<ActionResult> {
  const variables = cleanVariables(input.variables);
  const { view, located } = await actOnTask(c, taskId, actor, { holder: 'assignee' }, (l) => {
    if (l.token.task!.attributes?.kind !== 'resubmit') throw approvalErrors.notReturned(taskId);
    const data = historyData(l, actor, input);
    return {
      type: 'batch',
      events: [
        {
          type: 'note',
          tokenId: l.token.id,
          action: 'resubmit',
          by: actor.userId,
          ...(input.comment ? { comment: input.comment } : {}),
          ...(data ? { data } : {}),
        },
        ...(Object.keys(variables).length
          ? [{ type: 'setVariables' as const, variables, by: actor.userId }]
          : []),
        {
          type: 'modify',
          activate: restartElements(l.model).map((elementId) => ({ elementId })),
          terminate: Object.values(l.doc.tokens)
            .filter((t) => t.scope === null)
            .map((t) => ({ tokenId: t.id })),
          by: actor.userId,
          reason: 'resubmitted',
        },
      ],
    };
  });
  await auditTask(c, actor, 'resubmit', located, {
    comment: input.comment,
    attachments: input.attachments?.length,
  });
  return actionResult(taskId, view, 'resubmitted');
}
