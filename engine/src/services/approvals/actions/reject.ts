// Reject (a reason is required): completes the task with outcome "rejected". A rejection the
// model does not route ends the request as rejected — in a multi-instance task only once the
// rejections decide it. Held as a delegate, it goes back to the owner instead.
import { approvalErrors } from '#engine/core/approvals/errors.ts';
import { modelRoutes } from '#engine/core/approvals/model.ts';
import { multiInstanceDecided } from '#engine/core/approvals/outcomes.ts';
import { taskRules } from '#engine/core/approvals/settings.ts';
import type { ApprovalSettingsStore } from '../settings-store.ts';
import { actOnTask, taskRef } from './locate.ts';
import { auditTask } from './notices.ts';
import { actionResult, decision, historyData, onBehalfOf } from './records.ts';
import { isDelegate, notifyDelegationBack, resolveDelegation } from './resolve-delegation.ts';
import type { ActionContext, ActionInput, ActionResult, Approver, Located } from './types.ts';

type Settings = Awaited<ReturnType<ApprovalSettingsStore['get']>>;

export async function reject(
  c: ActionContext,
  actor: Approver,
  taskId: string,
  input: ActionInput = {},
): Promise<ActionResult> {
  if (!input.comment?.trim()) throw approvalErrors.commentRequired();
  const settings = await settingsOf(c, taskId);
  const st: { kind: 'complete' | 'resolve'; owner?: string; ended: boolean } = {
    kind: 'complete',
    ended: false,
  };
  const { view, located } = await actOnTask(c, taskId, actor, { holder: 'any' }, (l) => {
    const attrs = l.token.task!.attributes ?? {};
    if (attrs.kind === 'resubmit')
      throw approvalErrors.actionNotAllowed(
        taskId,
        'reject',
        'it was returned to the requester',
        '已退回申请人',
      );
    st.kind = 'complete';
    st.ended = false;
    if (isDelegate(l, actor)) {
      st.kind = 'resolve';
      st.owner = attrs.delegatedBy as string;
      return resolveDelegation(c, l, actor, 'rejected', input);
    }
    const ended = (st.ended = rejectionEnds(l, settings));
    const data = historyData(l, actor, input, attrs.delegation ? { delegation: attrs.delegation } : {});
    return {
      type: 'completeTask',
      tokenId: l.token.id,
      outcome: 'rejected',
      by: actor.userId,
      action: 'reject',
      comment: input.comment!,
      ...(data ? { data } : {}),
      variables: decision(c, l, actor, 'rejected', input.comment),
      localVariables: { outcome: 'rejected', comment: input.comment! },
      ...(ended ? { endInstance: true } : {}),
    };
  });
  const { kind, owner, ended } = st;
  if (kind === 'resolve' && owner) await notifyDelegationBack(c, located, actor, owner, 'rejected');
  await auditTask(c, actor, kind === 'resolve' ? 'delegate-resolve' : 'reject', located, {
    outcome: 'rejected',
    comment: input.comment,
    onBehalfOf: onBehalfOf(located, actor),
    attachments: input.attachments?.length,
    endedRequest: ended || undefined,
  });
  return actionResult(taskId, view, kind === 'resolve' ? 'resolved' : 'rejected');
}

/** A rejection the model does not route ends the request — in a multi-instance task only once it decides it. */
function rejectionEnds(l: Located, settings: Settings): boolean {
  if (modelRoutes(l.model, l.token.elementId, 'rejected')) return false;
  if (!l.token.inner || !l.token.scope) return true;
  const body = l.doc.tokens[l.token.scope];
  const vars = body?.vars ?? {};
  const { mode } = taskRules(settings, l.element.headers);
  return multiInstanceDecided(
    mode,
    {
      items: Number(vars.numberOfInstances ?? 0),
      approvals: Number(vars.numberOfApprovals ?? 0),
      rejections: Number(vars.numberOfRejections ?? 0) + 1,
    },
    'rejected',
  );
}

async function settingsOf(c: ActionContext, taskId: string): Promise<Settings> {
  const ref = taskRef(taskId);
  const doc = await c.flows.runtime.instances.get(ref.instanceId);
  return c.settings.get(doc?.processId ?? '');
}
