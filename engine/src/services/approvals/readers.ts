// Who reads a request, as field permissions see them (request-views.ts `Reader`): the requester
// reads it as the `requester` step; an approver as the steps they hold or held; anyone else who
// may see it (CC'd, a delegate's principal) as any approval step would; an administrator reads all.
import { holderOf, requesterOf, type ApprovalActor } from '#engine/core/approvals/access.ts';
import { REQUESTER_STEP } from '#engine/core/approvals/field-access.ts';
import type { InstanceState } from '#engine/core/flows/instance.ts';
import type { ProcessModel } from '#engine/core/flows/model.ts';
import type { Reader } from './request-views.ts';

export function readerOf(
  doc: Pick<InstanceState, 'tokens' | 'history' | 'variables' | 'startedBy'>,
  model: Pick<ProcessModel, 'elements'> | null,
  actor: ApprovalActor,
): Reader {
  const base = { userId: actor.userId, roles: actor.roles };
  if (requesterOf(doc) === actor.userId) return { ...base, steps: [REQUESTER_STEP] };
  if (actor.admin) return { ...base, steps: [], all: true };
  const steps = new Set<string>();
  for (const t of Object.values(doc.tokens))
    if (t.task && holderOf(t.task, actor, requesterOf(doc))) steps.add(t.elementId);
  for (const h of doc.history)
    if (h.by === actor.userId && h.elementId && (h.type === 'task.completed' || h.type === 'task.updated'))
      steps.add(h.elementId);
  if (steps.size === 0 && model)
    for (const el of Object.values(model.elements)) if (el.type === 'userTask') steps.add(el.id);
  return { ...base, steps: [...steps] };
}
