// Approve: completes the task with outcome "approved" (variables for gateways). Held as a
// delegate, it goes back to the owner instead; added as a signer "before", it passes back to the
// approver who added them. On a request made from a form, the approver may fill in the fields
// their step lets them edit (`data`, field-edits.ts); anything else is refused before anything is
// written, and a failed approval puts the record back.
import { approvalErrors } from '#engine/core/approvals/errors.ts';
import { notices } from '#engine/core/approvals/messages.ts';
import type { Variables } from '#engine/core/flows/events.ts';
import { recordRefOf } from '../request-views.ts';
import { checkEdits, writeEdits } from './field-edits.ts';
import { actOnTask, preflight } from './locate.ts';
import { actorName, auditTask, notify, stepNames, taskNotice } from './notices.ts';
import { actedBy, actionResult, cleanVariables, decision, historyData, onBehalfOf } from './records.ts';
import { isDelegate, notifyDelegationBack, resolveDelegation } from './resolve-delegation.ts';
import type { ActionContext, ActionInput, ActionResult, Approver } from './types.ts';

export async function approve(
  c: ActionContext,
  actor: Approver,
  taskId: string,
  input: ActionInput & { variables?: Variables; data?: Record<string, unknown> } = {},
): Promise<ActionResult> {
  const { located: before } = await preflight(c, taskId, actor, { holder: 'any' });
  // A form's request: what the approver sends are fields of the form, within their step's rights.
  const formBound = recordRefOf(before.doc.variables) !== null;
  const edits = formBound ? { ...(input.variables ?? {}), ...(input.data ?? {}) } : input.data;
  const checked = await checkEdits(c, before, edits);
  const written = checked ? await writeEdits(c, before, actor, checked) : null;
  try {
    return await decide(
      c,
      actor,
      taskId,
      input,
      formBound ? (written?.variables ?? {}) : cleanVariables(input.variables),
    );
  } catch (e) {
    await written?.revert();
    throw e;
  }
}

async function decide(
  c: ActionContext,
  actor: Approver,
  taskId: string,
  input: ActionInput,
  variables: Variables,
): Promise<ActionResult> {
  const comment = input.comment;
  const st: { kind: 'complete' | 'resolve' | 'pass'; passTo?: string; owner?: string } = {
    kind: 'complete',
  };
  const { view, located } = await actOnTask(c, taskId, actor, { holder: 'any' }, (l) => {
    const attrs = l.token.task!.attributes ?? {};
    if (attrs.kind === 'resubmit')
      throw approvalErrors.actionNotAllowed(
        taskId,
        'approve',
        'it was returned to the requester',
        '已退回申请人',
      );
    st.kind = 'complete';
    if (isDelegate(l, actor)) {
      st.kind = 'resolve';
      st.owner = attrs.delegatedBy as string;
      return resolveDelegation(c, l, actor, 'approved', input);
    }
    const stack = Array.isArray(attrs.returnTo) ? (attrs.returnTo as string[]) : [];
    if (stack.length) {
      st.kind = 'pass';
      const passTo = (st.passTo = stack[stack.length - 1]!);
      return {
        type: 'batch',
        events: [
          { type: 'setVariables', variables: decision(c, l, actor, 'approved', comment), by: actor.userId },
          {
            type: 'updateTask',
            tokenId: l.token.id,
            changes: {
              assignee: passTo,
              attributes: {
                returnTo: stack.length > 1 ? stack.slice(0, -1) : null,
                actedBy: actedBy(l, actor),
              },
            },
            by: actor.userId,
            action: 'approve',
            ...(comment ? { comment } : {}),
            data: { ...historyData(l, actor, input), outcome: 'approved', next: passTo },
          },
        ],
      };
    }
    const data = historyData(l, actor, input, attrs.delegation ? { delegation: attrs.delegation } : {});
    return {
      type: 'completeTask',
      tokenId: l.token.id,
      outcome: 'approved',
      by: actor.userId,
      action: 'approve',
      ...(comment ? { comment } : {}),
      ...(data ? { data } : {}),
      variables: { ...variables, ...decision(c, l, actor, 'approved', comment) },
      localVariables: { outcome: 'approved', ...(comment ? { comment } : {}) },
    };
  });
  const { kind, passTo, owner } = st;
  if (kind === 'pass' && passTo) {
    const title = notices.backToYou({ ...(await stepNames(c, located)), who: await actorName(c, actor) });
    await notify(c, taskNotice(passTo, title, taskId, `pass.${located.token.task!.version}`));
  }
  if (kind === 'resolve' && owner) await notifyDelegationBack(c, located, actor, owner, 'approved');
  await auditTask(c, actor, kind === 'resolve' ? 'delegate-resolve' : 'approve', located, {
    outcome: 'approved',
    comment: input.comment,
    onBehalfOf: onBehalfOf(located, actor),
    attachments: input.attachments?.length,
    next: passTo,
  });
  return actionResult(
    taskId,
    view,
    kind === 'complete' ? 'approved' : kind === 'pass' ? 'passed-on' : 'resolved',
  );
}
